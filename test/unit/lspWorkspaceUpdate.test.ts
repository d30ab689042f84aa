/**
 * The workspace's re-check (CertsdWorkspace.update) on paths outside every root, and what a check
 * reads. Before the generate commands were confined, a test wrote a key pair outside the workspace
 * and the test process then ran out of memory; the re-check of those paths was suspected. It was
 * not that: with the guard bypassed the re-check takes a millisecond and reads nothing; the memory
 * went to the next test's hover on file:///dev/zero, read whole by a branch of the server that did
 * not have the capped reads of fsview.ts yet (reproduced on that commit). These tests keep the
 * re-check honest: paths outside the roots, above the workspace, relative or escaping with `..`
 * make it read nothing outside the workspace and check nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EditorFileSystemView, nodeFileSystem } from '../../server/src/core/fsview';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

/** The disk, with every path asked for written down. */
function recording(): { fs: EditorFileSystemView; asked: string[] } {
  const asked: string[] = [];
  const rec = <A extends unknown[], R>(f: (p: string, ...a: A) => R) => (p: string, ...a: A): R => {
    asked.push(p);
    return f(p, ...a);
  };
  return {
    asked,
    fs: {
      readDir: rec((p) => nodeFileSystem.readDir(p)),
      stat: rec((p) => nodeFileSystem.stat(p)),
      readFile: rec((p) => nodeFileSystem.readFile(p)),
      realPath: rec((p) => nodeFileSystem.realPath!(p)),
      exists: rec((p) => nodeFileSystem.exists(p)),
      canWrite: rec((p) => nodeFileSystem.canWrite(p)),
    },
  };
}

describe('workspace re-check of paths outside every root', () => {
  const tree = tempTrees();
  let base: string;
  let outside: string;
  let caPem: string;

  before(async () => {
    caPem = (await selfSignedCa({ commonName: 'Update CA', key: ecKey('P-256', 52) })).pem;
  });
  beforeEach(() => {
    base = tree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': caPem } } } }).base;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-outside-'));
  });
  afterEach(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('reads nothing outside the workspace and checks nothing for them, in bounded time', () => {
    const { fs: view, asked } = recording();
    const ws = new CertsdWorkspace(view, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([base]);
    ws.checkAll();
    // What the generate commands wrote before they were confined: a key pair outside, and the like.
    for (const f of ['client.key', 'client.cert']) fs.writeFileSync(path.join(outside, f), 'x');
    const paths = [
      path.join(outside, 'client.key'),
      path.join(outside, 'client.cert'),
      outside,
      '/',
      os.tmpdir(),
      path.dirname(base),
      path.join(base, 'docker', 'certs.d', 'reg.example.com', '..', '..', '..', '..', path.basename(outside), 'client.key'),
      'client.key',
      '',
      path.join('/', 'no', 'such', 'folder', 'deep', 'x.cert'),
    ];
    for (const p of paths) {
      asked.length = 0;
      const started = Date.now();
      const r = ws.update([p]);
      // A folder above the workspace folder may have taken it away or brought it back: the roots
      // are found again (core/roots.ts mayChangeRoots), which reads the workspace only.
      const above = p !== '' && path.isAbsolute(p) && (p === path.parse(p).root || base.startsWith(p + path.sep));
      assert.deepEqual({ paths: [...r.paths], hosts: r.hosts, rediscovered: r.rediscovered }, { paths: [], hosts: above ? 1 : 0, rediscovered: above }, JSON.stringify(p));
      assert.ok(Date.now() - started < 1000, `${JSON.stringify(p)}: ${Date.now() - started} ms`);
      const strays = asked.filter((a) => !(a === base || a.startsWith(base + path.sep)));
      assert.deepEqual(strays, [], `${JSON.stringify(p)} made the re-check read outside the workspace`);
    }
    // Still the same check of the real folder.
    assert.deepEqual([...ws.roots.keys()], [path.join(base, 'docker', 'certs.d')]);
    assert.deepEqual([...ws.roots.values()][0].hosts.get('reg.example.com')!.findings, []);
  });

  it('a file under the workspace but outside the roots checks nothing either', () => {
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([base]);
    ws.checkAll();
    fs.writeFileSync(path.join(base, 'client.key'), 'x');
    const r = ws.update([path.join(base, 'client.key')]);
    assert.deepEqual({ paths: [...r.paths], hosts: r.hosts, rediscovered: r.rediscovered }, { paths: [], hosts: 0, rediscovered: false });
  });
});

describe('workspace: the texts edit fixes are computed on', () => {
  const tree = tempTrees();

  /** How many times a check reads the hosts.toml of a folder whose hosts.toml has `bad` host names that each get an edit fix. */
  function readsOfHostsToml(bad: number): { reads: number; fixes: number } {
    const tables = Array.from({ length: bad }, (_, i) => `[host."httpcache${i}.local:5000"]\n  capabilities = ["pull"]\n`).join('\n');
    const base = tree({ containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': `server = "https://reg.example.com"\n\n${tables}` } } } }).base;
    const file = path.join(base, 'containerd', 'certs.d', 'reg.example.com', 'hosts.toml');
    const { fs: view, asked } = recording();
    const ws = new CertsdWorkspace(view, () => new Date(), { ...DEFAULT_SETTINGS });
    ws.setFolders([base]);
    ws.checkAll();
    const host = [...ws.roots.values()][0].hosts.get('reg.example.com')!;
    const fixes = host.findings.flatMap((f) => f.fixes ?? []).filter((x) => x.kind === 'edit' && x.path === file).length;
    return { reads: asked.filter((p) => p === file).length, fixes };
  }

  it('hashes a hosts.toml once per check, however many edit fixes it has', () => {
    const one = readsOfHostsToml(1);
    const five = readsOfHostsToml(5);
    assert.equal(one.fixes, 1);
    assert.equal(five.fixes, 5);
    assert.equal(five.reads, one.reads, `${five.reads} reads with five edit fixes, ${one.reads} with one`);
  });
});
