/** The whole check: roots -> host folders -> engine simulation -> rules -> findings. */
import { LoadResult, simulateLoad } from './engines';
import { FactsCache } from './facts';
import { compareFindings, Finding } from './findings';
import { FileSystemView, nodeFileSystem } from './fsview';
import { RootLocation } from './roots';
import { RULES } from './rules';
import { CheckSettings, DEFAULT_EXPIRY_DAYS, HostContext, Report, RootContext } from './rules/rule';
import { CertsdRoot, Engine, HostDir, readHostDir, readRoot } from './tree';

/** What the core needs from the outside world (taplo-style): a file system and a clock. */
export interface CheckEnv {
  fs: FileSystemView;
  now(): Date;
}

export const defaultEnv: CheckEnv = { fs: nodeFileSystem, now: () => new Date() };

export interface CheckOptions {
  expiryDays?: number;
}

export { DEFAULT_EXPIRY_DAYS } from './rules/rule';

export interface HostReport {
  root: string;
  name: string;
  path: string;
  engine: Engine;
  load: LoadResult;
}

/** One host folder checked: as read, what the engine does with it, and its findings (sorted). */
export interface HostCheck {
  dir: HostDir;
  report: HostReport;
  findings: Finding[];
}

export interface RootReport {
  root: CertsdRoot;
  hosts: HostReport[];
  /** Every finding, the root's and every host folder's, sorted. */
  findings: Finding[];
  /** The same, per host folder; and the root's own findings (files directly in it, its name). */
  hostChecks: HostCheck[];
  rootFindings: Finding[];
}

function reporter(findings: Finding[], code: string, severity: Finding['severity'], hostPath?: string): Report {
  return (f) => findings.push({ ...f, code, severity: f.severity ?? severity, hostPath: f.hostPath ?? hostPath });
}

function settingsOf(env: CheckEnv, options: CheckOptions): CheckSettings {
  return { now: env.now(), expiryDays: options.expiryDays ?? DEFAULT_EXPIRY_DAYS };
}

/** One host folder: what the engine does with it, and every finding about it. */
export function checkHost(root: CertsdRoot, host: HostDir, cache: FactsCache, settings: CheckSettings): HostCheck {
  const engine = root.engine;
  const load = simulateLoad(host, engine, cache);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'host' || !rule.engines.includes(engine)) continue;
    const ctx: HostContext = { root, host, engine, load, cache, settings, report: reporter(findings, rule.code, rule.severity, host.path) };
    rule.check(ctx);
  }
  // Parsed certificates and keys live only as long as the check of their folder.
  for (const p of load.pairs) p.result = undefined;
  return { dir: host, report: { root: root.path, name: host.name, path: host.path, engine, load }, findings: findings.sort(compareFindings) };
}

export function checkRootFindings(root: CertsdRoot, cache: FactsCache, settings: CheckSettings): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'root' || !rule.engines.includes(root.engine)) continue;
    const ctx: RootContext = { root, engine: root.engine, cache, settings, report: reporter(findings, rule.code, rule.severity) };
    rule.check(ctx);
  }
  return findings.sort(compareFindings);
}

export function checkRoot(location: RootLocation, env: CheckEnv = defaultEnv, options: CheckOptions = {}): RootReport {
  const settings = settingsOf(env, options);
  const root = readRoot(env.fs, location.path, location.engine, location);
  const rootFindings = checkRootFindings(root, new FactsCache(env.fs), settings);
  // One cache per folder: no file is read by two folders, and memory stays flat on large trees.
  const hostChecks = root.hosts.map((host) => checkHost(root, host, new FactsCache(env.fs), settings));
  const findings = [...rootFindings, ...hostChecks.flatMap((h) => h.findings)].sort(compareFindings);
  return { root, hosts: hostChecks.map((h) => h.report), findings, hostChecks, rootFindings };
}

/** The root's own findings again, after its listing changed. */
export function recheckRootFindings(root: CertsdRoot, env: CheckEnv = defaultEnv, options: CheckOptions = {}): Finding[] {
  return checkRootFindings(root, new FactsCache(env.fs), settingsOf(env, options));
}

/** Re-check one host folder after a change in it (fresh reads, nothing cached). */
export function recheckHost(root: CertsdRoot, hostName: string, env: CheckEnv = defaultEnv, options: CheckOptions = {}): HostCheck {
  return checkHost(root, readHostDir(env.fs, root.path, hostName), new FactsCache(env.fs), settingsOf(env, options));
}
