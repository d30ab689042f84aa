import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert, hostOf } from './util';
import { verifyHostname } from '../go/verify';
import { goParseIP, ipEqual, ipString } from '../go/x509';
import { t } from '../l10n';

/** C9: a server certificate trusted as a root whose names do not include the folder's host. */
export const sanMismatch: HostRule = {
  code: 'certsd/san-mismatch',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: "A server certificate in a .crt is not valid for the host folder's name.",
  check(ctx) {
    const host = hostOf(ctx.host.name);
    if (host === '_default') return;
    for (const c of certificatesInUse(ctx)) {
      // Without the SAN extension Go falls back to nothing: cn-without-san says so.
      if (c.use !== 'anchor' || c.cert.isCA || c.cert.sans === undefined) continue;
      // Go's Certificate.VerifyHostname (go/verify.ts), the same port the connection probe uses.
      const checked = verifyHostname(c.cert.go, host);
      if (checked.ok) continue;
      const error = checked.error;
      const names = [...c.cert.dnsNames.map((n) => `DNS:${n}`), ...c.cert.ipAddresses.map((ip) => `IP:${ipString(ip)}`)];
      const ip = goParseIP(host);
      // The address written as a DNS name: Go never compares it with an address.
      const asDns = ip && c.cert.dnsNames.some((n) => goParseIP(n) && ipEqual(goParseIP(n)!, ip));
      const advice = asDns ? t(' It has {0} only as a DNS name, and Go matches an IP address only against IP SANs: reissue it with {1} in subjectAltName.', host, `IP:${host}`) : '';
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate is not valid for {0}', host),
        message: t('Certificate {0} is valid for {1}, not {2}. If the registry presents it, Go refuses it with {3}.', describeCert(c.cert), names.join(', ') || t('no host name or address'), host, `"${error}"`) + advice,
      });
    }
  },
};
