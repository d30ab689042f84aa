/**
 * hosts.toml as text: every key with where it stands, the file paths and capabilities it names,
 * and text edits that add a key or a reference while keeping the file valid TOML. No containerd
 * semantics here beyond which keys name files (those live in hostsToml.ts).
 */
import * as path from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';

/** Zero-based line and character (UTF-16), as LSP counts them. */
export interface TomlRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface TomlTextEdit {
  range: TomlRange;
  newText: string;
}

/** A key = value of the file with its full path (`host`, `https://m`, `ca`) and where it stands. */
export interface TomlEntry {
  path: string[];
  /** The key, for "unknown key" findings. */
  keyRange: TomlRange;
  /** Where each part of `path` is written (parts from an enclosing table or inline table: there). */
  partRanges: TomlRange[];
  /** The whole key = value (or the table header). */
  range: TomlRange;
  /** Written as a `[table]` header rather than key = value. */
  table: boolean;
  /** Defined inside an inline table `{ ... }`. */
  inline: boolean;
  /** The value node (absent for a table header). */
  value?: AST.TOMLContentNode;
}

export type TomlLoc = { start: { line: number; column: number }; end: { line: number; column: number } };

export function toRange(loc: TomlLoc): TomlRange {
  return toRangeDefault(loc);
}

function toRangeDefault(loc: TomlLoc): TomlRange {
  return { start: { line: loc.start.line - 1, character: loc.start.column }, end: { line: loc.end.line - 1, character: loc.end.column } };
}

export function keyName(k: AST.TOMLKey['keys'][number]): string {
  return k.type === 'TOMLBare' ? k.name : String(k.value);
}

/** TOML 1.0 as toml-eslint-parser reads it; throws on a syntax error. */
export function parseHostsTomlAst(text: string): AST.TOMLProgram {
  return parseTOML(text, { tomlVersion: '1.0.0' });
}

/**
 * Every key of the file with its full path, tables included, inline tables walked into.
 * `toRange`: where a node stands, when the text parsed is not the user's (see hostsTomlV1.ts).
 */
export function entriesOf(ast: AST.TOMLProgram, toRange: (loc: TomlLoc) => TomlRange = toRangeDefault): TomlEntry[] {
  const out: TomlEntry[] = [];
  const walk = (kv: AST.TOMLKeyValue, prefix: string[], prefixRanges: TomlRange[], inline: boolean) => {
    const p = [...prefix, ...kv.key.keys.map(keyName)];
    const ranges = [...prefixRanges, ...kv.key.keys.map((k) => toRange(k.loc))];
    out.push({ path: p, keyRange: toRange(kv.key.loc), partRanges: ranges, range: toRange(kv.loc), table: false, inline, value: kv.value });
    if (kv.value.type === 'TOMLInlineTable') for (const inner of kv.value.body) walk(inner, p, ranges, true);
  };
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') walk(item, [], [], false);
    else {
      const p = item.key.keys.map(keyName);
      const ranges = item.key.keys.map((k) => toRange(k.loc));
      out.push({ path: p, keyRange: toRange(item.key.loc), partRanges: ranges, range: toRange(item.loc), table: true, inline: false });
      for (const kv of item.body) walk(kv, p, ranges, false);
    }
  }
  return out;
}

/** The keys of a hosts.toml, or undefined when it is not TOML. */
export function hostsTomlEntries(text: string): TomlEntry[] | undefined {
  try {
    return entriesOf(parseHostsTomlAst(text));
  } catch {
    return undefined;
  }
}

/** The host table an entry's path belongs to (`host.<name>.key`), the top level (`key`), or neither. */
function ownerOf(p: string[]): { host?: string; key: string } | undefined {
  if (p.length === 1) return { key: p[0].toLowerCase() };
  if (p.length === 3 && p[0].toLowerCase() === 'host') return { host: p[1], key: p[2].toLowerCase() };
  return undefined;
}

/** filepath.Join(base, p) for a relative p, as containerd's makeAbsPath; an absolute p is kept as written. */
export function hostsTomlPath(p: string, hostDir: string): string {
  if (path.isAbsolute(p)) return p;
  const joined = path.join(hostDir, p);
  return joined.length > 1 && /[\\/]$/.test(joined) ? joined.slice(0, -1) : joined;
}

export type ReferenceRole = 'ca' | 'client-cert' | 'client-key';

export interface HostsTomlReference {
  role: ReferenceRole;
  /** The path as written. */
  value: string;
  /** Where containerd looks: relative paths joined to the host folder (an empty string names the folder itself). */
  absolute: string;
  /** The string, quotes included. */
  range: TomlRange;
  /** The `[host."..."]` name, or undefined for the top level (the `server` host). */
  host?: string;
}

const isString = (n: AST.TOMLContentNode | undefined): n is AST.TOMLStringValue => n?.type === 'TOMLValue' && n.kind === 'string';

/**
 * Each file path a hosts.toml names under `ca` and `client` (at the top level and in each host
 * table, keys matched whatever their case, as go-toml does), in file order.
 */
