import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert } from './util';
import { t } from '../l10n';

/** SHA-1 and MD5 signatures: Go has refused to verify them since 1.18. */
export const weakSignature: HostRule = {
  code: 'certsd/weak-signature',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A certificate is signed with SHA-1 or MD5.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      const hash = c.cert.signatureHash;
      if (hash !== 'SHA-1' && hash !== 'MD5') continue;
      // A root's own signature is never checked; anything Go has to verify is refused.
      const effect =
        c.use === 'anchor' && c.cert.selfIssued
          ? t("a root's own signature is not checked, but certificates it signs the same way are refused")
          : t('Go refuses to verify it ({0})', '"x509: cannot verify signature: insecure algorithm"');
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate is signed with the weak algorithm {0}', c.cert.signatureName),
        message: t('Certificate {0} is signed with {1}: {2}. Reissue it with SHA-256.', describeCert(c.cert), c.cert.signatureName, effect),
      });
    }
  },
};
