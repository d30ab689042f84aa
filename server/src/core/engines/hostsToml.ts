/**
 * containerd's hosts.toml as its hosts code reads it (core/remotes/docker/config/hosts.go,
 * parseHostsFile / parseHostConfig / getSortedHosts): a file that does not decode is logged and the
 * loose files are used instead; one that decodes lists the hosts to try, `[host."..."]` tables in
 * file order, then `server`.
 */
import * as path from 'node:path';
import { getStaticTOMLValue } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import { parseDurationError } from '../go/duration';
import { parseUrl } from '../go/url';
import { entriesOf, hostsTomlPath, keyName, parseHostsTomlAst, toRange, TomlEntry, TomlLoc, TomlRange } from './hostsTomlSyntax';
import { relaxForGoTomlV1, v1Headers, v1SortedHosts } from './hostsTomlV1';

export { hostsTomlCapabilities, hostsTomlEntries, hostsTomlReferences } from './hostsTomlSyntax';
export type { HostsTomlReference, ReferenceRole, TomlEntry, TomlRange, TomlTextEdit } from './hostsTomlSyntax';
export { HOST_KEYS, keysIgnoredByLine, unknownKeys } from './hostsTomlKeys';

/**
 * What differs between containerd release lines for hosts.toml. (1.6, and 1.7 before 1.7.32,
 * also refuse a file with no `host` table: ``invalid `host` tree``. The 1.7 modelled here is
 * 1.7.35, whose getSortedHosts returns no hosts instead, as the harness shows; so no flag.)
 */
export interface HostsTomlDialect {
  /** The release line, for messages: `2.4`, `1.7`. */
  line: string;
  /** dial_timeout (2.1 and later); older releases ignore the key. */
  dialTimeout: boolean;
  /** The `referrers` capability (2.2 and later); older releases refuse the file. */
  referrers: boolean;
  /** 1.7 (go-toml v1) orders every key under `host` by line; 2.x takes `[host."..."]` table headers only. */
  hostsFromHeadersOnly: boolean;
  /**
   * url.Parse refuses an http(s) host with several colons (GODEBUG urlstrictcolons, default from
   * Go 1.26): it follows the go line of the engine's main module, not containerd's release.
   */
  urlStrictColons: boolean;
}

export function hostsTomlDialect(containerd: string, urlStrictColons = true): HostsTomlDialect {
  const [major, minor] = containerd.split('.').map(Number);
  const v = major * 100 + (minor || 0);
  return { line: containerd, dialTimeout: v >= 201, referrers: v >= 202, hostsFromHeadersOnly: major >= 2, urlStrictColons };
}

export interface TomlHost {
  /** The `[host."..."]` name, or undefined for the top-level `server` (always last). */
  name?: string;
  /** The name as written, or `server`'s value ('' when there is none). */
  written: string;
  /** Where that is written: the name in the table header (or key), or the value of `server`. */
  nameRange?: TomlRange;
  /** What parseHostConfig made of it (url.Parse after adding https:// to a name not starting with "http"), before ConfigureHosts fills in or upgrades anything. */
  parsed: { scheme: string; host: string; path: string };
  /** containerd appended /v2 to the path written (no override_path, path not ending in /v2). */
  pathAppended: boolean;
  overridePath: boolean;
  scheme: string;
  host: string;
  path: string;
  capabilities: string[];
  skipVerify?: boolean;
  /** Absolute paths (relative ones joined to the host folder), or undefined when `ca` is absent. */
  caCerts?: string[];
  /** [certificate, key]; an empty key means "the key is in the certificate file" (the string forms of `client`). */
  clientPairs?: [string, string][];
  /** ca, client or skip_verify set: the host gets its own TLS configuration. */
  explicitTLS: boolean;
}

