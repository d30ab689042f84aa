/**
 * Private keys as Go 1.26's crypto/tls parsePrivateKey reads them (PKCS#1, then PKCS#8, then SEC1,
 * see server/src/core/go/parsePrivateKey.ts), and the rest of tls.X509KeyPair. Keys are built
 * here with one thing wrong; the texts were checked against Go 1.26 (test/helpers/goVectors.ts).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { FileFacts } from '../../server/src/core/facts';
import { FileSystemView } from '../../server/src/core/fsview';
import { goDefaults, goRsaKeySizeError, parseGodebug } from '../../server/src/core/go/godebug';
import { goParseECPrivateKey, goParsePKCS1PrivateKey, goParsePKCS8PrivateKey, goTlsParsePrivateKey } from '../../server/src/core/go/parsePrivateKey';
import { x509KeyPair } from '../../server/src/core/go/tls';
import { parsePrivateKey } from '../../server/src/core/go/x509';
import * as d from '../helpers/der';
import { recordGoVector } from '../helpers/goVectors';

const USE_PKCS8 = 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
const USE_EC = 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
const GENERIC = 'tls: failed to parse private key';

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const keys = {
  rsa: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
  rsa2: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
  rsa512: crypto.generateKeyPairSync('rsa', { modulusLength: 512 }),
  p256: crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  p256b: crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  p384: crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
  p224: crypto.generateKeyPairSync('ec', { namedCurve: 'secp224r1' }),
  p521: crypto.generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
  k1: crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
  ed25519: crypto.generateKeyPairSync('ed25519'),
  ed25519b: crypto.generateKeyPairSync('ed25519'),
  x25519: crypto.generateKeyPairSync('x25519'),
  ed448: crypto.generateKeyPairSync('ed448'),
};

const rsa = d.rsaComponents(keys.rsa.privateKey);
const pkcs8Rsa = (inner: d.Der) => d.pkcs8Key(d.seq(d.oid(d.OID.rsaEncryption), d.nul()), inner);
const ecScalar = (k: crypto.KeyObject) => Buffer.from(k.export({ format: 'jwk' }).d ?? '', 'base64url');
const ecPoint = (k: crypto.KeyObject) => {
  const jwk = k.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
};
const fixed = (v: bigint, size: number) => Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex');
const edSeed = (k: crypto.KeyObject) => Buffer.from(k.export({ format: 'jwk' }).d ?? '', 'base64url');

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** An RSA key from chosen primes (d from the Carmichael function, CRT values computed). */
function rsaFromPrimes(primes: bigint[], e = 65537n): d.RsaComponents & { extra: { r: bigint; d: bigint; t: bigint }[] } {
  const n = primes.reduce((a, b) => a * b, 1n);
  const lambda = primes.map((p) => p - 1n).reduce((a, b) => (a * b) / gcd(a, b));
  const dd = modInverse(e, lambda);
  const [p, q] = primes;
  let r = p * q;
  const extra = primes.slice(2).map((prime) => {
    const v = { r: prime, d: dd % (prime - 1n), t: modInverse(r, prime) };
    r *= prime;
    return v;
  });
  return { n, e, d: dd, p, q, dp: dd % (p - 1n), dq: dd % (q - 1n), qi: modInverse(q, p), extra };
}

const prime = (bits: number) => crypto.generatePrimeSync(bits, { bigint: true });

/** The smallest prime above `from`. */
function nextPrime(from: bigint): bigint {
  for (let c = from | 1n; ; c += 2n) if (crypto.checkPrimeSync(c)) return c;
}

interface KeyCase {
  name: string;
  der: () => Buffer;
  /** 'ok:<type>' or tls's error. */
  expect: string;
  /** What x509's own parsers say, where it matters. */
  detail?: { pkcs1?: string; pkcs8?: string; sec1?: string };
  godebug?: string;
}

