import { HostRule } from './rule';
import { blockRange, certificatesInUse, daysBetween, describeCert } from './util';
import { t } from '../l10n';
import { formatDate } from '../dates';

/** Expires within the configured number of days (30 by default). */
export const expiring: HostRule = {
  code: 'certsd/expiring',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A certificate expires soon.',
  check(ctx) {
    const { now, expiryDays } = ctx.settings;
    for (const c of certificatesInUse(ctx)) {
      if (c.cert.notAfter < now || c.cert.notBefore > now) continue;
      const days = daysBetween(now, c.cert.notAfter);
      if (days >= expiryDays) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate expires on {0}', formatDate(c.cert.notAfter)),
        message:
          days === 1
            ? t('Certificate {0} expires in 1 day ({1}). Renew it before then.', describeCert(c.cert), formatDate(c.cert.notAfter))
            : t('Certificate {0} expires in {1} days ({2}). Renew it before then.', describeCert(c.cert), days, formatDate(c.cert.notAfter)),
      });
    }
  },
};
