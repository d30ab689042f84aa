/**
 * containerd's hosts.toml as its hosts code reads it (core/remotes/docker/config/hosts.go,
 * parseHostsFile / parseHostConfig / getSortedHosts): a file that does not decode is logged and the
 * loose files are used instead; one that decodes lists the hosts to try, `[host."..."]` tables in
 * file order, then `server`.
 */
import * as path from 'node:path';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import { parseUrl } from './go/url';

/** What differs between containerd release lines for hosts.toml. */
export interface HostsTomlDialect {
  /** dial_timeout (2.1 and later); older releases ignore the key. */
  dialTimeout: boolean;
  /** The `referrers` capability (2.2 and later); older releases refuse the file. */
  referrers: boolean;
  /** 1.7 (go-toml v1) orders every key under `host` by line; 2.x takes `[host."..."]` table headers only. */
  hostsFromHeadersOnly: boolean;
}

export function hostsTomlDialect(containerd: string): HostsTomlDialect {
  const [major, minor] = containerd.split('.').map(Number);
  const v = major * 100 + (minor || 0);
  return { dialTimeout: v >= 201, referrers: v >= 202, hostsFromHeadersOnly: major >= 2 };
}

export interface TomlHost {
  /** The `[host."..."]` name, or undefined for the top-level `server` (always last). */
  name?: string;
  scheme: string;
  host: string;
  path: string;
  capabilities: string[];
  skipVerify?: boolean;
  /** Absolute paths (relative ones joined to the host folder), or undefined when `ca` is absent. */
  caCerts?: string[];
  /** [certificate, key]; an empty key means "the key is in the certificate file". */
  clientPairs?: [string, string][];
  /** ca, client or skip_verify set: the host gets its own TLS configuration. */
  explicitTLS: boolean;
}

/** Zero-based line and character (UTF-16), as LSP counts them. */
export interface TomlRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export type HostsTomlDecode = { ok: true; hosts: TomlHost[] } | { ok: false; error: string; range?: TomlRange };

/** A key = value of the file with its full path (`host`, `https://m`, `ca`) and where it stands. */
export interface TomlEntry {
  path: string[];
  /** The key, for "unknown key" findings. */
  keyRange: TomlRange;
  /** The whole key = value. */
  range: TomlRange;
  /** Written as a `[table]` header rather than key = value. */
  table: boolean;
}

function toRange(loc: { start: { line: number; column: number }; end: { line: number; column: number } }): TomlRange {
  return { start: { line: loc.start.line - 1, character: loc.start.column }, end: { line: loc.end.line - 1, character: loc.end.column } };
}

/** Every key of the file with its full path, tables included, inline tables walked into. */
function entriesOf(ast: AST.TOMLProgram): TomlEntry[] {
  const out: TomlEntry[] = [];
  const walk = (kv: AST.TOMLKeyValue, prefix: string[]) => {
    const p = [...prefix, ...kv.key.keys.map(keyName)];
    out.push({ path: p, keyRange: toRange(kv.key.loc), range: toRange(kv.loc), table: false });
    if (kv.value.type === 'TOMLInlineTable') for (const inner of kv.value.body) walk(inner, p);
  };
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') walk(item, []);
    else {
      const p = item.key.keys.map(keyName);
      out.push({ path: p, keyRange: toRange(item.key.loc), range: toRange(item.loc), table: true });
      for (const kv of item.body) walk(kv, p);
    }
  }
  return out;
}

/** The keys of a hosts.toml, or undefined when it is not TOML. */
export function hostsTomlEntries(text: string): TomlEntry[] | undefined {
  try {
    return entriesOf(parseTOML(text, { tomlVersion: '1.0.0' }));
  } catch {
    return undefined;
  }
}

/** Keys containerd reads: at the top (besides `server` and `host`) and in each `[host."..."]` table. */
export const HOST_KEYS: readonly string[] = ['capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout'];

/**
 * Keys containerd never looks at (go-toml drops them without a word), each with the key it was
 * probably meant to be. `header` tables hold free-form names and are not judged.
 */
