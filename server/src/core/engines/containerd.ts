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
import { isContainerdLocalhost, portOf } from '../go/net';
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

/**
 * ConfigureHosts fills in a host-less last entry (no `server`, or no hosts.toml) as the registry
 * looked up, with path /v2 and every capability (top-level capabilities and override_path do nothing
 * without a server): docker.io is registry-1.docker.io over https; a local registry
 * (docker.IsLocalhost) is https on no port or 443 and http on any other, and on every port but 80
 * gets skip_verify = true, over what the file says; any other registry is https.
 */
export function fillRegistryHost(entry: TomlHost, registry: string, referrers: boolean): TomlHost {
  const capabilities = ['pull', 'resolve', 'push', ...(referrers ? ['referrers'] : [])];
  const filled = { ...entry, scheme: 'https', host: registry, path: '/v2', capabilities };
  if (registry === 'docker.io') return { ...filled, host: 'registry-1.docker.io' };
  if (!isContainerdLocalhost(registry)) return filled;
  const port = portOf(registry);
  const scheme = port === '' || port === '443' ? 'https' : 'http';
  return port === '80' ? { ...filled, scheme } : { ...filled, scheme, skipVerify: true, explicitTLS: true };
}

/** ConfigureHosts: an http host with TLS settings tries https first (with an http fallback), unless on port 80. */
export function upgradeHttp(h: TomlHost): TomlHost {
  return h.scheme === 'http' && h.explicitTLS && portOf(h.host) !== '80' ? { ...h, scheme: 'https' } : h;
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
  // The check of one folder looks the registry up by the folder's name, as the conformance harness does.
  if (server.host === '') hosts[hosts.length - 1] = fillRegistryHost(server, hostDir.name, r.hostsTomlDialect?.referrers !== false);
  for (let i = 0; i < hosts.length; i++) {
    hosts[i] = upgradeHttp(hosts[i]);
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
