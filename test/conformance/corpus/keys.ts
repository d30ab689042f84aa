/**
 * Private keys of the pool and every file encoding the engines meet: PKCS#1, SEC1 (with and
 * without `EC PARAMETERS`), PKCS#8, encrypted PKCS#8, legacy `Proc-Type: 4,ENCRYPTED`, DER,
 * OpenSSH. Also the hand-made odd keys: RSA with a huge public exponent, RSA with wrong CRT
 * values, EC public points off the curve or all zeros.
 */
import * as crypto from 'node:crypto';
import { bitString, children, int, nul, octets, oid, rawInt, seq, toBigInt } from './asn1';
import { KeyAlg, publicKeyBits } from './certBuilder';

export type KeyEncoding =
  | 'pkcs1'
  | 'pkcs1-der'
  | 'sec1'
  | 'sec1-params'
  | 'sec1-der'
  | 'pkcs8'
  | 'pkcs8-der'
  | 'pkcs8-encrypted'
  | 'legacy-encrypted'
  | 'openssh'
  | 'dsa-traditional';

/** The encodings Go's tls.X509KeyPair reads (moby, containers/image and containerd all use it). */
export const GO_KEY_ENCODINGS: readonly KeyEncoding[] = ['pkcs1', 'sec1', 'sec1-params', 'pkcs8'];

export interface PoolKey {
  /** Unique in the pool, e.g. `rsa2048a`. */
  id: string;
  /** The algorithm as labels name it: `rsa2048`, `p256`, `secp256k1`, `ed25519`, `rsa-e3`... */
  label: string;
  alg: KeyAlg;
  /** OpenSSL curve name for EC keys. */
  curve?: string;
  /** Absent when the key only exists as a file (ssh-keygen's Ed25519, the hand-made RSA keys). */
  privateKey?: crypto.KeyObject;
  /** SubjectPublicKeyInfo DER, what a certificate for this key carries. */
  spki: Buffer;
  files: Partial<Record<KeyEncoding, Buffer>>;
}

export const PASSPHRASE = 'secret';

