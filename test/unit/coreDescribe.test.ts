/**
 * core/describe.ts: what hovers say about a certificate or a key. Certificates are made at test
 * time with @peculiar/x509 (with the extensions the pki helpers do not write: path length, every
 * key usage, every extended key usage); the expected values are what was put in, named as RFC 5280
 * names key usages and extended key usages, Go's names for curves, and the ASN.1 names of the
 * signature algorithms (RFC 5758's ecdsa-with-SHA256, RFC 4055's sha256WithRSAEncryption).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { describeCertificate, describeKeyBlock, describePublicKey } from '../../server/src/core/describe';
import { x509 } from '../../server/src/core/generate/peculiar';
import { decodeAll, PemBlock } from '../../server/src/core/go/pem';
import { CertFacts, parseCertificate, parsePrivateKey } from '../../server/src/core/go/x509';
import { ecKey, pkcs1Pem, pkcs8Der, pkcs8Pem, rsaKey } from '../helpers/pki';

const { subtle } = crypto.webcrypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
const NOT_AFTER = new Date('2036-01-01T00:00:00Z');
const F = x509.KeyUsageFlags;
const ALL_USAGES = F.digitalSignature | F.nonRepudiation | F.keyEncipherment | F.dataEncipherment | F.keyAgreement | F.keyCertSign | F.cRLSign | F.encipherOnly | F.decipherOnly;

type Keys = crypto.webcrypto.CryptoKeyPair;
// @peculiar/x509 types its parameters with the DOM's WebCrypto types, which this project does not load.
type SelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];
type CreateParams = Parameters<typeof x509.X509CertificateGenerator.create>[0];

function newKeys(): Promise<Keys> {
  return subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<Keys>;
}

async function selfSignedCert(keys: Keys, name: string, serialNumber: string, extensions: x509.Extension[]): Promise<Buffer> {
  const c = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber,
    name,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    keys: keys as unknown as SelfSignedParams['keys'],
    signingAlgorithm: SIGN,
    extensions,
  });
  return Buffer.from(c.rawData);
}

async function issuedCert(issuerKeys: Keys, issuer: string, subjectKeys: Keys, subject: string, extensions: x509.Extension[]): Promise<Buffer> {
  const c = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject,
    issuer,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    publicKey: subjectKeys.publicKey as unknown as Extract<CreateParams, { signingKey: unknown }>['publicKey'],
    signingKey: issuerKeys.privateKey as unknown as Extract<CreateParams, { signingKey: unknown }>['signingKey'],
    signingAlgorithm: SIGN,
    extensions,
  });
  return Buffer.from(c.rawData);
}

function facts(der: Buffer): CertFacts {
  const r = parseCertificate(der);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

/** SHA-256 of the DER, as colon-separated upper-case hex pairs (node's fingerprint256 form). */
function fingerprint(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

function block(type: string, headers: Record<string, string> = {}): PemBlock {
  return { type, headers, headerCount: Object.keys(headers).length, bytes: Buffer.from([0x30, 0x00]), start: 0, end: 0 };
}

describe('core/describe', () => {
  describe('describePublicKey', () => {
    it('names RSA by size, ECDSA by Go curve name, Ed25519, and anything else by its type', () => {
      assert.deepStrictEqual(
        [
          { type: 'rsa', bits: 3072 },
          { type: 'rsa' },
          { type: 'ec', curve: 'prime256v1' },
          { type: 'ec', curve: 'secp384r1' },
          { type: 'ec', curve: 'brainpoolP256r1' },
          { type: 'ec' },
          { type: 'ed25519' },
          { type: 'x25519' },
        ].map(describePublicKey),
        ['RSA 3072 bits', 'RSA ? bits', 'ECDSA P-256', 'ECDSA P-384', 'ECDSA brainpoolP256r1', 'ECDSA ?', 'Ed25519', 'x25519'],
      );
    });
  });

  describe('describeCertificate', () => {
    it('describes a self-signed CA with every key usage and extended key usage', async () => {
      const keys = await newKeys();
      const der = await selfSignedCert(keys, 'C=DE, O=Acme, CN=Acme Root', '1a2b3c4d', [
        new x509.BasicConstraintsExtension(true, 2, true),
        new x509.KeyUsagesExtension(ALL_USAGES, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9', '2.5.29.37.0', '1.2.3.4.5']),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'reg.example.com' }, { type: 'ip', value: '10.0.0.1' }]),
      ]);
      assert.deepStrictEqual(describeCertificate(facts(der)), {
        subject: 'C=DE, O=Acme, CN=Acme Root',
        issuer: 'C=DE, O=Acme, CN=Acme Root',
        serialNumber: '1A2B3C4D',
        notBefore: NOT_BEFORE,
        notAfter: NOT_AFTER,
        sans: ['reg.example.com', '10.0.0.1'],
        publicKey: 'ECDSA P-256',
        signatureAlgorithm: 'ecdsa-with-SHA256',
        fingerprint256: fingerprint(der),
        isCA: true,
        pathLength: 2,
        keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'],
        extKeyUsage: ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning', 'anyExtendedKeyUsage', '1.2.3.4.5'],
        selfSigned: true,
      });
    });

    it('describes a leaf: only the key usages it has, no SAN or EKU extension, not self-signed', async () => {
      const caKeys = await newKeys();
      const leafKeys = await newKeys();
      const der = await issuedCert(caKeys, 'CN=Acme Root', leafKeys, 'CN=leaf, O=Acme', [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(F.digitalSignature | F.keyEncipherment | F.decipherOnly, true),
      ]);
      assert.deepStrictEqual(describeCertificate(facts(der)), {
        subject: 'CN=leaf, O=Acme',
        issuer: 'CN=Acme Root',
        serialNumber: '01',
        notBefore: NOT_BEFORE,
        notAfter: NOT_AFTER,
        sans: [],
        publicKey: 'ECDSA P-256',
        signatureAlgorithm: 'ecdsa-with-SHA256',
        fingerprint256: fingerprint(der),
        isCA: false,
        pathLength: undefined,
        keyUsage: ['digitalSignature', 'keyEncipherment', 'decipherOnly'],
        extKeyUsage: [],
        selfSigned: false,
      });
    });

    it('calls a certificate whose issuer has its name but another key self-issued, not self-signed', async () => {
      const otherKeys = await newKeys();
      const keys = await newKeys();
      const der = await issuedCert(otherKeys, 'CN=Same', keys, 'CN=Same', []);
      const f = facts(der);
      assert.strictEqual(f.selfIssued, true);
      const d = describeCertificate(f);
      assert.deepStrictEqual([d.selfSigned, d.pathLength, d.keyUsage, d.extKeyUsage, d.sans], [false, undefined, [], [], []]);
    });

    it('reads the key usages of a certificate without BasicConstraints', async () => {
      const der = await selfSignedCert(await newKeys(), 'CN=no bc', '03', [new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign, true)]);
      const d = describeCertificate(facts(der));
      assert.deepStrictEqual([d.isCA, d.pathLength, d.keyUsage], [false, undefined, ['keyCertSign', 'cRLSign']]);
    });

    it('calls a certificate signed by its own key under another issuer name not self-signed (RFC 5280: self-signed is self-issued first)', async () => {
      const keys = await newKeys();
      const der = await issuedCert(keys, 'CN=Other', keys, 'CN=Me', []);
      const f = facts(der);
      assert.strictEqual(f.x509.verify(f.x509.publicKey), true);
      assert.strictEqual(describeCertificate(f).selfSigned, false);
    });

    it('calls a self-issued certificate whose key node cannot read not self-signed', async () => {
      const real = facts(await selfSignedCert(await newKeys(), 'CN=unreadable', '04', []));
      // What x509.ts gives for a certificate Go accepts and node cannot read: its publicKey throws.
      const view = {
        serialNumber: '04',
        fingerprint256: 'AA:BB',
        get publicKey(): never {
          throw new Error('node cannot read this key');
        },
        verify: () => true,
      };
      const f = Object.create(real, { x509: { value: view } }) as CertFacts;
      const d = describeCertificate(f);
      assert.deepStrictEqual([d.selfSigned, d.serialNumber, d.fingerprint256, d.subject], [false, '04', 'AA:BB', 'CN=unreadable']);
    });

    it('describes an RSA certificate', async () => {
      const key = rsaKey();
      const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      const keys = {
        privateKey: await subtle.importKey('pkcs8', pkcs8Der(key), alg, true, ['sign']),
        publicKey: await subtle.importKey('spki', key.publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
      };
      const c = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '02',
        name: 'CN=rsa',
        notBefore: NOT_BEFORE,
        notAfter: NOT_AFTER,
        keys: keys as unknown as SelfSignedParams['keys'],
        signingAlgorithm: alg,
      });
      const d = describeCertificate(facts(Buffer.from(c.rawData)));
      assert.deepStrictEqual([d.publicKey, d.signatureAlgorithm, d.selfSigned], ['RSA 2048 bits', 'sha256WithRSAEncryption', true]);
    });
  });

  describe('describeKeyBlock', () => {
    it('describes a key that parses by its type and format, never as encrypted', () => {
      const ec = ecKey('P-256', 7);
      const [b] = decodeAll(Buffer.from(pkcs8Pem(ec)));
      const parsed = parsePrivateKey(b.bytes);
      assert.ok(parsed.ok);
      assert.deepStrictEqual(describeKeyBlock(b, parsed), { type: 'ECDSA P-256', format: 'PKCS#8', encrypted: false });
      const [r] = decodeAll(Buffer.from(pkcs1Pem(rsaKey())));
      const parsedRsa = parsePrivateKey(r.bytes);
      assert.ok(parsedRsa.ok);
      assert.deepStrictEqual(describeKeyBlock(r, parsedRsa), { type: 'RSA 2048 bits', format: 'PKCS#1', encrypted: false });
    });

    it('describes a key that does not parse from its PEM type and headers', () => {
      const failed = { ok: false as const, error: 'x509: failed to parse private key' };
      const cases: [PemBlock, object][] = [
        [block('RSA PRIVATE KEY'), { type: 'RSA', format: 'PKCS#1', encrypted: false }],
        [block('RSA PRIVATE KEY', { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' }), { type: 'RSA', format: 'PKCS#1', encrypted: true }],
        [block('EC PRIVATE KEY'), { type: 'ECDSA', format: 'SEC1', encrypted: false }],
        [block('EC PRIVATE KEY', { 'Proc-Type': '4,ENCRYPTED' }), { type: 'ECDSA', format: 'SEC1', encrypted: true }],
        [block('ENCRYPTED PRIVATE KEY'), { type: 'unknown', format: 'PKCS#8 (encrypted)', encrypted: true }],
        [block('PRIVATE KEY'), { type: 'unknown', format: 'PKCS#8', encrypted: false }],
      ];
      for (const [b, expected] of cases) assert.deepStrictEqual(describeKeyBlock(b, failed), expected, `${b.type} ${JSON.stringify(b.headers)}`);
    });
  });
});
