/**
 * After DER -> PEM conversion: the kept DER original is recognised as the twin of the new PEM file
 * (certsd/der-original, information, a delete fix) instead of a CA the engine ignores; and
 * converting twice says so plainly.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { alreadyConvertedPlan, derToPemFixFor, planDerToPem } from '../../server/src/lsp/derToPem';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { checkTree, describeFindings, findings, theFinding } from '../helpers/check';
import { certDer, ecKey, selfSignedCa, TestCert } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';
import { Engine } from '../../server/src/core/tree';

describe('the DER original of a converted certificate', () => {
  const makeTree = tempTrees();
  let ca: TestCert;
  let other: TestCert;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'Twin CA', key: ecKey('P-256', 50) });
    other = await selfSignedCa({ commonName: 'Not a twin', key: ecKey('P-256', 51) });
  });

  for (const engine of ['docker', 'podman', 'containerd'] as Engine[]) {
    it(`is information with a delete fix, and no ignored-extension warning, beside its PEM twin (${engine})`, () => {
      for (const original of ['ca.der', 'ca.cer']) {
        const r = checkTree(makeTree, { 'reg.example.com:5000': { [original]: certDer(ca), 'ca.crt': ca.pem } }, engine);
        const f = theFinding(r.report, 'certsd/der-original', r.file(original));
        assert.equal(f.severity, 'information');
        assert.match(f.message, new RegExp(`${original.replace('.', '\\.')} is the DER original of ca\\.crt`));
        assert.deepEqual(f.fixes, [{ kind: 'delete', title: `Delete the DER original ${original}`, path: r.file(original) }]);
        assert.deepEqual(findings(r.report, 'certsd/ignored-extension'), [], describeFindings(r.report));
        assert.ok(!r.report.findings.some((x) => x.severity === 'warning' || x.severity === 'error'), describeFindings(r.report));
      }
    });
  }

  it('is not said of a DER certificate whose PEM twin is missing: the engine still misses that CA', () => {
    const r = checkTree(makeTree, { 'reg.example.com:5000': { 'other.der': certDer(other), 'ca.crt': ca.pem } }, 'docker');
    assert.deepEqual(findings(r.report, 'certsd/der-original'), []);
    const f = theFinding(r.report, 'certsd/ignored-extension', r.file('other.der'));
    assert.equal(f.fixes?.[0]?.kind, 'der-to-pem');
  });

  it('recognises a client certificate converted to .cert as well', async () => {
    const r = checkTree(makeTree, { 'reg.example.com:5000': { 'client.der': certDer(ca), 'client.cert': ca.pem } }, 'docker');
    theFinding(r.report, 'certsd/der-original', r.file('client.der'));
  });

  describe('converting twice', () => {
    function workspace(base: string): CertsdWorkspace {
      const ws = new CertsdWorkspace({ ...nodeFileSystem, canWrite: () => true }, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
      ws.setFolders([base]);
      ws.checkAll();
      return ws;
    }

    it('says the file is already converted when its PEM name holds the same certificate', () => {
      const t = makeTree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.cer': certDer(ca), 'ca.crt': ca.pem } } } });
      const ws = workspace(t.base);
      const cer = t.path('docker', 'certs.d', 'reg.example.com', 'ca.cer');
      // The Explorer's request, on the DER original: no der-to-pem fix is left, and the answer says why.
      assert.equal(derToPemFixFor(ws, cer), undefined);
      const plan = alreadyConvertedPlan(ws, cer);
      assert.ok(plan && !plan.ok && plan.alreadyConverted, JSON.stringify(plan));
      assert.match(plan.message, /^ca\.cer is already converted: ca\.cer is the DER original of ca\.crt/);
      // The plan for a fix computed before the first conversion (a stale quick fix).
      const stale = planDerToPem(ws, { kind: 'der-to-pem', title: 'Convert to PEM as ca.crt', path: cer, to: path.join(path.dirname(cer), 'ca.crt') });
      assert.ok(!stale.ok && stale.alreadyConverted, JSON.stringify(stale));
      assert.match(stale.message, /ca\.cer is already converted: ca\.crt holds the same certificate/);
    });

    it('still refuses, without "already converted", when the name holds another certificate', () => {
      const t = makeTree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.cer': certDer(ca), 'ca.crt': other.pem } } } });
      const ws = workspace(t.base);
      const cer = t.path('docker', 'certs.d', 'reg.example.com', 'ca.cer');
      assert.equal(alreadyConvertedPlan(ws, cer), undefined);
      const plan = planDerToPem(ws, { kind: 'der-to-pem', title: 'Convert to PEM as ca.crt', path: cer, to: path.join(path.dirname(cer), 'ca.crt') });
      assert.ok(!plan.ok && !plan.alreadyConverted, JSON.stringify(plan));
      assert.match(plan.message, /ca\.crt already exists: rename or remove it first/);
    });

    it('in place (a DER ca.crt): the .der kept last time holding the same certificate is "already converted"', () => {
      const t = makeTree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': certDer(ca), 'ca.der': certDer(ca) } } } });
      const ws = workspace(t.base);
      const crt = t.path('docker', 'certs.d', 'reg.example.com', 'ca.crt');
      const fix = derToPemFixFor(ws, crt);
      assert.ok(fix, 'a DER ca.crt offers conversion');
      const plan = planDerToPem(ws, fix);
      assert.ok(!plan.ok && plan.alreadyConverted, JSON.stringify(plan));
    });
  });
});
