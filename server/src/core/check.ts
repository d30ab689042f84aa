/** The whole check: roots -> host folders -> engine simulation -> rules -> findings. */
import * as path from 'node:path';
import { LoadResult } from './engines/result';
import { simulateLoad } from './engines/simulate';
import { mobySkips, notReadByMoby } from './engines/dockerLike';
import { FactsCache } from './facts';
import { goDefaults, GoParseOptions } from './go/godebug';
import { HostsTomlDialect, hostsTomlDialect } from './engines/hostsToml';
import { compareFindings, Finding } from './findings';
import { FileSystemView, nodeFileSystem } from './fsview';
import { containerdShadowInRoot, currentPlatform, Platform, presentNames } from './engines/hostFolders';
import { defaultRelease, DockerStoreInfo, EngineRelease, findRelease } from './engines/releases';
import { RootLocation } from './roots';
import { RULES } from './rules';
import { failedHostCheck, runHostRuleGuarded, runRootRuleGuarded } from './rules/guard';
import { applyPrecedence } from './rules/precedence';
import { CheckSettings, DEFAULT_EXPIRY_DAYS, HostContext, Report, RootContext } from './rules/rule';
import { CertsdRoot, Engine, ENGINE_NAMES, ENGINES, HostDir, readHostDir, readRoot } from './tree';
import { fillMarker, t } from './l10n';

/** What the core needs from the outside world (taplo-style): a file system and a clock. */
export interface CheckEnv {
  fs: FileSystemView;
  now(): Date;
}

export const defaultEnv: CheckEnv = { fs: nodeFileSystem, now: () => new Date() };

export interface CheckOptions {
  expiryDays?: number;
  /** Release per engine (`28`, `1.7`, as in releases.ts); the newest otherwise. Checked by the caller. */
  releases?: Partial<Record<Engine, string>>;
  /** Docker's storage, resolved by the caller (dockerStore.ts); unknown means assumed containerd. */
  dockerStore?: DockerStoreInfo;
  /** Whose folder-name rules apply (hostFolders.ts); this machine's by default. */
  platform?: Platform;
}

/** New Docker installs use the containerd image store; without a word from the machine, assume it. */
export const ASSUMED_DOCKER_STORE: DockerStoreInfo = { store: 'containerd', assumed: true };

export { DEFAULT_EXPIRY_DAYS } from './rules/rule';

export interface HostReport {
  root: string;
  name: string;
  path: string;
  engine: Engine;
  /** The engine release modelled. */
  release: EngineRelease;
  /** What the engine does with the folder for pulls and pushes. */
  load: LoadResult;
  /** Docker: what `docker login` does (moby's own loader, whatever the storage). */
  login?: LoadResult;
  /** Docker: the storage that decided `load`. */
  dockerStore?: DockerStoreInfo;
  /**
   * Set when another folder is used instead of this one for the host it is named after: another name
   * form in the same root (containerd's lookup), or an earlier root of a lookup order.
   */
  shadowedBy?: FolderShadow[];
  /** The folder really used for this folder's host when it is not this one: by the report's engine first (usedFolderOf). */
  usedFolder?: string;
}

/** Who passes a host folder over, and for which folder. */
export interface FolderShadow {
  /** Whose lookup: `containerd`, `podman`, or `docker` (its pulls, through containerd's lookup). */
  engine: Engine;
  /** For messages: "containerd", "Docker (pulls and pushes)", "Podman (user alice)". */
  actor: string;
  /** The registry host the folder is named for; undefined for `_default`. */
  host?: string;
  /** Absolute path of the folder used instead. */
  usedFolder: string;
  /** Another name form in the same root, or an earlier root of a lookup order. */
  scope: 'root' | 'order';
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

export function reporter(findings: Finding[], code: string, severity: Finding['severity'], hostPath?: string): Report {
  return (f) => findings.push({ ...f, code, severity: f.severity ?? severity, hostPath: f.hostPath ?? hostPath });
}

export function settingsOf(env: CheckEnv, options: CheckOptions): CheckSettings {
  const releases = {} as Record<Engine, EngineRelease>;
  for (const e of ENGINES) releases[e] = findRelease(e, options.releases?.[e]) ?? defaultRelease(e);
  return { now: env.now(), expiryDays: options.expiryDays ?? DEFAULT_EXPIRY_DAYS, releases, dockerStore: options.dockerStore ?? ASSUMED_DOCKER_STORE, platform: options.platform ?? currentPlatform() };
}

/**
 * How the engine's binary parses certificates and keys: Go's GODEBUG defaults follow the go line of
 * its main module (one binary: Docker's containerd store parses with dockerd's defaults too).
 */
function goOptionsOf(root: CertsdRoot, settings: CheckSettings): GoParseOptions {
  return goDefaults(settings.releases[root.engine].go);
}

function dialectOf(release: EngineRelease): HostsTomlDialect {
  return hostsTomlDialect(release.containerd ?? '2.4');
}

/** Marks where a finding names who acts; replaced once the passes are merged (see actorsOf). */
const ACTOR = '\u0000actor\u0000';

function runRules(root: CertsdRoot, host: HostDir, loader: Engine, load: LoadResult, cache: FactsCache, settings: CheckSettings): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'host' || !rule.engines.includes(loader)) continue;
    const ctx: Omit<HostContext, 'report'> = { root, host, engine: root.engine, loader, actor: ACTOR, load, cache, settings };
    runHostRuleGuarded(rule, ctx, findings, (into) => reporter(into, rule.code, rule.severity, host.path));
  }
  // Where two rules see one fault, the one that names the fix speaks (rules/rule.ts, Precedence).
  return applyPrecedence(findings, RULES, load.pairs);
}

