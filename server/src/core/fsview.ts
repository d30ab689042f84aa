/**
 * The file system as the core sees it. Injected so that the language server can overlay unsaved
 * documents, and tests can simulate what root cannot (a permission error, say).
 * Synchronous on purpose: a check is CPU-bound and the engines' own loaders are synchronous too.
 */
import * as fs from 'node:fs';
import { nameFromBytes, toFsPath } from './fsNames';

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
  /**
   * A regular file's bytes (links followed), at most MAX_READ_BYTES of them. Throws FsError:
   * EISDIR for a folder, and for what certsd must never read (see specialFileError): a named pipe
   * (EFIFO), a socket (ENXIO, as open(2) says), a device (EDEVICE, EENDLESS), a file over the limit (EFBIG).
   */
  readFile(path: string): Uint8Array;
  /** The path with every symbolic link resolved (realpath(3)). Throws FsError. Optional: views without it are treated as unable to tell. */
  realPath?(path: string): string;
}

/**
 * What the language server asks as well, before it offers a change the editor will make (a
 * rename, a new file) or the sudo command that makes it in a folder root owns. Nothing here
 * writes: the editor applies the WorkspaceEdit, or the user runs the command.
 */
export interface EditorFileSystemView extends FileSystemView {
  /** Is the name taken: lstat(2) finds something there, a dangling symbolic link included? */
  exists(path: string): boolean;
  /** access(2) W_OK on a folder: can this user create and rename entries in it? (Not in root's /etc/docker/certs.d.) */
  canWrite(dir: string): boolean;
}

/** Certificates, keys and hosts.toml files are a few kilobytes; a CA bundle a few hundred. Bigger files are not read. */
export const MAX_READ_BYTES = 1024 * 1024;

/** An operating system error, with the errno code Node uses (ENOENT, EACCES, EISDIR, ...), or one of certsd's own (SPECIAL_CODES). */
export class FsError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
    message?: string,
    /** For EFBIG: the file's size. For EDEVICE / EENDLESS: which device. */
    readonly detail?: { size?: number; device?: string },
  ) {
    super(message ?? `${code}: ${path}`);
    this.name = 'FsError';
  }
}

/** certsd's own codes, for files it refuses to read (no errno: the engine itself would read them). */
export const SPECIAL_CODES = ['EFIFO', 'EDEVICE', 'EENDLESS', 'EFBIG'] as const;

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

/** Linux's major and minor device numbers (glibc's gnu_dev_major / gnu_dev_minor). */
function deviceNumbers(rdev: number): [number, number] {
  const r = BigInt(rdev);
  const major = Number(((r >> 8n) & 0xfffn) | ((r >> 32n) & ~0xfffn));
  const minor = Number((r & 0xffn) | ((r >> 12n) & ~0xffn));
  return [major, minor];
}

/** Character devices Go's os.ReadFile reads without end (Linux's mem driver, major 1): the engine runs out of memory. */
const ENDLESS_DEVICES: Record<number, string> = { 5: '/dev/zero', 7: '/dev/full', 8: '/dev/random', 9: '/dev/urandom' };
const DEV_NULL: [number, number] = [1, 3];

/**
 * Why a file that is not a regular file or a folder is not read, or undefined for /dev/null, which
 * reads as empty (to Go as to us). What each does to the engine was seen with its own code (the
 * conformance harness, on a tree with such files): a named pipe makes os.ReadFile block forever
 * (every loader hangs: docker, podman, containerd, hosts.toml too); a socket fails to open with
 * "no such device or address"; /dev/zero is read until the process dies with "fatal error: out of memory".
 */
function specialFileError(s: fs.Stats, path: string): FsError | undefined {
  if (s.isFIFO()) return new FsError('EFIFO', path, `named pipe: ${path}`);
  if (s.isSocket()) return new FsError('ENXIO', path, `socket: ${path}`);
  if (s.isCharacterDevice() || s.isBlockDevice()) {
    const [major, minor] = deviceNumbers(s.rdev);
    if (s.isCharacterDevice() && major === DEV_NULL[0] && minor === DEV_NULL[1]) return undefined;
    const endless = s.isCharacterDevice() && major === 1 ? ENDLESS_DEVICES[minor] : undefined;
    if (endless) return new FsError('EENDLESS', path, `endless device ${endless}: ${path}`, { device: endless });
    const device = `${s.isCharacterDevice() ? 'character' : 'block'} device ${major}:${minor}`;
    return new FsError('EDEVICE', path, `${device}: ${path}`, { device });
  }
  return undefined;
}

/** The error for a file over MAX_READ_BYTES (the language server gives it for an open document over the cap too). */
export function tooBig(path: string, size: number): FsError {
  return new FsError('EFBIG', path, `${size} bytes, over the ${MAX_READ_BYTES} certsd reads: ${path}`, { size });
}

/**
 * Reads a regular file without ever blocking and without reading more than MAX_READ_BYTES. The
 * type is checked twice: by stat before opening (so a FIFO or a device is never even opened), and
 * by fstat on the descriptor after (so a file swapped for a pipe in between is caught; O_NONBLOCK
 * keeps that open from blocking). A regular file of size 0 is not read: real empty files have
 * nothing to read, and the pseudo-files of /proc report 0 (reading /proc/kmsg as root would block
 * and take messages off the kernel log).
 */
