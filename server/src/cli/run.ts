/** Resolve the paths to check, then check every root found. */
import { CheckEnv, CheckOptions, checkRoot, checkRootEach, HostReport, RootReport } from '../core/check';
import { addOrderShadow, applyOrders, OrderShadow, shadowsOfOrders } from '../core/engines/orders';
import { compareFindings, Finding } from '../core/findings';
import { currentPlatform } from '../core/engines/hostFolders';
import { defaultRelease, findRelease } from '../core/engines/releases';
import { describeTooDeep, LookupOrder, lookupOrders, resolveRoots, RootLocation, RootsSetting } from '../core/roots';
import { CertsdRoot, Engine, HostDir, readRoot } from '../core/tree';
import { UsageError } from './args';
import { t } from '../core/l10n';

export interface CheckRun {
  /** The forced engine, the one engine every root uses, or "mixed". */
  engine: Engine | 'mixed';
  roots: RootReport[];
  /** Several roots read in order by one engine, among those checked. */
  orders: LookupOrder[];
}

/** `--root`/`--roots` name one engine's lookup order: containerd's config_path unless --engine podman. */
export function orderEngineOf(engine: Engine | undefined): 'containerd' | 'podman' {
  if (engine === 'docker') throw new UsageError(t('--root/--roots name the roots of containerd (config_path) or Podman in lookup order; Docker reads one root: name it as a PATH'), 'check');
  return engine ?? 'containerd';
}

/**
 * The roots `certsd check` looks at (core/roots.ts resolveRoots): the paths given and the --root/--roots
 * folders, or the standard roots of the machine `processEnv` describes when neither is given.
 * `note` hears where the search stopped (MAX_SEARCH_DEPTH) before a path that holds nothing is refused;
 * with `empty` (--allow-empty), such a path is told to it instead of refused.
 */
export function locateRoots(paths: string[], env: CheckEnv, o: { engine?: Engine; rootsSetting?: RootsSetting; processEnv: NodeJS.ProcessEnv; note: (s: string) => void; empty?: (target: string) => void }): RootLocation[] {
  const found = resolveRoots(env.fs, { targets: paths, rootsSetting: o.rootsSetting, forced: o.engine, env: o.processEnv });
  if (found.tooDeep.length) o.note(describeTooDeep(found.tooDeep, t('name it on the command line')));
  for (const { target, error: e } of found.unreadable) {
    throw new UsageError(e.code === 'ENOENT' ? t('{0}: no such file or directory', target) : e.code === 'EACCES' ? t('{0}: permission denied', target) : `${target}: ${e.message}`);
  }
  for (const target of found.empty) {
    if (o.empty) o.empty(target);
    else throw new UsageError(t('{0}: no certs.d folder here or below (looked for folders named certs.d, or laid out like one); add --allow-empty if none is expected', target));
  }
  return found.locations;
}

export interface FindingCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export function countFindings(run: CheckRun): FindingCounts {
  const n: FindingCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of run.roots) for (const f of r.findings) n[f.severity]++;
  return n;
}

