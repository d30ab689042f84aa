import { ZERO_RANGE } from '../findings';
import { HostRule } from './rule';
import { isDirLike } from '../tree';
import { engineFails } from './util';

/** F2, F6, P7, P8: a file or folder the engine cannot read (a folder named *.crt, a dangling link, permissions). */
export const readError: HostRule = {
  code: 'certsd/read-error',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'The engine cannot read a file (or the host folder) and refuses the registry.',
  check({ load, host, actor, cache, report }) {
    for (const err of load.errors) {
      if (err.kind !== 'read' && err.kind !== 'read-dir') continue;
      const entry = host.entries.find((e) => e.path === err.path);
      // A path hosts.toml names that is no file (missing, a folder, the folder itself for an empty
      // key): reported at the path in hosts.toml by certsd/hosts-toml-file, nothing to show here.
      const code = cache.file(err.path).readError?.code;
      if (load.hostsToml && !entry && (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')) continue;
      let advice = 'Make it readable by the user the engine runs as, or remove it.';
      if (entry && isDirLike(entry)) advice = 'A folder cannot have a certificate extension: rename or remove it.';
      else if (entry?.target === 'missing') advice = 'The symbolic link points to a file that does not exist: fix or remove the link.';
      else if (cache.file(err.path).readError?.code === 'ELOOP' || / too many levels of symbolic links$/.test(err.message)) {
        advice = 'The symbolic link loops back on itself (directly or through other links): point it at the real file, or remove it.';
      }
      const range = err.kind === 'read' ? cache.file(err.path).firstLine : undefined;
      report({
        path: err.path,
        range: range ?? ZERO_RANGE,
        message: `${engineFails(actor, err.message, load)}. ${advice}`,
      });
    }
    // podman skips a dangling .crt link with a warning; say so.
    for (const ca of load.caFiles) {
      if (!ca.skipped) continue;
      report({
        path: ca.entry.path,
        range: ZERO_RANGE,
        severity: 'warning',
        message: `Podman skips ${ca.entry.name}: the symbolic link points to a file that does not exist. Fix or remove the link.`,
      });
    }
  },
};
