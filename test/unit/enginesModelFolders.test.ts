/**
 * Host folder names (core/engines/hostFolders.ts), the parts hostFolders.test.ts leaves out: which
 * names are registry hosts at all, which names map back to a host through containerd's
 * hostDirectory (`reg:5000` -> `reg_5000_`: the last ':' at index > 0 becomes '_', '_' appended;
 * Windows drops colons), which lookup each engine runs, and what os.Stat finds in a root (a dangling
 * link is not found). Expected names are written out from containerd's hostPaths and moby's
 * hostCertsDir as spec/engine-rules.md "Host directory names" gives them.
 */
import * as assert from 'node:assert/strict';
import {
  candidatesFor,
  containerdPortForm,
  containerdShadowInRoot,
  familyOf,
  folderNameNote,
  hostOfFolder,
  isRegistryHost,
  lookupFolder,
  nonFolderEntry,
  presentNames,
  shadowsAcrossRoots,
  statFinds,
} from '../../server/src/core/engines/hostFolders';
import type { FolderShadow, HostReport } from '../../server/src/core/check';
import { HostDir, HostEntry } from '../../server/src/core/tree';

describe('engines model: host folder names', () => {
  describe('isRegistryHost', () => {
    const yes = ['reg.example.com', 'Reg.Example.COM', 'reg.example.com:5000', 'localhost', 'a', 'a-b.c', '10.0.0.1:443', '[::1]', '[::1]:5000', '[fe80::1%eth0]:5000', '[::ffff:10.0.0.1]'];
    const no = ['', 'reg_5000_', '-reg.example.com', 'reg-.example.com', 'reg..example.com', '.reg', 'reg.', 'reg:abc', 'reg:', '[::1', '::1', '[g::1]', 'reg example', 'a:1:2'];
    for (const h of yes) it(`${h} is a registry host`, () => assert.equal(isRegistryHost(h), true));
    for (const h of no) it(`${JSON.stringify(h)} is not`, () => assert.equal(isRegistryHost(h), false));
  });

  describe('containerdPortForm (hostDirectory)', () => {
    it('the last colon at an index above 0 becomes _, and _ is appended', () => {
      assert.equal(containerdPortForm('reg:5000'), 'reg_5000_');
      assert.equal(containerdPortForm('[::1]:5000'), '[::1]_5000_');
      assert.equal(containerdPortForm('reg'), 'reg');
      assert.equal(containerdPortForm(':5000'), ':5000');
      assert.equal(containerdPortForm('a:5000'), 'a_5000_');
    });
  });

  describe('hostOfFolder edge names', () => {
    const plain = (name: string, loaders = ['moby', 'containers-image', 'containerd']) => ({ form: 'plain', host: name, loaders });
    it('a name ending in _ that is no port form stays itself', () => {
      assert.deepEqual(hostOfFolder('_5000_', 'unix'), plain('_5000_'));
      assert.deepEqual(hostOfFolder('reg_', 'unix'), plain('reg_'));
      assert.deepEqual(hostOfFolder('reg_abc_', 'unix'), plain('reg_abc_'));
      assert.deepEqual(hostOfFolder('a_b_5000_', 'unix'), plain('a_b_5000_'));
      assert.deepEqual(hostOfFolder('reg_5000', 'unix'), plain('reg_5000'));
    });

    it('Windows: a port form maps back only for a numeric port and no colon elsewhere', () => {
      assert.deepEqual(hostOfFolder('reg_5000_', 'windows'), { form: 'port-underscore', host: 'reg:5000', loaders: ['containerd'] });
      assert.deepEqual(hostOfFolder('[fd00:1]_abc_', 'windows'), { form: 'plain', host: '[fd00:1]_abc_', loaders: [] });
      assert.deepEqual(hostOfFolder('[fd00::1]_5000_', 'windows'), { form: 'plain', host: '[fd00::1]_5000_', loaders: [] });
    });

    it('Unix: a port form that containerd would not write back the same way is plain', () => {
      // [fd00::1]_5000_ is the port form of [fd00::1]:5000; [fd00:_1]_ that of [fd00::1].
      assert.deepEqual(hostOfFolder('[fd00::1]_5000_', 'unix'), { form: 'port-underscore', host: '[fd00::1]:5000', loaders: ['containerd'] });
      assert.deepEqual(hostOfFolder('[fd00:_1]_', 'unix'), { form: 'port-underscore', host: '[fd00::1]', loaders: ['containerd'] });
    });
  });

  describe('candidatesFor: whose lookup', () => {
    it('containerd: port form, name, _default; moby: the one name (colons dropped on Windows); containers/image: the host', () => {
      assert.deepEqual(candidatesFor('containerd', 'reg:5000', 'unix'), ['reg_5000_', 'reg:5000', '_default']);
      assert.deepEqual(candidatesFor('moby', 'reg:5000', 'unix'), ['reg:5000']);
      assert.deepEqual(candidatesFor('moby', 'reg:5000', 'windows'), ['reg5000']);
      assert.deepEqual(candidatesFor('containers-image', 'reg:5000', 'windows'), ['reg:5000']);
    });

    it('lookupFolder: the first candidate present', () => {
      assert.equal(lookupFolder('containerd', ['_default', 'reg:5000'], 'reg:5000', 'unix'), 'reg:5000');
      assert.equal(lookupFolder('containerd', new Set(['_default']), 'reg:5000', 'unix'), '_default');
      assert.equal(lookupFolder('moby', ['_default', 'reg_5000_'], 'reg:5000', 'unix'), undefined);
      assert.equal(lookupFolder('containers-image', ['reg:5000'], 'reg:5000', 'unix'), 'reg:5000');
    });

    it('familyOf: docker -> moby, podman -> containers/image, containerd -> containerd', () => {
      assert.deepEqual([familyOf('docker'), familyOf('podman'), familyOf('containerd')], ['moby', 'containers-image', 'containerd']);
    });
  });

  describe('what os.Stat finds in a root', () => {
    const e = (name: string, type: HostEntry['type'], target?: HostEntry['target']): HostEntry => ({ name, path: `/r/${name}`, type, target });

    it('statFinds: files and folders, links that resolve; not a dangling or broken link', () => {
      assert.deepEqual(
        [e('a', 'file'), e('b', 'directory'), e('c', 'other'), e('d', 'symlink', 'file'), e('e', 'symlink', 'directory'), e('f', 'symlink', 'other'), e('g', 'symlink', 'missing'), e('h', 'symlink', 'error')].map(statFinds),
        [true, true, true, true, true, true, false, false],
      );
    });

    it('nonFolderEntry: the entry of that name os.Stat finds', () => {
      const strayFiles = [e('x', 'symlink', 'missing'), e('x', 'file'), e('y', 'file')];
      assert.equal(nonFolderEntry({ strayFiles }, 'x'), strayFiles[1]);
      assert.equal(nonFolderEntry({ strayFiles: [e('x', 'symlink', 'missing')] }, 'x'), undefined);
      assert.equal(nonFolderEntry({ strayFiles }, 'z'), undefined);
    });
  });
});

