/**
 * Engine releases and Docker's storage (core/engines/releases.ts, dockerStore.ts), the cases
 * releases.test.ts leaves out. The Docker 29 containerd image store default and moby's graph
 * drivers are from spec/engine-rules.md (Docker has two paths since its containerd image store);
 * daemon.json's `features.containerd-snapshotter` and `storage-driver` are dockerd's own keys.
 */
import * as assert from 'node:assert/strict';
import { assumedStore, DAEMON_JSON, resolveDockerStore, storeFromDaemonJson, storeFromDockerInfo } from '../../server/src/core/engines/dockerStore';
import { defaultRelease, EngineRelease, findRelease, releaseSpecs, releasesOf, splitEngineSpec } from '../../server/src/core/engines/releases';
import { FileSystemView, FsError } from '../../server/src/core/fsview';

function readsOnly(files: Record<string, string>, error?: Error): FileSystemView {
  return {
    readFile: (p) => {
      if (error) throw error;
      if (p in files) return Buffer.from(files[p]);
      throw new FsError('ENOENT', p);
    },
    readDir: (p) => {
      throw new FsError('ENOENT', p);
    },
    stat: (p) => {
      throw new FsError('ENOENT', p);
    },
  };
}

const docker29 = findRelease('docker', '29')!;
const docker28 = findRelease('docker', '28')!;
const INFO_CONTAINERD = '[["driver-type","io.containerd.snapshotter.v1"]]';

describe('engines model: releases', () => {
  it('releasesOf: the rows of one engine, newest first', () => {
    assert.deepEqual(releasesOf('docker').map((r) => r.release), ['29', '28']);
    assert.deepEqual(releasesOf('podman').map((r) => r.release), ['6', '5']);
    assert.deepEqual(releasesOf('containerd').map((r) => r.release), ['2', '1.7']);
    assert.deepEqual([defaultRelease('podman').release, defaultRelease('containerd').release], ['6', '2']);
  });

  it('findRelease: nothing, empty or latest is the default; a version at a dot boundary', () => {
    assert.equal(findRelease('containerd', undefined)?.release, '2');
    assert.equal(findRelease('containerd', '')?.release, '2');
    assert.equal(findRelease('podman', 'latest')?.release, '6');
    assert.equal(findRelease('podman', '5.8.2')?.release, '5');
    assert.equal(findRelease('containerd', '1.7')?.release, '1.7');
    assert.equal(findRelease('docker', '29x'), undefined);
    assert.equal(findRelease('podman', '7'), undefined);
  });

  it('splitEngineSpec keeps an empty release after @', () => {
    assert.deepEqual(splitEngineSpec('docker@'), { engine: 'docker', release: '' });
    assert.deepEqual(splitEngineSpec('docker@28.5.1'), { engine: 'docker', release: '28.5.1' });
  });

  it('releaseSpecs: every engine@release, in table order', () => {
    assert.deepEqual(releaseSpecs(), ['docker@29', 'docker@28', 'podman@6', 'podman@5', 'containerd@2', 'containerd@1.7']);
  });
});

