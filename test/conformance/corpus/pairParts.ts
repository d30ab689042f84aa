/** Client pairs `<name>.cert` + `<name>.key`, and the lone halves (K1, K2). */
import { applyDamage, benign, harmful, pemOf } from './crtParts';
import { HostBuilder } from './hostBuilder';
import { GO_KEY_ENCODINGS, KeyEncoding, PoolKey } from './keys';
import { ClientMaterial, Pool } from './pool';
import { Prng } from './prng';

export const PAIR_NAMES = ['client', 'client', 'docker', 'user', 'ci-bot', 'a', 'b', 'registry-client', 'jenkins'];

type PairVariant =
  | 'mismatch'
  | 'other-alg'
  | 'swapped'
  | 'chain-leaf-last'
  | 'combined-no-key'
  | 'unusable-material'
  | 'key-encoding'
  | 'cert-der'
  | 'cert-damage'
  | 'key-damage'
  | 'key-empty'
  | 'cert-empty'
  | 'ca-cert-as-client';

const DAMAGED_PAIRS: [PairVariant, number][] = [
  ['mismatch', 10], ['other-alg', 8], ['swapped', 8], ['chain-leaf-last', 6], ['combined-no-key', 8], ['unusable-material', 22], ['key-encoding', 16],
  ['cert-der', 5], ['cert-damage', 8], ['key-damage', 6], ['key-empty', 3], ['cert-empty', 3], ['ca-cert-as-client', 3],
];

function keyMode(rng: Prng): number {
  return rng.weighted([[0o600, 70], [0o644, 22], [0o400, 8]] as const);
}

function modeLabel(mode: number): string[] {
  return mode === 0o644 ? [] : [`mode:0${mode.toString(8)}`];
}

function encodingOf(rng: Prng, key: PoolKey, allowed: readonly KeyEncoding[]): KeyEncoding | undefined {
  const have = allowed.filter((e) => key.files[e]);
  return have.length ? rng.pick(have) : undefined;
}

/** The plain `.cert` text of a client material: PEM, Docker's dump, or the leaf-first chain. */
function certText(rng: Prng, m: ClientMaterial, labels: string[]): string {
  if (m.certFile) {
    labels.push(m.certFile.toString('utf8').startsWith('Certificate:') ? 'pair:cert-text-dump' : 'pair:cert-pem');
    return m.certFile.toString('utf8');
  }
  if (m.chain.length && rng.chance(0.6)) {
    labels.push('pair:chain-leaf-first');
    return pemOf([m.cert, ...m.chain]);
  }
  labels.push('pair:cert-pem');
  return pemOf([m.cert]);
}

