/**
 * The TLS configuration an engine builds for one registry reference, from our simulation of its
 * loader (engines.ts simulateLoad): the system roots its Go reads (systemRoots.ts) plus the CA
 * certificates the folder gave the pool, the client pairs in tls.Config.Certificates order, and,
 * for containerd, every host of hosts.toml in the order it tries them. Plus the decisions taken
 * before any file is read: Docker Hub and loopback registries under moby, containerd's localhost
 * default (skip verification, try HTTPS then HTTP).
 */
import * as path from 'node:path';
import { FactsCache } from '../facts';
import { FileSystemView, nodeFileSystem } from '../fsview';
import { LoadResult, PairOutcome } from '../engines/result';
import { simulateLoad } from '../engines/simulate';
import { GoCertPool } from '../go/certPool';
import { goDefaults, GoParseOptions } from '../go/godebug';
import { decodeHostsToml, hostsTomlDialect, TomlHost } from '../engines/hostsToml';
import { encodePem } from '../go/pem';
import { DockerStoreInfo, EngineRelease } from '../engines/releases';
import { Engine, readHostDir } from '../tree';
import { appendCertsFromPEM } from '../go/tls';
import { ClientChain } from './clientCertificate';
import { Aborted } from './connect';
import { chooseFolder, DOCKER_HUB, DOCKER_HUB_API, FolderChoice, isLocalhost, isLoopbackIp, Reference } from './reference';
import { RootsFs, SystemRoots, systemRoots } from './systemRoots';

export interface ClientPair extends ClientChain {
  certPath: string;
  keyPath: string;
  /** The chain and the key as node:tls takes them. Never logged, never in a report. */
  certPem: string;
  keyPem: string;
  sha256: string;
}

export interface ProbeEndpoint {
  /** host[:port] as in the URL the engine requests. */
  host: string;
  hostname: string;
  port: number;
  scheme: 'https' | 'http';
  path: string;
  /** A hosts.toml `[host."..."]` entry (a mirror), the registry itself, or moby's plain-HTTP fallback. */
  role: 'mirror' | 'registry' | 'fallback';
  /** RootCAs: the system roots, plus the folder's CA certificates when it has any. */
  pool: GoCertPool;
  skipVerify: boolean;
  clients: ClientPair[];
  /** containerd NewHTTPFallback: HTTPS first, plain HTTP after a TLS-looking failure. */
  httpFallback: boolean;
  /** Why the engine set this endpoint up this way, when it is not plain "read the folder". */
  notes: string[];
}

export interface EngineConfig {
  engine: Engine;
  release: EngineRelease;
  dockerStore?: DockerStoreInfo;
  /** Whose code reads the folder for pulls: containerd's for Docker with the containerd image store. */
  loader: Engine;
  go: GoParseOptions;
  /** GODEBUG tlssha1 (Go < 1.25 defaults): SHA-1 signature schemes in TLS 1.2. */
  tlsSha1: boolean;
  roots: string[];
  folder: FolderChoice & { read: boolean; skipped?: 'docker-hub' | 'loopback' };
  load?: LoadResult;
  /** The engine builds no TLS configuration at all: its error, verbatim. */
  error?: string;
  endpoints: ProbeEndpoint[];
  systemRoots: SystemRoots;
}

export interface BuildOptions {
  ref: Reference;
  engine: Engine;
  release: EngineRelease;
  dockerStore?: DockerStoreInfo;
  roots: string[];
  fs?: FileSystemView;
  env?: NodeJS.ProcessEnv;
  /** Name resolution for moby's loopback test (net.LookupIP); undefined answers count as "not loopback". */
  lookup?: (hostname: string) => Promise<string[]>;
  /** Cancels the probe: the name lookup is not waited for (throws Aborted). */
  signal?: AbortSignal;
}

function goMinor(go: string): number {
  return Number(/^1\.(\d+)/.exec(go)?.[1] ?? 26);
}

function splitHost(host: string, scheme: string): { hostname: string; port: number } {
  const v6 = /^\[(.+)\](?::(\d+))?$/.exec(host);
  if (v6) return { hostname: v6[1], port: v6[2] ? Number(v6[2]) : scheme === 'http' ? 80 : 443 };
  const i = host.lastIndexOf(':');
  if (i > 0 && /^\d+$/.test(host.slice(i + 1))) return { hostname: host.slice(0, i), port: Number(host.slice(i + 1)) };
  return { hostname: host, port: scheme === 'http' ? 80 : 443 };
}

function endpoint(host: string, scheme: 'https' | 'http', pool: GoCertPool, extra: Partial<ProbeEndpoint> = {}): ProbeEndpoint {
  return { host, ...splitHost(host, scheme), scheme, path: '/v2', role: 'registry', pool, skipVerify: false, clients: [], httpFallback: false, notes: [], ...extra };
}

