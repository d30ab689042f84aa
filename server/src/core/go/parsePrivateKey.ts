/**
 * Private keys as Go 1.26 reads them: x509.ParsePKCS1PrivateKey, ParsePKCS8PrivateKey and
 * ParseECPrivateKey (on encoding/asn1, see unmarshal.ts), and crypto/tls parsePrivateKey, which
 * tries the three in that order and reports only a generic error.
 */
import { GO_DEFAULTS, GoParseOptions } from './godebug';
import { bigFromBytes, Curve, KEY_OIDS, namedCurve } from './publicKey';
import { RsaPrivateValues, validateRsaPrivateKey } from './rsa';
import { Field, parseOid, parseTagAndLength, StructReader, unmarshalStruct } from './unmarshal';

export type KeyFormat = 'PKCS#1' | 'PKCS#8' | 'SEC1';

export type GoPrivateKey =
  | { type: 'rsa'; format: KeyFormat; n: Uint8Array; e: bigint; bits: number }
  | { type: 'ec'; format: KeyFormat; curve: Curve; d: Uint8Array }
  | { type: 'ed25519'; format: KeyFormat; seed: Uint8Array }
  | { type: 'x25519'; format: KeyFormat };

type Result<T> = { key: T } | { error: string };

function take<T>(f: Field<T>): T | undefined | { error: string } {
  if ('error' in f) return f;
  return f.absent ? undefined : f.value;
}

const isErr = (x: unknown): x is { error: string } => typeof x === 'object' && x !== null && 'error' in x;

interface Pkcs1Fields extends RsaPrivateValues {
  version: bigint;
  /** Signed values, to tell zero or negative ones. */
  extraPrimes: bigint[];
}

function signedBig(b: Uint8Array, bounds: { start: number; end: number }): bigint {
  const raw = b.subarray(bounds.start, bounds.end);
  const v = bigFromBytes(raw);
  return raw.length > 0 && raw[0] & 0x80 ? v - (1n << BigInt(raw.length * 8)) : v;
}

// Go: x509 pkcs1PrivateKey, as asn1.Unmarshal fills it
function decodePkcs1(der: Uint8Array): { fields: Pkcs1Fields; rest: number } | { error: string } {
  const top = unmarshalStruct(der);
  if ('error' in top) return top;
  const r = top.reader;
  const version = take(r.int());
  if (isErr(version)) return version;
  const bigField = (): bigint | { error: string } => {
    const v = take(r.bigInt());
    return isErr(v) ? v : signedBig(der, v as { start: number; end: number });
  };
  const n = bigField();
  if (isErr(n)) return n;
  const e = take(r.int());
  if (isErr(e)) return e;
  const d = bigField();
  if (isErr(d)) return d;
  const p = bigField();
  if (isErr(p)) return p;
  const q = bigField();
  if (isErr(q)) return q;
  const crt: (bigint | undefined)[] = [];
  for (let i = 0; i < 3; i++) {
    const v = take(r.bigInt(true));
    if (isErr(v)) return v;
    crt.push(v === undefined ? undefined : signedBig(der, v));
  }
  const extra = take(
    r.sequenceOf((s: StructReader): Field<bigint> => {
      const prime = s.bigInt();
      if (!('value' in prime)) return prime;
      for (let i = 0; i < 2; i++) {
        const x = s.bigInt();
        if (!('value' in x)) return x;
      }
      return { value: signedBig(der, prime.value) };
    }),
  );
  if (isErr(extra)) return extra;
  return {
    fields: { version: version as bigint, n, e: e as bigint, d, primes: [p, q, ...(extra ?? [])], dp: crt[0], dq: crt[1], qinv: crt[2], extraPrimes: extra ?? [] },
    rest: top.rest,
  };
}

interface Pkcs8Fields {
  algorithm: string;
  /** Parameters' full bytes (empty when absent). */
  params: Uint8Array;
  privateKey: Uint8Array;
}

// Go: x509 pkcs8 (Version int, Algo pkix.AlgorithmIdentifier, PrivateKey []byte)
function decodePkcs8(der: Uint8Array): { fields: Pkcs8Fields } | { error: string } {
  const top = unmarshalStruct(der);
  if ('error' in top) return top;
  const r = top.reader;
  const version = take(r.int());
  if (isErr(version)) return version;
  const algo = take(r.struct());
  if (isErr(algo)) return algo;
  const a = algo as StructReader;
  const oid = take(a.oid());
  if (isErr(oid)) return oid;
  const params = take(a.raw(true));
  if (isErr(params)) return params;
  const key = take(r.octets());
  if (isErr(key)) return key;
  return { fields: { algorithm: oid as string, params: params ? der.subarray(params.start, params.end) : new Uint8Array(0), privateKey: key as Uint8Array } };
}

