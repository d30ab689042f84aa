/**
 * certsd/ca-as-cert (rules/caAsCert.ts): which `.cert` files are CA certificates saved with the
 * client-certificate extension, and the finding whole (the engine's verdict, the certificate named,
 * the rename), per engine; and the client certificates it must leave alone.
 */
import * as assert from 'node:assert/strict';
import { Finding } from '../../server/src/core/findings';
import { Engine } from '../../server/src/core/tree';
import { checkTree, deniedFileSystem, describeFindings, findings, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { bundle, clientCert, ecKey, issuedBy, pkcs8Pem, rsaKey, selfSigned, TestCert } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const CODE = 'certsd/ca-as-cert';
/** `-----BEGIN CERTIFICATE-----`, the first line of a PEM certificate file. */
const BEGIN_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } };

describe('certsd/ca-as-cert', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let intermediate: TestCert;
  let selfSignedServer: TestCert;
  let noCommonName: TestCert;

  before(async () => {
    pki = await commonPki();
    intermediate = await issuedBy(pki.ca, { commonName: 'Registry Intermediate CA', ca: true, key: ecKey('P-256', 4) });
    // A registry's self-signed server certificate: not a CA, but self-issued (what users trust as a root).
    selfSignedServer = await selfSigned({ commonName: 'reg.example.com', sans: ['reg.example.com'], key: ecKey('P-256', 5) });
    noCommonName = await selfSigned({ subject: 'O=Acme Corp', ca: true, key: ecKey('P-256', 6) });
  });

  function run(files: TreeSpec, engine: Engine = 'docker', o: { denied?: string[] } = {}): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine, o.denied ? { fs: (t) => deniedFileSystem(o.denied!.map((n) => t.path('certs.d', REGISTRY, n))) } : {});
  }

  function caAsCert(r: TreeRun): Finding[] {
    return findings(r.report, CODE);
  }

  /** The finding on `name`, which must be renamed to `to` (a rename offered unless `fix` is false). */
  function expected(r: TreeRun, name: string, verdict: string, described: string, o: { range?: Finding['range']; fix?: boolean } = {}): Finding {
    const base = name.slice(0, -'.cert'.length);
    const f: Finding = {
      code: CODE,
      severity: 'error',
      path: r.file(name),
      range: o.range ?? BEGIN_LINE,
      summary: `${name} holds a CA certificate, and CA certificates must be named .crt`,
      message: `${verdict}${name} holds a CA certificate (${described}), and CA certificates must use the extension .crt: rename it to ${base}.crt.`,
      hostPath: r.file('').replace(/\/$/, ''),
      fixes: o.fix === false ? [] : [{ kind: 'rename', title: `Rename to ${base}.crt`, from: r.file(name), to: r.file(`${base}.crt`), preferred: true }],
    };
    return f;
  }

  it('Docker: a CA without a key, with Docker\'s refusal quoted and the rename to .crt', () => {
    const r = run({ 'ca.cert': pki.ca.pem });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'ca.cert', 'Docker refuses the whole folder: "missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt". ', '"Registry CA"'),
    ]);
  });

  it("Podman: its own wording of the refusal", () => {
    const r = run({ 'ca.cert': pki.ca.pem }, 'podman');
    assert.deepEqual(caAsCert(r), [
      expected(r, 'ca.cert', 'Podman refuses the whole folder: "missing key ca.key for client certificate ca.cert. Note that CA certificates should use the extension .crt". ', '"Registry CA"'),
    ]);
  });

  it('containerd: it reads the key from the .cert itself, and finds a certificate there', () => {
    const r = run({ 'ca.cert': pki.ca.pem }, 'containerd');
    assert.deepEqual(caAsCert(r), [
      expected(r, 'ca.cert', 'containerd refuses the whole folder: "failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key". ', '"Registry CA"'),
    ]);
  });

  it('an intermediate CA (not self-issued) and a self-signed server certificate (not a CA) are both CA files', () => {
    const r = run({ 'inter.cert': intermediate.pem, 'server.cert': selfSignedServer.pem });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'inter.cert', 'Docker refuses the whole folder: "missing key inter.key for client certificate inter.cert. CA certificates must use the extension .crt". ', '"Registry Intermediate CA"'),
      expected(
        r,
        'server.cert',
        'Docker would also refuse the whole folder once inter.cert is fixed: "missing key server.key for client certificate server.cert. CA certificates must use the extension .crt". ',
        '"reg.example.com"',
      ),
    ]);
  });

  it('names a CA without a common name by its subject', () => {
    const r = run({ 'acme.cert': noCommonName.pem });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'acme.cert', 'Docker refuses the whole folder: "missing key acme.key for client certificate acme.cert. CA certificates must use the extension .crt". ', '"O=Acme Corp"'),
    ]);
  });

  it('a DER CA saved as .cert: no text line to point at', () => {
    const r = run({ 'ca.cert': pki.ca.der });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'ca.cert', 'Docker refuses the whole folder: "missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt". ', '"Registry CA"', {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }),
    ]);
  });

  it('a CA beside a key of another certificate: Docker blames the pair on the key, and that is the verdict quoted', () => {
    const r = run({ 'ca.cert': pki.ca.pem, 'ca.key': pkcs8Pem(pki.client.key) });
    assert.deepEqual(caAsCert(r), [expected(r, 'ca.cert', 'Docker refuses the whole folder: "tls: private key does not match public key". ', '"Registry CA"')]);
  });

  it('among other pairs: the CA\'s own pair and its own refusal, not the first ones of the folder', () => {
    // a.cert + a.key load; a0.cert (a client certificate) has no key; b.cert is a CA beside a key of another.
    const r = run({ 'a.cert': pki.client.pem, 'a.key': pkcs8Pem(pki.client.key), 'a0.cert': pki.client.pem, 'b.cert': pki.ca.pem, 'b.key': pkcs8Pem(pki.server.key) });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'b.cert', 'Docker would also refuse the whole folder once a0.cert is fixed: "tls: private key does not match public key". ', '"Registry CA"'),
    ]);
  });

  it('a CA beside a key the engine may not read: no verdict of its own to quote (read-error says it)', () => {
    const r = run({ 'ca.cert': pki.ca.pem, 'ca.key': pkcs8Pem(pki.ca.key) }, 'docker', { denied: ['ca.key'] });
    assert.deepEqual(caAsCert(r), [expected(r, 'ca.cert', '', '"Registry CA"')]);
  });

  it('offers no rename onto a name that is taken', () => {
    const r = run({ 'ca.cert': pki.ca.pem, 'ca.crt': pki.ca.pem });
    assert.deepEqual(caAsCert(r), [
      expected(r, 'ca.cert', 'Docker refuses the whole folder: "missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt". ', '"Registry CA"', { fix: false }),
    ]);
  });

  describe('leaves alone', () => {
    const none = (r: TreeRun) => assert.deepEqual(caAsCert(r), [], describeFindings(r.report));

    it('a CA in a .crt', () => none(run({ 'ca.crt': pki.ca.pem })));

    it('a server certificate issued by a CA (neither a CA nor self-issued) saved as .cert', () => none(run({ 'registry.cert': pki.server.pem })));

    it('a .cert holding no certificate at all', () => none(run({ 'ca.cert': pkcs8Pem(pki.ca.key) })));

    it('a .cert that is a folder', () => none(run({ 'ca.cert': { 'x.crt': pki.ca.pem } })));

    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      it(`${engine}: a CA certificate that loads as a client pair with its own key`, () => {
        const r = run({ 'ca.cert': pki.ca.pem, 'ca.key': pkcs8Pem(pki.ca.key) }, engine);
        assert.equal(r.load.clientPairs, 1);
        none(r);
      });
    }

    it('a self-signed client certificate (not a CA) beside a key that is not its own: the pair is at fault', () => {
      const r = run({ 'client.cert': selfSignedServer.pem, 'client.key': pkcs8Pem(ecKey('P-256', 7)) });
      assert.equal(r.load.error, 'tls: private key does not match public key');
      none(r);
    });

    it('a client chain saved CA first, with the leaf\'s key: the key gives it away', async () => {
      const leaf = await clientCert(intermediate, { key: rsaKey(2048, 2) });
      const r = run({ 'client.cert': bundle(intermediate, leaf), 'client.key': pkcs8Pem(leaf.key) });
      none(r);
      // The same chain without the key is a CA file.
      const alone = run({ 'client.cert': bundle(intermediate, leaf) });
      assert.deepEqual(caAsCert(alone).map((f) => f.path), [alone.file('client.cert')]);
    });

    it('with a hosts.toml the files are named, not found by extension', () => {
      none(run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\nca = "ca.cert"\n', 'ca.cert': pki.ca.pem }, 'containerd'));
    });
  });
});
