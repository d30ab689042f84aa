/**
 * Stand-ins, until the hosts.toml branch is merged, for two functions that belong in
 * core/hostsToml.ts (same names, same signatures: swap the import and delete this file):
 * where each `ca` / `client` path string and each `capabilities` string stands in a hosts.toml.
 * Keys are matched whatever their case, as go-toml fills containerd's struct fields.
 */
import * as path from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import type { TomlRange } from '../core/hostsToml';

export type TomlReferenceRole = 'ca' | 'client-cert' | 'client-key';

export interface TomlReference {
  role: TomlReferenceRole;
  /** The string as written. */
  value: string;
  /** Relative paths joined to the host folder, as containerd does. */
  absolute: string;
  /** The string, quotes included. */
  range: TomlRange;
  /** The `[host."..."]` name; undefined for the top-level keys (the `server` host). */
  host?: string;
}

function toRange(loc: AST.SourceLocation): TomlRange {
  return { start: { line: loc.start.line - 1, character: loc.start.column }, end: { line: loc.end.line - 1, character: loc.end.column } };
}

function keyName(k: AST.TOMLKey['keys'][number]): string {
  return k.type === 'TOMLBare' ? k.name : String(k.value);
}

/** Every key = value with its full path (tables and inline tables walked into). */
function keyValues(text: string): { path: string[]; value: AST.TOMLContentNode }[] | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0.0' });
  } catch {
    return undefined;
  }
  const out: { path: string[]; value: AST.TOMLContentNode }[] = [];
  const walk = (kv: AST.TOMLKeyValue, prefix: string[]) => {
    const p = [...prefix, ...kv.key.keys.map(keyName)];
    out.push({ path: p, value: kv.value });
    if (kv.value.type === 'TOMLInlineTable') for (const inner of kv.value.body) walk(inner, p);
  };
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') walk(item, []);
    else if (item.kind === 'standard') for (const kv of item.body) walk(kv, item.key.keys.map(keyName));
  }
  return out;
}

/** `ca` -> { key: 'ca' }, `host."https://m".ca` -> { key: 'ca', host: 'https://m' }; other paths: undefined. */
function hostKey(p: string[]): { key: string; host?: string } | undefined {
  if (p.length === 1) return { key: p[0].toLowerCase() };
  if (p.length === 3 && p[0].toLowerCase() === 'host') return { key: p[2].toLowerCase(), host: p[1] };
  return undefined;
}

const isString = (v: AST.TOMLContentNode): v is AST.TOMLStringValue => v.type === 'TOMLValue' && v.kind === 'string';

/** Each path string of `ca` and `client`, with its range and the file it names. Empty when the text is not TOML. */
export function hostsTomlReferences(text: string, hostDir: string): TomlReference[] {
  const out: TomlReference[] = [];
  for (const { path: p, value } of keyValues(text) ?? []) {
    const at = hostKey(p);
    if (!at || (at.key !== 'ca' && at.key !== 'client')) continue;
    const add = (v: AST.TOMLStringValue, role: TomlReferenceRole) => {
      if (v.value === '') return;
      out.push({ role, value: v.value, absolute: path.isAbsolute(v.value) ? v.value : path.join(hostDir, v.value), range: toRange(v.loc), host: at.host });
    };
    const first: TomlReferenceRole = at.key === 'ca' ? 'ca' : 'client-cert';
    if (isString(value)) add(value, first);
    else if (value.type === 'TOMLArray') {
      for (const el of value.elements) {
        if (isString(el)) add(el, first);
        // client = [["client.cert", "client.key"]]
        else if (at.key === 'client' && el.type === 'TOMLArray') el.elements.forEach((x, i) => isString(x) && add(x, i === 0 ? 'client-cert' : 'client-key'));
      }
    }
  }
  return out;
}

/** Each string of a `capabilities` array (top level or a host's), with its range. */
export function hostsTomlCapabilities(text: string): { value: string; range: TomlRange }[] {
  const out: { value: string; range: TomlRange }[] = [];
  for (const { path: p, value } of keyValues(text) ?? []) {
    if (hostKey(p)?.key !== 'capabilities' || value.type !== 'TOMLArray') continue;
    for (const el of value.elements) if (isString(el)) out.push({ value: el.value, range: toRange(el.loc) });
  }
  return out;
}
