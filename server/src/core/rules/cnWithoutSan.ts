import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert, hostOf } from './util';
import { t } from '../l10n';

/** A Common Name that names a host (`reg.example.com`, `10.0.0.5`), not an authority (`Acme Root CA`). */
function namesAHost(cn: string): boolean {
  return /^[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9-]+)+$/.test(cn) || /^localhost$/i.test(cn);
}

/**
 * C9: a server certificate trusted as a root, with a Common Name but no subjectAltName. Also a
 * self-signed one with CA:TRUE, as `openssl req -x509 -subj /CN=host` makes by default: the
 * registry presents that very certificate, and Go checks the host name against it.
 */
export const cnWithoutSan: HostRule = {
  code: 'certsd/cn-without-san',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A server certificate in a .crt has a Common Name but no subject alternative names.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      if (c.use !== 'anchor' || !c.cert.commonName || c.cert.sans !== undefined) continue;
      if (c.cert.isCA && !(c.cert.selfIssued && namesAHost(c.cert.commonName))) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate names its host only in the Common Name, without a subjectAltName'),
        message: t('Certificate {0} names its host only in the Common Name. If the registry presents it, Go refuses it with {1}: reissue it with a subjectAltName for {2}.', describeCert(c.cert), '"x509: certificate relies on legacy Common Name field, use SANs instead"', hostOf(ctx.host.name)),
      });
    }
  },
};
