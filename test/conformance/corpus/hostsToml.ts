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
 * 1.7 before 1.7.32, and `referrers` by releases before 2.2: both are labelled).
 */
export function hostsToml(rng: Prng, ctx: TomlContext, flaw?: TomlFlaw): { content: Buffer; labels: string[] } {
  const labels = new Set<string>();
  const top: string[] = [];
  const tables: string[][] = [];
  const withServer = rng.chance(0.6) || flaw === 'bad-server';
  if (withServer) {
    const noScheme = rng.chance(0.2);
    top.push(`server = ${q(flaw === 'bad-server' ? 'https://reg .example.com' : noScheme ? ctx.host : `https://${ctx.host}`)}`);
    labels.add(noScheme ? 'hosts.toml:server-no-scheme' : 'hosts.toml:server');
  }
  const nTables = withServer ? rng.weighted([[0, 3], [1, 6], [2, 1]] as const) : rng.weighted([[1, 8], [2, 2]] as const);
  if (nTables === 0) labels.add('hosts.toml:no-host-table');
  for (let i = 0; i < nTables; i++) {
    const t: string[] = [`[host.${q(i === 0 ? mirrorUrl(rng, ctx.host) : `https://mirror${i + 1}.example.com`)}]`];
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
  if (rng.chance(0.1)) {
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
  if (flaw) injectFlaw(rng, flaw, target, ind, header, tables[0]?.[0]);
  if (flaw) labels.add(`hosts.toml:${flaw}`);
  if (!flaw && labels.size === 0) labels.add('hosts.toml:minimal');
  const comment = rng.chance(0.3) ? [`# ${ctx.host}: managed by the platform team`] : [];
  const lines = [...comment, ...top, ...tables.flatMap((t, i) => [...(i || top.length ? [''] : []), ...t]), ...(header.length ? ['', ...header] : [])];
  return { content: Buffer.from(lines.join('\n') + '\n'), labels: [...labels] };
}

function injectFlaw(rng: Prng, flaw: TomlFlaw, target: string[], ind: string, header: string[], tableHead?: string): void {
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
  }
}

/** A hosts.toml of only comments: it parses, so containerd ignores the loose files. */
export function commentsOnlyToml(rng: Prng): Buffer {
  return Buffer.from(rng.pick(['# hosts.toml: see https://github.com/containerd/containerd/blob/main/docs/hosts.md\n', '# server = "https://reg.example.com"\n# [host."https://mirror.example.com"]\n#   capabilities = ["pull"]\n', '\n# nothing here yet\n\n']));
}
