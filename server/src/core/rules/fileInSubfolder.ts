import { ZERO_RANGE } from '../findings';
import { isCertsdFileName, readEntries } from '../tree';
import { HostRule } from './rule';

/** Files in sub-folders of a host folder are never read. */
export const fileInSubfolder: HostRule = {
  code: 'certsd/file-in-subfolder',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A file sits in a sub-folder of a host folder, where no engine looks.',
  check({ host, cache, report }) {
    for (const e of host.entries) {
      // A folder named *.crt/.cert/.key is a read error, reported by read-error.
      if (e.type !== 'directory' || isCertsdFileName(e.name)) continue;
      for (const child of readEntries(cache.fs, e.path).entries) {
        if (child.type === 'directory') continue;
        report({
          path: child.path,
          range: child.type === 'file' ? cache.file(child.path).firstLine : ZERO_RANGE,
          message: `${e.name}/${child.name} is in a sub-folder of ${host.name}, and the engines read only the files directly in ${host.name}: move it up.`,
        });
      }
    }
  },
};
