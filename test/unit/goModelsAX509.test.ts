/**
 * server/src/core/go/x509.ts: what certsd keeps of Go's parse (CertFacts), the stand-in for a
 * certificate node:crypto cannot read, net.ParseIP / IP.String / IP.Equal, and the last step of
 * tls.X509KeyPair. Addresses were checked against Go 1.26's net.ParseIP (IP_CASES_A); node's own
 * X509Certificate is the reference for what the stand-in imitates. The addresses are recorded
 * for the conformance suite's re-check against real Go (test/helpers/goVectors.ts).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { goDefaults, parseGodebug } from '../../server/src/core/go/godebug';
import { curveName, goParseIP, ipEqual, ipString, keyMatchesCertificate, parseCertificate, parsePrivateKey, privateKeyAttempts } from '../../server/src/core/go/x509';
import * as d from '../helpers/der';
import { build, caExtensions, ekuExtension, NOT_AFTER, NOT_BEFORE, p256, rsa2048 } from '../helpers/goModelsA';
import { IP_CASES_A } from '../helpers/goModelsAVerifyCases';
import { recordGoVector } from '../helpers/goVectors';

function facts(der: Buffer, godebug = '') {
  const r = parseCertificate(der, parseGodebug(godebug, goDefaults('1.26')));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A version 1 certificate with data after subjectPublicKeyInfo: Go stops reading there, OpenSSL refuses it. */
function nodeUnreadable(o: { serial?: bigint; subject?: d.Der; issuer?: d.Der } = {}): Buffer {
  return d.buildCertificate(p256(1), { version: null, serial: o.serial, subject: o.subject, issuer: o.issuer, tbsTrailer: d.nul(), notBefore: d.utcTime(NOT_BEFORE), notAfter: d.utcTime(NOT_AFTER) });
}

function nodeReads(der: Buffer): boolean {
  try {
    new crypto.X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

const spkiOf = (k: crypto.KeyObject) => k.export({ type: 'spki', format: 'der' });
const pkcs8Of = (k: crypto.KeyObject) => k.export({ type: 'pkcs8', format: 'der' });

describe('net.ParseIP and IP.String (goModelsA)', () => {
  for (const [text, expect] of IP_CASES_A) {
    it(`${JSON.stringify(text)} -> ${expect}`, () => {
      recordGoVector({ name: `goModelsA: ParseIP ${JSON.stringify(text)}`, kind: 'parseip', text, expect });
      const ip = goParseIP(text);
      assert.equal(ip === undefined ? 'nil' : ipString(ip), expect);
      if (ip) assert.equal(ip.length, 16, 'ParseIP gives the 16-byte form');
    });
  }

  it('prints a 4-byte address dotted, and a 16-byte one IPv4-mapped only with ::ffff: in front', () => {
    assert.deepStrictEqual(
      [Uint8Array.of(192, 0, 2, 1), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 192, 0, 2, 1), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 192, 0, 2, 1), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 192, 0, 2, 1)].map(ipString),
      ['192.0.2.1', '192.0.2.1', '::fffe:c000:201', '::1:ffff:c000:201', '::ff:c000:201'],
    );
  });

  it('IP.Equal: an IPv4 address equals its mapped form, and nothing else', () => {
    const v4 = Uint8Array.of(10, 0, 0, 1);
    assert.deepStrictEqual(
      [
        ipEqual(v4, goParseIP('10.0.0.1')!),
        ipEqual(goParseIP('::ffff:10.0.0.1')!, v4),
        ipEqual(v4, Uint8Array.of(10, 0, 0, 1)),
        ipEqual(v4, Uint8Array.of(10, 0, 0, 2)),
        ipEqual(goParseIP('::a00:1')!, v4),
        ipEqual(goParseIP('2001:db8::1')!, goParseIP('2001:db8::1')!),
        ipEqual(goParseIP('2001:db8::1')!, goParseIP('2001:db8::2')!),
      ],
      [true, true, true, false, false, true, false],
    );
  });
});