function readRegularFile(path: string): Buffer {
  const p = toFsPath(path);
  const before = fs.statSync(p);
  if (before.isDirectory()) throw new FsError('EISDIR', path, `is a directory: ${path}`);
  if (!before.isFile()) {
    const special = specialFileError(before, path);
    if (special) throw special;
    return Buffer.alloc(0);
  }
  if (before.size > MAX_READ_BYTES) throw tooBig(path, before.size);
  const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  try {
    const s = fs.fstatSync(fd);
    if (s.isDirectory()) throw new FsError('EISDIR', path, `is a directory: ${path}`);
    if (!s.isFile()) {
      const special = specialFileError(s, path);
      if (special) throw special;
      return Buffer.alloc(0);
    }
    if (s.size > MAX_READ_BYTES) throw tooBig(path, s.size);
    if (s.size === 0) return Buffer.alloc(0);
    // One byte more than fstat's size, so never more than the limit + 1 bytes: a file fstat saw at the
    // limit that grew since is caught as too big; one seen smaller that grows meanwhile is read as
    // its first size + 1 bytes (a torn read, as any read of a file being written).
    const buf = Buffer.alloc(Math.min(s.size, MAX_READ_BYTES) + 1);
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > MAX_READ_BYTES) throw tooBig(path, n);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeFileSystem: EditorFileSystemView = {
  readDir(dir) {
    try {
      // Names as bytes: Go's os.ReadDir gives the engines the bytes, whatever they are.
      return fs.readdirSync(toFsPath(dir), { withFileTypes: true, encoding: 'buffer' }).map((d) => ({ name: nameFromBytes(d.name as unknown as Buffer), type: typeOf(d) }));
    } catch (e) {
      throw toFsError(e, dir);
    }
  },
  stat(path) {
    try {
      const s = fs.statSync(toFsPath(path));
      const type = s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
      return { type, mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
    } catch (e) {
      throw toFsError(e, path);
    }
  },
  readFile(path) {
    try {
      return readRegularFile(path);
    } catch (e) {
      throw toFsError(e, path);
    }
  },
  realPath(path) {
    try {
      return nameFromBytes(fs.realpathSync.native(toFsPath(path), { encoding: 'buffer' }));
    } catch (e) {
      throw toFsError(e, path);
    }
  },
  exists(path) {
    try {
      fs.lstatSync(toFsPath(path));
      return true;
    } catch {
      return false;
    }
  },
  canWrite(dir) {
    try {
      fs.accessSync(toFsPath(dir), fs.constants.W_OK);
      return true;
    } catch {
      return false;
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
  ENXIO: 'no such device or address',
};

/**
 * The error os.ReadFile / os.ReadDir return, as Go prints it: `open <path>: <errno text>`.
 * Opening a folder succeeds in Go; it is the read that fails, hence `read <path>: is a directory`.
 * For the files certsd does not read (SPECIAL_CODES) Go has no error to print: the text says
 * what the engine does instead.
 */
export function goPathError(e: FsError, path: string): string {
  switch (e.code) {
    case 'EFIFO':
      return `${path} is a named pipe (FIFO): the engine's read of it blocks until something writes to the pipe, so the engine hangs there`;
    case 'EENDLESS':
      return `${path} is ${e.detail?.device ?? 'a device that never ends'}: the engine reads it without end and dies with "fatal error: out of memory"`;
    case 'EDEVICE':
      return `${path} is a ${e.detail?.device ?? 'device'}: certsd does not read devices (the engine reads whatever the device gives)`;
    case 'EFBIG':
      // A view that gives no size (a third-party one) still reads as a sentence.
      return e.detail?.size === undefined
        ? `certsd did not read ${path}: it is over the ${MAX_READ_BYTES} bytes (1 MiB) it reads (the engine reads it whole)`
        : `certsd did not read ${path}: it is ${e.detail.size} bytes, over the ${MAX_READ_BYTES} bytes (1 MiB) it reads (the engine reads it whole)`;
  }
  const op = e.code === 'EISDIR' ? 'read' : 'open';
  return `${op} ${path}: ${GO_ERRNO_TEXT[e.code] ?? e.code.toLowerCase()}`;
}

/** A few words for why a file could not be read, for messages that are not the engine's. */
export function describeUnread(e: FsError): string {
  switch (e.code) {
    case 'EFIFO':
      return 'it is a named pipe (FIFO), not a file';
    case 'ENXIO':
      return 'it is a socket, not a file';
    case 'EENDLESS':
    case 'EDEVICE':
      return `it is ${e.detail?.device ?? 'a device'}, not a file`;
    case 'EFBIG':
      return e.detail?.size === undefined ? 'it is more than the 1 MiB certsd reads' : `it is ${e.detail.size} bytes, more than the 1 MiB certsd reads`;
    default:
      return GO_ERRNO_TEXT[e.code] ?? e.code;
  }
}

/** Is this one of the files certsd refuses to read (a pipe, a device, a file over the limit)? */
export function isUnreadFile(e: FsError | undefined): boolean {
  return !!e && (SPECIAL_CODES as readonly string[]).includes(e.code);
}

const GO_SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/**
 * Go's %q (strconv.Quote) for a path: double quotes; the quote and the backslash escaped; the
 * short escapes (a, b, f, n, r, t, v); other characters unicode.IsPrint refuses (controls, C1,
 * format characters such as bidi overrides, separators other than the ASCII space, unassigned code
 * points) as x / u / U escapes; and a raw byte (see fsNames.ts) as x, as Go writes a byte that is
 * not UTF-8. Checked against Go 1.26's own output (test/unit/hostileNames.test.ts).
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (GO_SHORT_ESCAPES[ch]) out += GO_SHORT_ESCAPES[ch];
    else if (c >= 0xdc80 && c <= 0xdcff && ch.length === 1) out += '\\x' + (c - 0xdc00).toString(16).padStart(2, '0');
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
