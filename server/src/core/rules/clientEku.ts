import { EKU_ANY, EKU_CLIENT_AUTH } from '../go/x509';
import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert } from './util';
import { t } from '../l10n';

/** K10: a client certificate whose extended key usage list leaves out clientAuth. */
export const clientEku: HostRule = {
  code: 'certsd/client-eku',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A client certificate has an extended key usage list without clientAuth.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      const eku = c.cert.extKeyUsage;
      if (c.use !== 'client' || !eku || eku.includes(EKU_CLIENT_AUTH) || eku.includes(EKU_ANY)) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The client certificate is not allowed for client authentication (no clientAuth usage)'),
        message: t('Client certificate {0} is not allowed for client authentication (its extended key usage lacks clientAuth): the registry will refuse it with {1}. Reissue it with extendedKeyUsage = clientAuth.', describeCert(c.cert), '"remote error: tls: bad certificate"'),
      });
    }
  },
};