describe('engines model: folderNameNote', () => {
  const report = (o: Partial<HostReport> & { name: string; engine: HostReport['engine'] }): HostReport => ({ root: '/r', path: `/r/${o.name}`, ...o }) as HostReport;
  const shadow = (actor: string, usedFolder: string, host?: string): FolderShadow => ({ engine: 'containerd', actor, host, usedFolder, scope: 'root' });

  it('another name form of the same root: by its name, with the host', () => {
    const s = shadow('containerd', '/r/reg_5000_', 'reg:5000');
    assert.equal(folderNameNote(report({ name: 'reg:5000', engine: 'containerd', shadowedBy: [s], usedFolder: s.usedFolder }), 'unix'), 'containerd uses reg_5000_ instead for reg:5000');
  });

  it('a folder of another root: by its path; a _default shadow has no host', () => {
    const s = shadow('containerd (config_path)', '/a/_default');
    assert.equal(folderNameNote(report({ name: 'x', engine: 'containerd', shadowedBy: [s], usedFolder: '/a/_default' }), 'unix'), 'containerd (config_path) uses /a/_default instead');
  });

  it('the shadow named is the one whose folder is used', () => {
    const other = shadow('Podman', '/p/reg:5000', 'reg:5000');
    const used = shadow('containerd', '/r/reg_5000_', 'reg:5000');
    assert.equal(folderNameNote(report({ name: 'reg:5000', engine: 'containerd', shadowedBy: [other, used], usedFolder: used.usedFolder }), 'unix'), 'containerd uses reg_5000_ instead for reg:5000');
  });

  it('no shadow used: a plain name has no note', () => {
    assert.equal(folderNameNote(report({ name: 'reg:5000', engine: 'containerd', shadowedBy: [shadow('x', '/q/y')], usedFolder: undefined }), 'unix'), undefined);
    assert.equal(folderNameNote(report({ name: 'reg.example.com', engine: 'docker' }), 'unix'), undefined);
  });

  it('containerd: _default and the port form', () => {
    assert.equal(folderNameNote(report({ name: '_default', engine: 'containerd' }), 'unix'), 'containerd uses this folder for every registry without a folder of its own in this root');
    assert.equal(folderNameNote(report({ name: 'reg_5000_', engine: 'containerd' }), 'unix'), 'containerd uses this folder for reg:5000 (this name is tried before reg:5000)');
  });

  it('docker: its pulls read containerd\'s names with the containerd store, never docker login', () => {
    const store = { store: 'containerd' as const, assumed: false };
    assert.equal(folderNameNote(report({ name: '_default', engine: 'docker', dockerStore: store }), 'unix'), 'Docker pulls and pushes use this folder for every registry without a folder of its own in this root; docker login never reads it');
    assert.equal(folderNameNote(report({ name: 'reg_5000_', engine: 'docker', dockerStore: { store: 'graphdriver', assumed: false } }), 'unix'), "Docker never reads this folder (the reg_5000_ form is containerd's name)");
    assert.equal(folderNameNote(report({ name: '_default', engine: 'docker' }), 'unix'), "Docker never reads this folder (_default is containerd's name)");
  });

  it('podman: Unix names whatever the platform', () => {
    assert.equal(folderNameNote(report({ name: '_default', engine: 'podman' }), 'unix'), "Podman never reads this folder (_default is containerd's name)");
    assert.equal(folderNameNote(report({ name: '[:_1]_', engine: 'podman' }), 'windows'), "Podman never reads this folder (the [:_1]_ form is containerd's name)");
    assert.equal(folderNameNote(report({ name: '[:_1]_', engine: 'containerd' }), 'windows'), undefined);
  });
});

