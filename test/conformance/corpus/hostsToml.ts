/**
 * containerd `hosts.toml` files: valid ones built from the schema's parts (server, `[host]`
 * tables, capabilities, ca, client in its three forms, skip_verify, override_path, header,
 * dial_timeout), and broken ones: one flaw injected into an otherwise valid file. The files a
 * table references are the folder's own (`ca.crt`, `client.cert`...), or on purpose a missing one.
 */
import { Prng } from './prng';

export interface TomlContext {
  /** The host folder's name, for `server`. */
  host: string;
  crts: string[];
  pairs: { cert: string; key: string }[];
  /** `.cert` files that hold the certificate and the key. */
  combined: string[];
  /** The bytes of a file of the folder (to copy one outside it). */
  content?: (name: string) => Buffer | undefined;
}

/** A file the hosts.toml needs beside it (a `../` name lives in the certs.d root, see writeHost). */
export interface TomlExtraFile {
  name: string;
  content: Buffer;
}

/** The flaws: each makes containerd log the file and fall back to the loose files, unless noted. */
export const TOML_FLAWS = [
  'syntax-unclosed-string',
  'syntax-unclosed-table',
  'syntax-unquoted-value',
  'syntax-duplicate-key',
  'ca-int',
  'client-int',
  'client-bad-pair',
  'bad-capability',
  'skip-verify-string',
  'dial-timeout-no-unit',
  'dial-timeout-int',
  'header-int',
  'bad-server',
  /** Not an error: unknown keys are ignored, so the setting silently does nothing. */
  'misspelled-key',
  /** Parses, but names a file that is not there. */
  'ref-missing',
  /** Parses, but names a file that holds no usable certificate (or a certificate with no key as `client`). */
  'ref-bad-content',
  /** Parses; `ca` names a copy of a folder's .crt outside the host folder (`../`). */
  'ref-outside',
  /** A host as an inline table under `[host]`, or as dotted keys: 2.x drops it, 1.7 keeps it. */
  'host-inline',
  'host-dotted',
  /** `[HOST."..."]` / `[Host."..."]`: never in the host list. */
  'host-key-case',
  /** A setting key in another case (`CA`, `Capabilities`, `Server`): go-toml matches fields case-insensitively. */
  'mixed-case-keys',
  /** A host name or server starting with "http" but not http:// or https:// (or HTTPS://). */
  'http-prefixed-name',
  'http-prefixed-server',
  /** A URL path already holding /v2/ (sometimes with override_path). */
  'v2-path',
  /** dial_timeout values at the edges of time.ParseDuration. */
  'dial-timeout-edge',
  /** A random text mutation of an otherwise valid file. */
  'text-delete-char',
  'text-duplicate-line',
  'text-swap-quotes',
] as const;
export type TomlFlaw = (typeof TOML_FLAWS)[number];

const CAPS = ['pull', 'resolve', 'push'] as const;

const q = (s: string): string => JSON.stringify(s);

function mirrorUrl(rng: Prng, host: string): string {
  return rng.pick([`https://mirror.example.com:5000`, `https://${host}`, `http://cache.corp.internal:5000`, `https://registry-mirror.example.com`]);
}

/**
 * A hosts.toml and its labels. With a flaw, exactly that flaw is in the file (and labelled);
 * without, the file is valid for containerd 2.x (`no-host-table` files are refused by 1.6 and
 * 1.7 before 1.7.32, and `referrers` by releases before 2.2: both are labelled). `files`: what the
 * file needs beside it (for `ref-bad-content`, `ref-outside`).
 */
