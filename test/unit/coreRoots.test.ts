/**
 * core/roots.ts beyond test/unit/roots*.test.ts: the root-like names, which path names which
 * engine, what a file, a host folder and a folder to search stand for, resolveRoots' standard roots
 * and lookup-order roots, views that fail (an FsError is a target that cannot be read, anything
 * else a bug that must not be swallowed), describeTooDeep's sentence, and the lookup orders of
 * containers/image and containerd (the orders are written out from docker_client.go dockerCertDir,
 * storage pkg/configfile and containerd's CRI plugin, as test/unit/rootsOrder.test.ts does).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { findRelease } from '../../server/src/core/engines/releases';
import { FileStat, FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import {
  containerdConfigPath,
  describeTooDeep,
  engineFromPath,
  findRoots,
  isRootName,
  looksLikeCertsd,
  lookupOrders,
  mayChangeRoots,
  podmanRootOrder,
  resolveRoots,
  standardRoots,
} from '../../server/src/core/roots';
import { tempTrees } from '../helpers/tree';

const CA = '-----BEGIN CERTIFICATE-----\nnot parsed by the search\n-----END CERTIFICATE-----\n';
const podman5 = findRelease('podman', '5')!;
const podman6 = findRelease('podman', '6')!;
const containerd2 = findRelease('containerd', '2')!;

const DIR: FileStat = { type: 'directory', mode: 0o755, size: 0, mtimeMs: 0 };

/** A view in which exactly `dirs` are (empty) folders; `realPath` as given, else none. */
function dirsView(dirs: string[], realPath?: (p: string) => string): FileSystemView {
  const set = new Set(dirs);
  return {
    readDir: (d) => {
      if (set.has(d)) return [];
      throw new FsError('ENOENT', d);
    },
    stat: (p) => {
      if (set.has(p)) return DIR;
      throw new FsError('ENOENT', p);
    },
    readFile: (p) => {
      throw new FsError('ENOENT', p);
    },
    ...(realPath ? { realPath } : {}),
  };
}

/** A view with a bug: every call throws a TypeError. */
const buggyView: FileSystemView = {
  readDir: () => {
    throw new TypeError('view bug');
  },
  stat: () => {
    throw new TypeError('view bug');
  },
  readFile: () => {
    throw new TypeError('view bug');
  },
};

const loc = (p: string, engine: string, engineFromPath: boolean, misnamed = false, onlyHosts?: string[]) => ({ path: p, engine, engineFromPath, misnamed, onlyHosts });

describe('core/roots: names and engines', () => {
  it("isRootName: certs.d and containers/image's two drop-in roots, nothing else", () => {
    const names = ['certs.d', 'certs.rootful.d', 'certs.rootless.d', 'cert.d', 'certs', 'Certs.d', 'certs.rootful', 'certs.root.d', ''];
    assert.deepEqual(
      names.map((n) => isRootName(n)),
      [true, true, true, false, false, false, false, false, false],
    );
  });

  it('engineFromPath: a relative path names its engine too; a longer folder name does not', () => {
    const cases: [string, string | undefined][] = [
      ['containerd/certs.d', 'containerd'],
      ['containerd/certs.d/reg.example.com', 'containerd'],
      ['containers/certs.d', 'podman'],
      ['containers/certs.rootless.d/1000', 'podman'],
      ['docker/certs.d', 'docker'],
      ['.docker/certs.d/reg/ca.crt', 'docker'],
      ['mycontainerd/certs.d', undefined],
      ['/x/mycontainers/certs.d', undefined],
      ['/x/notdocker/certs.d', undefined],
      ['/etc/docker/certs.dx', undefined],
      ['/etc/containers/certs.rootsome.d', undefined],
    ];
    assert.deepEqual(
      cases.map(([p]) => [p, engineFromPath(p)]),
      cases,
    );
  });
});

