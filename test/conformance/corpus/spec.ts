/**
 * Hand-written folders, one or more per row of the file table in
 * /work/shared/spec/engine-rules.md (F1-F6, C1-C9, K1-K11), labelled `spec:<row>`, plus the
 * hosts.toml rules (`spec:hosts.toml`). Material comes from the same pool as the random corpus.
 *
 * Left out:
 * - P7 (host folder unreadable) and P8 (file unreadable): the suite runs as root, for whom
 *   permissions do nothing, so no file mode can express them.
 * - F5: the table has no such row.
 * - The host-name rules (`:443`, docker.io, loopback, Windows colons) are about which folder is
 *   read for a reference, not about its files; the corpus's folder names never trigger them.
 * C8 and C9 are about the server's certificate, which is not in the folder: their folders hold
 * the CA as the engines see it, and the server's certificate and key under `.pem` names (which
 * every engine ignores, F1) for a harness that runs the handshake.
 */
import { appleDouble, damagePem, PemDamage } from './damage';
import { HostBuilder } from './hostBuilder';
import { PoolCert } from './issue';
import { KeyEncoding, PoolKey } from './keys';
import { buildPool, ClientMaterial, Pool } from './pool';
import { Prng } from './prng';
import { HostSpec } from './types';
import { addTopLevelItemEdit, insertKeyEdit } from '../../../server/src/core/engines/hostsTomlSyntax';
import { applyEdits } from '../../helpers/textEdits';

type Build = (b: HostBuilder) => void;

