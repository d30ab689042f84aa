/**
 * A small DER writer for tests that need certificates and keys no well-behaved library would make:
 * duplicated extensions, negative serials, curves Go lacks, points off the curve, odd moduli, odd
 * times. Everything is built at test time and signed with a real node:crypto key, so that a
 * certificate is otherwise valid and only the one thing under test is wrong.
 */
import * as crypto from 'node:crypto';

export type Der = Buffer;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-byte tag (the identifier octet as written: 0x30, 0xa3, ...). */
export function tlv(tag: number, ...contents: (Uint8Array | number[])[]): Der {
  const body = Buffer.concat(contents.map((c) => Buffer.from(c)));
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

/** A TLV whose length is written on `lengthOctets` octets (non-minimal when that is more than needed). */
export function tlvLongLength(tag: number, lengthOctets: number, ...contents: Uint8Array[]): Der {
  const body = Buffer.concat(contents);
  const len: number[] = [];
  for (let i = lengthOctets - 1; i >= 0; i--) len.push(Math.floor(body.length / 256 ** i) & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthOctets, ...len]), body]);
}

export const seq = (...c: Uint8Array[]): Der => tlv(0x30, ...c);
export const set = (...c: Uint8Array[]): Der => tlv(0x31, ...c);
export const nul = (): Der => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Der => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const bitString = (b: Uint8Array, unusedBits = 0): Der => tlv(0x03, [unusedBits], b);
/** Context-specific tag [n], constructed unless `primitive`. */
export const ctx = (n: number, ...c: Uint8Array[]): Der => tlv(0xa0 | n, ...c);
export const ctxPrim = (n: number, b: Uint8Array): Der => tlv(0x80 | n, b);

/** Two's-complement minimal encoding of a bigint. */
export function intBytes(v: bigint): Buffer {
  if (v === 0n) return Buffer.from([0]);
  const bytes: number[] = [];
  let x = v;
  for (;;) {
    bytes.unshift(Number(x & 0xffn));
    const rest = x >> 8n;
    const sign = bytes[0] & 0x80;
    if ((rest === 0n && !sign) || (rest === -1n && sign)) break;
    x = rest;
  }
  return Buffer.from(bytes);
}

export const int = (v: bigint | number): Der => tlv(0x02, intBytes(BigInt(v)));
/** An INTEGER with exactly these content bytes (for non-minimal or empty encodings). */
export const intRaw = (b: Uint8Array | number[]): Der => tlv(0x02, b);
/** An unsigned big-endian magnitude as a positive INTEGER. */
export const uint = (b: Uint8Array): Der => int(BigInt('0x' + (Buffer.from(b).toString('hex') || '0')));

function base128(v: bigint): number[] {
  const out = [Number(v & 0x7fn)];
  for (let x = v >> 7n; x > 0n; x >>= 7n) out.unshift(Number(x & 0x7fn) | 0x80);
  return out;
}

export function oidBytes(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const bytes = [...base128(parts[0] * 40n + parts[1])];
  for (const p of parts.slice(2)) bytes.push(...base128(p));
  return Buffer.from(bytes);
}

export const oid = (dotted: string): Der => tlv(0x06, oidBytes(dotted));

export const utf8 = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Der => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5 = (s: string): Der => tlv(0x16, Buffer.from(s, 'latin1'));
export const utcTime = (s: string): Der => tlv(0x17, Buffer.from(s, 'latin1'));
export const generalizedTime = (s: string): Der => tlv(0x18, Buffer.from(s, 'latin1'));

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
  dsa: '1.2.840.10040.4.1',
  p224: '1.3.132.0.33',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyId: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** Name ::= SEQUENCE OF SET OF { type, value }, one attribute per RDN; values are DER (utf8('x')). */
export function name(...attrs: [string, Der][]): Der {
  return seq(...attrs.map(([type, value]) => set(seq(oid(type), value))));
}

export const cn = (s: string): Der => name([OID.commonName, utf8(s)]);

export function extension(id: string, value: Uint8Array, critical?: boolean): Der {
  return seq(oid(id), ...(critical === undefined ? [] : [bool(critical)]), octets(value));
}

export const basicConstraints = (isCa: boolean, critical = true): Der => extension(OID.basicConstraints, seq(...(isCa ? [bool(true)] : [])), critical);
/** subjectAltName with dNSName / iPAddress entries. */
export function sanExtension(names: ({ dns: string } | { ip: Uint8Array } | { uri: string } | { email: string })[], critical?: boolean): Der {
  return extension(
    OID.subjectAltName,
    seq(
      ...names.map((n) =>
        'dns' in n ? ctxPrim(2, Buffer.from(n.dns, 'latin1')) : 'ip' in n ? ctxPrim(7, n.ip) : 'uri' in n ? ctxPrim(6, Buffer.from(n.uri, 'latin1')) : ctxPrim(1, Buffer.from(n.email, 'latin1')),
      ),
    ),
    critical,
  );
}

export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

function signatureAlgorithmFor(key: crypto.KeyObject): { alg: Der; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { alg: seq(oid(OID.sha256WithRSA), nul()), hash: 'sha256' };
    case 'ec':
      return { alg: seq(oid(OID.ecdsaWithSHA256)), hash: 'sha256' };
    case 'ed25519':
      return { alg: seq(oid(OID.ed25519)), hash: null };
    default:
      throw new Error(`cannot sign with a ${key.asymmetricKeyType} key`);
  }
}

