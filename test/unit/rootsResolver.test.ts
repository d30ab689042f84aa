/** resolveRoots: the one place the CLI and the language server get their roots from. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { MAX_SEARCH_DEPTH, mayChangeRoots, resolveRoots, RootRequest } from '../../server/src/core/roots';
import { symlink, tempTrees, TempTree, TreeSpec } from '../helpers/tree';

const CA = '-----BEGIN CERTIFICATE-----\nnot parsed by the search\n-----END CERTIFICATE-----\n';
const host = (name: string) => ({ [name]: { 'ca.crt': CA } });

function chain(levels: number, leaf: TreeSpec): TreeSpec {
  let spec = leaf;
  for (let i = levels; i >= 1; i--) spec = { [`d${i}`]: spec };
  return spec;
}
const chainPath = (levels: number) => Array.from({ length: levels }, (_, i) => `d${i + 1}`);

describe('resolveRoots', () => {
  const makeTree = tempTrees();
  let t: TempTree;
  const resolve = (request: RootRequest) => resolveRoots(nodeFileSystem, request);
  const brief = (request: RootRequest) => resolve(request).locations.map((l) => ({ path: path.relative(t.base, l.path), engine: l.engine, onlyHosts: l.onlyHosts }));

  before(() => {
    t = makeTree({
      'certs.d': { ...host('a.example.com'), ...host('b.example.com'), ...host('c.example.com') },
      link: symlink('certs.d'),
      etc: {
        docker: { 'certs.d': host('d.example.com') },
        // containerd's root a link to Docker's: one folder, two engines reading it.
        containerd: { 'certs.d': symlink('../docker/certs.d') },
      },
      src: { 'main.go': 'package main\n' },
    });
  });

  it('lets a whole root take in a host folder of it, named before or after', () => {
    const whole = [{ path: 'certs.d', engine: 'docker', onlyHosts: undefined }];
    assert.deepEqual(brief({ targets: [t.path('certs.d', 'a.example.com'), t.path('certs.d')] }), whole);
    assert.deepEqual(brief({ targets: [t.path('certs.d'), t.path('certs.d', 'a.example.com', 'ca.crt')] }), whole);
  });

  it('makes host folders of one root one location limited to them', () => {
    assert.deepEqual(brief({ targets: [t.path('certs.d', 'b.example.com'), t.path('certs.d', 'a.example.com'), t.path('certs.d', 'b.example.com', 'ca.crt')] }), [
      { path: 'certs.d', engine: 'docker', onlyHosts: ['b.example.com', 'a.example.com'] },
    ]);
  });

  it('checks a root reached through a symlink once, under the path named first', () => {
    assert.deepEqual(brief({ targets: [t.path('link'), t.path('certs.d')] }), [{ path: 'link', engine: 'docker', onlyHosts: undefined }]);
  });

  it('keeps one folder read as two engines as two locations', () => {
    assert.deepEqual(brief({ targets: [t.path('etc', 'containerd', 'certs.d'), t.path('etc', 'docker', 'certs.d')] }), [
      { path: 'etc/containerd/certs.d', engine: 'containerd', onlyHosts: undefined },
      { path: 'etc/docker/certs.d', engine: 'docker', onlyHosts: undefined },
    ]);
  });

  it('checks a root found under nested targets once', () => {
    // (The search does not follow symlinked folders: etc/containerd/certs.d is not found this way.)
    assert.deepEqual(brief({ targets: [t.base, t.path('etc', 'docker'), t.path('etc')] }).map((l) => l.path).sort(), ['certs.d', 'etc/docker/certs.d']);
  });

  it('adds the existing roots of a lookup order, merged with the same roots found otherwise', () => {
    const rootsSetting = { containerd: [t.path('nowhere', 'certs.d'), t.path('etc', 'docker', 'certs.d'), t.path('certs.d')] };
    // The host folder named first says the engine; the order makes it whole.
    assert.deepEqual(brief({ targets: [t.path('certs.d', 'a.example.com')], rootsSetting }), [
      { path: 'certs.d', engine: 'docker', onlyHosts: undefined },
      { path: 'etc/docker/certs.d', engine: 'docker', onlyHosts: undefined },
    ]);
    // Alone, an order's root that no path names is read as the order's engine.
    assert.deepEqual(brief({ targets: [], rootsSetting }), [
      { path: 'etc/docker/certs.d', engine: 'docker', onlyHosts: undefined },
      { path: 'certs.d', engine: 'containerd', onlyHosts: undefined },
    ]);
  });

  it('tells targets that are not there and targets without a root apart', () => {
    const r = resolve({ targets: [t.path('nope'), t.path('src'), t.path('certs.d')] });
    assert.deepEqual(r.unreadable.map((u) => [u.target, u.error.code]), [[t.path('nope'), 'ENOENT']]);
    assert.deepEqual(r.empty, [t.path('src')]);
    assert.equal(r.locations.length, 1);
  });

  describe('standard roots', () => {
    let home: TempTree;
    before(() => {
      home = makeTree({ u: { '.docker': { 'certs.d': host('h.example.com') } }, xdg: { docker: { 'certs.d': host('x.example.com') } } });
    });
    const env = () => ({ HOME: home.path('u'), XDG_CONFIG_HOME: home.path('xdg'), _CONTAINERS_ROOTLESS_UID: '1000' });

    it('follows the HOME and XDG_CONFIG_HOME it is given', function () {
      if (process.platform !== 'linux') this.skip();
      const paths = resolve({ targets: [], env: env() }).locations.map((l) => l.path);
      assert.ok(paths.includes(home.path('u', '.docker', 'certs.d')), paths.join(', '));
      assert.ok(paths.includes(home.path('xdg', 'docker', 'certs.d')), paths.join(', '));
    });

    it('uses them only when nothing else is named, and never without an environment', () => {
      const has = (request: RootRequest) => resolve(request).locations.some((l) => l.path.startsWith(home.base));
      assert.equal(has({ targets: [t.path('certs.d')], env: env() }), false);
      assert.equal(has({ targets: [], rootsSetting: { podman: [t.path('certs.d')] }, env: env() }), false);
      assert.equal(has({ targets: [] }), false);
    });
  });

  describe(`the search depth (${MAX_SEARCH_DEPTH} levels)`, () => {
    let deep: TempTree;
    before(() => {
      deep = makeTree({
        atLimit: chain(MAX_SEARCH_DEPTH - 1, { 'certs.d': host('reg.example.com') }),
        below: chain(MAX_SEARCH_DEPTH, { 'certs.d': host('reg.example.com') }),
        emptyAtLimit: chain(MAX_SEARCH_DEPTH, { 'notes.txt': 'no folders here\n' }),
        skipped: chain(MAX_SEARCH_DEPTH, { node_modules: { pkg: {} } }),
        forty: chain(40, { 'certs.d': host('reg.example.com') }),
      });
    });

    it(`finds a certs.d ${MAX_SEARCH_DEPTH} levels below the target`, () => {
      const r = resolve({ targets: [deep.path('atLimit')] });
      assert.deepEqual(r.locations.map((l) => l.path), [deep.path('atLimit', ...chainPath(MAX_SEARCH_DEPTH - 1), 'certs.d')]);
      assert.deepEqual(r.tooDeep, []);
    });

    it('says where it stopped when a certs.d lies one level deeper', () => {
      const r = resolve({ targets: [deep.path('below')] });
      assert.deepEqual(r.locations, []);
      assert.deepEqual(r.empty, [deep.path('below')]);
      assert.deepEqual(r.tooDeep, [{ target: deep.path('below'), path: deep.path('below', ...chainPath(MAX_SEARCH_DEPTH)) }]);
    });

    it('says nothing for a folder at the limit with no sub-folder, or only folders never searched', () => {
      assert.deepEqual(resolve({ targets: [deep.path('emptyAtLimit'), deep.path('skipped')] }).tooDeep, []);
    });

    it('checks a certs.d 40 levels deep named directly, or as its host folder', () => {
      const root = deep.path('forty', ...chainPath(40), 'certs.d');
      assert.deepEqual(resolve({ targets: [root] }).locations.map((l) => l.path), [root]);
      assert.deepEqual(resolve({ targets: [path.join(root, 'reg.example.com')] }).locations.map((l) => [l.path, l.onlyHosts]), [[root, ['reg.example.com']]]);
    });
  });
});

describe('mayChangeRoots', () => {
  const makeTree = tempTrees();
  let t: TempTree;
  let ws: string;

  before(() => {
    t = makeTree({ certs: { project: { src: { 'main.go': 'package main\n' }, 'reg.example.com': {}, 'README.md': 'hi\n' } } });
    ws = t.path('certs', 'project');
  });
  const may = (...parts: string[]) => mayChangeRoots(nodeFileSystem, path.join(ws, ...parts), [ws]);

  it('ignores the folders above the workspace folder: /home/u/certs/project is no certs.d', () => {
    assert.equal(may('src', 'main.go'), false);
    assert.equal(may('src'), false);
    assert.equal(may('README.md'), false);
  });

  it('looks again for a certs.d, or a misnamed one, below the workspace folder', () => {
    assert.equal(may('new', 'certs.d', 'x.example.com', 'ca.crt'), true);
    assert.equal(may('deploy', 'cert.d'), true);
  });

  it('looks again when the workspace folder may now be laid out as a certs.d itself', () => {
    assert.equal(may('reg.example.com'), true);
    assert.equal(may('reg.example.com', 'ca.crt'), true);
    assert.equal(may('reg.example.com', 'notes.txt'), false);
  });

  it('looks again when the workspace folder itself, or a folder above it, came or went', () => {
    assert.equal(mayChangeRoots(nodeFileSystem, ws, [ws]), true);
    assert.equal(mayChangeRoots(nodeFileSystem, t.path('certs'), [ws]), true);
    assert.equal(mayChangeRoots(nodeFileSystem, t.path('elsewhere', 'certs.d'), [ws]), false);
  });
});
