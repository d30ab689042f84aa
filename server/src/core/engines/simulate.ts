/**
 * Each engine's certs.d loader, step by step as its source does it (see spec/engine-rules.md):
 * - docker: moby registry.ReadCertsDirectory (filepath.Ext, first error aborts);
 * - podman: containers/image tlsclientconfig.SetupCertificates (strings.HasSuffix, dangling .crt skipped);
 * - containerd: remotes/docker/config loadCertFiles + updateTLSConfigFromHost (key optional, strict CAs).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { FactsCache, FileFacts } from '../facts';
import { decodeHostsToml, DroppedHost, HostsTomlDialect, hostsTomlDialect, TomlHost, TomlRange } from './hostsToml';
import { goPathError, goQuote } from '../fsview';
import { appendCertsFromPEM, KeyPairResult, x509KeyPair } from '../go/tls';
import { Engine, HostDir, HostEntry } from '../tree';

export type LoadErrorKind = 'read-dir' | 'read' | 'missing-key' | 'missing-cert' | 'key-pair' | 'ca-unusable';

export interface CaFileOutcome {
  entry: HostEntry;
  /** CERTIFICATE blocks that became trust anchors. */
  added: number;
  /** podman: a dangling link is skipped with a warning. */
  skipped?: boolean;
}

export interface PairOutcome {
  cert: HostEntry;
  keyPath?: string;
  ok: boolean;
  /** tls.X509KeyPair's full result: kept while the folder is checked, dropped afterwards. */
  result?: KeyPairResult;
}

export interface TomlHostLoad {
  host: TomlHost;
  systemRoots: boolean;
  caCertificates: string[];
  clientCertificates: string[];
}

export interface LoadError {
  kind: LoadErrorKind;
  /** The engine's own error, verbatim. */
  message: string;
  /** The file the error is about (the host folder for read-dir). */
  path: string;
}

export interface LoadResult {
  engine: Engine;
  ok: boolean;
  /** The error the engine returns: the first one met in directory order. */
  error?: string;
  /**
   * Every error met, in order. The engine stops at the first; the simulation goes on so that one
   * pass can report every file that would stop it once the earlier ones are fixed.
   */
  errors: LoadError[];
  /** Files with at least one CA certificate / with none, and client pairs. Zero when the load fails. */
  caRoots: number;
  ignoredCaFiles: number;
  clientPairs: number;
  /** A .crt was read, so the pool starts from the system roots. */
  systemRoots: boolean;
  /** Every .crt looked at, up to the error if any. */
  caFiles: CaFileOutcome[];
  pairs: PairOutcome[];
  /** SHA-256 (hex) of each certificate the pool gained, once each as Go's CertPool keeps them. Empty when the load fails. */
  caCertificates: string[];
  /** SHA-256 (hex) of each client pair's leaf, in the order tls.Config.Certificates gets them. Empty when the load fails. */
  clientCertificates: string[];
  /** containerd: a hosts.toml was decoded, so loose files are not loaded. */
  hostsToml: boolean;
  /** containerd: the hosts.toml did not decode (containerd logs "failed to decode" and uses the loose files). */
  hostsTomlError?: string;
  /** Where in hosts.toml the decode failed, when known. */
  hostsTomlErrorRange?: TomlRange;
  /** containerd with a decoded hosts.toml: each host to try, in order; the counts above are the last one's (`server`). */
  tomlHosts?: TomlHostLoad[];
  /** containerd with a decoded hosts.toml: hosts the file describes that are never tried. */
  tomlDropped?: DroppedHost[];
  /** containerd: how its release line (and its Go) reads hosts.toml. */
  hostsTomlDialect?: HostsTomlDialect;
}

function emptyResult(engine: Engine): LoadResult {
  return { engine, ok: true, errors: [], caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, systemRoots: false, caFiles: [], pairs: [], hostsToml: false, caCertificates: [], clientCertificates: [] };
}

function fail(r: LoadResult, kind: LoadErrorKind, message: string, path: string): void {
  r.errors.push({ kind, message, path });
}

/** A failed load gives the engine no TLS configuration at all: nothing counts. */
function finish(r: LoadResult): LoadResult {
  if (r.errors.length === 0) return r;
  return { ...r, ok: false, error: r.errors[0].message, caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, caCertificates: [], clientCertificates: [] };
}

