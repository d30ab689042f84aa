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
 * forever; /dev/zero is read until the process dies with "fatal error: out of memory". `earlier`
 * names the file the engine already stops at (its first error) when that is another one: the
 * engine never gets to this file until that one is fixed, so the text says "would".
 */
function unreadFileMessage(e: FsError, actor: string, earlier: string | undefined): { summary: string; message: string; severity: 'error' | 'warning' } | undefined {
  const name = path.basename(e.path);
  switch (e.code) {
    case 'EFIFO':
      return {
        severity: 'error',
        summary: earlier === undefined ? t('{0} is a named pipe: the engine hangs reading it', name) : t('{0} is a named pipe: the engine would hang on it once {1} is fixed', name, earlier),
        message:
          earlier === undefined
            ? t('{0} is a named pipe (FIFO), not a file: {1} opens it to read it and waits until something writes to the pipe, so it hangs on this folder and pulls from this registry never finish. certsd does not open it. Replace it with the certificate file.', name, actor)
            : t('{0} is a named pipe (FIFO), not a file: once {1} is fixed, {2} would open it to read it and wait until something writes to the pipe, so it would hang on this folder and pulls from this registry would never finish. certsd does not open it. Replace it with the certificate file.', name, earlier, actor),
      };
    case 'EENDLESS': {
      const device = e.detail?.device ?? t('a device');
      return {
        severity: 'error',
        summary: t('{0} leads to a device that never ends', name),
        message:
          earlier === undefined
            ? t('{0} leads to {1}, which never ends: {2} reads it until it runs out of memory and dies with {3}. certsd does not read it. Replace it with the certificate file.', name, device, actor, '"fatal error: out of memory"')
            : t('{0} leads to {1}, which never ends: once {2} is fixed, {3} would read it until it runs out of memory and dies with {4}. certsd does not read it. Replace it with the certificate file.', name, device, earlier, actor, '"fatal error: out of memory"'),
      };
    }
    case 'EDEVICE': {
      const device = e.detail?.device ?? t('device');
      return {
        severity: 'error',
        summary: t('{0} is a device, not a file', name),
        message:
          earlier === undefined
            ? t('{0} is a {1}, not a file: {2} reads whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.', name, device, actor)
            : t('{0} is a {1}, not a file: once {2} is fixed, {3} would read whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.', name, device, earlier, actor),
      };
    }
    case 'EFBIG':
      return {
        severity: 'warning',
        summary: t('{0} was not checked: it is over the size certsd reads', name),
        message:
          e.detail?.size === undefined
            ? t('certsd did not check {0}: it is over the {1} MiB certsd reads (a certificate bundle is far smaller). {2} reads it whole: check it with openssl, or move it out if it does not belong here.', name, MAX_READ_BYTES / 1024 / 1024, actor)
            : t('certsd did not check {0}: it is {1} bytes, over the {2} MiB certsd reads (a certificate bundle is far smaller). {3} reads it whole: check it with openssl, or move it out if it does not belong here.', name, e.detail.size, MAX_READ_BYTES / 1024 / 1024, actor),
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
      // The engine stops at its first error: a file after it is one it has not reached.
      const first = load.errors[0];
      const unread = fileError && unreadFileMessage(fileError, actor, first && first !== err ? path.basename(first.path) : undefined);
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
