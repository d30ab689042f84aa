/**
 * codeLenses (lsp/codeLens.ts) on a workspace model: which lenses a file gets, their commands and
 * arguments, and on which line of a hosts.toml each host's lens sits. Written against the mutants
 * of codeLens.ts that the protocol suites let live (docs/mutation.md).
 */
import * as assert from 'node:assert/strict';
import { CodeLens } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { codeLenses } from '../../server/src/lsp/codeLens';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { Commands, DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const NOW = new Date();

describe('code lenses', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function workspace(spec: TreeSpec) {
    const t = tree(spec);
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    return { ws, path: t.path };
  }
  const shown = (l: CodeLens[]) => l.map((x) => `${x.range.start.line} ${x.command?.command || '-'} ${x.command?.title} ${JSON.stringify(x.command?.arguments ?? null)}`);

  const ctd = (...p: string[]) => ['etc', 'containerd', 'certs.d', ...p];
  const dkr = (...p: string[]) => ['etc', 'docker', 'certs.d', ...p];

  it("puts each host's lens above the table or key that defines it, in containerd's order", () => {
    const toml = '# reg.example.com\n\nserver = "https://reg.example.com"\n[host."https://mirror.example.com"]\n  capabilities = ["pull", "resolve"]\n';
    const { ws, path } = workspace({ etc: { containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': toml } } } } });
    assert.deepEqual(shown(codeLenses(ws, path(...ctd('reg.example.com', 'hosts.toml')))), [
      '0 - containerd: uses hosts.toml (loose files not loaded) null',
      '3 - 1. https://mirror.example.com/v2 (pull, resolve) null',
      '2 - 2. server https://reg.example.com/v2 (all) null',
    ]);
  });

  it('says containerd takes an empty hosts.toml for none', () => {
    const { ws, path } = workspace({ etc: { containerd: { 'certs.d': { 'e.example.com': { 'hosts.toml': '', 'ca.crt': pki.ca.pem } } } } });
    assert.deepEqual(shown(codeLenses(ws, path(...ctd('e.example.com', 'hosts.toml')))), [
      '0 - containerd takes an empty hosts.toml for none: it uses the loose files null',
      '0 - containerd: 1 CA root + system roots null',
    ]);
  });

  it('says Docker with graph drivers does not read hosts.toml', () => {
    const { ws, path } = workspace({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'hosts.toml': 'server = "https://reg.example.com"\n', 'ca.crt': pki.ca.pem } } } } });
    const lenses = shown(codeLenses(ws, path(...dkr('reg.example.com', 'hosts.toml'))));
    assert.equal(lenses[0], "0 - Docker with graph drivers does not read hosts.toml (only containerd's hosts code does) null");
    assert.equal(lenses.length, 2, lenses.join('\n'));
  });

  it('offers Generate with the host folder or the key as argument, and Test connection only when asked', () => {
    const { ws, path } = workspace({ etc: { docker: { 'certs.d': { 'k.example.com': { 'client.key': pkcs8Pem(rsaKey(2048, 3)) } } } } });
    const key = path(...dkr('k.example.com', 'client.key'));
    const host = path(...dkr('k.example.com'));
    const lenses = codeLenses(ws, key);
    assert.deepEqual(shown(lenses), [
      '0 - Docker: fails on client.key (see Problems) null',
      `0 ${Commands.generateClientPair} Generate client key and certificate ${JSON.stringify([{ hostPath: host }])}`,
      `0 ${Commands.generateCertificateForKey} Generate certificate for this key ${JSON.stringify([{ keyPath: key }])}`,
    ]);
    const trusted = codeLenses(ws, key, { testConnection: true });
    assert.deepEqual(trusted.slice(0, lenses.length), lenses);
    const test = trusted[lenses.length];
    assert.equal(trusted.length, lenses.length + 1);
    assert.equal(test.command?.command, Commands.testConnection);
    assert.equal(test.command?.title, 'Test connection');
    assert.ok(test.command?.tooltip?.includes('GET /v2/'), test.command?.tooltip);
    assert.deepEqual(test.command?.arguments, [{ hostPath: host }]);
  });

  it('gives no lens to a file in a sub-folder of a host folder, or outside every root', () => {
    const { ws, path } = workspace({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem, sub: { 'a.crt': pki.ca.pem } } } } }, 'elsewhere.crt': pki.ca.pem });
    assert.ok(codeLenses(ws, path(...dkr('reg.example.com', 'ca.crt'))).length > 0);
    assert.deepEqual(codeLenses(ws, path(...dkr('reg.example.com', 'sub', 'a.crt')), { testConnection: true }), []);
    assert.deepEqual(codeLenses(ws, path('elsewhere.crt'), { testConnection: true }), []);
  });
});
