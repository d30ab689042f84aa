/** Resolve the paths to check, then check every root found. */
import * as path from 'node:path';
import { CheckEnv, CheckOptions, checkRoot, RootReport } from '../core/check';
import { applyOrders } from '../core/engines/orders';
import { isFsError } from '../core/fsview';
import { currentPlatform } from '../core/engines/hostFolders';
import { defaultRelease, findRelease } from '../core/engines/releases';
import { findRoots, LookupOrder, lookupOrders, RootLocation, RootsSetting, standardRoots } from '../core/roots';
import { Engine } from '../core/tree';
import { UsageError } from './args';

export interface CheckRun {
  /** The forced engine, the one engine every root uses, or "mixed". */
  engine: Engine | 'mixed';
  roots: RootReport[];
  /** Several roots read in order by one engine, among those checked. */
  orders: LookupOrder[];
}

/** `--root`/`--roots` name one engine's lookup order: containerd's config_path unless --engine podman. */
export function orderEngineOf(engine: Engine | undefined): 'containerd' | 'podman' {
  if (engine === 'docker') throw new UsageError('--root/--roots name the roots of containerd (config_path) or Podman in lookup order; Docker reads one root: name it as a PATH');
  return engine ?? 'containerd';
}

export function locateRoots(paths: string[], env: CheckEnv, engine?: Engine): RootLocation[] {
  if (paths.length === 0) {
    const existing = standardRoots().filter((r) => {
      try {
        return env.fs.stat(r.path).type === 'directory';
      } catch {
        return false;
      }
    });
    return existing.map((r) => ({ path: r.path, engine: engine ?? r.engine, engineFromPath: !engine, misnamed: false }));
  }
  const roots: RootLocation[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    try {
      env.fs.stat(abs);
    } catch (e) {
      if (isFsError(e)) throw new UsageError(`${p}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
      throw e;
    }
    const found = findRoots(env.fs, abs, engine);
    if (found.length === 0) throw new UsageError(`${p}: no certs.d folder here or below (looked for folders named certs.d, or laid out like one)`);
    for (const f of found) if (!roots.some((r) => r.path === f.path && r.onlyHost === f.onlyHost)) roots.push(f);
  }
  return roots;
}

/**
 * Checks every root, then what lookup orders hide: the standard places found among the roots, or
 * `setting` (from --root/--roots) for its engine.
 */
export function runCheck(locations: RootLocation[], env: CheckEnv, options: CheckOptions, engine?: Engine, setting: RootsSetting = {}): CheckRun {
  const roots = locations.map((l) => checkRoot(l, env, options));
  const engines = new Set(locations.map((l) => l.engine));
  const releases = {
    podman: findRelease('podman', options.releases?.podman) ?? defaultRelease('podman'),
    containerd: findRelease('containerd', options.releases?.containerd) ?? defaultRelease('containerd'),
  };
  // Only whole roots take part: a single host folder pointed at is not a root's full listing.
  const whole = locations.filter((l) => l.onlyHost === undefined).map((l) => l.path);
  const orders = lookupOrders(whole, releases, options.platform ?? currentPlatform(), setting, 'cli');
  applyOrders(roots, orders, env, options);
  return { engine: engine ?? (engines.size === 1 ? [...engines][0] : engines.size === 0 ? 'docker' : 'mixed'), roots, orders };
}
