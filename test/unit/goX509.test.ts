/**
 * x509.ParseCertificate as modelled in server/src/core/go/: each of Go 1.26's checks, on a
 * certificate built here with exactly one thing wrong (test/helpers/der.ts), and Go's exact text.
 * Each text was checked against Go 1.26 itself (see test/helpers/goVectors.ts).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { goDefaults, parseGodebug } from '../../server/src/core/go/godebug';
import { goParseCertificate } from '../../server/src/core/go/parseCertificate';
import { parseCertificate } from '../../server/src/core/go/x509';
import { loadOf, runCheck } from '../helpers/check';
import * as d from '../helpers/der';
import { certsd, REGISTRY } from '../helpers/fixtures';
import { recordGoVector } from '../helpers/goVectors';
import { tempTrees } from '../helpers/tree';

const P256_P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const P384_P = 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n;

const keys = {
  p256: crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  p224: crypto.generateKeyPairSync('ec', { namedCurve: 'secp224r1' }),
  p521: crypto.generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
  k1: crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
  rsa: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ed25519: crypto.generateKeyPairSync('ed25519'),
  x25519: crypto.generateKeyPairSync('x25519'),
};

const signer = keys.p256;

/** Uncompressed point of a node EC key. */
function point(k: crypto.KeyObject): Buffer {
  const jwk = k.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
}

const fixed = (v: bigint, size: number) => Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex');

/** Length of the outer header, to reach the TBSCertificate's tag. */
function tbsOffset(der: Buffer): number {
  return der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
}

const ext = (...extensions: d.Der[]) => d.buildCertificate(signer, { extensions });
const san = (names: Parameters<typeof d.sanExtension>[0]) => ext(d.sanExtension(names));
const nameConstraints = (value: d.Der) => ext(d.extension(d.OID.nameConstraints, value, true));

interface Case {
  name: string;
  der: () => Buffer;
  expect: string;
  godebug?: string;
}

function check(c: Case): void {
  const der = c.der();
  recordGoVector({ name: c.name, kind: 'cert', godebug: c.godebug, der, expect: c.expect });
  const options = parseGodebug(c.godebug ?? '', goDefaults('1.26'));
  const r = goParseCertificate(der, options);
  assert.equal(r.ok ? 'ok' : r.error, c.expect);
  const facts = parseCertificate(der, options);
  assert.equal(facts.ok ? 'ok' : facts.error, c.expect, 'x509.ts parseCertificate agrees');
}

function cases(title: string, list: Case[]): void {
  describe(title, () => {
    for (const c of list) {
      it(c.expect === 'ok' ? `accepts ${c.name}` : `refuses ${c.name}: ${c.expect}`, () => check(c));
    }
  });
}