export function missingKeyError(engine: 'docker' | 'podman', key: string, cert: string): string {
  return engine === 'docker'
    ? `missing key ${key} for client certificate ${cert}. CA certificates must use the extension .crt`
    : `missing key ${key} for client certificate ${cert}. Note that CA certificates should use the extension .crt`;
}

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** x509.CertPool.AddCert: a certificate already in the pool is not added twice. */
function addToPool(r: LoadResult, certs: { cert: { der: Buffer } }[]): void {
  for (const { cert } of certs) {
    const sum = sha256Hex(cert.der);
    if (!r.caCertificates.includes(sum)) r.caCertificates.push(sum);
  }
}

function addClient(r: LoadResult, result: KeyPairResult): void {
  if (result.ok) {
    r.clientPairs++;
    r.clientCertificates.push(sha256Hex(result.leaf.der));
  }
}

function countCa(r: LoadResult, outcome: CaFileOutcome): void {
  r.caFiles.push(outcome);
  if (outcome.skipped) return;
  if (outcome.added > 0) r.caRoots++;
  else r.ignoredCaFiles++;
}

/** filepath.Ext: the suffix from the final dot. */
export function goExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}

/** docker and podman: the shared shape of ReadCertsDirectory / SetupCertificates. */
function loadDockerLike(host: HostDir, cache: FactsCache, engine: 'docker' | 'podman'): LoadResult {
  const r = emptyResult(engine);
  if (host.readError) {
    if (host.readError.code === 'ENOENT') return r;
    // containers/image skips a folder it may not read; moby returns the error.
    if (engine === 'podman' && (host.readError.code === 'EACCES' || host.readError.code === 'EPERM')) return r;
    fail(r, 'read-dir', goPathError(host.readError, host.path), host.path);
    return finish(r);
  }
  const names = new Set(host.entries.map((e) => e.name));
  const hasExt = engine === 'docker' ? (n: string, ext: string) => goExt(n) === ext : (n: string, ext: string) => n.endsWith(ext);

  for (const e of host.entries) {
    if (hasExt(e.name, '.crt')) {
      const file = cache.file(e.path);
      if (file.readError) {
        // podman: "Dangling symbolic link?" -> logrus.Warnf and continue.
        if (engine === 'podman' && file.readError.code === 'ENOENT') {
          countCa(r, { entry: e, added: 0, skipped: true });
          continue;
        }
        fail(r, 'read', goPathError(file.readError, e.path), e.path);
        continue;
      }
      r.systemRoots = true;
      // moby: the result of AppendCertsFromPEM is ignored, so a file without certificates is silently useless.
      const { added } = appendCertsFromPEM(file);
      addToPool(r, added);
      countCa(r, { entry: e, added: added.length });
    } else if (hasExt(e.name, '.cert')) {
      const keyName = e.name.slice(0, -'.cert'.length) + '.key';
      if (!names.has(keyName)) {
        fail(r, 'missing-key', missingKeyError(engine, keyName, e.name), e.path);
        continue;
      }
      const keyPath = path.join(host.path, keyName);
      const err = readBoth(cache.file(e.path), cache.file(keyPath));
      if (err) {
        fail(r, 'read', err.message, err.path);
        continue;
      }
      const result = x509KeyPair(cache.file(e.path), cache.file(keyPath));
      r.pairs.push({ cert: e, keyPath, ok: result.ok, result });
      addClient(r, result);
      if (!result.ok) fail(r, 'key-pair', result.error, result.blame === 'cert' ? e.path : keyPath);
    } else if (hasExt(e.name, '.key')) {
      const certName = e.name.slice(0, -'.key'.length) + '.cert';
      if (!names.has(certName)) fail(r, 'missing-cert', `missing client certificate ${certName} for key ${e.name}`, e.path);
    }
  }
  return finish(r);
}

/** tls.LoadX509KeyPair reads the certificate, then the key; the first error is returned as is. */
function readBoth(cert: FileFacts, key: FileFacts): { message: string; path: string } | undefined {
  for (const f of [cert, key]) if (f.readError) return { message: goPathError(f.readError, f.path), path: f.path };
  return undefined;
}