interface EcFields {
  version: bigint;
  privateKey: Uint8Array;
  curveOid?: string;
}

// Go: x509 ecPrivateKey (Version, PrivateKey, [0] NamedCurveOID optional, [1] PublicKey optional)
function decodeEc(der: Uint8Array): { fields: EcFields } | { error: string } {
  const top = unmarshalStruct(der);
  if ('error' in top) return top;
  const r = top.reader;
  const version = take(r.int());
  if (isErr(version)) return version;
  const key = take(r.octets());
  if (isErr(key)) return key;
  const curve = take(r.explicit(0, 'oid'));
  if (isErr(curve)) return curve;
  let curveOid: string | undefined;
  if (curve) {
    const parsed = parseOid(der, curve.start, curve.end);
    if ('error' in parsed) return parsed;
    if ('value' in parsed) curveOid = parsed.value;
  }
  const pub = take(r.explicit(1, 'bitString'));
  if (isErr(pub)) return pub;
  if (pub) {
    // Go: encoding/asn1 parseBitString
    const n = pub.end - pub.start;
    const padding = n > 0 ? der[pub.start] : 0;
    if (n === 0) return { error: 'asn1: syntax error: zero length BIT STRING' };
    if (padding > 7 || (n === 1 && padding > 0) || (der[pub.end - 1] & ((1 << padding) - 1)) !== 0) return { error: 'asn1: syntax error: invalid padding bits in BIT STRING' };
  }
  return { fields: { version: version as bigint, privateKey: key as Uint8Array, curveOid } };
}

const USE_EC = 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
const USE_PKCS8 = 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
const USE_PKCS1 = 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)';

const magnitude = (v: bigint): Uint8Array => {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
};

// Go: x509 ParsePKCS1PrivateKey
export function goParsePKCS1PrivateKey(der: Uint8Array, o: GoParseOptions = GO_DEFAULTS): Result<GoPrivateKey & { type: 'rsa' }> {
  const decoded = decodePkcs1(der);
  if ('error' in decoded) {
    if (!('error' in decodeEc(der))) return { error: USE_EC };
    if (!('error' in decodePkcs8(der))) return { error: USE_PKCS8 };
    return decoded;
  }
  if (decoded.rest !== der.length) return { error: 'asn1: syntax error: trailing data' };
  const k = decoded.fields;
  if (k.version > 1n) return { error: 'x509: unsupported private key version' };
  if (k.n <= 0n || k.d <= 0n || k.primes[0] <= 0n || k.primes[1] <= 0n || (k.dp !== undefined && k.dp <= 0n) || (k.dq !== undefined && k.dq <= 0n) || (k.qinv !== undefined && k.qinv <= 0n)) {
    return { error: 'x509: private key contains zero or negative value' };
  }
  if (k.extraPrimes.some((p) => p <= 0n)) return { error: 'x509: private key contains zero or negative prime' };
  const err = validateRsaPrivateKey(k, o.rsaCrt);
  if (err) return { error: err };
  const n = magnitude(k.n);
  return { key: { type: 'rsa', format: 'PKCS#1', n, e: k.e, bits: k.n.toString(2).length } };
}

// Go: x509 parseECPrivateKey
function parseEcPrivateKey(curveOid: string | undefined, der: Uint8Array): Result<GoPrivateKey & { type: 'ec' }> {
  const decoded = decodeEc(der);
  if ('error' in decoded) {
    if (!('error' in decodePkcs8(der))) return { error: USE_PKCS8 };
    if (!('error' in decodePkcs1(der))) return { error: USE_PKCS1 };
    return { error: 'x509: failed to parse EC private key: ' + decoded.error };
  }
  const k = decoded.fields;
  if (k.version !== 1n) return { error: `x509: unknown EC private key version ${k.version}` };
  const curve = namedCurve(curveOid ?? k.curveOid);
  if (!curve) return { error: 'x509: unknown elliptic curve' };
  let raw = k.privateKey;
  while (raw.length > curve.size) {
    if (raw[0] !== 0) return { error: 'x509: invalid private key length' };
    raw = raw.subarray(1);
  }
  const d = new Uint8Array(curve.size);
  d.set(raw, curve.size - raw.length);
  // Go: ecdsa.ParseRawPrivateKey: the public point d×G must not be the point at infinity, and d < n.
  const scalar = bigFromBytes(d);
  if (scalar % curve.n === 0n) return { error: 'ecdsa: invalid public key encoding' };
  if (scalar >= curve.n) return { error: 'input overflows the modulus' };
  return { key: { type: 'ec', format: 'SEC1', curve, d } };
}