export function hostsToml(rng: Prng, ctx: TomlContext, flaw?: TomlFlaw): { content: Buffer; labels: string[]; files: TomlExtraFile[] } {
  const labels = new Set<string>();
  const files: TomlExtraFile[] = [];
  const top: string[] = [];
  const tables: string[][] = [];
  const withServer = rng.chance(0.6) || flaw === 'bad-server' || flaw === 'http-prefixed-server';
  if (withServer) {
    const noScheme = rng.chance(0.2);
    const server =
      flaw === 'bad-server'
        ? 'https://reg .example.com'
        : flaw === 'http-prefixed-server'
          ? rng.pick(HTTP_PREFIXED)
          : flaw === 'v2-path' && rng.chance(0.3)
            ? `https://${ctx.host}${rng.pick(V2_PATHS)}`
            : noScheme
              ? ctx.host
              : `https://${ctx.host}`;
    top.push(`server = ${q(server)}`);
    labels.add(noScheme ? 'hosts.toml:server-no-scheme' : 'hosts.toml:server');
  }
  const needsTable = flaw === 'host-inline' || flaw === 'host-dotted' || flaw === 'host-key-case' || flaw === 'http-prefixed-name';
  const nTables = withServer && !needsTable ? rng.weighted([[0, 3], [1, 6], [2, 1]] as const) : rng.weighted([[1, 8], [2, 2]] as const);
  if (nTables === 0) labels.add('hosts.toml:no-host-table');
  for (let i = 0; i < nTables; i++) {
    let url = i === 0 ? mirrorUrl(rng, ctx.host) : `https://mirror${i + 1}.example.com`;
    if (i === 0 && flaw === 'http-prefixed-name') url = rng.pick(HTTP_PREFIXED);
    if (i === 0 && flaw === 'v2-path' && !top.some((l) => l.includes('/v2'))) url = `https://mirror.example.com${rng.pick(V2_PATHS)}`;
    const t: string[] = [`[host.${q(url)}]`];
    if (rng.chance(0.7)) {
      const caps: string[] = rng.shuffle(CAPS).slice(0, 1 + rng.int(3));
      if (rng.chance(0.1)) caps.push('referrers');
      t.push(`  capabilities = [${caps.map(q).join(', ')}]`);
      labels.add(caps.includes('referrers') ? 'hosts.toml:referrers' : 'hosts.toml:capabilities');
    }
    tables.push(t);
  }
  // Settings go to the first [host] table, or to the top level (for `server`) when there is none.
  const target = tables[0] ?? top;
  const ind = tables[0] ? '  ' : '';
  const pick = (names: string[]): string[] => (names.length ? rng.shuffle(names).slice(0, 1 + rng.int(Math.min(2, names.length))) : []);
  if (ctx.crts.length && rng.chance(0.7)) {
    const cas = pick(ctx.crts);
    if (cas.length === 1 && rng.chance(0.6)) {
      target.push(`${ind}ca = ${q(cas[0])}`);
      labels.add('hosts.toml:ca-string');
    } else {
      target.push(`${ind}ca = [${cas.map(q).join(', ')}]`);
      labels.add('hosts.toml:ca-array');
    }
  }
  if (ctx.pairs.length && rng.chance(0.6)) {
    const p = rng.pick(ctx.pairs);
    const emptyKey = rng.chance(0.1);
    target.push(`${ind}client = [[${q(p.cert)}, ${q(emptyKey ? '' : p.key)}]]`);
    labels.add(emptyKey ? 'hosts.toml:client-pair-empty-key' : 'hosts.toml:client-pair');
  } else if (ctx.combined.length && rng.chance(0.7)) {
    const c = rng.pick(ctx.combined);
    target.push(rng.chance(0.5) ? `${ind}client = ${q(c)}` : `${ind}client = [${q(c)}]`);
    labels.add('hosts.toml:client-string');
  }
  if (rng.chance(0.15)) {
    target.push(`${ind}skip_verify = ${rng.chance(0.5)}`);
    labels.add('hosts.toml:skip-verify');
  }
  if (rng.chance(0.1) || (flaw === 'v2-path' && rng.chance(0.3))) {
    target.push(`${ind}override_path = true`);
    labels.add('hosts.toml:override-path');
  }
  if (rng.chance(0.1)) {
    target.push(`${ind}dial_timeout = ${q(rng.pick(['30s', '1m', '500ms']))}`);
    labels.add('hosts.toml:dial-timeout');
  }
  const header: string[] = [];
  if (rng.chance(0.12)) {
    header.push(`${tables[0] ? tables[0][0].replace(/\]$/, '.header]') : '[header]'}`, `  x-registry-token = "abc"`, ...(rng.chance(0.5) ? [`  x-tags = ["a", "b"]`] : []));
    labels.add('hosts.toml:header');
  }
  if (flaw) injectFlaw(rng, flaw, { ctx, top, tables, target, ind, header, files });
  if (flaw) labels.add(`hosts.toml:${flaw}`);
  if (!flaw && labels.size === 0) labels.add('hosts.toml:minimal');
  const comment = rng.chance(0.3) ? [`# ${ctx.host}: managed by the platform team`] : [];
  const lines = [...comment, ...top, ...tables.flatMap((t, i) => [...(i || top.length ? [''] : []), ...t]), ...(header.length ? ['', ...header] : [])];
  let text = lines.join('\n') + '\n';
  if (flaw?.startsWith('text-')) text = mutateText(rng, text, flaw);
  return { content: Buffer.from(text), labels: [...labels], files };
}

/** Names containerd does not read as the URL they look like (https:// is added only to names not starting with "http"). */
const HTTP_PREFIXED = ['httpcache.local:5000', 'https-mirror.corp', 'http.corp:5000', 'HTTPS://mirror.example.com', 'http:/mirror.example.com', 'httpmirror.corp/v2', 'https:mirror.example.com:5000', 'http//mirror.example.com'];