describe('engines model: shadowsAcrossRoots edges', () => {
  const names = (root: string, folders: string[], extra: string[] = []) => ({ root, present: new Set([...folders, ...extra]), folders });

  it('containerd: a later _default loses to an earlier _default only', () => {
    assert.deepEqual(shadowsAcrossRoots('containerd', [names('/a', ['_default']), names('/b', ['_default', 'h'])], 'unix'), [
      { root: '/b', folder: '_default', usedRoot: '/a', usedFolder: '_default' },
      { root: '/b', folder: 'h', host: 'h', usedRoot: '/a', usedFolder: '_default' },
    ]);
    assert.deepEqual(shadowsAcrossRoots('containerd', [names('/a', ['x']), names('/b', ['_default'])], 'unix'), []);
  });

  it('containerd: an earlier root\'s file under the name counts (os.Stat finds it), the first root answering', () => {
    assert.deepEqual(shadowsAcrossRoots('containerd', [names('/a', [], ['h']), names('/b', ['h']), names('/c', ['h'])], 'unix'), [
      { root: '/b', folder: 'h', host: 'h', usedRoot: '/a', usedFolder: 'h' },
      { root: '/c', folder: 'h', host: 'h', usedRoot: '/a', usedFolder: 'h' },
    ]);
  });

  it('containers/image: only plain names, the first root holding the name; Unix whatever the platform', () => {
    assert.deepEqual(shadowsAcrossRoots('containers-image', [names('/a', ['_default', 'reg:5000']), names('/b', ['_default', 'reg:5000', 'reg_5000_'])], 'windows'), [
      { root: '/b', folder: 'reg:5000', host: 'reg:5000', usedRoot: '/a', usedFolder: 'reg:5000' },
    ]);
  });

  it('containerd on Windows: a name with a colon is never looked up, so never shadowed', () => {
    const order = [names('/a', ['reg_5000_']), names('/b', ['reg:5000'])];
    assert.deepEqual(shadowsAcrossRoots('containerd', order, 'windows'), []);
    assert.deepEqual(shadowsAcrossRoots('containerd', order, 'unix'), [{ root: '/b', folder: 'reg:5000', host: 'reg:5000', usedRoot: '/a', usedFolder: 'reg_5000_' }]);
  });
});