describe('core/roots: what a path stands for', () => {
  const tree = tempTrees();

  it('looksLikeCertsd: a host-like sub-folder holding a certificate, key or hosts.toml; not any sub-folder', () => {
    const t = tree({
      notes: { notes: { 'ca.crt': CA } },
      mixed: { 'reg.example.com': { 'ca.crt': CA, 'README.md': 'x' } },
      toml: { 'reg.example.com': { 'hosts.toml': 'server = "https://reg.example.com"\n' } },
      key: { 'localhost:5000': { 'client.key': 'k' } },
      dflt: { _default: { 'client.cert': 'c' } },
      readme: { 'reg.example.com': { 'README.md': 'x' } },
      file: { 'reg.example.com': 'a file' },
    });
    const got = ['notes', 'mixed', 'toml', 'key', 'dflt', 'readme', 'file'].map((d) => [d, looksLikeCertsd(nodeFileSystem, t.path(d))]);
    assert.deepEqual(got, [
      ['notes', false],
      ['mixed', true],
      ['toml', true],
      ['key', true],
      ['dflt', true],
      ['readme', false],
      ['file', false],
    ]);
  });

  it('a file directly in a root stands for the whole root; a file in a host folder for that host; a file elsewhere for nothing', () => {
    const t = tree({ 'certs.d': { 'ca.crt': CA, 'reg.example.com': { 'ca.crt': CA } }, etc: { containers: { 'certs.rootful.d': { 'r.example.com': { 'ca.crt': CA } } } }, src: { 'main.go': 'x' } });
    assert.deepEqual(findRoots(nodeFileSystem, t.path('certs.d', 'ca.crt')), [loc(t.path('certs.d'), 'docker', false)]);
    assert.deepEqual(findRoots(nodeFileSystem, t.path('certs.d', 'reg.example.com', 'ca.crt')), [loc(t.path('certs.d'), 'docker', false, false, ['reg.example.com'])]);
    assert.deepEqual(findRoots(nodeFileSystem, t.path('etc', 'containers', 'certs.rootful.d', 'r.example.com', 'ca.crt')), [
      loc(t.path('etc', 'containers', 'certs.rootful.d'), 'podman', true, false, ['r.example.com']),
    ]);
    assert.deepEqual(findRoots(nodeFileSystem, t.path('src', 'main.go')), []);
  });

  it('a host folder stands for its root limited to it, a drop-in root for itself, never misnamed', () => {
    const t = tree({ x: { 'certs.rootless.d': { 'reg.example.com': { 'ca.crt': CA } } }, 'certs.d': { 'reg.example.com': { 'ca.crt': CA } } });
    assert.deepEqual(findRoots(nodeFileSystem, t.path('certs.d', 'reg.example.com')), [loc(t.path('certs.d'), 'docker', false, false, ['reg.example.com'])]);
    assert.deepEqual(findRoots(nodeFileSystem, t.path('x', 'certs.rootless.d')), [loc(t.path('x', 'certs.rootless.d'), 'docker', false)]);
    assert.deepEqual(findRoots(nodeFileSystem, t.path('x', 'certs.rootless.d', 'reg.example.com'), 'podman'), [loc(t.path('x', 'certs.rootless.d'), 'podman', false, false, ['reg.example.com'])]);
  });

  it('the search takes a folder laid out as a certs.d only when it is misnamed (cert.d, certs), and finds drop-in roots', () => {
    const t = tree({
      stuff: { 'reg.example.com': { 'ca.crt': CA } },
      certs: { 'reg.example.com': { 'ca.crt': CA } },
      other: { certs: { 'notes.txt': 'x' } },
      etc: { containers: { 'certs.rootful.d': {}, 'certs.rootless.d': {} } },
    });
    assert.deepEqual(findRoots(nodeFileSystem, t.base), [
      loc(t.path('certs'), 'docker', false, true),
      loc(t.path('etc', 'containers', 'certs.rootful.d'), 'podman', true),
      loc(t.path('etc', 'containers', 'certs.rootless.d'), 'podman', true),
    ]);
  });

  it('a view that throws something else than an FsError: the error goes through (not taken for "not a folder")', () => {
    assert.throws(() => findRoots(buggyView, '/x'), { name: 'TypeError', message: 'view bug' });
    assert.throws(() => resolveRoots(buggyView, { targets: ['/x'] }), { name: 'TypeError', message: 'view bug' });
  });
});

