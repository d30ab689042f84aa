/** The corpus's data model, shared by the generator, the hand-written cases and the CLI. */

export interface FileSpec {
  /**
   * Path inside the host folder (`ca.crt`, `sub/x.crt`). A name starting with `../` is a file
   * beside the host folder, in the certs.d root (the target of an outside symlink).
   */
  name: string;
  kind: 'file' | 'dir' | 'symlink';
  content?: Buffer;
  mode?: number;
  /** Symlink target, relative to the host folder (every symlink sits directly in it). */
  target?: string;
}

export interface HostSpec {
  /** Folder name, unique in the corpus. */
  name: string;
  files: FileSpec[];
  /**
   * What the generator put in the folder, `family:detail`, with `@file` when about one file:
   * `folder:damaged`, `ca:chain-leaf-first@bundle.crt`, `pair:key-pkcs8@client.key`.
   */
  labels: string[];
}

export interface CorpusOptions {
  seed: number;
  count: number;
}

/** The label families; every label starts with one of them and a colon. */
export const LABEL_FAMILIES = [
  'folder',
  'host',
  'ca',
  'pair',
  'key',
  'cert',
  'other',
  'hidden',
  'appledouble',
  'subdir',
  'symlink',
  'outside',
  'empty',
  'mode',
  'hosts.toml',
  'mutation',
] as const;

/** Families only the hand-written cases use: the table row, and the server files of C8/C9. */
export const SPEC_LABEL_FAMILIES = ['spec', 'server'] as const;

/** `ca:bom@ca.crt` -> `ca:bom` (what histograms count). */
export function labelBase(label: string): string {
  const at = label.indexOf('@');
  return at < 0 ? label : label.slice(0, at);
}

/** `ca:bom@ca.crt` -> `ca`. */
export function labelFamily(label: string): string {
  return label.slice(0, label.indexOf(':'));
}
