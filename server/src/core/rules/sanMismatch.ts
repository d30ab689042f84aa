import { isIP } from 'node:net';
import { HostRule } from './rule';
import { blockRange, certificatesInUse, describeCert, hostOf } from './util';

function matches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  // Go: a wildcard covers exactly one leftmost label.
  if (p.startsWith('*.')) {
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot) === p.slice(1);
  }
  return false;
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
      const sans = c.cert.sans;
      if (c.use !== 'anchor' || c.cert.isCA || !sans || sans.length === 0) continue;
      const ok = isIP(host) ? sans.includes(host) : sans.some((s) => matches(s, host));
      if (ok) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        message: `Certificate ${describeCert(c.cert)} is valid for ${sans.join(', ')}, not ${host}. If the registry presents it, Go refuses it with "x509: certificate is valid for ${sans.join(', ')}, not ${host}".`,
      });
    }
  },
};
