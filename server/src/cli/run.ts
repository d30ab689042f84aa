/** Resolve the paths to check, then check every root found. */
import * as path from 'node:path';
import { CheckEnv, CheckOptions, checkRoot, RootReport } from '../core/check';
import { isFsError } from '../core/fsview';
import { findRoots, RootLocation, standardRoots } from '../core/roots';
import { Engine } from '../core/tree';
import { UsageError } from './args';

export interface CheckRun {
  /** The forced engine, the one engine every root uses, or "mixed". */
  engine: Engine | 'mixed';
  roots: RootReport[];
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

export function runCheck(locations: RootLocation[], env: CheckEnv, options: CheckOptions, engine?: Engine): CheckRun {
  const roots = locations.map((l) => checkRoot(l, env, options));
  const engines = new Set(locations.map((l) => l.engine));
  return { engine: engine ?? (engines.size === 1 ? [...engines][0] : engines.size === 0 ? 'docker' : 'mixed'), roots };
}
