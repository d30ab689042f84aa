/**
 * What the suite compares: each of our profiles (engine@release, Docker's storage, which verdict)
 * against the engine's real loader in the Go harness, run with the GODEBUG defaults of the `go`
 * line of that engine's main module (server/src/core/engines/releases.ts).
 */
import { DockerStore, EngineRelease, findRelease } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';

export interface Target {
  /** Column name in reports: `docker@29 (graph drivers)`. */
  id: string;
  engine: Engine;
  release: EngineRelease;
  dockerStore?: DockerStore;
  /** Which verdict of our JSON report: pulls and pushes, or `docker login`. */
  field: 'load' | 'login';
  /** Harness binary (one Go module per engine family) and loader name. */
  module: string;
  loader: string;
}

const MODULE_OF: Record<string, string> = {
  docker28: 'docker28',
  docker29: 'docker29',
  'docker29-containerd-store': 'docker29',
  podman: 'podman',
  containerd2: 'containerd2',
  containerd17: 'containerd17',
};

function release(engine: Engine, r: string): EngineRelease {
  const found = findRelease(engine, r);
  if (!found) throw new Error(`releases.ts has no ${engine}@${r}`);
  return found;
}

function target(id: string, engine: Engine, rel: string, loaderOf: (r: EngineRelease) => string | undefined, extra: Partial<Target> = {}): Target {
  const r = release(engine, rel);
  const loader = loaderOf(r);
  if (!loader) throw new Error(`${engine}@${rel}: no harness loader`);
  return { id, engine, release: r, field: 'load', module: MODULE_OF[loader], loader, ...extra };
}

export const TARGETS: Target[] = [
  target('docker@29 (graph drivers)', 'docker', '29', (r) => r.harness, { dockerStore: 'graphdriver' }),
  target('docker@29 login', 'docker', '29', (r) => r.harness, { dockerStore: 'containerd', field: 'login' }),
  target('docker@29 (containerd store)', 'docker', '29', (r) => r.containerdHarness, { dockerStore: 'containerd' }),
  target('docker@28 (graph drivers)', 'docker', '28', (r) => r.harness, { dockerStore: 'graphdriver' }),
  target('podman@6', 'podman', '6', (r) => r.harness),
  target('podman@5', 'podman', '5', (r) => r.harness),
  target('containerd@2', 'containerd', '2', (r) => r.harness),
  target('containerd@1.7', 'containerd', '1.7', (r) => r.harness),
];

/** Our CLI runs once per distinct (engine@release, store); a target reads one field of that run. */
export function cliRunKey(t: Target): string {
  return `${t.engine}@${t.release.release}/${t.dockerStore ?? '-'}`;
}
