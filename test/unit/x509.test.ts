/** Certificates and private keys as Go's crypto/x509 and crypto/tls see them. */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { decodeAll } from '../../server/src/core/go/pem';
import { EKU_CLIENT_AUTH, EKU_SERVER_AUTH, keyMatchesCertificate, parseCertificate, parsePrivateKey } from '../../server/src/core/go/x509';
import { loadOf, runCheck } from '../helpers/check';
import { certsd, REGISTRY } from '../helpers/fixtures';
import {
  clientCert,
  ecKey,
  ed25519Key,
  encryptedPkcs8Pem,
  pkcs1Pem,
  pkcs8Der,
  rsaKey,
  sec1Pem,
  selfSigned,
  selfSignedCa,
  serverCert,
  TestCert,
  TestKey,
  x25519Key,
} from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

function cert(c: TestCert) {
  const parsed = parseCertificate(c.der);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

function keyDer(pem: string): Buffer {
  return decodeAll(Buffer.from(pem))[0].bytes;
}

describe('x509 facts', () => {
  const makeTree = tempTrees();
  let ca: TestCert;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'Facts CA', key: ecKey('P-384') });
  });

  it('reads a CA: BasicConstraints, self-issued, key and signature', () => {
    const c = cert(ca);
    assert.equal(c.isCA, true);
    assert.equal(c.selfIssued, true);
    assert.equal(c.commonName, 'Facts CA');
    assert.deepEqual(c.publicKey, { type: 'ec', bits: undefined, curve: 'secp384r1' });
    assert.equal(c.signatureName, 'ecdsa-with-SHA256');
    assert.equal(c.sans, undefined);
  });

  it('reads a server leaf: SANs, EKU, issuer', async () => {
    const c = cert(await serverCert(ca, 'reg.example.com', { sans: ['reg.example.com', '10.0.0.5'] }));
    assert.equal(c.isCA, false);
    assert.equal(c.selfIssued, false);
    assert.deepEqual(c.sans, ['reg.example.com', '10.0.0.5']);
    assert.deepEqual(c.extKeyUsage, [EKU_SERVER_AUTH]);
    assert.deepEqual(c.publicKey, { type: 'rsa', bits: 2048, curve: undefined });
  });

  it('writes IPv6 SANs the way Go prints them', async () => {
    assert.deepEqual(cert(await serverCert(ca, '::1')).sans, ['::1']);
  });

  it('tells a SHA-1 signature', async () => {
    const c = cert(await clientCert(ca, { hash: 'SHA-1', key: ecKey('P-256') }));
    assert.equal(c.signatureName, 'ecdsa-with-SHA1');
    assert.equal(c.signatureHash, 'SHA-1');
    assert.deepEqual(c.extKeyUsage, [EKU_CLIENT_AUTH]);
  });

  it('parses a certificate with an empty subject', async () => {
    const c = cert(await clientCert(ca, { commonName: undefined, sans: ['client.example.com'] }));
    assert.equal(c.subject, '');
    assert.equal(c.commonName, undefined);
    assert.equal(c.selfIssued, false);
  });

  it('checks a folder holding a certificate with an empty subject', async () => {
    const anonymous = await selfSigned({ sans: ['reg.example.com'], key: ecKey('P-256', 1) });
    const tree = makeTree(certsd({ [REGISTRY]: { 'server.crt': anonymous.pem } }));
    const report = runCheck(tree.path('certs.d'));
    assert.equal(loadOf(report, REGISTRY).caRoots, 1);
  });

  it('gives Go\'s generic error for bytes that are not a certificate', () => {
    assert.deepEqual(parseCertificate(Buffer.from('nope')), { ok: false, error: 'x509: malformed certificate' });
  });

  describe('private keys (tls parsePrivateKey)', () => {
    const readable: [string, () => Buffer, string, string][] = [
      ['PKCS#1 RSA', () => keyDer(pkcs1Pem(rsaKey())), 'PKCS#1', 'rsa'],
      ['PKCS#8 RSA', () => pkcs8Der(rsaKey()), 'PKCS#8', 'rsa'],
      ['PKCS#8 ECDSA', () => pkcs8Der(ecKey()), 'PKCS#8', 'ec'],
      ['SEC1 ECDSA', () => keyDer(sec1Pem(ecKey('P-384'))), 'SEC1', 'ec'],
      ['PKCS#8 Ed25519', () => pkcs8Der(ed25519Key()), 'PKCS#8', 'ed25519'],
    ];
    for (const [what, der, format, type] of readable) {
      it(`reads a ${what} key`, () => {
        const k = parsePrivateKey(der());
        assert.ok(k.ok, k.ok ? '' : k.error);
        assert.equal(k.value.format, format);
        assert.equal(k.value.type, type);
      });
    }

    it('refuses an X25519 key as an unknown PKCS#8 type', () => {
      assert.deepEqual(parsePrivateKey(pkcs8Der(x25519Key())), { ok: false, error: 'tls: found unknown private key type in PKCS#8 wrapping' });
    });

    // x509.ParsePKCS8PrivateKey itself refuses these algorithms, so tls gives its generic error.
    const unknownToGo: [string, () => crypto.KeyObject][] = [
      ['Ed448', () => crypto.generateKeyPairSync('ed448').privateKey],
      ['X448', () => crypto.generateKeyPairSync('x448').privateKey],
    ];
    for (const [name, key] of unknownToGo) {
      it(`gives the generic error for an ${name} PKCS#8 key, which Go's PKCS#8 parser does not know`, () => {
        assert.deepEqual(parsePrivateKey(key().export({ type: 'pkcs8', format: 'der' })), { ok: false, error: 'tls: failed to parse private key' });
      });
    }

    it('gives the generic error for an EC key on a curve Go does not support', () => {
      const der = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'sec1', format: 'der' });
      assert.deepEqual(parsePrivateKey(der), { ok: false, error: 'tls: failed to parse private key' });
    });

    it('cannot parse an encrypted PKCS#8 key', () => {
      assert.deepEqual(parsePrivateKey(keyDer(encryptedPkcs8Pem(rsaKey()))), { ok: false, error: 'tls: failed to parse private key' });
    });
  });

  describe('key and certificate match (tls.X509KeyPair)', () => {
    function match(c: TestCert, k: TestKey): string | undefined {
      const key = parsePrivateKey(pkcs8Der(k));
      assert.ok(key.ok);
      return keyMatchesCertificate(cert(c), key.value);
    }

    it('accepts the certificate\'s own key, for each algorithm', async () => {
      for (const key of [rsaKey(), ecKey(), ed25519Key()]) {
        assert.equal(match(await clientCert(ca, { key }), key), undefined, key.kind);
      }
    });

    it('tells another key from another kind of key', async () => {
      const c = await clientCert(ca, { key: ecKey('P-256', 0) });
      assert.equal(match(c, ecKey('P-256', 1)), 'tls: private key does not match public key');
      assert.equal(match(c, rsaKey()), 'tls: private key type does not match public key type');
    });
  });
});
