/**
 * generate.ts, checked inside each test (generate.test.ts makes its pairs in `before` hooks, which
 * mutation testing does not count as any test's coverage): the exact extensions of a generated
 * certificate and CSR, byte for byte as RFC 5280 encodes them, the serial, the PEM text, the
 * parameter limits at their edges, and every refusal of an existing key word for word.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { certificateForKey, generateClientPair, GenerateError, KeyAlgorithm } from '../../server/src/core/generate/generate';
import { ecKey, encryptedPkcs8Pem, pemBlock, pkcs1Pem, pkcs8Der, pkcs8Pem, rsaKey } from '../helpers/pki';

x509.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const NOT_USABLE = 'Docker, Podman and containerd (Go crypto/tls) accept RSA, ECDSA (P-256, P-384, P-521) and Ed25519 client keys';

// RFC 5280 OIDs and DER values (extnValue contents).
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const EXT_KEY_USAGE = '2.5.29.37';
const SKI = '2.5.29.14';
/** SEQUENCE {}: cA FALSE (the DEFAULT, so absent), no pathLen. */
const CA_FALSE = '3000';
/** BIT STRING, 7 unused bits, bit 0 (digitalSignature). */
const KU_SIGN = '030207' + '80';
/** BIT STRING, 5 unused bits, bits 0 and 2 (digitalSignature, keyEncipherment). */
const KU_SIGN_ENCIPHER = '030205' + 'a0';
/** SEQUENCE { OID 1.3.6.1.5.5.7.3.2 (id-kp-clientAuth) }. */
const EKU_CLIENT = '300a' + '06082b06010505070302';

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