/** `--quiet`: the run with its errors only (as ESLint's getErrorResults); the hosts and their verdicts stay. */
export function errorsOnly(run: CheckRun): CheckRun {
  return { ...run, roots: run.roots.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error'), rootFindings: r.rootFindings.filter((f) => f.severity === 'error') })) };
}

/**
 * ESLint's exit status: 1 with an error, or with more warnings than `maxWarnings` (information and
 * hints never count); 0 otherwise. Counted on every finding, printed or not (--quiet hides, as in ESLint).
 */
export function checkStatus(counts: FindingCounts, maxWarnings: number | undefined): 0 | 1 {
  return counts.error > 0 || tooManyWarnings(counts, maxWarnings) ? 1 : 0;
}

export function tooManyWarnings(counts: FindingCounts, maxWarnings: number | undefined): boolean {
  return maxWarnings !== undefined && counts.warning > maxWarnings;
}

/**
 * Checks every root, then what lookup orders hide: the standard places found among the roots, or
 * `setting` (from --root/--roots) for its engine.
 */
export function runCheck(locations: RootLocation[], env: CheckEnv, options: CheckOptions, engine?: Engine, setting: RootsSetting = {}): CheckRun {
  const roots = locations.map((l) => checkRoot(l, env, options));
  const orders = ordersOf(locations, options, setting);
  applyOrders(roots, orders, env, options);
  return { engine: runEngine(locations, engine), roots, orders };
}

/** The engine a run reports: the forced one, the one every root uses, or "mixed". */
function runEngine(locations: RootLocation[], engine?: Engine): CheckRun['engine'] {
  const engines = new Set(locations.map((l) => l.engine));
  return engine ?? (engines.size === 1 ? [...engines][0] : engines.size === 0 ? 'docker' : 'mixed');
}

function ordersOf(locations: RootLocation[], options: CheckOptions, setting: RootsSetting): LookupOrder[] {
  const releases = {
    podman: findRelease('podman', options.releases?.podman) ?? defaultRelease('podman'),
    containerd: findRelease('containerd', options.releases?.containerd) ?? defaultRelease('containerd'),
  };
  // Only whole roots take part: a single host folder pointed at is not a root's full listing.
  const whole = locations.filter((l) => l.onlyHosts === undefined).map((l) => l.path);
  return lookupOrders(whole, releases, options.platform ?? currentPlatform(), setting, 'cli');
}

/** What a streamed check hands over, in output order; a host folder's findings are its own, sorted. */
export interface RunSink {
  begin(engine: CheckRun['engine'], orders: LookupOrder[]): void;
  /** A root's own findings that belong to none of its host folders (before its host folders). */
  root(root: CertsdRoot, findings: Finding[]): void;
  host(root: CertsdRoot, report: HostReport, findings: Finding[]): void;
  /** Every finding of the root shown, sorted as RootReport.findings; given, they are kept until then. */
  rootEnd?(root: CertsdRoot, findings: Finding[]): void;
}

/**
 * runCheck as it goes, for large trees: the roots are listed first (lookup orders need only the
 * listings), then each host folder is checked, handed to `sink` with what the orders add, and
 * dropped. Returns the counts of every finding; `quiet` hands over the errors only.
 */
export function streamCheck(locations: RootLocation[], env: CheckEnv, options: CheckOptions, sink: RunSink, o: { engine?: Engine; setting?: RootsSetting; quiet?: boolean } = {}): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  const shown = (fs: Finding[]) => (o.quiet ? fs.filter((f) => f.severity === 'error') : fs);
  const roots = locations.map((l) => readRoot(env.fs, l.path, l.engine, l));
  const orders = ordersOf(locations, options, o.setting ?? {});
  // applyOrders: each shadow goes to the first whole root of its path, to its first folder of that name.
  const byHost = new Map<HostDir, OrderShadow[]>();
  for (const s of shadowsOfOrders(roots, orders, env, options)) {
    const root = roots.find((r) => r.path === s.root && r.onlyHosts === undefined);
    const host = root?.hosts.find((h) => h.name === s.folder);
    if (host) byHost.set(host, [...(byHost.get(host) ?? []), s]);
  }
  sink.begin(runEngine(locations, o.engine), orders);
  for (const root of roots) {
    const all: Finding[] = [];
    const hostPaths = new Set(root.hosts.map((h) => h.path));
    let forHosts = new Map<string, Finding[]>();
    checkRootEach(
      root,
      env,
      options,
      (rootFindings) => {
        for (const f of rootFindings) counts[f.severity]++;
        if (sink.rootEnd) all.push(...shown(rootFindings));
        // A root finding about a host folder is shown in that folder's block (as toText does).
        forHosts = new Map();
        for (const f of rootFindings) if (f.hostPath !== undefined && hostPaths.has(f.hostPath)) forHosts.set(f.hostPath, [...(forHosts.get(f.hostPath) ?? []), f]);
        sink.root(root, shown(rootFindings.filter((f) => f.hostPath === undefined || !hostPaths.has(f.hostPath))));
      },
      (check) => {
        for (const s of byHost.get(check.dir) ?? []) addOrderShadow(check, s);
        for (const f of check.findings) counts[f.severity]++;
        const own = shown([...(forHosts.get(check.dir.path) ?? []), ...check.findings].sort(compareFindings));
        forHosts.delete(check.dir.path);
        if (sink.rootEnd) all.push(...shown(check.findings));
        sink.host(root, check.report, own);
        // Its listing is not needed past its own check (other folders' rules look at folder names
        // only: presentNames, file-in-root), and 20,000 listings are most of what a large run holds.
        check.dir.entries = [];
      },
    );
    sink.rootEnd?.(root, all.sort(compareFindings));
  }
  return counts;
}