describe('core/roots: resolveRoots', () => {
  const home = '/home/u';
  const env = { HOME: home, _CONTAINERS_ROOTLESS_UID: '1000' };
  const present = [`${home}/.config/docker/certs.d`, `${home}/.config/containers/certs.d`, '/etc/containerd/certs.d'];

  it('with nothing named, the standard roots that are folders, in the standard order, each as its engine', function () {
    if (process.platform !== 'linux') this.skip();
    assert.deepEqual(resolveRoots(dirsView(present), { targets: [], env }), {
      locations: [loc(`${home}/.config/docker/certs.d`, 'docker', true), loc(`${home}/.config/containers/certs.d`, 'podman', true), loc('/etc/containerd/certs.d', 'containerd', true)],
      unreadable: [],
      empty: [],
      tooDeep: [],
    });
  });

  it('with an engine forced, the standard roots as that engine, the path not naming it', function () {
    if (process.platform !== 'linux') this.skip();
    assert.deepEqual(
      resolveRoots(dirsView(present), { targets: [], env, forced: 'podman' }).locations,
      present.map((p) => loc(p, 'podman', false)),
    );
  });

  it('an empty lookup order is no lookup order: the standard roots are still taken', function () {
    if (process.platform !== 'linux') this.skip();
    assert.deepEqual(
      resolveRoots(dirsView(present), { targets: [], env, rootsSetting: { containerd: [] } }).locations.map((l) => l.path),
      present,
    );
    assert.deepEqual(resolveRoots(dirsView(present), { targets: [], env, rootsSetting: { containerd: ['/nowhere/certs.d'] } }).locations, []);
  });

  it("a lookup order's roots that are folders, each as the engine its path names, else the order's engine", () => {
    const view = dirsView(['/r/containerd/certs.d', '/r/other.d', '/r/docker/certs.d', '/r/plain.d']);
    const rootsSetting = { containerd: ['/r/containerd/certs.d', '/r/missing.d', '/r/other.d'], podman: ['/r/docker/certs.d', '/r/plain.d'] };
    assert.deepEqual(resolveRoots(view, { targets: [], rootsSetting }).locations, [
      loc('/r/containerd/certs.d', 'containerd', true),
      loc('/r/other.d', 'containerd', false),
      loc('/r/docker/certs.d', 'docker', true),
      loc('/r/plain.d', 'podman', false),
    ]);
    assert.deepEqual(
      resolveRoots(view, { targets: [], rootsSetting, forced: 'docker' }).locations.map((l) => [l.engine, l.engineFromPath]),
      [
        ['docker', false],
        ['docker', false],
        ['docker', false],
        ['docker', false],
      ],
    );
  });

  it('a view that cannot resolve links (an FsError) keeps each path as given, apart', () => {
    const view = dirsView(['/a/certs.d', '/b/certs.d'], (p) => {
      throw new FsError('EACCES', p);
    });
    assert.deepEqual(resolveRoots(view, { targets: ['/a/certs.d', '/b/certs.d'] }).locations, [loc('/a/certs.d', 'docker', false), loc('/b/certs.d', 'docker', false)]);
  });

  it('a view whose realPath has a bug: the error goes through', () => {
    const view = dirsView(['/a/certs.d'], () => {
      throw new TypeError('realPath bug');
    });
    assert.throws(() => resolveRoots(view, { targets: ['/a/certs.d'] }), { name: 'TypeError', message: 'realPath bug' });
  });
});

describe('core/roots: mayChangeRoots inside a host-like folder', () => {
  const tree = tempTrees();

  it('a sub-folder of a host-like folder makes no root; its hosts.toml or certificate may', () => {
    const t = tree({ 'reg.example.com': { sub: {}, 'hosts.toml': '' } });
    assert.deepEqual(
      [t.path('reg.example.com', 'sub'), t.path('reg.example.com', 'hosts.toml'), t.path('reg.example.com', 'ca.crt'), t.path('reg.example.com', 'notes.txt')].map((p) => mayChangeRoots(nodeFileSystem, p, [t.base])),
      [false, true, true, false],
    );
  });
});

