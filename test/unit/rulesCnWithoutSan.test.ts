/**
 * certsd/cn-without-san (server/src/core/rules/cnWithoutSan.ts): which certificates in a host folder
 * name their host only in the Common Name. A CA is not asked for a SAN, except a self-signed CA:TRUE
 * certificate whose Common Name is a host name (`openssl req -x509 -subj /CN=host` makes those):
 * the registry presents that very certificate, and Go checks the host name against it.
 */
import * as assert from 'node:assert/strict';
import { assertNoFinding, checkTree, findings, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { clientCert, ecKey, issuedBy, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, TreeSpec, tempTrees } from '../helpers/tree';

const CODE = 'certsd/cn-without-san';
const GO = '"x509: certificate relies on legacy Common Name field, use SANs instead"';

describe('rule cn-without-san', function () {
  this.timeout(60_000);
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  const run = (files: TreeSpec): TreeRun => checkTree(makeTree, { [REGISTRY]: files }, 'docker');
  /** A self-signed CA:TRUE certificate with this Common Name and no subjectAltName at all. */
  const selfSignedNamed = (commonName: string) => selfSignedCa({ commonName, sans: undefined, key: ecKey('P-256', 3) });

  it('reports a self-signed CA whose Common Name is a host name, with the whole finding', async () => {
    const r = run({ 'ca.crt': (await selfSignedNamed('reg.example.com')).pem });
    const fs = findings(r.report, CODE);
    assert.equal(fs.length, 1);
    const f = fs[0];
    assert.equal(f.path, r.file('ca.crt'));
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, { start: { line: 0, character: 0 }, end: { line: f.range.end.line, character: '-----END CERTIFICATE-----'.length } });
    assert.ok(f.range.end.line > 0);
    assert.equal(f.summary, 'The certificate names its host only in the Common Name, without a subjectAltName');
    assert.ok(f.message.startsWith('Certificate '), f.message);
    assert.ok(f.message.includes('reg.example.com'), f.message);
    assert.ok(f.message.endsWith(` names its host only in the Common Name. If the registry presents it, Go refuses it with ${GO}: reissue it with a subjectAltName for reg.example.com.`), f.message);
  });

  // What counts as a host name in a CA's Common Name: letters, digits and '-' in labels that start
  // and end with a letter or digit, at least one dot (a '*' may start it), or "localhost".
  const HOSTS = ['reg.example.com', 'a.b', 'ab.example.com', 'registry-1.example.com', '*.example.com', '10.0.0.5', 'localhost', 'LocalHost'];
  const NOT_HOSTS = ['Acme Root CA', '-reg.example.com', 'reg-.example.com', 'reg..example.com', 'reg.example.com.', 'reg.example.com:5000', 'reg.example.com/v2', 'mylocalhost', 'localhostx', 'registry', 'reg.ex_ample.com'];

  for (const cn of HOSTS) {
    it(`reports a self-signed CA named ${JSON.stringify(cn)} (a host name)`, async () => {
      const r = run({ 'ca.crt': (await selfSignedNamed(cn)).pem });
      assert.deepEqual(findings(r.report, CODE).map((f) => f.path), [r.file('ca.crt')]);
    });
  }

  for (const cn of NOT_HOSTS) {
    it(`leaves a self-signed CA named ${JSON.stringify(cn)} alone (not a host name)`, async () => {
      assertNoFinding(run({ 'ca.crt': (await selfSignedNamed(cn)).pem }).report, CODE);
    });
  }

  it('leaves alone a host-named CA with a subjectAltName, a CA without a Common Name, and one another CA issued', async () => {
    const withSan = await selfSignedCa({ commonName: 'reg.example.com', sans: ['reg.example.com'], key: ecKey('P-256', 3) });
    const noCn = await selfSignedCa({ subject: 'O=Acme', sans: undefined, key: ecKey('P-256', 3) });
    const intermediate = await issuedBy(pki.ca, { commonName: 'reg.example.com', ca: true, sans: undefined, key: ecKey('P-256', 4) });
    for (const pem of [withSan.pem, noCn.pem, intermediate.pem]) assertNoFinding(run({ 'ca.crt': pem }).report, CODE);
  });

  it('asks only certificates trusted as roots: not a client certificate in a .cert', async () => {
    const client = await clientCert(pki.ca, { commonName: 'reg.example.com', sans: undefined, key: ecKey('P-256', 5) });
    const r = run({ 'ca.crt': pki.ca.pem, 'client.cert': client.pem, 'client.key': file(pkcs8Pem(client.key), 0o600) });
    assertNoFinding(r.report, CODE);
  });
});
