import { HostRule } from './rule';
import { humanDuration } from '../duration';
import { LOCAL_UNITS } from '../durationText';
import { blockRange, certificatesInUse, daysBetween, describeCert } from './util';
import { t } from '../l10n';
import { formatDate } from '../dates';

/** C7, K10: an expired certificate still loads; the handshake then fails. */
export const expired: HostRule = {
  code: 'certsd/expired',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A certificate has expired.',
  check(ctx) {
    const now = ctx.settings.now;
    for (const c of certificatesInUse(ctx)) {
      if (c.cert.notAfter >= now) continue;
      const days = daysBetween(c.cert.notAfter, now);
      const effect =
        c.use === 'client'
          ? t('the registry will refuse it ({0})', '"remote error: tls: bad certificate"')
          : t('verification fails with {0}', '"x509: certificate has expired or is not yet valid"');
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate expired on {0}', formatDate(c.cert.notAfter)),
        message:
          days === 0
            ? t('Certificate {0} expired today ({1}): {2}. Replace it.', describeCert(c.cert), formatDate(c.cert.notAfter), effect)
            : t('Certificate {0} expired {1} ago ({2}): {3}. Replace it.', describeCert(c.cert), humanDuration(c.cert.notAfter, now, LOCAL_UNITS), formatDate(c.cert.notAfter), effect),
      });
    }
  },
};
