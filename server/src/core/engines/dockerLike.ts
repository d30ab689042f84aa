/**
 * moby's and containers/image's certs.d loaders: one pass over the host folder in directory order,
 * each `.crt` into the pool, each `.cert` with the `.key` of the same name as a client pair, a
 * `.key` without its `.cert` an error; the first error is the one returned.
 *
 * - docker 29: moby/moby/v2 daemon/pkg/registry/registry.go loadTLSConfig; docker 28:
 *   docker/docker registry/registry.go ReadCertsDirectory (the same steps). Extensions by
 *   filepath.Ext; the result of AppendCertsFromPEM is ignored.
 * - podman: containers/image pkg/tlsclientconfig/tlsclientconfig.go SetupCertificates. Extensions
 *   by strings.HasSuffix; a dangling `.crt` link is skipped with a warning; a folder it may not
 *   read is skipped.
 */
import * as path from 'node:path';
import { FactsCache, FileFacts } from '../facts';
import { goPathError } from '../fsview';
import { appendCertsFromPEM, x509KeyPair } from '../go/tls';
import { HostDir } from '../tree';
import { isContainerdLocalhost } from '../go/net';
import { addClient, addToPool, countCa, emptyResult, fail, finish, LoadResult } from './result';

export function missingKeyError(engine: 'docker' | 'podman', key: string, cert: string): string {
  return engine === 'docker'
    ? `missing key ${key} for client certificate ${cert}. CA certificates must use the extension .crt`
    : `missing key ${key} for client certificate ${cert}. Note that CA certificates should use the extension .crt`;
}

/**
 * moby's registry Service decides before any file is read (LookupPullEndpoints; newTLSConfig reads
 * certs.d only for a secure registry that is not Docker Hub): docker.io and index.docker.io are
 * registry-1.docker.io with the system roots; a registry whose host part is in the default insecure
 * CIDRs (127.0.0.0/8, ::1/128) is not verified at all. moby looks a name up by DNS there; here
 * `localhost` and address literals count, as containerd's IsLocalhost takes them (the conformance
 * suite's loopback cases hold both to the engines' code).
 */
export function mobySkips(registry: string): 'docker-hub' | 'loopback' | undefined {
  if (registry === 'docker.io' || registry === 'index.docker.io') return 'docker-hub';
  return isContainerdLocalhost(registry) ? 'loopback' : undefined;
}

/** What Docker's own loader does with a folder moby's Service never reads: nothing (see mobySkips). */
export function notReadByMoby(why: 'docker-hub' | 'loopback'): LoadResult {
  return { ...emptyResult('docker'), notRead: why };
}

/** filepath.Ext: the suffix from the final dot. */
export function goExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}

/** docker and podman: the shared shape of ReadCertsDirectory / SetupCertificates. */
export function loadDockerLike(host: HostDir, cache: FactsCache, engine: 'docker' | 'podman'): LoadResult {
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
