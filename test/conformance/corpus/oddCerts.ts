/**
 * "Odd but real" certificates, built field by field and signed by the pool's root A: what old
 * CAs, appliances and hand-rolled tooling do write, and what Go's parser may refuse
 * (negative serials since Go 1.23, duplicate extensions, non-IA5 SANs, exponents above 2^31).
 * Each has the id and `what` `odd:<name>`; most are CA certificates issued by root A, so they
 * can be trust anchors in a `.crt` and chain to A.
 */
import { generalizedTime, octets, seq, utcTime } from './asn1';
import {
  authorityKeyId,
  basicConstraints,
  Eku,
  extension,
  extKeyUsage,
  keyUsage,
  name,
  stamp,
  subjectAltName,
  subjectKeyId,
} from './certBuilder';
import { DAY, defaultExtensions, issue, IssueOptions, PoolCert } from './issue';
import { ecPointOffCurve, ecPointZero, pemBlock, PoolKey, rsaNonMinimalExponentSpki } from './keys';

export interface OddContext {
  rootA: PoolCert;
  rsa: PoolKey;
  rsaE3: PoolKey;
  rsaHugeE: PoolKey;
  ec: PoolKey;
  day: number;
  serial: () => Buffer;
  random: (n: number) => Buffer;
}

/** The names of every odd certificate, in pool order. */
export const ODD_CERTS = [
  'negative-serial',
  'zero-serial',
  'long-serial',
  'duplicate-extension',
  'unknown-critical-extension',
  'v1-self-signed',
  'v2-unique-ids',
  'time-utc-no-seconds',
  'time-utc-offset',
  'time-generalized-before-2050',
  'time-generalized-fraction',
  'time-no-expiry-99991231',
  'time-after-2050',
  'time-utc-1950',
  'time-utc-no-zone',
  'empty-subject-san-only',
  'ip-san',
  'malformed-san-dns',
  'malformed-san-der',
  'rsa-e3',
  'rsa-e65537',
  'rsa-huge-e',
  'rsa-e-nonminimal',
  'ec-point-off-curve',
  'ec-point-zero',
  'sha1-signature',
  'bad-signature',
] as const;

export type OddCertName = (typeof ODD_CERTS)[number];

function leafExtensions(spki: Buffer, issuerSpki: Buffer, san: Buffer, eku: Eku[] = ['serverAuth']): Buffer[] {
  return [basicConstraints(false), keyUsage(false), extKeyUsage(eku), san, subjectKeyId(spki), authorityKeyId(issuerSpki)];
}

