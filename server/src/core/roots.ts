/**
 * Finding certs.d roots from a path, the engine a root belongs to, and the order in which engines
 * that read several roots look at them (containerd's config_path, containers/image's search path).
 * resolveRoots is the one entry point of the CLI and the language server alike.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemView, FsError, isFsError } from './fsview';
import type { Platform } from './engines/hostFolders';
import { EngineRelease } from './engines/releases';
import { Engine, isCertsdFileName, isDirLike, readEntries } from './tree';

export interface RootLocation {
  path: string;
  engine: Engine;
  engineFromPath: boolean;
  misnamed: boolean;
  /** Set when only some host folders of the root were pointed at (the folders, or files in them): only those are checked. */
  onlyHosts?: string[];
}

/**
 * How many levels below a folder the search for certs.d folders goes. The engines' own roots sit at
 * most 5 levels below a system prefix (home/<user>/.config/containers/certs.d); a configuration
 * repository puts that prefix a few levels down (ansible/roles/<role>/files/...). 16 leaves room
 * for both with margin, while the generated trees that go deeper (vendored dependencies, build
 * output, caches) are not walked on every full check. What lies deeper is reported (TooDeep), and a
 * deeper certs.d named directly is checked as usual.
 */
export const MAX_SEARCH_DEPTH = 16;

/** A folder MAX_SEARCH_DEPTH levels below `target` that holds sub-folders the search did not enter. */
export interface TooDeep {
  target: string;
  path: string;
}

/** Names people give a certs.d folder by mistake. */
const MISNAMES = /^(certs?\.?d|certs?|cert[._-]d|certs[._-]d)$/i;
const SKIP = new Set(['node_modules', '.git']);
/** A folder name that may be a registry host (as looksLikeCertsd reads host folders). */
const HOST_LIKE = /[.:]|^localhost|^_default$/;

/**
 * Names of roots the engines read: certs.d, and containers/image's rootful / rootless drop-in roots
 * (image v5.40+, Podman 6: /etc/containers/certs.rootful.d, certs.rootless.d).
 */
export function isRootName(name: string): boolean {
  return name === 'certs.d' || name === 'certs.rootful.d' || name === 'certs.rootless.d';
}

/** A folder name the search stops at: a root's, or a misnamed root's (cert.d, certs). */
function isRootLikeName(name: string): boolean {
  return isRootName(name) || MISNAMES.test(name);
}

/** The engine whose standard root this path is (or sits under). */
export function engineFromPath(p: string): Engine | undefined {
  const s = p.split(path.sep).join('/');
  if (/(^|\/)containerd\/certs\.d(\/|$)/.test(s)) return 'containerd';
  if (/(^|\/)containers\/certs(\.rootful|\.rootless)?\.d(\/|$)/.test(s)) return 'podman';
  if (/(^|\/)\.?docker\/certs\.d(\/|$)/.test(s)) return 'docker';
  return undefined;
}

function isDir(fs: FileSystemView, p: string): boolean {
  try {
    return fs.stat(p).type === 'directory';
  } catch (e) {
    if (isFsError(e)) return false;
    throw e;
  }
}

/** A folder whose sub-folders look like registry hosts holding certificate files. */
export function looksLikeCertsd(fs: FileSystemView, dir: string): boolean {
  for (const e of readEntries(fs, dir).entries) {
    if (!isDirLike(e) || !HOST_LIKE.test(e.name)) continue;
    if (readEntries(fs, e.path).entries.some((f) => isCertsdFileName(f.name) || f.name === 'hosts.toml')) return true;
  }
  return false;
}

function location(p: string, forced: Engine | undefined, misnamed: boolean, onlyHost?: string): RootLocation {
  const fromPath = engineFromPath(p);
  return { path: p, engine: forced ?? fromPath ?? 'docker', engineFromPath: !forced && !!fromPath, misnamed, onlyHosts: onlyHost === undefined ? undefined : [onlyHost] };
}

/**
 * The roots a path stands for: the path itself if it is (or looks like) a certs.d folder; its
 * parent if it is a host folder; otherwise every certs.d folder down to MAX_SEARCH_DEPTH levels
 * below it (the folders where the search stopped are added to `tooDeep`).
 */