export function unknownKeys(entries: TomlEntry[]): { entry: TomlEntry; suggestion?: string }[] {
  const out: { entry: TomlEntry; suggestion?: string }[] = [];
  const known = (k: string, top: boolean) => [...HOST_KEYS, ...(top ? ['server', 'host'] : [])].includes(k.toLowerCase());
  for (const e of entries) {
    const [first, , third] = e.path;
    let key: string | undefined;
    let top = false;
    if (e.path.length === 1) {
      key = first;
      top = true;
    } else if (first.toLowerCase() === 'host' && e.path.length === 3) key = third;
    if (key === undefined || known(key, top)) continue;
    out.push({ entry: e, suggestion: suggest(key, top) });
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function suggest(key: string, top: boolean): string | undefined {
  const norm = key.toLowerCase().replace(/-/g, '_');
  const candidates = [...HOST_KEYS, ...(top ? ['server'] : [])];
  if (norm === 'insecure_skip_verify' || norm === 'insecure') return 'skip_verify';
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const dist = editDistance(norm, c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best;
}

/** Where a decode error is: the value of the key it names (`host.X.ca`), found case-insensitively. */
function rangeOfPath(entries: TomlEntry[], p: string[]): TomlRange | undefined {
  const want = p.map((x) => x.toLowerCase()).join('\u0000');
  return entries.find((e) => e.path.map((x) => x.toLowerCase()).join('\u0000') === want)?.range;
}

type TomlValue = unknown;
type Table = Record<string, TomlValue>;

const isTable = (v: TomlValue): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const ALL_CAPABILITIES = ['pull', 'resolve', 'push', 'referrers'];

/** Go's time.ParseDuration: an optional sign, then one or more decimal numbers each with a unit; or "0". */
export function goDurationError(s: string): string | undefined {
  if (/^[-+]?0$/.test(s)) return undefined;
  if (/^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s)) return undefined;
  const q = JSON.stringify(s);
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return `time: missing unit in duration ${q}`;
  const unit = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)([^\d.]+)/.exec(s);
  if (unit) return `time: unknown unit ${JSON.stringify(unit[1])} in duration ${q}`;
  return `time: invalid duration ${q}`;
}

const FIELDS = ['capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout'];

/**
 * go-toml fills a struct field from a key whatever its case: `CA = "ca.crt"` sets `ca`. v1 (1.7)
 * prefers the exact name; v2 (2.x) assigns keys in file order, so the last matching key wins.
 * The table as containerd's struct sees it.
 */
function asStruct(t: Table, fields: string[], lastWins: boolean): Table {
  const out: Table = {};
  for (const f of fields) {
    const keys = Object.keys(t).filter((key) => key.toLowerCase() === f);
    const k = lastWins ? keys[keys.length - 1] : f in t ? f : keys[0];
    if (k !== undefined) out[f] = t[k];
  }
  return out;
}

/** go-toml's struct decoding: a field of the wrong TOML type is an error (unknown keys are ignored). */
function checkFieldTypes(t: Table, where: string, dialect: HostsTomlDialect): string | undefined {
  const bad = (key: string, want: string) => `toml: cannot decode ${where}${key} into ${want}`;
  if ('capabilities' in t && !(Array.isArray(t.capabilities) && t.capabilities.every((c) => typeof c === 'string'))) return bad('capabilities', '[]string');
  if ('skip_verify' in t && typeof t.skip_verify !== 'boolean') return bad('skip_verify', 'bool');
  if ('override_path' in t && typeof t.override_path !== 'boolean') return bad('override_path', 'bool');
  if ('header' in t && !isTable(t.header)) return bad('header', 'map[string]any');
  if (dialect.dialTimeout && 'dial_timeout' in t && typeof t.dial_timeout !== 'string') return bad('dial_timeout', 'string');
  return undefined;
}

function stringSlice(values: TomlValue[], map: (s: string) => string = (s) => s): string[] | { error: string } {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') return { error: `unable to cast ${goValue(v)} to string` };
    out.push(map(v));
  }
  return out;
}

/** Roughly how Go's %v prints a decoded TOML value, for error texts. */
function goValue(v: TomlValue): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isTable(v)) return `map[${Object.entries(v).map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`;
  return String(v);
}

function absolute(p: string, base: string): string {
  return path.isAbsolute(p) ? p : path.join(base, p);
}

/** The server's scheme, host and path as url.Parse splits them (after containerd adds https://). */
function splitServer(server: string): { scheme: string; host: string; rest: string } {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(server);
  return m ? { scheme: m[1].toLowerCase(), host: m[2], rest: m[3] } : { scheme: '', host: '', rest: '' };
}