const V2_PATHS = ['/v2/library', '/v2/proxy/', '/cache/v2/', '/v2', '/v2/v2'];

/** time.ParseDuration edge cases, valid and not. */
const DURATIONS = ['0', '-1s', '1.5h', '1h30m', '', '1µs', '+5s', '.5s', '5.s', '1e3s', '9999999999h', '.s', '1S', '00', '9223372036854775807ns', '9223372036854775808ns', '2562048h', ' 1s'];

function mutateText(rng: Prng, text: string, flaw: TomlFlaw): string {
  if (flaw === 'text-delete-char') {
    // Not a newline between two table headers: 1.7 would then order their hosts at random (same line).
    for (;;) {
      const i = rng.int(text.length);
      const out = text.slice(0, i) + text.slice(i + 1);
      if (!/^[ \t]*\[[^\n]*\][ \t]*\[/m.test(out)) return out;
    }
  }
  const lines = text.split('\n');
  if (flaw === 'text-duplicate-line') {
    const i = rng.int(Math.max(1, lines.length - 1));
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  }
  // text-swap-quotes: one double quote becomes a single one, or both quotes of a string do.
  const quotes = [...text.matchAll(/"/g)].map((m) => m.index!);
  if (quotes.length === 0) return text;
  if (rng.chance(0.5)) {
    const i = rng.pick(quotes);
    return text.slice(0, i) + "'" + text.slice(i + 1);
  }
  const strings = [...text.matchAll(/"([^"\n\\]*)"/g)];
  if (strings.length === 0) return text;
  const m = rng.pick(strings);
  return text.slice(0, m.index!) + `'${m[1]}'` + text.slice(m.index! + m[0].length);
}

interface FlawParts {
  ctx: TomlContext;
  top: string[];
  tables: string[][];
  target: string[];
  ind: string;
  header: string[];
  files: TomlExtraFile[];
}

/** `  key = value` -> [key, value]. */
function splitLine(line: string): [string, string] {
  const m = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line)!;
  return [m[1], m[2]];
}

function injectFlaw(rng: Prng, flaw: TomlFlaw, parts: FlawParts): void {
  const { ctx, top, tables, target, ind, header, files } = parts;
  const tableHead = tables[0]?.[0];
  const replaceOrAdd = (key: string, line: string): void => {
    const i = target.findIndex((l) => l.trimStart().startsWith(`${key} =`));
    if (i >= 0) target[i] = line;
    else target.push(line);
  };
  switch (flaw) {
    case 'syntax-unclosed-string':
      return replaceOrAdd('ca', `${ind}ca = "ca.crt`);
    case 'syntax-unclosed-table':
      if (tableHead) target[0] = tableHead.replace(/\]$/, '');
      else target.push('[host."https://mirror.example.com:5000"');
      return;
    case 'syntax-unquoted-value':
      return replaceOrAdd('ca', `${ind}ca = ca.crt`);
    case 'syntax-duplicate-key':
      target.push(`${ind}skip_verify = false`, `${ind}skip_verify = true`);
      return;
    case 'ca-int':
      return replaceOrAdd('ca', `${ind}ca = 1`);
    case 'client-int':
      return replaceOrAdd('client', `${ind}client = 1`);
    case 'client-bad-pair':
      return replaceOrAdd('client', `${ind}client = [["client.cert", "client.key", "extra.key"]]`);
    case 'bad-capability':
      return replaceOrAdd('capabilities', `${ind}capabilities = ["pull", "fetch"]`);
    case 'skip-verify-string':
      return replaceOrAdd('skip_verify', `${ind}skip_verify = "yes"`);
    case 'dial-timeout-no-unit':
      return replaceOrAdd('dial_timeout', `${ind}dial_timeout = "30"`);
    case 'dial-timeout-int':
      return replaceOrAdd('dial_timeout', `${ind}dial_timeout = 30`);
    case 'header-int':
      if (header.length) header.push('  x-retries = 3');
      else header.push(tableHead ? tableHead.replace(/\]$/, '.header]') : '[header]', '  x-retries = 3');
      return;
    case 'bad-server':
      return; // written with the server line
    case 'misspelled-key':
      target.push(rng.pick([`${ind}skip-verify = true`, `${ind}capabilites = ["pull"]`, `${ind}CA = "ca.crt"`, `${ind}insecure_skip_verify = true`]));
      return;
    case 'ref-missing':
      return replaceOrAdd('ca', `${ind}ca = "missing-ca.crt"`);
    case 'ref-bad-content': {
      const choices: (() => void)[] = [
        () => {
          files.push({ name: 'bad-ref.pem', content: Buffer.from(rng.pick(['', 'not a certificate\n', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'])) });
          replaceOrAdd('ca', `${ind}ca = "bad-ref.pem"`);
        },
        () => replaceOrAdd('ca', `${ind}ca = ${q(rng.pick(['hosts.toml', '.']))}`),
      ];
      if (ctx.pairs.length) choices.push(() => replaceOrAdd('ca', `${ind}ca = ${q(rng.pick(ctx.pairs).key)}`));
      // A CA certificate as `client`: X509KeyPair finds no key in it.
      if (ctx.crts.length) choices.push(() => replaceOrAdd('client', `${ind}client = ${q(rng.pick(ctx.crts))}`));
      return rng.pick(choices)();
    }
    case 'ref-outside': {
      const crt = ctx.crts.length ? rng.pick(ctx.crts) : undefined;
      const content = crt && ctx.content?.(crt);
      const name = `../${ctx.host}-outside.crt`;
      if (content) files.push({ name, content });
      return replaceOrAdd('ca', `${ind}ca = ${q(content ? name : '../missing-outside.crt')}`);
    }
    case 'host-inline':
    case 'host-dotted': {
      const t = tables[0];
      const name = JSON.parse(t[0].slice('[host.'.length, -1)) as string;
      const kvs = t.slice(1).map(splitLine);
      const i = 0;
      // An inline table cannot take a [host."..".header] table below it: then dotted keys.
      if (flaw === 'host-inline' && header.length === 0) {
        const inline = `${q(name)} = { ${kvs.map(([k, v]) => `${k} = ${v}`).join(', ')} }`;
        if (tables.length === 1 && rng.chance(0.3)) {
          tables.splice(i, 1);
          top.push(`host = { ${inline} }`);
        } else tables[i] = ['[host]', inline];
        return;
      }
      if (rng.chance(0.5) || kvs.length === 0) {
        tables[i] = ['[host]', ...(kvs.length ? kvs.map(([k, v]) => `${q(name)}.${k} = ${v}`) : [`${q(name)}.capabilities = ["pull"]`])];
      } else {
        tables.splice(i, 1);
        top.push(...kvs.map(([k, v]) => `host.${q(name)}.${k} = ${v}`));
      }
      return;
    }
    case 'host-key-case':
      tables[0][0] = tables[0][0].replace(/^\[host\./, `[${rng.pick(['HOST', 'Host'])}.`);
      return;
    case 'mixed-case-keys': {
      const lines = target.length > (target === top ? 0 : 1) ? target : top;
      const at = lines === tables[0] ? 1 + rng.int(lines.length - 1) : rng.int(lines.length);
      const CASES: Record<string, string[]> = {
        ca: ['CA', 'Ca'], client: ['Client', 'CLIENT'], capabilities: ['Capabilities'], skip_verify: ['Skip_Verify', 'SKIP_VERIFY'],
        override_path: ['Override_Path'], dial_timeout: ['Dial_Timeout'], server: ['Server', 'SERVER'],
      };
      const line = lines[at];
      if (line === undefined || line.startsWith('[')) {
        top.push(`${rng.pick(['CA', 'Ca'])} = ${q(ctx.crts[0] ?? 'missing-ca.crt')}`);
        return;
      }
      const [k, v] = splitLine(line);
      const variant = CASES[k] ? rng.pick(CASES[k]) : k.toUpperCase();
      const lead = /^\s*/.exec(line)![0];
      // Sometimes both spellings: go-toml v1 then takes the exact name, v2 the last one.
      if (rng.chance(0.3)) lines.splice(at + 1, 0, `${lead}${variant} = ${v}`);
      else lines[at] = `${lead}${variant} = ${v}`;
      return;
    }
    case 'http-prefixed-name':
    case 'http-prefixed-server':
      return; // written with the table or server line
    case 'v2-path':
      return; // written with the table or server line
    case 'dial-timeout-edge':
      return replaceOrAdd('dial_timeout', `${ind}dial_timeout = ${q(rng.pick(DURATIONS))}`);
    case 'text-delete-char':
    case 'text-duplicate-line':
    case 'text-swap-quotes':
      return; // applied to the whole text
  }
}

/** A hosts.toml of only comments: it parses, so containerd ignores the loose files. */
export function commentsOnlyToml(rng: Prng): Buffer {
  return Buffer.from(rng.pick(['# hosts.toml: see https://github.com/containerd/containerd/blob/main/docs/hosts.md\n', '# server = "https://reg.example.com"\n# [host."https://mirror.example.com"]\n#   capabilities = ["pull"]\n', '\n# nothing here yet\n\n']));
}
