/**
 * certs.d trees built in a fresh temp folder from a compact description:
 *
 *   const t = makeTree({ 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem, 'client.key': file(key, 0o600) } } });
 *
 * A string or Buffer is a file, a plain object a folder; `file`, `dir` and `symlink` add modes
 * and links. `tempTrees()` inside a mocha `describe` removes every tree it made after the suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const KIND = Symbol('tree-node');

interface FileNode {
  [KIND]: 'file';
  content: string | Buffer;
  mode?: number;
}

interface DirNode {
  [KIND]: 'dir';
  children: TreeSpec;
  mode?: number;
}

interface LinkNode {
  [KIND]: 'symlink';
  /** Relative targets resolve from the link's folder, as `ln -s` does. */
  target: string;
}

export type TreeNode = string | Buffer | FileNode | DirNode | LinkNode | TreeSpec;

export interface TreeSpec {
  [name: string]: TreeNode;
}

export function file(content: string | Buffer, mode?: number): FileNode {
  return { [KIND]: 'file', content, mode };
}

export function dir(children: TreeSpec, mode?: number): DirNode {
  return { [KIND]: 'dir', children, mode };
}

export function symlink(target: string): LinkNode {
  return { [KIND]: 'symlink', target };
}

export interface TempTree {
  /** The temp folder everything was written under. */
  base: string;
  /** An absolute path under the temp folder. */
  path(...parts: string[]): string;
  remove(): void;
}

function isNode(n: TreeNode): n is FileNode | DirNode | LinkNode {
  return typeof n === 'object' && !Buffer.isBuffer(n) && KIND in n;
}

function write(at: string, spec: TreeSpec): void {
  // Folders get their mode after their content is written (a 0o500 folder could not be filled).
  const modes: [string, number][] = [];
  for (const [name, node] of Object.entries(spec)) {
    const p = path.join(at, name);
    if (typeof node === 'string' || Buffer.isBuffer(node)) {
      fs.writeFileSync(p, node);
    } else if (!isNode(node)) {
      fs.mkdirSync(p);
      write(p, node);
    } else if (node[KIND] === 'file') {
      fs.writeFileSync(p, node.content);
      if (node.mode !== undefined) fs.chmodSync(p, node.mode);
    } else if (node[KIND] === 'dir') {
      fs.mkdirSync(p);
      write(p, node.children);
      if (node.mode !== undefined) modes.push([p, node.mode]);
    } else {
      fs.symlinkSync(node.target, p);
    }
  }
  for (const [p, mode] of modes) fs.chmodSync(p, mode);
}

/** Writes `spec` into a new folder under the system temp folder. */
export function makeTree(spec: TreeSpec, prefix = 'certsd-test-'): TempTree {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  write(base, spec);
  return {
    base,
    path: (...parts) => path.join(base, ...parts),
    remove: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

/** A tree factory for one mocha suite: every tree it makes is removed after the suite. */
export function tempTrees(): (spec: TreeSpec) => TempTree {
  const made: TempTree[] = [];
  after(() => {
    for (const t of made.splice(0)) t.remove();
  });
  return (spec) => {
    const t = makeTree(spec);
    made.push(t);
    return t;
  };
}
