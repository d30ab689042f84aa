/** Running the core on a test tree, and picking results out of its report. */
import * as assert from 'node:assert/strict';
import { checkRoot, CheckEnv, HostReport, RootReport } from '../../server/src/core/check';
import { LoadResult } from '../../server/src/core/engines/result';
import { Finding } from '../../server/src/core/findings';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { DockerStore } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { certsd, REGISTRY } from './fixtures';
import { TempTree, TreeSpec } from './tree';

export interface RunOptions {
  engine?: Engine;
  /** The injected clock; default: the real time. */
  now?: Date;
  expiryDays?: number;
  fs?: FileSystemView;
  /** Check only these host folders, as when the user points at them. */
  onlyHosts?: string[];
  /** Docker's storage; default graph drivers, so `docker` means moby's own loader. */
  dockerStore?: DockerStore;
  /** Engine releases (releases.ts); default the newest. */
  releases?: Partial<Record<Engine, string>>;
}

/** checkRoot on a certs.d folder, with the engine forced (not taken from the path). */
export function runCheck(rootPath: string, o: RunOptions = {}): RootReport {
  const now = o.now ?? new Date();
  const env: CheckEnv = { fs: o.fs ?? nodeFileSystem, now: () => now };
  const location = { path: rootPath, engine: o.engine ?? 'docker', engineFromPath: false, misnamed: false, onlyHosts: o.onlyHosts };
  return checkRoot(location, env, { expiryDays: o.expiryDays, releases: o.releases, dockerStore: { store: o.dockerStore ?? 'graphdriver', assumed: false } });
}

export interface TreeRun {
  tree: TempTree;
  report: RootReport;
  /** What the engine does with the host folder the run points at. */
  readonly load: LoadResult;
  /** Absolute path of an entry in that host folder. */
  file(name: string): string;
}

export interface TreeRunOptions extends Omit<RunOptions, 'engine' | 'fs'> {
  /** The host folder `load` and `file` are about; default REGISTRY. */
  host?: string;
  /** A file system for the tree, once its temp path is known. */
  fs?: (tree: TempTree) => FileSystemView;
}

/** Writes certs.d/<hosts> with `makeTree` (see tempTrees) and checks it under `engine`. */
export function checkTree(makeTree: (spec: TreeSpec) => TempTree, hosts: TreeSpec, engine: Engine, o: TreeRunOptions = {}): TreeRun {
  const { host = REGISTRY, fs, ...rest } = o;
  const tree = makeTree(certsd(hosts));
  const report = runCheck(tree.path('certs.d'), { ...rest, engine, fs: fs?.(tree) });
  return {
    tree,
    report,
    get load() {
      return loadOf(report, host);
    },
    file: (name) => tree.path('certs.d', host, name),
  };
}

export function hostReport(report: RootReport, name: string): HostReport {
  const host = report.hosts.find((h) => h.name === name);
  assert.ok(host, `no host folder ${name} in the report (have: ${report.hosts.map((h) => h.name).join(', ')})`);
  return host;
}

/** What the engine does with one host folder. */
export function loadOf(report: RootReport, name: string): LoadResult {
  return hostReport(report, name).load;
}

export function findings(report: RootReport, code: string, path?: string): Finding[] {
  return report.findings.filter((f) => f.code === code && (path === undefined || f.path === path));
}

/** The one finding with this code (and path): fails the test when there is none, or several. */
export function theFinding(report: RootReport, code: string, path?: string): Finding {
  const found = findings(report, code, path);
  assert.equal(found.length, 1, `expected one ${code}${path ? ` on ${path}` : ''}, got ${found.length}:\n${describeFindings(report)}`);
  return found[0];
}

export function codes(report: RootReport): string[] {
  return [...new Set(report.findings.map((f) => f.code))].sort();
}

export function describeFindings(report: RootReport): string {
  return report.findings.map((f) => `  ${f.code} ${f.path}: ${f.message}`).join('\n') || '  (none)';
}

export function assertNoFinding(report: RootReport, code: string): void {
  assert.deepEqual(findings(report, code), [], `unexpected ${code}:\n${describeFindings(report)}`);
}

/** The load counts, for one deepEqual. */
export function counts(load: LoadResult): { caRoots: number; ignoredCaFiles: number; clientPairs: number } {
  return { caRoots: load.caRoots, ignoredCaFiles: load.ignoredCaFiles, clientPairs: load.clientPairs };
}

/**
 * The real file system, except that reading the given paths fails with EACCES, as it does for a
 * rootless engine (tests run as root, for whom chmod 000 changes nothing).
 */
export function deniedFileSystem(denied: string[]): FileSystemView {
  const deny = new Set(denied);
  return {
    readDir(dir) {
      if (deny.has(dir)) throw new FsError('EACCES', dir);
      return nodeFileSystem.readDir(dir);
    },
    stat: (p) => nodeFileSystem.stat(p),
    readFile(p) {
      if (deny.has(p)) throw new FsError('EACCES', p);
      return nodeFileSystem.readFile(p);
    },
  };
}
