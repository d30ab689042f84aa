/**
 * In-process key, certificate and CSR generation, checked three independent ways: OpenSSL reads
 * what we write, our own Docker simulation loads it, and a real mutual-TLS handshake (Node's
 * OpenSSL on both sides) accepts it. Then writing the files: modes, no overwrite, all or nothing,
 * and the sudo command for a folder that belongs to root.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { certificateForKey, ClientPairOutput, generateClientPair, GenerateError, GenerateMode, KeyAlgorithm } from '../../server/src/core/generate/generate';
import { nodeWriteFileSystem, WriteFileSystem, writeNewFiles, WriteResult } from '../../server/src/core/generate/writeFiles';
import { checkTree, describeFindings } from '../helpers/check';
import { commonPki, REGISTRY } from '../helpers/fixtures';
import {
  ecKey,
  ed25519Key,
  encryptedPkcs1Pem,
  encryptedPkcs8Pem,
  pemBlock,
  pkcs1Pem,
  pkcs8Der,
  pkcs8Pem,
  rsaKey,
  sec1WithParamsPem,
  TestCert,
  x25519Key,
} from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const { subtle } = crypto.webcrypto;
const DAY = 86_400_000;
/** Certificates keep whole seconds. */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

// ---------------------------------------------------------------------------------------------
// openssl

