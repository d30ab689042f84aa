/**
 * What containerd 1.7's go-toml v1 (v1.9.5) reads differently from TOML 1.0 as toml-eslint-parser
 * reads it, each seen with the harness on containerd v1.7.35 and read in go-toml's lexer.go,
 * keysparsing.go, parser.go: table headers lexed raw up to the first `]`, anything after a
 * header on its line read as the next line, and hosts ordered by where their tree was created.
 */
import type { AST } from 'toml-eslint-parser';
import { keyName, TomlLoc, TomlRange } from './hostsTomlSyntax';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * go-toml v1 goes on lexing after a table header's `]` as if a line had begun: `[host."m"] ca =
 * "x"` on one line is a header and a key (TOML 1.0 wants a newline). The text with that newline
 * put in, for the parser, and where a position of that text stands in the user's.
 */
export function relaxForGoTomlV1(text: string): { text: string; rangeOf: (loc: TomlLoc) => TomlRange } | undefined {
  const lines = text.split('\n');
  // Modified line -> [original line, column offset].
  const map: [number, number][] = [];
  const out: string[] = [];
  lines.forEach((line, i) => {
    // A header holding `[` is refused anyway (v1Headers); leave it to the parser as written.
    const m = /^([ \t]*(\[\[[^[\]\n]*\]\]|\[[^[\]\n]*\]))([ \t]*)(.*)$/.exec(line);
    const rest = m?.[4] ?? '';
    map.push([i, 0]);
    if (!m || rest === '' || rest === '\r' || rest.startsWith('#')) {
      out.push(line);
      return;
    }
    out.push(m[1]);
    const col = m[1].length + m[3].length;
    map.push([i, col]);
    out.push(rest);
  });
  if (out.length === lines.length) return undefined;
  const position = (line: number, column: number) => {
    const [l, off] = map[line - 1] ?? [line - 1, 0];
    return { line: l, character: column + off };
  };
  return { text: out.join('\n'), rangeOf: (loc) => ({ start: position(loc.start.line, loc.start.column), end: position(loc.end.line, loc.end.column) }) };
}

/**
 * go-toml v1 (1.7) lexes a table header as the raw text up to the first `]` and splits it into
 * parts without unescaping: a header holding `[` or `]` (an IPv6 mirror, `[host."https://[fd00::1]:5000"]`)
 * does not parse, and `\u0031` in a header's quoted part stays as written (harness, 1.7.35).
 * Returns the error, or the header names that differ from their unescaped form.
 */
export function v1Headers(ast: AST.TOMLProgram, text: string, rangeOf: (loc: TomlLoc) => TomlRange): { error: string; range: TomlRange } | { rawNames: Map<string, string> } {
  const rawNames = new Map<string, string>();
  for (const item of ast.body[0].body) {
    if (item.type !== 'TOMLTable') continue;
    const open = item.range[0] + (item.kind === 'array' ? 2 : 1);
    const inner = text.slice(open, item.key.range[1]);
    const range = rangeOf(item.key.loc);
    const where = `(${range.start.line + 1}, ${range.start.character + 1})`;
    if (inner.includes('[')) return { error: `failed to parse TOML: ${where}: unexpected token table key cannot contain ']', was expecting a table key`, range };
    if (inner.includes(']')) return { error: `failed to parse TOML: ${where}: invalid table array key: unclosed ${inner.slice(inner.indexOf(']')).includes('"') ? 'double' : 'single'}-quoted key`, range };
    item.key.keys.forEach((k, i) => {
      const raw = text.slice(k.range[0] + 1, k.range[1] - 1);
      if (i === 1 && k.type === 'TOMLQuoted' && k.style === 'basic' && raw.includes('\\')) rawNames.set(k.value, raw);
    });
  }
  return { rawNames };
}

/**
 * getSortedHosts (1.7): every key of the `host` tree (exactly that name: root.Get is
 * case-sensitive), sorted by the line go-toml v1 gives each subtree: where it was first created,
 * a header or dotted key; a tree from an inline table `{ ... }` has no position (line 0), so it
 * sorts first. Between hosts on the same line (several inline tables, or two headers on one
 * line) Go's order follows map iteration, which is random: file order here.
 */
export function v1SortedHosts(ast: AST.TOMLProgram, raw: Table, rangeOf: (loc: TomlLoc) => TomlRange): string[] {
  // The user's line (two headers on one line share it, as in go-toml v1).
  const userLine = (loc: TomlLoc) => rangeOf(loc).start.line + 1;
  const top = ast.body[0];
  const hosts = raw.host;
  if (!isTable(hosts)) return [];
  const lineOf = new Map<string, number>();
  const note = (parts: string[], line: number) => {
    if (parts[0] === 'host' && parts.length >= 2 && !lineOf.has(parts[1])) lineOf.set(parts[1], line);
  };
  const noteKv = (prefix: string[], kv: AST.TOMLKeyValue) => {
    const parts = [...prefix, ...kv.key.keys.map(keyName)];
    note(parts, parts.length === 2 && kv.value.type === 'TOMLInlineTable' ? 0 : userLine(kv.loc));
  };
  for (const item of top.body) {
    if (item.type === 'TOMLTable') {
      const prefix = item.key.keys.map(keyName);
      note(prefix, userLine(item.loc));
      for (const kv of item.body) noteKv(prefix, kv);
    } else noteKv([], item);
  }
  return Object.keys(hosts)
    .map((name, i) => ({ name, i, line: lineOf.get(name) ?? 0 }))
    .sort((a, b) => a.line - b.line || a.i - b.i)
    .map((h) => h.name);
}

