/** Reads the `certsd.*` settings from the client, with defaults and sanity checks. */
import * as path from 'node:path';
import { Connection } from 'vscode-languageserver';
import { DOCKER_STORES, DockerStoreChoice, findRelease } from '../core/engines/releases';
import { RootsSetting } from '../core/roots';
import { Engine } from '../core/tree';
import { CertsdSettings, DEFAULT_SETTINGS, KEY_ALGORITHMS, Settings } from '../protocol';

export async function readSettings(connection: Connection): Promise<CertsdSettings> {
  const raw = ((await connection.workspace.getConfiguration(Settings.section)) ?? {}) as Partial<Record<keyof CertsdSettings, unknown>>;
  const engine = raw.engine;
  const days = raw.expiryWarningDays;
  const alg = raw.defaultKeyAlgorithm;
  return {
    engine: engine === 'docker' || engine === 'podman' || engine === 'containerd' || engine === 'auto' ? engine : DEFAULT_SETTINGS.engine,
    expiryWarningDays: typeof days === 'number' && Number.isFinite(days) && days >= 0 ? Math.floor(days) : DEFAULT_SETTINGS.expiryWarningDays,
    defaultKeyAlgorithm: KEY_ALGORITHMS.includes(alg as never) ? (alg as CertsdSettings['defaultKeyAlgorithm']) : DEFAULT_SETTINGS.defaultKeyAlgorithm,
    extraRoots: Array.isArray(raw.extraRoots) ? raw.extraRoots.filter((r): r is string => typeof r === 'string' && path.isAbsolute(r)) : [],
    dockerStore: (DOCKER_STORES as readonly unknown[]).includes(raw.dockerStore) ? (raw.dockerStore as DockerStoreChoice) : DEFAULT_SETTINGS.dockerStore,
    dockerRelease: releaseSetting('docker', raw.dockerRelease),
    containerdRelease: releaseSetting('containerd', raw.containerdRelease),
    roots: rootsSetting(raw.roots),
  };
}

/** `{ containerd: [...], podman: [...] }`: absolute paths only, in the order given; anything else is dropped. */
export function rootsSetting(value: unknown): RootsSetting {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: RootsSetting = {};
  for (const engine of ['containerd', 'podman'] as const) {
    const list = (value as Record<string, unknown>)[engine];
    if (!Array.isArray(list)) continue;
    const roots = list.filter((r): r is string => typeof r === 'string' && path.isAbsolute(r)).map((r) => path.resolve(r));
    if (roots.length) out[engine] = roots;
  }
  return out;
}

/** A release the table has (`28`, `1.7`), else the newest: a typo must not stop the checks. */
function releaseSetting(engine: Engine, value: unknown): string {
  return typeof value === 'string' && findRelease(engine, value) ? value : 'latest';
}