export function findRoots(fs: FileSystemView, target: string, forced?: Engine, tooDeep: TooDeep[] = []): RootLocation[] {
  const abs = path.resolve(target);
  if (!isDir(fs, abs)) {
    // A single file: check its host folder.
    const hostDir = path.dirname(abs);
    const root = path.dirname(hostDir);
    if (isRootName(path.basename(root))) return [location(root, forced, false, path.basename(hostDir))];
    if (isRootName(path.basename(hostDir))) return [location(hostDir, forced, false)];
    return [];
  }
  const name = path.basename(abs);
  if (isRootName(name)) return [location(abs, forced, false)];
  if (isRootName(path.basename(path.dirname(abs)))) return [location(path.dirname(abs), forced, false, name)];
  if (looksLikeCertsd(fs, abs)) return [location(abs, forced, MISNAMES.test(name))];
  const found: RootLocation[] = [];
  walk(fs, abs, 0, forced, found, (p) => tooDeep.push({ target, path: p }));
  return found;
}

/** Looks at the sub-folders of `dir`, itself `depth` levels below the target. */
function walk(fs: FileSystemView, dir: string, depth: number, forced: Engine | undefined, out: RootLocation[], stopped: (dir: string) => void): void {
  const entries = readEntries(fs, dir).entries.filter((e) => e.type === 'directory' && !SKIP.has(e.name));
  if (depth >= MAX_SEARCH_DEPTH) {
    // Said out loud: a certs.d in there is not found (it used to be skipped without a word).
    if (entries.length > 0) stopped(dir);
    return;
  }
  for (const e of entries) {
    if (isRootName(e.name)) out.push(location(e.path, forced, false));
    else if (MISNAMES.test(e.name) && looksLikeCertsd(fs, e.path)) out.push(location(e.path, forced, true));
    else walk(fs, e.path, depth + 1, forced, out, stopped);
  }
}

/** What to look in for roots: the CLI's arguments, or the language server's workspace and settings. */
export interface RootRequest {
  /** Paths given (the CLI's PATHs; the workspace folders and certsd.extraRoots): roots, host folders, files, or folders to search. */
  targets: string[];
  /** Lookup orders named (--root/--roots, certsd.roots): their roots that are folders are checked too. */
  rootsSetting?: RootsSetting;
  /** The engine the user chose over the one the path names. */
  forced?: Engine;
  /**
   * With neither targets nor a lookup order, the engines' standard roots on this machine, found from
   * this environment (HOME, XDG_CONFIG_HOME, ...). Left out: no standard roots (the server).
   */
  env?: NodeJS.ProcessEnv;
}

export interface RootResolution {
  /** Each root once, in the order the targets gave them. */
  locations: RootLocation[];
  /** Targets that are not there or cannot be looked at. */
  unreadable: { target: string; error: FsError }[];
  /** Targets with no certs.d folder in or below them (within MAX_SEARCH_DEPTH). */
  empty: string[];
  /** Where the search stopped with sub-folders left unsearched. */
  tooDeep: TooDeep[];
}

/**
 * The roots to check, each once: a whole root takes in any host folder of it that was named too;
 * host folders of one root named apart are one location limited to them; a root reached twice
 * (nested targets, a lookup order's root also named, a symlink to it) is checked once, as the
 * first path and engine it was reached by. A folder reached under two paths that name two engines
 * (a root and a symlink to it at another engine's place) stays two locations: each engine has its
 * own verdict.
 */
export function resolveRoots(fs: FileSystemView, request: RootRequest): RootResolution {
  const result: RootResolution = { locations: [], unreadable: [], empty: [], tooDeep: [] };
  // One path is one location whatever the engine (the first to reach it says which); one folder
  // under two spellings is one location when it is read as one engine.
  const byPath = new Map<string, RootLocation>();
  const byFolder = new Map<string, RootLocation>();
  const add = (l: RootLocation) => {
    const abs = path.resolve(l.path);
    const folder = `${l.engine}\0${realPathOf(fs, abs)}`;
    const seen = byPath.get(abs) ?? byFolder.get(folder);
    if (!seen) {
      const copy = { ...l, onlyHosts: l.onlyHosts && [...l.onlyHosts] };
      byPath.set(abs, copy);
      byFolder.set(folder, copy);
      result.locations.push(copy);
    } else if (seen.onlyHosts && l.onlyHosts) {
      for (const h of l.onlyHosts) if (!seen.onlyHosts.includes(h)) seen.onlyHosts.push(h);
    } else {
      seen.onlyHosts = undefined;
    }
  };
  for (const target of request.targets) {
    try {
      fs.stat(path.resolve(target));
    } catch (e) {
      if (!isFsError(e)) throw e;
      result.unreadable.push({ target, error: e });
      continue;
    }
    const found = findRoots(fs, target, request.forced, result.tooDeep);
    if (found.length === 0) result.empty.push(target);
    found.forEach(add);
  }
  const setting = request.rootsSetting ?? {};
  for (const engine of ['containerd', 'podman'] as const) orderLocations(fs, setting[engine] ?? [], request.forced, engine).forEach(add);
  const anyOrder = Object.values(setting).some((roots) => roots && roots.length > 0);
  if (request.env && request.targets.length === 0 && !anyOrder) {
    for (const r of standardRoots(request.env)) {
      if (isDir(fs, r.path)) add({ path: r.path, engine: request.forced ?? r.engine, engineFromPath: !request.forced, misnamed: false });
    }
  }
  return result;
}

