/**
 * certsd/bom (server/src/core/rules/bom.ts): a UTF-8 byte order mark before the first PEM block hides
 * that block from Go (encoding/pem finds a BEGIN line only at the start of the text or after a
 * newline). The rule warns when the file still works without that block, and leaves files that end
 * up unusable to the rule that reports them (ca-unusable, invalid-key-pair), with the BOM as reason.
 */
import * as assert from 'node:assert/strict';
import { checkTree, findings, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { bundle, ecKey, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, TreeSpec, tempTrees } from '../helpers/tree';

const CODE = 'certsd/bom';
const BOM = '\ufeff';

describe('rule bom', function () {
  this.timeout(60_000);
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  const run = (files: TreeSpec): TreeRun => checkTree(makeTree, { [REGISTRY]: files }, 'docker');
  const bomPaths = (r: TreeRun) => findings(r.report, CODE).map((f) => f.path);

  it('warns about a CA bundle whose first certificate the BOM hides, with the whole finding', async () => {
    const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey('P-256', 6) });
    const r = run({ 'ca.crt': BOM + bundle(pki.ca, second) });
    const fs = findings(r.report, CODE);
    assert.equal(fs.length, 1);
    assert.equal(fs[0].path, r.file('ca.crt'));
    assert.equal(fs[0].severity, 'warning');
    assert.equal(fs[0].range.start.line, 0);
    assert.equal(fs[0].range.end.line, 0);
    assert.equal(fs[0].summary, 'ca.crt starts with a byte order mark, which hides its first PEM block');
    assert.equal(fs[0].message, 'ca.crt starts with a UTF-8 byte order mark: Go skips the first PEM block (CERTIFICATE). Save the file without a BOM.');
  });

  it('leaves a CA file that adds no certificate at all to ca-unusable', () => {
    const r = run({ 'ca.crt': BOM + pki.ca.pem });
    assert.deepEqual(bomPaths(r), []);
    assert.deepEqual(findings(r.report, 'certsd/ca-unusable').map((f) => f.path), [r.file('ca.crt')]);
  });

  it('leaves a client certificate or key whose only block the BOM hides to the pair error', () => {
    const key = pkcs8Pem(pki.client.key);
    const hiddenCert = run({ 'ca.crt': pki.ca.pem, 'client.cert': BOM + pki.client.pem, 'client.key': file(key, 0o600) });
    assert.deepEqual(bomPaths(hiddenCert), []);
    const hiddenKey = run({ 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': file(BOM + key, 0o600) });
    assert.deepEqual(bomPaths(hiddenKey), []);
  });

  it('warns about each file of a pair that still loads without the hidden block', async () => {
    const other = await selfSignedCa({ commonName: 'Other', key: ecKey('P-256', 7) });
    const key = pkcs8Pem(pki.client.key);
    // The hidden block is another certificate in each: the pair loads from what Go still sees.
    const r = run({ 'ca.crt': pki.ca.pem, 'client.cert': BOM + bundle(other, pki.client), 'client.key': file(BOM + other.pem + key, 0o600) });
    assert.deepEqual(findings(r.report, 'certsd/invalid-key-pair'), []);
    assert.deepEqual(bomPaths(r).sort(), [r.file('client.cert'), r.file('client.key')]);
    const onKey = findings(r.report, CODE).find((f) => f.path === r.file('client.key'))!;
    assert.equal(onKey.message, 'client.key starts with a UTF-8 byte order mark: Go skips the first PEM block (CERTIFICATE). Save the file without a BOM.');
  });

  it('decides file by file: an unusable BOM file beside a good CA is left to ca-unusable, a usable one beside a working pair is reported', async () => {
    const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey('P-256', 6) });
    const unusable = run({ 'a.crt': BOM + second.pem, 'b.crt': pki.ca.pem });
    assert.deepEqual(bomPaths(unusable), []);
    const besidePair = run({ 'ca.crt': BOM + bundle(second, pki.ca), 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.client.key), 0o600) });
    assert.deepEqual(bomPaths(besidePair), [besidePair.file('ca.crt')]);
  });

  it("says nothing when the BOM's line is not a BEGIN line: Go finds the first block after a newline", async () => {
    const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey('P-256', 6) });
    const r = run({ 'ca.crt': BOM + '# our registry CA\n' + bundle(pki.ca, second) });
    assert.deepEqual(bomPaths(r), []);
    assert.deepEqual(findings(r.report, 'certsd/internal-error'), []);
    assert.equal(r.load.caFiles.find((c) => c.entry.path === r.file('ca.crt'))?.added, 2);
  });

  it('says nothing of a file without a BOM, or of one the engines do not read', async () => {
    const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey('P-256', 6) });
    const r = run({ 'ca.crt': bundle(pki.ca, second), 'notes.txt': BOM + 'hello\n', 'ca.pem': BOM + bundle(pki.ca, second) });
    assert.deepEqual(bomPaths(r), []);
  });
});
