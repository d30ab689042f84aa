/**
 * Certificates for the Go-model tests of test/unit/goModelsA*.test.ts, built with the DER writer
 * (test/helpers/der.ts) at fixed dates, so that no test reads the clock: every certificate is
 * valid from 2025-01-01 to 2027-01-01 unless a case says otherwise, and the tests verify at NOW.
 */
import * as crypto from 'node:crypto';
import { GoCertPool, PoolCert, sha256Of } from '../../server/src/core/go/certPool';
import { goParseCertificate, GoCertificate } from '../../server/src/core/go/parseCertificate';
import * as d from './der';

/** The time every verification runs at: 2026-06-01T00:00:00Z. */
export const NOW = new Date(Date.UTC(2026, 5, 1));
export const NOT_BEFORE = '250101000000Z';
export const NOT_AFTER = '270101000000Z';

export type Key = d.SigningKey;

const ecCache = new Map<string, Key>();
/** A P-256 key, the same one for the same slot during the run. */
export function p256(slot: number): Key {
  let k = ecCache.get(`p256/${slot}`);
  if (!k) {
    k = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    ecCache.set(`p256/${slot}`, k);
  }
  return k;
}

let rsaCached: Key | undefined;
export function rsa2048(): Key {
  rsaCached ??= crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rsaCached;
}

export interface Spec {
  /** The key that signs the certificate. */
  signer: Key;
  /** The certified key (default: the signer's, a self-signed certificate). */
  key?: Key;
  /** Subject and issuer: a CN, or a whole Name DER. */
  subject: string | d.Der;
  issuer: string | d.Der;
  extensions?: d.Der[];
  notBefore?: string;
  notAfter?: string;
  /** null: a version 1 certificate (no [0] version, no extensions). */
  version?: null;
  serial?: bigint;
  /** subjectPublicKeyInfo DER instead of the key's. */
  spki?: d.Der;
  /** Inner and outer signature AlgorithmIdentifier instead of the signer's. */
  signature?: d.Der;
  /** The signature BIT STRING instead of the signer's signature. */
  signatureValue?: d.Der;
}

const nameDer = (n: string | d.Der) => (typeof n === 'string' ? d.cn(n) : n);

export function build(s: Spec): Buffer {
  return d.buildCertificate(
    s.signer,
    {
      version: s.version,
      serial: s.serial,
      issuer: nameDer(s.issuer),
      subject: nameDer(s.subject),
      notBefore: d.utcTime(s.notBefore ?? NOT_BEFORE),
      notAfter: d.utcTime(s.notAfter ?? NOT_AFTER),
      extensions: s.version === null ? undefined : (s.extensions ?? []),
      spki: s.spki,
      signature: s.signature,
      signatureValue: s.signatureValue,
    },
    s.key ?? s.signer,
  );
}

/** The TBSCertificate of a certificate DER (header included): what its signature covers. */
export function tbsOf(der: Buffer): Buffer {
  const outerHeader = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  const lenByte = der[outerHeader + 1];
  const tbsHeader = lenByte & 0x80 ? 2 + (lenByte & 0x7f) : 2;
  let len = 0;
  if (lenByte & 0x80) for (let i = 0; i < (lenByte & 0x7f); i++) len = len * 256 + der[outerHeader + 2 + i];
  else len = lenByte;
  return der.subarray(outerHeader, outerHeader + tbsHeader + len);
}

const KU_CERT_SIGN = 0x04; // bit 5 of the first octet (digitalSignature is 0x80)
const KU_CRL_SIGN = 0x02;

/** keyUsage with the first octet given (bits 0-7, most significant first). */
export const keyUsage = (firstOctet: number, critical = true): d.Der => d.extension(d.OID.keyUsage, d.bitString(Buffer.from([firstOctet]), 1), critical);

/** A CA's extensions: basicConstraints CA:TRUE (with pathLen when given), keyUsage keyCertSign and cRLSign. */
export function caExtensions(pathLen?: number): d.Der[] {
  const bc = d.seq(d.bool(true), ...(pathLen === undefined ? [] : [d.int(pathLen)]));
  return [d.extension(d.OID.basicConstraints, bc, true), keyUsage(KU_CERT_SIGN | KU_CRL_SIGN)];
}

export const ekuExtension = (...oids: string[]): d.Der => d.extension(d.OID.extKeyUsage, d.seq(...oids.map((o) => d.oid(o))));

/** A server leaf's extensions: CA:FALSE, DNS SANs, serverAuth. */
export function leafExtensions(dns: string[], ekus: string[] = [d.OID.serverAuth]): d.Der[] {
  return [d.extension(d.OID.basicConstraints, d.seq(), true), d.sanExtension(dns.map((n) => ({ dns: n }))), ...(ekus.length ? [ekuExtension(...ekus)] : [])];
}

export function go(der: Buffer): GoCertificate {
  const r = goParseCertificate(der);
  if (!r.ok) throw new Error(`the test built a certificate Go refuses: ${r.error}`);
  return r.value;
}

export function pool(ders: Buffer[]): GoCertPool {
  const p = new GoCertPool();
  ders.forEach((der, i) => p.add(go(der), { kind: 'folder', path: `/certs.d/reg/ca${i}.crt` }));
  return p;
}

export function leafOf(der: Buffer): PoolCert {
  const cert = go(der);
  return { cert, sha256: sha256Of(cert.der), source: { kind: 'server', index: 0 } };
}