/** Who a finding is about, by which passes found it: both, only pulls (containerd store), only moby's loader. */
function actorsOf(store: DockerStoreInfo): { both: string; pulls: string; login: string } {
  return store.assumed
    ? { both: 'Docker', pulls: t('Docker (pulls and pushes, containerd image store)'), login: t('docker login (and pulls with graph drivers)') }
    : { both: 'Docker', pulls: t('Docker (pulls and pushes)'), login: 'docker login' };
}

const named = (f: Finding, actor: string): Finding => ({ ...f, summary: fillMarker(f.summary, ACTOR, actor), message: fillMarker(f.message, ACTOR, actor) });

const findingKey = (f: Finding) => `${f.code}\u0000${f.path}\u0000${f.range.start.line}:${f.range.start.character}\u0000${f.message}`;

/**
 * Docker with the containerd image store reads certs.d twice over: pulls and pushes through
 * containerd's hosts code (moby daemon/hosts.go RegistryHosts), `docker login` through moby's
 * loader. A finding both passes make is Docker's; one only a pass makes names its operation.
 */
function mergeDockerPasses(pulls: Finding[], login: Finding[], store: DockerStoreInfo): Finding[] {
  const who = actorsOf(store);
  const inLogin = new Set(login.map(findingKey));
  const inPulls = new Set(pulls.map(findingKey));
  return [
    ...pulls.map((f) => named(f, inLogin.has(findingKey(f)) ? who.both : who.pulls)),
    ...login.filter((f) => !inPulls.has(findingKey(f))).map((f) => named(f, who.login)),
  ];
}

/** One host folder: what the engine does with it, and every finding about it. A failure of certsd's own becomes a finding. */
export function checkHost(root: CertsdRoot, host: HostDir, cache: FactsCache, settings: CheckSettings): HostCheck {
  try {
    return checkHostUnguarded(root, host, cache, settings);
  } catch (e) {
    return failedHostCheck(root, host, { root: root.path, name: host.name, path: host.path, engine: root.engine, release: settings.releases[root.engine] }, e);
  }
}

function checkHostUnguarded(root: CertsdRoot, host: HostDir, cache: FactsCache, settings: CheckSettings): HostCheck {
  const engine = root.engine;
  const release = settings.releases[engine];
  // Docker's own loader never reads a folder its registry Service skips (Docker Hub, loopback).
  const skipped = engine === 'docker' ? mobySkips(host.name) : undefined;
  const load = skipped ? notReadByMoby(skipped) : simulateLoad(host, engine, cache, dialectOf(release));
  const report: HostReport = { root: root.path, name: host.name, path: host.path, engine, release, load };
  let findings: Finding[];
  if (engine === 'docker') {
    const store = settings.dockerStore;
    report.dockerStore = store;
    report.login = report.load;
    const login = runRules(root, host, 'docker', report.login, cache, settings);
    if (store.store === 'containerd') {
      report.load = simulateLoad(host, 'containerd', cache, dialectOf(release));
      findings = mergeDockerPasses(runRules(root, host, 'containerd', report.load, cache, settings), login, store);
    } else {
      findings = login.map((f) => named(f, ENGINE_NAMES.docker));
    }
  } else {
    findings = runRules(root, host, engine, report.load, cache, settings).map((f) => named(f, ENGINE_NAMES[engine]));
  }
  // Parsed certificates and keys live only as long as the check of their folder.
  for (const l of [report.load, report.login]) for (const p of l?.pairs ?? []) p.result = undefined;
  addShadows(report, inRootShadows(root, host, settings));
  return { dir: host, report, findings: findings.sort(compareFindings) };
}