/** path.Clean for URL paths. */
function cleanPath(p: string): string {
  return path.posix.normalize(p).replace(/(.)\/$/, '$1');
}

// containerd: parseHostConfig
function parseHostConfig(server: string, baseDir: string, t: Table, dialect: HostsTomlDialect, name?: string): TomlHost | { error: string } {
  const result: TomlHost = { name, scheme: '', host: '', path: '', capabilities: [], explicitTLS: false };
  if (server !== '') {
    const full = server.startsWith('http') ? server : `https://${server}`;
    const parsed = parseUrl(full, { strictColons: true });
    if ('error' in parsed) return { error: `unable to parse server ${full}: ${parsed.error}` };
    const { scheme, host, rest } = splitServer(full);
    result.scheme = scheme;
    result.host = host;
    const overridePath = t.override_path === true;
    if (rest.length > 0) {
      let p = cleanPath(rest);
      if (!p.endsWith('/v2') && !overridePath) p += '/v2';
      result.path = p;
    } else if (!overridePath) result.path = '/v2';
  }
  if (typeof t.skip_verify === 'boolean') result.skipVerify = t.skip_verify;
  const caps = (t.capabilities as string[] | undefined) ?? [];
  if (caps.length > 0) {
    for (const c of caps) {
      const lower = c.toLowerCase();
      if (!ALL_CAPABILITIES.includes(lower) || (lower === 'referrers' && !dialect.referrers)) return { error: `unknown capability ${c}` };
      if (!result.capabilities.includes(lower)) result.capabilities.push(lower);
    }
    result.capabilities = ALL_CAPABILITIES.filter((c) => result.capabilities.includes(c));
  } else result.capabilities = ALL_CAPABILITIES.filter((c) => c !== 'referrers' || dialect.referrers);

  if (t.ca !== undefined) {
    if (typeof t.ca === 'string') result.caCerts = [absolute(t.ca, baseDir)];
    else if (Array.isArray(t.ca)) {
      const list = stringSlice(t.ca, (p) => absolute(p, baseDir));
      if ('error' in list) return list;
      result.caCerts = list;
    } else return { error: `invalid type ${goValue(t.ca)} for "ca"` };
  }
  if (t.client !== undefined) {
    const pairs: [string, string][] = [];
    if (typeof t.client === 'string') pairs.push([absolute(t.client, baseDir), '']);
    else if (Array.isArray(t.client)) {
      for (const p of t.client) {
        if (typeof p === 'string') pairs.push([absolute(p, baseDir), '']);
        else if (Array.isArray(p)) {
          const slice = stringSlice(p, (s) => absolute(s, baseDir));
          if ('error' in slice) return slice;
          if (slice.length !== 2) return { error: `invalid pair ${goValue(p)} for "client"` };
          pairs.push([slice[0], slice[1]]);
        } else return { error: `invalid type ${goTypeName(p)} for "client"` };
      }
    } else return { error: `invalid type ${goValue(t.client)} for "client"` };
    result.clientPairs = pairs;
  }
  if (isTable(t.header)) {
    for (const [key, v] of Object.entries(t.header)) {
      if (typeof v === 'string') continue;
      if (Array.isArray(v)) {
        const list = stringSlice(v);
        if ('error' in list) return list;
      } else return { error: `invalid type ${goValue(v)} for header ${JSON.stringify(key)}` };
    }
  }
  if (dialect.dialTimeout && typeof t.dial_timeout === 'string' && t.dial_timeout !== '') {
    const e = goDurationError(t.dial_timeout);
    if (e) return { error: e };
  }
  result.explicitTLS = result.caCerts !== undefined || result.clientPairs !== undefined || result.skipVerify !== undefined;
  return result;
}

/** The key a parseHostConfig error is about, to point at it. */
function keyOfError(error: string): string {
  if (error.startsWith('unable to parse server')) return 'server';
  if (error.startsWith('unknown capability')) return 'capabilities';
  if (error.includes('"ca"')) return 'ca';
  if (error.includes('"client"')) return 'client';
  if (error.includes('for header')) return 'header';
  if (error.startsWith('time:')) return 'dial_timeout';
  return 'ca';
}

