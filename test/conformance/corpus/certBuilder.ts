/**
 * X.509 certificates built field by field with the DER writer and signed with node:crypto, so
 * that any key type OpenSSL knows can sign or be certified (secp256k1, brainpool, Ed448, DSA,
 * RSA-PSS: more than WebCrypto offers), and so that odd certificates (v1, v2, negative serials,
 * duplicate extensions, odd time forms, broken public keys) can be written on purpose.
 */
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, bool, children, explicit, implicit, int, nul, octets, oid, readTlv, seq, set, tlv, utcTime, generalizedTime, utf8 } from './asn1';

export type KeyAlg = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'x25519' | 'x448' | 'dsa';

export interface Signer {
  alg: KeyAlg;
  privateKey: crypto.KeyObject;
  /** OpenSSL curve name for EC keys: the hash follows the curve size. */
  curve?: string;
}

export type Hash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  mgf1: '1.2.840.113549.1.1.8',
  rsaPss: '1.2.840.113549.1.1.10',
  rsaSig: { sha1: '1.2.840.113549.1.1.5', sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12', sha512: '1.2.840.113549.1.1.13' },
  ecdsaSig: { sha1: '1.2.840.10045.4.1', sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' },
  dsaSig: { sha1: '1.2.840.10040.4.3', sha256: '2.16.840.1.101.3.4.3.2', sha384: '2.16.840.1.101.3.4.3.3', sha512: '2.16.840.1.101.3.4.3.4' },
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  cn: '2.5.4.3',
  o: '2.5.4.10',
  ski: '2.5.29.14',
  ku: '2.5.29.15',
  san: '2.5.29.17',
  bc: '2.5.29.19',
  aki: '2.5.29.35',
  eku: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

function defaultHash(s: Signer): Hash {
  if (s.alg !== 'ec') return 'sha256';
  if (s.curve === 'secp384r1') return 'sha384';
  if (s.curve === 'secp521r1') return 'sha512';
  return 'sha256';
}

/** The signatureAlgorithm and a signing function for a key. */
export function signatureScheme(s: Signer, hash: Hash = defaultHash(s)): { algorithm: Buffer; sign: (tbs: Buffer) => Buffer } {
  switch (s.alg) {
    case 'rsa':
      return { algorithm: seq(oid(OID.rsaSig[hash]), nul()), sign: (tbs) => crypto.sign(hash, tbs, s.privateKey) };
    case 'rsa-pss': {
      const sha256 = seq(oid(OID.sha256), nul());
      const params = seq(explicit(0, sha256), explicit(1, seq(oid(OID.mgf1), sha256)), explicit(2, int(32)));
      return {
        algorithm: seq(oid(OID.rsaPss), params),
        sign: (tbs) => crypto.sign('sha256', tbs, { key: s.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
      };
    }
    case 'ec':
      return { algorithm: seq(oid(OID.ecdsaSig[hash])), sign: (tbs) => crypto.sign(hash, tbs, s.privateKey) };
    case 'dsa':
      return { algorithm: seq(oid(OID.dsaSig[hash])), sign: (tbs) => crypto.sign(hash, tbs, s.privateKey) };
    case 'ed25519':
      return { algorithm: seq(oid(OID.ed25519)), sign: (tbs) => crypto.sign(null, tbs, s.privateKey) };
    case 'ed448':
      return { algorithm: seq(oid(OID.ed448)), sign: (tbs) => crypto.sign(null, tbs, s.privateKey) };
    default:
      throw new Error(`a ${s.alg} key cannot sign a certificate`);
  }
}

// ---------------------------------------------------------------------------------------------
// Names, times, extensions

/** A Name with CN and O (either may be left out; neither gives the empty SEQUENCE). */
export function name(o: { cn?: string; org?: string }): Buffer {
  const rdns: Buffer[] = [];
  if (o.org !== undefined) rdns.push(set(seq(oid(OID.o), utf8(o.org))));
  if (o.cn !== undefined) rdns.push(set(seq(oid(OID.cn), utf8(o.cn))));
  return seq(...rdns);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYYMMDDHHMMSS` of a date, UTC. */
export function stamp(d: Date): string {
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Buffer {
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050 ? utcTime(stamp(d).slice(2) + 'Z') : generalizedTime(stamp(d) + 'Z');
}

export function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

export function basicConstraints(ca: boolean, pathLen?: number): Buffer {
  return extension(OID.bc, true, seq(...(ca ? [bool(true)] : []), ...(ca && pathLen !== undefined ? [int(pathLen)] : [])));
}

/** keyCertSign + cRLSign for a CA, digitalSignature + keyEncipherment for a leaf. */
export function keyUsage(ca: boolean): Buffer {
  return extension(OID.ku, true, ca ? bitString(Buffer.from([0x06]), 1) : bitString(Buffer.from([0xa0]), 5));
}

export type Eku = 'serverAuth' | 'clientAuth';

export function extKeyUsage(usages: Eku[]): Buffer {
  return extension(OID.eku, false, seq(...usages.map((u) => oid(OID[u]))));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

/** The GeneralNames of a subjectAltName: dNSName [2] or iPAddress [7]. */
export function generalNames(names: string[]): Buffer {
  return seq(...names.map((n) => (isIP(n) ? implicit(7, ipBytes(n)) : implicit(2, Buffer.from(n, 'latin1')))));
}

export function subjectAltName(names: string[], critical = false): Buffer {
  return extension(OID.san, critical, generalNames(names));
}

/** The subjectPublicKey bits of an SPKI (without the unused-bits byte). */
export function publicKeyBits(spki: Buffer): Buffer {
  const bits = children(spki)[1];
  const t = readTlv(bits);
  return bits.subarray(t.start + 1, t.end);
}

export function keyId(spki: Buffer): Buffer {
  return crypto.createHash('sha1').update(publicKeyBits(spki)).digest();
}

export function subjectKeyId(spki: Buffer): Buffer {
  return extension(OID.ski, false, octets(keyId(spki)));
}

export function authorityKeyId(issuerSpki: Buffer): Buffer {
  return extension(OID.aki, false, seq(implicit(0, keyId(issuerSpki))));
}

// ---------------------------------------------------------------------------------------------
// The certificate

export interface TbsFields {
  /** 1, 2 or 3; v1 has no version field at all (DEFAULT). */
  version?: 1 | 2 | 3;
  /** INTEGER content bytes, exactly as they go on the wire. */
  serial: Buffer;
  issuer: Buffer;
  subject: Buffer;
  /** Time TLVs (see `time`), so that odd forms can be passed. */
  notBefore: Buffer;
  notAfter: Buffer;
  spki: Buffer;
  extensions?: Buffer[];
  issuerUniqueId?: Buffer;
  subjectUniqueId?: Buffer;
}

export function buildCert(f: TbsFields, signer: Signer, hash?: Hash): Buffer {
  const scheme = signatureScheme(signer, hash);
  const version = f.version ?? 3;
  const tbs = seq(
    ...(version > 1 ? [explicit(0, int(version - 1))] : []),
    tlv(0x02, f.serial),
    scheme.algorithm,
    f.issuer,
    seq(f.notBefore, f.notAfter),
    f.subject,
    f.spki,
    ...(f.issuerUniqueId ? [implicit(1, Buffer.concat([Buffer.from([0]), f.issuerUniqueId]))] : []),
    ...(f.subjectUniqueId ? [implicit(2, Buffer.concat([Buffer.from([0]), f.subjectUniqueId]))] : []),
    ...(f.extensions && f.extensions.length ? [explicit(3, seq(...f.extensions))] : []),
  );
  return seq(tbs, scheme.algorithm, bitString(scheme.sign(tbs)));
}