describe('CertFacts from Go\'s parse (goModelsA)', () => {
  it('keeps the host names and addresses of the SANs in order, leaving out email and URI names', () => {
    const der = build({
      signer: p256(1),
      subject: 'facts',
      issuer: 'facts',
      extensions: [d.sanExtension([{ email: 'a@facts.test' }, { dns: 'b.facts.test' }, { ip: Uint8Array.of(10, 0, 0, 1) }, { uri: 'https://facts.test/x' }, { dns: 'a.facts.test' }, { ip: goParseIP('2001:db8::1')! }])],
    });
    const f = facts(der);
    assert.deepStrictEqual(
      { sans: f.sans, dnsNames: f.dnsNames, ipAddresses: f.ipAddresses.map((b) => Buffer.from(b).toString('hex')) },
      { sans: ['b.facts.test', '10.0.0.1', 'a.facts.test', '2001:db8::1'], dnsNames: ['b.facts.test', 'a.facts.test'], ipAddresses: ['0a000001', '20010db8000000000000000000000001'] },
    );
  });

  it('without a SAN extension: sans undefined, no DNS names or addresses, extended key usage undefined', () => {
    const f = facts(build({ signer: p256(1), subject: 'facts', issuer: 'facts' }));
    assert.deepStrictEqual({ sans: f.sans, dnsNames: f.dnsNames, ipAddresses: f.ipAddresses, extKeyUsage: f.extKeyUsage, isCA: f.isCA }, { sans: undefined, dnsNames: [], ipAddresses: [], extKeyUsage: undefined, isCA: false });
  });

  it('a CA issued by another name: isCA, not self-issued, dates, the last CN, extended key usages as listed', () => {
    const f = facts(
      build({
        signer: p256(1),
        subject: d.name([d.OID.commonName, d.utf8('first')], [d.OID.organization, d.utf8('Org')], [d.OID.commonName, d.utf8('last')]),
        issuer: 'Facts Issuer',
        extensions: [...caExtensions(), ekuExtension(d.OID.clientAuth, '1.2.3.4')],
        notBefore: '250102030405Z',
        notAfter: '270102030405Z',
      }),
    );
    assert.deepStrictEqual(
      { subject: f.subject, issuer: f.issuer, commonName: f.commonName, isCA: f.isCA, selfIssued: f.selfIssued, notBefore: f.notBefore.toISOString(), notAfter: f.notAfter.toISOString(), extKeyUsage: f.extKeyUsage },
      { subject: 'CN=first\nO=Org\nCN=last', issuer: 'CN=Facts Issuer', commonName: 'last', isCA: true, selfIssued: false, notBefore: '2025-01-02T03:04:05.000Z', notAfter: '2027-01-02T03:04:05.000Z', extKeyUsage: [d.OID.clientAuth, '1.2.3.4'] },
    );
  });

  it('names each key type as node does, with the RSA size and the EC curve', () => {
    const spki = (k: crypto.KeyObject) => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: spkiOf(k) });
    const unknown = (oid: string) => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(oid)), d.bitString(Buffer.from([1, 2, 3]))) });
    const got = [
      spki(rsa2048().publicKey),
      spki(p256(2).publicKey),
      spki(crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey),
      spki(crypto.generateKeyPairSync('ed25519').publicKey),
      spki(crypto.generateKeyPairSync('x25519').publicKey),
      spki(crypto.generateKeyPairSync('x448').publicKey),
      spki(crypto.generateKeyPairSync('ed448').publicKey),
      unknown('1.2.840.113549.1.1.10'),
      unknown('1.2.3.4'),
    ].map((der) => facts(der).publicKey);
    assert.deepStrictEqual(got, [
      { type: 'rsa', bits: 2048, curve: undefined },
      { type: 'ec', bits: undefined, curve: 'prime256v1' },
      { type: 'ec', bits: undefined, curve: 'secp384r1' },
      { type: 'ed25519', bits: undefined, curve: undefined },
      { type: 'x25519', bits: undefined, curve: undefined },
      { type: 'x448', bits: undefined, curve: undefined },
      { type: 'ed448', bits: undefined, curve: undefined },
      { type: 'rsa-pss', bits: undefined, curve: undefined },
      { type: 'unknown', bits: undefined, curve: undefined },
    ]);
  });

  it('names the signature algorithm, or gives its OID and no hash when the table lacks it', () => {
    const f = facts(build({ signer: p256(1), subject: 's', issuer: 's', signature: d.seq(d.oid('1.2.3.4')) }));
    assert.deepStrictEqual({ oid: f.signatureOid, name: f.signatureName, hash: f.signatureHash }, { oid: '1.2.3.4', name: '1.2.3.4', hash: '' });
    const ec = facts(build({ signer: p256(1), subject: 's', issuer: 's' }));
    assert.deepStrictEqual({ oid: ec.signatureOid, name: ec.signatureName, hash: ec.signatureHash }, { oid: '1.2.840.10045.4.3.2', name: 'ecdsa-with-SHA256', hash: 'SHA-256' });
  });

  it('renders a name with an attribute type it has no name for as node does', () => {
    const subject = d.name([d.OID.commonName, d.utf8('s')], ['1.2.3.4', d.utf8('odd')]);
    const issuer = d.name(['1.2.3.5', d.utf8('other')]);
    const der = build({ signer: p256(1), subject, issuer });
    const node = new crypto.X509Certificate(der);
    const f = facts(der);
    assert.deepStrictEqual({ subject: f.subject, issuer: f.issuer, selfIssued: f.selfIssued }, { subject: node.subject, issuer: node.issuer, selfIssued: false });
  });

  it('renders such a name with the dotted OID when node cannot read the certificate', () => {
    const f = facts(nodeUnreadable({ subject: d.name(['1.2.3.4', d.utf8('odd')]), issuer: d.name(['1.2.3.4', d.utf8('odd')]) }));
    assert.deepStrictEqual({ subject: f.subject, issuer: f.issuer, selfIssued: f.selfIssued }, { subject: '1.2.3.4=odd', issuer: '1.2.3.4=odd', selfIssued: true });
  });

  it('gives node\'s own X509Certificate when node reads the certificate', () => {
    const der = build({ signer: p256(1), subject: 'n', issuer: 'n' });
    const view = facts(der).x509;
    assert.equal(view instanceof crypto.X509Certificate, true);
    assert.equal(view.fingerprint256, new crypto.X509Certificate(der).fingerprint256);
  });
});

