import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert } from './util';
import { t } from '../l10n';
import { formatDate } from '../dates';

/** C7: a certificate whose validity starts in the future (often a clock problem). */
export const notYetValid: HostRule = {
  code: 'certsd/not-yet-valid',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A certificate is not valid yet.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      if (c.cert.notBefore <= ctx.settings.now) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate is not valid before {0}', formatDate(c.cert.notBefore)),
        message: t("Certificate {0} is not valid before {1}: until then verification fails with {2}. Check this machine's clock, or the certificate's dates.", describeCert(c.cert), formatDate(c.cert.notBefore), '"x509: certificate has expired or is not yet valid"'),
      });
    }
  },
};
