/** The shape of a certs.d root on disk: host folders and their entries, in the engines' order. */
import * as path from 'node:path';
import { DirEntry, EntryType, FileSystemView, FsError, isFsError } from './fsview';
import { compareNameBytes } from './fsNames';

export type Engine = 'docker' | 'podman' | 'containerd';
export const ENGINES: readonly Engine[] = ['docker', 'podman', 'containerd'];

export const ENGINE_NAMES: Record<Engine, string> = { docker: 'Docker', podman: 'Podman', containerd: 'containerd' };

export interface HostEntry {
  name: string;
  path: string;
  /** The entry itself, as os.ReadDir reports it. */
  type: EntryType;
  /** For a symlink: what it points to ('missing' when dangling). */
  target?: 'file' | 'directory' | 'other' | 'missing' | 'error';
}

export interface HostDir {
  root: string;
  name: string;
  path: string;
  /** Sorted by name, byte-wise, as Go's os.ReadDir returns them. Empty when unreadable. */
  entries: HostEntry[];
  readError?: FsError;
}

export interface CertsdRoot {
  path: string;
  engine: Engine;
  /** The engine was taken from the path (not forced by the user). */
  engineFromPath: boolean;
  /** Named `cert.d`, `certs`, ...: no engine reads it. */
  misnamed: boolean;
  hosts: HostDir[];
  /** Files (and symlinks) directly in the root: never read. */
  strayFiles: HostEntry[];
  /** Set when the user pointed at some host folders only (or files in them): only those are checked. */
  onlyHosts?: string[];
}

/** A name the engines read in a host folder: `.crt` (CA roots), `.cert` and `.key` (client pairs). */
export function isCertsdFileName(name: string): boolean {
  return name.endsWith('.crt') || name.endsWith('.cert') || name.endsWith('.key');
}

/** Go sorts directory entries by name as bytes; JavaScript's default sort compares UTF-16 units. */
export function compareNames(a: string, b: string): number {
  return compareNameBytes(a, b);
}

export function toHostEntry(fs: FileSystemView, dir: string, d: DirEntry): HostEntry {
  const p = path.join(dir, d.name);
  const entry: HostEntry = { name: d.name, path: p, type: d.type };
  if (d.type === 'symlink') {
    try {
      entry.target = fs.stat(p).type;
    } catch (e) {
      if (!isFsError(e)) throw e;
      entry.target = e.code === 'ENOENT' ? 'missing' : 'error';
    }
  }
  return entry;
}

export function readEntries(fs: FileSystemView, dir: string): { entries: HostEntry[]; error?: FsError } {
  try {
    const list = fs.readDir(dir).sort((a, b) => compareNames(a.name, b.name));
    return { entries: list.map((d) => toHostEntry(fs, dir, d)) };
  } catch (e) {
    if (!isFsError(e)) throw e;
    return { entries: [], error: e };
  }
}

export function readHostDir(fs: FileSystemView, root: string, name: string): HostDir {
  const p = path.join(root, name);
  const { entries, error } = readEntries(fs, p);
  return { root, name, path: p, entries, readError: error };
}

/** Is this entry something the engines would treat as a folder (a folder, or a symlink to one)? */
export function isDirLike(e: HostEntry): boolean {
  return e.type === 'directory' || (e.type === 'symlink' && e.target === 'directory');
}

export function readRoot(fs: FileSystemView, rootPath: string, engine: Engine, opts: { engineFromPath: boolean; misnamed: boolean; onlyHosts?: readonly string[] }): CertsdRoot {
  const { entries } = readEntries(fs, rootPath);
  const hosts: HostDir[] = [];
  const strayFiles: HostEntry[] = [];
  for (const e of entries) {
    if (opts.onlyHosts !== undefined && !opts.onlyHosts.includes(e.name)) continue;
    if (isDirLike(e)) hosts.push(readHostDir(fs, rootPath, e.name));
    else strayFiles.push(e);
  }
  return { path: rootPath, engine, engineFromPath: opts.engineFromPath, misnamed: opts.misnamed, hosts, strayFiles, onlyHosts: opts.onlyHosts && [...opts.onlyHosts] };
}
