/**
 * containerd's certs.d loader, as its hosts code reads a host folder when a registry is looked up
 * (ConfigureHosts: loadHostDir, then loadCertFiles or the decoded hosts.toml, then
 * updateTLSConfigFromHost per host). containerd 2.x: core/remotes/docker/config/hosts.go; 1.7:
 * remotes/docker/config/hosts.go (the same steps, the TLS part inline in ConfigureHosts).
 * Docker's containerd image store runs this code for pulls and pushes.
 */
import * as path from 'node:path';
import { FactsCache } from '../facts';
import { decodeHostsToml, HostsTomlDialect, TomlHost } from './hostsToml';
import { goPathError, goQuote } from '../fsview';
import { appendCertsFromPEM, x509KeyPair } from '../go/tls';
import { HostDir, HostEntry } from '../tree';
import { addClient, addToPool, countCa, emptyResult, fail, finish, LoadResult } from './result';

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

export function loadContainerd(host: HostDir, cache: FactsCache, lineDialect: HostsTomlDialect): LoadResult {
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
