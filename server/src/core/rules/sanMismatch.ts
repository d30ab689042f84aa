import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert, hostOf } from './util';
import { CertFacts, goParseIP, ipEqual, ipString } from '../x509';

// Go's crypto/x509 verify.go (1.26), ported: validHostname, matchExactly, matchHostnames, toLowerCaseASCII.
const toLowerCaseASCII = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function validHostname(host: string, isPattern: boolean): boolean {
  if (!isPattern) host = host.endsWith('.') ? host.slice(0, -1) : host;
  if (host.length === 0 || host === '*') return false;
  return host.split('.').every((part, i) => {
    if (part === '') return false;
    if (isPattern && i === 0 && part === '*') return true;
    return [...part].every((c, j) => /[a-zA-Z0-9_]/.test(c) || (c === '-' && j !== 0));
  });
}

function matchExactly(a: string, b: string): boolean {
  if (a === '' || a === '.' || b === '' || b === '.') return false;
  return toLowerCaseASCII(a) === toLowerCaseASCII(b);
}

const splitHostname = (host: string) => toLowerCaseASCII(host.endsWith('.') ? host.slice(0, -1) : host).split('.');

function matchHostnames(pattern: string, hostParts: string[]): boolean {
  pattern = toLowerCaseASCII(pattern);
  if (pattern.length === 0 || hostParts.length === 0) return false;
  const parts = pattern.split('.');
  if (parts.length !== hostParts.length) return false;
  return parts.every((p, i) => (i === 0 && p === '*') || p === hostParts[i]);
}

/** Go's HostnameError.Error(), for a certificate that has the SAN extension. */
export function hostnameErrorText(cert: CertFacts, host: string): string {
  const MAX_NAMES_INCLUDED = 100;
  let valid: string;
  if (goParseIP(host)) {
    if (cert.ipAddresses.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    if (cert.ipAddresses.length >= MAX_NAMES_INCLUDED) return `x509: certificate is valid for ${cert.ipAddresses.length} IP SANs, but none matched ${host}`;
    valid = cert.ipAddresses.map(ipString).join(', ');
  } else {
    if (cert.dnsNames.length >= MAX_NAMES_INCLUDED) return `x509: certificate is valid for ${cert.dnsNames.length} names, but none matched ${host}`;
    valid = cert.dnsNames.join(', ');
  }
  if (valid.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}

/**
 * Go's Certificate.VerifyHostname: an IP address (also in [ ]) is matched against IP SANs only, a
 * name against DNS SANs only (RFC 6125 B.2). Returns Go's error text, or undefined when it matches.
 */
export function verifyHostname(cert: CertFacts, h: string): string | undefined {
  const candidateIP = h.length >= 3 && h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  const ip = goParseIP(candidateIP);
  if (ip) return cert.ipAddresses.some((c) => ipEqual(ip, c)) ? undefined : hostnameErrorText(cert, candidateIP);
  const candidateName = toLowerCaseASCII(h);
  const validName = validHostname(candidateName, false);
  const hostParts = splitHostname(candidateName);
  for (const match of cert.dnsNames) {
    if (validName && validHostname(match, true) ? matchHostnames(match, hostParts) : matchExactly(match, candidateName)) return undefined;
  }
  return hostnameErrorText(cert, h);
}

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
      const error = verifyHostname(c.cert, host);
      if (!error) continue;
      const names = [...c.cert.dnsNames.map((n) => `DNS:${n}`), ...c.cert.ipAddresses.map((ip) => `IP:${ipString(ip)}`)];
      const ip = goParseIP(host);
      // The address written as a DNS name: Go never compares it with an address.
      const asDns = ip && c.cert.dnsNames.some((n) => goParseIP(n) && ipEqual(goParseIP(n)!, ip));
      const advice = asDns ? ` It has ${host} only as a DNS name, and Go matches an IP address only against IP SANs: reissue it with IP:${host} in subjectAltName.` : '';
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        message: `Certificate ${describeCert(c.cert)} is valid for ${names.join(', ') || 'no host name or address'}, not ${host}. If the registry presents it, Go refuses it with "${error}".${advice}`,
      });
    }
  },
};
