/** One verdict shape for both sides, and where two verdicts differ. */

export interface Verdict {
  ok: boolean;
  /** The loader's error, paths under the certs.d root written `<root>/...`. */
  error: string | null;
  systemRoots: boolean;
  /** SHA-256 of the pool's certificates (sorted: a CertPool has no order anyone observes). */
  cas: string[];
  /** SHA-256 of each client leaf, in tls.Config.Certificates order. */
  clients: string[];
  /** containerd: a hosts.toml was decoded and replaced the loose files. */
  hostsToml?: boolean;
  /** containerd with a decoded hosts.toml: each host tried, in order, as one comparable line. */
  hosts?: string[];
}

interface HostLine {
  host: string;
  scheme: string;
  path: string;
  capabilities: string[];
  skipVerify?: boolean;
  systemRoots: boolean;
  cas?: string[];
  caCertificates?: string[];
  clients?: string[];
  clientCertificates?: string[];
}

/** One host of containerd's list as text: where requests go, what for, and with which TLS material. */
function hostLine(h: HostLine): string {
  const cas = [...(h.cas ?? h.caCertificates ?? [])].sort().map((x) => x.slice(0, 8));
  const clients = (h.clients ?? h.clientCertificates ?? []).map((x) => x.slice(0, 8));
  return `${h.scheme}://${h.host}${h.path} [${h.capabilities.join(',')}]${h.skipVerify ? ' skip-verify' : ''}${h.systemRoots ? ' +system' : ''} ca=${cas.join('/')} client=${clients.join('/')}`;
}

/** One line of the Go harness's output (test/conformance/harness/README.md). */
export interface HarnessLine {
  loader: string;
  host: string;
  dir: string | null;
  ok: boolean;
  error: string | null;
  systemRoots: boolean;
  cas: string[];
  clients: string[];
  godebug?: string;
  log?: { level: string; msg: string; fields?: Record<string, unknown> }[];
  hosts?: unknown[];
}

/** What our `certsd check --format json` says of one loader run (formatJson.ts). */
export interface OurLoad {
  ok: boolean;
  error?: string;
  systemRoots: boolean;
  hostsToml: boolean;
  caCertificates: string[];
  clientCertificates: string[];
  hosts?: HostLine[];
}

export type Field = 'ok' | 'error' | 'systemRoots' | 'cas' | 'clients' | 'hostsToml' | 'hosts';

/** Paths in error texts: every alias of the root the loader was pointed at becomes `<root>`. */
export function normalizePaths(text: string | null, roots: string[]): string | null {
  if (text === null) return null;
  let out = text;
  for (const r of [...roots].sort((a, b) => b.length - a.length)) out = out.split(r).join('<root>');
  return out;
}

export function ourVerdict(load: OurLoad, roots: string[]): Verdict {
  return {
    ok: load.ok,
    error: load.ok ? null : normalizePaths(load.error ?? '', roots),
    systemRoots: load.systemRoots,
    cas: [...load.caCertificates].sort(),
    clients: load.clientCertificates,
    hostsToml: load.hostsToml,
    hosts: load.hosts?.map(hostLine),
  };
}

/**
 * containerd logs `failed to decode` and falls back to the loose files instead of failing; a
 * hosts.toml it decoded (non-empty) takes over. `hasHostsToml`: the folder holds a non-empty one.
 */
export function goVerdict(line: HarnessLine, roots: string[], hasHostsToml: boolean): Verdict {
  const decodeFailed = (line.log ?? []).some((l) => /failed to decode/.test(l.msg));
  return {
    ok: line.ok,
    error: line.ok ? null : normalizePaths(line.error ?? '', roots),
    systemRoots: line.systemRoots,
    cas: [...line.cas].sort(),
    clients: line.clients,
    hostsToml: line.loader.includes('containerd') ? hasHostsToml && !decodeFailed : false,
    hosts: line.loader.includes('containerd') && hasHostsToml && !decodeFailed ? (line.hosts as HostLine[] | null)?.map(hostLine) : undefined,
  };
}

/**
 * The fields on which two verdicts differ. A failed load gives the engine no TLS configuration at
 * all, so when both fail only the error is compared; a decoded hosts.toml is compared host by host.
 */
export function differences(ours: Verdict, theirs: Verdict): Field[] {
  const out: Field[] = [];
  if (ours.ok !== theirs.ok) return ['ok'];
  if (!ours.ok) return ours.error === theirs.error ? [] : ['error'];
  if ((ours.hostsToml ?? false) !== (theirs.hostsToml ?? false)) return ['hostsToml'];
  if (ours.hostsToml && (ours.hosts ?? []).join('\n') !== (theirs.hosts ?? []).join('\n')) out.push('hosts');
  if (ours.systemRoots !== theirs.systemRoots) out.push('systemRoots');
  if (ours.cas.join() !== theirs.cas.join()) out.push('cas');
  if (ours.clients.join() !== theirs.clients.join()) out.push('clients');
  return out;
}

export function describeVerdict(v: Verdict): string {
  if (!v.ok) return `fails: ${v.error}`;
  if (v.hostsToml) return `hosts.toml decoded (loose files not loaded): ${(v.hosts ?? []).join(' | ')}`;
  const short = (h: string) => h.slice(0, 8);
  return `ok: ${v.cas.length} CA [${v.cas.map(short).join(' ')}]${v.systemRoots ? ' + system roots' : ''}, ${v.clients.length} client [${v.clients.map(short).join(' ')}]`;
}
