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

export interface RootReport {
  root: CertsdRoot;
  hosts: HostReport[];
  findings: Finding[];
}

function reporter(findings: Finding[], code: string, severity: Finding['severity'], hostPath?: string): Report {
  return (f) => findings.push({ ...f, code, severity: f.severity ?? severity, hostPath: f.hostPath ?? hostPath });
}

function settingsOf(env: CheckEnv, options: CheckOptions): CheckSettings {
  return { now: env.now(), expiryDays: options.expiryDays ?? DEFAULT_EXPIRY_DAYS };
}

/** One host folder: what the engine does with it, and every finding about it. */
export function checkHost(root: CertsdRoot, host: HostDir, cache: FactsCache, settings: CheckSettings): { host: HostReport; findings: Finding[] } {
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
  return { host: { root: root.path, name: host.name, path: host.path, engine, load }, findings };
}

export function checkRootFindings(root: CertsdRoot, cache: FactsCache, settings: CheckSettings): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'root' || !rule.engines.includes(root.engine)) continue;
    const ctx: RootContext = { root, engine: root.engine, cache, settings, report: reporter(findings, rule.code, rule.severity) };
    rule.check(ctx);
  }
  return findings;
}

export function checkRoot(location: RootLocation, env: CheckEnv = defaultEnv, options: CheckOptions = {}): RootReport {
  const settings = settingsOf(env, options);
  const root = readRoot(env.fs, location.path, location.engine, location);
  const findings = checkRootFindings(root, new FactsCache(env.fs), settings);
  const hosts: HostReport[] = [];
  for (const host of root.hosts) {
    // One cache per folder: no file is read by two folders, and memory stays flat on large trees.
    const r = checkHost(root, host, new FactsCache(env.fs), settings);
    hosts.push(r.host);
    findings.push(...r.findings);
  }
  findings.sort(compareFindings);
  return { root, hosts, findings };
}

/** Re-check one host folder after a change in it (fresh reads, nothing cached). */
export function recheckHost(root: CertsdRoot, hostName: string, env: CheckEnv = defaultEnv, options: CheckOptions = {}): { host: HostReport; findings: Finding[] } {
  const cache = new FactsCache(env.fs);
  const host = readHostDir(env.fs, root.path, hostName);
  const r = checkHost(root, host, cache, settingsOf(env, options));
  r.findings.sort(compareFindings);
  return r;
}
