/**
 * convertToHostsToml.ts at its edges: which folder names get a `server` line (loopback as Go's
 * docker.IsLocalhost sees it, names url.Parse reads as another host), the whole text for a folder
 * that gets none, and a folder that cannot be listed.
 */
import * as assert from 'node:assert/strict';
import { convertToHostsToml, serverForFolder } from '../../server/src/core/generate/convertToHostsToml';
import { FactsCache } from '../../server/src/core/facts';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { readHostDir } from '../../server/src/core/tree';
import { tempTrees } from '../helpers/tree';

const HEAD = (name: string) => [
  `# hosts.toml for ${name}, written by certsd from the loose files containerd loads here.`,
  '# With this file in place containerd reads only the files named below: add new ones here.',
];
const NO_SERVER = '# No server line: containerd then uses the registry it was asked for, as it does with the loose files.';

describe('convertToHostsToml at its edges', () => {
  const tree = tempTrees();

  it('loopback is 127.0.0.0/8 with any octets (containerd gives it http and no verification): no server line', () => {
    for (const f of ['127.10.20.30:5000', '127.255.255.254_5000_', '127.1.22.3']) assert.equal(serverForFolder(f), undefined, f);
  });

  it('a name that only contains a loopback address is a registry like any other', () => {
    for (const f of ['a127.0.0.1:5000', '127.0.0.1.example.com:5000', 'mylocalhost:5000']) assert.equal(serverForFolder(f), f, f);
  });

  it("containerd's host_port_ form only at the end of the name", () => {
    assert.equal(serverForFolder('reg_5000_'), 'reg:5000');
    assert.equal(serverForFolder('reg_5000_x'), 'reg_5000_x');
  });

  it('no server line for a name url.Parse reads as another host (userinfo, a query)', () => {
    for (const f of ['me@reg.example.com', 'reg.example.com?x', 'reg.example.com#x']) assert.equal(serverForFolder(f), undefined, f);
  });

  it('_default: the whole text, with the no-server comment', () => {
    const t = tree({ 'certs.d': { _default: {} } });
    const host = readHostDir(nodeFileSystem, t.path('certs.d'), '_default');
    assert.deepEqual(convertToHostsToml(host, new FactsCache(nodeFileSystem)), { content: [...HEAD('_default'), NO_SERVER, ''].join('\n'), references: 0 });
  });

  it('a host folder that cannot be listed: no ca, no client, nothing referenced', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': 'a file, not a folder' } });
    for (const name of ['reg.example.com', 'gone.example.com']) {
      const host = readHostDir(nodeFileSystem, t.path('certs.d'), name);
      assert.deepEqual([host.readError?.code, host.entries], [name === 'gone.example.com' ? 'ENOENT' : 'ENOTDIR', []]);
      assert.deepEqual(convertToHostsToml(host, new FactsCache(nodeFileSystem)), {
        content: [...HEAD(name), `server = "https://${name}"`, ''].join('\n'),
        references: 0,
      });
    }
  });
});
