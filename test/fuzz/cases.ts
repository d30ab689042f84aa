/**
 * Property-based attacks on every parser and rule, shared by `npm run fuzz` (100,000+ cases, random
 * seed) and test/unit/fuzz.test.ts (a fixed-seed sample in `npm test`). Seeds are certificates and
 * keys made at run time (pki.ts); fast-check mutates them at the PEM, base64 and DER levels, adds
 * random bytes, hostile ASN.1 (deep nesting, huge integers), mutated hosts.toml texts and odd names.
 *
 * The properties: nothing throws past a rule (no internal-error finding, no exception out of the
 * check or the formatters), one bad folder never changes what is said about a good one beside it,
 * the text output carries no control character, and every case is bounded in time.
 */
import fc from 'fast-check';
import { checkRoot, RootReport } from '../../server/src/core/check';
import { decodeAll, scanArmor } from '../../server/src/core/go/pem';
import { parseCertificate, parsePrivateKey } from '../../server/src/core/go/x509';
import { certificatePublicKey, privateKeyDetails, privateKeyShape } from '../../server/src/core/go/der';
import { decodeHostsToml, hostsTomlDialect } from '../../server/src/core/engines/hostsToml';
import { INTERNAL_ERROR } from '../../server/src/core/rules/guard';
import { Engine } from '../../server/src/core/tree';
import { toText } from '../../server/src/cli/formatText';
import { toJson } from '../../server/src/cli/formatJson';
import { toSarif } from '../../server/src/cli/formatSarif';
import { bundle, clientCert, ecKey, ed25519Key, pkcs1Pem, pkcs8Pem, rsaKey, sec1Pem, selfSigned, selfSignedCa } from '../helpers/pki';
import { MemFileSystem, MemNode } from './memFs';

export interface Seeds {
  pem: Buffer[];
  der: Buffer[];
  toml: string[];
}

/** Valid material to mutate: CA and client certificates, keys in every format Go reads, hosts.toml texts. */
export async function makeSeeds(): Promise<Seeds> {
  const ca = await selfSignedCa({ commonName: 'Fuzz CA', key: rsaKey(2048, 0) });
  const client = await clientCert(ca, { key: ecKey('P-256', 1) });
  const ipServer = await selfSigned({ commonName: '10.0.0.5', sans: ['10.0.0.5', 'reg.example.com'], key: ed25519Key(2) });
  const pem = [ca.pem, client.pem, ipServer.pem, bundle(ca, client), pkcs8Pem(client.key), pkcs1Pem(ca.key), sec1Pem(client.key), pkcs8Pem(ipServer.key)].map((s) => Buffer.from(s));
  const toml = [
    'server = "https://reg.example.com:5000"\n\n[host."https://mirror.example.com"]\n  capabilities = ["pull", "resolve"]\n  ca = "ca.crt"\n  client = [["client.cert", "client.key"]]\n  skip_verify = false\n',
    '[host."https://reg.example.com:5000"]\n  ca = ["/etc/ssl/ca.crt", "ca.crt"]\n  override_path = true\n  [host."https://reg.example.com:5000".header]\n    x-custom = ["a", "b"]\n',
  ];
  return { pem, der: [ca.der, client.der, ipServer.der], toml };
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Op =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; len: number }
  | { op: 'dupLine'; at: number }
  | { op: 'replace'; find: string; by: string };

const PEM_WORDS = ['-----BEGIN ', '-----END ', 'CERTIFICATE', 'PRIVATE KEY', '-----', '\n', '\r\n', '=', 'A', ':', ' ', '\t', '\ufeff', 'Proc-Type: 4,ENCRYPTED\n'];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), find: fc.constantFrom(...PEM_WORDS), by: fc.constantFrom(...PEM_WORDS, '') }),
);

function apply(data: Buffer, op: Op): Buffer {
  if (data.length === 0) return op.op === 'insert' ? Buffer.from(op.bytes) : data;
  const at = op.op === 'replace' ? 0 : op.at % (data.length + 1);
  switch (op.op) {
    case 'flip': {
      const out = Buffer.from(data);
      const i = Math.min(at, data.length - 1);
      out[i] ^= 1 << op.bit;
      return out;
    }
    case 'truncate':
      return data.subarray(0, at);
    case 'insert':
      return Buffer.concat([data.subarray(0, at), op.bytes, data.subarray(at)]);
    case 'delete':
      return Buffer.concat([data.subarray(0, at), data.subarray(at + op.len)]);
    case 'dupLine': {
      const start = data.lastIndexOf(0x0a, at - 1) + 1;
      const nl = data.indexOf(0x0a, at);
      const end = nl < 0 ? data.length : nl + 1;
      return Buffer.concat([data.subarray(0, end), data.subarray(start, end), data.subarray(end)]);
    }
    case 'replace': {
      const s = data.toString('latin1');
      const i = s.indexOf(op.find);
      return i < 0 ? data : Buffer.from(s.slice(0, i) + op.by + s.slice(i + op.find.length), 'latin1');
    }
  }
}