describe('the stand-in for a certificate node cannot read (goModelsA)', () => {
  for (const serial of [0x1234567n, 0n, 0x80n, 0x123n, -1n, -0x80n, -0x81n, -0x123n]) {
    it(`prints serial ${serial} as node prints it`, () => {
      // The reference: node's X509Certificate for a certificate with the same serial that it can read.
      const readable = new crypto.X509Certificate(build({ signer: p256(1), subject: 's', issuer: 's', serial }));
      assert.equal(facts(nodeUnreadable({ serial }), 'x509negativeserial=1').x509.serialNumber, readable.serialNumber);
    });
  }

  it('answers from the DER: fingerprint, raw bytes, PEM; it cannot give a key, verify or match one', () => {
    const der = nodeUnreadable();
    assert.equal(nodeReads(der), false, 'the premise: node cannot read it');
    const view = facts(der).x509;
    const fingerprint = crypto.createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    assert.deepStrictEqual(
      { fingerprint: view.fingerprint256, raw: view.raw, pem: view.toString(), verify: view.verify(p256(1).publicKey), checkPrivateKey: view.checkPrivateKey(p256(1).privateKey) },
      { fingerprint, raw: der, pem: d.pem('CERTIFICATE', der), verify: false, checkPrivateKey: false },
    );
    assert.throws(() => view.publicKey, { message: 'node:crypto cannot read this certificate (Go can)' });
  });

  it('is made once per certificate', () => {
    const f = facts(nodeUnreadable());
    assert.equal(f.x509, f.x509);
  });
});