/** RootCAs: the system pool plus each CA file's certificates, in load order (AppendCertsFromPEM). */
function poolOf(system: GoCertPool, caFiles: string[] | undefined, cache: FactsCache): GoCertPool {
  if (!caFiles) return system;
  const pool = system.clone();
  for (const file of caFiles) {
    const facts = cache.file(file);
    if (facts.readError) continue;
    for (const { cert } of appendCertsFromPEM(facts).added) if (cert.go) pool.add(cert.go, { kind: 'folder', path: file });
  }
  return pool;
}

/** The pair as tls.Config.Certificates holds it, from the simulation's X509KeyPair result. */
function clientPair(p: PairOutcome, cache: FactsCache): ClientPair | undefined {
  const r = p.result;
  if (!r || !r.ok || !r.leaf.go || !r.key.go) return undefined;
  const certFile = cache.file(p.cert.path);
  const blocks = certFile.blocks.filter((b) => b.type === 'CERTIFICATE');
  return {
    certPath: p.cert.path,
    keyPath: p.keyPath ?? p.cert.path,
    chain: blocks.map((b) => b.bytes),
    leaf: r.leaf.go,
    parsedRest: blocks.slice(1).map((b) => {
      const c = certFile.certificate(b);
      return c.ok && c.value.go ? c.value.go : c.ok ? 'unparsed' : c.error;
    }),
    key: { type: r.key.type, bits: r.key.bits, curve: r.key.curve },
    certPem: blocks.map((b) => encodePem('CERTIFICATE', b.bytes)).join(''),
    keyPem: encodePem(r.keyBlock.type, r.keyBlock.bytes),
    sha256: r.leaf.x509.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/** The pairs whose leaves are `hashes`, in that order (tls.Config.Certificates), among `pairs`. */
function pairsFor(hashes: string[], pairs: PairOutcome[], cache: FactsCache): ClientPair[] {
  const all = pairs.map((p) => clientPair(p, cache)).filter((p): p is ClientPair => !!p);
  return hashes.map((h) => all.find((p) => p.sha256 === h)).filter((p): p is ClientPair => !!p);
}

/**
 * ConfigureHosts' default for the host without a name (no hosts.toml, or one without `server`):
 * docker.io -> registry-1.docker.io; localhost and loopback IPs skip verification and, on a port
 * other than 443, are tried over HTTPS first and then HTTP.
 */
function containerdDefault(ref: Reference, pool: GoCertPool, hasTls: boolean): ProbeEndpoint {
  if (ref.hostPort === 'docker.io') return endpoint(DOCKER_HUB_API, 'https', pool);
  if (isLocalhost(ref.hostname)) {
    const port = ref.port ?? '';
    const e = endpoint(ref.hostPort, port === '' || port === '443' ? 'https' : 'http', pool);
    if (port !== '80') {
      e.skipVerify = true;
      e.notes.push(`containerd skips TLS verification for ${ref.hostname} (a loopback registry) unless hosts.toml names a server for it`);
    }
    if (e.scheme === 'http' && (e.skipVerify || hasTls) && port !== '80') {
      e.scheme = 'https';
      e.httpFallback = true;
      e.notes.push('containerd tries HTTPS first and falls back to plain HTTP after a TLS error');
    }
    return e;
  }
  return endpoint(ref.hostPort, 'https', pool);
}

function containerdEndpoints(o: BuildOptions, load: LoadResult, folderPath: string | undefined, sys: GoCertPool, cache: FactsCache): ProbeEndpoint[] {
  if (!load.hostsToml || !load.tomlHosts || !folderPath) {
    const pool = poolOf(sys, load.systemRoots ? load.caFiles.filter((f) => f.added > 0).map((f) => f.entry.path) : undefined, cache);
    const e = containerdDefault(o.ref, pool, load.systemRoots || load.clientCertificates.length > 0);
    e.clients = pairsFor(load.clientCertificates, load.pairs, cache);
    return [e];
  }
  // The original schemes: the simulation already turned `http` hosts with TLS settings into https.
  const text = cache.file(path.join(folderPath, 'hosts.toml')).text;
  const decoded = decodeHostsToml(text, folderPath, hostsTomlDialect(o.release.containerd ?? '2.4'));
  const original: TomlHost[] = decoded.ok ? decoded.hosts : [];
  const folderName = path.basename(folderPath);
  return load.tomlHosts.map((h, i) => {
    const last = i === load.tomlHosts!.length - 1;
    const pool = poolOf(sys, h.host.explicitTLS ? h.host.caCerts : undefined, cache);
    // This host's own pairs: another host may load the same certificate from another file.
    const own = new Set((h.host.clientPairs ?? []).map(([cert]) => cert));
    const clients = pairsFor(h.clientCertificates, load.pairs.filter((p) => own.has(p.cert.path)), cache);
    if (last && h.host.name === undefined && original[i]?.host === '' && h.host.host === folderName) {
      // No `server`: the registry's own endpoint, with ConfigureHosts' defaults.
      const e = containerdDefault(o.ref, pool, h.host.explicitTLS);
      // The loopback default sets skip_verify over what the top level says (ConfigureHosts runs after parseHostsFile).
      if (h.host.skipVerify !== undefined && !e.skipVerify) e.skipVerify = h.host.skipVerify;
      e.clients = clients;
      return e;
    }
    const e = endpoint(h.host.host, h.host.scheme === 'http' ? 'http' : 'https', pool, { path: h.host.path, role: last ? 'registry' : 'mirror', clients, skipVerify: h.host.skipVerify ?? false });
    if (original[i]?.scheme === 'http' && e.scheme === 'https') {
      e.httpFallback = true;
      e.notes.push(`hosts.toml says http://${h.host.host} with TLS settings: containerd tries HTTPS first, then plain HTTP`);
    }
    return e;
  });
}

/** moby's Service: Docker Hub and insecure (loopback) registries never have their folder read. */
async function mobySkip(ref: Reference, lookup: BuildOptions['lookup'], signal: AbortSignal | undefined): Promise<'docker-hub' | 'loopback' | undefined> {
  if (DOCKER_HUB.has(ref.hostPort)) return 'docker-hub';
  if (ref.hostname === 'localhost' || isLoopbackIp(ref.hostname)) return 'loopback';
  // isSecureIndex resolves the name: one that resolves to a loopback address is insecure too.
  if (!lookup) return undefined;
  if (signal?.aborted) throw new Aborted();
  const addrs = await unlessAborted(lookup(ref.hostname).catch(() => []), signal);
  return addrs.some(isLoopbackIp) ? 'loopback' : undefined;
}

/** `p`, or Aborted as soon as `signal` is. */
function unlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function buildEngineConfig(o: BuildOptions): Promise<EngineConfig> {
  const fs = o.fs ?? nodeFileSystem;
  const env = o.env ?? process.env;
  const go = goDefaults(o.release.go);
  const loader: Engine = o.engine === 'docker' && o.dockerStore?.store === 'containerd' ? 'containerd' : o.engine;
  const sys = systemRoots(env, go, fs as RootsFs);
  const base = { engine: o.engine, release: o.release, dockerStore: o.dockerStore, loader, go, tlsSha1: goMinor(o.release.go) < 25, roots: o.roots, systemRoots: sys };

  if (loader === 'docker') {
    const skipped = await mobySkip(o.ref, o.lookup, o.signal);
    if (skipped === 'docker-hub') {
      return { ...base, folder: { tried: [], read: false, skipped }, endpoints: [endpoint(DOCKER_HUB_API, 'https', sys.pool, { notes: ['Docker connects to registry-1.docker.io for Docker Hub and never reads certs.d for it'] })] };
    }
    if (skipped === 'loopback') {
      const note = `Docker treats ${o.ref.hostname} as an insecure registry: it does not verify the certificate and never reads certs.d for it`;
      const pool = sys.pool;
      return {
        ...base,
        folder: { tried: [], read: false, skipped },
        endpoints: [endpoint(o.ref.hostPort, 'https', pool, { skipVerify: true, notes: [note] }), endpoint(o.ref.hostPort, 'http', pool, { role: 'fallback', notes: ['Docker tries plain HTTP when HTTPS fails'] })],
      };
    }
  }

  const folder = chooseFolder(fs, loader, o.ref, loader === 'docker' ? o.roots.slice(0, 1) : o.roots);
  const cache = new FactsCache(fs, go);
  let load: LoadResult | undefined;
  if (folder.path) {
    load = simulateLoad(readHostDir(fs, path.dirname(folder.path), path.basename(folder.path)), loader, cache, hostsTomlDialect(o.release.containerd ?? '2.4'));
    if (!load.ok) return { ...base, folder: { ...folder, read: true }, load, error: load.error, endpoints: [] };
  }
  const empty: LoadResult = { engine: loader, ok: true, errors: [], caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, systemRoots: false, caFiles: [], pairs: [], hostsToml: false, caCertificates: [], clientCertificates: [] };
  const l = load ?? empty;
  let endpoints: ProbeEndpoint[];
  if (loader === 'containerd') endpoints = containerdEndpoints(o, l, folder.path, sys.pool, cache);
  else {
    const pool = poolOf(sys.pool, l.systemRoots ? l.caFiles.filter((f) => f.added > 0).map((f) => f.entry.path) : undefined, cache);
    const host = loader === 'podman' && o.ref.hostPort === 'docker.io' ? DOCKER_HUB_API : o.ref.hostPort;
    endpoints = [endpoint(host, 'https', pool, { clients: pairsFor(l.clientCertificates, l.pairs, cache) })];
  }
  return { ...base, folder: { ...folder, read: !!folder.path }, load, endpoints };
}
