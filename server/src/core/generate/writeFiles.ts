/**
 * Writing newly generated files (a key, a certificate, a CSR) into a host folder: never over an
 * existing file, private keys readable by their owner only, and all or nothing. When the folder
 * belongs to root (/etc/docker/certs.d), nothing is written and the user gets a command to run
 * with sudo that does the same.
 */
import { sudoInstall } from '../sudoScripts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface NewFile {
  /** Absolute path. */
  path: string;
  content: string;
  /** Permission bits. Default: 0o600 for a PEM private key, else 0o666 less the umask. */
  mode?: number;
}

/** Compatible with GenerateResult in protocol.ts. */
export type WriteResult = { ok: true; written: string[] } | { ok: false; message: string; shellCommand?: string };

/** The file operations writeNewFiles needs; injected so that tests can simulate what root cannot (EACCES). */
export interface WriteFileSystem {
  /** Whether anything, even a dangling symlink, is at `p` (lstat). Throws on errors other than ENOENT. */
  exists(p: string): boolean;
  /** open(2) with O_WRONLY | O_CREAT | O_EXCL: fails with EEXIST if anything is at `p`. */
  open(p: string, flags: 'wx', mode: number): number;
  write(fd: number, content: string): void;
  /** fchmod: on the descriptor, so it is the file just created that changes, whatever the path now is. */
  chmod(fd: number, mode: number): void;
  close(fd: number): void;
  unlink(p: string): void;
  /** A new private (0700) folder under the system temp folder. */
  makeTempDir(): string;
  /** rmdir: removes a folder only when it is empty. */
  removeDir(p: string): void;
}

export const nodeWriteFileSystem: WriteFileSystem = {
  exists(p) {
    try {
      fs.lstatSync(p);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  },
  // O_EXCL with O_CREAT never follows a link at the name (it fails with EEXIST); O_NOFOLLOW says so twice.
  open: (p, _flags, mode) => fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode),
  write: (fd, content) => fs.writeFileSync(fd, content),
  chmod: (fd, mode) => fs.fchmodSync(fd, mode),
  close: (fd) => fs.closeSync(fd),
  unlink: (p) => fs.unlinkSync(p),
  makeTempDir: () => fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-')),
  removeDir: (p) => fs.rmdirSync(p),
};

const KEY_MODE = 0o600;
/** What a file without an explicit mode gets from the shell command (0666 under root's usual umask 022). */
const SHELL_DEFAULT_MODE = 0o644;

function isPrivateKey(content: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(content);
}

function modeOf(f: NewFile): number | undefined {
  return f.mode ?? (isPrivateKey(f.content) ? KEY_MODE : undefined);
}

function codeOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

class WriteFailure extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

/**
 * Where a generate command may write: a host folder directly in one of the certs.d roots being
 * checked, named without `.` or `..` segments, that is a folder (or a link to one that stays inside
 * its root). Undefined when it may; else why not, in words for the user.
 */
export function hostFolderProblem(hostPath: string, roots: readonly string[]): string | undefined {
  if (typeof hostPath !== 'string' || !path.isAbsolute(hostPath)) return 'the host folder must be given as an absolute path';
  if (hostPath.split(/[\\/]/).some((part) => part === '.' || part === '..') || path.normalize(hostPath) !== hostPath || hostPath.endsWith(path.sep)) {
    return `${hostPath} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`;
  }
  const root = roots.find((r) => path.dirname(hostPath) === path.resolve(r));
  if (!root) return `${hostPath} is not a host folder of a certs.d folder being checked: files are only written into one`;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(hostPath);
  } catch (e) {
    return `${hostPath} cannot be used (${codeOf(e)})`;
  }
  if (st.isSymbolicLink()) {
    try {
      const rel = path.relative(fs.realpathSync(root), fs.realpathSync(hostPath));
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return `${hostPath} is a link to a folder outside ${root}: files are only written inside it`;
      if (!fs.statSync(hostPath).isDirectory()) return `${hostPath} is not a folder`;
    } catch (e) {
      return `${hostPath} cannot be used (${codeOf(e)})`;
    }
  } else if (!st.isDirectory()) {
    return `${hostPath} is not a folder`;
  }
  return undefined;
}

/**
 * Creates every file, or none. Existing files are never touched: each target is checked first,
 * then created with O_EXCL so that one appearing in between is not overwritten either. With
 * `within`, every target must be a plain name directly in that folder.
 */