/** A host the file describes that containerd never tries. */
export interface DroppedHost {
  name: string;
  /** The key that defines it (first mention). */
  range: TomlRange;
  /** The `host` part of that key as written (`HOST`, `Host`, `host`), its range, and the name part's. */
  hostKey: string;
  hostKeyRange: TomlRange;
  nameRange: TomlRange;
  /**
   * not-a-header: 2.x takes hosts from `[host."..."]` headers only, and this one is a dotted key or
   * an inline table; key-case: written under `HOST`/`Host`, which getSortedHosts (both lines) does not match.
   */
  why: 'not-a-header' | 'key-case';
}

export type HostsTomlDecode = { ok: true; hosts: TomlHost[]; dropped: DroppedHost[] } | { ok: false; error: string; range?: TomlRange };

type TomlValue = unknown;
type Table = Record<string, TomlValue>;

const isTable = (v: TomlValue): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const ALL_CAPABILITIES = ['pull', 'resolve', 'push', 'referrers'];

const FIELDS = ['capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout'];

/**
 * The table as containerd's struct sees it. go-toml v2 (2.x) fills a field from a key whatever
 * its case (`Ca = "ca.crt"` sets `ca`), in file order, so the last matching key wins. go-toml v1
 * (1.7) tries the tag as written, then in capitals (strings.ToTitle): `ca`, else `CA`; `Ca` or
 * `Capabilities` set nothing (read in go-toml v1.9.5 marshal.go, confirmed with the harness).
 */
function asStruct(t: Table, fields: string[], v2: boolean): Table {
  const out: Table = {};
  for (const f of fields) {
    const keys = Object.keys(t).filter((key) => key.toLowerCase() === f);
    const k = v2 ? keys[keys.length - 1] : [f, f.toUpperCase()].find((x) => x in t);
    if (k !== undefined) out[f] = t[k];
  }
  return out;
}


/**
 * go-toml v2 (2.x) decodes every spelling of `host` into the same map field, in file order: tables
 * of one name under `HOST` and `host` are merged (harness: `[HOST."m"]` with `ca`, then
 * `[host."m".header]`, gives m its ca and its header). A non-table is left to the type check.
 */
