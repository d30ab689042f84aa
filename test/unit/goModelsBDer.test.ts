/**
 * go/der.ts, the lenient DER peeking that never decides acceptance (signature algorithm names, key
 * types, sizes and curves for messages). The expected values follow its doc comments and the
 * ASN.1 of X.509 (RFC 5280), PKCS#1 (RFC 8017), PKCS#8 (RFC 5208) and SEC1 (RFC 5915): each
 * structure below is built by hand with one thing wrong or unusual, and a well-formed twin reads.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { certificatePublicKey, certificateSignatureOid, privateKeyDetails, privateKeyShape } from '../../server/src/core/go/der';
import * as d from '../helpers/der';

const P256_POINT = Buffer.concat([Buffer.from([0x04]), Buffer.alloc(64, 1)]);
const ecAlg = (curve: Buffer = d.oid(d.OID.p256)) => d.seq(d.oid(d.OID.ecPublicKey), curve);

/** A certificate's shape (no valid signature: der.ts does not look at it) around `spki`. */
function certWith(spki: Buffer, o: { v1?: boolean; top?: number; tbsTag?: number; sigAlg?: Buffer } = {}): Buffer {
  const tbsFields = [
    ...(o.v1 ? [] : [d.ctx(0, d.int(2))]),
    d.int(1),
    d.seq(d.oid(d.OID.ecdsaWithSHA256)),
    d.cn('x'),
    d.seq(d.utcTime('250101000000Z'), d.utcTime('350101000000Z')),
    d.cn('x'),
    spki,
  ];
  return d.tlv(o.top ?? 0x30, d.tlv(o.tbsTag ?? 0x30, ...tbsFields), o.sigAlg ?? d.seq(d.oid(d.OID.ecdsaWithSHA256)), d.bitString(Buffer.alloc(8)));
}

const P256 = { type: 'ec', curve: 'prime256v1' };

describe('certificatePublicKey (go/der.ts)', () => {
  it('reads the key of a v3 and of a v1 certificate (no [0] version: SPKI is the sixth field, not the seventh)', () => {
    assert.deepStrictEqual(certificatePublicKey(certWith(d.ecSpki(d.OID.p256, P256_POINT))), P256);
    assert.deepStrictEqual(certificatePublicKey(certWith(d.ecSpki(d.OID.p256, P256_POINT), { v1: true })), P256);
  });

  it('reads nothing where the Certificate, the TBSCertificate or the SPKI is not a SEQUENCE, or the TBSCertificate is empty', () => {
    const spki = d.ecSpki(d.OID.p256, P256_POINT);
    assert.deepStrictEqual(
      [
        certificatePublicKey(certWith(spki, { top: 0x31 })),
        certificatePublicKey(certWith(spki, { tbsTag: 0x31 })),
        certificatePublicKey(certWith(d.set(ecAlg(), d.bitString(P256_POINT)))),
        certificatePublicKey(d.seq(d.seq(), d.seq(d.oid(d.OID.ecdsaWithSHA256)))),
      ],
      [undefined, undefined, undefined, undefined],
    );
  });

  it('reads nothing where the algorithm is not a SEQUENCE, the key not a BIT STRING or the algorithm has no OID first', () => {
    assert.deepStrictEqual(
      [
        certificatePublicKey(certWith(d.seq(d.set(d.oid(d.OID.ecPublicKey), d.oid(d.OID.p256)), d.bitString(P256_POINT)))),
        certificatePublicKey(certWith(d.seq(ecAlg(), d.octets(P256_POINT)))),
        certificatePublicKey(certWith(d.seq(ecAlg()))),
        certificatePublicKey(certWith(d.seq(d.seq(d.octets(d.oidBytes(d.OID.ecPublicKey)), d.oid(d.OID.p256)), d.bitString(P256_POINT)))),
      ],
      [undefined, undefined, undefined, undefined],
    );
  });

  it('reads an EC curve only from an OID, and none Go and node do not name', () => {
    assert.deepStrictEqual(
      [
        certificatePublicKey(certWith(d.seq(ecAlg(d.octets(d.oidBytes(d.OID.p256))), d.bitString(P256_POINT)))),
        certificatePublicKey(certWith(d.seq(ecAlg(d.nul()), d.bitString(P256_POINT)))),
        certificatePublicKey(certWith(d.ecSpki('1.2.3.4', P256_POINT))),
        certificatePublicKey(certWith(d.ecSpki(d.OID.secp256k1, P256_POINT))),
      ],
      [undefined, undefined, undefined, { type: 'ec', curve: 'secp256k1' }],
    );
  });

  it('counts the bits of an RSA modulus from its first non-zero octet, and reads nothing from a modulus that is no INTEGER', () => {
    const rsa = (modulus: Buffer, wrap = d.seq) => certWith(d.seq(d.seq(d.oid(d.OID.rsaEncryption), d.nul()), d.bitString(wrap(modulus, d.int(65537)))));
    assert.deepStrictEqual(
      [
        certificatePublicKey(rsa(d.intRaw([0x00, 0x00, 0x01]))),
        certificatePublicKey(rsa(d.intRaw([0x00, 0x01, 0xff]))),
        certificatePublicKey(rsa(d.intRaw([0x7f, 0xff]))),
        certificatePublicKey(rsa(d.intRaw([0x00]))),
        certificatePublicKey(rsa(d.octets(Buffer.from([0x01, 0xff])))),
        certificatePublicKey(rsa(d.intRaw([0x01, 0xff]), d.set)),
      ],
      [{ type: 'rsa', bits: 1 }, { type: 'rsa', bits: 9 }, { type: 'rsa', bits: 15 }, { type: 'rsa', bits: 0 }, undefined, undefined],
    );
  });

  it('names the other key types by OID and reads nothing for an unknown one', () => {
    const other = (o: string) => certificatePublicKey(certWith(d.seq(d.seq(d.oid(o)), d.bitString(Buffer.alloc(32)))));
    assert.deepStrictEqual([other(d.OID.ed25519), other(d.OID.x25519), other(d.OID.dsa), other('1.2.3.4')], [{ type: 'ed25519' }, { type: 'x25519' }, { type: 'dsa' }, undefined]);
  });
});

