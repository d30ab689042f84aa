import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert } from './util';
import { t } from '../l10n';

/** C6: a server or intermediate certificate used as a trust anchor. Works, with caveats. */
export const nonCaRoot: HostRule = {
  code: 'certsd/non-ca-root',
  severity: 'information',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A .crt holds a certificate that is not a CA; Go accepts it as a trust anchor anyway.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      if (c.use !== 'anchor' || c.cert.isCA) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('A certificate that is not a CA is trusted as a root'),
        message: t('Certificate {0} is not a CA certificate. Go trusts it as a root anyway, so this works while the registry presents exactly this certificate; when it is renewed, pulls fail. Prefer the CA that issued it.', describeCert(c.cert)),
      });
    }
  },
};