function checkKey(c: KeyCase): void {
  const der = c.der();
  const detail = c.detail as Record<string, string> | undefined;
  recordGoVector({ name: c.name, kind: 'key', godebug: c.godebug, der, expect: c.expect, detail });
  const o = parseGodebug(c.godebug ?? '', goDefaults('1.26'));
  const r = goTlsParsePrivateKey(der, o);
  assert.equal(r.ok ? `ok:${r.key.type}` : r.error, c.expect);
  const said = (x: { key: unknown } | { error: string }) => ('error' in x ? x.error : 'ok');
  if (c.detail?.pkcs1) assert.equal(said(goParsePKCS1PrivateKey(der, o)), c.detail.pkcs1, 'ParsePKCS1PrivateKey');
  if (c.detail?.pkcs8) assert.equal(said(goParsePKCS8PrivateKey(der, o)), c.detail.pkcs8, 'ParsePKCS8PrivateKey');
  if (c.detail?.sec1) assert.equal(said(goParseECPrivateKey(der)), c.detail.sec1, 'ParseECPrivateKey');
  const facts = parsePrivateKey(der, o);
  assert.equal(facts.ok ? `ok:${facts.value.type}` : facts.error, c.expect, 'x509.ts parsePrivateKey agrees');
}

function keyCases(title: string, list: KeyCase[]): void {
  describe(title, () => {
    for (const c of list) it(c.expect.startsWith('ok') ? `reads ${c.name}` : `refuses ${c.name}${c.detail ? `: ${Object.values(c.detail).join('; ')}` : ''}`, () => checkKey(c));
  });
}