describe('certificateSignatureOid (go/der.ts)', () => {
  it("reads Certificate.signatureAlgorithm's OID, a first arc of 2 with a second arc of 40 or more included", () => {
    const spki = d.ecSpki(d.OID.p256, P256_POINT);
    assert.deepStrictEqual(
      [
        certificateSignatureOid(certWith(spki)),
        certificateSignatureOid(certWith(spki, { sigAlg: d.seq(d.oid(d.OID.sha256WithRSA), d.nul()) })),
        certificateSignatureOid(certWith(spki, { sigAlg: d.seq(d.oid('2.999.3')) })),
        certificateSignatureOid(certWith(spki, { sigAlg: d.seq(d.oid('1.39.3')) })),
      ],
      [d.OID.ecdsaWithSHA256, d.OID.sha256WithRSA, '2.999.3', '1.39.3'],
    );
  });

  it('reads nothing from what is not a certificate', () => {
    const spki = d.ecSpki(d.OID.p256, P256_POINT);
    assert.deepStrictEqual(
      [
        certificateSignatureOid(certWith(spki, { top: 0x31 })),
        certificateSignatureOid(certWith(spki, { sigAlg: d.set(d.oid(d.OID.sha256WithRSA)) })),
        certificateSignatureOid(certWith(spki, { sigAlg: d.seq(d.octets(d.oidBytes(d.OID.sha256WithRSA))) })),
        certificateSignatureOid(certWith(spki, { sigAlg: d.seq() })),
        certificateSignatureOid(d.seq(d.seq())),
        certificateSignatureOid(Buffer.alloc(0)),
      ],
      [undefined, undefined, undefined, undefined, undefined, undefined],
    );
  });
});

describe('privateKeyShape (go/der.ts)', () => {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

  it("tells node's PKCS#1, PKCS#8 and SEC1 exports apart", () => {
    assert.deepStrictEqual(
      [
        privateKeyShape(rsa.export({ type: 'pkcs1', format: 'der' })),
        privateKeyShape(rsa.export({ type: 'pkcs8', format: 'der' })),
        privateKeyShape(ec.export({ type: 'sec1', format: 'der' })),
        privateKeyShape(ec.export({ type: 'pkcs8', format: 'der' })),
      ],
      [{ format: 'pkcs1' }, { format: 'pkcs8', algorithmOid: d.OID.rsaEncryption }, { format: 'sec1' }, { format: 'pkcs8', algorithmOid: d.OID.ecPublicKey }],
    );
  });

  it('reads lengths leniently: an empty last element, non-minimal lengths of up to four octets', () => {
    const sec1 = { format: 'sec1' };
    assert.deepStrictEqual(
      [
        privateKeyShape(d.seq(d.int(1), d.octets(Buffer.alloc(0)))),
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x81, 0x00]))),
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x84, 0x00, 0x00, 0x00, 0x00]))),
      ],
      [sec1, sec1, sec1],
    );
  });

  it('reads nothing from an element it cannot read: indefinite, five length octets, length octets or contents past the end', () => {
    const unknown = { format: 'unknown' };
    assert.deepStrictEqual(
      [
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x80]))),
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x00]))),
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x82]))),
        privateKeyShape(d.seq(d.int(1), Buffer.from([0x04, 0x05, 0xaa]))),
        privateKeyShape(Buffer.from([0x30])),
      ],
      [unknown, unknown, unknown, unknown, unknown],
    );
  });

  it('reads nothing from a wrong outer shape: not a SEQUENCE, trailing bytes, no INTEGER version, one element, an unknown second one', () => {
    const unknown = { format: 'unknown' };
    assert.deepStrictEqual(
      [
        privateKeyShape(d.set(d.int(0), d.int(5))),
        privateKeyShape(Buffer.concat([d.seq(d.int(0), d.int(5)), Buffer.from([0x00])])),
        privateKeyShape(d.seq(d.octets(Buffer.from([0])), d.int(5))),
        privateKeyShape(d.seq(d.int(0))),
        privateKeyShape(d.seq(d.int(0), d.nul())),
        privateKeyShape(d.seq(d.int(0), d.seq(d.nul()), d.octets(Buffer.alloc(1)))),
        privateKeyShape(d.seq(d.int(0), d.seq(), d.octets(Buffer.alloc(1)))),
      ],
      [unknown, unknown, unknown, unknown, unknown, unknown, unknown],
    );
  });
});

