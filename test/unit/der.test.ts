import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { certificatePublicKey, privateKeyDetails } from '../../server/src/core/go/der';
import { ecKey, ed25519Key, rsaKey, selfSignedCa, TestKey } from '../helpers/pki';

describe("a certificate's public key read from its DER", () => {
  const cases: [string, () => TestKey][] = [
    ['RSA 2048', () => rsaKey(2048)],
    ['RSA 1024', () => rsaKey(1024)],
    ['ECDSA P-256', () => ecKey('P-256')],
    ['ECDSA P-384', () => ecKey('P-384')],
    ['Ed25519', () => ed25519Key()],
  ];
  for (const [name, key] of cases) {
    it(`agrees with node's KeyObject for ${name}`, async () => {
      const cert = await selfSignedCa({ key: key() });
      const pub = new crypto.X509Certificate(cert.der).publicKey;
      const details = pub.asymmetricKeyDetails ?? {};
      assert.deepEqual(certificatePublicKey(cert.der), {
        type: pub.asymmetricKeyType,
        ...(details.modulusLength ? { bits: details.modulusLength } : {}),
        ...(details.namedCurve ? { curve: details.namedCurve } : {}),
      });
    });
  }

  it('gives nothing for bytes that are not a certificate', () => {
    assert.equal(certificatePublicKey(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])), undefined);
    assert.equal(certificatePublicKey(Buffer.alloc(0)), undefined);
  });
});

describe("a private key's details read from its DER", () => {
  const formats: [string, (k: crypto.KeyObject) => Buffer][] = [
    ['PKCS#8', (k) => k.export({ type: 'pkcs8', format: 'der' })],
    ['PKCS#1 / SEC1', (k) => k.export({ type: k.asymmetricKeyType === 'rsa' ? 'pkcs1' : 'sec1', format: 'der' } as crypto.KeyExportOptions<'der'>)],
  ];
  const keys: [string, () => TestKey][] = [
    ['RSA 2048', () => rsaKey(2048)],
    ['ECDSA P-256', () => ecKey('P-256')],
    ['ECDSA P-384', () => ecKey('P-384')],
  ];
  for (const [name, key] of keys) {
    for (const [format, exportDer] of formats) {
      it(`agrees with node's KeyObject for ${name} in ${format}`, () => {
        const k = key().privateKey;
        const details = k.asymmetricKeyDetails ?? {};
        assert.deepEqual(privateKeyDetails(exportDer(k)), {
          type: k.asymmetricKeyType,
          ...(details.modulusLength ? { bits: details.modulusLength } : {}),
          ...(details.namedCurve ? { curve: details.namedCurve } : {}),
        });
      });
    }
  }
  it('reads an Ed25519 PKCS#8 key as ed25519', () => {
    assert.deepEqual(privateKeyDetails(ed25519Key().privateKey.export({ type: 'pkcs8', format: 'der' })), { type: 'ed25519' });
  });
});
