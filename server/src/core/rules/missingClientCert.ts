import * as path from 'node:path';
import { HostRule } from './rule';
import { contentRole, engineFails, renameFix } from './util';
import { t } from '../l10n';

/** K2: `X.key` without `X.cert`: a client certificate saved as `.crt`, or a stray server key. */
export const missingClientCert: HostRule = {
  code: 'certsd/missing-client-cert',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman'],
  description: 'A private key (.key) has no client certificate (.cert) of the same base name.',
  check({ load, host, actor, cache, report }) {
    for (const err of load.errors) {
      if (err.kind !== 'missing-cert') continue;
      const name = path.basename(err.path);
      const base = name.slice(0, -'.key'.length);
      const crt = host.entries.find((e) => e.name === `${base}.crt`);
      const crtRole = crt ? contentRole(cache.file(crt.path)) : undefined;
      let advice: string;
      let fixes = undefined;
      if (crt && crtRole === 'client-cert') {
        advice = t('{0} is a client certificate: rename it to {1} so that it pairs with {2}.', `${base}.crt`, `${base}.cert`, name);
        fixes = renameFix(cache, crt.path, `${base}.cert`);
      } else if (crt) {
        // server-key says the same, and supersedes this finding.
        advice = t("{0} is no client certificate, so {1} is most likely the registry's own key: clients never need it. Delete it.", `${base}.crt`, name);
      } else if (host.entries.some((e) => e.name === `${base}.csr`)) {
        advice = t("{0} is waiting to be signed: put the certificate the registry's administrator sends back here as {1}. Until then, move {2} out of this folder so that pulls work.", `${base}.csr`, `${base}.cert`, name);
      } else {
        advice = t('Add the client certificate as {0}, or remove {1}.', `${base}.cert`, name);
      }
      report({ path: err.path, range: cache.file(err.path).firstLine, summary: t('The whole folder is refused: key {0} has no client certificate {1}', name, `${base}.cert`), message: t('{0}. {1}', engineFails(actor, err.message, load), advice), fixes });
    }
  },
};