describe('engines model: name caches see a listing change', () => {
  it('presentNames: a stray file added to the same list counts', () => {
    const root: { hosts: HostDir[]; strayFiles: HostEntry[] } = { hosts: [], strayFiles: [] };
    assert.deepEqual([...presentNames(root)], []);
    root.strayFiles.push({ name: 'f', path: '/r/f', type: 'file' });
    assert.deepEqual([...presentNames(root)], ['f']);
  });

  it('Windows port forms: a name added to the same set is seen', () => {
    const present = new Set(['reg5000']);
    assert.equal(containerdShadowInRoot('reg5000', present, 'windows'), undefined);
    present.add('reg_5000_');
    assert.deepEqual(containerdShadowInRoot('reg5000', present, 'windows'), { host: 'reg:5000', winner: 'reg_5000_' });
  });

  it('Windows: a name with a colon, or a port form, is not shadowed in its root', () => {
    assert.equal(containerdShadowInRoot('reg:5000', new Set(['reg:5000', 'reg_5000_']), 'windows'), undefined);
    assert.equal(containerdShadowInRoot('_default', new Set(['_default']), 'windows'), undefined);
  });
});

describe('engines model: host folder names, more edges', () => {
  it('a name not ending in _ is no port form, on Windows too', () => {
    assert.deepEqual(hostOfFolder('reg_5000x', 'windows'), { form: 'plain', host: 'reg_5000x', loaders: ['moby', 'containerd'] });
  });

  it('Unix: a name containerd would write otherwise is no port form', () => {
    // [fd00_:1]_ would be [fd00::1], whose port form is [fd00:_1]_.
    assert.deepEqual(hostOfFolder('[fd00_:1]_', 'unix'), { form: 'plain', host: '[fd00_:1]_', loaders: ['moby', 'containers-image', 'containerd'] });
  });

  it('Unix: reg5000 is its own host, never shadowed by reg_5000_', () => {
    assert.equal(containerdShadowInRoot('reg5000', new Set(['reg5000', 'reg_5000_']), 'unix'), undefined);
  });

  it('presentNames: a listing replaced by one of the same length is worked out again', () => {
    const host = (name: string): HostDir => ({ root: '/r', name, path: `/r/${name}`, entries: [] });
    const root: { hosts: HostDir[]; strayFiles: HostEntry[] } = { hosts: [host('a')], strayFiles: [{ name: 'f', path: '/r/f', type: 'file' }] };
    assert.deepEqual([...presentNames(root)].sort(), ['a', 'f']);
    root.hosts = [host('b')];
    assert.deepEqual([...presentNames(root)].sort(), ['b', 'f']);
    root.strayFiles = [{ name: 'g', path: '/r/g', type: 'file' }];
    assert.deepEqual([...presentNames(root)].sort(), ['b', 'g']);
  });

  it('containers/image across roots: Unix names whatever the platform, and a folder only in its own root is not shadowed', () => {
    const names = (root: string, folders: string[]) => ({ root, present: new Set(folders), folders });
    assert.deepEqual(shadowsAcrossRoots('containers-image', [names('/a', ['[:_1]_']), names('/b', ['[:_1]_'])], 'windows'), []);
    assert.deepEqual(shadowsAcrossRoots('containers-image', [names('/a', ['x']), names('/b', ['h'])], 'unix'), []);
    assert.deepEqual(shadowsAcrossRoots('containerd', [names('/a', ['x']), names('/b', ['h', '_default'])], 'unix'), []);
  });
});
