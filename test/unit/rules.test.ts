/**
 * Every rule on a tree built at test time. Findings quote the engine's own error verbatim; those
 * texts are typed here from spec/engine-rules.md.
 */
import * as assert from 'node:assert/strict';
import { Fix } from '../../server/src/core/findings';
import { Engine } from '../../server/src/core/tree';
import { assertNoFinding, checkTree, codes, deniedFileSystem, findings, theFinding, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import {
  bundle,
  clientCert,
  ecKey,
  encryptedPkcs8Pem,
  issuedBy,
  opensslTextDump,
  pemBlock,
  pkcs1Pem,
  pkcs8Pem,
  rsaKey,
  selfSigned,
  selfSignedCa,
  serverCert,
  TestCert,
} from '../helpers/pki';
import { dir, file, symlink, tempTrees, TreeSpec } from '../helpers/tree';

const DAY = 86_400_000;

describe('rules', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  /** certs.d/<REGISTRY>/ holding `files`, checked under `engine`. */
  function run(files: TreeSpec, engine: Engine = 'docker', o: TreeRunOptions = {}): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine, o);
  }

  function runHosts(hosts: TreeSpec, engine: Engine = 'docker', o: TreeRunOptions = {}): TreeRun {
    return checkTree(makeTree, hosts, engine, o);
  }

  function renameFixOf(fixes: Fix[] | undefined): { from: string; to: string } | undefined {
    const fix = fixes?.find((f) => f.kind === 'rename');
    return fix && fix.kind === 'rename' ? { from: fix.from, to: fix.to } : undefined;
  }

  describe('certsd/missing-key (K1)', () => {
    it('reports a server certificate saved as .cert without its key (not a CA, so not ca-as-cert)', () => {
      const r = run({ 'ca.crt': pki.ca.pem, 'registry.cert': pki.server.pem }, 'docker');
      assert.equal(r.load.error, 'missing key registry.key for client certificate registry.cert. CA certificates must use the extension .crt');
      const f = theFinding(r.report, 'certsd/missing-key', r.file('registry.cert'));
      assert.equal(f.severity, 'error');
      assertNoFinding(r.report, 'certsd/ca-as-cert');
    });

    it('reports missing key for a .cert without its .key, quoting Docker', () => {
      const r = run({ 'client.cert': pki.client.pem });
      const f = theFinding(r.report, 'certsd/missing-key', r.file('client.cert'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes('missing key client.key for client certificate client.cert. CA certificates must use the extension .crt'), f.message);
    });

    it('quotes Podman\'s wording under podman', () => {
      const r = run({ 'client.cert': pki.client.pem }, 'podman');
      const f = theFinding(r.report, 'certsd/missing-key', r.file('client.cert'));
      assert.ok(f.message.includes('missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt'), f.message);
    });

    it('is not a containerd rule: containerd reads the key from the .cert and fails there', () => {
      const r = run({ 'client.cert': pki.client.pem }, 'containerd');
      assertNoFinding(r.report, 'certsd/missing-key');
      const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.cert'));
      assert.ok(f.message.includes('failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key'), f.message);
    });

    it('stays quiet when the .cert holds cert and key for containerd', () => {
      const r = run({ 'client.cert': pki.client.pem + pkcs8Pem(pki.client.key) }, 'containerd');
      assert.deepEqual(findings(r.report, 'certsd/invalid-key-pair'), []);
      assert.equal(r.load.clientPairs, 1);
    });
  });

  describe('certsd/ca-as-cert', () => {
    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      it(`reports a CA saved as ca.cert, with a rename to ca.crt, under ${engine}`, () => {
        const r = run({ 'ca.cert': pki.ca.pem }, engine);
        const f = theFinding(r.report, 'certsd/ca-as-cert', r.file('ca.cert'));
        assert.equal(f.severity, 'error');
        assert.deepEqual(renameFixOf(f.fixes), { from: r.file('ca.cert'), to: r.file('ca.crt') });
        // One finding per mistake: not also a missing key or a broken pair.
        assertNoFinding(r.report, 'certsd/missing-key');
        assertNoFinding(r.report, 'certsd/invalid-key-pair');
      });
    }

    it('quotes the engine error the misnamed CA causes', () => {
      const r = run({ 'ca.cert': pki.ca.pem }, 'docker');
      const f = theFinding(r.report, 'certsd/ca-as-cert');
      assert.ok(f.message.includes('missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt'), f.message);
    });

    it('offers no rename when ca.crt already exists', () => {
      const r = run({ 'ca.cert': pki.ca.pem, 'ca.crt': pki.ca.pem });
      const f = theFinding(r.report, 'certsd/ca-as-cert', r.file('ca.cert'));
      assert.equal(renameFixOf(f.fixes), undefined);
    });

    it('does not flag a self-signed client pair made as in Docker\'s docs', async () => {
      // openssl genrsa -out client.key; openssl req -new -x509 -text -key client.key -out client.cert
      // (OpenSSL marks such a certificate CA:TRUE; 2048 bits here instead of 4096, for speed.)
      const cert = await selfSigned({ commonName: 'docker-client', ca: true, key: rsaKey(2048, 3) });
      for (const engine of ['docker', 'podman', 'containerd'] as const) {
        const r = run({ 'client.cert': opensslTextDump(cert) + cert.pem, 'client.key': file(pkcs1Pem(cert.key), 0o600) }, engine);
        assert.deepEqual(codes(r.report), [], `${engine}:\n${r.report.findings.map((x) => x.message).join('\n')}`);
        assert.equal(r.load.clientPairs, 1);
      }
    });
  });

  describe('certsd/missing-client-cert and certsd/server-key (K2)', () => {
    it('reports the registry key copied with its certificate, quoting Docker', () => {
      const r = run({ 'ca.crt': pki.ca.pem, 'ca.key': file(pkcs8Pem(pki.ca.key), 0o600) }, 'docker');
      const f = theFinding(r.report, 'certsd/server-key', r.file('ca.key'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes('missing client certificate ca.cert for key ca.key'), f.message);
      assertNoFinding(r.report, 'certsd/missing-client-cert');
    });

    it('reports the copied key as a warning only under containerd, which ignores it', () => {
      const r = run({ 'registry.crt': pki.server.pem, 'registry.key': file(pkcs8Pem(pki.server.key), 0o600) }, 'containerd');
      const f = theFinding(r.report, 'certsd/server-key', r.file('registry.key'));
      assert.equal(f.severity, 'warning');
      assert.equal(r.load.ok, true);
    });

    it('suggests renaming a client certificate saved as client.crt to client.cert', () => {
      const r = run({ 'client.crt': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }, 'podman');
      const f = theFinding(r.report, 'certsd/missing-client-cert', r.file('client.key'));
      assert.ok(f.message.includes('missing client certificate client.cert for key client.key'), f.message);
      assert.deepEqual(renameFixOf(f.fixes), { from: r.file('client.crt'), to: r.file('client.cert') });
      assertNoFinding(r.report, 'certsd/server-key');
    });

    it('says a key beside its CSR waits for the signed certificate', () => {
      const r = run({ 'client.key': file(pkcs8Pem(pki.client.key), 0o600), 'client.csr': 'csr\n' }, 'docker');
      const f = theFinding(r.report, 'certsd/missing-client-cert', r.file('client.key'));
      assert.match(f.message, /client\.csr is waiting to be signed: put the certificate .* here as client\.cert/);
    });

    it('reports a lone key', () => {
      const r = run({ 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }, 'docker');
      const f = theFinding(r.report, 'certsd/missing-client-cert', r.file('client.key'));
      assert.ok(f.message.includes('missing client certificate client.cert for key client.key'), f.message);
    });
  });

  describe('certsd/invalid-key-pair (K4-K9)', () => {
    it('blames the .cert when the contents are swapped', () => {
      const r = run({ 'client.cert': pkcs8Pem(pki.client.key), 'client.key': pki.client.pem });
      const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.cert'));
      assert.ok(
        f.message.includes('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched'),
        f.message,
      );
    });

    it('blames the .key when it is encrypted, and says so', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': file(encryptedPkcs8Pem(pki.client.key), 0o600) });
      const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
      assert.ok(f.message.includes('tls: failed to parse private key'), f.message);
      assert.match(f.message, /encrypted/);
    });

    it('explains a chain whose leaf is not first', async () => {
      const intermediate = await issuedBy(pki.ca, { commonName: 'Intermediate CA', ca: true, key: ecKey('P-256', 4) });
      const leaf = await clientCert(intermediate, { key: ecKey('P-256', 5) });
      const r = run({ 'client.cert': bundle(intermediate, leaf), 'client.key': file(pkcs8Pem(leaf.key), 0o600) });
      const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
      assert.ok(f.message.includes('tls: private key does not match public key'), f.message);
      assert.match(f.message, /later certificate/);
    });

    it('quotes containerd\'s wrapped error for a key of another algorithm', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(ecKey()), 0o600) }, 'containerd');
      const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
      assert.ok(f.message.includes('failed to load X509 key pair: tls: private key type does not match public key type'), f.message);
    });
  });

  describe('certsd/ca-unusable (C1, C2, F4)', () => {
    it('only warns about a useless .crt when another .crt still gives Docker its CA roots', () => {
      const r = run({ '._ca.crt': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]), 'ca.crt': pki.ca.pem }, 'docker');
      assert.equal(r.load.caRoots, 1);
      const f = theFinding(r.report, 'certsd/ca-unusable', r.file('._ca.crt'));
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /the other \.crt files still give it CA roots/);
      assert.doesNotMatch(f.message, /unknown authority/);
    });

    it('says Docker silently ignores a DER ca.crt, and offers the conversion', () => {
      const r = run({ 'ca.crt': pki.ca.der });
      const f = theFinding(r.report, 'certsd/ca-unusable', r.file('ca.crt'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes('x509: certificate signed by unknown authority'), f.message);
      assert.match(f.message, /DER/);
      assert.deepEqual(f.fixes?.map((x) => x.kind), ['der-to-pem']);
    });

    it('quotes containerd for an empty ca.crt', () => {
      const r = run({ 'ca.crt': '' }, 'containerd');
      const f = theFinding(r.report, 'certsd/ca-unusable', r.file('ca.crt'));
      assert.ok(f.message.includes(`unable to load CA cert "${r.file('ca.crt')}"`), f.message);
    });

    const reasons: [string, () => string | Buffer, RegExp][] = [
      ['a BOM', () => '\ufeff' + pki.ca.pem, /byte order mark/],
      ['indented BEGIN/END lines', () => pki.ca.pem.replace(/^-----/gm, '  -----'), /indented/],
      ['headers in the CERTIFICATE block', () => pemBlock('CERTIFICATE', pki.ca.der, { Comment: 'x' }), /header/],
      ['a private key only', () => pkcs8Pem(pki.client.key), /private key/],
    ];
    for (const [what, content, why] of reasons) {
      it(`explains a ca.crt with ${what}`, () => {
        const r = run({ 'ca.crt': content() }, 'podman');
        assert.match(theFinding(r.report, 'certsd/ca-unusable', r.file('ca.crt')).message, why);
      });
    }

    it('calls a ._ca.crt an AppleDouble file', () => {
      const r = run({ '._ca.crt': Buffer.from([0, 5, 0x16, 7, 0, 2, 0, 0]), 'ca.crt': pki.ca.pem });
      assert.match(theFinding(r.report, 'certsd/ca-unusable', r.file('._ca.crt')).message, /AppleDouble/);
    });
  });

  describe('certsd/bom (C2)', () => {
    it('warns about a BOM that hides the first of several certificates', async () => {
      const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey() });
      const r = run({ 'ca.crt': '\ufeff' + bundle(pki.ca, second) });
      const f = theFinding(r.report, 'certsd/bom', r.file('ca.crt'));
      assert.equal(f.severity, 'warning');
      assertNoFinding(r.report, 'certsd/ca-unusable');
    });
  });

  describe('certsd/read-error (F2, F6, P8)', () => {
    it('reports a folder named x.crt, quoting Docker', () => {
      const r = run({ 'x.crt': {} });
      const f = theFinding(r.report, 'certsd/read-error', r.file('x.crt'));
      assert.ok(f.message.includes(`read ${r.file('x.crt')}: is a directory`), f.message);
    });

    it('reports a dangling .crt link as an error under docker', () => {
      const r = run({ 'ca.crt': symlink('missing.pem') });
      const f = theFinding(r.report, 'certsd/read-error', r.file('ca.crt'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes(`open ${r.file('ca.crt')}: no such file or directory`), f.message);
    });

    it('reports a dangling .crt link as a warning under podman, which skips it', () => {
      const r = run({ 'ca.crt': symlink('missing.pem') }, 'podman');
      const f = theFinding(r.report, 'certsd/read-error', r.file('ca.crt'));
      assert.equal(f.severity, 'warning');
      assert.equal(r.load.ok, true);
    });

    it('reports permission denied on a file', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'containerd', { fs: (t) => deniedFileSystem([t.path('certs.d', REGISTRY, 'ca.crt')]) });
      const ca = r.file('ca.crt');
      const f = theFinding(r.report, 'certsd/read-error', ca);
      assert.ok(f.message.includes(`unable to read CA cert "${ca}": open ${ca}: permission denied`), f.message);
    });
  });

  describe('certsd/ignored-extension (F1)', () => {
    const cases: [string, string, () => string | Buffer][] = [
      ['CA.CRT', 'CA.crt', () => pki.ca.pem],
      ['ca.pem', 'ca.crt', () => pki.ca.pem],
      ['ca.crt.pem', 'ca.crt', () => pki.ca.pem],
      ['client.pem', 'client.cert', () => pki.client.pem],
      ['client-key.pem', 'client-key.key', () => pkcs8Pem(pki.client.key)],
    ];
    for (const [name, target, content] of cases) {
      it(`suggests ${target} for ${name}, judged from its content`, () => {
        const r = run({ [name]: content() });
        const f = theFinding(r.report, 'certsd/ignored-extension', r.file(name));
        assert.equal(f.severity, 'warning');
        assert.deepEqual(renameFixOf(f.fixes), { from: r.file(name), to: r.file(target) });
      });
    }

    it('offers to convert a DER .cer to PEM as .crt', () => {
      const r = run({ 'registry.cer': pki.ca.der });
      const f = theFinding(r.report, 'certsd/ignored-extension', r.file('registry.cer'));
      assert.deepEqual(f.fixes, [{ kind: 'der-to-pem', title: 'Convert to PEM as registry.crt', path: r.file('registry.cer'), to: r.file('registry.crt'), preferred: true }]);
    });

    it('offers no rename over an existing file', () => {
      const r = run({ 'ca.pem': pki.ca.pem, 'ca.crt': pki.ca.pem });
      assert.equal(renameFixOf(theFinding(r.report, 'certsd/ignored-extension', r.file('ca.pem')).fixes), undefined);
    });

    it('names the engine that ignores the file', () => {
      const r = run({ 'ca.pem': pki.ca.pem }, 'containerd');
      assert.match(theFinding(r.report, 'certsd/ignored-extension').message, /^containerd ignores ca\.pem/);
    });

    it('leaves files that are not certificates alone', () => {
      const r = run({ 'README.md': '# registry\n', 'ca.crt': pki.ca.pem });
      assertNoFinding(r.report, 'certsd/ignored-extension');
    });
  });

  describe('validity (C7, K10) with an injected clock', () => {
    let cert: TestCert;
    const notBefore = new Date('2030-01-01T00:00:00Z');
    const notAfter = new Date('2031-01-01T00:00:00Z');

    before(async () => {
      cert = await selfSignedCa({ commonName: 'Dated CA', key: ecKey(), notBefore, notAfter });
    });

    it('reports an expired CA certificate', () => {
      const r = run({ 'ca.crt': cert.pem }, 'docker', { now: new Date(notAfter.getTime() + 5 * DAY) });
      const f = theFinding(r.report, 'certsd/expired', r.file('ca.crt'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes('x509: certificate has expired or is not yet valid'), f.message);
      assert.match(f.message, /5 days ago/);
      assertNoFinding(r.report, 'certsd/expiring');
    });

    it('reports a certificate that is not valid yet', () => {
      const r = run({ 'ca.crt': cert.pem }, 'docker', { now: new Date(notBefore.getTime() - DAY) });
      const f = theFinding(r.report, 'certsd/not-yet-valid', r.file('ca.crt'));
      assert.ok(f.message.includes('x509: certificate has expired or is not yet valid'), f.message);
      assertNoFinding(r.report, 'certsd/expired');
    });

    it('warns about a certificate expiring within 30 days by default', () => {
      const r = run({ 'ca.crt': cert.pem }, 'docker', { now: new Date(notAfter.getTime() - 10 * DAY) });
      const f = theFinding(r.report, 'certsd/expiring', r.file('ca.crt'));
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /in 10 days/);
    });

    it('honours a shorter expiry window', () => {
      const r = run({ 'ca.crt': cert.pem }, 'docker', { now: new Date(notAfter.getTime() - 10 * DAY), expiryDays: 7 });
      assertNoFinding(r.report, 'certsd/expiring');
    });

    it('reports nothing about dates for a certificate well within its validity', () => {
      const r = run({ 'ca.crt': cert.pem }, 'docker', { now: new Date('2030-06-01T00:00:00Z') });
      assert.deepEqual(codes(r.report), []);
    });

    it('reports an expired client certificate as one the registry will refuse', async () => {
      const client = await clientCert(pki.ca, { notBefore, notAfter, key: ecKey('P-256', 2) });
      const r = run({ 'client.cert': client.pem, 'client.key': file(pkcs8Pem(client.key), 0o600) }, 'podman', { now: new Date(notAfter.getTime() + DAY) });
      const f = theFinding(r.report, 'certsd/expired', r.file('client.cert'));
      assert.ok(f.message.includes('remote error: tls: bad certificate'), f.message);
      assert.equal(r.load.clientPairs, 1);
    });
  });

  describe('certsd/weak-key', () => {
    it('reports an RSA 1024 certificate and key', async () => {
      const weak = await selfSigned({ commonName: 'weak client', key: rsaKey(1024), extKeyUsage: ['clientAuth'] });
      const weakCa = await selfSignedCa({ commonName: 'weak CA', key: rsaKey(1024, 1) });
      const r = run({ 'ca.crt': weakCa.pem, 'client.cert': weak.pem, 'client.key': file(pkcs1Pem(weak.key), 0o600) });
      assert.deepEqual(
        findings(r.report, 'certsd/weak-key').map((f) => f.path),
        [r.file('ca.crt'), r.file('client.cert'), r.file('client.key')],
      );
      assert.match(theFinding(r.report, 'certsd/weak-key', r.file('ca.crt')).message, /1024 bits/);
    });

    it('accepts RSA 2048 and ECDSA', () => {
      const r = run({ 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) });
      assertNoFinding(r.report, 'certsd/weak-key');
    });
  });

  describe('certsd/weak-signature', () => {
    it('reports a SHA-1 signed client certificate as one Go refuses', async () => {
      const sha1 = await clientCert(pki.ca, { hash: 'SHA-1', key: rsaKey(2048, 2) });
      const r = run({ 'client.cert': sha1.pem, 'client.key': file(pkcs8Pem(sha1.key), 0o600) });
      const f = theFinding(r.report, 'certsd/weak-signature', r.file('client.cert'));
      assert.match(f.message, /sha1WithRSAEncryption/);
      assert.ok(f.message.includes('x509: cannot verify signature: insecure algorithm'), f.message);
    });

    it('reports a SHA-1 self-signed root, whose own signature is not checked', async () => {
      const sha1Root = await selfSignedCa({ commonName: 'Old CA', hash: 'SHA-1', key: rsaKey(2048, 0) });
      const r = run({ 'ca.crt': sha1Root.pem });
      const f = theFinding(r.report, 'certsd/weak-signature', r.file('ca.crt'));
      assert.match(f.message, /not checked/);
    });

    it('accepts SHA-256', () => {
      assertNoFinding(run({ 'ca.crt': pki.ca.pem }).report, 'certsd/weak-signature');
    });
  });

  describe('server certificates used as roots (C6, C9)', () => {
    it('reports a CN without SAN', async () => {
      const legacy = await serverCert(pki.ca, 'reg.example.com', { sans: undefined });
      const r = run({ 'server.crt': legacy.pem });
      const f = theFinding(r.report, 'certsd/cn-without-san', r.file('server.crt'));
      assert.equal(f.severity, 'error');
      assert.ok(f.message.includes('x509: certificate relies on legacy Common Name field, use SANs instead'), f.message);
    });

    it('does not ask a CA for a SAN', () => {
      assertNoFinding(run({ 'ca.crt': pki.ca.pem }).report, 'certsd/cn-without-san');
    });

    it('reports a SAN that does not match the folder\'s host', async () => {
      const other = await serverCert(pki.ca, 'other.example.com');
      const r = run({ 'server.crt': other.pem });
      const f = theFinding(r.report, 'certsd/san-mismatch', r.file('server.crt'));
      assert.ok(f.message.includes('x509: certificate is valid for other.example.com, not reg.example.com'), f.message);
    });

    it('matches the host without the port, and wildcards on one label', async () => {
      const wildcard = await serverCert(pki.ca, '*.example.com');
      assertNoFinding(run({ 'server.crt': pki.server.pem }).report, 'certsd/san-mismatch');
      assertNoFinding(run({ 'server.crt': wildcard.pem }).report, 'certsd/san-mismatch');
      const deeper = runHosts({ 'a.reg.example.com': { 'server.crt': wildcard.pem } }, 'docker', { host: 'a.reg.example.com' });
      theFinding(deeper.report, 'certsd/san-mismatch');
    });

    it('compares IP addresses, not their spelling', async () => {
      const v6 = await serverCert(pki.ca, '::1', { commonName: 'loopback' });
      const r = runHosts({ '[::1]:5000': { 'server.crt': v6.pem } }, 'containerd', { host: '[::1]:5000' });
      assertNoFinding(r.report, 'certsd/san-mismatch');
      const v4 = await serverCert(pki.ca, '10.0.0.5');
      assertNoFinding(runHosts({ '10.0.0.5:5000': { 'server.crt': v4.pem } }).report, 'certsd/san-mismatch');
      theFinding(runHosts({ '10.0.0.6:5000': { 'server.crt': v4.pem } }).report, 'certsd/san-mismatch');
    });

    it('reports a non-CA root as information', () => {
      const r = run({ 'server.crt': pki.server.pem });
      assert.equal(theFinding(r.report, 'certsd/non-ca-root', r.file('server.crt')).severity, 'information');
      assertNoFinding(run({ 'ca.crt': pki.ca.pem }).report, 'certsd/non-ca-root');
    });
  });

  describe('certsd/client-eku (K10)', () => {
    it('warns about a client certificate whose EKU lacks clientAuth', async () => {
      const serverOnly = await clientCert(pki.ca, { extKeyUsage: ['serverAuth'] });
      const r = run({ 'client.cert': serverOnly.pem, 'client.key': file(pkcs8Pem(serverOnly.key), 0o600) });
      const f = theFinding(r.report, 'certsd/client-eku', r.file('client.cert'));
      assert.ok(f.message.includes('remote error: tls: bad certificate'), f.message);
    });

    it('accepts clientAuth, and a certificate without any EKU', async () => {
      const noEku = await clientCert(pki.ca, { extKeyUsage: undefined });
      assertNoFinding(run({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }).report, 'certsd/client-eku');
      assertNoFinding(run({ 'client.cert': noEku.pem, 'client.key': file(pkcs8Pem(noEku.key), 0o600) }).report, 'certsd/client-eku');
    });
  });

  describe('certsd/key-permissions', () => {
    it('warns about a key readable by every user (0644)', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o644) });
      const f = theFinding(r.report, 'certsd/key-permissions', r.file('client.key'));
      assert.match(f.message, /every user \(mode 0644\)/);
    });

    it('warns about a key readable by its group (0640)', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o640) });
      assert.match(theFinding(r.report, 'certsd/key-permissions').message, /its group \(mode 0640\)/);
    });

    it('accepts 0600', () => {
      assertNoFinding(run({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }).report, 'certsd/key-permissions');
    });
  });

  describe('host folder names', () => {
    it("reads containerd's reg_5000_ folder name as the host reg", () => {
      const r = checkTree(makeTree, { 'reg.example.com_5000_': { 'registry.crt': pki.server.pem } }, 'containerd', { host: 'reg.example.com_5000_' });
      assertNoFinding(r.report, 'certsd/san-mismatch');
      const r2 = checkTree(makeTree, { 'other.example.com_5000_': { 'registry.crt': pki.server.pem } }, 'containerd', { host: 'other.example.com_5000_' });
      assert.match(theFinding(r2.report, 'certsd/san-mismatch').message, /not other\.example\.com"/);
    });

    const unread: [string, string][] = [
      ['docker.io', 'warning'],
      ['localhost:5000', 'information'],
      ['127.0.0.1:5000', 'information'],
    ];
    for (const [host, severity] of unread) {
      it(`reports that Docker never reads ${host}`, () => {
        const r = runHosts({ [host]: { 'ca.crt': pki.ca.pem } }, 'docker', { host });
        const f = theFinding(r.report, 'certsd/host-not-read');
        assert.equal(f.path, r.tree.path('certs.d', host));
        assert.equal(f.severity, severity);
      });

      it(`does not report ${host} under podman, which reads it`, () => {
        assertNoFinding(runHosts({ [host]: { 'ca.crt': pki.ca.pem } }, 'podman').report, 'certsd/host-not-read');
      });
    }

    it('reads an ordinary registry folder without comment', () => {
      assertNoFinding(run({ 'ca.crt': pki.ca.pem }).report, 'certsd/host-not-read');
    });

    it('reports a :443 folder with a rename that drops the port', () => {
      const r = runHosts({ 'reg.example.com:443': { 'ca.crt': pki.ca.pem } });
      const f = theFinding(r.report, 'certsd/port-443');
      assert.equal(f.path, r.tree.path('certs.d', 'reg.example.com:443'));
      assert.deepEqual(renameFixOf(f.fixes), { from: r.tree.path('certs.d', 'reg.example.com:443'), to: r.tree.path('certs.d', 'reg.example.com') });
    });

    it('offers no rename of a :443 folder when the plain folder exists', () => {
      const r = runHosts({ 'reg.example.com:443': { 'ca.crt': pki.ca.pem }, 'reg.example.com': { 'ca.crt': pki.ca.pem } });
      assert.equal(renameFixOf(theFinding(r.report, 'certsd/port-443').fixes), undefined);
    });

    it('leaves other ports alone', () => {
      assertNoFinding(run({ 'ca.crt': pki.ca.pem }).report, 'certsd/port-443');
    });
  });

  describe('files the engines never look at', () => {
    it('reports a certificate directly in certs.d, offering to move it into a host folder', () => {
      const { tree, report } = runHosts({ 'ca.crt': pki.ca.pem, 'README.md': 'notes', [REGISTRY]: {}, 'other.example.com': {} });
      const f = theFinding(report, 'certsd/file-in-root');
      assert.equal(f.path, tree.path('certs.d', 'ca.crt'));
      assert.deepEqual(f.fixes, [
        { kind: 'move', title: 'Move into a host folder...', from: tree.path('certs.d', 'ca.crt'), folders: [tree.path('certs.d', 'other.example.com'), tree.path('certs.d', REGISTRY)] },
      ]);
    });

    it('reports a certificate in a sub-folder of a host folder', () => {
      const r = run({ backup: dir({ 'ca.crt': pki.ca.pem }) });
      const f = theFinding(r.report, 'certsd/file-in-subfolder');
      assert.equal(f.path, r.tree.path('certs.d', REGISTRY, 'backup', 'ca.crt'));
    });

    it('tells that containerd ignores loose files beside a hosts.toml', () => {
      const toml = '[host."https://reg.example.com:5000"]\n  ca = "ca.crt"\n';
      const r = run({ 'hosts.toml': toml, 'ca.crt': pki.ca.pem, 'extra.crt': pki.ca.pem }, 'containerd');
      const f = theFinding(r.report, 'certsd/hosts-toml-shadows');
      assert.equal(f.path, r.file('extra.crt'));
      assert.equal(f.severity, 'warning');
    });

    it('does not apply the hosts.toml rule to docker', () => {
      assertNoFinding(run({ 'hosts.toml': 'server = "https://x"\n', 'extra.crt': pki.ca.pem }, 'docker').report, 'certsd/hosts-toml-shadows');
    });
  });

  it('reports nothing for a folder the engines load cleanly', () => {
    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      const r = run({ 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }, engine);
      assert.deepEqual(codes(r.report), [], engine);
    }
  });
});