export function hostsTomlReferences(text: string, hostDir: string): HostsTomlReference[] {
  const entries = hostsTomlEntries(text) ?? [];
  const out: HostsTomlReference[] = [];
  const add = (role: ReferenceRole, node: AST.TOMLStringValue, host: string | undefined) =>
    out.push({ role, value: node.value, absolute: hostsTomlPath(node.value, hostDir), range: toRange(node.loc), host });
  for (const e of entries) {
    const owner = ownerOf(e.path);
    if (!owner || e.table || !e.value) continue;
    const v = e.value;
    if (owner.key === 'ca') {
      if (isString(v)) add('ca', v, owner.host);
      else if (v.type === 'TOMLArray') for (const el of v.elements) if (isString(el)) add('ca', el, owner.host);
    } else if (owner.key === 'client') {
      if (isString(v)) add('client-cert', v, owner.host);
      else if (v.type === 'TOMLArray') {
        for (const el of v.elements) {
          if (isString(el)) add('client-cert', el, owner.host);
          else if (el.type === 'TOMLArray' && el.elements.length === 2) {
            const [cert, key] = el.elements;
            if (isString(cert)) add('client-cert', cert, owner.host);
            if (isString(key)) add('client-key', key, owner.host);
          }
        }
      }
    }
  }
  return out;
}

/** Each capability string (`capabilities = ["pull", ...]`) with its range, in file order. */
export function hostsTomlCapabilities(text: string): { value: string; range: TomlRange }[] {
  const out: { value: string; range: TomlRange }[] = [];
  for (const e of hostsTomlEntries(text) ?? []) {
    if (ownerOf(e.path)?.key !== 'capabilities' || e.value?.type !== 'TOMLArray') continue;
    for (const el of e.value.elements) if (isString(el)) out.push({ value: el.value, range: toRange(el.loc) });
  }
  return out;
}

/** A TOML basic string: JSON's escapes, which TOML shares, plus DEL, which TOML refuses raw. */
export function tomlString(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F');
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function endOfText(text: string): { line: number; character: number } {
  const lines = text.split(/\r?\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** An edit that puts `line` on a line of its own right after the item ending on line `after` (0-based). */
function insertAfterLine(text: string, after: number, line: string): TomlTextEdit {
  const eol = eolOf(text);
  const end = endOfText(text);
  if (after >= end.line) return { range: { start: end, end }, newText: (end.character > 0 ? eol : '') + line + eol };
  const at = { line: after + 1, character: 0 };
  return { range: { start: at, end: at }, newText: line + eol };
}

/** The `[host."<name>"]` table written as a header (not a dotted key or inline table). */
function hostTable(ast: AST.TOMLProgram, host: string): AST.TOMLTable | undefined {
  for (const item of ast.body[0].body) {
    if (item.type !== 'TOMLTable' || item.kind !== 'standard') continue;
    const parts = item.key.keys.map(keyName);
    if (parts.length === 2 && parts[0] === 'host' && parts[1] === host) return item;
  }
  return undefined;
}

/**
 * An edit adding `key = value` (value as TOML text) to the top level (host undefined) or to the
 * `[host."<name>"]` table: after the last key already there, else after the header (top level:
 * before the first table, else at the end). Undefined when the host has no table header to add to.
 */
export function insertKeyEdit(text: string, host: string | undefined, key: string, value: string): TomlTextEdit | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseHostsTomlAst(text);
  } catch {
    return undefined;
  }
  const eol = eolOf(text);
  if (host === undefined) {
    const items = ast.body[0].body;
    const firstTable = items.findIndex((i) => i.type === 'TOMLTable');
    const top = (firstTable < 0 ? items : items.slice(0, firstTable)) as AST.TOMLKeyValue[];
    if (top.length > 0) return insertAfterLine(text, top[top.length - 1].loc.end.line - 1, `${key} = ${value}`);
    if (firstTable >= 0) {
      const at = { line: items[firstTable].loc.start.line - 1, character: 0 };
      return { range: { start: at, end: at }, newText: `${key} = ${value}${eol}${eol}` };
    }
    return insertAfterLine(text, Number.MAX_SAFE_INTEGER, `${key} = ${value}`);
  }
  const table = hostTable(ast, host);
  if (!table) return undefined;
  const last = table.body[table.body.length - 1];
  const indent = last ? ' '.repeat(last.loc.start.column) : '  ';
  return insertAfterLine(text, (last ?? table.key).loc.end.line - 1, `${indent}${key} = ${value}`);
}

/** The entry of `key` (exactly that name) in a host table or at the top level, if there is exactly one whatever the case. */
export function soleKey(entries: TomlEntry[], host: string | undefined, key: string): TomlEntry | 'ambiguous' | undefined {
  const matches = entries.filter((e) => {
    const o = ownerOf(e.path);
    return !!o && !e.table && o.key === key && o.host === host && (host === undefined || e.path[0] === 'host');
  });
  if (matches.length === 0) return undefined;
  if (matches.length > 1 || matches[0].path[matches[0].path.length - 1] !== key) return 'ambiguous';
  return matches[0];
}

function rangeOfNode(n: { loc: AST.TOMLNode['loc'] }): TomlRange {
  return toRange(n.loc);
}

/**
 * An edit adding one item to the top-level `ca` or `client` (the `server` host): appended to an
 * existing array, a string turned into an array, or a new `key = value` line (`newValue`).
 * Undefined when the key is there in several spellings or with a value of another type.
 */
export function addTopLevelItemEdit(text: string, key: 'ca' | 'client', item: string, newValue: string): TomlTextEdit | undefined {
  const entries = hostsTomlEntries(text);
  if (!entries) return undefined;
  const existing = soleKey(entries, undefined, key);
  if (existing === 'ambiguous') return undefined;
  if (!existing) return insertKeyEdit(text, undefined, key, newValue);
  const v = existing.value;
  if (isString(v)) return { range: rangeOfNode(v), newText: `[${text.slice(v.range[0], v.range[1])}, ${item}]` };
  if (v?.type !== 'TOMLArray') return undefined;
  if (v.elements.length === 0) return { range: rangeOfNode(v), newText: `[${item}]` };
  const end = rangeOfNode(v.elements[v.elements.length - 1]).end;
  return { range: { start: end, end }, newText: `, ${item}` };
}
