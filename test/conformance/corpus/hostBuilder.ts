/** Collects one host folder's files and labels while the composer adds parts to it. */
import * as path from 'node:path';
import { FileSpec, HostSpec } from './types';

export class HostBuilder {
  private readonly files = new Map<string, FileSpec>();
  private readonly labels: string[] = [];
  /** Set by any part meant to break or surprise a loader. */
  damaged = false;
  /** Loose `.crt` files holding certificates, and client pairs: what a hosts.toml may reference. */
  readonly crts: string[] = [];
  readonly pairs: { cert: string; key: string }[] = [];
  readonly combined: string[] = [];

  constructor(readonly name: string) {}

  label(...labels: string[]): void {
    for (const l of labels) if (!this.labels.includes(l)) this.labels.push(l);
  }

  /** Labels about one file get `@name`. */
  labelFile(file: string, ...labels: string[]): void {
    this.label(...labels.map((l) => `${l}@${file}`));
  }

  has(name: string): boolean {
    return this.files.has(name) || [...this.files.keys()].some((f) => f.startsWith(name + '/'));
  }

  /** `name`, or `stem-2.ext`, `stem-3.ext`... the first that is free. */
  unique(name: string): string {
    if (!this.has(name)) return name;
    const { stem, ext } = splitName(name);
    for (let i = 2; ; i++) {
      const n = `${stem}-${i}${ext}`;
      if (!this.has(n)) return n;
    }
  }

  /** A base name free for both `<base>.cert` and `<base>.key`. */
  uniqueBase(base: string): string {
    for (let i = 1; ; i++) {
      const b = i === 1 ? base : `${base}-${i}`;
      if (!this.has(`${b}.cert`) && !this.has(`${b}.key`)) return b;
    }
  }

  file(name: string, content: Buffer | string, mode = 0o644): string {
    this.put({ name, kind: 'file', content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content, mode });
    return name;
  }

  dir(name: string): string {
    this.put({ name, kind: 'dir' });
    return name;
  }

  symlink(name: string, target: string): string {
    this.put({ name, kind: 'symlink', target });
    return name;
  }

  get(name: string): FileSpec | undefined {
    return this.files.get(name);
  }

  /** Regular files directly in the folder (not in sub-folders, not outside). */
  topFiles(): FileSpec[] {
    return [...this.files.values()].filter((f) => f.kind === 'file' && !f.name.includes('/'));
  }

  replace(name: string, content: Buffer): void {
    const f = this.files.get(name);
    if (!f) throw new Error(`no file ${name}`);
    f.content = content;
  }

  setMode(name: string, mode: number): void {
    const f = this.files.get(name);
    if (f) f.mode = mode;
  }

  build(): HostSpec {
    const files = [...this.files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { name: this.name, files, labels: [...this.labels] };
  }

  private put(f: FileSpec): void {
    if (this.files.has(f.name)) throw new Error(`${this.name}: ${f.name} added twice`);
    this.files.set(f.name, f);
  }
}

function splitName(name: string): { stem: string; ext: string } {
  const dir = path.posix.dirname(name);
  const base = path.posix.basename(name);
  const dot = base.startsWith('.') ? base.indexOf('.', 1) : base.indexOf('.');
  const stem = dot <= 0 ? base : base.slice(0, dot);
  const ext = dot <= 0 ? '' : base.slice(dot);
  return { stem: dir === '.' ? stem : `${dir}/${stem}`, ext };
}