/** containerd's lookup picks another name form of the host in the same root (Docker: for its pulls). */
function inRootShadows(root: CertsdRoot, host: HostDir, settings: CheckSettings): FolderShadow[] {
  const viaContainerd = root.engine === 'containerd' || (root.engine === 'docker' && settings.dockerStore.store === 'containerd');
  if (!viaContainerd) return [];
  const s = containerdShadowInRoot(host.name, presentNames(root), settings.platform);
  if (!s) return [];
  const actor = root.engine === 'docker' ? actorsOf(settings.dockerStore).pulls : ENGINE_NAMES.containerd;
  return [{ engine: root.engine, actor, host: s.host, usedFolder: path.join(root.path, s.winner), scope: 'root' }];
}

export function addShadows(report: HostReport, shadows: FolderShadow[]): void {
  if (shadows.length === 0) return;
  report.shadowedBy = [...(report.shadowedBy ?? []), ...shadows];
  report.usedFolder = usedFolderOf(report);
}

/**
 * The folder really used instead: the report's own engine's first, and an earlier root of a lookup
 * order before another name form in this root (the whole root loses then); else the first shadow.
 */
export function usedFolderOf(report: HostReport): string | undefined {
  const all = report.shadowedBy ?? [];
  const rank = (s: FolderShadow) => (s.engine === report.engine ? 0 : 2) + (s.scope === 'order' ? 0 : 1);
  return [...all].sort((a, b) => rank(a) - rank(b))[0]?.usedFolder;
}

export function checkRootFindings(root: CertsdRoot, cache: FactsCache, settings: CheckSettings): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'root' || !rule.engines.includes(root.engine)) continue;
    const ctx: RootContext = { root, engine: root.engine, cache, settings, report: reporter(findings, rule.code, rule.severity) };
    runRootRuleGuarded(rule, ctx, findings);
  }
  return findings.sort(compareFindings);
}

export function checkRoot(location: RootLocation, env: CheckEnv = defaultEnv, options: CheckOptions = {}): RootReport {
  const root = readRoot(env.fs, location.path, location.engine, location);
  const hostChecks: HostCheck[] = [];
  let rootFindings: Finding[] = [];
  checkRootEach(root, env, options, (f) => (rootFindings = f), (c) => hostChecks.push(c));
  const findings = [...rootFindings, ...hostChecks.flatMap((h) => h.findings)].sort(compareFindings);
  return { root, hosts: hostChecks.map((h) => h.report), findings, hostChecks, rootFindings };
}

/**
 * The check of a root as it goes (the CLI streams it): the root's own findings first, then each host
 * folder's check in the root's order, handed over as soon as it is done and kept by nobody here.
 */
export function checkRootEach(root: CertsdRoot, env: CheckEnv, options: CheckOptions, onRootFindings: (findings: Finding[]) => void, onHost: (check: HostCheck) => void): void {
  const settings = settingsOf(env, options);
  const go = goOptionsOf(root, settings);
  onRootFindings(checkRootFindings(root, new FactsCache(env.fs, go), settings));
  // One cache per folder: no file is read by two folders, and memory stays flat on large trees.
  for (const host of root.hosts) onHost(checkHost(root, host, new FactsCache(env.fs, go), settings));
}

/** The root's own findings again, after its listing changed. */
export function recheckRootFindings(root: CertsdRoot, env: CheckEnv = defaultEnv, options: CheckOptions = {}): Finding[] {
  const settings = settingsOf(env, options);
  return checkRootFindings(root, new FactsCache(env.fs, goOptionsOf(root, settings)), settings);
}

/** Re-check one host folder after a change in it (fresh reads, nothing cached). */
export function recheckHost(root: CertsdRoot, hostName: string, env: CheckEnv = defaultEnv, options: CheckOptions = {}): HostCheck {
  const settings = settingsOf(env, options);
  return checkHost(root, readHostDir(env.fs, root.path, hostName), new FactsCache(env.fs, goOptionsOf(root, settings)), settings);
}
