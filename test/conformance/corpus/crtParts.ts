/** `.crt` files: which certificates go in (roots, chains in both orders, odd ones) and how they are written. */
import { BENIGN_DAMAGE, damagePem, HARMFUL_DAMAGE, PemDamage } from './damage';
import { HostBuilder } from './hostBuilder';
import { PoolCert } from './issue';
import { PoolKey } from './keys';
import { chainOf, Pool } from './pool';
import { Prng } from './prng';

export type CrtContent =
  | 'root'
  | 'bundle'
  | 'chain-root-first'
  | 'chain-leaf-first'
  | 'intermediate'
  | 'server-leaf'
  | 'client-leaf'
  | 'cn-only-leaf'
  | 'expired'
  | 'not-yet-valid'
  | 'odd-alg-root'
  | 'odd'
  | 'key-instead'
  | 'with-key'
  | 'pkcs7'
  | 'empty';

const VALID_CONTENT: [CrtContent, number][] = [
  ['root', 40], ['bundle', 10], ['chain-root-first', 12], ['chain-leaf-first', 10], ['intermediate', 6], ['server-leaf', 5], ['client-leaf', 2], ['cn-only-leaf', 2],
];
const DAMAGED_CONTENT: [CrtContent, number][] = [
  ['expired', 8], ['not-yet-valid', 5], ['odd-alg-root', 12], ['odd', 30], ['key-instead', 8], ['with-key', 4], ['pkcs7', 4], ['empty', 5],
];

export const CRT_NAMES = ['ca.crt', 'ca.crt', 'ca.crt', 'root.crt', 'root-ca.crt', 'intermediate.crt', 'bundle.crt', 'chain.crt', 'corp-ca.crt', 'registry-ca.crt', 'z-extra.crt', '01-root.crt', 'ca-bundle.crt', 'Example_Root_CA.crt'];

/** A private key file in a PEM encoding, for `key-instead` and `with-key`. */
export function somePemKey(rng: Prng, pool: Pool): { key: PoolKey; bytes: Buffer; encoding: string } {
  const keys = pool.keys.filter((k) => k.files.pkcs8);
  const key = rng.pick(keys);
  const encoding = rng.pick((['pkcs1', 'sec1', 'pkcs8'] as const).filter((e) => key.files[e]));
  return { key, bytes: key.files[encoding]!, encoding };
}

function chain(rng: Prng, pool: Pool, order: 'root-first' | 'leaf-first'): PoolCert[] {
  // A server leaf, its intermediate and root; sometimes without the leaf.
  const leaf = rng.pick(pool.serverLeaves);
  const certs = chainOf(leaf);
  const withLeaf = rng.chance(0.5) ? certs : certs.slice(1);
  return order === 'leaf-first' ? withLeaf : [...withLeaf].reverse();
}

/** The certificates (and any other PEM text) for one content kind. */
export function crtContent(rng: Prng, pool: Pool, content: CrtContent): { certs: PoolCert[]; extra?: Buffer; raw?: Buffer; labels: string[] } {
  const labelAlgs = (certs: PoolCert[]): string[] => [...new Set(certs.map((c) => `ca:${c.alg}`))];
  const one = (c: PoolCert, what: string): { certs: PoolCert[]; labels: string[] } => ({ certs: [c], labels: [`ca:${what}`, ...labelAlgs([c])] });
  switch (content) {
    case 'root':
      return one(rng.pick(pool.roots), 'root');
    case 'bundle': {
      const certs = rng.shuffle(pool.roots).slice(0, 2 + rng.int(2));
      return { certs, labels: ['ca:bundle', ...labelAlgs(certs)] };
    }
    case 'chain-root-first':
    case 'chain-leaf-first': {
      const certs = chain(rng, pool, content === 'chain-root-first' ? 'root-first' : 'leaf-first');
      return { certs, labels: [`ca:${content}`, ...(certs.length === 3 ? ['ca:chain-with-leaf'] : []), ...labelAlgs(certs)] };
    }
    case 'intermediate':
      return one(rng.pick(pool.intermediates), 'intermediate');
    case 'server-leaf':
      return one(rng.pick(pool.serverLeaves), 'server-leaf');
    case 'client-leaf':
      return one(rng.pick(pool.clients.filter((c) => c.usable)).cert, 'client-leaf');
    case 'cn-only-leaf':
      return one(pool.cnOnlyLeaf, 'cn-only-leaf');
    case 'expired':
      return one(pool.expiredRoot, 'expired');
    case 'not-yet-valid':
      return one(pool.notYetValidRoot, 'not-yet-valid');
    case 'odd-alg-root':
      return one(rng.pick(pool.oddAlgRoots), 'root');
    case 'odd': {
      const c = rng.pick(pool.odd);
      return { certs: [c], labels: [`ca:${c.what.replace(':', '-')}`] };
    }
    case 'key-instead': {
      const k = somePemKey(rng, pool);
      return { certs: [], raw: k.bytes, labels: ['ca:key-instead', `ca:${k.key.label}`, `ca:key-${k.encoding}`] };
    }
    case 'with-key': {
      const m = rng.pick(pool.clients.filter((c) => c.usable && c.key.files.pkcs8));
      return { certs: [m.cert], extra: m.key.files.pkcs8, labels: ['ca:with-key', ...labelAlgs([m.cert])] };
    }
    case 'pkcs7':
      if (pool.pkcs7) return { certs: [], raw: pool.pkcs7, labels: ['ca:pkcs7'] };
      return one(pool.rootA, 'root');
    case 'empty':
      return { certs: [], raw: Buffer.alloc(0), labels: ['ca:empty'] };
  }
}

