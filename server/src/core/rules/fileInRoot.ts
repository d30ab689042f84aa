import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { RootRule } from './rule';
import { t } from '../l10n';

/** Files directly in the certs.d root are never read. */
export const fileInRoot: RootRule = {
  code: 'certsd/file-in-root',
  severity: 'warning',
  scope: 'root',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A file sits directly in the certs.d folder, where no engine looks: it belongs in a host folder.',
  check({ root, cache, report }) {
    if (root.onlyHosts !== undefined) return;
    const folders = root.hosts.map((h) => h.path);
    for (const e of root.strayFiles) {
      if (!/\.(crt|cert|key|pem|cer)$/i.test(e.name)) continue;
      report({
        path: e.path,
        range: e.type === 'file' ? cache.file(e.path).firstLine : ZERO_RANGE,
        summary: t('{0} is directly in the certs.d folder, where the engines read no file', e.name),
        message: t('{0} is directly in {1}, and the engines only read files inside a folder named after the registry ({2}): move it into one.', e.name, path.basename(root.path), `${path.basename(root.path)}/<host[:port]>/${e.name}`),
        fixes: folders.length ? [{ kind: 'move', title: t('Move into a host folder...'), from: e.path, folders }] : [],
      });
    }
  },
};