/** A DER TLV's content and the offset after it. */
function tlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  let len = der[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  return { tag: der[at], start, end: start + len };
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits. */
function keyIdentifier(publicKey: crypto.KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const outer = tlv(spki, 0);
  const alg = tlv(spki, outer.start);
  const bits = tlv(spki, alg.end);
  assert.equal(bits.tag, 0x03);
  return crypto.createHash('sha1').update(spki.subarray(bits.start + 1, bits.end)).digest('hex');
}

function extensionsOf(list: readonly x509.Extension[]): [string, boolean, string][] {
  return Array.from(list, (e): [string, boolean, string] => [e.type, e.critical, hex(e.value)]);
}

/** The PEM text of `der` as RFC 7468 writes it: 64 characters a line, a final newline. */
function pemOf(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

async function refusal(p: Promise<unknown>): Promise<{ name: string; message: string; isGenerateError: boolean }> {
  const e = await p.then(
    () => assert.fail('expected a refusal'),
    (err: unknown) => err as Error,
  );
  return { name: e.name, message: e.message, isGenerateError: e instanceof GenerateError };
}

const refused = (message: string) => ({ name: 'GenerateError', message, isGenerateError: true });

describe('generate.ts, each test making its own keys', function () {
  this.timeout(60_000);

  describe('a self-signed client certificate', () => {
    const cases: [KeyAlgorithm, string][] = [
      ['ed25519', KU_SIGN],
      ['ecdsa-p256', KU_SIGN],
      ['rsa-2048', KU_SIGN_ENCIPHER],
    ];
    for (const [algorithm, keyUsage] of cases) {
      it(`${algorithm}: CA:FALSE, key usage and clientAuth as RFC 5280 encodes them, critical where they should be, the key's identifier; PEM with a final newline`, async () => {
        const out = await generateClientPair({ algorithm, commonName: 'bot', validityDays: 30, now: NOW, mode: 'self-signed' });
        assert.equal(out.csrPem, undefined);
        const cert = new x509.X509Certificate(out.certPem!);
        const publicKey = crypto.createPublicKey(out.keyPem);
        assert.deepEqual(extensionsOf(cert.extensions), [
          [BASIC_CONSTRAINTS, true, CA_FALSE],
          [KEY_USAGE, true, keyUsage],
          [EXT_KEY_USAGE, false, EKU_CLIENT],
          [SKI, false, '0414' + keyIdentifier(publicKey)],
        ]);
        assert.equal(out.certPem, pemOf('CERTIFICATE', cert.rawData));
        const node = new crypto.X509Certificate(out.certPem!);
        assert.deepEqual(
          { subject: node.subject, issuer: node.issuer, ca: node.ca, from: new Date(node.validFrom).getTime(), to: new Date(node.validTo).getTime(), key: node.publicKey.equals(publicKey) },
          { subject: 'CN=bot', issuer: 'CN=bot', ca: false, from: NOW.getTime() - 5 * 60_000, to: NOW.getTime() + 30 * DAY, key: true },
        );
      });
    }

    it('has a 16-byte positive serial whose first byte is random (not always 01), over 8 certificates', async () => {
      const firsts = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const out = await generateClientPair({ algorithm: 'ed25519', commonName: 'bot', validityDays: 1, now: NOW, mode: 'self-signed' });
        const serial = new crypto.X509Certificate(out.certPem!).serialNumber;
        assert.equal(serial.length, 32, serial);
        const first = parseInt(serial.slice(0, 2), 16);
        assert.equal(first >= 0x01 && first <= 0x7f, true, serial);
        firsts.add(serial.slice(0, 2));
      }
      // All eight the same: one chance in 127^7 for a random first byte.
      assert.notEqual(firsts.size, 1, [...firsts].join());
    });

    it('certificateForKey of a PKCS#1 RSA key: key usage with keyEncipherment, as for a generated RSA key', async () => {
      const key = rsaKey(2048, 0);
      const out = await certificateForKey(pkcs1Pem(key), { commonName: 'bot', validityDays: 1, now: NOW, mode: 'self-signed' });
      const cert = new x509.X509Certificate(out.certPem!);
      assert.deepEqual(extensionsOf(cert.extensions), [
        [BASIC_CONSTRAINTS, true, CA_FALSE],
        [KEY_USAGE, true, KU_SIGN_ENCIPHER],
        [EXT_KEY_USAGE, false, EKU_CLIENT],
        [SKI, false, '0414' + keyIdentifier(key.publicKey)],
      ]);
    });
  });

  describe('a CSR', () => {
    for (const [algorithm, keyUsage] of [['ecdsa-p256', KU_SIGN], ['rsa-2048', KU_SIGN_ENCIPHER]] as [KeyAlgorithm, string][]) {
      it(`${algorithm}: requests key usage (critical) and clientAuth, for the CN; PEM with a final newline`, async () => {
        const out = await generateClientPair({ algorithm, commonName: 'bot', validityDays: 30, now: NOW, mode: 'csr' });
        assert.equal(out.certPem, undefined);
        const csr = new x509.Pkcs10CertificateRequest(out.csrPem!);
        assert.deepEqual(extensionsOf(csr.extensions), [
          [KEY_USAGE, true, keyUsage],
          [EXT_KEY_USAGE, false, EKU_CLIENT],
        ]);
        assert.equal(csr.subject, 'CN=bot');
        assert.equal(out.csrPem, pemOf('CERTIFICATE REQUEST', csr.rawData));
      });
    }
  });

  describe('parameters', () => {
    const base = { algorithm: 'ed25519' as const, commonName: 'x', validityDays: 1, now: NOW, mode: 'self-signed' as const };

    it('takes a common name of exactly 64 characters, counted in code points (64 emoji are 128 UTF-16 units)', async () => {
      for (const commonName of ['x'.repeat(64), '🔑'.repeat(64)]) {
        const out = await generateClientPair({ ...base, commonName });
        assert.equal(new crypto.X509Certificate(out.certPem!).subject, `CN=${commonName}`);
      }
    });

    it('refuses 65 characters, saying how many there are in code points', async () => {
      assert.deepEqual(await refusal(generateClientPair({ ...base, commonName: 'x'.repeat(65) })), refused('The common name (CN) has 65 characters; X.509 allows at most 64.'));
      assert.deepEqual(await refusal(generateClientPair({ ...base, commonName: '🔑'.repeat(65) })), refused('The common name (CN) has 65 characters; X.509 allows at most 64.'));
    });

    it('refuses a common name that is missing or not a string as empty', async () => {
      for (const commonName of [undefined, 42, null]) {
        assert.deepEqual(
          await refusal(generateClientPair({ ...base, commonName: commonName as unknown as string })),
          refused('The common name (CN) is empty; give the name the registry should know this client by.'),
          String(commonName),
        );
      }
    });

    it('takes 3650 days of validity and refuses 3651', async () => {
      const out = await generateClientPair({ ...base, validityDays: 3650 });
      assert.equal(new Date(new crypto.X509Certificate(out.certPem!).validTo).getTime(), NOW.getTime() + 3650 * DAY);
      assert.deepEqual(await refusal(generateClientPair({ ...base, validityDays: 3651 })), refused('The validity must be a whole number of days from 1 to 3650 (got 3651).'));
    });
  });

  describe('refusals of an existing key file, word for word', () => {
    const self = { commonName: 'bot', validityDays: 1, now: NOW, mode: 'self-signed' as const };
    const forKey = (pem: string) => refusal(certificateForKey(pem, self));
    const ecPem = (namedCurve: string) => crypto.generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    it('a file with a PUBLIC KEY block only: no private key (not "a certificate")', async () => {
      const pub = ecKey('P-256', 0).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      assert.deepEqual(
        await forKey(pub),
        refused('No PEM private key found in the file (expected a "-----BEGIN ... PRIVATE KEY-----" block). A DER (binary) key must be converted to PEM first: openssl pkey -inform DER -in <file> -out <file>.key'),
      );
    });

    it('a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block whose base64 is broken (Go skips it)', async () => {
      for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']) {
        assert.deepEqual(
          await forKey(`-----BEGIN ${label}-----\nMIIB!!!!\n-----END ${label}-----\n`),
          refused('The key file has a PRIVATE KEY block that cannot be decoded (broken base64, or a missing END line). Check that the file was copied whole.'),
          label,
        );
      }
    });

    it('an encrypted key, with what to do', async () => {
      assert.deepEqual(
        await forKey(encryptedPkcs8Pem(ecKey('P-256', 0))),
        refused(
          'The key is encrypted with a passphrase. Docker, Podman and containerd cannot use an encrypted key either (tls: failed to parse private key). ' +
            'Write a decrypted copy first, e.g. openssl pkey -in <encrypted.key> -out <client.key>, and keep it readable by its owner only.',
        ),
      );
    });

    it('an OpenSSH key and another "... PRIVATE KEY" label Go does not read', async () => {
      const body = new Uint8Array([1, 2, 3, 4, 5, 6]);
      assert.deepEqual(
        await forKey(pemBlock('OPENSSH PRIVATE KEY', body)),
        refused(`The file holds an OpenSSH key, which Go's crypto/tls does not read. ${NOT_USABLE}, as PKCS#1, PKCS#8 or SEC1 PEM.`),
      );
      assert.deepEqual(
        await forKey(pemBlock('DSA PRIVATE KEY', body)),
        refused(`The file holds a "DSA PRIVATE KEY" block, which Go's crypto/tls does not read. ${NOT_USABLE}, as PKCS#1, PKCS#8 or SEC1 PEM.`),
      );
    });

    it("a damaged PKCS#8 key, with node's own error code for the same bytes", async () => {
      const der = pkcs8Der(ecKey('P-256', 0));
      const damaged = der.subarray(0, der.length - 10);
      let code: unknown;
      try {
        crypto.createPrivateKey({ key: damaged, format: 'der', type: 'pkcs8' });
      } catch (e) {
        code = (e as { code?: unknown }).code;
      }
      assert.equal(typeof code, 'string');
      assert.deepEqual(await forKey(pemBlock('PRIVATE KEY', damaged)), refused(`The "PRIVATE KEY" block is not a valid PKCS8 private key (${String(code)}). The file may be damaged or not a key.`));
    });

    it('EC keys on P-224 (no signing hash) and on secp256k1 (not a Go curve), by their node names', async () => {
      assert.deepEqual(await forKey(ecPem('secp224r1')), refused(`The key is an EC key on curve secp224r1. ${NOT_USABLE}.`));
      assert.deepEqual(await forKey(ecPem('secp256k1')), refused(`The key is an EC key on curve secp256k1. ${NOT_USABLE}.`));
    });

    it('X25519 and X448 (key agreement, cannot sign), Ed448', async () => {
      const pem = (type: 'x25519' | 'x448' | 'ed448') => crypto.generateKeyPairSync(type as 'x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      assert.deepEqual(await forKey(pem('x25519')), refused(`The key is a X25519 key (a key-agreement key: it cannot sign). ${NOT_USABLE}.`));
      assert.deepEqual(await forKey(pem('x448')), refused(`The key is a X448 key (a key-agreement key: it cannot sign). ${NOT_USABLE}.`));
      assert.deepEqual(await forKey(pem('ed448')), refused(`The key is a ED448 key. ${NOT_USABLE}.`));
    });

    it('a PKCS#8 RSA key is accepted as it is (the refusals above are not a general failure)', async () => {
      const out = await certificateForKey(pkcs8Pem(rsaKey(2048, 0)), { ...self, mode: 'csr' });
      assert.equal(new x509.Pkcs10CertificateRequest(out.csrPem!).subject, 'CN=bot');
    });
  });
});