/** PEM text of certificates, as `openssl x509 -text` dumps when `dump` (PEM where openssl gave none). */
export function pemOf(certs: PoolCert[], dump = false): string {
  return certs.map((c) => (dump && c.dump ? c.dump : c.pem).toString('utf8')).join('');
}

/** Applies PEM damages in order, returning the text and labels of those that applied. */
export function applyDamage(rng: Prng, text: string, damages: PemDamage[], prefix: string): { text: string; labels: string[] } {
  const labels: string[] = [];
  for (const d of damages) {
    const r = damagePem(rng, text, d);
    text = r.text;
    if (r.applied) labels.push(`${prefix}${r.applied}`);
  }
  return { text, labels };
}

/** One harmful damage, sometimes followed by a benign one (a BOM-and-CRLF Notepad file, say). */
export function harmful(rng: Prng): PemDamage[] {
  const d = rng.pick(HARMFUL_DAMAGE);
  return rng.chance(0.25) ? [d, rng.pick(BENIGN_DAMAGE)] : [d];
}

export function benign(rng: Prng): PemDamage[] {
  return rng.chance(0.8) ? [rng.pick(BENIGN_DAMAGE)] : rng.shuffle(BENIGN_DAMAGE).slice(0, 2);
}

/**
 * Adds one `.crt`. Valid: certificates Go loads, as plain PEM, an `openssl x509 -text` dump or
 * with C3 damage (CRLF, text around). Damaged: a damaged content kind, or a valid one written
 * badly (DER, BOM, headers, indentation, lost END...), sometimes both.
 */
export function addCrt(b: HostBuilder, rng: Prng, pool: Pool, damaged: boolean, name = b.unique(rng.pick(CRT_NAMES))): string {
  const badContent = damaged && rng.chance(0.45);
  const content = rng.weighted(badContent ? DAMAGED_CONTENT : VALID_CONTENT);
  const c = crtContent(rng, pool, content);
  const labels = [...c.labels];
  let bytes: Buffer;
  if (c.raw) {
    bytes = c.raw;
  } else {
    const badForm = damaged && (!badContent || rng.chance(0.15));
    const form = badForm ? rng.weighted([['der', 20], ['pem', 80]] as const) : rng.weighted([['pem', 60], ['dump', 10], ['benign', 30]] as const);
    if (form === 'der') {
      bytes = Buffer.concat(c.certs.map((x) => x.der));
      labels.push('ca:der');
    } else {
      const dump = form === 'dump' && c.certs.some((x) => x.dump);
      let text = pemOf(c.certs, dump) + (c.extra ? c.extra.toString('utf8') : '');
      labels.push(dump ? 'ca:text-dump' : 'ca:pem');
      const r = applyDamage(rng, text, badForm ? harmful(rng) : form === 'benign' ? benign(rng) : [], 'ca:');
      text = r.text;
      labels.push(...r.labels);
      bytes = Buffer.from(text, 'utf8');
    }
  }
  b.file(name, bytes);
  b.labelFile(name, ...labels);
  if (damaged) b.damaged = true;
  if (c.certs.length) b.crts.push(name);
  return name;
}
