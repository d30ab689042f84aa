/**
 * The file system as the core sees it. Injected so that the language server can overlay unsaved
 * documents, and tests can simulate what root cannot (a permission error, say).
 * Synchronous on purpose: a check is CPU-bound and the engines' own loaders are synchronous too.
 */
import * as fs from 'node:fs';

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  /** The entry's own type, as Go's os.ReadDir reports it (lstat: a symlink stays a symlink). */
  type: EntryType;
}

export interface FileStat {
  type: Exclude<EntryType, 'symlink'>;
  mode: number;
  size: number;
  mtimeMs: number;
}

export interface FileSystemView {
  /** Entries of a folder, in no particular order. Throws FsError. */
  readDir(dir: string): DirEntry[];
  /** Follows symlinks. Throws FsError. */
  stat(path: string): FileStat;
  /** Throws FsError; reading a folder throws EISDIR. */
  readFile(path: string): Uint8Array;
}

/** An operating system error, with the errno code Node uses (ENOENT, EACCES, EISDIR, ...). */
export class FsError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${path}`);
    this.name = 'FsError';
  }
}

export function isFsError(e: unknown): e is FsError {
  return e instanceof FsError;
}

function toFsError(e: unknown, path: string): FsError {
  if (e instanceof FsError) return e;
  const err = e as NodeJS.ErrnoException;
  return new FsError(err.code ?? 'EIO', path, err.message);
}

function typeOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'directory';
  return 'other';
}

export const nodeFileSystem: FileSystemView = {
  readDir(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, type: typeOf(d) }));
    } catch (e) {
      throw toFsError(e, dir);
    }
  },
  stat(path) {
    try {
      const s = fs.statSync(path);
      const type = s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
      return { type, mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
    } catch (e) {
      throw toFsError(e, path);
    }
  },
  readFile(path) {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      throw toFsError(e, path);
    }
  },
};

/** The text Go's syscall.Errno.Error() gives for the codes a certs.d loader can meet. */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
};

/**
 * The error os.ReadFile / os.ReadDir return, as Go prints it: `open <path>: <errno text>`.
 * Opening a folder succeeds in Go; it is the read that fails, hence `read <path>: is a directory`.
 */
export function goPathError(e: FsError, path: string): string {
  const op = e.code === 'EISDIR' ? 'read' : 'open';
  return `${op} ${path}: ${GO_ERRNO_TEXT[e.code] ?? e.code.toLowerCase()}`;
}

/** Go's %q for a path: a double-quoted string with Go's escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}
