import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { FsError, MAX_READ_BYTES } from '../fsview';
import { HostRule } from './rule';
import { isDirLike } from '../tree';
import { engineFails } from './util';
import { t } from '../l10n';

/**
 * What the engine does with a file certsd will not read (fsview.ts), in plain words. Seen with the
 * engines' own code (the conformance harness on such a tree): a named pipe blocks every loader
 * forever; /dev/zero is read until the process dies with "fatal error: out of memory".
 */
function unreadFileMessage(e: FsError, actor: string): { summary: string; message: string; severity: 'error' | 'warning' } | undefined {
  const name = path.basename(e.path);
  switch (e.code) {
    case 'EFIFO':
      return {
        severity: 'error',
        summary: t('{0} is a named pipe: the engine hangs reading it', name),
        message: t('{0} is a named pipe (FIFO), not a file: {1} opens it to read it and waits until something writes to the pipe, so it hangs on this folder and pulls from this registry never finish. certsd does not open it. Replace it with the certificate file.', name, actor),
      };
    case 'EENDLESS':
      return {
        severity: 'error',
        summary: t('{0} leads to a device that never ends', name),
        message: t('{0} leads to {1}, which never ends: {2} reads it until it runs out of memory and dies with {3}. certsd does not read it. Replace it with the certificate file.', name, e.detail?.device ?? t('a device'), actor, '"fatal error: out of memory"'),
      };
    case 'EDEVICE':
      return {
        severity: 'error',
        summary: t('{0} is a device, not a file', name),
        message: t('{0} is a {1}, not a file: {2} reads whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.', name, e.detail?.device ?? t('device'), actor),
      };
    case 'EFBIG':
      return {
        severity: 'warning',
        summary: t('{0} was not checked: it is over the size certsd reads', name),
        message: t('certsd did not check {0}: it is {1} bytes, over the {2} MiB certsd reads (a certificate bundle is far smaller). {3} reads it whole: check it with openssl, or move it out if it does not belong here.', name, e.detail?.size ?? t('more than'), MAX_READ_BYTES / 1024 / 1024, actor),
      };
  }
  return undefined;
}

/** F2, F6, P7, P8: a file or folder the engine cannot read (a folder named *.crt, a dangling link, permissions, a pipe). */
export const readError: HostRule = {
  code: 'certsd/read-error',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'The engine cannot read a file (or the host folder) and refuses the registry, or hangs on it (a named pipe, an endless device).',
  check({ load, host, actor, cache, report }) {
    for (const err of load.errors) {
      if (err.kind !== 'read' && err.kind !== 'read-dir') continue;
      const fileError = err.kind === 'read' ? cache.file(err.path).readError : undefined;
      const unread = fileError && unreadFileMessage(fileError, actor);
      if (unread) {
        report({ path: err.path, range: ZERO_RANGE, severity: unread.severity, summary: unread.summary, message: unread.message });
        continue;
      }
      const entry = host.entries.find((e) => e.path === err.path);
      // A path hosts.toml names that is no file (missing, a folder, the folder itself for an empty
      // key): reported at the path in hosts.toml by certsd/hosts-toml-file, nothing to show here.
      const code = cache.file(err.path).readError?.code;
      if (load.hostsToml && !entry && (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')) continue;
      let advice = t('Make it readable by the user the engine runs as, or remove it.');
      if (entry && isDirLike(entry)) advice = t('A folder cannot have a certificate extension: rename or remove it.');
      else if (entry?.target === 'missing') advice = t('The symbolic link points to a file that does not exist: fix or remove the link.');
      else if (fileError?.code === 'ENXIO') advice = t('It is a socket, not a file: replace it with the certificate file.');
      else if (fileError?.code === 'ELOOP' || / too many levels of symbolic links$/.test(err.message)) {
        advice = t('The symbolic link loops back on itself (directly or through other links): point it at the real file, or remove it.');
      }
      const range = err.kind === 'read' ? cache.file(err.path).firstLine : undefined;
      report({
        path: err.path,
        range: range ?? ZERO_RANGE,
        summary: t('The whole folder is refused: {0} cannot be read', path.basename(err.path)),
        message: t('{0}. {1}', engineFails(actor, err.message, load), advice),
      });
    }
    // podman skips a dangling .crt link with a warning; say so.
    for (const ca of load.caFiles) {
      if (!ca.skipped) continue;
      report({
        path: ca.entry.path,
        range: ZERO_RANGE,
        severity: 'warning',
        summary: t('{0} is a dangling symbolic link, so Podman skips it', ca.entry.name),
        message: t('Podman skips {0}: the symbolic link points to a file that does not exist. Fix or remove the link.', ca.entry.name),
      });
    }
  },
};
