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
  familyOf,
  hostOfFolder,
  isRegistryHost,
  lookupFolder,
  nonFolderEntry,
  statFinds,
} from '../../server/src/core/engines/hostFolders';
import { HostEntry } from '../../server/src/core/tree';

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
