import * as path from 'node:path';
import { isFsError } from '../fsview';
import { HostRule } from './rule';
import { t } from '../l10n';

/** A private key readable by group or others. */
export const keyPermissions: HostRule = {
  code: 'certsd/key-permissions',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A private key file can be read by users other than its owner.',
  check({ host, load, cache, report }) {
    if (process.platform === 'win32') return;
    const keys = host.entries.filter((e) => e.name.endsWith('.key')).map((e) => ({ name: e.name, path: e.path }));
    // Key files a hosts.toml names, wherever they are and whatever they are called.
    for (const { host: h } of load.tomlHosts ?? []) {
      for (const [, key] of h.clientPairs ?? []) if (key && !keys.some((k) => k.path === key)) keys.push({ name: path.basename(key), path: key });
    }
    for (const e of keys) {
      let mode: number;
      try {
        const st = cache.fs.stat(e.path);
        if (st.type !== 'file') continue;
        mode = st.mode;
      } catch (err) {
        if (isFsError(err)) continue;
        throw err;
      }
      if ((mode & 0o077) === 0) continue;
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        summary: t('Private key {0} is readable by other users', e.name),
        message:
          mode & 0o007
            ? t('{0} is a private key readable by every user (mode {1}): run chmod 600 on it.', e.name, (mode & 0o777).toString(8).padStart(4, '0'))
            : t('{0} is a private key readable by its group (mode {1}): run chmod 600 on it.', e.name, (mode & 0o777).toString(8).padStart(4, '0')),
      });
    }
  },
};