export function addPair(b: HostBuilder, rng: Prng, pool: Pool, damaged: boolean): void {
  const base = b.uniqueBase(rng.pick(PAIR_NAMES));
  const certName = `${base}.cert`;
  const keyName = `${base}.key`;
  const usable = pool.clients.filter((c) => c.usable);
  const labels: string[] = [];
  let variant: PairVariant | undefined = damaged ? rng.weighted(DAMAGED_PAIRS) : undefined;
  let m = rng.pick(usable);
  if (variant === 'unusable-material') m = rng.pick(pool.clients.filter((c) => !c.usable));
  if (variant === 'chain-leaf-last') m = pool.clients.find((c) => c.chain.length) ?? m;
  labels.push(`pair:${m.id}`);

  let certStr = certText(rng, m, labels);
  let keyEnc = encodingOf(rng, m.key, GO_KEY_ENCODINGS) ?? encodingOf(rng, m.key, Object.keys(m.key.files) as KeyEncoding[])!;
  let keyBytes: Buffer = m.key.files[keyEnc]!;
  let certBytes: Buffer | undefined;
  const partner = pool.keys.find((k) => k.label === m.key.label && !k.spki.equals(m.key.spki) && k.files[keyEnc] && k.privateKey);
  if (variant === 'mismatch' && !partner) variant = 'other-alg';
  const certForm = (form: string): void => {
    const i = labels.findIndex((l) => l.startsWith('pair:cert-') || l.startsWith('pair:chain-'));
    labels.splice(i < 0 ? labels.length : i, i < 0 ? 0 : 1, form);
  };
  switch (variant) {
    case undefined:
      if (rng.chance(0.15)) {
        const r = applyDamage(rng, certStr, benign(rng), 'pair:cert-');
        certStr = r.text;
        labels.push(...r.labels);
      }
      if (rng.chance(0.08)) {
        const r = applyDamage(rng, keyBytes.toString('utf8'), [rng.pick(['crlf', 'no-final-newline'] as const)], 'pair:key-');
        keyBytes = Buffer.from(r.text, 'utf8');
        labels.push(...r.labels);
      }
      labels.push('pair:match');
      break;
    case 'mismatch':
      keyBytes = partner!.files[keyEnc]!;
      labels.push('pair:mismatch');
      break;
    case 'other-alg': {
      const other = rng.pick(pool.clients.filter((c) => c.usable && c.key.label !== m.key.label));
      keyEnc = encodingOf(rng, other.key, GO_KEY_ENCODINGS)!;
      keyBytes = other.key.files[keyEnc]!;
      labels.push('pair:other-alg', `pair:key-alg-${other.key.label}`);
      break;
    }
    case 'swapped':
      certBytes = keyBytes;
      keyBytes = Buffer.from(certStr, 'utf8');
      labels.push('pair:swapped');
      break;
    case 'chain-leaf-last':
      certStr = pemOf([...m.chain, m.cert]);
      certForm('pair:chain-leaf-last');
      break;
    case 'combined-no-key': {
      const keyFirst = rng.chance(0.3);
      const key = keyBytes.toString('utf8');
      b.file(certName, keyFirst ? key + certStr : certStr + key);
      b.labelFile(certName, ...labels, 'pair:combined-no-key', ...(keyFirst ? ['pair:combined-key-first'] : []), `pair:key-${keyEnc}`);
      b.combined.push(certName);
      b.damaged = true;
      return;
    }
    case 'key-encoding': {
      const bad = encodingOf(rng, m.key, (Object.keys(m.key.files) as KeyEncoding[]).filter((e) => !GO_KEY_ENCODINGS.includes(e)));
      if (bad) {
        keyEnc = bad;
        keyBytes = m.key.files[bad]!;
      }
      break;
    }
    case 'cert-der':
      certBytes = m.cert.der;
      certForm('pair:cert-der');
      break;
    case 'cert-damage': {
      const r = applyDamage(rng, certStr, harmful(rng), 'pair:cert-');
      certStr = r.text;
      labels.push(...r.labels);
      break;
    }
    case 'key-damage': {
      const r = applyDamage(rng, keyBytes.toString('utf8'), harmful(rng).filter((d) => !d.startsWith('type-')), 'pair:key-');
      keyBytes = Buffer.from(r.text, 'utf8');
      labels.push(...r.labels);
      break;
    }
    case 'key-empty':
      keyBytes = Buffer.alloc(0);
      labels.push('pair:key-empty');
      break;
    case 'cert-empty':
      certBytes = Buffer.alloc(0);
      labels.push('pair:cert-empty');
      break;
    case 'ca-cert-as-client': {
      const root = pool.rootA;
      certStr = pemOf([root]);
      keyEnc = encodingOf(rng, root.key!, GO_KEY_ENCODINGS)!;
      keyBytes = root.key!.files[keyEnc]!;
      labels.length = 0;
      labels.push('pair:ca-cert-as-client', `pair:${root.alg}`, 'pair:cert-pem');
      break;
    }
  }
  labels.push(`pair:key-${keyEnc}`);
  const mode = keyMode(rng);
  b.file(certName, certBytes ?? Buffer.from(certStr, 'utf8'));
  b.file(keyName, keyBytes, mode);
  b.labelFile(certName, ...labels);
  b.labelFile(keyName, ...modeLabel(mode));
  b.pairs.push({ cert: certName, key: keyName });
  if (damaged) b.damaged = true;
}

const LONE_KEY_NAMES = ['client', 'registry', 'server', 'domain', 'ca', 'tls'];

/** K2: a `.key` with no `.cert` (often `ca.key` beside `ca.crt`, copied from the registry's own config). */
export function addLoneKey(b: HostBuilder, rng: Prng, pool: Pool): void {
  const crt = b.crts.find((c) => /^[^/]+\.crt$/.test(c) && !b.has(c.replace(/\.crt$/, '.cert')) && !b.has(c.replace(/\.crt$/, '.key')));
  const beside = crt !== undefined && rng.chance(0.6);
  const name = beside ? crt!.replace(/\.crt$/, '.key') : `${b.uniqueBase(rng.pick(LONE_KEY_NAMES))}.key`;
  const key = beside && crt!.startsWith('ca') ? pool.rootA.key! : rng.pick(pool.keys.filter((k) => k.privateKey));
  const enc = encodingOf(rng, key, Object.keys(key.files) as KeyEncoding[])!;
  const mode = keyMode(rng);
  b.file(name, key.files[enc]!, mode);
  b.labelFile(name, 'key:lone', ...(beside ? ['key:beside-crt'] : []), `key:${key.label}`, `key:${enc}`, ...modeLabel(mode));
  b.damaged = true;
}

/** K1: a `.cert` with no `.key`: a CA saved as `.cert`, or a client certificate whose key was forgotten. */
export function addLoneCert(b: HostBuilder, rng: Prng, pool: Pool): void {
  const asCa = rng.chance(0.6);
  const name = `${b.uniqueBase(asCa ? rng.pick(['ca', 'root-ca', 'registry-ca']) : rng.pick(['client', 'user']))}.cert`;
  const cert = asCa ? rng.pick(pool.roots) : rng.pick(pool.clients.filter((c) => c.usable)).cert;
  b.file(name, cert.pem);
  b.labelFile(name, 'cert:lone', asCa ? 'cert:ca-as-cert' : 'cert:client-no-key', `cert:${cert.alg}`);
  b.damaged = true;
}
