/**
 * Go's net.SplitHostPort and net.IP.IsLoopback, and containerd's docker.IsLocalhost built on them
 * (core/remotes/docker/resolver.go in 2.x, remotes/docker/resolver.go in 1.7): which registries
 * ConfigureHosts treats as local. Checked against this machine's Go by the conformance suite's
 * Go-model section (test/unit/goNet.test.ts records the cases).
 */
import { goParseIP } from './x509';

export type SplitHostPort = { host: string; port: string } | { error: string };

/** net.SplitHostPort: `host:port`, `[v6]:port`; the error text is Go's AddrError. */
export function splitHostPort(hostport: string): SplitHostPort {
  // AddrError.Error: the address is left out when it is empty.
  const fail = (why: string): SplitHostPort => ({ error: hostport ? `address ${hostport}: ${why}` : why });
  const i = hostport.lastIndexOf(':');
  if (i < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== i) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) return fail("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return fail("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** The port SplitHostPort gives, or '' when it fails (as containerd's `_, port, _ :=` reads it). */
export function portOf(hostport: string): string {
  const s = splitHostPort(hostport);
  return 'error' in s ? '' : s.port;
}

/** net.ParseIP(s).IsLoopback(): 127.0.0.0/8 (also IPv4-mapped) or ::1; false for what ParseIP refuses. */
export function isLoopbackText(s: string): boolean {
  const ip = goParseIP(s);
  if (!ip) return false;
  const v4mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (v4mapped) return ip[12] === 127;
  return ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
}

/**
 * containerd's docker.IsLocalhost(host): the host part when SplitHostPort splits it (else the whole
 * text) is `localhost` or a loopback IP. `[::1]` without a port is not: SplitHostPort fails on it,
 * and ParseIP refuses the brackets.
 */
export function isContainerdLocalhost(host: string): boolean {
  const s = splitHostPort(host);
  const h = 'error' in s ? host : s.host;
  return h === 'localhost' || isLoopbackText(h);
}
