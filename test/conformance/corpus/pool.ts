/**
 * The material pool: every key and certificate the corpus uses, made once per seed at start-up
 * (a few seconds), then shared by all folders. Key generation is random by nature (node:crypto
 * cannot take a seed), so the pool's key, signature and encrypted-key bytes differ between runs;
 * everything the PRNG decides (serial numbers, which item goes where, every byte of damage)
 * does not, and validity dates are whole days, so two pools of one seed made on the same day
 * differ only in key-derived bytes. Nothing is cached across processes or committed.
 */
import * as crypto from 'node:crypto';
import { promisify } from 'node:util';
import { Eku, KeyAlg, name } from './certBuilder';
import { DAY, fromPem, issue, PoolCert, randomSerial } from './issue';
import { makePoolKey, PoolKey, rsaHugeExponent, rsaWrongCrt } from './keys';
import { oddCertificates } from './oddCerts';
import { Prng } from './prng';
import { haveTool, opensslGenrsa, opensslPkcs7, opensslReqX509, opensslText, opensslTraditional, sshKeygenEd25519, toOpenssh } from './tools';

export interface ClientMaterial {
  /** The label detail: `rsa2048`, `docker-recipe`, `openssh-ed25519`, `rsa-bad-crt-dp`, `expired`... */
  id: string;
  cert: PoolCert;
  /** Issuers between the leaf and its root, nearest first (empty when a root issued it). */
  chain: PoolCert[];
  key: PoolKey;
  /** Go's X509KeyPair loads it and a TLS server could accept it: fit for folders meant to be valid. */
  usable: boolean;
  /** The `.cert` bytes when not the plain PEM (Docker's recipe writes the `-text` dump first). */
  certFile?: Buffer;
}

export interface Pool {
  /** Start of the UTC day the pool was made: every validity date is a whole number of days from it. */
  day: number;
  keys: PoolKey[];
  rootA: PoolCert;
  /** Self-signed CA roots whose key types Go verifies with (RSA >= 2048, P-256/384/521, Ed25519). */
  roots: PoolCert[];
  /** Self-signed CA roots with key types Go refuses or that are unusual (secp256k1, Ed448, DSA, ...). */
  oddAlgRoots: PoolCert[];
  intermediates: PoolCert[];
  /** Server leaves (SAN reg.example.com), signed by an intermediate. */
  serverLeaves: PoolCert[];
  /** A server leaf with a CN and no SAN. */
  cnOnlyLeaf: PoolCert;
  expiredRoot: PoolCert;
  notYetValidRoot: PoolCert;
  odd: PoolCert[];
  clients: ClientMaterial[];
  /** `-----BEGIN PKCS7-----` bundle of root A and its intermediate (openssl only). */
  pkcs7?: Buffer;
  /** Kinds left out because a tool is missing. */
  missing: string[];
  /** Keys plus certificates. */
  size: number;
  /** Milliseconds spent per phase (keys, certificates, tools). */
  timings: Record<string, number>;
}

const generateKeyPair = promisify(crypto.generateKeyPair) as unknown as (type: string, options: object) => Promise<crypto.KeyPairKeyObjectResult>;

interface KeySpec {
  id: string;
  label: string;
  alg: KeyAlg;
  options: object;
  curve?: string;
}

const rsa = (id: string, bits: number, label = `rsa${bits}`, extra: object = {}): KeySpec => ({ id, label, alg: 'rsa', options: { modulusLength: bits, ...extra } });
const ec = (id: string, curve: string, label: string): KeySpec => ({ id, label, alg: 'ec', options: { namedCurve: curve }, curve });
const plain = (id: string, alg: KeyAlg): KeySpec => ({ id, label: alg, alg, options: {} });