/** %T of a decoded TOML value. */
function goTypeName(v: TomlValue): string {
  if (isTable(v)) return 'map[string]interface {}';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'bigint') return 'int64';
  if (v instanceof Date) return 'time.Time';
  return typeof v;
}

function keyName(k: AST.TOMLKey['keys'][number]): string {
  return k.type === 'TOMLBare' ? k.name : String(k.value);
}

/** getSortedHosts: the host names in the order containerd tries them. */
function sortedHosts(ast: AST.TOMLProgram, value: Table, dialect: HostsTomlDialect): string[] {
  const top = ast.body[0];
  if (dialect.hostsFromHeadersOnly) {
    // 2.x: top-level table headers `[host.X]` / `[host.X.sub]`, a run of the same X counted once.
    const out: string[] = [];
    let last: string | undefined;
    for (const item of top.body) {
      if (item.type !== 'TOMLTable') continue;
      const parts = item.key.keys.map(keyName);
      if (parts.length < 2 || parts[0] !== 'host' || parts[1] === last) continue;
      last = parts[1];
      out.push(last);
    }
    return out;
  }
  // 1.7: every key of the `host` table, by the line it is first defined on.
  const hosts = value.host;
  if (!isTable(hosts)) return [];
  const lineOf = new Map<string, number>();
  const note = (parts: string[], line: number) => {
    if (parts[0] === 'host' && parts.length >= 2 && !lineOf.has(parts[1])) lineOf.set(parts[1], line);
  };
  let prefix: string[] = [];
  for (const item of top.body) {
    if (item.type === 'TOMLTable') {
      prefix = item.key.keys.map(keyName);
      note(prefix, item.loc.start.line);
    } else note([...prefix, ...item.key.keys.map(keyName)], item.loc.start.line);
    if (item.type === 'TOMLTable') for (const kv of item.body) note([...prefix, ...kv.key.keys.map(keyName)], kv.loc.start.line);
  }
  return Object.keys(hosts).sort((a, b) => (lineOf.get(a) ?? 0) - (lineOf.get(b) ?? 0));
}

/** parseHostsFile: the hosts, or why containerd would log "failed to decode" and use the loose files. */
export function decodeHostsToml(text: string, hostDir: string, dialect: HostsTomlDialect): HostsTomlDecode {
  let ast: AST.TOMLProgram;
  let value: Table;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0.0' });
    value = asStruct(getStaticTOMLValue(ast) as Table, [...FIELDS, 'server', 'host'], dialect.hostsFromHeadersOnly);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const at = err.lineNumber ? { line: err.lineNumber - 1, character: err.column ?? 0 } : undefined;
    return { ok: false, error: `toml: ${err.message}`, range: at && { start: at, end: at } };
  }
  const entries = entriesOf(ast);
  const located = (error: string, p: string[]): HostsTomlDecode => ({ ok: false, error, range: rangeOfPath(entries, p) });
  const typeError = checkFieldTypes(value, '', dialect);
  if (typeError) return located(typeError, [typeError.split(' ')[3]]);
  if ('server' in value && typeof value.server !== 'string') return located('toml: cannot decode server into string', ['server']);
  if ('host' in value && !isTable(value.host)) return located('toml: cannot decode host into map[string]hostFileConfig', ['host']);
  const hostTables: Table = {};
  for (const [name, t] of Object.entries((value.host ?? {}) as Table)) {
    if (!isTable(t)) return located(`toml: cannot decode host.${name} into hostFileConfig`, ['host', name]);
    hostTables[name] = asStruct(t, FIELDS, dialect.hostsFromHeadersOnly);
    const e = checkFieldTypes(hostTables[name] as Table, `host.${name}.`, dialect);
    if (e) return located(e, ['host', name, e.split(' ')[3].slice(`host.${name}.`.length)]);
  }
  const hosts: TomlHost[] = [];
  for (const name of sortedHosts(ast, value, dialect)) {
    const parsed = parseHostConfig(name, hostDir, (hostTables[name] as Table | undefined) ?? {}, dialect, name);
    if ('error' in parsed) return located(parsed.error, ['host', name, keyOfError(parsed.error)]);
    hosts.push(parsed);
  }
  const server = parseHostConfig((value.server as string | undefined) ?? '', hostDir, value, dialect);
  if ('error' in server) return located(server.error, [keyOfError(server.error)]);
  hosts.push(server);
  return { ok: true, hosts };
}
