/**
 * Several roots one engine reads in order. The expected orders are written out from the sources
 * (containers/image docker/docker_client.go dockerCertDir in image v5.39.2 and v5.40.0, storage
 * pkg/configfile; containerd plugins/cri/images/plugin.go and CRI's hostDirFromRoots), and were seen
 * running the engines' code (test/conformance/folderNames.ts).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CheckOptions } from '../../server/src/core/check';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { findRelease } from '../../server/src/core/engines/releases';
import { containerdConfigPath, lookupOrders, podmanRootOrder, splitConfigPath } from '../../server/src/core/roots';
import { main } from '../../server/src/cli/main';
import { runCheck } from '../../server/src/cli/run';
import { findRoots } from '../../server/src/core/roots';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { tempTrees, TempTree } from '../helpers/tree';

const release = (engine: 'podman' | 'containerd', r: string) => findRelease(engine, r)!;
const releases = { podman: release('podman', '6'), containerd: release('containerd', '2') };

describe('roots read in order', () => {
  describe('podmanRootOrder', () => {
    it('Podman 5: the home folder ($HOME, XDG ignored), /etc/containers, /etc/docker', () => {
      assert.deepEqual(podmanRootOrder('5', { home: '/home/alice', xdgConfigHome: '/xdg', uid: 1000 }), [
        '/home/alice/.config/containers/certs.d',
        '/etc/containers/certs.d',
        '/etc/docker/certs.d',
      ]);
    });

    it('Podman 6 as root: the home folder, then rootful drop-ins before each certs.d, /usr/share after /etc', () => {
      assert.deepEqual(podmanRootOrder('6', { home: '/root', uid: 0 }), [
        '/root/.config/containers/certs.d',
        '/etc/containers/certs.rootful.d',
        '/etc/containers/certs.d',
        '/usr/share/containers/certs.rootful.d',
        '/usr/share/containers/certs.d',
        '/etc/docker/certs.d',
      ]);
    });

    it('Podman 6 rootless: XDG_CONFIG_HOME first, then the per-uid and rootless drop-ins', () => {
      assert.deepEqual(podmanRootOrder('6', { home: '/home/alice', xdgConfigHome: '/xdg', uid: 1000 }), [
        '/xdg/containers/certs.d',
        '/etc/containers/certs.rootless.d/1000',
        '/etc/containers/certs.rootless.d',
        '/etc/containers/certs.d',
        '/usr/share/containers/certs.rootless.d/1000',
        '/usr/share/containers/certs.rootless.d',
        '/usr/share/containers/certs.d',
        '/etc/docker/certs.d',
      ]);
    });

    it('puts a prefix before the system roots only (RootForImplicitAbsolutePaths)', () => {
      assert.deepEqual(podmanRootOrder('5', { home: '/home/alice' }, '/img'), ['/home/alice/.config/containers/certs.d', '/img/etc/containers/certs.d', '/img/etc/docker/certs.d']);
    });
  });

  it('gives containerd 2.x its default config_path, and 1.7 none', () => {
    assert.deepEqual(containerdConfigPath(release('containerd', '2'), 'unix'), ['/etc/containerd/certs.d', '/etc/docker/certs.d']);
    assert.deepEqual(containerdConfigPath(release('containerd', '1.7'), 'unix'), []);
    assert.deepEqual(containerdConfigPath(release('containerd', '2'), 'windows'), []);
    assert.deepEqual(splitConfigPath('/a/certs.d::/b/certs.d', 'unix'), ['/a/certs.d', '/b/certs.d']);
    assert.deepEqual(splitConfigPath('C:\\a;D:\\b', 'windows'), ['C:\\a', 'D:\\b']);
  });

  describe('lookupOrders', () => {
    const repo = '/srv/config';
    const at = (...p: string[]) => p.map((x) => path.join(repo, x));

    it('finds containerd\'s and Podman\'s orders among a configuration repository\'s roots', () => {
      const roots = at('etc/containerd/certs.d', 'etc/docker/certs.d', 'etc/containers/certs.d', 'home/alice/.config/containers/certs.d', 'srv/other/certs.d');
      assert.deepEqual(lookupOrders(roots, releases, 'unix'), [
        { engine: 'containerd', who: 'containerd (config_path)', roots: at('etc/containerd/certs.d', 'etc/docker/certs.d'), source: 'standard' },
        { engine: 'podman', who: 'Podman', roots: at('etc/containers/certs.d', 'etc/docker/certs.d'), source: 'standard' },
        { engine: 'podman', who: 'Podman (user alice)', roots: at('home/alice/.config/containers/certs.d', 'etc/containers/certs.d', 'etc/docker/certs.d'), source: 'standard' },
      ]);
    });

    it('gives nothing for a single root, or for containerd 1.7 (no default config_path)', () => {
      assert.deepEqual(lookupOrders(at('etc/docker/certs.d'), releases, 'unix'), []);
      assert.deepEqual(lookupOrders(at('etc/containerd/certs.d', 'etc/docker/certs.d'), { ...releases, containerd: release('containerd', '1.7') }, 'unix'), []);
    });

    it('lets a setting replace the standard order of its engine', () => {
      const roots = at('etc/containerd/certs.d', 'etc/docker/certs.d', 'extra/certs.d');
      const orders = lookupOrders(roots, releases, 'unix', { containerd: at('extra/certs.d', 'etc/containerd/certs.d') });
      assert.deepEqual(orders, [{ engine: 'containerd', who: 'containerd (config_path)', roots: at('extra/certs.d', 'etc/containerd/certs.d'), source: 'setting' }]);
    });
  });

  describe('findings across roots', () => {
    const makeTree = tempTrees();
    let pki: CommonPki;
    let t: TempTree;
    before(async () => {
      pki = await commonPki();
      const host = { 'ca.crt': pki.ca.pem };
      t = makeTree({
        etc: {
          containerd: { 'certs.d': { _default: host } },
          docker: { 'certs.d': { 'reg.example.com': host, 'mirror.example.com': host } },
          containers: { 'certs.d': { 'reg.example.com': host } },
        },
      });
    });
    const options: CheckOptions = { dockerStore: { store: 'graphdriver', assumed: false }, platform: 'unix' };
    const hostIn = (run: ReturnType<typeof runCheck>, root: string, name: string) => run.roots.find((r) => r.root.path === t.path(...root.split('/')))!.hosts.find((h) => h.name === name)!;

    it('reports what an early _default hides in config_path, and what Podman takes from /etc/containers first', () => {
      const run = runCheck(findRoots(nodeFileSystem, t.base), { fs: nodeFileSystem, now: () => new Date() }, options);
      const shadowed = run.roots.flatMap((r) => r.findings).filter((f) => f.code === 'certsd/root-shadowed');
      const docker = t.path('etc', 'docker', 'certs.d');
      assert.deepEqual(shadowed.map((f) => [path.relative(t.base, f.path), f.severity]).sort(), [
        ['etc/docker/certs.d/mirror.example.com', 'information'],
        ['etc/docker/certs.d/reg.example.com', 'information'],
        ['etc/docker/certs.d/reg.example.com', 'information'],
      ]);
      const byContainerd = shadowed.find((f) => f.path === `${docker}/mirror.example.com`)!;
      assert.equal(
        byContainerd.message,
        `containerd (config_path) never reads this folder: ${t.path('etc', 'containerd', 'certs.d', '_default')} comes earlier in config_path and answers for every registry without a folder of its own there, mirror.example.com included (containerd takes the first root with a match and merges nothing). Docker still reads it.`,
      );
      const reg = hostIn(run, 'etc/docker/certs.d', 'reg.example.com');
      assert.deepEqual(reg.shadowedBy?.map((s) => [s.engine, s.usedFolder, s.scope]), [
        ['containerd', t.path('etc', 'containerd', 'certs.d', '_default'), 'order'],
        ['podman', t.path('etc', 'containers', 'certs.d', 'reg.example.com'), 'order'],
      ]);
      assert.equal(reg.usedFolder, t.path('etc', 'containerd', 'certs.d', '_default'));
    });

    it('warns when the roots are all containerd\'s (--roots): nobody reads the hidden folder', () => {
      let out = '';
      const roots = [t.path('etc', 'containerd', 'certs.d'), t.path('etc', 'docker', 'certs.d')].join(':');
      const code = main(['check', '--roots', roots, '--engine', 'containerd', '--format', 'json'], { stdout: (s) => (out += s), stderr: () => {}, isTTY: false, env: {}, cwd: t.base, checkEnv: { fs: nodeFileSystem, now: () => new Date() } });
      assert.equal(code, 0);
      const report = JSON.parse(out);
      assert.deepEqual(report.lookupOrders, [{ engine: 'containerd', who: 'containerd (config_path)', roots: roots.split(':'), source: 'cli' }]);
      const f = report.findings.filter((x: { code: string }) => x.code === 'certsd/root-shadowed');
      assert.deepEqual(f.map((x: { severity: string }) => x.severity), ['warning', 'warning']);
      const mirror = report.hosts.find((h: { name: string }) => h.name === 'mirror.example.com');
      assert.equal(mirror.usedFolder, t.path('etc', 'containerd', 'certs.d', '_default'));
    });

    it('keeps a single root as it was: no order, no shadow', () => {
      const run = runCheck(findRoots(nodeFileSystem, t.path('etc', 'docker', 'certs.d')), { fs: nodeFileSystem, now: () => new Date() }, options);
      assert.deepEqual(run.orders, []);
      assert.ok(run.roots[0].hosts.every((h) => h.shadowedBy === undefined));
    });

    it('follows certsd.roots in the workspace, and a _default added later in the first root', async () => {
      const u = makeTree({ a: { 'certs.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem } } }, b: { 'certs.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem }, 'other.example.com': { 'ca.crt': pki.ca.pem } } } });
      const a = u.path('a', 'certs.d');
      const b = u.path('b', 'certs.d');
      const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver', roots: { containerd: [a, b] } });
      ws.setFolders([]);
      ws.checkAll();
      const codesIn = (name: string) => ws.roots.get(b)!.hosts.get(name)!.findings.filter((f) => f.code === 'certsd/root-shadowed');
      assert.equal(codesIn('reg.example.com').length, 1);
      assert.equal(codesIn('other.example.com').length, 0);
      const fs = await import('node:fs');
      fs.mkdirSync(path.join(a, '_default'));
      const result = ws.update([path.join(a, '_default')]);
      assert.equal(codesIn('other.example.com').length, 1);
      assert.ok(result.paths.has(path.join(b, 'other.example.com', 'ca.crt')), [...result.paths].join('\n'));
      fs.rmdirSync(path.join(a, '_default'));
      ws.update([path.join(a, '_default')]);
      assert.equal(codesIn('other.example.com').length, 0);
    });
  });
});