describe('crypto/tls parsePrivateKey (Go 1.26 model)', () => {
  keyCases('formats', [
    { name: 'a PKCS#1 RSA key', der: () => d.pkcs1Key(rsa), expect: 'ok:rsa', detail: { pkcs1: 'ok', pkcs8: 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)' } },
    { name: 'a PKCS#8 RSA key', der: () => pkcs8Rsa(d.pkcs1Key(rsa)), expect: 'ok:rsa', detail: { pkcs1: USE_PKCS8, pkcs8: 'ok' } },
    { name: 'a SEC1 P-256 key', der: () => keys.p256.privateKey.export({ type: 'sec1', format: 'der' }), expect: 'ok:ec', detail: { pkcs1: USE_EC, sec1: 'ok' } },
    { name: 'a PKCS#8 P-384 key', der: () => keys.p384.privateKey.export({ type: 'pkcs8', format: 'der' }), expect: 'ok:ec', detail: { pkcs8: 'ok' } },
    { name: 'a SEC1 P-224 key', der: () => keys.p224.privateKey.export({ type: 'sec1', format: 'der' }), expect: 'ok:ec' },
    { name: 'a SEC1 P-521 key', der: () => keys.p521.privateKey.export({ type: 'sec1', format: 'der' }), expect: 'ok:ec' },
    { name: 'a PKCS#8 Ed25519 key', der: () => keys.ed25519.privateKey.export({ type: 'pkcs8', format: 'der' }), expect: 'ok:ed25519' },
    { name: 'an X25519 key', der: () => keys.x25519.privateKey.export({ type: 'pkcs8', format: 'der' }), expect: 'tls: found unknown private key type in PKCS#8 wrapping', detail: { pkcs8: 'ok' } },
    { name: 'an Ed448 key', der: () => keys.ed448.privateKey.export({ type: 'pkcs8', format: 'der' }), expect: GENERIC, detail: { pkcs8: 'x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.3.101.113' } },
    { name: 'a secp256k1 key', der: () => keys.k1.privateKey.export({ type: 'sec1', format: 'der' }), expect: GENERIC, detail: { sec1: 'x509: unknown elliptic curve' } },
    { name: 'a secp256k1 PKCS#8 key', der: () => keys.k1.privateKey.export({ type: 'pkcs8', format: 'der' }), expect: GENERIC, detail: { pkcs8: 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve' } },
    { name: 'bytes that are not a key', der: () => Buffer.from('nope'), expect: GENERIC },
  ]);

  keyCases('RSA values (rsa.PrivateKey.Precompute and Validate)', [
    { name: 'a wrong CRT coefficient', der: () => d.pkcs1Key({ ...rsa, qi: rsa.qi + 1n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: invalid CRT coefficient' } },
    { name: 'a wrong CRT coefficient with x509rsacrt=0 (recomputed)', der: () => d.pkcs1Key({ ...rsa, qi: rsa.qi + 1n }), godebug: 'x509rsacrt=0', expect: 'ok:rsa', detail: { pkcs1: 'ok' } },
    { name: 'a wrong CRT exponent', der: () => d.pkcs1Key({ ...rsa, dp: rsa.dp + 2n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: invalid CRT exponent' } },
    { name: 'a wrong CRT exponent in PKCS#8', der: () => pkcs8Rsa(d.pkcs1Key({ ...rsa, dq: rsa.dq + 2n })), expect: GENERIC, detail: { pkcs8: 'x509: failed to parse RSA private key embedded in PKCS#8: crypto/rsa: invalid CRT exponent' } },
    { name: 'a CRT exponent as large as p - 1', der: () => d.pkcs1Key({ ...rsa, dp: rsa.p - 1n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: invalid CRT exponent' } },
    { name: 'a d that does not match dP', der: () => d.pkcs1Key({ ...rsa, d: rsa.d + 2n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: d does not match dP' } },
    { name: 'a wrong d with x509rsacrt=0 (still checked)', der: () => d.pkcs1Key({ ...rsa, d: rsa.d + 2n }), godebug: 'x509rsacrt=0', expect: GENERIC, detail: { pkcs1: 'crypto/rsa: d does not match dP' } },
    { name: 'no CRT values (computed)', der: () => d.pkcs1Key(rsa, { omitCrt: true }), expect: 'ok:rsa' },
    { name: 'an even modulus', der: () => d.pkcs1Key({ ...rsa, n: rsa.n + 1n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: public modulus is even' } },
    { name: 'a modulus of 1', der: () => d.pkcs1Key({ ...rsa, n: 1n }), expect: GENERIC, detail: { pkcs1: 'modulus must be > 1' } },
    { name: 'a zero modulus', der: () => d.pkcs1Key({ ...rsa, n: 0n }), expect: GENERIC, detail: { pkcs1: 'x509: private key contains zero or negative value' } },
    { name: 'a negative modulus', der: () => d.pkcs1Key({ ...rsa, n: -rsa.n }), expect: GENERIC, detail: { pkcs1: 'x509: private key contains zero or negative value' } },
    { name: 'a zero CRT coefficient', der: () => d.pkcs1Key({ ...rsa, qi: 0n }), expect: GENERIC, detail: { pkcs1: 'x509: private key contains zero or negative value' } },
    { name: 'an even exponent', der: () => d.pkcs1Key({ ...rsa, e: 65538n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: public exponent is even' } },
    { name: 'an exponent of 1', der: () => d.pkcs1Key({ ...rsa, e: 1n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: public exponent too small or negative' } },
    { name: 'an exponent over 2^31', der: () => d.pkcs1Key({ ...rsa, e: 2n ** 31n + 1n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: public exponent too large' } },
    { name: 'p * q other than n', der: () => d.pkcs1Key({ ...rsa, p: rsa.p + 2n }), expect: GENERIC, detail: { pkcs1: 'crypto/rsa: p * q != n' } },
    { name: 'a d as large as n', der: () => d.pkcs1Key({ ...rsa, d: rsa.n }), expect: GENERIC, detail: { pkcs1: 'input overflows the modulus' } },
    { name: 'version 2', der: () => d.pkcs1Key(rsa, { version: 2 }), expect: GENERIC, detail: { pkcs1: 'x509: unsupported private key version' } },
    { name: 'a byte after a PKCS#1 key', der: () => Buffer.concat([d.pkcs1Key(rsa), Buffer.from([0])]), expect: GENERIC, detail: { pkcs1: 'asn1: syntax error: trailing data' } },
    { name: 'a byte after a PKCS#8 key (not checked there)', der: () => Buffer.concat([pkcs8Rsa(d.pkcs1Key(rsa)), Buffer.from([0])]), expect: 'ok:rsa' },
    { name: 'an element after the PKCS#1 fields (ignored)', der: () => d.pkcs1Key(rsa, { extra: [d.nul()] }), expect: 'ok:rsa' },
    { name: 'a modulus not minimally encoded', der: () => d.seq(d.int(0), d.intRaw([0, ...d.intBytes(rsa.n)]), d.int(rsa.e), d.int(rsa.d), d.int(rsa.p), d.int(rsa.q)), expect: GENERIC, detail: { pkcs1: 'asn1: structure error: integer not minimally-encoded' } },
    { name: 'a length written on more octets than needed', der: () => d.tlvLongLength(0x30, 1, d.int(0), d.int(3)), expect: GENERIC, detail: { pkcs1: 'asn1: structure error: non-minimal length' } },
    { name: 'a 512-bit key (rsa1024min only refuses its use)', der: () => keys.rsa512.privateKey.export({ type: 'pkcs1', format: 'der' }), expect: 'ok:rsa' },
  ]);

  describe('RSA keys built from chosen primes', () => {
    const p = prime(512);
    const q = prime(512);
    const r = prime(512);
    keyCases('primes', [
      {
        name: 'a three-prime key',
        der: () => {
          const k = rsaFromPrimes([p, q, r]);
          return d.pkcs1Key(k, { version: 1, extra: [d.seq(...k.extra.map((x) => d.seq(d.int(x.r), d.int(x.d), d.int(x.t))))] });
        },
        expect: 'ok:rsa',
      },
      {
        name: 'a three-prime key whose third prime repeats the first',
        der: () => {
          const k = rsaFromPrimes([p, q, r]);
          return d.pkcs1Key(k, { version: 1, extra: [d.seq(d.seq(d.int(p), d.int(1), d.int(1)))] });
        },
        expect: GENERIC,
        detail: { pkcs1: 'crypto/rsa: prime factors are not relatively prime' },
      },
      {
        name: 'primes too close together',
        der: () => d.pkcs1Key(rsaFromPrimes([p, nextPrime(p + 2n)])),
        expect: GENERIC,
        detail: { pkcs1: 'crypto/rsa: |p - q| too small' },
      },
      {
        name: 'a composite "prime" without CRT values (Go computes qInv by Fermat)',
        der: () => {
          const k = rsaFromPrimes([p * r, q]);
          return d.pkcs1Key(k, { omitCrt: true });
        },
        expect: GENERIC,
        detail: { pkcs1: 'crypto/rsa: invalid CRT coefficient' },
      },
    ]);
  });

  const scalar = ecScalar(keys.p256.privateKey);
  const pub = ecPoint(keys.p256.publicKey);
  keyCases('EC values', [
    { name: 'a zero scalar', der: () => d.sec1Key(Buffer.alloc(32), { curveOid: d.OID.p256 }), expect: GENERIC, detail: { sec1: 'ecdsa: invalid public key encoding' } },
    { name: 'a scalar equal to n', der: () => d.sec1Key(fixed(P256_N, 32), { curveOid: d.OID.p256 }), expect: GENERIC, detail: { sec1: 'ecdsa: invalid public key encoding' } },
    { name: 'a scalar above n', der: () => d.sec1Key(fixed(P256_N + 1n, 32), { curveOid: d.OID.p256 }), expect: GENERIC, detail: { sec1: 'input overflows the modulus' } },
    { name: 'a scalar above n in PKCS#8', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ecPublicKey), d.oid(d.OID.p256)), d.sec1Key(fixed(P256_N + 1n, 32))), expect: GENERIC, detail: { pkcs8: 'x509: failed to parse EC private key embedded in PKCS#8: input overflows the modulus' } },
    { name: 'version 2', der: () => d.sec1Key(scalar, { version: 2, curveOid: d.OID.p256 }), expect: GENERIC, detail: { sec1: 'x509: unknown EC private key version 2' } },
    { name: 'no curve', der: () => d.sec1Key(scalar), expect: GENERIC, detail: { sec1: 'x509: unknown elliptic curve' } },
    { name: 'a scalar with a leading zero octet', der: () => d.sec1Key(Buffer.concat([Buffer.from([0]), scalar]), { curveOid: d.OID.p256 }), expect: 'ok:ec' },
    { name: 'a scalar with a leading non-zero octet', der: () => d.sec1Key(Buffer.concat([Buffer.from([1]), scalar]), { curveOid: d.OID.p256 }), expect: GENERIC, detail: { sec1: 'x509: invalid private key length' } },
    { name: 'a short scalar (leading zeros dropped)', der: () => d.sec1Key(Buffer.from([0x05]), { curveOid: d.OID.p256 }), expect: 'ok:ec' },
    { name: 'an embedded public key that is not the key’s own (ignored)', der: () => d.sec1Key(scalar, { curveOid: d.OID.p256, publicKey: ecPoint(keys.p256b.publicKey) }), expect: 'ok:ec' },
    { name: 'a curve in PKCS#8 parameters that overrides the inner one', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ecPublicKey), d.oid(d.OID.p384)), d.sec1Key(scalar, { curveOid: d.OID.p256 })), expect: 'ok:ec' },
    { name: 'a NULL where the optional curve would be', der: () => d.seq(d.int(1), d.octets(scalar), d.nul()), expect: GENERIC, detail: { sec1: 'x509: failed to parse EC private key: asn1: structure error: explicit tag has no child' } },
    { name: 'an empty [0]', der: () => d.seq(d.int(1), d.octets(scalar), d.ctx(0), d.nul()), expect: GENERIC, detail: { sec1: 'x509: failed to parse EC private key: asn1: structure error: zero length explicit tag was not an asn1.Flag' } },
    { name: 'an INTEGER in [0] (taken as no curve)', der: () => d.seq(d.int(1), d.octets(scalar), d.ctx(0, d.int(1)), d.ctx(1, d.bitString(pub))), expect: GENERIC, detail: { sec1: 'x509: unknown elliptic curve' } },
    { name: 'a public key BIT STRING with stray padding bits', der: () => d.seq(d.int(1), d.octets(scalar), d.ctx(0, d.oid(d.OID.p256)), d.ctx(1, d.tlv(0x03, [0x01, 0x01]))), expect: GENERIC, detail: { sec1: 'x509: failed to parse EC private key: asn1: syntax error: invalid padding bits in BIT STRING' } },
  ]);

  keyCases('Ed25519 and X25519 values', [
    { name: 'Ed25519 with NULL parameters', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ed25519), d.nul()), d.octets(edSeed(keys.ed25519.privateKey))), expect: GENERIC, detail: { pkcs8: 'x509: invalid Ed25519 private key parameters' } },
    { name: 'a 31-octet Ed25519 seed', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ed25519)), d.octets(Buffer.alloc(31, 1))), expect: GENERIC, detail: { pkcs8: 'x509: invalid Ed25519 private key length: 31' } },
    { name: 'a 31-octet X25519 key', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.x25519)), d.octets(Buffer.alloc(31, 1))), expect: GENERIC, detail: { pkcs8: 'crypto/ecdh: invalid private key size' } },
    { name: 'PKCS#8 version 5 with attributes (neither is checked)', der: () => d.seq(d.int(5), d.seq(d.oid(d.OID.ed25519)), d.octets(d.octets(edSeed(keys.ed25519.privateKey))), d.ctx(0, d.nul())), expect: 'ok:ed25519' },
  ]);

  it('loads a 512-bit key, which crypto/rsa refuses to use (rsa1024min)', () => {
    assert.equal(goRsaKeySizeError(512), 'crypto/rsa: 512-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)');
    assert.equal(goRsaKeySizeError(512, parseGodebug('rsa1024min=0')), undefined);
    assert.equal(goRsaKeySizeError(2048), undefined);
  });
});

/** A FileFacts over bytes held in memory. */
function memoryFile(content: string, name: string): FileFacts {
  const data = Buffer.from(content);
  const fs: FileSystemView = { readDir: () => [], stat: () => ({ type: 'file', mode: 0o644, size: data.length, mtimeMs: 0 }), readFile: () => data };
  return new FileFacts(name, fs);
}

interface PairCase {
  name: string;
  cert: () => Buffer;
  key: () => Buffer;
  keyType?: string;
  expect: string;
}

describe('tls.X509KeyPair after the parse (Go 1.26 model)', () => {
  const signer = keys.p256;
  const certFor = (k: { publicKey: crypto.KeyObject; privateKey: crypto.KeyObject }) => () => d.buildCertificate(signer, {}, k);
  const pkcs8 = (k: crypto.KeyObject) => () => k.export({ type: 'pkcs8', format: 'der' });
  const cases: PairCase[] = [
    { name: 'an RSA pair', cert: certFor(keys.rsa), key: pkcs8(keys.rsa.privateKey), expect: 'ok' },
    { name: 'a 512-bit RSA pair', cert: certFor(keys.rsa512), key: pkcs8(keys.rsa512.privateKey), expect: 'ok' },
    { name: 'a P-256 pair', cert: certFor(keys.p256b), key: pkcs8(keys.p256b.privateKey), expect: 'ok' },
    { name: 'a P-521 pair', cert: certFor(keys.p521), key: pkcs8(keys.p521.privateKey), expect: 'ok' },
    { name: 'an Ed25519 pair', cert: certFor(keys.ed25519), key: pkcs8(keys.ed25519.privateKey), expect: 'ok' },
    { name: 'an RSA certificate and another RSA key', cert: certFor(keys.rsa), key: pkcs8(keys.rsa2.privateKey), expect: 'tls: private key does not match public key' },
    {
      name: 'an RSA certificate with the key’s modulus and another exponent',
      cert: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(rsa.n), d.int(3)) }),
      key: () => d.pkcs1Key(rsa),
      keyType: 'RSA PRIVATE KEY',
      expect: 'tls: private key does not match public key',
    },
    { name: 'an ECDSA certificate and an RSA key', cert: certFor(keys.p256b), key: pkcs8(keys.rsa.privateKey), expect: 'tls: private key type does not match public key type' },
    { name: 'a P-256 certificate and a P-384 key', cert: certFor(keys.p256b), key: pkcs8(keys.p384.privateKey), expect: 'tls: private key does not match public key' },
    { name: 'an Ed25519 certificate and another Ed25519 key', cert: certFor(keys.ed25519), key: pkcs8(keys.ed25519b.privateKey), expect: 'tls: private key does not match public key' },
    {
      name: 'a SEC1 key whose embedded public key is another one (Go derives it from the scalar)',
      cert: certFor(keys.p256b),
      key: () => d.sec1Key(ecScalar(keys.p256b.privateKey), { curveOid: d.OID.p256, publicKey: ecPoint(keys.p256.publicKey) }),
      keyType: 'EC PRIVATE KEY',
      expect: 'ok',
    },
    { name: 'a secp256k1 certificate: the leaf is parsed before the key', cert: certFor(keys.k1), key: pkcs8(keys.k1.privateKey), expect: 'x509: unsupported elliptic curve' },
    { name: 'a certificate of an unknown key algorithm', cert: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid('1.2.3.4')), d.bitString(Buffer.from([1]))) }), key: pkcs8(keys.p256.privateKey), expect: 'tls: unknown public key algorithm' },
    { name: 'an X25519 certificate', cert: certFor(keys.x25519), key: pkcs8(keys.p256.privateKey), expect: 'tls: unknown public key algorithm' },
    { name: 'a DSA certificate', cert: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.int(8))) }), key: pkcs8(keys.p256.privateKey), expect: 'tls: unknown public key algorithm' },
    { name: 'a certificate of an unknown algorithm and a key Go cannot read', cert: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid('1.2.3.4')), d.bitString(Buffer.from([1]))) }), key: () => d.pkcs1Key({ ...rsa, qi: rsa.qi + 1n }), keyType: 'RSA PRIVATE KEY', expect: GENERIC },
  ];
  for (const c of cases) {
    it(c.expect === 'ok' ? `loads ${c.name}` : `refuses ${c.name}: ${c.expect}`, () => {
      const certPem = d.pem('CERTIFICATE', c.cert());
      const keyPem = d.pem(c.keyType ?? 'PRIVATE KEY', c.key());
      recordGoVector({ name: c.name, kind: 'pair', certPem, keyPem, expect: c.expect });
      const r = x509KeyPair(memoryFile(certPem, '/mem/client.cert'), memoryFile(keyPem, '/mem/client.key'));
      assert.equal(r.ok ? 'ok' : r.error, c.expect);
    });
  }
});

