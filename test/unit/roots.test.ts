/** Finding certs.d roots from whatever path the user points at, and the engine each belongs to. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkRoot, defaultEnv } from '../../server/src/core/check';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { engineFromPath, findRoots, RootLocation, standardRoots } from '../../server/src/core/roots';
import { theFinding } from '../helpers/check';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { tempTrees, TempTree } from '../helpers/tree';

describe('certs.d roots', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let t: TempTree;

  before(async () => {
    pki = await commonPki();
    const host = { 'ca.crt': pki.ca.pem };
    t = makeTree({
      etc: {
        docker: { 'certs.d': { 'reg.example.com': host } },
        containers: { 'certs.d': { 'reg.example.com': host } },
        containerd: { 'certs.d': { 'reg.example.com': host } },
      },
      home: { '.docker': { 'certs.d': { 'reg.example.com': host } } },
      plain: { 'certs.d': { 'reg.example.com': host } },
      node_modules: { pkg: { 'certs.d': { 'reg.example.com': host } } },
      '.git': { 'certs.d': { 'reg.example.com': host } },
      typo: { 'cert.d': { 'reg.example.com:5000': host } },
      unrelated: { src: { 'index.ts': 'export {};\n' } },
    });
  });

  function find(...parts: string[]): RootLocation[] {
    return findRoots(nodeFileSystem, t.path(...parts));
  }

  it('takes a certs.d folder as the root itself', () => {
    assert.deepEqual(find('plain', 'certs.d'), [{ path: t.path('plain', 'certs.d'), engine: 'docker', engineFromPath: false, misnamed: false, onlyHosts: undefined }]);
  });

  it('takes a host folder as its root, limited to that host', () => {
    const [root] = find('etc', 'docker', 'certs.d', 'reg.example.com');
    assert.equal(root.path, t.path('etc', 'docker', 'certs.d'));
    assert.deepEqual(root.onlyHosts, ['reg.example.com']);
  });

  it('takes a file as its host folder\'s root, limited to that host', () => {
    const [root] = find('plain', 'certs.d', 'reg.example.com', 'ca.crt');
    assert.equal(root.path, t.path('plain', 'certs.d'));
    assert.deepEqual(root.onlyHosts, ['reg.example.com']);
  });

  it('finds every certs.d below a parent, skipping node_modules and .git', () => {
    const found = findRoots(nodeFileSystem, t.base).map((r) => [path.relative(t.base, r.path), r.engine, r.engineFromPath, r.misnamed]);
    assert.deepEqual(found.sort(), [
      ['etc/containerd/certs.d', 'containerd', true, false],
      ['etc/containers/certs.d', 'podman', true, false],
      ['etc/docker/certs.d', 'docker', true, false],
      ['home/.docker/certs.d', 'docker', true, false],
      ['plain/certs.d', 'docker', false, false],
      ['typo/cert.d', 'docker', false, true],
    ]);
  });

  it('finds nothing in a folder without certificates', () => {
    assert.deepEqual(find('unrelated'), []);
  });

  it('takes the engine from docker/certs.d, containers/certs.d and containerd/certs.d', () => {
    assert.equal(find('etc', 'docker', 'certs.d')[0].engine, 'docker');
    assert.equal(find('etc', 'containers', 'certs.d')[0].engine, 'podman');
    assert.equal(find('etc', 'containerd', 'certs.d')[0].engine, 'containerd');
    assert.equal(find('home', '.docker', 'certs.d')[0].engine, 'docker');
  });

  it('lets a forced engine win over the path', () => {
    const [root] = findRoots(nodeFileSystem, t.path('etc', 'docker', 'certs.d'), 'containerd');
    assert.equal(root.engine, 'containerd');
    assert.equal(root.engineFromPath, false);
  });

  it('recognises a misnamed root pointed at directly', () => {
    const [root] = find('typo', 'cert.d');
    assert.equal(root.misnamed, true);
  });

  it('reports a misnamed root with a rename to certs.d', () => {
    const [root] = find('typo', 'cert.d');
    const report = checkRoot(root, defaultEnv);
    const f = theFinding(report, 'certsd/misnamed-root');
    assert.equal(f.path, t.path('typo', 'cert.d'));
    assert.deepEqual(f.fixes, [{ kind: 'rename', title: 'Rename to certs.d', from: t.path('typo', 'cert.d'), to: t.path('typo', 'certs.d'), preferred: true }]);
  });

  it('does not call a correctly named root misnamed', () => {
    const report = checkRoot(find('plain', 'certs.d')[0], defaultEnv);
    assert.deepEqual(report.findings.filter((f) => f.code === 'certsd/misnamed-root'), []);
    assert.deepEqual(report.hosts.map((h) => h.name), ['reg.example.com']);
  });

  describe('engineFromPath', () => {
    const cases: [string, string | undefined][] = [
      ['/etc/docker/certs.d', 'docker'],
      ['/etc/docker/certs.d/reg.example.com/ca.crt', 'docker'],
      ['/home/u/.docker/certs.d', 'docker'],
      ['/home/u/.config/docker/certs.d', 'docker'],
      ['/etc/containers/certs.d', 'podman'],
      ['/home/u/.config/containers/certs.d/reg', 'podman'],
      ['/etc/containerd/certs.d', 'containerd'],
      ['/etc/containers/certs.rootful.d', 'podman'],
      ['/usr/share/containers/certs.rootless.d/1000/reg', 'podman'],
      ['/srv/certs.d', undefined],
      ['/etc/docker/certs', undefined],
    ];
    for (const [p, engine] of cases) {
      it(`gives ${engine ?? 'nothing'} for ${p}`, () => {
        assert.equal(engineFromPath(p), engine);
      });
    }
  });

  describe('standardRoots', () => {
    it('lists the roots each engine reads: Podman 5 and 6 together, only Podman 6 honouring XDG_CONFIG_HOME', function () {
      if (process.platform !== 'linux') this.skip();
      const roots = standardRoots({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg', _CONTAINERS_ROOTLESS_UID: '1000' });
      assert.deepEqual(roots, [
        { path: '/etc/docker/certs.d', engine: 'docker' },
        { path: '/xdg/docker/certs.d', engine: 'docker' },
        { path: '/home/u/.docker/certs.d', engine: 'docker' },
        // Podman 5 (image v5.39.2): $HOME/.config, /etc/containers; /etc/docker/certs.d is already listed.
        { path: '/home/u/.config/containers/certs.d', engine: 'podman' },
        { path: '/etc/containers/certs.d', engine: 'podman' },
        // Podman 6 (image v5.40.0): $XDG_CONFIG_HOME, then the rootless drop-ins of /etc and /usr/share.
        { path: '/xdg/containers/certs.d', engine: 'podman' },
        { path: '/etc/containers/certs.rootless.d/1000', engine: 'podman' },
        { path: '/etc/containers/certs.rootless.d', engine: 'podman' },
        { path: '/usr/share/containers/certs.rootless.d/1000', engine: 'podman' },
        { path: '/usr/share/containers/certs.rootless.d', engine: 'podman' },
        { path: '/usr/share/containers/certs.d', engine: 'podman' },
        { path: '/etc/containerd/certs.d', engine: 'containerd' },
      ]);
    });
  });
});
