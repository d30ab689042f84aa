/**
 * Lenient DER peeking for what does not need Go's verdict: signature algorithm names, and the shape
 * of a block. Whether Go accepts a certificate or key, and what it reads from it, is modelled in
 * go/ (x509.ts uses that); these helpers never decide acceptance.
 */

import { GO_CURVES, OTHER_CURVES } from './curves';

interface Tlv {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
}

function readTlv(der: Uint8Array, off: number, limit = der.length): Tlv | undefined {
  if (off + 2 > limit) return undefined;
  const tag = der[off];
  let len = der[off + 1];
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + der[start + k];
    start += n;
  }
  const end = start + len;
  if (end > limit) return undefined;
  return { tag, start, end };
}

function children(der: Uint8Array, parent: Tlv, max = 8): Tlv[] {
  const out: Tlv[] = [];
  let off = parent.start;
  while (off < parent.end && out.length < max) {
    const t = readTlv(der, off, parent.end);
    if (!t) break;
    out.push(t);
    off = t.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OID = 0x06;

export function oidToString(der: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let k = t.start; k < t.end; k++) {
    v = v * 128 + (der[k] & 0x7f);
    if (!(der[k] & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** The OID of Certificate.signatureAlgorithm, or undefined when the DER is not a certificate. */
export function certificateSignatureOid(der: Uint8Array): string | undefined {
  const top = readTlv(der, 0);
  if (!top || top.tag !== SEQUENCE) return undefined;
  const [tbs, alg] = children(der, top, 2);
  if (!tbs || !alg || alg.tag !== SEQUENCE) return undefined;
  const oid = children(der, alg, 1)[0];
  return oid && oid.tag === OID ? oidToString(der, oid) : undefined;
}

export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: '' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  '1.3.101.112': { name: 'Ed25519', hash: '' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'SHA-1' },
};

/** What a private key's DER is, told apart by structure the way Go's parsers would accept it. */
export type KeyShape =
  | { format: 'pkcs1' }
  | { format: 'pkcs8'; algorithmOid: string }
  | { format: 'sec1' }
  | { format: 'unknown' };

export function privateKeyShape(der: Uint8Array): KeyShape {
  const top = readTlv(der, 0);
  if (!top || top.tag !== SEQUENCE || top.end !== der.length) return { format: 'unknown' };
  const [version, second] = children(der, top, 2);
  if (!version || version.tag !== INTEGER || !second) return { format: 'unknown' };
  // RSAPrivateKey ::= SEQUENCE { version, modulus INTEGER, ... }
  if (second.tag === INTEGER) return { format: 'pkcs1' };
  // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE { OID, ... }, OCTET STRING }
  if (second.tag === SEQUENCE) {
    const oid = children(der, second, 1)[0];
    if (oid && oid.tag === OID) return { format: 'pkcs8', algorithmOid: oidToString(der, oid) };
  }
  // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, ... }
  if (second.tag === OCTET_STRING) return { format: 'sec1' };
  return { format: 'unknown' };
}

export const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.840.10040.4.1': 'dsa',
};

const BIT_STRING = 0x03;
const CONTEXT_0 = 0xa0;

/** Named curves by OID, with node's names for them: Go's four (curves.ts), then those Go does not implement. */
export const GO_CURVE_NAMES: Record<string, string> = Object.fromEntries(GO_CURVES.map((c) => [c.oid, c.nodeName]));
const CURVES: Record<string, string> = { ...GO_CURVE_NAMES, ...OTHER_CURVES };

/** Bits of an unsigned big-endian INTEGER's value. */
function integerBits(der: Uint8Array, t: Tlv): number {
  let i = t.start;
  while (i < t.end && der[i] === 0) i++;
  if (i === t.end) return 0;
  return (t.end - i - 1) * 8 + (32 - Math.clz32(der[i]));
}

/**
 * The certificate's public key type, RSA size or EC curve, read from subjectPublicKeyInfo. About a
 * microsecond, where building node's KeyObject and asking its details costs tens: this runs for
 * every certificate of every check. Undefined when the structure is not the expected one.
 */
export function certificatePublicKey(der: Uint8Array): { type: string; bits?: number; curve?: string } | undefined {
  const top = readTlv(der, 0);
  if (!top || top.tag !== SEQUENCE) return undefined;
  const tbs = children(der, top, 1)[0];
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const fields = children(der, tbs, 8);
  // TBSCertificate: [0] version (optional), serial, signature, issuer, validity, subject, SPKI, ...
  const spki = fields[fields[0]?.tag === CONTEXT_0 ? 6 : 5];
  if (!spki || spki.tag !== SEQUENCE) return undefined;
  const [alg, bits] = children(der, spki, 2);
  if (!alg || alg.tag !== SEQUENCE || !bits || bits.tag !== BIT_STRING) return undefined;
  const [oid, params] = children(der, alg, 2);
  if (!oid || oid.tag !== OID) return undefined;
  const type = KEY_ALGORITHMS[oidToString(der, oid)];
  if (type === 'rsa') {
    // BIT STRING: one byte of unused bits, then RSAPublicKey ::= SEQUENCE { modulus, exponent }.
    const key = readTlv(der, bits.start + 1, bits.end);
    const modulus = key && key.tag === SEQUENCE ? children(der, key, 1)[0] : undefined;
    return modulus && modulus.tag === INTEGER ? { type, bits: integerBits(der, modulus) } : undefined;
  }
  if (type === 'ec') {
    const curve = params && params.tag === OID ? CURVES[oidToString(der, params)] : undefined;
    return curve ? { type, curve } : undefined;
  }
  return type ? { type } : undefined;
}

function rsaPrivateKeyBits(der: Uint8Array, rsa: Tlv): number | undefined {
  // RSAPrivateKey ::= SEQUENCE { version, modulus, ... }
  const modulus = children(der, rsa, 2)[1];
  return modulus && modulus.tag === INTEGER ? integerBits(der, modulus) : undefined;
}

/** A private key's type, RSA size or EC curve, from its PKCS#1, PKCS#8 or SEC1 DER (see certificatePublicKey). */
export function privateKeyDetails(der: Uint8Array): { type: string; bits?: number; curve?: string } | undefined {
  const top = readTlv(der, 0);
  if (!top || top.tag !== SEQUENCE) return undefined;
  const [, second, third] = children(der, top, 3);
  if (!second) return undefined;
  if (second.tag === INTEGER) {
    const bits = rsaPrivateKeyBits(der, top);
    return bits ? { type: 'rsa', bits } : undefined;
  }
  if (second.tag === SEQUENCE) {
    const [oid, params] = children(der, second, 2);
    const type = oid && oid.tag === OID ? KEY_ALGORITHMS[oidToString(der, oid)] : undefined;
    if (type === 'rsa') {
      const inner = third && third.tag === OCTET_STRING ? readTlv(der, third.start, third.end) : undefined;
      const bits = inner && inner.tag === SEQUENCE ? rsaPrivateKeyBits(der, inner) : undefined;
      return bits ? { type, bits } : undefined;
    }
    if (type === 'ec') {
      const curve = params && params.tag === OID ? CURVES[oidToString(der, params)] : undefined;
      return curve ? { type, curve } : undefined;
    }
    return type ? { type } : undefined;
  }
  if (second.tag === OCTET_STRING) {
    // ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
    const params = children(der, top, 4).find((t) => t.tag === CONTEXT_0);
    const oid = params ? readTlv(der, params.start, params.end) : undefined;
    const curve = oid && oid.tag === OID ? CURVES[oidToString(der, oid)] : undefined;
    return curve ? { type: 'ec', curve } : undefined;
  }
  return undefined;
}
