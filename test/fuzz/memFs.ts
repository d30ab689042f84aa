/**
 * An in-memory file system port for fuzzing and for the language server's tests: no disk, so a
 * hundred thousand trees cost nothing, and a folder can belong to root (readOnly) for a test that
 * runs as root.
 */
import * as path from 'node:path';
import { DirEntry, EditorFileSystemView, FileStat, FsError, MAX_READ_BYTES } from '../../server/src/core/fsview';

export type MemNode = Buffer | { dir: true } | { link: string } | { special: 'fifo' | 'socket' | 'char-device' };

export class MemFileSystem implements EditorFileSystemView {
  readonly nodes = new Map<string, MemNode>();
  /** Folders the user cannot write into (as root's /etc/docker/certs.d is to everyone else). */
  readonly readOnly = new Set<string>();

  constructor(files: Record<string, Buffer | string | MemNode> = {}) {
    for (const [p, v] of Object.entries(files)) this.put(p, typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  }

  put(p: string, node: MemNode): void {
    for (let d = path.dirname(p); d !== path.dirname(d); d = path.dirname(d)) if (!this.nodes.has(d)) this.nodes.set(d, { dir: true });
    this.nodes.set(p, node);
  }

  private resolve(p: string, depth = 0): { path: string; node: MemNode } {
    if (depth > 40) throw new FsError('ELOOP', p);
    const node = this.nodes.get(p);
    if (!node) throw new FsError('ENOENT', p);
    if (!Buffer.isBuffer(node) && 'link' in node) return this.resolve(path.resolve(path.dirname(p), node.link), depth + 1);
    return { path: p, node };
  }

  readDir(dir: string): DirEntry[] {
    const { path: real, node } = this.resolve(dir);
    if (Buffer.isBuffer(node) || !('dir' in node)) throw new FsError('ENOTDIR', dir);
    const out: DirEntry[] = [];
    for (const [p, n] of this.nodes) {
      if (path.dirname(p) !== real || p === real) continue;
      const type = Buffer.isBuffer(n) ? 'file' : 'dir' in n ? 'directory' : 'link' in n ? 'symlink' : 'other';
      out.push({ name: path.basename(p), type });
    }
    return out;
  }

  stat(p: string): FileStat {
    const { node } = this.resolve(p);
    if (Buffer.isBuffer(node)) return { type: 'file', mode: 0o644, size: node.length, mtimeMs: 0 };
    return { type: 'dir' in node ? 'directory' : 'other', mode: 0o755, size: 0, mtimeMs: 0 };
  }

  readFile(p: string): Uint8Array {
    const { node } = this.resolve(p);
    if (Buffer.isBuffer(node)) {
      if (node.length > MAX_READ_BYTES) throw new FsError('EFBIG', p, undefined, { size: node.length });
      return node;
    }
    if ('dir' in node) throw new FsError('EISDIR', p);
    if ('special' in node) {
      if (node.special === 'fifo') throw new FsError('EFIFO', p);
      if (node.special === 'socket') throw new FsError('ENXIO', p);
      throw new FsError('EENDLESS', p, undefined, { device: '/dev/zero' });
    }
    throw new FsError('EIO', p);
  }

  realPath(p: string): string {
    return this.resolve(p).path;
  }

  /** lstat: the last name is not followed, so a dangling link is there too. */
  exists(p: string): boolean {
    try {
      return this.nodes.has(path.join(this.resolve(path.dirname(p)).path, path.basename(p)));
    } catch {
      return false;
    }
  }

  canWrite(dir: string): boolean {
    try {
      const { path: real, node } = this.resolve(dir);
      return !Buffer.isBuffer(node) && 'dir' in node && !this.readOnly.has(real);
    } catch {
      return false;
    }
  }
}