describe('GODEBUG defaults per Go release', () => {
  it('follows internal/godebugs: negative serials refused from 1.23, CRT values checked and small RSA keys refused from 1.24, strict URL colons from 1.26', () => {
    assert.deepEqual(goDefaults('1.22'), { negativeSerial: true, rsaCrt: false, rsa1024min: false, urlStrictColons: false });
    assert.deepEqual(goDefaults('1.23'), { negativeSerial: false, rsaCrt: false, rsa1024min: false, urlStrictColons: false });
    assert.deepEqual(goDefaults('1.24'), { negativeSerial: false, rsaCrt: true, rsa1024min: true, urlStrictColons: false });
    assert.deepEqual(goDefaults('1.25.3'), goDefaults('1.24'));
    assert.deepEqual(goDefaults('go1.26'), { negativeSerial: false, rsaCrt: true, rsa1024min: true, urlStrictColons: true });
  });

  it('reads a GODEBUG string as Go does: the last setting wins, a value other than the old one means the new behaviour', () => {
    const base = goDefaults('1.26');
    assert.deepEqual(parseGodebug('x509negativeserial=1,x509rsacrt=0', base), { ...base, negativeSerial: true, rsaCrt: false });
    assert.equal(parseGodebug('x509negativeserial=1,x509negativeserial=0', base).negativeSerial, false);
    assert.equal(parseGodebug('x509negativeserial=1#pattern', base).negativeSerial, true);
    assert.equal(parseGodebug('x509negativeserial=yes', goDefaults('1.22')).negativeSerial, false);
    assert.equal(parseGodebug(' x509rsacrt=0', base).rsaCrt, true, 'names are exact');
    assert.deepEqual(parseGodebug('http2client=0,nonsense', base), base);
  });

  it('threads the options through FileFacts', () => {
    const der = d.buildCertificate(keys.p256, { serial: -5n });
    const text = d.pem('CERTIFICATE', der);
    const data = Buffer.from(text);
    const fs: FileSystemView = { readDir: () => [], stat: () => ({ type: 'file', mode: 0o644, size: data.length, mtimeMs: 0 }), readFile: () => data };
    const block = (f: FileFacts) => f.blocks[0];
    const today = new FileFacts('/mem/ca.crt', fs);
    assert.deepEqual(today.certificate(block(today)), { ok: false, error: 'x509: negative serial number' });
    const go122 = new FileFacts('/mem/ca.crt', fs, goDefaults('1.22'));
    assert.equal(go122.certificate(block(go122)).ok, true);
  });
});