const mutate = (seed: Buffer, ops: Op[]) => ops.reduce(apply, seed);

/** Mutations of the DER inside a PEM block, re-armored: what reaches Go's parsers past the base64. */
function mutateInnerDer(pem: Buffer, ops: Op[]): Buffer {
  const blocks = decodeAll(pem);
  if (blocks.length === 0) return pem;
  const b = blocks[0];
  const der = mutate(b.bytes, ops);
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return Buffer.concat([pem.subarray(0, b.start), Buffer.from(`-----BEGIN ${b.type}-----\n${body}-----END ${b.type}-----`), pem.subarray(b.end)]);
}

/** DER length octets for n. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.of(tag), derLength(body.length), body]);

/** SEQUENCE { SEQUENCE { ... } } `depth` deep, lengths definite and right; written in one pass (headers outside in). */
export function deeplyNested(depth: number, tag = 0x30): Buffer {
  const headers: Buffer[] = [];
  let len = 2;
  for (let i = 0; i < depth; i++) {
    const h = Buffer.concat([Buffer.of(tag), derLength(len)]);
    headers.push(h);
    len += h.length;
  }
  return Buffer.concat([...headers.reverse(), Buffer.of(0x05, 0x00)]);
}

/** A certificate whose serial number is an INTEGER of `digits` decimal digits. */
export function hugeIntegerCertificate(der: Buffer, digits: number): Buffer {
  const huge = Buffer.alloc(Math.ceil((digits * Math.log2(10)) / 8), 0x7f);
  // Certificate ::= SEQUENCE { tbs SEQUENCE { [0] version, serial INTEGER, ... }, ... }: swap the serial.
  const outer = readTlv(der, 0);
  const tbs = readTlv(der, outer.start);
  let at = tbs.start;
  const first = readTlv(der, at);
  if (der[at] === 0xa0) at = first.end;
  const serial = readTlv(der, at);
  const newTbsBody = Buffer.concat([der.subarray(tbs.start, at), tlv(0x02, huge), der.subarray(serial.end, tbs.end)]);
  return tlv(0x30, Buffer.concat([tlv(0x30, newTbsBody), der.subarray(tbs.end, outer.end)]));
}

function readTlv(d: Buffer, off: number): { start: number; end: number } {
  let len = d[off + 1];
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + d[start + k];
    start += n;
  }
  return { start, end: start + len };
}

const armor = (type: string, der: Buffer) => Buffer.from(`-----BEGIN ${type}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${type}-----\n`);

/** File contents: mutated PEM, mutated inner DER, raw mutated DER, random bytes, hostile ASN.1, mutated TOML. */
export function contentArb(seeds: Seeds): fc.Arbitrary<Buffer> {
  const ops = fc.array(opArb, { minLength: 1, maxLength: 4 });
  const pemSeed = fc.constantFrom(...seeds.pem);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(pemSeed, ops).map(([s, o]) => mutate(s, o)) },
    { weight: 4, arbitrary: fc.tuple(pemSeed, ops).map(([s, o]) => mutateInnerDer(s, o)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...seeds.der), ops).map(([s, o]) => mutate(s, o)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds.pem, ...seeds.der) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0x30, 0x31, 0xa0, 0xa3), fc.constantFrom('CERTIFICATE', 'PRIVATE KEY', 'EC PRIVATE KEY')).map(([d, tag, type]) => armor(type, deeplyNested(d, tag))),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...seeds.der), fc.integer({ min: 1, max: 100_000 })).map(([der, digits]) => armor('CERTIFICATE', hugeIntegerCertificate(der, digits))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...seeds.toml), ops).map(([s, o]) => mutate(Buffer.from(s), o)) },
  );
}

/** Names no one should give a file, and the ones the engines read. */
export const ODD_NAMES: string[] = [
  'ca.crt',
  'client.cert',
  'client.key',
  'hosts.toml',
  'README.txt',
  'ca.pem',
  'ca\udcff.crt',
  'line\nFAKE.crt:1:1  error  injected.crt',
  '\u001b]0;owned\u0007.crt',
  '\u001b[2J.cert',
  '--format.key',
  'x'.repeat(251) + '.crt',
  '\u202eevil.crt',
  '._ca.crt',
];

export interface HostCase {
  engine: Engine;
  hostName: string;
  files: { name: string; node: MemNode }[];
}