describe('core/roots: describeTooDeep', () => {
  const at = (target: string, ...paths: string[]) => paths.map((p) => ({ target, path: p }));

  it('one folder', () => {
    assert.equal(
      describeTooDeep(at('/w', '/w/deep'), 'name it directly'),
      'the search for certs.d folders stops 16 levels below /w: what is inside /w/deep was not searched, and a certs.d folder in there is not checked: name it directly.',
    );
  });

  it('three folders are all named', () => {
    assert.equal(
      describeTooDeep(at('/w', '/w/a', '/w/b', '/w/c'), 'add it'),
      'the search for certs.d folders stops 16 levels below /w: what is inside /w/a, /w/b, /w/c was not searched, and a certs.d folder in there is not checked: add it.',
    );
  });

  it('a fourth is "1 more folder", from each target once', () => {
    assert.equal(
      describeTooDeep([...at('/w', '/w/a', '/w/b'), ...at('/v', '/v/c', '/v/d')], 'add it'),
      'the search for certs.d folders stops 16 levels below /w, /v: what is inside /w/a, /w/b, /v/c and 1 more folder was not searched, and a certs.d folder in there is not checked: add it.',
    );
  });

  it('more are "N more folders"', () => {
    assert.equal(
      describeTooDeep(at('/w', '/w/a', '/w/b', '/w/c', '/w/d', '/w/e'), 'add it'),
      'the search for certs.d folders stops 16 levels below /w: what is inside /w/a, /w/b, /w/c and 2 more folders was not searched, and a certs.d folder in there is not checked: add it.',
    );
  });
});

describe('core/roots: standard roots per platform', () => {
  it('Linux without XDG_CONFIG_HOME: $HOME/.config stands for it', () => {
    assert.deepEqual(standardRoots({ HOME: '/home/u', _CONTAINERS_ROOTLESS_UID: '1000' }, 'linux'), [
      { path: '/etc/docker/certs.d', engine: 'docker' },
      { path: '/home/u/.config/docker/certs.d', engine: 'docker' },
      { path: '/home/u/.docker/certs.d', engine: 'docker' },
      { path: '/home/u/.config/containers/certs.d', engine: 'podman' },
      { path: '/etc/containers/certs.d', engine: 'podman' },
      { path: '/etc/containers/certs.rootless.d/1000', engine: 'podman' },
      { path: '/etc/containers/certs.rootless.d', engine: 'podman' },
      { path: '/usr/share/containers/certs.rootless.d/1000', engine: 'podman' },
      { path: '/usr/share/containers/certs.rootless.d', engine: 'podman' },
      { path: '/usr/share/containers/certs.d', engine: 'podman' },
      { path: '/etc/containerd/certs.d', engine: 'containerd' },
    ]);
  });

  it("macOS: Docker Desktop's ~/.docker/certs.d and the user's Podman folder (the machine reads it), XDG_CONFIG_HOME not used", () => {
    assert.deepEqual(standardRoots({ HOME: '/Users/u', XDG_CONFIG_HOME: '/xdg' }, 'darwin'), [
      { path: '/Users/u/.docker/certs.d', engine: 'docker' },
      { path: '/Users/u/.config/containers/certs.d', engine: 'podman' },
    ]);
  });

  it("Windows: Docker's folder under %ProgramData%, C:\\ProgramData when it is unset", () => {
    assert.deepEqual(standardRoots({ HOME: '/h', ProgramData: '/pd' }, 'win32'), [{ path: '/pd/docker/certs.d', engine: 'docker' }]);
    assert.deepEqual(standardRoots({ HOME: '/h' }, 'win32'), [{ path: ['C:\\ProgramData', 'docker', 'certs.d'].join(path.sep), engine: 'docker' }]);
  });
});

