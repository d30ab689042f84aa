/**
 * Finding certs.d roots from a path, the engine a root belongs to, and the order in which engines
 * that read several roots look at them (containerd's config_path, containers/image's search path).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemView, isFsError } from './fsview';
import type { Platform } from './engines/hostFolders';
import { EngineRelease } from './engines/releases';
import { Engine, isCertsdFileName, isDirLike, readEntries } from './tree';

export interface RootLocation {
  path: string;
  engine: Engine;
  engineFromPath: boolean;
  misnamed: boolean;
  onlyHost?: string;
}

/** Names people give a certs.d folder by mistake. */
const MISNAMES = /^(certs?\.?d|certs?|cert[._-]d|certs[._-]d)$/i;
const SKIP = new Set(['node_modules', '.git']);

/**
 * Names of roots the engines read: certs.d, and containers/image's rootful / rootless drop-in roots
 * (image v5.40+, Podman 6: /etc/containers/certs.rootful.d, certs.rootless.d).
 */
export function isRootName(name: string): boolean {
  return name === 'certs.d' || name === 'certs.rootful.d' || name === 'certs.rootless.d';
}

/** Is one of the path's folders named certs.d, or like a misnamed one (cert.d, certs)? */
export function hasCertsdLikeFolder(p: string): boolean {
  return p.split(path.sep).some((part) => isRootName(part) || MISNAMES.test(part));
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
    if (!isDirLike(e) || !/[.:]|^localhost|^_default$/.test(e.name)) continue;
    if (readEntries(fs, e.path).entries.some((f) => isCertsdFileName(f.name) || f.name === 'hosts.toml')) return true;
  }
  return false;
}

function location(p: string, forced: Engine | undefined, misnamed: boolean, onlyHost?: string): RootLocation {
  const fromPath = engineFromPath(p);
  return { path: p, engine: forced ?? fromPath ?? 'docker', engineFromPath: !forced && !!fromPath, misnamed, onlyHost };
}

/**
 * The roots a path stands for: the path itself if it is (or looks like) a certs.d folder; its
 * parent if it is a host folder; otherwise every certs.d folder below it.
 */
export function findRoots(fs: FileSystemView, target: string, forced?: Engine): RootLocation[] {
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
  walk(fs, abs, 0, forced, found);
  return found;
}

function walk(fs: FileSystemView, dir: string, depth: number, forced: Engine | undefined, out: RootLocation[]): void {
  if (depth > 12) return;
  for (const e of readEntries(fs, dir).entries) {
    if (e.type !== 'directory' || SKIP.has(e.name)) continue;
    if (isRootName(e.name)) out.push(location(e.path, forced, false));
    else if (MISNAMES.test(e.name) && looksLikeCertsd(fs, e.path)) out.push(location(e.path, forced, true));
    else walk(fs, e.path, depth + 1, forced, out);
  }
}

/** The roots the engines read on this machine, in the order they look at them. */
export function standardRoots(env: NodeJS.ProcessEnv = process.env): { path: string; engine: Engine }[] {
  const home = env.HOME ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  if (process.platform === 'win32') {
    const programData = env.ProgramData ?? 'C:\\ProgramData';
    return [{ path: path.join(programData, 'docker', 'certs.d'), engine: 'docker' }];
  }
  // Docker Desktop on macOS documents ~/.docker/certs.d; Podman's machine reads the user's folder.
  if (process.platform === 'darwin') {
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
export function orderLocations(fs: FileSystemView, roots: string[], forced: Engine | undefined, orderEngine: Engine): RootLocation[] {
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
