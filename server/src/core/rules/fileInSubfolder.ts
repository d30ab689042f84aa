import * as path from 'node:path';
import { FileSystemView, isFsError } from '../fsview';
import { ZERO_RANGE } from '../findings';
import { CertsdRoot, HostDir, isCertsdFileName, readEntries } from '../tree';
import { HostRule } from './rule';
import { t } from '../l10n';

/** Findings listed per sub-folder; the rest are counted in one more. */
const MAX_LISTED = 50;

/**
 * Is the host folder inside the root once every link is resolved? A host folder may be a link (to
 * another host folder, say); one that leads out of the tree (to `/`, to /proc) is not looked into:
 * listing every folder one level down from there reads nothing of the user's. Without a way to
 * resolve links the answer is no.
 */
export function hostStaysInTree(fs: FileSystemView, root: CertsdRoot, host: HostDir): boolean {
  if (!fs.realPath) return false;
  try {
    const realRoot = fs.realPath(root.path);
    const realHost = fs.realPath(host.path);
    const rel = path.relative(realRoot, realHost);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch (e) {
    if (isFsError(e)) return false;
    throw e;
  }
}

/** Files in sub-folders of a host folder are never read. */
export const fileInSubfolder: HostRule = {
  code: 'certsd/file-in-subfolder',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A file sits in a sub-folder of a host folder, where no engine looks.',
  check({ root, host, cache, report }) {
    if (!host.entries.some((e) => e.type === 'directory' && !isCertsdFileName(e.name))) return;
    if (!hostStaysInTree(cache.fs, root, host)) return;
    for (const e of host.entries) {
      // A folder named *.crt/.cert/.key is a read error, reported by read-error. Links to folders are not followed.
      if (e.type !== 'directory' || isCertsdFileName(e.name)) continue;
      const files = readEntries(cache.fs, e.path).entries.filter((child) => child.type !== 'directory');
      for (const child of files.slice(0, MAX_LISTED)) {
        // Only a regular file with a name the engines read is opened, for its first line (capped, never a pipe or device).
        const range = child.type === 'file' && isCertsdFileName(child.name) ? cache.file(child.path).firstLine : ZERO_RANGE;
        report({
          path: child.path,
          range,
          summary: t('{0} is in a sub-folder of the host folder, which the engines never read', `${e.name}/${child.name}`),
          message: t('{0} is in a sub-folder of {1}, and the engines read only the files directly in {1}: move it up.', `${e.name}/${child.name}`, host.name),
        });
      }
      if (files.length > MAX_LISTED) {
        report({
          path: e.path,
          range: ZERO_RANGE,
          summary: t('{0} more files in the sub-folder {1} are never read', files.length - MAX_LISTED, e.name),
          message: t('{0} holds {1} more files than the {2} listed, all in a sub-folder of {3}, where the engines do not look.', e.name, files.length - MAX_LISTED, MAX_LISTED, host.name),
        });
      }
    }
  },
};