describe('core/roots: lookup orders', () => {
  const releases = { podman: podman6, containerd: containerd2 };

  it('podmanRootOrder: Podman 10 has the drop-in roots too (the major number, not its first digit)', () => {
    assert.deepEqual(podmanRootOrder('10.1', { home: '/h', uid: 0 }), [
      '/h/.config/containers/certs.d',
      '/etc/containers/certs.rootful.d',
      '/etc/containers/certs.d',
      '/usr/share/containers/certs.rootful.d',
      '/usr/share/containers/certs.d',
      '/etc/docker/certs.d',
    ]);
  });

  it('podmanRootOrder: rootless with an unknown uid leaves the per-uid drop-in out', () => {
    assert.deepEqual(podmanRootOrder(podman6, { home: '/h' }), [
      '/h/.config/containers/certs.d',
      '/etc/containers/certs.rootless.d',
      '/etc/containers/certs.d',
      '/usr/share/containers/certs.rootless.d',
      '/usr/share/containers/certs.d',
      '/etc/docker/certs.d',
    ]);
  });

  it('containerdConfigPath: a release without a containerd line has no default', () => {
    assert.deepEqual(containerdConfigPath({ engine: 'containerd', release: 'x', source: '', go: '1.26', harness: '' }, 'unix'), []);
    assert.deepEqual(containerdConfigPath(containerd2, 'unix', '/p'), ['/p/etc/containerd/certs.d', '/p/etc/docker/certs.d']);
  });

  it('a Podman setting is its order (the roots present, in its order), and replaces the standard one', () => {
    const roots = ['/etc/containers/certs.d', '/etc/docker/certs.d', '/x/certs.d'];
    assert.deepEqual(lookupOrders(roots, releases, 'unix', { podman: ['/x/certs.d', '/missing/certs.d', '/etc/docker/certs.d'] }), [
      { engine: 'podman', who: 'Podman', roots: ['/x/certs.d', '/etc/docker/certs.d'], source: 'setting' },
    ]);
  });

  it('the same roots set for containerd and for Podman are two orders', () => {
    const roots = ['/a/certs.d', '/b/certs.d'];
    assert.deepEqual(lookupOrders(roots, releases, 'unix', { containerd: roots, podman: roots }, 'cli'), [
      { engine: 'containerd', who: 'containerd (config_path)', roots, source: 'cli' },
      { engine: 'podman', who: 'Podman', roots, source: 'cli' },
    ]);
  });

  it('on Windows only the settings give orders', () => {
    const roots = ['/etc/containerd/certs.d', '/etc/containers/certs.d', '/etc/docker/certs.d'];
    assert.deepEqual(lookupOrders(roots, releases, 'windows'), []);
    assert.deepEqual(lookupOrders(roots, releases, 'windows', { podman: ['/etc/docker/certs.d', '/etc/containers/certs.d'] }), [
      { engine: 'podman', who: 'Podman', roots: ['/etc/docker/certs.d', '/etc/containers/certs.d'], source: 'setting' },
    ]);
  });

  it("root's own folder under / (Podman 5): one order, as root", () => {
    const roots = ['/root/.config/containers/certs.d', '/etc/containers/certs.d', '/etc/docker/certs.d'];
    assert.deepEqual(lookupOrders(roots, { podman: podman5, containerd: containerd2 }, 'unix'), [{ engine: 'podman', who: 'Podman (as root)', roots, source: 'standard' }]);
  });

  it("a user's folder listed before the system roots of the same prefix still gives that user's order", () => {
    const roots = ['/srv/c/home/alice/.config/containers/certs.d', '/srv/c/etc/containers/certs.d'];
    assert.deepEqual(lookupOrders(roots, { podman: podman5, containerd: containerd2 }, 'unix'), [{ engine: 'podman', who: 'Podman (user alice)', roots, source: 'standard' }]);
  });

  it('users in the order of their names, whatever the order of the roots', () => {
    const roots = ['/home/bob/.config/containers/certs.d', '/home/alice/.config/containers/certs.d', '/etc/containers/certs.d'];
    assert.deepEqual(lookupOrders(roots, { podman: podman5, containerd: containerd2 }, 'unix'), [
      { engine: 'podman', who: 'Podman (user alice)', roots: ['/home/alice/.config/containers/certs.d', '/etc/containers/certs.d'], source: 'standard' },
      { engine: 'podman', who: 'Podman (user bob)', roots: ['/home/bob/.config/containers/certs.d', '/etc/containers/certs.d'], source: 'standard' },
    ]);
  });

  it("Podman 6: root's folder is root's (rootful), never a rootless user's order", () => {
    const roots = ['/root/.config/containers/certs.d', '/etc/containers/certs.rootless.d', '/etc/containers/certs.d'];
    assert.deepEqual(lookupOrders(roots, releases, 'unix'), [
      { engine: 'podman', who: 'Podman (as root)', roots: ['/root/.config/containers/certs.d', '/etc/containers/certs.d'], source: 'standard' },
    ]);
  });

  it('Podman 6: an order holding the rootful drop-in is named as root', () => {
    const roots = ['/etc/containers/certs.rootful.d', '/etc/containers/certs.d'];
    assert.deepEqual(lookupOrders(roots, releases, 'unix'), [{ engine: 'podman', who: 'Podman (as root)', roots, source: 'standard' }]);
  });
});