export function writeNewFiles(files: NewFile[], wfs: WriteFileSystem = nodeWriteFileSystem, options: { within?: string } = {}): WriteResult {
  if (options.within !== undefined) {
    const within = options.within;
    const outside = files.find((f) => path.dirname(f.path) !== within || f.path.split(/[\\/]/).some((part) => part === '.' || part === '..'));
    if (outside) return { ok: false, message: `${outside.path} is not directly in ${within}. Nothing was written.` };
  }
  const targets = files.map((f) => ({ ...f, path: path.resolve(f.path) }));
  try {
    for (const f of targets) {
      let exists: boolean;
      try {
        exists = wfs.exists(f.path);
      } catch (e) {
        throw new WriteFailure(codeOf(e), f.path);
      }
      if (exists) throw new WriteFailure('EEXIST', f.path);
    }
    const written = createAll(targets, wfs);
    return { ok: true, written };
  } catch (e) {
    if (!(e instanceof WriteFailure)) throw e;
    return failure(e, targets, wfs);
  }
}

/** Creates the files in order; on any failure removes those already created, then throws WriteFailure. */
function createAll(targets: NewFile[], wfs: WriteFileSystem): string[] {
  const created: string[] = [];
  try {
    for (const f of targets) {
      writeOne(f.path, f.content, modeOf(f), wfs, () => created.push(f.path));
    }
    return created;
  } catch (e) {
    for (const p of created.reverse()) {
      try {
        wfs.unlink(p);
      } catch {
        // Nothing more to do: the failure reported is the first one.
      }
    }
    throw e;
  }
}

function writeOne(p: string, content: string, mode: number | undefined, wfs: WriteFileSystem, onCreated: () => void): void {
  let fd: number;
  try {
    // The mode at creation keeps the key private from the first byte; the umask can only narrow it.
    fd = wfs.open(p, 'wx', mode ?? 0o666);
  } catch (e) {
    throw new WriteFailure(codeOf(e), p);
  }
  onCreated();
  try {
    // ...and fchmod makes it exactly `mode` whatever the umask (0o277 would give 0o400).
    if (mode !== undefined) wfs.chmod(fd, mode);
    wfs.write(fd, content);
  } catch (e) {
    throw new WriteFailure(codeOf(e), p);
  } finally {
    try {
      wfs.close(fd);
    } catch {
      // A close error after a complete write on a local file: nothing useful to report.
    }
  }
}

function failure(e: WriteFailure, targets: NewFile[], wfs: WriteFileSystem): WriteResult {
  const dir = path.dirname(e.path);
  switch (e.code) {
    case 'EEXIST':
      return { ok: false, message: `${e.path} already exists. Nothing was written: move that file away or choose another name.` };
    case 'EACCES':
    case 'EPERM':
      return needsRoot(dir, targets, wfs);
    case 'ENOENT':
      return { ok: false, message: `The folder ${dir} does not exist. Nothing was written.` };
    case 'EROFS':
      return { ok: false, message: `${dir} is on a read-only file system. Nothing was written.` };
    default:
      return { ok: false, message: `Could not write ${e.path} (${e.code}). Nothing was written.` };
  }
}

function needsRoot(dir: string, targets: NewFile[], wfs: WriteFileSystem): WriteResult {
  const message = `Permission denied writing to ${dir}: the folder needs root. Nothing was written.`;
  let staged: { tempDir: string; sources: string[] };
  try {
    staged = stage(targets, wfs);
  } catch (e) {
    return { ok: false, message: `${message} (The files could not be prepared for a sudo command either: ${codeOf(e)} in the temp folder.)` };
  }
  return {
    ok: false,
    message: `${message} Run the command below in a terminal: it copies the files in with sudo, with the same modes, and refuses to overwrite anything. The files wait in ${staged.tempDir} (readable by you only) until then.`,
    shellCommand: sudoInstall(
      staged.tempDir,
      targets.map((f, i) => ({ source: staged.sources[i], target: f.path, mode: modeOf(f) ?? SHELL_DEFAULT_MODE })),
    ),
  };
}

/** Copies of the files in a new private temp folder, each 0600: they may hold a private key. */
function stage(targets: NewFile[], wfs: WriteFileSystem): { tempDir: string; sources: string[] } {
  const tempDir = wfs.makeTempDir();
  const sources: string[] = [];
  try {
    targets.forEach((f, i) => {
      const source = path.join(tempDir, `${i + 1}-${path.basename(f.path)}`);
      writeOne(source, f.content, KEY_MODE, wfs, () => sources.push(source));
    });
  } catch (e) {
    for (const s of sources) {
      try {
        wfs.unlink(s);
      } catch {
        // Best effort: the folder is private to the user anyway.
      }
    }
    try {
      wfs.removeDir(tempDir);
    } catch {
      // Left when a copy could not be removed: still private to the user.
    }
    throw e;
  }
  return { tempDir, sources };
}