describe("engines model: Docker's storage", () => {
  describe('storeFromDaemonJson', () => {
    it('nothing to learn from JSON that is not an object', () => {
      for (const text of ['null', '5', '"x"', 'true']) assert.equal(storeFromDaemonJson(text), undefined, text);
    });

    it('the snapshotter flag must be a boolean; it wins over storage-driver', () => {
      assert.equal(storeFromDaemonJson('{"features":{"containerd-snapshotter":"true"}}'), undefined);
      assert.equal(storeFromDaemonJson('{"features":{"containerd-snapshotter":true},"storage-driver":"overlay2"}'), 'containerd');
      assert.equal(storeFromDaemonJson('{"features":{}}'), undefined);
    });

    it('a graph storage-driver keeps graph drivers; another name or type says nothing', () => {
      for (const d of ['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs', 'devicemapper', 'aufs', 'windowsfilter']) assert.equal(storeFromDaemonJson(JSON.stringify({ 'storage-driver': d })), 'graphdriver', d);
      assert.equal(storeFromDaemonJson('{"storage-driver":"overlayfs"}'), undefined);
      assert.equal(storeFromDaemonJson('{"storage-driver":["overlay2"]}'), undefined);
    });
  });

  describe('storeFromDockerInfo', () => {
    it('graph drivers unless a driver-type row names a containerd snapshotter', () => {
      assert.equal(storeFromDockerInfo('[["driver-type","io.containerd.snapshotter.v1"],["x","y"]]'), 'containerd');
      assert.equal(storeFromDockerInfo('[["Backing Filesystem","io.containerd.snapshotter.v1"]]'), 'graphdriver');
      assert.equal(storeFromDockerInfo('[["driver-type","overlayfs"]]'), 'graphdriver');
      assert.equal(storeFromDockerInfo('["driver-type","io.containerd.snapshotter.v1"]'), 'graphdriver');
      assert.equal(storeFromDockerInfo('[]'), 'graphdriver');
    });

    it('nothing from output that is not a JSON array', () => {
      assert.equal(storeFromDockerInfo('{"driver-type":"io.containerd.snapshotter.v1"}'), undefined);
      assert.equal(storeFromDockerInfo('null'), undefined);
      assert.equal(storeFromDockerInfo('Cannot connect to the Docker daemon'), undefined);
    });
  });

  describe('assumedStore', () => {
    it('containerd from Docker 29 on, graph drivers before', () => {
      const row = (release: string): EngineRelease => ({ ...docker29, release });
      assert.deepEqual(assumedStore(docker29), { store: 'containerd', assumed: true });
      assert.deepEqual(assumedStore(row('30')), { store: 'containerd', assumed: true });
      assert.deepEqual(assumedStore(row('29.1')), { store: 'containerd', assumed: true });
      assert.deepEqual(assumedStore(docker28), { store: 'graphdriver', assumed: true });
      assert.deepEqual(assumedStore(row('28.9')), { store: 'graphdriver', assumed: true });
    });
  });

  describe('resolveDockerStore', () => {
    it('a choice other than auto is the setting, read from nowhere', () => {
      let asked = false;
      const info = () => {
        asked = true;
        return INFO_CONTAINERD;
      };
      assert.deepEqual(resolveDockerStore('containerd', docker28, readsOnly({ [DAEMON_JSON]: '{"storage-driver":"overlay2"}' }), info), { store: 'containerd', assumed: false, from: 'setting' });
      assert.equal(asked, false);
    });

    it('daemon.json saying nothing goes on to docker info', () => {
      assert.deepEqual(resolveDockerStore('auto', docker28, readsOnly({ [DAEMON_JSON]: '{"debug":true}' }), () => INFO_CONTAINERD), { store: 'containerd', assumed: false, from: 'docker info' });
    });

    it('daemon.json deciding: docker info is not asked', () => {
      let asked = false;
      const r = resolveDockerStore('auto', docker29, readsOnly({ [DAEMON_JSON]: '{"features":{"containerd-snapshotter":true}}' }), () => {
        asked = true;
        return '[]';
      });
      assert.deepEqual(r, { store: 'containerd', assumed: false, from: DAEMON_JSON });
      assert.equal(asked, false);
    });

    it('docker info that cannot be read: assumed by release', () => {
      assert.deepEqual(resolveDockerStore('auto', docker28, readsOnly({}), () => 'not json'), { store: 'graphdriver', assumed: true });
      assert.deepEqual(resolveDockerStore('auto', docker29, readsOnly({}), () => undefined), { store: 'containerd', assumed: true });
    });

    it('an unreadable daemon.json is like none; an error that is not the file system\'s is thrown', () => {
      assert.deepEqual(resolveDockerStore('auto', docker28, readsOnly({}, new FsError('EACCES', DAEMON_JSON))), { store: 'graphdriver', assumed: true });
      assert.throws(() => resolveDockerStore('auto', docker28, readsOnly({}, new RangeError('bug'))), { name: 'RangeError', message: 'bug' });
    });
  });
});
