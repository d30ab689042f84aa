/**
 * Each engine's certs.d loader, step by step as its source does it (see spec/engine-rules.md), one
 * file per loader:
 * - docker and podman: dockerLike.ts (moby's loadTLSConfig / ReadCertsDirectory, containers/image's
 *   SetupCertificates);
 * - containerd: containerd.ts (loadHostDir, loadCertFiles, updateTLSConfigFromHost, hosts.toml);
 * - what they make of a folder: result.ts (LoadResult).
 */
import { FactsCache } from '../facts';
import { Engine, HostDir } from '../tree';
import { loadContainerd } from './containerd';
import { loadDockerLike } from './dockerLike';
import { HostsTomlDialect, hostsTomlDialect } from './hostsToml';
import { LoadResult } from './result';

/** `containerd`: the containerd release line whose hosts code reads the folder (hostsToml.ts). */
export function simulateLoad(host: HostDir, engine: Engine, cache: FactsCache, dialect: HostsTomlDialect = hostsTomlDialect('2.4')): LoadResult {
  return engine === 'containerd' ? loadContainerd(host, cache, dialect) : loadDockerLike(host, cache, engine);
}