function mergedHostMaps(raw: Table): Table {
  const keys = Object.keys(raw).filter((k) => k.toLowerCase() === 'host');
  if (keys.length < 2 || !keys.every((k) => isTable(raw[k]))) return {};
  const merged: Table = {};
  for (const k of keys) {
    for (const [name, t] of Object.entries(raw[k] as Table)) merged[name] = isTable(merged[name]) && isTable(t) ? { ...(merged[name] as Table), ...t } : t;
  }
  return { host: merged };
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

/** path.Clean for URL paths (Go's: no trailing slash except for "/"). */
function cleanPath(p: string): string {
  return path.posix.normalize(p).replace(/(.)\/$/, '$1');
}

/**
 * parseHostConfig's URL step: a name not starting with "http" (case-sensitive) gets https://
 * in front; url.Parse then decides scheme, host and path. So `httpcache.local:5000` is the
 * scheme "httpcache.local" with no host, `https-mirror.corp` a bare path, and `HTTPS://m` the
 * host "HTTPS:" (all confirmed with the harness, 2.4.2 and 1.7.35 alike).
 */
export function hostsTomlUrl(server: string, overridePath: boolean, dialect: HostsTomlDialect): { full: string; scheme: string; host: string; path: string; appended: boolean } | { error: string } {
  const full = server.startsWith('http') ? server : `https://${server}`;
  const parsed = parseUrl(full, { strictColons: dialect.urlStrictColons });
  if ('error' in parsed) return { error: `unable to parse server ${full}: ${parsed.error}` };
  let p = '';
  let appended = false;
  if (parsed.path.length > 0) {
    p = cleanPath(parsed.path);
    if (!p.endsWith('/v2') && !overridePath) {
      p += '/v2';
      appended = true;
    }
  } else if (!overridePath) {
    p = '/v2';
    appended = true;
  }
  return { full, scheme: parsed.scheme, host: parsed.host, path: p, appended };
}

// containerd: parseHostConfig
function parseHostConfig(server: string, baseDir: string, t: Table, dialect: HostsTomlDialect, name?: string): TomlHost | { error: string; key?: string } {
  const overridePath = t.override_path === true;
  const result: TomlHost = { name, written: server, parsed: { scheme: '', host: '', path: '' }, pathAppended: false, overridePath, scheme: '', host: '', path: '', capabilities: [], explicitTLS: false };
  if (server !== '') {
    const u = hostsTomlUrl(server, overridePath, dialect);
    if ('error' in u) return u;
    Object.assign(result, { scheme: u.scheme, host: u.host, path: u.path, pathAppended: u.appended, parsed: { scheme: u.scheme, host: u.host, path: u.path } });
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

  const abs = (p: string) => hostsTomlPath(p, baseDir);
  if (t.ca !== undefined) {
    if (typeof t.ca === 'string') result.caCerts = [abs(t.ca)];
    else if (Array.isArray(t.ca)) {
      const list = stringSlice(t.ca, abs);
      if ('error' in list) return list;
      result.caCerts = list;
    } else return { error: `invalid type ${goValue(t.ca)} for "ca"` };
  }
  if (t.client !== undefined) {
    const pairs: [string, string][] = [];
    if (typeof t.client === 'string') pairs.push([abs(t.client), '']);
    else if (Array.isArray(t.client)) {
      for (const p of t.client) {
        if (typeof p === 'string') pairs.push([abs(p), '']);
        else if (Array.isArray(p)) {
          // Every element goes through makeAbsPath, an empty key too: it then names the host folder itself.
          const slice = stringSlice(p, abs);
          // makeStringSlice's error does not name the key: say which one, to point at it.
          if ('error' in slice) return { ...slice, key: 'client' };
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
        if ('error' in list) return { ...list, key: 'header' };
      } else return { error: `invalid type ${goValue(v)} for header ${JSON.stringify(key)}` };
    }
  }
  if (dialect.dialTimeout && typeof t.dial_timeout === 'string' && t.dial_timeout !== '') {
    const e = parseDurationError(t.dial_timeout);
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

/** getSortedHosts: the host names in the order containerd tries them. */
function sortedHosts(ast: AST.TOMLProgram, raw: Table, dialect: HostsTomlDialect, rangeOf: (loc: TomlLoc) => TomlRange): string[] {
  const top = ast.body[0];
  if (dialect.hostsFromHeadersOnly) {
    // 2.x: top-level table headers `[host.X]` / `[host.X.sub]`, a run of the same X counted once.
    const out: string[] = [];
    let last: string | undefined;
    for (const item of top.body) {
      if (item.type !== 'TOMLTable' || item.kind !== 'standard') continue;
      const parts = item.key.keys.map(keyName);
      if (parts.length < 2 || parts[0] !== 'host' || parts[1] === last) continue;
      last = parts[1];
      out.push(last);
    }
    return out;
  }
  return v1SortedHosts(ast, raw, rangeOf);
}

/** Where a decode error is: the value of the key it names (`host.X.ca`), found case-insensitively. */
function rangeOfPath(entries: TomlEntry[], p: string[]): TomlRange | undefined {
  const want = p.map((x) => x.toLowerCase()).join('\u0000');
  return entries.find((e) => e.path.map((x) => x.toLowerCase()).join('\u0000') === want)?.range;
}

/** The value of `server` containerd reads (asStruct's choice of key), for ranges. */
function serverEntry(entries: TomlEntry[], dialect: HostsTomlDialect): TomlEntry | undefined {
  const all = entries.filter((e) => e.path.length === 1 && e.path[0].toLowerCase() === 'server');
  if (dialect.hostsFromHeadersOnly) return all[all.length - 1];
  return all.find((e) => e.path[0] === 'server') ?? all.find((e) => e.path[0] === 'SERVER');
}

/** parseHostsFile: the hosts, or why containerd would log "failed to decode" and use the loose files. */
export function decodeHostsToml(text: string, hostDir: string, dialect: HostsTomlDialect): HostsTomlDecode {
  let ast: AST.TOMLProgram;
  let raw: Table;
  let value: Table;
  // 1.7's go-toml v1 takes a key on a table header's line; the text parsed then has a newline there.
  const relaxed = dialect.hostsFromHeadersOnly ? undefined : relaxForGoTomlV1(text);
  const src = relaxed?.text ?? text;
  const rangeOf = relaxed?.rangeOf ?? toRange;
  try {
    ast = parseHostsTomlAst(src);
    raw = getStaticTOMLValue(ast) as Table;
    value = asStruct(raw, [...FIELDS, 'server', 'host'], dialect.hostsFromHeadersOnly);
    if (dialect.hostsFromHeadersOnly) value = { ...value, ...mergedHostMaps(raw) };
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const at = err.lineNumber ? rangeOf({ start: { line: err.lineNumber, column: err.column ?? 0 }, end: { line: err.lineNumber, column: err.column ?? 0 } }) : undefined;
    return { ok: false, error: `toml: ${err.message}`, range: at };
  }
  const entries = entriesOf(ast, rangeOf);
  const located = (error: string, p: string[]): HostsTomlDecode => ({ ok: false, error, range: rangeOfPath(entries, p) });
  let rawNames = new Map<string, string>();
  if (!dialect.hostsFromHeadersOnly) {
    const v1 = v1Headers(ast, src, rangeOf);
    if ('error' in v1) return { ok: false, error: v1.error, range: v1.range };
    rawNames = v1.rawNames;
  }
  const raw1 = (name: string) => rawNames.get(name) ?? name;
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
  const firstMention = (name: string) => entries.find((e) => e.path.length >= 2 && e.path[0].toLowerCase() === 'host' && e.path[1] === name);
  const hosts: TomlHost[] = [];
  const order = sortedHosts(ast, raw, dialect, rangeOf);
  for (const name of order) {
    const parsed = parseHostConfig(raw1(name), hostDir, (hostTables[name] as Table | undefined) ?? {}, dialect, raw1(name));
    if ('error' in parsed) {
      // A name url.Parse refuses has no `server` key to point at: its table header names it.
      if (keyOfError(parsed.error) === 'server') return { ok: false, error: parsed.error, range: firstMention(name)?.partRanges[1] };
      return located(parsed.error, ['host', name, parsed.key ?? keyOfError(parsed.error)]);
    }
    parsed.nameRange = firstMention(name)?.partRanges[1];
    hosts.push(parsed);
  }
  const server = parseHostConfig((value.server as string | undefined) ?? '', hostDir, value, dialect);
  if ('error' in server) return located(server.error, [server.key ?? keyOfError(server.error)]);
  const se = serverEntry(entries, dialect);
  if (se?.value) server.nameRange = rangeOf(se.value.loc);
  hosts.push(server);
  // Every table under `host` in any spelling (go-toml may merge or pick them): what is not in the list is never tried.
  const dropped: DroppedHost[] = [];
  for (const [k, tree] of Object.entries(raw)) {
    if (k.toLowerCase() !== 'host' || !isTable(tree)) continue;
    for (const name of Object.keys(tree)) {
      const e = entries.find((x) => x.path.length >= 2 && x.path[0] === k && x.path[1] === name);
      if (order.includes(name) || !e) continue;
      dropped.push({ name: raw1(name), range: e.keyRange, hostKey: k, hostKeyRange: e.partRanges[0], nameRange: e.partRanges[1], why: k === 'host' ? 'not-a-header' : 'key-case' });
    }
  }
  return { ok: true, hosts, dropped };
}
