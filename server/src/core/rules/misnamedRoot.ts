import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { RootRule } from './rule';
import { renameFix } from './util';
import { t } from '../l10n';

/** `cert.d`, `certs`: the root must be called certs.d. */
export const misnamedRoot: RootRule = {
  code: 'certsd/misnamed-root',
  severity: 'error',
  scope: 'root',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A folder laid out like certs.d has another name, so no engine reads it.',
  check({ root, cache, report }) {
    if (!root.misnamed) return;
    const name = path.basename(root.path);
    report({
      path: root.path,
      range: ZERO_RANGE,
      summary: t('{0} is not named certs.d, so the engines never read it', name),
      message: t('{0} is laid out like a certs.d folder, but the engines only read a folder named certs.d (e.g. /etc/docker/certs.d): rename it to certs.d.', name),
      fixes: renameFix(cache, root.path, 'certs.d'),
    });
  },
};