describe('x509.ParseCertificate (Go 1.26 model)', () => {
  cases('the outer structure', [
    { name: 'a plain P-256 certificate', der: () => d.buildCertificate(signer), expect: 'ok' },
    { name: 'an RSA certificate', der: () => d.buildCertificate(keys.rsa), expect: 'ok' },
    { name: 'an Ed25519 certificate', der: () => d.buildCertificate(keys.ed25519), expect: 'ok' },
    { name: 'a P-224 key', der: () => d.buildCertificate(signer, {}, keys.p224), expect: 'ok' },
    { name: 'a P-521 key', der: () => d.buildCertificate(signer, {}, keys.p521), expect: 'ok' },
    { name: 'bytes that are not a SEQUENCE', der: () => Buffer.from('nope'), expect: 'x509: malformed certificate' },
    { name: 'empty input', der: () => Buffer.alloc(0), expect: 'x509: malformed certificate' },
    { name: 'an indefinite length (BER)', der: () => Buffer.from([0x30, 0x80, 0x00, 0x00]), expect: 'x509: malformed certificate' },
    {
      name: 'a length written on more octets than needed',
      der: () => {
        const c = d.buildCertificate(signer);
        return d.tlvLongLength(0x30, 4, c.subarray(tbsOffset(c)));
      },
      expect: 'x509: malformed certificate',
    },
    { name: 'a byte after the certificate', der: () => Buffer.concat([d.buildCertificate(signer), Buffer.from([0])]), expect: 'x509: trailing data' },
    { name: 'an element after the signature, inside the certificate (node refuses it)', der: () => d.buildCertificate(signer, { certTrailer: d.int(5) }), expect: 'ok' },
    { name: 'an element after the extensions, inside the TBSCertificate (node refuses it)', der: () => d.buildCertificate(signer, { extensions: [], tbsTrailer: d.int(5) }), expect: 'ok' },
    {
      name: 'a TBSCertificate that is a SET',
      der: () => {
        const c = d.buildCertificate(signer);
        c[tbsOffset(c)] = 0x31;
        return c;
      },
      expect: 'x509: malformed tbs certificate',
    },
    { name: 'a signature that is not a BIT STRING', der: () => d.buildCertificate(signer, { signatureValue: d.octets(Buffer.from([1])) }), expect: 'x509: malformed signature' },
    { name: 'a signature BIT STRING with 8 unused bits', der: () => d.buildCertificate(signer, { signatureValue: d.tlv(0x03, [0x08, 0x00]) }), expect: 'x509: malformed signature' },
  ]);

  cases('version and serial number', [
    { name: 'version 4 (INTEGER 3)', der: () => d.buildCertificate(signer, { version: d.ctx(0, d.int(3)) }), expect: 'x509: invalid version' },
    { name: 'a negative version', der: () => d.buildCertificate(signer, { version: d.ctx(0, d.int(-1)) }), expect: 'x509: malformed version' },
    { name: 'a version INTEGER not minimally encoded', der: () => d.buildCertificate(signer, { version: d.ctx(0, d.intRaw([0, 2])) }), expect: 'x509: malformed version' },
    { name: 'two INTEGERs in the version', der: () => d.buildCertificate(signer, { version: d.ctx(0, d.int(2), d.int(2)) }), expect: 'x509: malformed version' },
    { name: 'an explicit version 1 (INTEGER 0)', der: () => d.buildCertificate(signer, { version: d.ctx(0, d.int(0)) }), expect: 'ok' },
    { name: 'a negative serial number', der: () => d.buildCertificate(signer, { serial: -5n }), expect: 'x509: negative serial number' },
    { name: 'a negative serial number with x509negativeserial=1', der: () => d.buildCertificate(signer, { serial: -5n }), godebug: 'x509negativeserial=1', expect: 'ok' },
    { name: 'a negative serial number with x509negativeserial=0', der: () => d.buildCertificate(signer, { serial: -5n }), godebug: 'x509negativeserial=0', expect: 'x509: negative serial number' },
    { name: 'serial number zero', der: () => d.buildCertificate(signer, { serial: 0n }), expect: 'ok' },
    { name: 'a 40-octet serial number', der: () => d.buildCertificate(signer, { serial: 2n ** 318n + 1n }), expect: 'ok' },
    { name: 'a serial INTEGER not minimally encoded', der: () => d.buildCertificate(signer, { serial: d.intRaw([0, 1]) }), expect: 'x509: malformed serial number' },
    { name: 'an empty serial INTEGER', der: () => d.buildCertificate(signer, { serial: d.intRaw([]) }), expect: 'x509: malformed serial number' },
  ]);

  cases('signature algorithm', [
    {
      name: 'an outer algorithm different from the inner one',
      der: () => d.buildCertificate(signer, { outerSignature: d.seq(d.oid('1.2.840.10045.4.3.3')) }),
      expect: "x509: inner and outer signature algorithm identifiers don't match",
    },
    { name: 'a missing outer algorithm', der: () => d.buildCertificate(signer, { outerSignature: d.int(1) }), expect: 'x509: malformed algorithm identifier' },
    { name: 'an inner algorithm that is not a SEQUENCE', der: () => d.buildCertificate(signer, { signature: d.oid(d.OID.ecdsaWithSHA256) }), expect: 'x509: malformed signature algorithm identifier' },
    { name: 'an OID with a non-minimal arc', der: () => d.buildCertificate(signer, { signature: d.seq(d.tlv(0x06, [0x2a, 0x80, 0x01])) }), expect: 'x509: malformed OID' },
    { name: 'an empty OID', der: () => d.buildCertificate(signer, { signature: d.seq(d.tlv(0x06, [])) }), expect: 'x509: malformed OID' },
    { name: 'parameters with a multi-octet tag', der: () => d.buildCertificate(signer, { signature: d.seq(d.oid(d.OID.ecdsaWithSHA256), Buffer.from([0x1f, 0x22, 0x00])) }), expect: 'x509: malformed parameters' },
    { name: 'an unknown signature algorithm', der: () => d.buildCertificate(signer, { signature: d.seq(d.oid('1.2.3.4.5')) }), expect: 'ok' },
  ]);

  cases('names', [
    { name: 'an issuer that is a SET', der: () => d.buildCertificate(signer, { issuer: d.set() }), expect: 'x509: malformed issuer' },
    { name: 'a subject that is a SET (Go says "issuer")', der: () => d.buildCertificate(signer, { subject: d.set() }), expect: 'x509: malformed issuer' },
    { name: 'an RDN that is a SEQUENCE', der: () => d.buildCertificate(signer, { subject: d.seq(d.seq(d.seq(d.oid(d.OID.commonName), d.utf8('x')))) }), expect: 'x509: invalid RDNSequence' },
    { name: 'an attribute that is not a SEQUENCE', der: () => d.buildCertificate(signer, { subject: d.seq(d.set(d.oid(d.OID.commonName))) }), expect: 'x509: invalid RDNSequence: invalid attribute' },
    { name: 'an attribute type that is not an OID', der: () => d.buildCertificate(signer, { subject: d.seq(d.set(d.seq(d.int(3), d.utf8('x')))) }), expect: 'x509: invalid RDNSequence: invalid attribute type' },
    { name: 'an attribute without a value', der: () => d.buildCertificate(signer, { subject: d.seq(d.set(d.seq(d.oid(d.OID.commonName)))) }), expect: 'x509: invalid RDNSequence: invalid attribute value' },
    { name: 'an "@" in a PrintableString (node accepts it)', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.printable('user@example.com')]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid PrintableString' },
    { name: '"*" and "&" in a PrintableString', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.printable('*.A&B.example')]) }), expect: 'ok' },
    { name: 'invalid UTF-8', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x0c, [0xc3, 0x28])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid UTF-8 string' },
    { name: 'a UTF-8 encoded surrogate', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x0c, [0xed, 0xa0, 0x80])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid UTF-8 string' },
    { name: 'a BMPString of odd length', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x1e, [0, 0x41, 0])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid BMPString' },
    { name: 'a surrogate in a BMPString', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x1e, [0xd8, 0x00])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid BMPString' },
    { name: 'a BMPString with its terminator', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x1e, [0, 0x41, 0, 0])]) }), expect: 'ok' },
    { name: 'a non-ASCII IA5String', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x16, [0x61, 0xe9])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid IA5String' },
    { name: 'a letter in a NumericString', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x12, Buffer.from('12a'))]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: invalid NumericString' },
    { name: 'a VisibleString', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x1a, Buffer.from('abc'))]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 26' },
    { name: 'a UniversalString', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x1c, [0, 0, 0, 0x41])]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 28' },
    { name: 'an INTEGER as a value', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.int(7)]) }), expect: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 2' },
    { name: 'a T61String with Latin-1 octets', der: () => d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.tlv(0x14, [0x41, 0xe9, 0x00])]) }), expect: 'ok' },
    { name: 'an empty RDN', der: () => d.buildCertificate(signer, { subject: d.seq(d.set()) }), expect: 'ok' },
  ]);

  cases('validity', [
    { name: 'a validity that is a SET', der: () => d.buildCertificate(signer, { validityRaw: d.set(d.utcTime('230101000000Z'), d.utcTime('330101000000Z')) }), expect: 'x509: malformed validity' },
    { name: 'a UTCTime that is not a time (node prints "Bad time value")', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('hello') }), expect: 'x509: malformed UTCTime' },
    { name: 'February 30', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230230120000Z') }), expect: 'x509: malformed UTCTime' },
    { name: 'February 29 of 2050 (not a leap year)', der: () => d.buildCertificate(signer, { notAfter: d.utcTime('500229120000Z') }), expect: 'x509: malformed UTCTime' },
    { name: 'February 29 of 2000', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('000229120000Z') }), expect: 'ok' },
    { name: 'hour 24', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101240000Z') }), expect: 'x509: malformed UTCTime' },
    { name: 'second 60', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101235960Z') }), expect: 'x509: malformed UTCTime' },
    { name: 'an offset of +0000 (it formats back as Z)', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101120000+0000') }), expect: 'x509: malformed UTCTime' },
    { name: 'an offset of +0160', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101120000+0160') }), expect: 'x509: malformed UTCTime' },
    { name: 'a UTCTime without a zone', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101120000') }), expect: 'x509: malformed UTCTime' },
    { name: 'a UTCTime with an offset of +0100', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101120000+0100') }), expect: 'ok' },
    { name: 'a UTCTime with an offset of +2400', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('230101120000+2400') }), expect: 'ok' },
    { name: 'a UTCTime without seconds', der: () => d.buildCertificate(signer, { notBefore: d.utcTime('2301011200Z') }), expect: 'ok' },
    { name: 'a GeneralizedTime with fractional seconds (node accepts them)', der: () => d.buildCertificate(signer, { notBefore: d.generalizedTime('20230101120000.5Z') }), expect: 'x509: malformed GeneralizedTime' },
    { name: 'a GeneralizedTime without seconds', der: () => d.buildCertificate(signer, { notBefore: d.generalizedTime('202301011200Z') }), expect: 'x509: malformed GeneralizedTime' },
    { name: 'a GeneralizedTime in year 0', der: () => d.buildCertificate(signer, { notBefore: d.generalizedTime('00000101000000Z') }), expect: 'ok' },
    { name: 'a GeneralizedTime with an offset', der: () => d.buildCertificate(signer, { notAfter: d.generalizedTime('99991231235959-0130') }), expect: 'ok' },
    { name: 'an INTEGER as a time', der: () => d.buildCertificate(signer, { notBefore: d.int(5) }), expect: 'x509: unsupported time format' },
    { name: 'a missing notAfter', der: () => d.buildCertificate(signer, { validityRaw: d.seq(d.utcTime('230101000000Z')) }), expect: 'x509: unsupported time format' },
  ]);

  cases('subjectPublicKeyInfo', [
    { name: 'an SPKI that is a SET', der: () => d.buildCertificate(signer, { spki: d.set() }), expect: 'x509: malformed spki' },
    { name: 'an algorithm that is a SET', der: () => d.buildCertificate(signer, { spki: d.seq(d.set(), d.bitString(Buffer.from([1]))) }), expect: 'x509: malformed public key algorithm identifier' },
    { name: 'a key BIT STRING with stray padding bits', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ecPublicKey), d.oid(d.OID.p256)), d.tlv(0x03, [0x01, 0x01])) }), expect: 'x509: malformed subjectPublicKey' },
    { name: 'an unknown key algorithm (node throws on its public key)', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid('1.2.3.4')), d.bitString(Buffer.from([1, 2, 3]))) }), expect: 'ok' },
    { name: 'an X25519 key (unknown to ParseCertificate)', der: () => d.buildCertificate(signer, {}, keys.x25519), expect: 'ok' },
  ]);

  const n2048 = BigInt('0x' + Buffer.from(keys.rsa.publicKey.export({ format: 'jwk' }).n ?? '', 'base64url').toString('hex'));
  cases('RSA public keys', [
    { name: 'no NULL parameters', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(65537), []) }), expect: 'x509: RSA key missing NULL parameters' },
    { name: 'a NULL with contents', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(65537), [d.tlv(0x05, [0])]) }), expect: 'x509: RSA key missing NULL parameters' },
    { name: 'a key that is not a SEQUENCE', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.rsaEncryption), d.nul()), d.bitString(d.set())) }), expect: 'x509: invalid RSA public key' },
    { name: 'a modulus not minimally encoded', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.intRaw([0, 1]), d.int(65537)) }), expect: 'x509: invalid RSA modulus' },
    { name: 'an exponent over 8 octets', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(2n ** 64n + 1n)) }), expect: 'x509: invalid RSA public exponent' },
    { name: 'a zero modulus', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(0), d.int(65537)) }), expect: 'x509: RSA modulus is not a positive number' },
    { name: 'a negative modulus', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(-n2048), d.int(65537)) }), expect: 'x509: RSA modulus is not a positive number' },
    { name: 'a zero exponent', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(0)) }), expect: 'x509: RSA public exponent is not a positive number' },
    { name: 'a negative exponent', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(-3)) }), expect: 'x509: RSA public exponent is not a positive number' },
    { name: 'a 1-bit modulus (refused only when used)', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(1), d.int(65537)) }), expect: 'ok' },
    { name: 'an even modulus (refused only when used)', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048 + 1n), d.int(65537)) }), expect: 'ok' },
    { name: 'an even exponent (refused only when used)', der: () => d.buildCertificate(signer, { spki: d.rsaSpki(d.int(n2048), d.int(4)) }), expect: 'ok' },
    { name: 'data after the RSAPublicKey inside the BIT STRING', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.rsaEncryption), d.nul()), d.bitString(Buffer.concat([d.seq(d.int(n2048), d.int(65537)), d.int(1)]))) }), expect: 'ok' },
  ]);

  const ecPoint = point(keys.p256.publicKey);
  cases('ECDSA public keys', [
    { name: 'secp256k1 (node accepts it)', der: () => d.buildCertificate(signer, {}, keys.k1), expect: 'x509: unsupported elliptic curve' },
    { name: 'brainpoolP256r1', der: () => d.buildCertificate(signer, { spki: d.ecSpki('1.3.36.3.3.2.8.1.1.7', ecPoint) }), expect: 'x509: unsupported elliptic curve' },
    { name: 'explicit curve parameters', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ecPublicKey), d.seq(d.int(1))), d.bitString(ecPoint)) }), expect: 'x509: invalid ECDSA parameters' },
    { name: 'no curve parameters', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ecPublicKey)), d.bitString(ecPoint)) }), expect: 'x509: invalid ECDSA parameters' },
    {
      name: 'a compressed point (node accepts it)',
      der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, crypto.ECDH.convertKey(ecPoint, 'prime256v1', undefined, undefined, 'compressed') as Buffer) }),
      expect: 'ecdsa: invalid uncompressed public key',
    },
    { name: 'an empty point', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, Buffer.alloc(0)) }), expect: 'ecdsa: invalid uncompressed public key' },
    { name: 'the all-zero point', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, Buffer.concat([Buffer.from([4]), Buffer.alloc(64)])) }), expect: 'P256 point not on curve' },
    { name: 'a point one off the curve', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, Buffer.concat([ecPoint.subarray(0, 64), Buffer.from([ecPoint[64] ^ 1])])) }), expect: 'P256 point not on curve' },
    { name: 'a short point', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, ecPoint.subarray(0, 33)) }), expect: 'invalid P256 point encoding' },
    { name: 'a coordinate equal to p', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, Buffer.concat([Buffer.from([4]), fixed(P256_P, 32), ecPoint.subarray(33)])) }), expect: 'invalid P256 element encoding' },
    { name: 'a P-384 coordinate equal to p', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p384, Buffer.concat([Buffer.from([4]), fixed(P384_P, 48), Buffer.alloc(48)])) }), expect: 'invalid P384Element encoding' },
    { name: 'the all-zero P-384 point', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p384, Buffer.concat([Buffer.from([4]), Buffer.alloc(96)])) }), expect: 'P384 point not on curve' },
    { name: 'the all-zero P-224 point', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p224, Buffer.concat([Buffer.from([4]), Buffer.alloc(56)])) }), expect: 'P224 point not on curve' },
    { name: 'a P-521 point of P-256 length', der: () => d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p521, ecPoint) }), expect: 'invalid P521 point encoding' },
    { name: 'a point in a BIT STRING with unused bits', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ecPublicKey), d.oid(d.OID.p256)), d.bitString(Buffer.concat([ecPoint, Buffer.from([0])]), 2)) }), expect: 'ecdsa: invalid uncompressed public key' },
  ]);

  cases('Ed25519 and DSA public keys', [
    { name: 'Ed25519 with NULL parameters', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ed25519), d.nul()), d.bitString(Buffer.alloc(32, 1))) }), expect: 'x509: Ed25519 key encoded with illegal parameters' },
    { name: 'a 31-octet Ed25519 key', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.ed25519)), d.bitString(Buffer.alloc(31, 1))) }), expect: 'x509: wrong Ed25519 public key size' },
    { name: 'a DSA key', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.int(8))) }), expect: 'ok' },
    { name: 'a DSA key that is not an INTEGER', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.octets(Buffer.from([8])))) }), expect: 'x509: invalid DSA public key' },
    { name: 'a DSA key without parameters', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.dsa)), d.bitString(d.int(8))) }), expect: 'x509: invalid DSA parameters' },
    { name: 'a zero DSA key', der: () => d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.int(0))) }), expect: 'x509: zero or negative DSA parameter' },
  ]);

  cases('unique identifiers and the extensions field', [
    { name: 'a truncated issuerUniqueID', der: () => d.buildCertificate(signer, { tbsTrailer: Buffer.from([0x81, 0x05, 0x00]) }), expect: 'x509: malformed issuerUniqueID' },
    { name: 'a truncated subjectUniqueID', der: () => d.buildCertificate(signer, { tbsTrailer: Buffer.from([0x82, 0x05, 0x00]) }), expect: 'x509: malformed subjectUniqueID' },
    { name: 'both unique IDs, then extensions', der: () => d.buildCertificate(signer, { tbsTrailer: Buffer.concat([d.ctxPrim(1, Buffer.from([0])), d.ctxPrim(2, Buffer.from([0])), d.ctx(3, d.seq(d.basicConstraints(true)))]) }), expect: 'ok' },
    { name: 'a truncated [3]', der: () => d.buildCertificate(signer, { tbsTrailer: Buffer.from([0xa3, 0x05, 0x30]) }), expect: 'x509: malformed extensions' },
    { name: 'extensions in a SET', der: () => d.buildCertificate(signer, { tbsTrailer: d.ctx(3, d.set()) }), expect: 'x509: malformed extensions' },
    { name: 'an extension that is not a SEQUENCE', der: () => ext(d.set()), expect: 'x509: malformed extension' },
    { name: 'an extension with an empty OID', der: () => ext(d.seq(d.tlv(0x06, []), d.octets(Buffer.alloc(0)))), expect: 'x509: malformed extension OID field' },
    { name: 'critical written as 0x01 (BER true)', der: () => ext(d.seq(d.oid(d.OID.basicConstraints), d.tlv(0x01, [0x01]), d.octets(d.seq()))), expect: 'x509: malformed extension critical field' },
    { name: 'a value that is not an OCTET STRING', der: () => ext(d.seq(d.oid(d.OID.basicConstraints), d.bool(true), d.seq())), expect: 'x509: malformed extension value field' },
    { name: 'the same extension twice (node accepts it)', der: () => ext(d.basicConstraints(true), d.basicConstraints(true)), expect: 'x509: certificate contains duplicate extension with OID "2.5.29.19"' },
    { name: 'the same unknown extension twice', der: () => ext(d.extension('1.2.3.4', d.nul()), d.extension('1.2.3.4', d.nul())), expect: 'x509: certificate contains duplicate extension with OID "1.2.3.4"' },
    { name: 'critical FALSE written out', der: () => ext(d.extension(d.OID.basicConstraints, d.seq(), false)), expect: 'ok' },
    { name: 'an unknown critical extension (refused only at verification)', der: () => ext(d.extension('1.2.3.4', d.nul(), true)), expect: 'ok' },
    { name: 'extensions in a version 2 certificate (not read)', der: () => d.buildCertificate(signer, { version: 1, extensions: [d.set()] }), expect: 'ok' },
  ]);

  cases('basicConstraints and keyUsage', [
    { name: 'basicConstraints that is a SET', der: () => ext(d.extension(d.OID.basicConstraints, d.set(), true)), expect: 'x509: invalid basic constraints' },
    { name: 'a negative pathLenConstraint', der: () => ext(d.extension(d.OID.basicConstraints, d.seq(d.bool(true), d.int(-1)), true)), expect: 'x509: invalid basic constraints' },
    { name: 'cA written as 0x01', der: () => ext(d.extension(d.OID.basicConstraints, d.seq(d.tlv(0x01, [0x01])), true)), expect: 'x509: invalid basic constraints' },
    { name: 'a pathLenConstraint of 0', der: () => ext(d.extension(d.OID.basicConstraints, d.seq(d.bool(true), d.int(0)), true)), expect: 'ok' },
    { name: 'a keyUsage with 8 unused bits', der: () => ext(d.extension(d.OID.keyUsage, d.tlv(0x03, [0x08, 0x00]), true)), expect: 'x509: invalid key usage' },
    { name: 'a keyUsage that is an OCTET STRING', der: () => ext(d.extension(d.OID.keyUsage, d.octets(Buffer.from([0x86])), true)), expect: 'x509: invalid key usage' },
  ]);

  cases('subjectAltName', [
    { name: 'a SAN that is a SET', der: () => ext(d.extension(d.OID.subjectAltName, d.set())), expect: 'x509: invalid subject alternative names' },
    { name: 'a truncated name', der: () => ext(d.extension(d.OID.subjectAltName, d.seq(Buffer.from([0x82, 0x05, 0x61])))), expect: 'x509: invalid subject alternative name' },
    { name: 'a non-ASCII dNSName', der: () => san([{ dns: 'r\xe9g.example.com' }]), expect: 'x509: SAN dNSName is malformed' },
    { name: 'a non-ASCII rfc822Name', der: () => san([{ email: '\xe9@example.com' }]), expect: 'x509: SAN rfc822Name is malformed' },
    { name: 'a non-ASCII URI', der: () => san([{ uri: 'https://\xe9/' }]), expect: 'x509: SAN uniformResourceIdentifier is malformed' },
    { name: 'an IP address of 5 octets', der: () => san([{ ip: Buffer.from([1, 2, 3, 4, 5]) }]), expect: 'x509: cannot parse IP address of length 5' },
    { name: 'a URI with a space in its host', der: () => san([{ uri: 'https://a b/' }]), expect: 'x509: cannot parse URI "https://a b/": parse "https://a b/": invalid character " " in host name' },
    { name: 'a URI whose host ends in a dot', der: () => san([{ uri: 'https://reg.example.com./v2' }]), expect: 'x509: cannot parse URI "https://reg.example.com./v2": invalid domain' },
    { name: 'a URI with a bad escape', der: () => san([{ uri: 'https://a/%zz' }]), expect: 'x509: cannot parse URI "https://a/%zz": parse "https://a/%zz": invalid URL escape "%zz"' },
    { name: 'a URI with a control character', der: () => san([{ uri: 'https://a/\x01' }]), expect: 'x509: cannot parse URI "https://a/\\x01": parse "https://a/\\x01": net/url: invalid control character in URL' },
    { name: 'a URI with a colon in its first segment', der: () => san([{ uri: 'a:b' }]), expect: 'ok' },
    { name: 'a URI starting with a colon', der: () => san([{ uri: ':a' }]), expect: 'x509: cannot parse URI ":a": parse ":a": missing protocol scheme' },
    { name: 'a relative URI with a colon in its first segment', der: () => san([{ uri: '1a:b/c' }]), expect: 'x509: cannot parse URI "1a:b/c": parse "1a:b/c": first path segment in URL cannot contain colon' },
    { name: 'an http URI whose host has two colons (urlstrictcolons, Go 1.26)', der: () => san([{ uri: 'http://a:b:80/' }]), expect: 'x509: cannot parse URI "http://a:b:80/": parse "http://a:b:80/": invalid port ":b:80" after host' },
    { name: 'the same with urlstrictcolons=0', der: () => san([{ uri: 'http://a:b:80/' }]), godebug: 'urlstrictcolons=0', expect: 'ok' },
    { name: 'a SPIFFE URI', der: () => san([{ uri: 'spiffe://example.org/ns/default/sa/registry' }]), expect: 'ok' },
    { name: 'a URI with an IPv6 host', der: () => san([{ uri: 'https://[::1]:5000/v2' }]), expect: 'ok' },
    { name: 'a URI with an IPv4 literal in brackets', der: () => san([{ uri: 'https://[10.0.0.1]/' }]), expect: 'x509: cannot parse URI "https://[10.0.0.1]/": parse "https://[10.0.0.1]/": invalid IP-literal' },
    { name: 'a dNSName with a trailing dot (not checked for DNS names)', der: () => san([{ dns: 'reg.example.com.' }]), expect: 'ok' },
    { name: 'a SAN with only an otherName', der: () => ext(d.extension(d.OID.subjectAltName, d.seq(d.ctx(0, d.oid('1.2.3'), d.ctx(0, d.utf8('x')))), true)), expect: 'ok' },
  ]);

  cases('other extensions', [
    { name: 'extKeyUsage that is a SET', der: () => ext(d.extension(d.OID.extKeyUsage, d.set())), expect: 'x509: invalid extended key usages' },
    { name: 'an INTEGER in extKeyUsage', der: () => ext(d.extension(d.OID.extKeyUsage, d.seq(d.int(1)))), expect: 'x509: invalid extended key usages' },
    { name: 'empty name constraints', der: () => nameConstraints(d.seq()), expect: 'x509: empty name constraints extension' },
    { name: 'an empty permitted subtree', der: () => nameConstraints(d.seq(d.ctx(0))), expect: 'x509: empty name constraints extension' },
    { name: 'name constraints followed by data', der: () => nameConstraints(Buffer.concat([d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('example.com'))))), d.nul()])), expect: 'x509: invalid NameConstraints extension' },
    { name: 'an IP constraint of 3 octets', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(7, Buffer.from([1, 2, 3])))))), expect: 'x509: IP constraint contained value of length 3' },
    { name: 'an IP constraint with a non-contiguous mask', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(7, Buffer.from([10, 0, 0, 0, 255, 0, 255, 0])))))), expect: 'x509: IP constraint contained invalid mask ff00ff00' },
    { name: 'a DNS constraint ending in a dot', der: () => nameConstraints(d.seq(d.ctx(1, d.seq(d.ctxPrim(2, Buffer.from('example.com.')))))), expect: 'x509: failed to parse dnsName constraint "example.com."' },
    { name: 'a DNS constraint with a leading dot', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('.example.com')))))), expect: 'ok' },
    { name: 'a non-ASCII DNS constraint', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('é.example', 'utf8')))))), expect: 'x509: invalid constraint value: x509: "é.example" cannot be encoded as an IA5String' },
    { name: 'a mailbox constraint with two dots in a row', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(1, Buffer.from('a..b@example.com')))))), expect: 'x509: failed to parse rfc822Name constraint "a..b@example.com"' },
    { name: 'a mailbox constraint with two @ (the second belongs to the domain)', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(1, Buffer.from('a@@example.com')))))), expect: 'ok' },
    { name: 'a mailbox constraint', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(1, Buffer.from('"a b"@example.com')))))), expect: 'ok' },
    { name: 'a URI constraint that is an IP address', der: () => nameConstraints(d.seq(d.ctx(0, d.seq(d.ctxPrim(6, Buffer.from('10.0.0.1')))))), expect: 'x509: failed to parse URI constraint "10.0.0.1": cannot be IP address' },
    { name: 'CRL distribution points in a SET', der: () => ext(d.extension(d.OID.crlDistributionPoints, d.set())), expect: 'x509: invalid CRL distribution points' },
    { name: 'a CRL distribution point that is a SET', der: () => ext(d.extension(d.OID.crlDistributionPoints, d.seq(d.set()))), expect: 'x509: invalid CRL distribution point' },
    { name: 'a critical authority key identifier', der: () => ext(d.extension(d.OID.authorityKeyId, d.seq(), true)), expect: 'x509: authority key identifier incorrectly marked critical' },
    { name: 'an authority key identifier that is a SET', der: () => ext(d.extension(d.OID.authorityKeyId, d.set())), expect: 'x509: invalid authority key identifier' },
    { name: 'a critical subject key identifier', der: () => ext(d.extension(d.OID.subjectKeyId, d.octets(Buffer.from([1])), true)), expect: 'x509: subject key identifier incorrectly marked critical' },
    { name: 'a subject key identifier that is an INTEGER', der: () => ext(d.extension(d.OID.subjectKeyId, d.int(1))), expect: 'x509: invalid subject key identifier' },
    { name: 'the same policy twice', der: () => ext(d.extension(d.OID.certificatePolicies, d.seq(d.seq(d.oid('2.5.29.32.0')), d.seq(d.oid('2.5.29.32.0'))))), expect: 'x509: invalid certificate policies' },
    { name: 'a policy constraint not minimally encoded', der: () => ext(d.extension(d.OID.policyConstraints, d.seq(d.ctxPrim(0, Buffer.from([0, 1]))))), expect: 'x509: invalid policy constraints extension' },
    { name: 'a policy mapping with one OID', der: () => ext(d.extension(d.OID.policyMappings, d.seq(d.seq(d.oid('1.2.3'))))), expect: 'x509: invalid policy mappings extension' },
    { name: 'inhibitAnyPolicy that is not an INTEGER', der: () => ext(d.extension(d.OID.inhibitAnyPolicy, d.octets(Buffer.from([1])))), expect: 'x509: invalid inhibit any policy extension' },
    { name: 'a critical authority info access', der: () => ext(d.extension(d.OID.authorityInfoAccess, d.seq(), true)), expect: 'x509: authority info access incorrectly marked critical' },
    { name: 'an authority info access without a method', der: () => ext(d.extension(d.OID.authorityInfoAccess, d.seq(d.seq(d.int(1))))), expect: 'x509: invalid authority info access' },
  ]);

  describe('what the rules read from an accepted certificate', () => {
    function facts(der: Buffer) {
      const r = parseCertificate(der);
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.value;
    }

    it('reads a time with an offset as the instant it names', () => {
      assert.equal(facts(d.buildCertificate(signer, { notBefore: d.utcTime('230101120000+0100') })).notBefore.toISOString(), '2023-01-01T11:00:00.000Z');
    });

    it('reads UTCTime 50 as 1950 and 49 as 2049', () => {
      const c = facts(d.buildCertificate(signer, { notBefore: d.utcTime('500101000000Z'), notAfter: d.utcTime('491231235959Z') }));
      assert.equal(c.notBefore.toISOString(), '1950-01-01T00:00:00.000Z');
      assert.equal(c.notAfter.toISOString(), '2049-12-31T23:59:59.000Z');
    });

    it('gives year 0 a printable date', () => {
      assert.equal(facts(d.buildCertificate(signer, { notBefore: d.generalizedTime('00000101000000Z') })).notBefore.toISOString(), '0000-01-01T00:00:00.000Z');
    });

    it('ignores basicConstraints in a version 1 certificate, where node sees a CA', () => {
      const der = d.buildCertificate(signer, { version: null, extensions: [d.basicConstraints(true)] });
      assert.equal(new crypto.X509Certificate(der).ca, true);
      assert.equal(facts(der).isCA, false);
    });

    it('prints an IPv4-mapped IPv6 SAN the way Go does', () => {
      assert.deepEqual(facts(san([{ dns: 'reg.example.com' }, { ip: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1]) }, { uri: 'spiffe://x/y' }])).sans, ['reg.example.com', '10.0.0.1']);
    });

    it('keeps the last common name, as pkix.Name does', () => {
      assert.equal(facts(d.buildCertificate(signer, { subject: d.name([d.OID.commonName, d.utf8('first')], [d.OID.commonName, d.utf8('last')]) })).commonName, 'last');
    });

    it('names a public key Go does not parse', () => {
      assert.deepEqual(facts(d.buildCertificate(signer, {}, keys.x25519)).publicKey, { type: 'x25519', bits: undefined, curve: undefined });
      assert.deepEqual(facts(d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid('1.2.3.4')), d.bitString(Buffer.from([1]))) })).publicKey, { type: 'unknown', bits: undefined, curve: undefined });
    });

    it('renders names as node does', () => {
      const values = [' lead', 'trail ', '#hash', 'a#b', 'a,b+c"d\\e<f>g;h=i/j', 'ctl\x01\x7f', 'é 日本', 'tab\tx'];
      for (const v of values) {
        const der = d.buildCertificate(signer, { subject: d.seq(d.set(d.seq(d.oid(d.OID.commonName), d.utf8(v)), d.seq(d.oid(d.OID.organization), d.utf8('O'))), d.set(d.seq(d.oid('2.5.4.6'), d.printable('DE')))) });
        assert.equal(facts(der).subject, new crypto.X509Certificate(der).subject, JSON.stringify(v));
      }
    });

    it('asks node for attribute types it has no name for', () => {
      const der = d.buildCertificate(signer, { subject: d.name(['2.5.4.99', d.utf8('v')], ['1.2.3.4', d.utf8('w')]) });
      assert.equal(facts(der).subject, new crypto.X509Certificate(der).subject);
    });

    it('answers hovers for a certificate node cannot read', () => {
      const der = d.buildCertificate(signer, { certTrailer: d.int(5), serial: 0x0123n });
      assert.throws(() => new crypto.X509Certificate(der));
      const c = facts(der);
      assert.equal(c.x509.serialNumber, '0123');
      assert.match(c.x509.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.throws(() => c.x509.publicKey);
    });
  });

  describe('inputs that used to crash the check', () => {
    const makeTree = tempTrees();

    it('gives finding-ready errors for a date node cannot print and a key node cannot decode', () => {
      const badDate = d.buildCertificate(signer, { notBefore: d.utcTime('230230120000Z') });
      const badPoint = d.buildCertificate(signer, { spki: d.ecSpki(d.OID.p256, Buffer.concat([Buffer.from([4]), Buffer.alloc(64)])) });
      const unknownKey = d.buildCertificate(signer, { spki: d.seq(d.seq(d.oid('1.2.3.4')), d.bitString(Buffer.from([1]))) });
      assert.deepEqual(parseCertificate(badDate), { ok: false, error: 'x509: malformed UTCTime' });
      assert.deepEqual(parseCertificate(badPoint), { ok: false, error: 'P256 point not on curve' });
      const roots = makeTree(
        certsd({
          [REGISTRY]: {
            'bad-date.crt': d.pem('CERTIFICATE', badDate),
            'bad-point.crt': d.pem('CERTIFICATE', badPoint),
            'unknown.crt': d.pem('CERTIFICATE', unknownKey),
          },
        }),
      );
      for (const engine of ['docker', 'podman'] as const) {
        assert.equal(loadOf(runCheck(roots.path('certs.d'), { engine }), REGISTRY).caRoots, 1, engine);
      }
      const pair = makeTree(
        certsd({ [REGISTRY]: { 'client.cert': d.pem('CERTIFICATE', unknownKey), 'client.key': keys.p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } }),
      );
      assert.equal(loadOf(runCheck(pair.path('certs.d'), { engine: 'docker' }), REGISTRY).error, 'tls: unknown public key algorithm');
    });
  });
});
