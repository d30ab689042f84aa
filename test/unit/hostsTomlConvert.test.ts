/**
 * convertToHostsToml: the hosts.toml that makes containerd load what it loads from the loose
 * files. The conformance suite runs containerd itself on both forms of every generated folder
 * (test/conformance/convert.ts); these tests pin the text and the simulation's agreement.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { convertToHostsToml, serverForFolder } from '../../server/src/core/generate/convertToHostsToml';
import { FactsCache } from '../../server/src/core/facts';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { decodeHostsToml, hostsTomlDialect } from '../../server/src/core/engines/hostsToml';
import { readHostDir } from '../../server/src/core/tree';
import { checkTree } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { pkcs8Pem } from '../helpers/pki';
import { dir, tempTrees, TreeSpec } from '../helpers/tree';

describe('convertToHostsToml', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  function convert(files: TreeSpec, folder = REGISTRY) {
    const r = checkTree(makeTree, { [folder]: files }, 'containerd', { host: folder });
    const host = readHostDir(nodeFileSystem, r.tree.path('certs.d'), folder);
    return { r, ...convertToHostsToml(host, new FactsCache(nodeFileSystem)) };
  }

  it('names every .crt, each .cert with its .key, and a lone .cert in the string form', () => {
    const { content, references } = convert({
      'ca.crt': pki.ca.pem,
      'other.crt': pki.ca.pem,
      'client.cert': pki.client.pem,
      'client.key': pkcs8Pem(pki.client.key),
      'combined.cert': pki.client.pem + pkcs8Pem(pki.client.key),
      'notes.txt': 'x',
      sub: dir({ 'x.crt': pki.ca.pem }),
    });
    assert.equal(
      content,
      [
        '# hosts.toml for reg.example.com:5000, written by certsd from the loose files containerd loads here.',
        '# With this file in place containerd reads only the files named below: add new ones here.',
        'server = "https://reg.example.com:5000"',
        'ca = ["ca.crt", "other.crt"]',
        'client = [["client.cert", "client.key"], "combined.cert"]',
        '',
      ].join('\n'),
    );
    assert.equal(references, 5);
  });

  it('leaves out ca and client when there are none (an empty ca would still give the host its own pool)', () => {
    const { content, references } = convert({ 'README.md': 'nothing here' });
    assert.doesNotMatch(content, /^(ca|client) =/m);
    assert.equal(references, 0);
  });

  it('writes server for a registry folder, and none where containerd fills in the registry better', () => {
    assert.equal(serverForFolder('reg.example.com:5000'), 'reg.example.com:5000');
    assert.equal(serverForFolder('reg.example.com_5000_'), 'reg.example.com:5000');
    assert.equal(serverForFolder('10.0.0.1:5000'), '10.0.0.1:5000');
    for (const f of ['_default', 'docker.io', 'localhost:5000', '127.0.0.1:5000', '[::1]_5000_', 'bad name', 'a/b']) assert.equal(serverForFolder(f), undefined, f);
  });

  it('quotes names TOML needs escaped', () => {
    const { r, content } = convert({ 'a"b\\c.crt': pki.ca.pem });
    assert.match(content, /^ca = \["a\\"b\\\\c\.crt"\]$/m);
    const d = decodeHostsToml(content, r.file(''), hostsTomlDialect('2.4'));
    assert.ok(d.ok);
    assert.deepEqual(d.hosts[0].caCerts, [r.file('a"b\\c.crt')]);
  });

  it('gives containerd (as simulated) the same pool and client certificates, for both release lines', () => {
    for (const line of ['2', '1.7']) {
      const { r, content } = convert({ 'ca.crt': pki.ca.pem, 'b.crt': pki.server.pem, 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) });
      const before = checkTree(() => r.tree, {}, 'containerd', { releases: { containerd: line } }).load;
      fs.writeFileSync(r.file('hosts.toml'), content, { flag: 'wx' });
      const after = checkTree(() => r.tree, {}, 'containerd', { releases: { containerd: line } }).load;
      assert.equal(after.hostsToml, true);
      assert.equal(before.hostsToml, false);
      assert.deepEqual([after.ok, after.systemRoots, after.caCertificates, after.clientCertificates], [before.ok, before.systemRoots, before.caCertificates, before.clientCertificates]);
      assert.equal(after.caCertificates.length, 2);
    }
  });

  it('keeps a failing folder failing with the same error', () => {
    const { r, content } = convert({ 'ca.crt': 'junk', 'client.cert': pki.client.pem });
    const before = checkTree(() => r.tree, {}, 'containerd').load;
    fs.writeFileSync(r.file('hosts.toml'), content, { flag: 'wx' });
    const after = checkTree(() => r.tree, {}, 'containerd').load;
    assert.equal(before.error, `unable to load CA cert "${r.file('ca.crt')}"`);
    assert.equal(after.error, before.error);
  });
});