const KEYS: KeySpec[] = [
  rsa('rsa2048a', 2048),
  rsa('rsa2048b', 2048),
  rsa('rsa2048c', 2048),
  rsa('rsa2048d', 2048),
  rsa('rsa3072a', 3072),
  rsa('rsa1024a', 1024),
  rsa('rsaE3', 2048, 'rsa-e3', { publicExponent: 3 }),
  { id: 'rsaPss', label: 'rsa-pss', alg: 'rsa-pss', options: { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 } },
  { id: 'dsa', label: 'dsa', alg: 'dsa', options: { modulusLength: 2048, divisorLength: 256 } },
  ec('p224', 'secp224r1', 'p224'),
  ec('p256a', 'prime256v1', 'p256'),
  ec('p256b', 'prime256v1', 'p256'),
  ec('p256c', 'prime256v1', 'p256'),
  ec('p256d', 'prime256v1', 'p256'),
  ec('p384a', 'secp384r1', 'p384'),
  ec('p384b', 'secp384r1', 'p384'),
  ec('p521a', 'secp521r1', 'p521'),
  ec('secp256k1', 'secp256k1', 'secp256k1'),
  ec('brainpool', 'brainpoolP256r1', 'brainpoolP256r1'),
  { ...plain('ed25519a', 'ed25519') },
  { ...plain('ed25519b', 'ed25519') },
  plain('ed448', 'ed448'),
  plain('x25519', 'x25519'),
  plain('x448', 'x448'),
];