export interface TbsOptions {
  /** The [0] version INTEGER value (2 for v3); null leaves the field out (v1). Raw DER replaces the field. */
  version?: number | bigint | null | Der;
  /** The serial INTEGER (value or raw DER). */
  serial?: bigint | Der;
  /** Inner signature AlgorithmIdentifier; default: the signer's. */
  signature?: Der;
  /** Outer signature AlgorithmIdentifier; default: the same as the inner one. */
  outerSignature?: Der;
  issuer?: Der;
  /** Validity SEQUENCE contents, or the whole field as raw DER with `validityRaw`. */
  notBefore?: Der;
  notAfter?: Der;
  validityRaw?: Der;
  subject?: Der;
  /** subjectPublicKeyInfo DER; default: the subject key's SPKI. */
  spki?: Der;
  /** Extension DERs in order (see `extension`); undefined leaves out the [3] field. */
  extensions?: Der[];
  /** Raw DER appended inside TBSCertificate after the extensions. */
  tbsTrailer?: Der;
  /** Raw DER appended inside Certificate after the signature. */
  certTrailer?: Der;
  /** Replace the signature BIT STRING. */
  signatureValue?: Der;
}

function derTime(d: Date): Der {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? utcTime(iso.slice(2) + 'Z') : generalizedTime(iso + 'Z');
}

/**
 * A certificate for `subjectKey` signed by `signer` (self-signed when they are the same key),
 * built from `o`; each option replaces one field with exactly the given DER.
 */
export function buildCertificate(signer: SigningKey, o: TbsOptions = {}, subjectKey: SigningKey = signer): Der {
  const { alg, hash } = signatureAlgorithmFor(signer.privateKey);
  const now = Date.now();
  const version = o.version === undefined ? int(2) : o.version === null ? undefined : Buffer.isBuffer(o.version) ? o.version : int(o.version);
  const serial = o.serial === undefined ? int(0x1234567n) : Buffer.isBuffer(o.serial) ? o.serial : int(o.serial);
  const inner = o.signature ?? alg;
  const validity = o.validityRaw ?? seq(o.notBefore ?? derTime(new Date(now - 86_400_000)), o.notAfter ?? derTime(new Date(now + 365 * 86_400_000)));
  const spki = o.spki ?? subjectKey.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = seq(
    ...(version ? [Buffer.isBuffer(o.version) ? version : ctx(0, version)] : []),
    serial,
    inner,
    o.issuer ?? cn('Go Parse Test'),
    validity,
    o.subject ?? cn('Go Parse Test'),
    spki,
    ...(o.extensions ? [ctx(3, seq(...o.extensions))] : []),
    ...(o.tbsTrailer ? [o.tbsTrailer] : []),
  );
  const signature = crypto.sign(hash, tbs, signer.privateKey);
  return seq(tbs, o.outerSignature ?? inner, o.signatureValue ?? bitString(signature), ...(o.certTrailer ? [o.certTrailer] : []));
}

/** subjectPublicKeyInfo for an EC point on a named curve (given by OID), any bytes. */
export const ecSpki = (curveOid: string, point: Uint8Array): Der => seq(seq(oid(OID.ecPublicKey), oid(curveOid)), bitString(point));

/** subjectPublicKeyInfo for an RSA key with the given modulus and exponent INTEGER DERs. */
export const rsaSpki = (modulus: Der, exponent: Der, params: Der[] = [nul()]): Der => seq(seq(oid(OID.rsaEncryption), ...params), bitString(seq(modulus, exponent)));

/** RSA key components, as bigints, from a node key. */
export interface RsaComponents {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

export function rsaComponents(key: crypto.KeyObject): RsaComponents {
  const jwk = key.export({ format: 'jwk' });
  const big = (s: string | undefined) => BigInt('0x' + Buffer.from(s ?? '', 'base64url').toString('hex'));
  return { n: big(jwk.n), e: big(jwk.e), d: big(jwk.d), p: big(jwk.p), q: big(jwk.q), dp: big(jwk.dp), dq: big(jwk.dq), qi: big(jwk.qi) };
}

/** RSAPrivateKey (PKCS#1) from components; `omitCrt` leaves out dP, dQ and qInv; `extra` is appended. */
export function pkcs1Key(c: RsaComponents, o: { version?: number; omitCrt?: boolean; extra?: Der[] } = {}): Der {
  const crt = o.omitCrt ? [] : [int(c.dp), int(c.dq), int(c.qi)];
  return seq(int(o.version ?? 0), int(c.n), int(c.e), int(c.d), int(c.p), int(c.q), ...crt, ...(o.extra ?? []));
}

/** PrivateKeyInfo (PKCS#8) around a private key DER. */
export const pkcs8Key = (algorithm: Der, privateKey: Der, version = 0): Der => seq(int(version), algorithm, octets(privateKey));

/** ECPrivateKey (SEC1). */
export function sec1Key(d: Uint8Array, o: { version?: number; curveOid?: string; publicKey?: Uint8Array } = {}): Der {
  return seq(
    int(o.version ?? 1),
    octets(d),
    ...(o.curveOid ? [ctx(0, oid(o.curveOid))] : []),
    ...(o.publicKey ? [ctx(1, bitString(o.publicKey))] : []),
  );
}

export function pem(type: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}
