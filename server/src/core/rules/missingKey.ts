import * as path from 'node:path';
import { HostRule } from './rule';
import { engineFails } from './util';
import { t } from '../l10n';

/** K1: `X.cert` without `X.key`. Most often a CA certificate saved with the wrong extension. */
export const missingKey: HostRule = {
  code: 'certsd/missing-key',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman'],
  description: 'A client certificate (.cert) has no private key (.key) of the same base name.',
  check({ load, actor, cache, report }) {
    for (const err of load.errors) {
      if (err.kind !== 'missing-key') continue;
      const file = cache.file(err.path);
      const name = path.basename(err.path);
      const base = name.slice(0, -'.cert'.length);
      report({
        path: err.path,
        range: file.firstLine,
        summary: t('The whole folder is refused: client certificate {0} has no key {1}', name, `${base}.key`),
        message: t('{0}. Put the private key for {1} beside it as {2}, or rename it to {3} if it is a CA certificate.', engineFails(actor, err.message, load), name, `${base}.key`, `${base}.crt`),
      });
    }
  },
};