export async function buildPool(seed: number): Promise<Pool> {
  const rng = new Prng(seed ^ 0x706f6f6c);
  const serial = (): Buffer => randomSerial((n) => rng.bytes(n));
  const day = Math.floor(Date.now() / DAY) * DAY;
  const at = (days: number): Date => new Date(day + days * DAY);
  const missing: string[] = [];
  const openssl = haveTool('openssl', ['version']);
  const sshKeygen = haveTool('ssh-keygen', ['-?']) || haveTool('ssh', ['-V']);
  if (!openssl) missing.push('openssl not installed: no `openssl x509 -text` dumps, PKCS7 bundle, DSA PRIVATE KEY; Docker recipe made in-process');
  if (!sshKeygen) missing.push('ssh-keygen not installed: no OpenSSH private keys');

  const timings: Record<string, number> = {};
  let phase = Date.now();
  const lap = (what: string): void => {
    timings[what] = Date.now() - phase;
    phase = Date.now();
  };

  // 1. Keys, in parallel on libuv's thread pool.
  const [generated, docker4096] = await Promise.all([
    Promise.all(KEYS.map(async (k) => makePoolKey(k.id, k.label, k.alg, await generateKeyPair(k.alg, k.options), k.curve))),
    openssl ? opensslGenrsa(4096) : Promise.resolve(undefined),
  ]);
  const key = new Map(generated.map((k) => [k.id, k]));
  const K = (id: string): PoolKey => key.get(id)!;
  const dockerKeyObject = docker4096 ? crypto.createPrivateKey(docker4096) : (await generateKeyPair('rsa', { modulusLength: 4096 })).privateKey;
  const rsa4096 = makePoolKey('rsa4096', 'rsa4096', 'rsa', { privateKey: dockerKeyObject, publicKey: crypto.createPublicKey(dockerKeyObject) });
  lap('keys');
  const hugeE = rsaHugeExponent(K('rsa2048c'));
  const badCrt = (['dp', 'dq', 'qi'] as const).map((f) => rsaWrongCrt(K('rsa2048c'), f));

  // 2. Certificates.
  const org = 'certsd corpus';
  const root = (id: string, k: PoolKey, cn: string, o: { from?: number; to?: number } = {}): PoolCert =>
    issue({ id, what: 'root', subjectName: name({ org, cn }), key: k, ca: true, notBefore: at(o.from ?? -2), notAfter: at(o.to ?? 3650), serial: serial() });
  const rootA = root('root-rsa2048', K('rsa2048a'), 'Example Root CA A');
  const rootB = root('root-p256', K('p256a'), 'Example Root CA B');
  const roots = [rootA, rootB, root('root-rsa3072', K('rsa3072a'), 'Example Root CA RSA 3072'), root('root-p384', K('p384b'), 'Example Root CA P-384'),
    root('root-p521', K('p521a'), 'Example Root CA P-521'), root('root-ed25519', K('ed25519a'), 'Example Root CA Ed25519')];
  const oddAlgRoots = (['rsa1024a', 'p224', 'secp256k1', 'brainpool', 'ed448', 'dsa', 'rsaPss', 'rsaE3'] as const).map((id) =>
    root(`root-${K(id).label}`, K(id), `Example Root CA ${K(id).label}`));
  const expiredRoot = root('root-expired', K('p256c'), 'Expired Root CA', { from: -400, to: -30 });
  const notYetValidRoot = root('root-not-yet-valid', K('p256c'), 'Future Root CA', { from: 30, to: 400 });

  const child = (id: string, what: string, k: PoolKey, issuer: PoolCert, cn: string, o: { ca?: boolean; eku?: Eku[]; sans?: string[]; from?: number; to?: number } = {}): PoolCert =>
    issue({ id, what, subjectName: name({ org, cn }), key: k, issuer, ca: !!o.ca, pathLen: o.ca ? 0 : undefined, eku: o.eku, sans: o.sans,
      notBefore: at(o.from ?? -2), notAfter: at(o.to ?? 825), serial: serial() });
  const interRsa = child('intermediate-rsa2048', 'intermediate', K('rsa2048b'), rootA, 'Example Intermediate CA A1', { ca: true, to: 1825 });
  const interEc = child('intermediate-p384', 'intermediate', K('p384a'), rootB, 'Example Intermediate CA B1', { ca: true, to: 1825 });
  const server = { eku: ['serverAuth'] as Eku[], sans: ['reg.example.com'] };
  const serverLeaves = [child('server-rsa2048', 'server-leaf', K('rsa2048d'), interRsa, 'reg.example.com', server),
    child('server-p256', 'server-leaf', K('p256b'), interEc, 'reg.example.com', server)];
  const cnOnlyLeaf = child('server-cn-only', 'server-leaf', K('ed25519b'), rootA, 'reg.example.com', { eku: ['serverAuth'] });

  const clients: ClientMaterial[] = [];
  const client = (id: string, k: PoolKey, usable: boolean, o: { issuer?: PoolCert; eku?: Eku[]; from?: number; to?: number } = {}): PoolCert => {
    const issuer = o.issuer ?? rootA;
    const cert = child(`client-${id}`, 'client-leaf', k, issuer, `client-${id}`, { eku: 'eku' in o ? o.eku : ['clientAuth'], from: o.from, to: o.to });
    clients.push({ id, cert, chain: issuer === rootA ? [] : [issuer], key: k, usable });
    return cert;
  };
  const clientRsa = client('rsa2048', K('rsa2048c'), true);
  client('rsa3072', K('rsa3072a'), true);
  client('p256', K('p256d'), true);
  client('p384', K('p384b'), true);
  client('p521', K('p521a'), true);
  client('ed25519', K('ed25519b'), true);
  // The server leaf's key again: RSA generation is the slow part of the pool.
  client('via-intermediate', K('rsa2048d'), true, { issuer: interRsa });
  client('no-eku', K('rsa2048c'), true, { eku: undefined });
  client('rsa1024', K('rsa1024a'), false);
  client('p224', K('p224'), false);
  client('rsa-e3', K('rsaE3'), false);
  for (const id of ['secp256k1', 'brainpool', 'ed448', 'x25519', 'x448', 'dsa', 'rsaPss'] as const) client(K(id).label, K(id), false);
  client('expired', K('rsa2048c'), false, { from: -400, to: -30 });
  client('eku-server-only', K('rsa2048c'), false, { eku: ['serverAuth'] });
  client('rsa-huge-e', hugeE, false);
  for (const k of badCrt) clients.push({ id: k.label, cert: clientRsa, chain: [], key: k, usable: false });

  const odd = oddCertificates({ rootA, rsa: K('rsa2048c'), rsaE3: K('rsaE3'), rsaHugeE: hugeE, ec: K('p256d'), day, serial, random: (n) => rng.bytes(n) });

  lap('certificates');

  // 3. What the command-line tools make: Docker's recipe, OpenSSH keys, dumps, PKCS7.
  const docker = async (id: string, k: PoolKey): Promise<void> => {
    const text = openssl ? await opensslReqX509(k.files.pkcs8!.toString(), 'client', 365) : undefined;
    const cert = text ? fromPem(`client-${id}`, 'self-signed-client', text, k, name({ cn: 'client' }))
      : issue({ id: `client-${id}`, what: 'self-signed-client', subjectName: name({ cn: 'client' }), key: k, ca: true, notBefore: at(0), notAfter: at(365), serial: serial() });
    clients.push({ id, cert, chain: [], key: k, usable: true, certFile: cert.dump ?? cert.pem });
  };
  const openssh = async (): Promise<void> => {
    if (!sshKeygen) return;
    for (const [m, k] of [[clients.find((c) => c.id === 'rsa2048')!, K('rsa2048c')], [clients.find((c) => c.id === 'p256')!, K('p256d')]] as const) {
      const file = await toOpenssh(k.files.pkcs8!.toString());
      if (file) clients.push({ id: `openssh-${k.label}`, cert: m.cert, chain: [], key: { ...k, id: `${k.id}-openssh`, files: { openssh: file } }, usable: false });
      else missing.push(`ssh-keygen could not convert a ${k.label} key`);
    }
    const ed = await sshKeygenEd25519();
    if (!ed) return void missing.push('ssh-keygen -t ed25519 failed');
    const k: PoolKey = { id: 'ed25519-openssh', label: 'ed25519', alg: 'ed25519', spki: ed.spki, files: { openssh: ed.openssh } };
    const cert = issue({ id: 'client-openssh-ed25519', what: 'client-leaf', subjectName: name({ org, cn: 'client-openssh-ed25519' }), key: k, issuer: rootA, ca: false, eku: ['clientAuth'], notBefore: at(-2), notAfter: at(825), serial: serial() });
    clients.push({ id: 'openssh-ed25519', cert, chain: [], key: k, usable: false });
  };
  // Serials are drawn in a fixed order: the fallbacks above draw only when a tool is missing.
  await docker('docker-recipe', rsa4096);
  await docker('docker-recipe-p256', K('p256d'));
  await openssh();
  const dsaKey = K('dsa');
  const [pkcs7, dsaTraditional] = await Promise.all([
    openssl ? opensslPkcs7(Buffer.concat([rootA.pem, interRsa.pem]).toString()) : Promise.resolve(undefined),
    openssl ? opensslTraditional(dsaKey.files.pkcs8!.toString()) : Promise.resolve(undefined),
  ]);
  if (dsaTraditional) dsaKey.files['dsa-traditional'] = dsaTraditional;
  lap('tools');

  const allCerts = [...roots, ...oddAlgRoots, expiredRoot, notYetValidRoot, interRsa, interEc, ...serverLeaves, cnOnlyLeaf, ...odd, ...new Set(clients.map((c) => c.cert))];
  if (openssl) {
    const todo = allCerts.filter((c) => !c.dump);
    const dumps = await opensslText(todo.map((c) => c.der));
    todo.forEach((c, i) => {
      if (dumps[i]) c.dump = Buffer.from(dumps[i]!);
    });
  }
  lap('dumps');
  const keys = [...generated, rsa4096, hugeE, ...badCrt];
  return {
    day, keys, rootA, roots, oddAlgRoots, intermediates: [interRsa, interEc], serverLeaves, cnOnlyLeaf, expiredRoot, notYetValidRoot, odd, clients, pkcs7, missing,
    size: keys.length + new Set(allCerts).size, timings,
  };
}

/** The certificates from `cert` up to (not including) its root, leaf first, as a server sends them. */
export function chainOf(cert: PoolCert): PoolCert[] {
  const out: PoolCert[] = [];
  for (let c: PoolCert | undefined = cert; c; c = c.issuer) out.push(c);
  return out;
}