export function pemBlock(type: string, der: Buffer, headers: [string, string][] = []): string {
  const head = headers.map(([k, v]) => `${k}: ${v}\n`).join('');
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${type}-----\n${head}${head ? '\n' : ''}${body}-----END ${type}-----\n`;
}

const buf = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s, 'latin1') : s);

/** The curve OID TLV of an EC SPKI: the content of an `EC PARAMETERS` block. */
export function curveOid(spki: Buffer): Buffer {
  return children(children(spki)[0])[1];
}

/** Every encoding node:crypto can write for this key type. */
export function encodeKey(alg: KeyAlg, k: crypto.KeyObject): Partial<Record<KeyEncoding, Buffer>> {
  const files: Partial<Record<KeyEncoding, Buffer>> = {
    pkcs8: buf(k.export({ type: 'pkcs8', format: 'pem' })),
    'pkcs8-der': buf(k.export({ type: 'pkcs8', format: 'der' })),
    'pkcs8-encrypted': buf(k.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })),
  };
  if (alg === 'rsa') {
    files.pkcs1 = buf(k.export({ type: 'pkcs1', format: 'pem' }));
    files['pkcs1-der'] = buf(k.export({ type: 'pkcs1', format: 'der' }));
    files['legacy-encrypted'] = buf(k.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
  }
  if (alg === 'ec') {
    const sec1 = buf(k.export({ type: 'sec1', format: 'pem' }));
    const spki = crypto.createPublicKey(k).export({ type: 'spki', format: 'der' });
    files.sec1 = sec1;
    files['sec1-params'] = Buffer.concat([Buffer.from(pemBlock('EC PARAMETERS', curveOid(spki))), sec1]);
    files['sec1-der'] = buf(k.export({ type: 'sec1', format: 'der' }));
    files['legacy-encrypted'] = buf(k.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
  }
  return files;
}

export function makePoolKey(id: string, label: string, alg: KeyAlg, pair: crypto.KeyPairKeyObjectResult, curve?: string): PoolKey {
  return { id, label, alg, curve, privateKey: pair.privateKey, spki: pair.publicKey.export({ type: 'spki', format: 'der' }), files: encodeKey(alg, pair.privateKey) };
}

// ---------------------------------------------------------------------------------------------
// Hand-made RSA keys

interface RsaParts {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

const RSA_ALG_ID = seq(oid('1.2.840.113549.1.1.1'), nul());

function rsaParts(k: crypto.KeyObject): RsaParts {
  const jwk = k.export({ format: 'jwk' });
  const f = (s: string | undefined): bigint => toBigInt(Buffer.from(s ?? '', 'base64url'));
  return { n: f(jwk.n), e: f(jwk.e), d: f(jwk.d), p: f(jwk.p), q: f(jwk.q), dp: f(jwk.dp), dq: f(jwk.dq), qi: f(jwk.qi) };
}

function pkcs1Der(r: RsaParts): Buffer {
  return seq(int(0), int(r.n), int(r.e), int(r.d), int(r.p), int(r.q), int(r.dp), int(r.dq), int(r.qi));
}

function pkcs8OfPkcs1(pkcs1: Buffer): Buffer {
  return seq(int(0), RSA_ALG_ID, octets(pkcs1));
}

export function rsaSpki(n: bigint, e: bigint | Buffer): Buffer {
  const eInt = typeof e === 'bigint' ? int(e) : rawInt(e);
  return seq(RSA_ALG_ID, bitString(seq(int(n), eInt)));
}

function rsaFiles(r: RsaParts): Partial<Record<KeyEncoding, Buffer>> {
  const der = pkcs1Der(r);
  return { pkcs1: Buffer.from(pemBlock('RSA PRIVATE KEY', der)), pkcs8: Buffer.from(pemBlock('PRIVATE KEY', pkcs8OfPkcs1(der))), 'pkcs1-der': der };
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The primes of `base` with a public exponent above 2^128 (Go keeps E in an int: it refuses). */
export function rsaHugeExponent(base: PoolKey): PoolKey {
  const r = rsaParts(base.privateKey!);
  const phi = (r.p - 1n) * (r.q - 1n);
  let e = (1n << 128n) + 1n;
  while (gcd(e, phi) !== 1n) e += 2n;
  const d = modInverse(e, phi);
  const parts: RsaParts = { ...r, e, d, dp: d % (r.p - 1n), dq: d % (r.q - 1n), qi: modInverse(r.q, r.p) };
  return { id: `${base.id}-huge-e`, label: 'rsa-huge-e', alg: 'rsa', spki: rsaSpki(r.n, e), files: rsaFiles(parts) };
}

/** The same key with one CRT value off by 2: the modulus and exponents still match the cert. */
export function rsaWrongCrt(base: PoolKey, field: 'dp' | 'dq' | 'qi'): PoolKey {
  const r = rsaParts(base.privateKey!);
  const parts = { ...r, [field]: r[field] + 2n };
  return { id: `${base.id}-bad-${field}`, label: `rsa-bad-crt-${field}`, alg: 'rsa', spki: base.spki, files: rsaFiles(parts) };
}

/** 65537 written with a leading zero byte: valid BER, not DER. */
export function rsaNonMinimalExponentSpki(base: PoolKey): Buffer {
  return rsaSpki(rsaParts(base.privateKey!).n, Buffer.from([0x00, 0x01, 0x00, 0x01]));
}

// ---------------------------------------------------------------------------------------------
// Broken EC public keys (only ever put in certificates)

/** The SPKI of `base` with the last byte of Y changed: the point is (almost surely) off the curve. */
export function ecPointOffCurve(base: PoolKey): Buffer {
  const point = Buffer.from(publicKeyBits(base.spki));
  point[point.length - 1] ^= 0x01;
  return seq(children(base.spki)[0], bitString(point));
}

/** An uncompressed point of all zeros (0x04 then X = Y = 0). */
export function ecPointZero(base: PoolKey): Buffer {
  const size = publicKeyBits(base.spki).length;
  return seq(children(base.spki)[0], bitString(Buffer.concat([Buffer.from([0x04]), Buffer.alloc(size - 1)])));
}
