/** Pool certificates: one `issue` call per certificate, with the usual extensions by default. */
import * as crypto from 'node:crypto';
import { pemBlock, PoolKey } from './keys';
import {
  authorityKeyId,
  basicConstraints,
  buildCert,
  Eku,
  extKeyUsage,
  Hash,
  keyUsage,
  Signer,
  subjectAltName,
  subjectKeyId,
  time,
} from './certBuilder';

export const DAY = 86_400_000;

export interface PoolCert {
  /** Unique in the pool, e.g. `root-rsa2048`, `odd:negative-serial`. */
  id: string;
  /** What it is, as labels say it: `root`, `intermediate`, `server-leaf`, `client-leaf`, `odd:...`. */
  what: string;
  /** The subject key's algorithm label (`rsa2048`, `p256`, `x25519`...). */
  alg: string;
  der: Buffer;
  /** PEM with a final newline. */
  pem: Buffer;
  /** `openssl x509 -text` output (dump, then the PEM block), when openssl is installed. */
  dump?: Buffer;
  subjectName: Buffer;
  spki: Buffer;
  /** The subject's key, when the pool holds it (absent for certificates of broken public keys). */
  key?: PoolKey;
  /** Undefined for a self-signed certificate. */
  issuer?: PoolCert;
}

export function signerOf(k: PoolKey): Signer {
  if (!k.privateKey) throw new Error(`pool key ${k.id} has no private key to sign with`);
  return { alg: k.alg, privateKey: k.privateKey, curve: k.curve };
}

/** A positive serial of 16 random bytes (first byte 0x01..0x7f: minimal DER, positive). */
export function randomSerial(random: (n: number) => Buffer): Buffer {
  const b = random(16);
  b[0] = (b[0] & 0x7f) || 0x01;
  return b;
}

export interface IssueOptions {
  id: string;
  what: string;
  subjectName: Buffer;
  /** The subject's key; its SPKI is certified unless `spki` is given. */
  key?: PoolKey;
  spki?: Buffer;
  alg?: string;
  /** Undefined: self-signed with `key`. */
  issuer?: PoolCert;
  ca: boolean;
  pathLen?: number;
  eku?: Eku[];
  sans?: string[];
  notBefore: Date | Buffer;
  notAfter: Date | Buffer;
  serial: Buffer;
  version?: 1 | 2 | 3;
  /** Replaces the default extension list. */
  extensions?: Buffer[];
  issuerUniqueId?: Buffer;
  subjectUniqueId?: Buffer;
  hash?: Hash;
}

export function defaultExtensions(o: { ca: boolean; pathLen?: number; eku?: Eku[]; sans?: string[]; spki: Buffer; issuerSpki: Buffer; selfSigned: boolean }): Buffer[] {
  const ext = [basicConstraints(o.ca, o.pathLen), keyUsage(o.ca)];
  if (o.eku) ext.push(extKeyUsage(o.eku));
  if (o.sans) ext.push(subjectAltName(o.sans));
  ext.push(subjectKeyId(o.spki));
  if (!o.selfSigned) ext.push(authorityKeyId(o.issuerSpki));
  return ext;
}

export function issue(o: IssueOptions): PoolCert {
  const spki = o.spki ?? o.key?.spki;
  if (!spki) throw new Error(`${o.id}: no public key to certify`);
  const signingKey = o.issuer ? o.issuer.key : o.key;
  if (!signingKey) throw new Error(`${o.id}: no signing key`);
  const issuerSpki = o.issuer ? o.issuer.spki : spki;
  const asTime = (t: Date | Buffer): Buffer => (Buffer.isBuffer(t) ? t : time(t));
  const der = buildCert(
    {
      version: o.version,
      serial: o.serial,
      issuer: o.issuer ? o.issuer.subjectName : o.subjectName,
      subject: o.subjectName,
      notBefore: asTime(o.notBefore),
      notAfter: asTime(o.notAfter),
      spki,
      extensions: o.extensions ?? defaultExtensions({ ca: o.ca, pathLen: o.pathLen, eku: o.eku, sans: o.sans, spki, issuerSpki, selfSigned: !o.issuer }),
      issuerUniqueId: o.issuerUniqueId,
      subjectUniqueId: o.subjectUniqueId,
    },
    signerOf(signingKey),
    o.hash,
  );
  return { id: o.id, what: o.what, alg: o.alg ?? o.key?.label ?? 'unknown', der, pem: Buffer.from(pemBlock('CERTIFICATE', der)), subjectName: o.subjectName, spki, key: o.key, issuer: o.issuer };
}

/** A certificate read back from PEM text (what openssl wrote), keeping its text as `dump`. */
export function fromPem(id: string, what: string, text: string, key: PoolKey, subjectName: Buffer): PoolCert {
  const x = new crypto.X509Certificate(text);
  const der = x.raw;
  return { id, what, alg: key.label, der, pem: Buffer.from(pemBlock('CERTIFICATE', der)), dump: Buffer.from(text), subjectName, spki: key.spki, key };
}