/** The path with links resolved when the view can tell, else as given (absolute). */
function realPathOf(fs: FileSystemView, p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realPath ? fs.realPath(abs) : abs;
  } catch (e) {
    if (isFsError(e)) return abs;
    throw e;
  }
}

/** Is `p` the folder itself or inside it? (Separators as the platform writes them.) */
export function isUnder(p: string, folder: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Can a change at `p` (a file or folder that appeared, changed or went away) add or remove a root
 * that resolveRoots finds for these targets? Only the part of `p` below a target counts: a workspace
 * under /home/u/certs/ is not a certs.d, so a change in its sources finds no new root. `p` is
 * not under any root found so far (the caller handles those).
 */
export function mayChangeRoots(fs: FileSystemView, p: string, targets: string[]): boolean {
  for (const target of targets.map((t) => path.resolve(t))) {
    // The target itself, or a folder above it, came or went.
    if (isUnder(target, p)) return true;
    if (!isUnder(p, target)) continue;
    const parts = path.relative(target, p).split(path.sep);
    // A certs.d (or a cert.d, certs... that may now look like one) between the target and p.
    if (parts.some(isRootLikeName)) return true;
    // The target itself may now look like a certs.d: a host folder, or a certificate file in one.
    if (parts.length === 1 && HOST_LIKE.test(parts[0]) && isDir(fs, p)) return true;
    if (parts.length === 2 && HOST_LIKE.test(parts[0]) && (isCertsdFileName(parts[1]) || parts[1] === 'hosts.toml')) return true;
  }
  return false;
}

/** What resolveRoots did not search, in words: `remedy` says how to have such a folder checked. */
export function describeTooDeep(tooDeep: TooDeep[], remedy: string): string {
  const shown = tooDeep.slice(0, 3).map((t) => t.path);
  const more = tooDeep.length - shown.length;
  const targets = [...new Set(tooDeep.map((t) => t.target))];
  return `the search for certs.d folders stops ${MAX_SEARCH_DEPTH} levels below ${targets.join(', ')}: what is inside ${shown.join(', ')}${more > 0 ? ` and ${more} more folder${more === 1 ? '' : 's'}` : ''} was not searched, and a certs.d folder in there is not checked: ${remedy}.`;
}

/** The roots the engines read on this machine, in the order they look at them. `platform`: process.platform (tests give another). */
export function standardRoots(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { path: string; engine: Engine }[] {
  const home = env.HOME ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  if (platform === 'win32') {
    const programData = env.ProgramData ?? 'C:\\ProgramData';
    return [{ path: path.join(programData, 'docker', 'certs.d'), engine: 'docker' }];
  }
  // Docker Desktop on macOS documents ~/.docker/certs.d; Podman's machine reads the user's folder.
  if (platform === 'darwin') {
    return [
      { path: path.join(home, '.docker', 'certs.d'), engine: 'docker' },
      { path: path.join(home, '.config', 'containers', 'certs.d'), engine: 'podman' },
    ];
  }
  const roots: { path: string; engine: Engine }[] = [
    { path: '/etc/docker/certs.d', engine: 'docker' },
    { path: path.join(xdg, 'docker', 'certs.d'), engine: 'docker' },
    { path: path.join(home, '.docker', 'certs.d'), engine: 'docker' },
  ];
  // Podman 5 and 6 together (they differ: podmanRootOrder), /etc/docker/certs.d being Docker's.
  const user = podmanUserOf(env);
  for (const release of ['5', '6']) {
    for (const p of podmanRootOrder(release, user)) if (!roots.some((r) => r.path === p)) roots.push({ path: p, engine: 'podman' });
  }
  roots.push({ path: '/etc/containerd/certs.d', engine: 'containerd' });
  return roots;
}

/** Who runs Podman, as containers/image finds out: $HOME, $XDG_CONFIG_HOME, unshare.GetRootlessUID. */
export interface PodmanUser {
  home: string;
  /** Podman 6 (image v5.40+) honours it when set, even empty; Podman 5 ignores it. */
  xdgConfigHome?: string;
  /** 0: rootful. Undefined: rootless with an unknown uid (the per-uid drop-in root is left out). */
  uid?: number;
}

/** `_CONTAINERS_ROOTLESS_UID` (set inside Podman's user namespace), else the process's uid. */
export function podmanUserOf(env: NodeJS.ProcessEnv = process.env): PodmanUser {
  const fromEnv = env._CONTAINERS_ROOTLESS_UID;
  const uid = fromEnv ? Number.parseInt(fromEnv, 10) || 0 : (process.getuid?.() ?? 0);
  return { home: env.HOME ?? os.homedir(), xdgConfigHome: env.XDG_CONFIG_HOME, uid };
}

/** Does this Podman release search containers/image's configfile drop-in roots (image v5.40+)? */
function podmanHasDropIns(release: EngineRelease | string): boolean {
  const r = typeof release === 'string' ? release : release.release;
  return Number(r.split('.')[0]) >= 6;
}

/**
 * containers/image `dockerCertDir`: the roots Podman looks at for `<root>/<host[:port]>`, in order;
 * the first that exists wins and nothing is merged. `prefix` stands for the system's `/`
 * (SystemContext.RootForImplicitAbsolutePaths): it is put before the system roots, never before the
 * user's own folder.
 *
 * - Podman 5.8 (image v5.39.2): $HOME/.config/containers/certs.d, /etc/containers/certs.d, /etc/docker/certs.d.
 * - Podman 6 (image v5.40.0; v5.42.1 the same; storage pkg/configfile GetSearchPaths, Name "certs",
 *   Extension "d"): ${XDG_CONFIG_HOME:-$HOME/.config}/containers/certs.d; then for /etc/containers and
 *   /usr/share/containers each: certs.rootless.d/<uid> and certs.rootless.d (rootless) or
 *   certs.rootful.d (root), then certs.d; last /etc/docker/certs.d.
 */
export function podmanRootOrder(release: EngineRelease | string, user: PodmanUser, prefix = ''): string[] {
  const sys = (p: string) => (prefix ? path.join(prefix, p) : p);
  if (!podmanHasDropIns(release)) {
    return [path.join(user.home, '.config', 'containers', 'certs.d'), sys('/etc/containers/certs.d'), sys('/etc/docker/certs.d')];
  }
  const userConfig = user.xdgConfigHome !== undefined ? path.join(user.xdgConfigHome, 'containers') : path.join(user.home, '.config', 'containers');
  const out = [path.join(userConfig, 'certs.d')];
  for (const base of ['/etc/containers', '/usr/share/containers']) {
    if (user.uid === 0) out.push(sys(`${base}/certs.rootful.d`));
    else {
      if (user.uid !== undefined) out.push(sys(`${base}/certs.rootless.d/${user.uid}`));
      out.push(sys(`${base}/certs.rootless.d`));
    }
    out.push(sys(`${base}/certs.d`));
  }
  out.push(sys('/etc/docker/certs.d'));
  return out;
}

/**
 * containerd's CRI `config_path` when containerd.toml sets none: containerd 2.x on Linux defaults to
 * /etc/containerd/certs.d:/etc/docker/certs.d (plugins/cri/images/plugin.go, when mirrors are unset too);
 * containerd 1.7 has no default (the hosts documentation suggests /etc/containerd/certs.d).
 */
export function containerdConfigPath(release: EngineRelease, platform: Platform, prefix = ''): string[] {
  if (platform !== 'unix' || !release.containerd?.startsWith('2')) return [];
  return ['/etc/containerd/certs.d', '/etc/docker/certs.d'].map((p) => (prefix ? path.join(prefix, p) : p));
}

/** config_path as containerd splits it (filepath.SplitList: ':' on Unix, ';' on Windows; empty parts dropped). */
export function splitConfigPath(value: string, platform: Platform): string[] {
  return value.split(platform === 'windows' ? ';' : ':').filter((p) => p !== '');
}

/**
 * The roots of a lookup order that are folders, as check locations (missing ones are skipped, as the
 * engines skip them): each checked as the engine its path names, else the order's engine.
 */
function orderLocations(fs: FileSystemView, roots: string[], forced: Engine | undefined, orderEngine: Engine): RootLocation[] {
  return roots.filter((r) => isDir(fs, r)).map((r) => {
    const fromPath = engineFromPath(r);
    return { path: r, engine: forced ?? fromPath ?? orderEngine, engineFromPath: !forced && !!fromPath, misnamed: false };
  });
}

/** Several roots one engine reads in order, the first with a match winning. */
export interface LookupOrder {
  engine: 'containerd' | 'podman';
  /** Who reads in this order, for messages: "containerd (config_path)", "Podman (user alice)". */
  who: string;
  /** Absolute root paths, in lookup order. */
  roots: string[];
  /** Standard places found under one prefix, the certsd.roots setting, or the CLI's --root/--roots. */
  source: 'standard' | 'setting' | 'cli';
}

/** Per engine, the roots in lookup order where the standard places do not apply (certsd.roots, --roots). */
export type RootsSetting = Partial<Record<'containerd' | 'podman', string[]>>;

const SYSTEM_PLACE = /^(.*?)\/(etc\/containerd\/certs\.d|etc\/docker\/certs\.d|(?:etc|usr\/share)\/containers\/certs(?:\.rootful|\.rootless)?\.d)$/;
const HOME_PLACE = /^(.*?)\/(root|home\/[^/]+)\/\.config\/containers\/certs\.d$/;

const toSlash = (p: string) => p.split(path.sep).join('/');

/** A root only some Podman users read: a home's, or a rootful / rootless drop-in. */
const isPersonal = (r: string) => /\/\.config\/containers\/certs\.d$|\/certs\.root(ful|less)\.d(\/\d+)?$/.test(toSlash(r));

/**
 * The lookup orders that apply to a set of roots (a workspace's, the CLI's): roots at the engines'
 * standard places under one prefix (`/`, or a configuration repository's `etc/...`, `home/<user>/...`)
 * read by Podman (one order per user whose folder is there, and root) and by containerd 2.x's default
 * config_path. Only orders holding two roots or more are given: one root alone has nothing to shadow.
 * An engine named in `setting` gets that order instead.
 */
export function lookupOrders(rootPaths: string[], releases: { podman: EngineRelease; containerd: EngineRelease }, platform: Platform, setting: RootsSetting = {}, source: LookupOrder['source'] = 'setting'): LookupOrder[] {
  const present = new Set(rootPaths.map((p) => path.resolve(p)));
  const orders: LookupOrder[] = [];
  const add = (o: LookupOrder) => {
    const roots = o.roots.map((r) => path.resolve(r)).filter((r) => present.has(r));
    if (roots.length < 2 || orders.some((x) => x.engine === o.engine && x.roots.join('\0') === roots.join('\0'))) return;
    // An order of shared roots only is everyone's: name the user only when one of their own roots is in it.
    const who = o.engine === 'podman' && o.source === 'standard' && !roots.some(isPersonal) ? 'Podman' : o.who;
    orders.push({ ...o, who, roots });
  };
  if (setting.containerd) add({ engine: 'containerd', who: 'containerd (config_path)', roots: setting.containerd, source });
  if (setting.podman) add({ engine: 'podman', who: 'Podman', roots: setting.podman, source });
  if (platform !== 'unix') return orders;
  const prefixes = new Map<string, Set<string>>();
  for (const r of present) {
    const s = toSlash(r);
    const m = SYSTEM_PLACE.exec(s) ?? HOME_PLACE.exec(s);
    if (!m) continue;
    if (!prefixes.has(m[1])) prefixes.set(m[1], new Set());
    if (HOME_PLACE.test(s)) prefixes.get(m[1])!.add(m[2]);
  }
  for (const [prefix, homes] of prefixes) {
    const base = prefix === '' ? '/' : prefix;
    if (!setting.containerd) add({ engine: 'containerd', who: 'containerd (config_path)', roots: containerdConfigPath(releases.containerd, platform, prefix), source: 'standard' });
    if (setting.podman) continue;
    // root, then each user whose ~/.config/containers/certs.d is there (rootless, uid unknown).
    add({ engine: 'podman', who: 'Podman (as root)', roots: podmanRootOrder(releases.podman, { home: path.join(base, 'root'), uid: 0 }, prefix), source: 'standard' });
    for (const h of [...homes].filter((x) => x !== 'root').sort()) {
      add({ engine: 'podman', who: `Podman (user ${h.slice('home/'.length)})`, roots: podmanRootOrder(releases.podman, { home: path.join(base, h) }, prefix), source: 'standard' });
    }
  }
  return orders;
}
