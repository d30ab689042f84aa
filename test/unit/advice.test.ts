/**
 * Advice found wrong by the conformance suite, and Docker's two storage paths, on trees built at
 * test time. Engine error texts are what the engines' own code printed in the conformance suite.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { Engine } from '../../server/src/core/tree';
import { assertNoFinding, checkTree, describeFindings, findings, theFinding, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { pemBlock, pkcs8Pem, rsaKey, selfSignedCa, TestCert, x25519Key } from '../helpers/pki';
import { basicConstraints, buildCertificate, pem, TbsOptions } from '../helpers/der';
import { symlink, tempTrees, TreeSpec } from '../helpers/tree';

describe('advice the engines agree with', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  /** What `openssl req -new -x509` makes for a client, as Docker's documentation does: CA:TRUE, self-signed. */
  let docsClient: TestCert;

  before(async () => {
    pki = await commonPki();
    docsClient = await selfSignedCa({ commonName: 'docs-client', key: rsaKey(2048, 3) });
  });

  function run(files: TreeSpec, engine: Engine = 'docker', o: TreeRunOptions = {}): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine, o);
  }

  it('blames an X25519 key, not the extension, beside a self-signed CA:TRUE client certificate', () => {
    const t = run({ 'client.cert': docsClient.pem, 'client.key': pkcs8Pem(x25519Key()) });
    assertNoFinding(t.report, 'certsd/ca-as-cert');
    const f = theFinding(t.report, 'certsd/invalid-key-pair');
    assert.match(f.message, /"tls: found unknown private key type in PKCS#8 wrapping"/);
    assert.match(f.message, /client\.key is an X25519 key, which cannot sign/);
  });

  it('says how to convert an OpenSSH-format key', () => {
    const openssh = pemBlock('OPENSSH PRIVATE KEY', Buffer.concat([Buffer.from('openssh-key-v1\0'), crypto.randomBytes(64)]));
    const t = run({ 'client.cert': docsClient.pem, 'client.key': openssh });
    assertNoFinding(t.report, 'certsd/ca-as-cert');
    const f = theFinding(t.report, 'certsd/invalid-key-pair');
    assert.match(f.message, /"tls: failed to parse private key"/);
    assert.match(f.message, /OpenSSH's own format.*ssh-keygen -p -m PKCS8 -f client\.key/);
  });

  it('names a curve Go does not implement', () => {
    const k1 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    const t = run({ 'client.cert': docsClient.pem, 'client.key': k1.export({ type: 'sec1', format: 'pem' }) as string });
    const f = theFinding(t.report, 'certsd/invalid-key-pair');
    assert.match(f.message, /client\.key is an EC key on secp256k1, a curve Go does not implement/);
  });

  it('still calls a CA without a key beside it a CA saved as .cert', () => {
    const t = run({ 'ca.cert': pki.ca.pem });
    theFinding(t.report, 'certsd/ca-as-cert');
  });

  it('tells an END line without its dashes from a missing one', () => {
    const broken = pki.ca.pem.replace('-----END CERTIFICATE-----', 'END CERTIFICATE');
    const t = run({ 'ca.crt': broken });
    assert.match(theFinding(t.report, 'certsd/ca-unusable').message, /END line .* is malformed: it must read exactly -----END CERTIFICATE-----/);
    const cut = pki.ca.pem.replace('-----END CERTIFICATE-----', '');
    assert.match(run({ 'ca.crt': cut }).report.findings.map((f) => f.message).join('\n'), /has no END line/);
  });

  it("quotes Go's parse error for a certificate it refuses", () => {
    const t = run({ 'ca.crt': pki.ca.pem, 'dup.crt': caWith({ extensions: [basicConstraints(true), basicConstraints(true)] }) });
    assert.match(theFinding(t.report, 'certsd/ca-unusable', t.file('dup.crt')).message, /Go cannot parse the certificate in dup\.crt \("x509: certificate contains duplicate extension with OID/);
  });

  it('says a symlink loops instead of asking to make it readable', () => {
    const t = run({ 'ca.crt': symlink('ca.crt') });
    const f = theFinding(t.report, 'certsd/read-error');
    assert.match(f.message, /too many levels of symbolic links/);
    assert.match(f.message, /loops back on itself/);
    assert.doesNotMatch(f.message, /Make it readable/);
  });

  it('says a second refusal is only met once the first is fixed', () => {
    const t = run({ 'a.cert': pki.client.pem, 'b.cert': pki.client.pem });
    const [a, b] = [theFinding(t.report, 'certsd/missing-key', t.file('a.cert')), theFinding(t.report, 'certsd/missing-key', t.file('b.cert'))];
    assert.match(a.message, /^Docker refuses the whole folder: "missing key a\.key/);
    assert.match(b.message, /^Docker would also refuse the whole folder once a\.cert is fixed: "missing key b\.key/);
  });
});

describe("Docker's two storage paths", () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  it('reads pulls through containerd and docker login through moby with the containerd image store', () => {
    // K2: a lone .key is ignored by containerd, refused by moby.
    const t = checkTree(makeTree, { [REGISTRY]: { 'ca.crt': pki.ca.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)) } }, 'docker', { dockerStore: 'containerd' });
    const host = t.report.hosts[0];
    assert.equal(host.dockerStore?.store, 'containerd');
    assert.equal(host.load.ok, true, host.load.error);
    assert.equal(host.load.caRoots, 1);
    assert.equal(host.login?.ok, false);
    assert.equal(host.login?.error, 'missing client certificate client.cert for key client.key');
    const f = findings(t.report, 'certsd/missing-client-cert');
    assert.equal(f.length, 1, describeFindings(t.report));
    assert.match(f[0].message, /^docker login refuses the whole folder/);
  });

  it('says a finding both paths make once, as Docker', () => {
    const t = checkTree(makeTree, { [REGISTRY]: { 'ca.crt': pki.ca.pem, 'ca.pem': pki.ca.pem } }, 'docker', { dockerStore: 'containerd' });
    const ignored = findings(t.report, 'certsd/ignored-extension');
    assert.equal(ignored.length, 1, describeFindings(t.report));
    assert.match(ignored[0].message, /^Docker ignores ca\.pem/);
  });

  it('names the operation when the two paths refuse with different errors', () => {
    const t = checkTree(makeTree, { [REGISTRY]: { 'ca.cert': pki.ca.pem } }, 'docker', { dockerStore: 'containerd' });
    const caAsCert = findings(t.report, 'certsd/ca-as-cert');
    assert.equal(caAsCert.length, 2, describeFindings(t.report));
    assert.deepEqual(caAsCert.map((f) => f.message.split(' refuses')[0]).sort(), ['Docker (pulls and pushes)', 'docker login']);
  });

  it('uses one loader for everything with graph drivers', () => {
    const t = checkTree(makeTree, { [REGISTRY]: { 'ca.crt': pki.ca.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)) } }, 'docker', { dockerStore: 'graphdriver' });
    const host = t.report.hosts[0];
    assert.equal(host.load, host.login);
    assert.equal(host.load.error, 'missing client certificate client.cert for key client.key');
    assert.match(theFinding(t.report, 'certsd/missing-client-cert').message, /^Docker refuses the whole folder/);
  });

  it('parses with the Go defaults of the release: Docker 28 accepts a negative serial, Docker 29 does not', () => {
    const negative = caWith({ serial: -255n });
    const files = { [REGISTRY]: { 'ca.crt': negative } };
    const d28 = checkTree(makeTree, files, 'docker', { releases: { docker: '28' } });
    assert.equal(d28.load.caRoots, 1, describeFindings(d28.report));
    const d29 = checkTree(makeTree, files, 'docker', { releases: { docker: '29' } });
    assert.equal(d29.load.caRoots, 0);
    assert.match(theFinding(d29.report, 'certsd/ca-unusable').message, /x509: negative serial number/);
  });
});

/** A CA certificate (CA:TRUE), signed by its own key, with one TBSCertificate field chosen. */
function caWith(o: TbsOptions): string {
  const key = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return pem('CERTIFICATE', buildCertificate(key, { extensions: [basicConstraints(true)], ...o }));
}