export function hostCaseArb(seeds: Seeds): fc.Arbitrary<HostCase> {
  const node: fc.Arbitrary<MemNode> = fc.oneof(
    { weight: 12, arbitrary: contentArb(seeds) },
    { weight: 1, arbitrary: fc.constantFrom<MemNode>({ special: 'fifo' }, { special: 'socket' }, { special: 'char-device' }, { dir: true }, { link: 'missing.pem' }, { link: '/' }, { link: 'loop.crt' }) },
  );
  return fc.record({
    engine: fc.constantFrom<Engine>('docker', 'podman', 'containerd'),
    hostName: fc.constantFrom('fuzz.example.com:5000', '10.0.0.5:5000', '[::1]:5000', 'fuzz\udcfe.example.com', 'host\nname', '_default'),
    files: fc.uniqueArray(fc.record({ name: fc.constantFrom(...ODD_NAMES), node }), { minLength: 1, maxLength: 4, selector: (f) => f.name }),
  });
}

const ROOT = '/fuzz/certs.d';
const GOOD = 'good.example.com';

/** What is said about the good folder when it is alone: the reference for "one bad folder never stops the others". */
export async function goodHostFiles(): Promise<Record<string, Buffer>> {
  const ca = await selfSignedCa({ commonName: 'Good CA', key: rsaKey(2048, 3) });
  return { 'ca.crt': Buffer.from(ca.pem) };
}

function summary(report: RootReport, host: string): string {
  const h = report.hostChecks.find((c) => c.dir.name === host);
  return JSON.stringify({ load: h?.report.load, findings: h?.findings.map((f) => [f.code, f.path, f.message]) });
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;
const NOW = new Date('2026-06-01T00:00:00Z');

/** Checks one fuzzed folder beside a good one, under one engine, and runs every formatter. Returns what went wrong, if anything. */
export function runHostCase(c: HostCase, good: Record<string, Buffer>, baseline: Map<Engine, string>): string | undefined {
  const fs = new MemFileSystem();
  for (const [n, b] of Object.entries(good)) fs.put(`${ROOT}/${GOOD}/${n}`, b);
  for (const f of c.files) fs.put(`${ROOT}/${c.hostName}/${f.name}`, f.node);
  fs.put(`${ROOT}/${c.hostName}/loop.crt`, { link: 'loop.crt' });
  const location = { path: ROOT, engine: c.engine, engineFromPath: false, misnamed: false };
  const env = { fs, now: () => NOW };
  let report: RootReport;
  try {
    report = checkRoot(location, env, { dockerStore: { store: 'containerd', assumed: false } });
  } catch (e) {
    return `checkRoot threw: ${(e as Error).stack}`;
  }
  const internal = report.findings.find((f) => f.code === INTERNAL_ERROR);
  if (internal) return `internal error: ${internal.message}`;
  let ref = baseline.get(c.engine);
  if (ref === undefined) {
    const alone = new MemFileSystem();
    for (const [n, b] of Object.entries(good)) alone.put(`${ROOT}/${GOOD}/${n}`, b);
    ref = summary(checkRoot(location, { fs: alone, now: () => NOW }, { dockerStore: { store: 'containerd', assumed: false } }), GOOD);
    baseline.set(c.engine, ref);
  }
  if (summary(report, GOOD) !== ref) return `the good folder's report changed:\n${summary(report, GOOD)}\nvs\n${ref}`;
  const run = { engine: c.engine, roots: [report], orders: [] };
  try {
    const text = toText(run, false);
    const bad = text.split('\n').find((l) => CONTROL.test(l));
    if (bad !== undefined) return `control character in the text output: ${JSON.stringify(bad)}`;
    JSON.parse(toJson(run));
    JSON.parse(toSarif(run, '0.0.0', '/fuzz'));
  } catch (e) {
    return `a formatter threw: ${(e as Error).stack}`;
  }
  return undefined;
}

/** The parsers alone, on any bytes: they return, they never throw. */
export function runParsers(data: Buffer): string | undefined {
  try {
    const blocks = decodeAll(data);
    for (const b of blocks) {
      if (!(b.start >= 0 && b.start < b.end && b.end <= data.length)) return `block out of bounds: ${b.start}-${b.end} of ${data.length}`;
      parseCertificate(b.bytes);
      parsePrivateKey(b.bytes);
      certificatePublicKey(b.bytes);
      privateKeyDetails(b.bytes);
      privateKeyShape(b.bytes);
    }
    scanArmor(data.toString('latin1'));
    parseCertificate(data);
    parsePrivateKey(data);
    certificatePublicKey(data);
    privateKeyDetails(data);
    for (const line of ['1.7', '2.4'] as const) decodeHostsToml(data.toString('utf8'), '/fuzz/certs.d/reg', hostsTomlDialect(line));
  } catch (e) {
    return `a parser threw: ${(e as Error).stack}`;
  }
  return undefined;
}
