/** Finding certs.d roots from a path, and the engine a root belongs to. */
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemView, isFsError } from './fsview';
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

/** Is one of the path's folders named certs.d, or like a misnamed one (cert.d, certs)? */
export function hasCertsdLikeFolder(p: string): boolean {
  return p.split(path.sep).some((part) => part === 'certs.d' || MISNAMES.test(part));
}

/** The engine whose standard root this path is (or sits under). */
export function engineFromPath(p: string): Engine | undefined {
  const s = p.split(path.sep).join('/');
  if (/(^|\/)containerd\/certs\.d(\/|$)/.test(s)) return 'containerd';
  if (/(^|\/)containers\/certs\.d(\/|$)/.test(s)) return 'podman';
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
    if (path.basename(root) === 'certs.d') return [location(root, forced, false, path.basename(hostDir))];
    if (path.basename(hostDir) === 'certs.d') return [location(hostDir, forced, false)];
    return [];
  }
  const name = path.basename(abs);
  if (name === 'certs.d') return [location(abs, forced, false)];
  if (path.basename(path.dirname(abs)) === 'certs.d') return [location(path.dirname(abs), forced, false, name)];
  if (looksLikeCertsd(fs, abs)) return [location(abs, forced, MISNAMES.test(name))];
  const found: RootLocation[] = [];
  walk(fs, abs, 0, forced, found);
  return found;
}

function walk(fs: FileSystemView, dir: string, depth: number, forced: Engine | undefined, out: RootLocation[]): void {
  if (depth > 12) return;
  for (const e of readEntries(fs, dir).entries) {
    if (e.type !== 'directory' || SKIP.has(e.name)) continue;
    if (e.name === 'certs.d') out.push(location(e.path, forced, false));
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
  return [
    { path: '/etc/docker/certs.d', engine: 'docker' },
    { path: path.join(xdg, 'docker', 'certs.d'), engine: 'docker' },
    { path: path.join(home, '.docker', 'certs.d'), engine: 'docker' },
    // containers/image ignores XDG_CONFIG_HOME here.
    { path: path.join(home, '.config', 'containers', 'certs.d'), engine: 'podman' },
    { path: '/etc/containers/certs.d', engine: 'podman' },
    { path: '/etc/containerd/certs.d', engine: 'containerd' },
  ];
}
