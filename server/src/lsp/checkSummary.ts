/** certsd/checked's summary: what the language status item shows ("certs.d: 3 folders, 2 errors"). */
import { findRelease, defaultRelease } from '../core/engines/releases';
import { ENGINE_NAMES } from '../core/tree';
import { CheckSummary } from '../protocol';
import { CertsdWorkspace } from './workspace';

export function checkSummary(ws: CertsdWorkspace, totals: { errors: number; warnings: number }): CheckSummary {
  const engines = new Set<string>();
  let hostFolders = 0;
  let docker = false;
  for (const r of ws.roots.values()) {
    hostFolders += r.hosts.size;
    const engine = r.root.engine;
    docker ||= engine === 'docker';
    const wanted = engine === 'docker' ? ws.settings.dockerRelease : engine === 'containerd' ? ws.settings.containerdRelease : undefined;
    const release = findRelease(engine, wanted) ?? defaultRelease(engine);
    engines.add(`${ENGINE_NAMES[engine]} ${release.release}`);
  }
  const store = docker ? ws.dockerStore() : undefined;
  return {
    roots: ws.roots.size,
    hostFolders,
    errors: totals.errors,
    warnings: totals.warnings,
    engines: [...engines].sort(),
    ...(store ? { dockerStore: { store: store.store, assumed: store.assumed, ...(store.from ? { from: store.from } : {}) } } : {}),
  };
}