describe('privateKeyDetails (go/der.ts) on built keys', () => {
  const rsaPkcs1 = (modulus: Buffer) => d.seq(d.int(0), modulus, d.int(65537), d.int(1), d.int(1), d.int(1));
  const p256Oid = d.oid(d.OID.p256);

  it('reads RSA sizes from PKCS#1 and PKCS#8, nothing from a zero or non-INTEGER modulus or a key that is not wrapped as it should be', () => {
    const pkcs8 = (inner: Buffer, tag = 0x04) => d.seq(d.int(0), d.seq(d.oid(d.OID.rsaEncryption), d.nul()), d.tlv(tag, inner));
    assert.deepStrictEqual(
      [
        privateKeyDetails(rsaPkcs1(d.intRaw([0x00, 0x01, 0xff]))),
        privateKeyDetails(pkcs8(rsaPkcs1(d.intRaw([0x01, 0xff])))),
        privateKeyDetails(rsaPkcs1(d.intRaw([0x00]))),
        privateKeyDetails(pkcs8(d.seq(d.int(0), d.octets(Buffer.from([1, 0xff]))))),
        privateKeyDetails(pkcs8(rsaPkcs1(d.intRaw([0x01, 0xff])), 0x03)),
        privateKeyDetails(pkcs8(d.set(d.int(0), d.intRaw([0x01, 0xff])))),
        privateKeyDetails(d.seq(d.int(0), d.seq(d.oid(d.OID.rsaEncryption)))),
      ],
      [{ type: 'rsa', bits: 9 }, { type: 'rsa', bits: 9 }, undefined, undefined, undefined, undefined, undefined],
    );
  });

  it('reads an EC curve from PKCS#8 parameters and from SEC1 [0] only when it is an OID', () => {
    const pkcs8 = (params: Buffer) => d.seq(d.int(0), d.seq(d.oid(d.OID.ecPublicKey), params), d.octets(Buffer.alloc(1)));
    const sec1 = (...rest: Buffer[]) => d.seq(d.int(1), d.octets(Buffer.alloc(32)), ...rest);
    assert.deepStrictEqual(
      [
        privateKeyDetails(pkcs8(p256Oid)),
        privateKeyDetails(pkcs8(d.octets(d.oidBytes(d.OID.p256)))),
        privateKeyDetails(sec1(d.ctx(0, p256Oid))),
        privateKeyDetails(sec1(d.ctx(1, d.bitString(P256_POINT)), d.ctx(0, p256Oid))),
        privateKeyDetails(sec1(d.ctx(0, d.octets(d.oidBytes(d.OID.p256))))),
        privateKeyDetails(sec1()),
        // Only the first four elements are looked at.
        privateKeyDetails(sec1(d.nul(), d.nul(), d.ctx(0, p256Oid))),
      ],
      [P256, undefined, P256, P256, undefined, undefined, undefined],
    );
  });

  it('reads nothing where the algorithm identifier has no OID, the second element is neither INTEGER, SEQUENCE nor OCTET STRING, or there is none', () => {
    assert.deepStrictEqual(
      [
        privateKeyDetails(d.seq(d.int(0), d.seq(d.octets(d.oidBytes(d.OID.ed25519))), d.octets(Buffer.alloc(34)))),
        privateKeyDetails(d.seq(d.int(0), d.seq(d.oid(d.OID.ed25519)), d.octets(Buffer.alloc(34)))),
        privateKeyDetails(d.seq(d.int(1), d.nul(), d.ctx(0, p256Oid))),
        privateKeyDetails(d.seq(d.int(1))),
        privateKeyDetails(d.set(d.int(1), d.octets(Buffer.alloc(32)), d.ctx(0, p256Oid))),
      ],
      [undefined, { type: 'ed25519' }, undefined, undefined, undefined],
    );
  });
});
