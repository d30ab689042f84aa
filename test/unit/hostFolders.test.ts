/**
 * Which host folder each engine reads for a registry host. The expected names are written out from
 * containerd's hostPaths (config_unix.go / config_windows.go, v2.4.2 and v1.7.35) and moby's
 * hostCertsDir, and the Unix ones were seen in the Go harness (test/conformance/folderNames.ts checks
 * them again on every run). Windows is never run: these tests are its only check.
 */
import * as assert from 'node:assert/strict';
import { checkRoot, CheckOptions, HostReport, RootReport } from '../../server/src/core/check';
import { Finding } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import {
  containerdCandidates,
  containerdHostFolder,
  containerdShadowInRoot,
  folderNameNote,
  hostOfFolder,
  mobyFolderName,
  Platform,
  presentNames,
  shadowsAcrossRoots,
} from '../../server/src/core/engines/hostFolders';
import { DockerStore } from '../../server/src/core/engines/releases';
import { Engine, HostDir, HostEntry } from '../../server/src/core/tree';
import { describeFindings } from '../helpers/check';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { file, symlink, tempTrees, TreeSpec } from '../helpers/tree';

describe('host folder names', () => {
  describe('containerd hostPaths', () => {
    const unix: [string, string[]][] = [
      ['reg.example.com:5000', ['reg.example.com_5000_', 'reg.example.com:5000', '_default']],
      ['reg.example.com', ['reg.example.com', '_default']],
      ['[::1]:5000', ['[::1]_5000_', '[::1]:5000', '_default']],
      // hostDirectory takes the last colon, port or not: seen in the harness for both releases.
      ['[::1]', ['[:_1]_', '[::1]', '_default']],
    ];
    for (const [host, names] of unix) {
      it(`tries ${names.join(', ')} for ${host} on Unix`, () => assert.deepEqual(containerdCandidates(host, 'unix'), names));
    }
    const windows: [string, string[]][] = [
      ['reg.example.com:5000', ['reg.example.com_5000_', 'reg.example.com5000', '_default']],
      ['reg.example.com', ['reg.example.com', '_default']],
      ['[::1]:5000', ['[1]_5000_', '[1]5000', '_default']],
    ];
    for (const [host, names] of windows) {
      it(`tries ${names.join(', ')} for ${host} on Windows (colons removed)`, () => assert.deepEqual(containerdCandidates(host, 'windows'), names));
    }

    it('takes the first name that exists, _default last', () => {
      const host = 'reg.example.com:5000';
      assert.equal(containerdHostFolder(['reg.example.com:5000', 'reg.example.com_5000_', '_default'], host, 'unix'), 'reg.example.com_5000_');
      assert.equal(containerdHostFolder(['_default', 'reg.example.com:5000'], host, 'unix'), 'reg.example.com:5000');
      assert.equal(containerdHostFolder(['_default', 'other.example.com'], host, 'unix'), '_default');
      assert.equal(containerdHostFolder(['reg.example.com'], host, 'unix'), undefined);
      assert.equal(containerdHostFolder(['reg.example.com:5000', 'reg.example.com5000'], host, 'windows'), 'reg.example.com5000');
    });
  });

  it('gives moby\'s one name: the host as it is, without its colons on Windows', () => {
    assert.equal(mobyFolderName('reg.example.com:5000', 'unix'), 'reg.example.com:5000');
    assert.equal(mobyFolderName('reg.example.com:5000', 'windows'), 'reg.example.com5000');
  });

  describe('hostOfFolder', () => {
    const cases: [string, Platform, string, string | undefined, string[]][] = [
      ['_default', 'unix', 'default', undefined, ['containerd']],
      ['reg.example.com_5000_', 'unix', 'port-underscore', 'reg.example.com:5000', ['containerd']],
      ['[::1]_5000_', 'unix', 'port-underscore', '[::1]:5000', ['containerd']],
      ['[:_1]_', 'unix', 'port-underscore', '[::1]', ['containerd']],
      ['reg.example.com:5000', 'unix', 'plain', 'reg.example.com:5000', ['moby', 'containers-image', 'containerd']],
      ['reg.example.com', 'unix', 'plain', 'reg.example.com', ['moby', 'containers-image', 'containerd']],
      // Not a port: the name stays itself.
      ['my_registry_', 'unix', 'plain', 'my_registry_', ['moby', 'containers-image', 'containerd']],
      ['reg.example.com_5000_', 'windows', 'port-underscore', 'reg.example.com:5000', ['containerd']],
      ['reg.example.com5000', 'windows', 'plain', 'reg.example.com5000', ['moby', 'containerd']],
      ['reg.example.com:5000', 'windows', 'plain', 'reg.example.com:5000', []],
    ];
    for (const [name, platform, form, host, loaders] of cases) {
      it(`reads ${name} on ${platform} as ${form}${host ? ` for ${host}` : ''}`, () => {
        assert.deepEqual(hostOfFolder(name, platform), host === undefined ? { form, loaders } : { form, host, loaders });
      });
    }
  });

  describe('shadows', () => {
    it('in one root: host:port loses to host_port_, and on Windows host5000 too', () => {
      assert.deepEqual(containerdShadowInRoot('reg.example.com:5000', new Set(['reg.example.com:5000', 'reg.example.com_5000_']), 'unix'), {
        host: 'reg.example.com:5000',
        winner: 'reg.example.com_5000_',
      });
      assert.equal(containerdShadowInRoot('reg.example.com_5000_', new Set(['reg.example.com:5000', 'reg.example.com_5000_']), 'unix'), undefined);
      assert.equal(containerdShadowInRoot('reg.example.com:5000', new Set(['reg.example.com:5000', '_default']), 'unix'), undefined);
      assert.deepEqual(containerdShadowInRoot('reg.example.com5000', new Set(['reg.example.com5000', 'reg.example.com_5000_']), 'windows'), {
        host: 'reg.example.com:5000',
        winner: 'reg.example.com_5000_',
      });
    });

    it('on Windows, among many folders, each colon-free name loses only to its own port form, the first one listed', () => {
      const names: string[] = [];
      for (let i = 0; i < 500; i++) names.push(`reg${i}.example.com5000`, `reg${i}.example.com_5000_`, `solo${i}.example.com`);
      // `a_15000_` (a:15000) and `a1_5000_` (a1:5000) both lose their colon as a15000: the first listed is what the engine finds first.
      names.push('a15000', 'a_15000_', 'a1_5000_');
      const present = new Set(names);
      for (let i = 0; i < 500; i++) {
        assert.deepEqual(containerdShadowInRoot(`reg${i}.example.com5000`, present, 'windows'), { host: `reg${i}.example.com:5000`, winner: `reg${i}.example.com_5000_` });
        assert.equal(containerdShadowInRoot(`solo${i}.example.com`, present, 'windows'), undefined);
      }
      assert.deepEqual(containerdShadowInRoot('a15000', present, 'windows'), { host: 'a:15000', winner: 'a_15000_' });
      // A new set (a new listing) is worked out afresh.
      assert.deepEqual(containerdShadowInRoot('a15000', new Set(['a15000', 'a1_5000_']), 'windows'), { host: 'a1:5000', winner: 'a1_5000_' });
      assert.equal(containerdShadowInRoot('a15000', new Set(['a15000']), 'windows'), undefined);
    });

    const roots = (...lists: string[][]) => lists.map((names, i) => ({ root: `/r${i}`, present: new Set(names), folders: names }));

    it('across config_path: an earlier root answers first, its _default included', () => {
      assert.deepEqual(shadowsAcrossRoots('containerd', roots(['_default'], ['reg.example.com', '_default']), 'unix'), [
        { root: '/r1', folder: 'reg.example.com', host: 'reg.example.com', usedRoot: '/r0', usedFolder: '_default' },
        { root: '/r1', folder: '_default', usedRoot: '/r0', usedFolder: '_default' },
      ]);
      assert.deepEqual(shadowsAcrossRoots('containerd', roots(['x.example.com:5000'], ['x.example.com_5000_', 'y.example.com']), 'unix'), [
        { root: '/r1', folder: 'x.example.com_5000_', host: 'x.example.com:5000', usedRoot: '/r0', usedFolder: 'x.example.com:5000' },
      ]);
    });

    it('across Podman\'s roots: the first root holding the name wins; containerd\'s names play no part', () => {
      assert.deepEqual(shadowsAcrossRoots('containers-image', roots(['a.example.com', '_default'], ['a.example.com', 'b.example.com', 'c.example.com_5000_']), 'unix'), [
        { root: '/r1', folder: 'a.example.com', host: 'a.example.com', usedRoot: '/r0', usedFolder: 'a.example.com' },
      ]);
    });
  });

  describe('rules on a certs.d tree', () => {
    const makeTree = tempTrees();
    let pki: CommonPki;
    before(async () => {
      pki = await commonPki();
    });

    function check(hosts: TreeSpec, engine: Engine, o: { store?: DockerStore; platform?: Platform } = {}): { report: RootReport; root: string } {
      const t = makeTree({ 'certs.d': hosts });
      const root = t.path('certs.d');
      const options: CheckOptions = { dockerStore: { store: o.store ?? 'graphdriver', assumed: false }, platform: o.platform ?? 'unix' };
      return { report: checkRoot({ path: root, engine, engineFromPath: false, misnamed: false }, { fs: nodeFileSystem, now: () => new Date() }, options), root };
    }
    const only = (r: RootReport, code: string, folder?: string): Finding => {
      const found = r.findings.filter((f) => f.code === code && (folder === undefined || f.path.endsWith(`/${folder}`)));
      assert.equal(found.length, 1, `expected one ${code}${folder ? ` on ${folder}` : ''}:\n${describeFindings(r)}`);
      return found[0];
    };
    const none = (r: RootReport, code: string) => assert.deepEqual(r.findings.filter((f) => f.code === code), [], describeFindings(r));
    const host = (r: RootReport, name: string): HostReport => r.hosts.find((h) => h.name === name)!;

    it('reports reg:5000 beside reg_5000_ under containerd, and exposes the folder used', () => {
      const { report, root } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } }, 'containerd');
      const f = only(report, 'certsd/host-folder-shadowed');
      assert.equal(f.path, `${root}/reg.example.com:5000`);
      assert.match(f.message, /^containerd never reads reg\.example\.com:5000: .*tries reg\.example\.com_5000_, then reg\.example\.com:5000, then _default/);
      assert.equal(host(report, 'reg.example.com:5000').usedFolder, `${root}/reg.example.com_5000_`);
      assert.equal(host(report, 'reg.example.com_5000_').usedFolder, undefined);
      assert.equal(folderNameNote(host(report, 'reg.example.com:5000'), 'unix'), 'containerd uses reg.example.com_5000_ instead for reg.example.com:5000');
    });

    it('splits Docker with the containerd image store: pulls use reg_5000_, docker login reg:5000', () => {
      const { report } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } }, 'docker', { store: 'containerd' });
      const shadowed = only(report, 'certsd/host-folder-shadowed');
      assert.match(shadowed.message, /^Docker \(pulls and pushes\) never reads reg\.example\.com:5000: .* docker login still reads reg\.example\.com:5000/);
      const unread = only(report, 'certsd/host-not-read', 'reg.example.com_5000_');
      assert.match(unread.message, /^docker login never reads reg\.example\.com_5000_: moby looks up reg\.example\.com:5000 .*pulls and pushes read it.* reg\.example\.com:5000 is there and is used instead/);
      assert.equal(unread.fixes?.length ?? 0, 0);
    });

    it('offers reg_5000_ -> reg:5000 to Podman and to Docker\'s graph drivers, and keeps containerd quiet', () => {
      for (const engine of ['podman', 'docker'] as const) {
        const { report, root } = check({ 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } }, engine);
        const f = only(report, 'certsd/host-not-read');
        assert.match(f.message, new RegExp(`^${engine === 'podman' ? 'Podman' : 'Docker'} never reads reg\\.example\\.com_5000_: .*Rename the folder to reg\\.example\\.com:5000`));
        assert.deepEqual(f.fixes, [{ kind: 'rename', title: 'Rename to reg.example.com:5000', from: `${root}/reg.example.com_5000_`, to: `${root}/reg.example.com:5000`, preferred: true }]);
      }
      none(check({ 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } }, 'containerd').report, 'certsd/host-not-read');
    });

    it('says _default is containerd\'s: read by containerd and by Docker\'s pulls, never by Podman or docker login', () => {
      const c = check({ _default: { 'ca.crt': pki.ca.pem } }, 'containerd');
      none(c.report, 'certsd/host-not-read');
      assert.equal(folderNameNote(host(c.report, '_default'), 'unix'), 'containerd uses this folder for every registry without a folder of its own in this root');
      assert.match(only(check({ _default: { 'ca.crt': pki.ca.pem } }, 'podman').report, 'certsd/host-not-read').message, /^Podman never reads _default: /);
      const d = check({ _default: { 'ca.crt': pki.ca.pem } }, 'docker', { store: 'containerd' });
      assert.match(only(d.report, 'certsd/host-not-read').message, /^docker login never reads _default: .*pulls and pushes read it/);
      assert.match(folderNameNote(host(d.report, '_default'), 'unix')!, /^Docker pulls and pushes use this folder for every registry .*docker login never reads it$/);
    });

    it('quotes the error when a file takes the folder\'s place, and reports the file', () => {
      const { report, root } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': 'not a folder\n' }, 'containerd');
      const f = only(report, 'certsd/host-folder-shadowed');
      assert.ok(f.message.includes(`'open ${root}/reg.example.com_5000_/hosts.toml: not a directory'`), f.message);
      const file = only(report, 'certsd/host-name-not-folder');
      assert.equal(file.severity, 'error');
      assert.ok(file.message.includes(`"open ${root}/reg.example.com_5000_/hosts.toml: not a directory"`), file.message);
    });

    it('reports a _default that is a file: containerd then fails for every registry without a folder', () => {
      const { report, root } = check({ _default: 'oops\n', 'reg.example.com': { 'ca.crt': pki.ca.pem } }, 'containerd');
      const f = only(report, 'certsd/host-name-not-folder');
      assert.match(f.message, /for every registry without a folder of its own/);
      assert.ok(f.message.includes(`"open ${root}/_default/hosts.toml: not a directory"`));
    });

    it('does not take a certificate left in the root for a host folder', () => {
      none(check({ 'ca.crt': pki.ca.pem, 'reg.example.com': { 'ca.crt': pki.ca.pem } }, 'docker').report, 'certsd/host-name-not-folder');
    });

    it('skips a dangling link under the port form, as os.Stat does', () => {
      const { report } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': symlink('../nowhere') }, 'containerd');
      none(report, 'certsd/host-folder-shadowed');
      none(report, 'certsd/host-name-not-folder');
    });

    describe('on Windows', () => {
      it('renames reg:5000 to reg_5000_ for containerd, which never tries a name with a colon', () => {
        const { report, root } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem } }, 'containerd', { platform: 'windows' });
        const f = only(report, 'certsd/host-not-read');
        assert.match(f.message, /^containerd never reads reg\.example\.com:5000: on Windows/);
        assert.deepEqual(f.fixes?.map((x) => x.kind === 'rename' && x.to), [`${root}/reg.example.com_5000_`]);
      });

      it('renames reg:5000 to reg5000 for Docker, read by both its lookups (one finding)', () => {
        for (const store of ['graphdriver', 'containerd'] as const) {
          const { report, root } = check({ 'reg.example.com:5000': { 'ca.crt': pki.ca.pem } }, 'docker', { platform: 'windows', store });
          const f = only(report, 'certsd/host-not-read');
          assert.match(f.message, /^Docker never reads reg\.example\.com:5000: on Windows/);
          assert.deepEqual(f.fixes?.map((x) => x.kind === 'rename' && x.to), [`${root}/reg.example.com5000`]);
        }
      });

      it('reports reg5000 beside reg_5000_ for containerd', () => {
        const { report } = check({ 'reg.example.com5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } }, 'containerd', { platform: 'windows' });
        assert.match(only(report, 'certsd/host-folder-shadowed', 'reg.example.com5000').message, /tries reg\.example\.com_5000_, then reg\.example\.com5000, then _default/);
      });
    });

    it('leaves an ordinary folder without a note', () => {
      const { report } = check({ 'reg.example.com': { 'ca.crt': file(pki.ca.pem) } }, 'containerd');
      assert.equal(folderNameNote(host(report, 'reg.example.com'), 'unix'), undefined);
      assert.equal(host(report, 'reg.example.com').shadowedBy, undefined);
    });
  });

  describe('presentNames (worked out once per listing)', () => {
    const host = (name: string) => ({ root: '/r', name, path: `/r/${name}`, entries: [] });
    it('answers again after the listing grows or is replaced, and leaves out a dangling link', () => {
      const root: { hosts: HostDir[]; strayFiles: HostEntry[] } = { hosts: [host('a')], strayFiles: [{ name: 'gone', path: '/r/gone', type: 'symlink', target: 'missing' }] };
      assert.deepEqual([...presentNames(root)], ['a']);
      root.hosts.push(host('b'));
      assert.deepEqual([...presentNames(root)].sort(), ['a', 'b']);
      root.hosts = [host('c')];
      assert.deepEqual([...presentNames(root)], ['c']);
      root.strayFiles = [{ name: 'f', path: '/r/f', type: 'file' }];
      assert.deepEqual([...presentNames(root)].sort(), ['c', 'f']);
    });
  });
});