/** Runs openssl on `input` (stdin). Missing openssl fails the test: these checks must not be skipped. */
function openssl(args: string[], input: string): string {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8' });
  if (r.error) assert.fail(`these tests need the openssl command line tool (${(r.error as NodeJS.ErrnoException).code}); install openssl`);
  assert.equal(r.status, 0, `openssl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout + r.stderr;
}

function publicKeyOfKey(keyPem: string): string {
  return openssl(['pkey', '-pubout'], keyPem);
}

// ---------------------------------------------------------------------------------------------
// TLS

interface HandshakeResult {
  /** Server side: the client certificate verified against `trust`. */
  authorized: boolean;
  peerCn?: string;
  /** Why the server refused the certificate (OpenSSL's verify code), when it let the handshake finish. */
  authorizationError?: string;
  error?: string;
}

/**
 * A mutual-TLS handshake on 127.0.0.1: the server (certificate from the test PKI) requires a
 * client certificate that verifies against `trust`; the client presents `key` + `cert`. The
 * result is what the server saw: in TLS 1.3 the client finishes before the server has judged it.
 * With `rejectUnauthorized: false` the server lets the connection through and tells why it would
 * have refused it (Node's own refusal only shows as "socket hang up").
 */
async function handshake(trust: string[], key: string, cert: string, rejectUnauthorized = true): Promise<HandshakeResult> {
  const pki = await commonPki();
  const server = tls.createServer({ key: pkcs8Pem(pki.server.key), cert: pki.server.pem, requestCert: true, rejectUnauthorized, ca: trust });
  const sockets: { destroy(): void }[] = [];
  server.on('connection', (s) => sockets.push(s));
  let client: tls.TLSSocket | undefined;
  try {
    return await new Promise<HandshakeResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no handshake result within 10 s')), 10_000);
      const done = (r: HandshakeResult) => {
        clearTimeout(timer);
        resolve(r);
      };
      server.on('secureConnection', (socket) => {
        const peer = socket.getPeerCertificate();
        const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
        done({ authorized: socket.authorized, peerCn: typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined, authorizationError });
      });
      server.on('tlsClientError', (err) => done({ authorized: false, error: err.message }));
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        client = tls.connect({ host: '127.0.0.1', port, servername: 'reg.example.com', ca: [pki.ca.pem], key, cert });
        // The server's verdict is the result; the client just sees the connection drop.
        client.on('error', () => undefined);
      });
    });
  } finally {
    client?.destroy();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The registry administrator's side: sign a CSR with a CA, copying the extensions it requests. */
async function signCsr(csrPem: string, ca: TestCert): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  assert.ok(await csr.verify(), 'the CSR signature verifies');
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const signingKey = await subtle.importKey('pkcs8', pkcs8Der(ca.key), alg, false, ['sign']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: crypto.randomBytes(8).toString('hex').replace(/^./, '4'),
    subject: csr.subjectName,
    issuer: ca.x509.subjectName,
    notBefore: new Date(NOW.getTime() - DAY),
    notAfter: new Date(NOW.getTime() + 30 * DAY),
    publicKey: csr.publicKey,
    signingKey: signingKey as unknown as x509.X509CertificateCreateWithKeyParams['signingKey'],
    signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), ...csr.extensions],
  });
  return cert.toString('pem') + '\n';
}

/** Fails if the message shows any piece (18 characters or more) of the key's PEM body. */
function assertNoKeyMaterial(message: string, keyText: string): void {
  const body = keyText.split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':')).join('');
  for (let i = 0; i + 12 <= body.length; i += 6) {
    assert.ok(!message.includes(body.slice(i, i + 12)), `message shows key material: ${message}`);
  }
}

async function expectGenerateError(p: Promise<unknown>, pattern: RegExp, keyText: string): Promise<GenerateError> {
  const e = await p.then(
    () => assert.fail('expected a GenerateError'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof GenerateError, `expected a GenerateError, got ${String(e)}`);
  assert.match(e.message, pattern);
  assertNoKeyMaterial(e.message, keyText);
  return e;
}

// ---------------------------------------------------------------------------------------------

/** What openssl prints for each algorithm. */
const EXPECT: Record<KeyAlgorithm, { key: RegExp; signature: string; keyUsage: string }> = {
  'rsa-4096': { key: /Private-Key: \(4096 bit, 2 primes\)/, signature: 'sha256WithRSAEncryption', keyUsage: 'Digital Signature, Key Encipherment' },
  'rsa-2048': { key: /Private-Key: \(2048 bit, 2 primes\)/, signature: 'sha256WithRSAEncryption', keyUsage: 'Digital Signature, Key Encipherment' },
  'ecdsa-p256': { key: /ASN1 OID: prime256v1/, signature: 'ecdsa-with-SHA256', keyUsage: 'Digital Signature' },
  'ed25519': { key: /ED25519 Private-Key:/, signature: 'ED25519', keyUsage: 'Digital Signature' },
};

const CASES: [KeyAlgorithm, GenerateMode][] = [
  // RSA 4096 takes a second or two to generate: once is enough.
  ['rsa-4096', 'self-signed'],
  ['rsa-2048', 'self-signed'],
  ['rsa-2048', 'csr'],
  ['ecdsa-p256', 'self-signed'],
  ['ecdsa-p256', 'csr'],
  ['ed25519', 'self-signed'],
  ['ed25519', 'csr'],
];

describe('generateClientPair', () => {
  const makeTree = tempTrees();

  for (const [algorithm, mode] of CASES) {
    describe(`${algorithm}, ${mode}`, () => {
      const commonName = `build-bot ${algorithm}`;
      let out: ClientPairOutput;
      /** The certificate the client presents: the self-signed one, or the CA's answer to the CSR. */
      let clientCertPem: string;
      /** What the registry trusts for client certificates. */
      let trust: string;

      before(async () => {
        out = await generateClientPair({ algorithm, commonName, validityDays: 90, now: NOW, mode });
        const pki = await commonPki();
        if (mode === 'csr') {
          assert.ok(out.csrPem, 'csr mode gives a CSR');
          clientCertPem = await signCsr(out.csrPem, pki.ca);
          trust = pki.ca.pem;
        } else {
          assert.ok(out.certPem, 'self-signed mode gives a certificate');
          clientCertPem = out.certPem;
          trust = out.certPem;
        }
      });

      it('writes the key as PKCS#8 PRIVATE KEY, which openssl reads as the chosen algorithm', () => {
        assert.match(out.keyPem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
        openssl(['pkey', '-noout'], out.keyPem);
        assert.match(openssl(['pkey', '-noout', '-text'], out.keyPem), EXPECT[algorithm].key);
      });

      if (mode === 'self-signed') {
        it('makes a client certificate, not a CA: CN, CA:FALSE, key usage, clientAuth, SKI, SHA-256 signature', () => {
          assert.equal(out.csrPem, undefined);
          const text = openssl(['x509', '-noout', '-text', '-nameopt', 'RFC2253'], out.certPem!);
          assert.match(text, new RegExp(`Subject: CN=${commonName}\\n`));
          assert.match(text, new RegExp(`Issuer: CN=${commonName}\\n`));
          assert.match(text, /X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
          assert.match(text, new RegExp(`X509v3 Key Usage: critical\\n\\s+${EXPECT[algorithm].keyUsage}\\n`));
          assert.match(text, /X509v3 Extended Key Usage: ?\n\s+TLS Web Client Authentication\n/);
          assert.match(text, /X509v3 Subject Key Identifier: ?\n\s+[0-9A-F:]{59}\n/);
          assert.match(text, new RegExp(`Signature Algorithm: ${EXPECT[algorithm].signature}\\n`));
        });

        it('gives a random positive 16-byte serial and validity from now - 5 min to now + validityDays', async () => {
          const cert = new x509.X509Certificate(out.certPem!);
          assert.match(cert.serialNumber, /^(?!00)[0-7][0-9a-f]{31}$/);
          const again = await generateClientPair({ algorithm: 'ed25519', commonName, validityDays: 90, now: NOW, mode });
          assert.notEqual(new x509.X509Certificate(again.certPem!).serialNumber, cert.serialNumber);
          assert.equal(cert.notBefore.getTime(), NOW.getTime() - 5 * 60_000);
          assert.equal(cert.notAfter.getTime(), NOW.getTime() + 90 * DAY);
        });

        it('certifies the generated key (openssl sees the same public key, node the matching private key)', () => {
          assert.equal(openssl(['x509', '-noout', '-pubkey'], out.certPem!), publicKeyOfKey(out.keyPem));
          assert.ok(new crypto.X509Certificate(out.certPem!).checkPrivateKey(crypto.createPrivateKey(out.keyPem)));
        });
      } else {
        it('makes a CSR whose signature openssl verifies, with the CN and requested clientAuth and key usage', () => {
          assert.equal(out.certPem, undefined);
          assert.match(out.csrPem!, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
          assert.match(openssl(['req', '-verify', '-noout'], out.csrPem!), /verify OK/);
          const text = openssl(['req', '-noout', '-text', '-nameopt', 'RFC2253'], out.csrPem!);
          assert.match(text, new RegExp(`Subject: CN=${commonName}\\n`));
          assert.match(text, /Requested Extensions:/);
          assert.match(text, new RegExp(`X509v3 Key Usage: critical\\n\\s+${EXPECT[algorithm].keyUsage}\\n`));
          assert.match(text, /X509v3 Extended Key Usage: ?\n\s+TLS Web Client Authentication\n/);
          assert.match(text, new RegExp(`Signature Algorithm: ${EXPECT[algorithm].signature}\\n`));
        });

        it('requests a certificate for the generated key', () => {
          assert.equal(openssl(['req', '-noout', '-pubkey'], out.csrPem!), publicKeyOfKey(out.keyPem));
        });
      }

      it("is loaded by Docker's loader as a client pair, with no error finding", () => {
        const r = checkTree(makeTree, { [REGISTRY]: { 'client.cert': clientCertPem, 'client.key': file(out.keyPem, 0o600) } }, 'docker');
        assert.ok(r.load.ok, `load failed: ${r.load.error}`);
        assert.equal(r.load.clientPairs, 1);
        const errors = r.report.findings.filter((f) => f.severity === 'error');
        assert.deepEqual(errors, [], describeFindings(r.report));
      });

      it(`completes a mutual-TLS handshake with a server that trusts ${mode === 'csr' ? 'the CA that signed the CSR' : 'the certificate itself'}`, async () => {
        const r = await handshake([trust], out.keyPem, clientCertPem);
        assert.equal(r.error, undefined, `handshake failed: ${r.error}`);
        assert.equal(r.authorized, true);
        assert.equal(r.peerCn, commonName);
      });
    });
  }

  describe('negative controls (the handshake test can fail)', () => {
    it('a server that trusts another self-signed client certificate rejects this one', async () => {
      const trusted = await generateClientPair({ algorithm: 'ecdsa-p256', commonName: 'same name', validityDays: 1, now: NOW, mode: 'self-signed' });
      const other = await generateClientPair({ algorithm: 'ecdsa-p256', commonName: 'same name', validityDays: 1, now: NOW, mode: 'self-signed' });
      const r = await handshake([trusted.certPem!], other.keyPem, other.certPem!);
      assert.equal(r.authorized, false);
      assert.ok(r.error, 'the connection fails');
      // The reason, from a server that lets the connection through: trust, nothing else.
      const why = await handshake([trusted.certPem!], other.keyPem, other.certPem!, false);
      assert.equal(why.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    });

    it('a server that trusts the CA rejects the same key with a self-signed certificate', async () => {
      const pki = await commonPki();
      const pair = await generateClientPair({ algorithm: 'ecdsa-p256', commonName: 'c', validityDays: 1, now: NOW, mode: 'csr' });
      const { certPem } = await certificateForKey(pair.keyPem, { commonName: 'c', validityDays: 1, now: NOW, mode: 'self-signed' });
      const r = await handshake([pki.ca.pem], pair.keyPem, certPem!);
      assert.equal(r.authorized, false);
      const why = await handshake([pki.ca.pem], pair.keyPem, certPem!, false);
      assert.equal(why.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    });
  });

  it('keeps a common name with DN syntax in it verbatim (comma, plus, quotes, leading #)', async () => {
    const commonName = '#1 build, bot+"ci" \\ é';
    const out = await generateClientPair({ algorithm: 'ed25519', commonName, validityDays: 1, now: NOW, mode: 'self-signed' });
    assert.deepEqual(new x509.X509Certificate(out.certPem!).subjectName.getField('CN'), [commonName]);
    const nameopt = ['-nameopt', 'multiline,show_type,utf8,-esc_msb'];
    // OpenSSL's printer doubles the backslash; everything else is printed as it is stored.
    const line = `commonName                = UTF8STRING:${commonName.replace(/\\/g, '\\\\')}\n`;
    assert.ok(openssl(['x509', '-noout', '-subject', ...nameopt], out.certPem!).includes(line));
    const csr = await generateClientPair({ algorithm: 'ed25519', commonName, validityDays: 1, now: NOW, mode: 'csr' });
    assert.ok(openssl(['req', '-noout', '-subject', ...nameopt], csr.csrPem!).includes(line));
  });

  it('refuses an empty or too long common name and a validity that is not a positive whole number', async () => {
    const base = { algorithm: 'ed25519' as const, commonName: 'x', validityDays: 1, now: NOW, mode: 'self-signed' as const };
    await expectGenerateError(generateClientPair({ ...base, commonName: '  ' }), /common name \(CN\) is empty/, '');
    await expectGenerateError(generateClientPair({ ...base, commonName: 'x'.repeat(65) }), /at most 64/, '');
    await expectGenerateError(generateClientPair({ ...base, validityDays: 0 }), /whole number of days/, '');
    await expectGenerateError(generateClientPair({ ...base, validityDays: 1.5 }), /whole number of days/, '');
  });
});

describe('certificateForKey', () => {
  const makeTree = tempTrees();
  const params = { commonName: 'existing key', validityDays: 30, now: NOW };

  const keys: [string, () => string, string][] = [
    ['a PKCS#1 RSA key (RSA PRIVATE KEY)', () => pkcs1Pem(rsaKey(2048, 0)), 'sha256WithRSAEncryption'],
    ['a PKCS#8 ECDSA P-256 key', () => pkcs8Pem(ecKey('P-256', 3)), 'ecdsa-with-SHA256'],
    ['a PKCS#8 Ed25519 key', () => pkcs8Pem(ed25519Key(3)), 'ED25519'],
    ['a SEC1 P-256 key after an EC PARAMETERS block', () => sec1WithParamsPem(ecKey('P-256', 4)), 'ecdsa-with-SHA256'],
    ['a SEC1 P-384 key after an EC PARAMETERS block', () => sec1WithParamsPem(ecKey('P-384', 4)), 'ecdsa-with-SHA384'],
  ];

  for (const [what, keyOf, signature] of keys) {
    describe(what, () => {
      it('makes a self-signed client certificate for it that openssl, Docker and a TLS server accept', async () => {
        const keyPem = keyOf();
        const { certPem, csrPem } = await certificateForKey(keyPem, { ...params, mode: 'self-signed' });
        assert.equal(csrPem, undefined);
        const text = openssl(['x509', '-noout', '-text', '-nameopt', 'RFC2253'], certPem!);
        assert.match(text, /Subject: CN=existing key\n/);
        assert.match(text, /CA:FALSE/);
        assert.match(text, /TLS Web Client Authentication/);
        assert.match(text, new RegExp(`Signature Algorithm: ${signature}\\n`));
        assert.ok(new crypto.X509Certificate(certPem!).checkPrivateKey(crypto.createPrivateKey(keyPem)), 'the certificate is for this key');

        const r = checkTree(makeTree, { [REGISTRY]: { 'client.cert': certPem!, 'client.key': file(keyPem, 0o600) } }, 'docker');
        assert.ok(r.load.ok, `load failed: ${r.load.error}`);
        assert.equal(r.load.clientPairs, 1);

        const h = await handshake([certPem!], keyPem, certPem!);
        assert.equal(h.authorized, true, `handshake failed: ${h.error}`);
      });

      it('makes a CSR for it that openssl verifies', async () => {
        const keyPem = keyOf();
        const { certPem, csrPem } = await certificateForKey(keyPem, { ...params, mode: 'csr' });
        assert.equal(certPem, undefined);
        assert.match(openssl(['req', '-verify', '-noout'], csrPem!), /verify OK/);
        assert.equal(openssl(['req', '-noout', '-pubkey'], csrPem!), publicKeyOfKey(keyPem));
      });
    });
  }

  describe('refuses, without showing key material', () => {
    const self = { ...params, mode: 'self-signed' as const };

    it('an encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY)', async () => {
      const keyPem = encryptedPkcs8Pem(ecKey('P-256', 5));
      await expectGenerateError(certificateForKey(keyPem, self), /encrypted with a passphrase/, keyPem);
    });

    it('a legacy encrypted key (Proc-Type: 4,ENCRYPTED)', async () => {
      const keyPem = encryptedPkcs1Pem(rsaKey(2048, 0));
      await expectGenerateError(certificateForKey(keyPem, self), /encrypted with a passphrase/, keyPem);
    });

    it('an X25519 key, which cannot sign', async () => {
      const keyPem = pkcs8Pem(x25519Key());
      await expectGenerateError(certificateForKey(keyPem, self), /X25519 key \(a key-agreement key: it cannot sign\)/, keyPem);
    });

    it('an Ed448 key, which Go does not support', async () => {
      const keyPem = crypto.generateKeyPairSync('ed448').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await expectGenerateError(certificateForKey(keyPem, self), /ED448 key\. .*accept RSA, ECDSA/, keyPem);
    });

    it('a damaged key block', async () => {
      const der = pkcs8Der(ecKey('P-256', 5));
      const keyPem = pemBlock('PRIVATE KEY', der.subarray(0, der.length - 10));
      await expectGenerateError(certificateForKey(keyPem, self), /not a valid PKCS8 private key/, keyPem);
    });

    it('a certificate instead of a key', async () => {
      const pki = await commonPki();
      await expectGenerateError(certificateForKey(pki.client.pem, self), /holds a certificate, not a private key/, pki.client.pem);
    });

    it('text that is not PEM at all', async () => {
      const garbage = crypto.randomBytes(200).toString('base64');
      await expectGenerateError(certificateForKey(garbage, self), /No PEM private key found/, garbage);
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('writeNewFiles', () => {
  const makeTree = tempTrees();
  const KEY = '-----BEGIN PRIVATE KEY-----\nTUlJQ2VRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbU13Z2dKZkFnRUFBb0dCQU1q\n-----END PRIVATE KEY-----\n';
  const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  let savedUmask: number;

  before(() => {
    savedUmask = process.umask(0o022);
  });
  after(() => {
    process.umask(savedUmask);
  });

  const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
  const errno = (code: string, p: string) => Object.assign(new Error(`${code}: ${p}`), { code });

  function hostDir(name = 'reg.example.com:5000'): string {
    return makeTree({ [name]: {} }).path(name);
  }

  function expectFailure(r: WriteResult): { message: string; shellCommand?: string } {
    assert.equal(r.ok, false, 'expected a failure');
    return r as { ok: false; message: string; shellCommand?: string };
  }

  it('creates the key 0600 and the certificate 0644 under umask 022, and lists what it wrote', () => {
    const dir = hostDir();
    const key = path.join(dir, 'client.key');
    const cert = path.join(dir, 'client.cert');
    const r = writeNewFiles([
      { path: key, content: KEY, mode: 0o600 },
      { path: cert, content: CERT },
    ]);
    assert.deepEqual(r, { ok: true, written: [key, cert] });
    assert.equal(modeOf(key), 0o600);
    assert.equal(modeOf(cert), 0o644);
    assert.equal(fs.readFileSync(key, 'utf8'), KEY);
    assert.equal(fs.readFileSync(cert, 'utf8'), CERT);
  });

  it('makes the key exactly 0600 even under umask 0277, which alone would leave 0400', () => {
    const dir = hostDir();
    const key = path.join(dir, 'client.key');
    const old = process.umask(0o277);
    try {
      assert.equal(writeNewFiles([{ path: key, content: KEY, mode: 0o600 }]).ok, true);
    } finally {
      process.umask(old);
    }
    assert.equal(modeOf(key), 0o600);
  });

  it('gives a PRIVATE KEY file without an explicit mode 0600', () => {
    const key = path.join(hostDir(), 'client.key');
    assert.equal(writeNewFiles([{ path: key, content: KEY }]).ok, true);
    assert.equal(modeOf(key), 0o600);
  });

  it('refuses to overwrite an existing file, names it, and writes nothing', () => {
    const dir = hostDir();
    const key = path.join(dir, 'client.key');
    const cert = path.join(dir, 'client.cert');
    fs.writeFileSync(cert, 'old content');
    const f = expectFailure(writeNewFiles([{ path: key, content: KEY, mode: 0o600 }, { path: cert, content: CERT }]));
    assert.match(f.message, /already exists/);
    assert.ok(f.message.includes(cert), f.message);
    assert.equal(f.shellCommand, undefined);
    assert.equal(fs.existsSync(key), false, 'the key was not written');
    assert.equal(fs.readFileSync(cert, 'utf8'), 'old content');
  });

  it('refuses a dangling symlink as a target, and does not create the file it points to', () => {
    const dir = hostDir();
    const elsewhere = path.join(dir, 'elsewhere.key');
    fs.symlinkSync(elsewhere, path.join(dir, 'client.key'));
    const f = expectFailure(writeNewFiles([{ path: path.join(dir, 'client.key'), content: KEY }]));
    assert.match(f.message, /already exists/);
    assert.equal(fs.existsSync(elsewhere), false);
  });

  it('does not overwrite a file that appears between its check and its creation (O_EXCL), and removes what it wrote', () => {
    const dir = hostDir();
    const key = path.join(dir, 'client.key');
    const cert = path.join(dir, 'client.cert');
    const racing: WriteFileSystem = {
      ...nodeWriteFileSystem,
      exists(p) {
        const before = nodeWriteFileSystem.exists(p);
        // Another process creates the certificate right after it was checked.
        if (p === cert) fs.writeFileSync(cert, 'theirs');
        return before;
      },
    };
    const f = expectFailure(writeNewFiles([{ path: key, content: KEY }, { path: cert, content: CERT }], racing));
    assert.ok(f.message.includes(cert), f.message);
    assert.equal(fs.existsSync(key), false, 'the key this call created was removed');
    assert.equal(fs.readFileSync(cert, 'utf8'), 'theirs');
  });

  it('removes the files it created when a later write fails (all or nothing)', () => {
    const dir = hostDir();
    const key = path.join(dir, 'client.key');
    const cert = path.join(dir, 'client.cert');
    let certFd = -1;
    const failing: WriteFileSystem = {
      ...nodeWriteFileSystem,
      open(p, flags, mode) {
        const fd = nodeWriteFileSystem.open(p, flags, mode);
        if (p === cert) certFd = fd;
        return fd;
      },
      write(fd, content) {
        if (fd === certFd) throw errno('ENOSPC', cert);
        nodeWriteFileSystem.write(fd, content);
      },
    };
    const f = expectFailure(writeNewFiles([{ path: key, content: KEY }, { path: cert, content: CERT }], failing));
    assert.match(f.message, /ENOSPC/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  describe('in a folder that needs root (EACCES injected: the tests run as root)', () => {
    // A host folder name no shell would take literally: space, quotes, $, backslash.
    const NAME = `reg it's "x" $HOME \\n:5000`;

    function denied(dir: string, code = 'EACCES'): WriteFileSystem {
      return {
        ...nodeWriteFileSystem,
        open(p, flags, mode) {
          if (path.dirname(p) === dir) throw errno(code, p);
          return nodeWriteFileSystem.open(p, flags, mode);
        },
      };
    }

    const staged: string[] = [];
    after(() => {
      for (const d of staged) fs.rmSync(d, { recursive: true, force: true });
    });

    /** writeNewFiles as a non-root user would see it: the folder, the command, the staged copies. */
    function attempt(code = 'EACCES'): { dir: string; key: string; cert: string; message: string; command: string; tempDir: string } {
      const dir = hostDir(NAME);
      const key = path.join(dir, 'client.key');
      const cert = path.join(dir, 'client.cert');
      const f = expectFailure(writeNewFiles([{ path: key, content: KEY, mode: 0o600 }, { path: cert, content: CERT }], denied(dir, code)));
      assert.ok(f.shellCommand, 'a shell command is offered');
      const tempDir = /The files wait in (.+) \(readable by you only\)/.exec(f.message)?.[1];
      assert.ok(tempDir && tempDir.startsWith(os.tmpdir()), f.message);
      staged.push(tempDir);
      return { dir, key, cert, message: f.message, command: f.shellCommand, tempDir };
    }

    /** The command as the user runs it, minus sudo (we are root already). */
    function runCommand(command: string): { status: number | null; stderr: string } {
      assert.match(command, /^sudo sh -c '/);
      const r = spawnSync('sh', ['-c', command.replace(/^sudo /, '')], { encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr };
    }

    it('says the folder needs root, writes nothing, and offers a well-formed sudo command', () => {
      const a = attempt();
      assert.match(a.message, /Permission denied writing to .*: the folder needs root\. Nothing was written\./);
      assert.ok(a.message.includes(a.dir), a.message);
      assert.deepEqual(fs.readdirSync(a.dir), []);
      const syntax = spawnSync('sh', ['-n', '-c', a.command], { encoding: 'utf8' });
      assert.equal(syntax.status, 0, `sh -n: ${syntax.stderr}`);
    });

    it('also for EPERM', () => {
      const a = attempt('EPERM');
      assert.match(a.message, /needs root/);
    });

    it('stages the content in a private temp folder: folder 0700, files 0600', () => {
      const a = attempt();
      assert.equal(modeOf(a.tempDir), 0o700);
      const files = fs.readdirSync(a.tempDir).sort();
      assert.deepEqual(files, ['1-client.key', '2-client.cert']);
      for (const f of files) assert.equal(modeOf(path.join(a.tempDir, f)), 0o600);
    });

    it('the command creates the files with their modes and content, then removes the staged copies', () => {
      const a = attempt();
      const r = runCommand(a.command);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(fs.readFileSync(a.key, 'utf8'), KEY);
      assert.equal(fs.readFileSync(a.cert, 'utf8'), CERT);
      assert.equal(modeOf(a.key), 0o600);
      assert.equal(modeOf(a.cert), 0o644);
      assert.equal(fs.existsSync(a.tempDir), false, 'staged copies removed');
    });

    it('the command refuses to overwrite: an existing target stays, nothing else is created', () => {
      const a = attempt();
      fs.writeFileSync(a.cert, 'theirs');
      const r = runCommand(a.command);
      assert.notEqual(r.status, 0);
      assert.ok(r.stderr.includes(`${a.cert} already exists; nothing written`), r.stderr);
      assert.equal(fs.readFileSync(a.cert, 'utf8'), 'theirs');
      assert.equal(fs.existsSync(a.key), false);
      assert.equal(fs.existsSync(path.join(a.tempDir, '1-client.key')), true, 'staged copies kept for another try');
    });

    it('the command removes the files it created when a later one fails', () => {
      const a = attempt();
      // Make the second copy fail after the first succeeded: its staged source is gone.
      fs.unlinkSync(path.join(a.tempDir, '2-client.cert'));
      const r = runCommand(a.command);
      assert.notEqual(r.status, 0);
      assert.deepEqual(fs.readdirSync(a.dir), []);
    });
  });
});