export function oddCertificates(c: OddContext): PoolCert[] {
  const nb = new Date(c.day - 2 * DAY);
  const na = new Date(c.day + 825 * DAY);
  const base = (n: OddCertName): IssueOptions => ({
    id: `odd:${n}`,
    what: `odd:${n}`,
    subjectName: name({ org: 'certsd corpus', cn: `Odd ${n}` }),
    key: c.rsa,
    issuer: c.rootA,
    ca: true,
    notBefore: nb,
    notAfter: na,
    serial: c.serial(),
  });
  const A = c.rootA.spki;
  const made: Record<OddCertName, () => PoolCert> = {
    'negative-serial': () => {
      const s = c.random(16);
      s[0] |= 0x80;
      return issue({ ...base('negative-serial'), serial: s });
    },
    'zero-serial': () => issue({ ...base('zero-serial'), serial: Buffer.from([0]) }),
    'long-serial': () => {
      const s = c.random(21);
      s[0] = (s[0] & 0x7f) || 0x01;
      return issue({ ...base('long-serial'), serial: s });
    },
    'duplicate-extension': () =>
      issue({ ...base('duplicate-extension'), extensions: [basicConstraints(true), basicConstraints(true), keyUsage(true), subjectKeyId(c.rsa.spki), authorityKeyId(A)] }),
    'unknown-critical-extension': () => {
      const o = base('unknown-critical-extension');
      const ext = defaultExtensions({ ca: true, spki: c.rsa.spki, issuerSpki: A, selfSigned: false });
      return issue({ ...o, extensions: [...ext, extension('1.3.6.1.4.1.55555.1.1', true, octets(Buffer.from('certsd')))] });
    },
    'v1-self-signed': () =>
      issue({ ...base('v1-self-signed'), subjectName: name({ org: 'certsd corpus', cn: 'Legacy v1 Root' }), key: c.rootA.key, issuer: undefined, version: 1, extensions: [] }),
    'v2-unique-ids': () => issue({ ...base('v2-unique-ids'), version: 2, extensions: [], issuerUniqueId: c.random(8), subjectUniqueId: c.random(8) }),
    'time-utc-no-seconds': () =>
      issue({ ...base('time-utc-no-seconds'), notBefore: utcTime(stamp(nb).slice(2, 12) + 'Z'), notAfter: utcTime(stamp(na).slice(2, 12) + 'Z') }),
    'time-utc-offset': () => issue({ ...base('time-utc-offset'), notBefore: utcTime(stamp(nb).slice(2) + '+0100') }),
    'time-generalized-before-2050': () =>
      issue({ ...base('time-generalized-before-2050'), notBefore: generalizedTime(stamp(nb) + 'Z'), notAfter: generalizedTime(stamp(na) + 'Z') }),
    'time-generalized-fraction': () => issue({ ...base('time-generalized-fraction'), notAfter: generalizedTime(stamp(na) + '.123Z') }),
    'time-no-expiry-99991231': () => issue({ ...base('time-no-expiry-99991231'), notAfter: generalizedTime('99991231235959Z') }),
    'time-after-2050': () => issue({ ...base('time-after-2050'), notAfter: new Date(Date.UTC(2050, 0, 1, 0, 0, 0)) }),
    'time-utc-1950': () => issue({ ...base('time-utc-1950'), notBefore: utcTime('500101000000Z') }),
    'time-utc-no-zone': () => issue({ ...base('time-utc-no-zone'), notBefore: utcTime(stamp(nb).slice(2)) }),
    'empty-subject-san-only': () =>
      issue({ ...base('empty-subject-san-only'), subjectName: seq(), ca: false, extensions: leafExtensions(c.rsa.spki, A, subjectAltName(['reg.example.com'], true)) }),
    'ip-san': () => issue({ ...base('ip-san'), ca: false, extensions: leafExtensions(c.rsa.spki, A, subjectAltName(['10.0.0.1', 'reg.example.com', 'fd00::1'])) }),
    'malformed-san-dns': () => {
      // A dNSName with a non-IA5 byte (UTF-8 "é"): Go's parser refuses the certificate.
      const dns = Buffer.from('r\u00e9g.example.com', 'utf8');
      const gn = Buffer.concat([Buffer.from([0x82, dns.length]), dns]);
      return issue({ ...base('malformed-san-dns'), ca: false, extensions: leafExtensions(c.rsa.spki, A, extension('2.5.29.17', false, seq(gn))) });
    },
    'malformed-san-der': () => {
      // The GeneralNames SEQUENCE claims 16 bytes and holds 5.
      const broken = Buffer.from([0x30, 0x10, 0x82, 0x03, 0x61, 0x62, 0x63]);
      return issue({ ...base('malformed-san-der'), ca: false, extensions: leafExtensions(c.rsa.spki, A, extension('2.5.29.17', false, broken)) });
    },
    'rsa-e3': () => issue({ ...base('rsa-e3'), key: c.rsaE3 }),
    'rsa-e65537': () => issue({ ...base('rsa-e65537') }),
    'rsa-huge-e': () => issue({ ...base('rsa-huge-e'), key: c.rsaHugeE }),
    'rsa-e-nonminimal': () => issue({ ...base('rsa-e-nonminimal'), key: undefined, spki: rsaNonMinimalExponentSpki(c.rsa), alg: 'rsa2048' }),
    'ec-point-off-curve': () => issue({ ...base('ec-point-off-curve'), key: undefined, spki: ecPointOffCurve(c.ec), alg: c.ec.label }),
    'ec-point-zero': () => issue({ ...base('ec-point-zero'), key: undefined, spki: ecPointZero(c.ec), alg: c.ec.label }),
    'sha1-signature': () => issue({ ...base('sha1-signature'), hash: 'sha1' }),
    'bad-signature': () => {
      const cert = issue({ ...base('bad-signature') });
      const der = Buffer.from(cert.der);
      der[der.length - 1] ^= 0x55;
      return { ...cert, der, pem: Buffer.from(pemBlock('CERTIFICATE', der)) };
    },
  };
  return ODD_CERTS.map((n) => made[n]());
}