// Go: x509 ParseECPrivateKey
export function goParseECPrivateKey(der: Uint8Array): Result<GoPrivateKey & { type: 'ec' }> {
  return parseEcPrivateKey(undefined, der);
}

/** asn1.Unmarshal(params, &oid): an OID at the start of the parameters, else nil. */
function paramsCurve(params: Uint8Array): string | undefined {
  if (params.length === 0) return undefined;
  const t = parseTagAndLength(params, 0, params.length);
  if ('error' in t || t.cls !== 0 || t.tag !== 6 || t.compound || t.offset + t.length > params.length) return undefined;
  const oid = parseOid(params, t.offset, t.offset + t.length);
  return 'value' in oid ? oid.value : undefined;
}

/** asn1.Unmarshal(b, &[]byte{}): the OCTET STRING at the start of b. */
function innerOctets(b: Uint8Array): { value: Uint8Array } | { error: string } {
  const r = new StructReader(b, 0, b.length).octets();
  if ('error' in r) return r;
  return 'value' in r ? { value: r.value } : { error: 'asn1: syntax error: sequence truncated' };
}

// Go: x509 ParsePKCS8PrivateKey
export function goParsePKCS8PrivateKey(der: Uint8Array, o: GoParseOptions = GO_DEFAULTS): Result<GoPrivateKey> {
  const decoded = decodePkcs8(der);
  if ('error' in decoded) {
    if (!('error' in decodeEc(der))) return { error: USE_EC };
    if (!('error' in decodePkcs1(der))) return { error: USE_PKCS1 };
    return decoded;
  }
  const k = decoded.fields;
  switch (k.algorithm) {
    case KEY_OIDS.rsa: {
      const r = goParsePKCS1PrivateKey(k.privateKey, o);
      return 'error' in r ? { error: 'x509: failed to parse RSA private key embedded in PKCS#8: ' + r.error } : { key: { ...r.key, format: 'PKCS#8' } };
    }
    case KEY_OIDS.ec: {
      const r = parseEcPrivateKey(paramsCurve(k.params), k.privateKey);
      return 'error' in r ? { error: 'x509: failed to parse EC private key embedded in PKCS#8: ' + r.error } : { key: { ...r.key, format: 'PKCS#8' } };
    }
    case KEY_OIDS.ed25519: {
      if (k.params.length !== 0) return { error: 'x509: invalid Ed25519 private key parameters' };
      const seed = innerOctets(k.privateKey);
      if ('error' in seed) return { error: `x509: invalid Ed25519 private key: ${seed.error}` };
      if (seed.value.length !== 32) return { error: `x509: invalid Ed25519 private key length: ${seed.value.length}` };
      // A copy (Go: ed25519.NewKeyFromSeed): Buffer's own slice() would share the input's memory.
      return { key: { type: 'ed25519', format: 'PKCS#8', seed: Uint8Array.from(seed.value) } };
    }
    case KEY_OIDS.x25519: {
      if (k.params.length !== 0) return { error: 'x509: invalid X25519 private key parameters' };
      const key = innerOctets(k.privateKey);
      if ('error' in key) return { error: `x509: invalid X25519 private key: ${key.error}` };
      if (key.value.length !== 32) return { error: 'crypto/ecdh: invalid private key size' };
      return { key: { type: 'x25519', format: 'PKCS#8' } };
    }
    default:
      return { error: `x509: PKCS#8 wrapping contained private key with unknown algorithm: ${k.algorithm}` };
  }
}

export interface TlsKeyAttempts {
  pkcs1: string;
  pkcs8?: string;
  sec1?: string;
}

export type GoTlsKey = { ok: true; key: GoPrivateKey & { type: 'rsa' | 'ec' | 'ed25519' } } | { ok: false; error: string; attempts: TlsKeyAttempts };

// Go: crypto/tls parsePrivateKey
export function goTlsParsePrivateKey(der: Uint8Array, o: GoParseOptions = GO_DEFAULTS): GoTlsKey {
  const pkcs1 = goParsePKCS1PrivateKey(der, o);
  if (!('error' in pkcs1)) return { ok: true, key: pkcs1.key };
  const pkcs8 = goParsePKCS8PrivateKey(der, o);
  if (!('error' in pkcs8)) {
    const key = pkcs8.key;
    if (key.type === 'x25519') return { ok: false, error: 'tls: found unknown private key type in PKCS#8 wrapping', attempts: { pkcs1: pkcs1.error } };
    return { ok: true, key };
  }
  const sec1 = goParseECPrivateKey(der);
  if (!('error' in sec1)) return { ok: true, key: sec1.key };
  return { ok: false, error: 'tls: failed to parse private key', attempts: { pkcs1: pkcs1.error, pkcs8: pkcs8.error, sec1: sec1.error } };
}