describe('tls.X509KeyPair: does the key belong to the certificate (goModelsA)', () => {
  const cert = (k: crypto.KeyObject) => facts(build({ signer: p256(1), subject: 'kp', issuer: 'kp', spki: spkiOf(k) }));
  const key = (der: Buffer) => {
    const r = parsePrivateKey(der);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const MISMATCH = 'tls: private key does not match public key';
  const TYPE = 'tls: private key type does not match public key type';
  const UNKNOWN = 'tls: unknown public key algorithm';

  it('answers for each kind of certificate key and private key', () => {
    const rsa = rsa2048();
    const rsaOther = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ec = p256(2);
    const ec384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const ed = crypto.generateKeyPairSync('ed25519');
    const edOther = crypto.generateKeyPairSync('ed25519');
    const x = crypto.generateKeyPairSync('x25519');
    const table: [crypto.KeyObject, crypto.KeyObject, string | undefined][] = [
      [rsa.publicKey, rsa.privateKey, undefined],
      [rsa.publicKey, rsaOther.privateKey, MISMATCH],
      [rsa.publicKey, ec.privateKey, TYPE],
      [ec.publicKey, ec.privateKey, undefined],
      [ec.publicKey, p256(3).privateKey, MISMATCH],
      [ec.publicKey, ec384.privateKey, MISMATCH],
      [ec.publicKey, ed.privateKey, TYPE],
      [ed.publicKey, ed.privateKey, undefined],
      [ed.publicKey, edOther.privateKey, MISMATCH],
      [ed.publicKey, rsa.privateKey, TYPE],
      [x.publicKey, ed.privateKey, UNKNOWN],
    ];
    assert.deepStrictEqual(
      table.map(([pub, priv]) => keyMatchesCertificate(cert(pub), key(pkcs8Of(priv)))),
      table.map((row) => row[2]),
    );
  });

  it('compares the RSA exponent too (rsa.PublicKey.Equal): the same modulus with another exponent does not match', () => {
    const c = d.rsaComponents(rsa2048().privateKey);
    // Another valid key on the same primes: e = 65539 (odd, and prime to p-1 and q-1 for almost every key).
    const phi = (c.p - 1n) * (c.q - 1n);
    let e = 65539n;
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    while (gcd(e, phi) !== 1n) e += 2n;
    const inv = (a: bigint, m: bigint) => {
      let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
      while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
      }
      return ((s0 % m) + m) % m;
    };
    const dd = inv(e, phi);
    const other = d.pkcs1Key({ ...c, e, d: dd, dp: dd % (c.p - 1n), dq: dd % (c.q - 1n), qi: inv(c.q, c.p) });
    assert.equal(keyMatchesCertificate(cert(rsa2048().publicKey), key(other)), MISMATCH);
    assert.equal(keyMatchesCertificate(cert(rsa2048().publicKey), key(d.pkcs1Key(c))), undefined);
  });

  it('keeps what Go read of a private key, and node\'s KeyObject when node reads it (once)', () => {
    const rsaKey = key(rsa2048().privateKey.export({ type: 'pkcs1', format: 'der' }));
    const ecKey = key(p256(2).privateKey.export({ type: 'sec1', format: 'der' }));
    const edKey = key(pkcs8Of(crypto.generateKeyPairSync('ed25519').privateKey));
    assert.deepStrictEqual(
      [rsaKey, ecKey, edKey].map((k) => ({ type: k.type, bits: k.bits, curve: k.curve, format: k.format, node: k.key?.asymmetricKeyType })),
      [
        { type: 'rsa', bits: 2048, curve: undefined, format: 'PKCS#1', node: 'rsa' },
        { type: 'ec', bits: undefined, curve: 'prime256v1', format: 'SEC1', node: 'ec' },
        { type: 'ed25519', bits: undefined, curve: undefined, format: 'PKCS#8', node: 'ed25519' },
      ],
    );
    assert.equal(rsaKey.key, rsaKey.key);
    // An element after the PKCS#1 fields: Go ignores it, node refuses the DER.
    const extra = key(d.pkcs1Key(d.rsaComponents(rsa2048().privateKey), { extra: [d.nul()] }));
    assert.deepStrictEqual({ type: extra.type, bits: extra.bits, key: extra.key }, { type: 'rsa', bits: 2048, key: undefined });
    assert.equal(extra.key, undefined, 'asked twice');
  });

  it('names Go\'s curves by Go\'s names and leaves the others as node names them', () => {
    assert.deepStrictEqual([curveName('prime256v1'), curveName('secp384r1'), curveName('secp256k1'), curveName(undefined)], ['P-256', 'P-384', 'secp256k1', '?']);
  });

  it('says what each of Go\'s key parsers said about a block tls refuses, and nothing for a key it reads', () => {
    assert.deepStrictEqual(privateKeyAttempts(Buffer.from([0x30, 0x00])), {
      pkcs1: 'asn1: syntax error: sequence truncated',
      pkcs8: 'asn1: syntax error: sequence truncated',
      sec1: 'x509: failed to parse EC private key: asn1: syntax error: sequence truncated',
    });
    assert.equal(privateKeyAttempts(pkcs8Of(p256(2).privateKey)), undefined);
  });
});
