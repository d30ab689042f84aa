/**
 * crypto/x509 CertPool as Certificate.Verify uses it: certificates by raw subject in insertion
 * order, one copy of each DER, and findPotentialParents' order (key identifiers matching first).
 * Each certificate carries where it came from, so a verified chain can say which file anchored it.
 */
import { createHash } from 'node:crypto';
import { DerInput, TAG } from './asn1';
import type { GoCertificate } from './parseCertificate';

/** Where a pool certificate was read from: a file of the folder, a system roots file, or the server. */
export interface CertSource {
  kind: 'folder' | 'system' | 'server';
  /** File path (folder, system); the position in the chain the server sent (server). */
  path?: string;
  index?: number;
}

export interface PoolCert {
  cert: GoCertificate;
  sha256: string;
  source: CertSource;
}

const bytesKey = (b: Uint8Array, start: number, end: number) => Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');

/** RawSubject / RawIssuer (header included) as a map key. */
export const subjectKey = (c: GoCertificate) => bytesKey(c.der, c.rawSubject.header, c.rawSubject.end);
export const issuerKey = (c: GoCertificate) => bytesKey(c.der, c.rawIssuer.header, c.rawIssuer.end);

function extension(c: GoCertificate, oid: string) {
  return c.extensions.find((e) => e.oid === oid);
}

/** Certificate.SubjectKeyId (empty when absent). */
export function subjectKeyId(c: GoCertificate): string {
  const e = extension(c, '2.5.29.14');
  if (!e) return '';
  const v = new DerInput(c.der, e.start, e.end).read(TAG.OCTET_STRING);
  return v ? bytesKey(c.der, v.start, v.end) : '';
}

/** Certificate.AuthorityKeyId: the keyIdentifier [0] of the extension (empty when absent). */
export function authorityKeyId(c: GoCertificate): string {
  const e = extension(c, '2.5.29.35');
  if (!e) return '';
  const seq = new DerInput(c.der, e.start, e.end).read(TAG.SEQUENCE);
  if (!seq) return '';
  const id = new DerInput(c.der, seq.start, seq.end).read(0x80);
  return id ? bytesKey(c.der, id.start, id.end) : '';
}

/** The subjectAltName extension's value, for alreadyInChain. */
export function sanValue(c: GoCertificate): string | undefined {
  const e = extension(c, '2.5.29.17');
  return e ? bytesKey(c.der, e.start, e.end) : undefined;
}

export function sha256Of(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export class GoCertPool {
  private readonly certs: PoolCert[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly sums = new Set<string>();

  /** CertPool.Clone: the same certificates, in the same order; adding to the copy leaves this one alone. */
  clone(): GoCertPool {
    const p = new GoCertPool();
    for (const c of this.certs) p.add(c.cert, c.source);
    return p;
  }

  get size(): number {
    return this.certs.length;
  }

  all(): readonly PoolCert[] {
    return this.certs;
  }

  // Go: cert_pool.go AddCert / addCertFunc: a certificate already present (same DER) is not added again.
  add(cert: GoCertificate, source: CertSource): boolean {
    const sum = sha256Of(cert.der);
    if (this.sums.has(sum)) return false;
    this.sums.add(sum);
    const key = subjectKey(cert);
    const list = this.byName.get(key) ?? [];
    list.push(this.certs.length);
    this.byName.set(key, list);
    this.certs.push({ cert, sha256: sum, source });
    return true;
  }

  /** A certificate with this SHA-256 (hex) is in the pool. */
  has(sha256: string): boolean {
    return this.sums.has(sha256);
  }

  contains(cert: GoCertificate): boolean {
    return this.sums.has(sha256Of(cert.der));
  }

  find(cert: GoCertificate): PoolCert | undefined {
    const sum = sha256Of(cert.der);
    return this.certs.find((c) => c.sha256 === sum);
  }

  /** Certificates whose subject is this raw name (header included). */
  bySubject(key: string): PoolCert[] {
    return (this.byName.get(key) ?? []).map((i) => this.certs[i]);
  }

  // Go: cert_pool.go findPotentialParents: AKID and SKID equal (both empty counts), then one of
  // them missing, then both present and different.
  findPotentialParents(cert: GoCertificate): PoolCert[] {
    const akid = authorityKeyId(cert);
    const matching: PoolCert[] = [];
    const one: PoolCert[] = [];
    const mismatch: PoolCert[] = [];
    for (const candidate of this.bySubject(issuerKey(cert))) {
      const skid = subjectKeyId(candidate.cert);
      if (skid === akid) matching.push(candidate);
      else if ((skid === '' && akid !== '') || (skid !== '' && akid === '')) one.push(candidate);
      else mismatch.push(candidate);
    }
    return [...matching, ...one, ...mismatch];
  }
}
