/** Quick fixes never aim at a name that is taken, and the advice says so (issue 9: der-to-pem onto an existing name). */
import * as assert from 'node:assert/strict';
import { runCheck, theFinding } from '../helpers/check';
import { commonPki, CommonPki } from '../helpers/fixtures';
import { tempTrees } from '../helpers/tree';

describe('fixes onto taken names', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it('offers no DER-to-PEM conversion onto an existing .crt, and says the name is taken', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'registry.cer': pki.ca.der, 'registry.crt': pki.server.pem } } });
    const f = theFinding(runCheck(t.path('certs.d'), { engine: 'docker' }), 'certsd/ignored-extension', t.path('certs.d', 'reg.example.com', 'registry.cer'));
    assert.deepEqual(f.fixes ?? [], []);
    assert.match(f.message, /it holds a CA certificate, but registry\.crt is taken: merge the two or choose another name ending in \.crt\.$/);
  });

  it('still offers it when the name is free', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'registry.cer': pki.ca.der } } });
    const f = theFinding(runCheck(t.path('certs.d'), { engine: 'docker' }), 'certsd/ignored-extension');
    assert.equal(f.fixes?.[0]?.kind, 'der-to-pem');
  });
});