/**
 * containerd updateTLSConfigFromHost for one host: its `ca` files into a pool started from the
 * system roots (AppendCertsFromPEM must add something), then its client pairs (a pair without a
 * key reads the key from the certificate file). Errors and pairs go to `r`; the host's own pool,
 * counts and leaves come back in a result of their own.
 */
function updateTlsFromHost(r: LoadResult, caCerts: HostEntry[] | undefined, pairs: { cert: HostEntry; keyPath?: string }[], cache: FactsCache): LoadResult {
  const t = emptyResult('containerd');
  if (caCerts) t.systemRoots = true;
  for (const e of caCerts ?? []) {
    const file = cache.file(e.path);
    if (file.readError) {
      fail(r, 'read', `unable to read CA cert ${goQuote(e.path)}: ${goPathError(file.readError, e.path)}`, e.path);
      continue;
    }
    const { added } = appendCertsFromPEM(file);
    addToPool(t, added);
    countCa(t, { entry: e, added: added.length });
    // Unlike moby, containerd checks AppendCertsFromPEM's result.
    if (added.length === 0) fail(r, 'ca-unusable', `unable to load CA cert ${goQuote(e.path)}`, e.path);
  }
  for (const p of pairs) {
    const certFile = cache.file(p.cert.path);
    const keyFile = p.keyPath ? cache.file(p.keyPath) : certFile;
    const unreadable = [certFile, keyFile].find((f) => f.readError);
    if (unreadable) {
      fail(r, 'read', `unable to read CERT file ${goQuote(unreadable.path)}: ${goPathError(unreadable.readError!, unreadable.path)}`, unreadable.path);
      continue;
    }
    const result = x509KeyPair(certFile, keyFile);
    r.pairs.push({ cert: p.cert, keyPath: p.keyPath, ok: result.ok, result });
    addClient(t, result);
    if (!result.ok) fail(r, 'key-pair', `failed to load X509 key pair: ${result.error}`, result.blame === 'cert' || !p.keyPath ? p.cert.path : p.keyPath);
  }
  return t;
}

/**
 * containerd loadCertFiles: every `.crt` (not a real folder) as a CA file, every `.cert` as a
 * client certificate with the `.key` of the same name when os.Stat finds it, else with no key
 * (the key is then read from the `.cert` itself).
 */
export function containerdLooseFiles(host: HostDir, cache: FactsCache): { caCerts: HostEntry[]; pairs: { cert: HostEntry; keyPath?: string }[] } {
  const caCerts: HostEntry[] = [];
  const pairs: { cert: HostEntry; keyPath?: string }[] = [];
  for (const e of host.entries) {
    // loadCertFiles skips f.IsDir(): a real folder, not a symlink to one.
    if (e.type === 'directory') continue;
    if (e.name.endsWith('.crt')) caCerts.push(e);
    if (e.name.endsWith('.cert')) {
      const keyPath = path.join(host.path, e.name.slice(0, -'.cert'.length) + '.key');
      const keyFile = cache.file(keyPath);
      // os.Stat(keyFile) == nil: the key exists (an unreadable one fails later, on read).
      const exists = !keyFile.readError || (keyFile.readError.code !== 'ENOENT' && keyFile.readError.code !== 'ENOTDIR');
      pairs.push({ cert: e, keyPath: exists ? keyPath : undefined });
    }
  }
  return { caCerts, pairs };
}

