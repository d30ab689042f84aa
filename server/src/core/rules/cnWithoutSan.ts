import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert } from './util';

/** C9: a server certificate trusted as a root, with a Common Name but no subjectAltName. */
export const cnWithoutSan: HostRule = {
  code: 'certsd/cn-without-san',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A server certificate in a .crt has a Common Name but no subject alternative names.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      if (c.use !== 'anchor' || c.cert.isCA || !c.cert.commonName || c.cert.sans !== undefined) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        message: `Certificate ${describeCert(c.cert)} names its host only in the Common Name. If the registry presents it, Go refuses it with "x509: certificate relies on legacy Common Name field, use SANs instead": reissue it with a subjectAltName for ${ctx.host.name.replace(/:\d+$/, '')}.`,
      });
    }
  },
};