export async function specCases(pool?: Pool, seed = 0): Promise<HostSpec[]> {
  const p = pool ?? (await buildPool(seed));
  const rng = new Prng(seed ^ 0x73706563);
  const out: HostSpec[] = [];
  const counters = new Map<string, number>();
  const add = (row: string, detail: string, build: Build): void => {
    const n = (counters.get(row) ?? 0) + 1;
    counters.set(row, n);
    const b = new HostBuilder(`${row.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}.spec.example.com:5000`);
    b.label(`spec:${row}`, `spec:${row}:${detail}`);
    build(b);
    out.push(b.build());
  };

  const root = p.rootA;
  const client = (id: string): ClientMaterial => {
    const m = p.clients.find((c) => c.id === id);
    if (!m) throw new Error(`pool has no client ${id}`);
    return m;
  };
  const rsaClient = client('rsa2048');
  const ecClient = client('p256');
  const crt = (b: HostBuilder, name: string, bytes: Buffer | string, ...labels: string[]): void => {
    b.file(name, bytes);
    b.labelFile(name, ...labels);
  };
  const rootCrt = (b: HostBuilder, name = 'ca.crt'): void => crt(b, name, root.pem, 'ca:root', `ca:${root.alg}`, 'ca:pem');
  const damaged = (d: PemDamage, certs: PoolCert[] = [root]): string => damagePem(rng, certs.map((c) => c.pem.toString()).join(''), d).text;
  const pair = (b: HostBuilder, base: string, m: ClientMaterial, enc: KeyEncoding, o: { cert?: Buffer | string; key?: Buffer | string; keyOf?: PoolKey } = {}): void => {
    b.file(`${base}.cert`, o.cert ?? m.cert.pem);
    const key = o.key ?? (o.keyOf ?? m.key).files[enc];
    if (!key) throw new Error(`${b.name}: no ${enc} encoding of the ${(o.keyOf ?? m.key).label} key`);
    b.file(`${base}.key`, key, 0o600);
    b.labelFile(`${base}.cert`, `pair:${m.id}`, `pair:key-${enc}`);
  };
  const serverFiles = (b: HostBuilder, certs: PoolCert[], what: string): void => {
    b.file('server.pem', certs.map((c) => c.pem.toString()).join(''));
    b.file('server-key.pem', certs[0].key!.files.pkcs8!, 0o600);
    b.labelFile('server.pem', `server:${what}`);
  };

  // F: which files are read
  for (const [name, bytes] of [['ca.pem', root.pem], ['CA.CRT', root.pem], ['ca.crt.pem', root.pem], ['ca.cer', root.der]] as const) add('F1', name, (b) => crt(b, name, bytes, `other:${name}`));
  add('F2', 'empty-dir', (b) => {
    rootCrt(b);
    b.dir('x.crt');
    b.label('subdir:named-crt@x.crt');
  });
  add('F2', 'dir-with-file', (b) => {
    rootCrt(b);
    b.file('x.crt/ca.crt', root.pem);
    b.label('subdir:named-crt@x.crt');
  });
  add('F2', 'symlink-to-dir', (b) => {
    rootCrt(b);
    b.file('certs/ca.crt', root.pem);
    b.symlink('x.crt', 'certs');
    b.label('symlink:to-dir@x.crt');
  });
  add('F3', 'hidden-crt', (b) => crt(b, '.ca.crt', root.pem, 'hidden:crt', 'ca:root'));
  add('F4', 'appledouble', (b) => {
    rootCrt(b);
    crt(b, '._ca.crt', appleDouble(rng), 'appledouble:crt');
  });
  add('F6', 'dangling', (b) => {
    rootCrt(b);
    b.symlink('broken.crt', 'missing.crt');
    b.label('symlink:dangling@broken.crt');
  });

  // C: CA files
  add('C1', 'der', (b) => crt(b, 'ca.crt', root.der, 'ca:der'));
  add('C1', 'empty', (b) => crt(b, 'ca.crt', Buffer.alloc(0), 'ca:empty'));
  add('C1', 'key-only', (b) => crt(b, 'ca.crt', root.key!.files.pkcs1!, 'ca:key-instead'));
  for (const d of ['pem-headers', 'indented', 'indented-body', 'no-end', 'end-no-dashes', 'bad-padding', 'truncated', 'type-trusted-certificate'] as const) {
    add('C1', d, (b) => crt(b, 'ca.crt', damaged(d), `ca:${d}`));
  }
  add('C2', 'bom-one-block', (b) => crt(b, 'ca.crt', damaged('bom'), 'ca:bom'));
  add('C2', 'bom-two-blocks', (b) => crt(b, 'ca.crt', damaged('bom', [root, p.roots[1]]), 'ca:bom', 'ca:bundle'));
  for (const d of ['crlf', 'text-before', 'no-final-newline', 'text-after', 'text-between'] as const) {
    add('C3', d, (b) => crt(b, 'ca.crt', damaged(d, d === 'text-between' ? [root, p.roots[1]] : [root]), `ca:${d}`));
  }
  add('C3', 'text-dump', (b) => crt(b, 'ca.crt', root.dump ?? root.pem, root.dump ? 'ca:text-dump' : 'ca:pem'));
  add('C4', 'bundle', (b) => crt(b, 'ca.crt', p.roots.slice(0, 3).map((c) => c.pem.toString()).join(''), 'ca:bundle'));
  add('C4', 'bundle-with-key', (b) => crt(b, 'ca.crt', root.pem.toString() + rsaClient.key.files.pkcs8!.toString() + p.roots[1].pem.toString(), 'ca:bundle', 'ca:with-key'));
  add('C4', 'one-unparsable', (b) => {
    const bad = p.odd.find((c) => c.id === 'odd:malformed-san-dns')!;
    crt(b, 'ca.crt', bad.pem.toString() + root.pem.toString(), 'ca:bundle', 'ca:odd-malformed-san-dns');
  });
  add('C4', 'all-unparsable', (b) => {
    const bad = p.odd.find((c) => c.id === 'odd:malformed-san-dns')!;
    crt(b, 'ca.crt', bad.pem, 'ca:odd-malformed-san-dns');
  });
  add('C5', 'one-crt', (b) => rootCrt(b));
  add('C5', 'two-crt', (b) => {
    rootCrt(b);
    crt(b, 'other.crt', p.roots[1].pem, 'ca:root');
  });
  add('C6', 'server-leaf', (b) => crt(b, 'ca.crt', p.serverLeaves[0].pem, 'ca:server-leaf'));
  add('C6', 'intermediate', (b) => crt(b, 'ca.crt', p.intermediates[0].pem, 'ca:intermediate'));
  add('C7', 'expired', (b) => crt(b, 'ca.crt', p.expiredRoot.pem, 'ca:expired'));
  add('C7', 'not-yet-valid', (b) => crt(b, 'ca.crt', p.notYetValidRoot.pem, 'ca:not-yet-valid'));
  add('C8', 'root-only', (b) => {
    rootCrt(b);
    serverFiles(b, [p.serverLeaves[0]], 'leaf-without-intermediate');
  });
  add('C9', 'cn-only', (b) => {
    rootCrt(b);
    serverFiles(b, [p.cnOnlyLeaf], 'cn-only');
  });
  add('C9', 'san-mismatch', (b) => {
    rootCrt(b);
    serverFiles(b, [p.serverLeaves[0], p.intermediates[0]], 'san-reg.example.com');
  });

  // K: client pairs
  add('K1', 'cert-only', (b) => crt(b, 'ca.cert', root.pem, 'cert:lone', 'cert:ca-as-cert'));
  add('K1', 'cert-and-key-in-cert', (b) => crt(b, 'client.cert', rsaClient.cert.pem.toString() + rsaClient.key.files.pkcs8!.toString(), 'pair:combined-no-key'));
  add('K2', 'ca-key-beside-ca-crt', (b) => {
    rootCrt(b);
    b.file('ca.key', root.key!.files.pkcs8!, 0o600);
    b.label('key:lone@ca.key', 'key:beside-crt@ca.key');
  });
  add('K2', 'client-crt-and-key', (b) => {
    crt(b, 'client.crt', rsaClient.cert.pem, 'ca:client-leaf');
    b.file('client.key', rsaClient.key.files.pkcs1!, 0o600);
    b.label('key:lone@client.key', 'key:beside-crt@client.key');
  });
  add('K3', 'exact-names', (b) => pair(b, 'client', rsaClient, 'pkcs8'));
  add('K3', 'case-differs', (b) => {
    b.file('client.cert', rsaClient.cert.pem);
    b.file('Client.key', rsaClient.key.files.pkcs8!, 0o600);
    b.label('cert:lone@client.cert', 'key:lone@Client.key');
  });
  add('K3', 'double-extension', (b) => {
    b.file('client.cert', rsaClient.cert.pem);
    b.file('client.cert.key', rsaClient.key.files.pkcs8!, 0o600);
    b.label('cert:lone@client.cert', 'key:lone@client.cert.key');
  });
  const k4: [string, KeyEncoding][] = [['rsa2048', 'pkcs1'], ['rsa2048', 'pkcs8'], ['p256', 'sec1'], ['p256', 'sec1-params'], ['p256', 'pkcs8'], ['p384', 'sec1'], ['p521', 'pkcs8'], ['ed25519', 'pkcs8'],
    ['ed448', 'pkcs8'], ['x25519', 'pkcs8'], ['dsa', 'pkcs8'], ['rsa-pss', 'pkcs8'], ['secp256k1', 'sec1'], ['dsa', 'dsa-traditional'], ['openssh-ed25519', 'openssh']];
  for (const [id, enc] of k4) {
    const m = p.clients.find((c) => c.id === id);
    if (m && m.key.files[enc]) add('K4', `${id}-${enc}`, (b) => pair(b, 'client', m, enc));
  }
  add('K5', 'encrypted-pkcs8', (b) => pair(b, 'client', rsaClient, 'pkcs8-encrypted'));
  add('K5', 'legacy-rsa', (b) => pair(b, 'client', rsaClient, 'legacy-encrypted'));
  add('K5', 'legacy-ec', (b) => pair(b, 'client', ecClient, 'legacy-encrypted'));
  add('K6', 'der-cert', (b) => {
    pair(b, 'client', rsaClient, 'pkcs1', { cert: rsaClient.cert.der });
    b.labelFile('client.cert', 'pair:cert-der');
  });
  add('K6', 'der-key', (b) => pair(b, 'client', rsaClient, 'pkcs8-der'));
  add('K7', 'swapped', (b) => {
    pair(b, 'client', rsaClient, 'pkcs8', { cert: rsaClient.key.files.pkcs8!, key: rsaClient.cert.pem });
    b.labelFile('client.cert', 'pair:swapped');
  });
  add('K8', 'mismatch', (b) => {
    const other = p.keys.find((k) => k.label === 'rsa2048' && !k.spki.equals(rsaClient.key.spki))!;
    pair(b, 'client', rsaClient, 'pkcs8', { keyOf: other });
    b.labelFile('client.cert', 'pair:mismatch');
  });
  add('K8', 'other-type', (b) => {
    pair(b, 'client', rsaClient, 'pkcs8', { keyOf: ecClient.key });
    b.labelFile('client.cert', 'pair:other-alg');
  });
  const via = client('via-intermediate');
  add('K9', 'leaf-first', (b) => {
    pair(b, 'client', via, 'pkcs8', { cert: via.cert.pem.toString() + via.chain[0].pem.toString() });
    b.labelFile('client.cert', 'pair:chain-leaf-first');
  });
  add('K9', 'leaf-last', (b) => {
    pair(b, 'client', via, 'pkcs8', { cert: via.chain[0].pem.toString() + via.cert.pem.toString() });
    b.labelFile('client.cert', 'pair:chain-leaf-last');
  });
  add('K10', 'expired', (b) => pair(b, 'client', client('expired'), 'pkcs1'));
  add('K10', 'eku-server-only', (b) => pair(b, 'client', client('eku-server-only'), 'pkcs1'));
  add('K11', 'two-pairs', (b) => {
    pair(b, 'a', rsaClient, 'pkcs1');
    pair(b, 'b', ecClient, 'sec1');
  });
  add('K11', 'first-broken', (b) => {
    pair(b, 'a', rsaClient, 'pkcs8', { keyOf: ecClient.key });
    pair(b, 'b', ecClient, 'sec1');
    b.labelFile('a.cert', 'pair:other-alg');
  });

  // hosts.toml rules
  const tomlCase = (detail: string, toml: string | Buffer, extra?: Build): void =>
    add('hosts.toml', detail, (b) => {
      rootCrt(b);
      crt(b, 'loose.crt', p.roots[1].pem, 'ca:root');
      extra?.(b);
      b.file('hosts.toml', toml);
      b.label(`hosts.toml:${detail}`);
    });
  tomlCase('parses-ca-referenced', `server = "https://reg.example.com:5000"\n\n[host."https://reg.example.com:5000"]\n  capabilities = ["pull", "resolve"]\n  ca = "ca.crt"\n`);
  tomlCase('parses-no-ca', `[host."https://mirror.example.com:5000"]\n  capabilities = ["pull"]\n`);
  tomlCase('syntax-error', `[host."https://mirror.example.com:5000"\n  ca = "ca.crt"\n`);
  tomlCase('empty', Buffer.alloc(0));
  tomlCase('comments-only', '# nothing configured yet\n');
  tomlCase('no-host-table', `server = "https://reg.example.com:5000"\nca = "ca.crt"\n`);
  tomlCase('referrers', `[host."https://mirror.example.com:5000"]\n  capabilities = ["pull", "resolve", "referrers"]\n  ca = "ca.crt"\n`);
  tomlCase('ca-array', `[host."https://mirror.example.com:5000"]\n  ca = ["ca.crt", "loose.crt"]\n`);
  tomlCase('unknown-capability', `[host."https://mirror.example.com:5000"]\n  capabilities = ["pull", "fetch"]\n  ca = "ca.crt"\n`);
  tomlCase('ca-int', `[host."https://mirror.example.com:5000"]\n  ca = 1\n`);
  tomlCase('client-pair', `[host."https://mirror.example.com:5000"]\n  ca = "ca.crt"\n  client = [["client.cert", "client.key"]]\n`, (b) => pair(b, 'client', rsaClient, 'pkcs8'));
  tomlCase('client-string', `[host."https://mirror.example.com:5000"]\n  client = "combined.cert"\n`, (b) => crt(b, 'combined.cert', rsaClient.cert.pem.toString() + rsaClient.key.files.pkcs8!.toString(), 'pair:combined-no-key'));
  tomlCase('dial-timeout-no-unit', `[host."https://mirror.example.com:5000"]\n  dial_timeout = "30"\n`);
  tomlCase('misspelled-key', `[host."https://mirror.example.com:5000"]\n  skip-verify = true\n`);

  // Hosts not written as [host."..."] headers: 2.x drops them, 1.7 keeps them.
  tomlCase('host-inline', `server = "https://reg.example.com:5000"\n\n[host]\n  "https://mirror.example.com:5000" = { capabilities = ["pull"], ca = "ca.crt" }\n`);
  tomlCase('host-dotted', `host."https://mirror.example.com:5000".ca = "ca.crt"\n`);
  tomlCase('host-dotted-and-header', `host."https://b.example.com".ca = "loose.crt"\n\n[host."https://a.example.com"]\n  ca = "ca.crt"\n`);
  tomlCase('host-key-case', `[HOST."https://mirror.example.com:5000"]\n  ca = "ca.crt"\n`);
  tomlCase('host-key-case-merged', `[HOST."https://mirror.example.com:5000"]\n  ca = "ca.crt"\n\n[host."https://mirror.example.com:5000".header]\n  x-token = "t"\n`);
  // Names starting with "http" but not http:// or https:// get no https:// from containerd.
  tomlCase('http-prefixed-host', `[host."httpcache.local:5000"]\n  ca = "ca.crt"\n`);
  tomlCase('http-prefixed-bare-path', `[host."https-mirror.corp"]\n  ca = "ca.crt"\n`);
  tomlCase('http-prefixed-server', `server = "httpcache.local:5000"\nca = "ca.crt"\n`);
  tomlCase('upper-case-scheme', `[host."HTTPS://mirror.example.com"]\n  ca = "ca.crt"\n`);
  // /v2 in the path: appended again unless override_path; the fix's result is judged too.
  const v2 = `[host."https://mirror.example.com/v2/library"]\n  ca = "ca.crt"\n`;
  tomlCase('v2-path', v2);
  tomlCase('v2-path-fixed', applyEdits(v2, [insertKeyEdit(v2, 'https://mirror.example.com/v2/library', 'override_path', 'true')!]));
  const v2Server = `server = "https://reg.example.com:5000/v2/library"\nca = "ca.crt"\n`;
  tomlCase('v2-path-server-fixed', applyEdits(v2Server, [insertKeyEdit(v2Server, undefined, 'override_path', 'true')!]));
  // go-toml v1 (1.7) lexes table headers raw: brackets inside break them, escapes stay.
  tomlCase('ipv6-header', `[host."https://[fd00::1]:5000"]\n  ca = "ca.crt"\n`);
  tomlCase('ipv6-inline', `[host]\n  "https://[fd00::1]:5000" = { ca = "ca.crt" }\n`);
  tomlCase('escape-in-header', `[host."https://mirror\\u002eexample.com"]\n  ca = "ca.crt"\n`);
  // Files hosts.toml names: outside the folder, not PEM, a key as ca, an empty key in a pair.
  add('hosts.toml', 'ref-outside', (b) => {
    crt(b, 'loose.crt', p.roots[1].pem, 'ca:root');
    b.file(`../${b.name}-outside.crt`, root.pem);
    b.file('hosts.toml', `ca = ${JSON.stringify(`../${b.name}-outside.crt`)}\n`);
    b.label('hosts.toml:ref-outside');
  });
  tomlCase('ref-der', `[host."https://mirror.example.com:5000"]\n  ca = "der.crt.bin"\n`, (b) => b.file('der.crt.bin', root.der));
  tomlCase('ref-key-as-ca', `ca = "client.key"\n`, (b) => pair(b, 'client', rsaClient, 'pkcs8'));
  tomlCase('ref-ca-as-client', `client = "ca.crt"\n`);
  tomlCase('client-pair-empty-key', `client = [["client.cert", ""]]\n`, (b) => pair(b, 'client', rsaClient, 'pkcs8'));
  tomlCase('client-mixed-array', `client = ["combined.cert", ["client.cert", "client.key"]]\n`, (b) => {
    pair(b, 'client', rsaClient, 'pkcs8');
    crt(b, 'combined.cert', ecClient.cert.pem.toString() + ecClient.key.files.pkcs8!.toString(), 'pair:combined-no-key');
  });
  // dial_timeout at the edges of time.ParseDuration (2.1+; 1.7 ignores the key).
  tomlCase('dial-timeout-overflow', `[host."https://mirror.example.com:5000"]\n  dial_timeout = "2562048h"\n`);
  tomlCase('dial-timeout-max', `[host."https://mirror.example.com:5000"]\n  dial_timeout = "2562047h"\n`);
  tomlCase('dial-timeout-micro-sign', `[host."https://mirror.example.com:5000"]\n  dial_timeout = "1\u00b5"\n`);
  // The loose-file fix of certsd/hosts-toml-shadows, applied: containerd then loads loose.crt too.
  const fixed = (detail: string, toml: string, key: 'ca' | 'client', item: string, line: string, extra?: Build): void =>
    tomlCase(`shadows-fixed-${detail}`, applyEdits(toml, [addTopLevelItemEdit(toml, key, item, line)!]), extra);
  fixed('string', `server = "https://reg.example.com:5000"\nca = "ca.crt"\n`, 'ca', '"loose.crt"', '"loose.crt"');
  fixed('array', `ca = [\n  "ca.crt",\n]\n[host."https://mirror.example.com:5000"]\n  capabilities = ["pull"]\n`, 'ca', '"loose.crt"', '"loose.crt"');
  fixed('new-key', `[host."https://mirror.example.com:5000"]\n  capabilities = ["pull"]\n`, 'ca', '"loose.crt"', '"loose.crt"');
  fixed('comments-only', '# nothing configured yet\n', 'ca', '"loose.crt"', '"loose.crt"');
  fixed('pair', `server = "https://reg.example.com:5000"\nclient = "combined.cert"\n`, 'client', '["client.cert", "client.key"]', '[["client.cert", "client.key"]]', (b) => {
    pair(b, 'client', rsaClient, 'pkcs8');
    crt(b, 'combined.cert', ecClient.cert.pem.toString() + ecClient.key.files.pkcs8!.toString(), 'pair:combined-no-key');
  });
  // A `]` inside a quoted table name: go-toml v1 (containerd 1.7) cannot decode these, v2 reads the name whole.
  tomlCase('bracket-in-header-path', `[host."https://mirror.example.com/a]b"]\n  ca = "ca.crt"\n`);
  tomlCase('bracket-unclosed-header', `[host."https://mirror.example.com/a]b"\n  ca = "ca.crt"\n`);
  tomlCase('bracket-in-header-host', `[host."https://m]irror.example.com"]\n  ca = "ca.crt"\n[host."https://x.example.com"]\n`);
  // An http server with TLS settings: https first unless SplitHostPort gives port 80 (none counts as not 80).
  tomlCase('http-server-no-port', `server = "http://reg.example.com"\nca = "ca.crt"\n`);
  tomlCase('http-server-port-80', `server = "http://reg.example.com:80"\nca = "ca.crt"\n`);
  tomlCase('http-host-no-port', `[host."http://mirror.example.com"]\n  ca = "ca.crt"\n`);

  // Loopback registries and Docker Hub, named for the registry itself: what ConfigureHosts fills in
  // for the registry when nothing names a server (spec: "containerd reads the files but skips
  // verification by default"; docker.io is registry-1.docker.io). Docker's own loader never reads
  // these folders (knownDifferences.ts).
  const named = (name: string, row: string, detail: string, toml?: string, extra?: Build): void => {
    const b = new HostBuilder(name);
    b.label(`spec:${row}`, `spec:${row}:${detail}`);
    rootCrt(b);
    extra?.(b);
    if (toml !== undefined) b.file('hosts.toml', toml);
    out.push(b.build());
  };
  const withPair = (b: HostBuilder) => pair(b, 'client', rsaClient, 'pkcs8');
  named('localhost:5100', 'loopback', 'loose-files', undefined, withPair);
  named('localhost', 'loopback', 'no-port-ca', 'ca = "ca.crt"\n');
  named('localhost:443', 'loopback', 'port-443-ca', 'ca = "ca.crt"\n');
  named('localhost:5101', 'loopback', 'port-ca', 'ca = "ca.crt"\n');
  named('localhost:5102', 'loopback', 'skip-verify-false', 'skip_verify = false\n');
  named('localhost:80', 'loopback', 'port-80-ca', 'ca = "ca.crt"\n');
  named('127.0.0.1:5103', 'loopback', 'mirror-then-registry', '[host."https://mirror.example.com:5000"]\n  capabilities = ["pull"]\n');
  named('[::1]:5104', 'loopback', 'ipv6-ca', 'client = [["client.cert", "client.key"]]\n', withPair);
  named('[::ffff:127.0.0.1]:5105', 'loopback', 'ipv4-mapped-loose');
  named('127.0.0.1:80', 'loopback', 'port-80-loose');
  named('localhost:5106', 'loopback', 'server-named', 'server = "https://localhost:5106"\nca = "ca.crt"\n');
  // Not loopback to either engine: SplitHostPort refuses `[::1]` without a port and ParseIP refuses the
  // brackets (moby's name lookup fails too); ParseIP refuses leading zeros.
  named('[::1]', 'loopback', 'ipv6-no-port', 'ca = "ca.crt"\n');
  named('127.000.0.1:5107', 'loopback', 'leading-zeros');
  named('docker.io', 'docker-hub', 'no-server-ca', 'ca = "ca.crt"\n');
  return out;
}
