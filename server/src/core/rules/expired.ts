import { HostRule } from './rule';
import { humanDuration } from '../duration';
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
          ? 'the registry will refuse it ("remote error: tls: bad certificate")'
          : 'verification fails with "x509: certificate has expired or is not yet valid"';
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate expired on {0}', formatDate(c.cert.notAfter)),
        message: `Certificate ${describeCert(c.cert)} expired ${days === 0 ? 'today' : `${humanDuration(c.cert.notAfter, now)} ago`} (${formatDate(c.cert.notAfter)}): ${effect}. Replace it.`,
      });
    }
  },
};