function loadContainerd(host: HostDir, cache: FactsCache, lineDialect: HostsTomlDialect): LoadResult {
  const r = emptyResult('containerd');
  // url.Parse's urlstrictcolons follows the engine's Go, as the certificate parsers do.
  const dialect: HostsTomlDialect = { ...lineDialect, urlStrictColons: cache.goOptions.urlStrictColons };
  r.hostsTomlDialect = dialect;
  if (host.readError) {
    if (host.readError.code === 'ENOENT') return r;
    // loadHostDir reads hosts.toml first; in a folder it may not enter, that read is what fails.
    const hostsToml = path.join(host.path, 'hosts.toml');
    fail(r, 'read-dir', host.readError.code === 'EACCES' ? goPathError(host.readError, hostsToml) : goPathError(host.readError, host.path), host.path);
    return finish(r);
  }
  if (host.entries.some((e) => e.name === 'hosts.toml')) {
    const toml = cache.file(path.join(host.path, 'hosts.toml'));
    if (toml.readError && toml.readError.code !== 'ENOENT') {
      fail(r, 'read', goPathError(toml.readError, toml.path), toml.path);
      return finish(r);
    }
    // loadHostDir: an empty hosts.toml falls back to the loose files, and so does one that does not
    // decode (logged); one that decodes replaces them with the files it names.
    if (toml.data && toml.data.length > 0) {
      const decoded = decodeHostsToml(toml.data.toString('utf8'), host.path, dialect);
      if (decoded.ok) {
        r.tomlDropped = decoded.dropped;
        return loadTomlHosts(r, host, decoded.hosts, cache);
      }
      r.hostsTomlError = decoded.error;
      r.hostsTomlErrorRange = decoded.range;
    }
  }
  const { caCerts, pairs } = containerdLooseFiles(host, cache);
  // loadCertFiles leaves caCerts nil without a .crt: the host then has no TLS settings of its own.
  const tls = updateTlsFromHost(r, caCerts.length ? caCerts : undefined, pairs, cache);
  Object.assign(r, { systemRoots: tls.systemRoots, caCertificates: tls.caCertificates, clientCertificates: tls.clientCertificates, clientPairs: tls.clientPairs });
  Object.assign(r, { caRoots: tls.caRoots, ignoredCaFiles: tls.ignoredCaFiles, caFiles: tls.caFiles });
  return finish(r);
}

/** A pseudo entry for a file named in hosts.toml (it may live outside the host folder). */
function referenced(p: string): HostEntry {
  return { name: path.basename(p), path: p, type: 'file' };
}

/**
 * ConfigureHosts with a decoded hosts.toml: each host with its own TLS settings gets a pool started
 * from the system roots plus its `ca` files and its `client` pairs (updateTLSConfigFromHost); the
 * first failing file fails the whole lookup. The host without a name takes the registry's.
 */
function loadTomlHosts(r: LoadResult, hostDir: HostDir, hosts: TomlHost[], cache: FactsCache): LoadResult {
  r.hostsToml = true;
  r.tomlHosts = [];
  const server = hosts[hosts.length - 1];
  // ConfigureHosts fills in a host-less last entry as the registry itself, with every capability and
  // path /v2: top-level capabilities and override_path do nothing without a usable server (harness).
  if (server.host === '') {
    const capabilities = ['pull', 'resolve', 'push', ...(r.hostsTomlDialect?.referrers === false ? [] : ['referrers'])];
    hosts[hosts.length - 1] = { ...server, scheme: 'https', host: hostDir.name, path: '/v2', capabilities };
  }
  for (let i = 0; i < hosts.length; i++) {
    // ConfigureHosts: an http host with TLS settings tries https first (with an http fallback), unless on port 80.
    if (hosts[i].scheme === 'http' && hosts[i].explicitTLS && !/:80$/.test(hosts[i].host)) hosts[i] = { ...hosts[i], scheme: 'https' };
    const h = hosts[i];
    const tls = h.explicitTLS
      ? updateTlsFromHost(r, h.caCerts?.map(referenced), (h.clientPairs ?? []).map(([cert, key]) => ({ cert: referenced(cert), keyPath: key || undefined })), cache)
      : emptyResult('containerd');
    r.tomlHosts.push({ host: h, systemRoots: tls.systemRoots, caCertificates: tls.caCertificates, clientCertificates: tls.clientCertificates });
    // Every host's CA files are the rules' to judge; the counts at the top level are the last host's (the registry itself).
    r.caFiles.push(...tls.caFiles);
    if (i === hosts.length - 1) {
      const { systemRoots, caCertificates, clientCertificates, clientPairs, caRoots, ignoredCaFiles } = tls;
      Object.assign(r, { systemRoots, caCertificates, clientCertificates, clientPairs, caRoots, ignoredCaFiles });
    }
  }
  return finish(r);
}

/** `containerd`: the containerd release line whose hosts code reads the folder (hostsToml.ts). */
export function simulateLoad(host: HostDir, engine: Engine, cache: FactsCache, dialect: HostsTomlDialect = hostsTomlDialect('2.4')): LoadResult {
  return engine === 'containerd' ? loadContainerd(host, cache, dialect) : loadDockerLike(host, cache, engine);
}
