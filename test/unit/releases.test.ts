import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assumedStore, DAEMON_JSON, resolveDockerStore, storeFromDaemonJson, storeFromDockerInfo } from '../../server/src/core/engines/dockerStore';
import { FileSystemView, FsError } from '../../server/src/core/fsview';
import { defaultRelease, findRelease, RELEASES, releaseSpecs, splitEngineSpec } from '../../server/src/core/engines/releases';
import { ENGINES } from '../../server/src/core/tree';

/** A file system holding one file, for daemon.json. */
function oneFile(p: string, text: string): FileSystemView {
  const missing = (q: string) => new FsError('ENOENT', q);
  return {
    readFile: (q) => {
      if (q === p) return Buffer.from(text);
      throw missing(q);
    },
    readDir: (q) => {
      throw missing(q);
    },
    stat: (q) => {
      throw missing(q);
    },
  };
}

describe('engine releases', () => {
  it('has a default (newest) release for every engine', () => {
    for (const e of ENGINES) assert.equal(defaultRelease(e).engine, e);
    assert.equal(defaultRelease('docker').release, '29');
  });

  it('finds a release by its line or a full version, and nothing else', () => {
    assert.equal(findRelease('docker', '28')?.release, '28');
    assert.equal(findRelease('docker', '28.5.1')?.release, '28');
    assert.equal(findRelease('containerd', '1.7.27')?.release, '1.7');
    assert.equal(findRelease('containerd', '2.1.4')?.release, '2');
    assert.equal(findRelease('docker', 'latest')?.release, '29');
    assert.equal(findRelease('docker', '2'), undefined);
    assert.equal(findRelease('containerd', '1.6'), undefined);
    assert.equal(findRelease('containerd', '1.70'), undefined);
  });

  it('splits engine@release', () => {
    assert.deepEqual(splitEngineSpec('containerd@1.7'), { engine: 'containerd', release: '1.7' });
    assert.deepEqual(splitEngineSpec('podman'), { engine: 'podman' });
  });

  it('offers in the settings exactly the releases the table has', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties;
    for (const e of ['docker', 'containerd'] as const) {
      const rows = RELEASES.filter((r) => r.engine === e).map((r) => r.release);
      assert.deepEqual(props[`certsd.${e}Release`].enum, ['latest', ...rows]);
    }
    assert.deepEqual(props['certsd.dockerStore'].enum, ['auto', 'containerd', 'graphdriver']);
    assert.ok(releaseSpecs().includes('containerd@1.7'));
  });

  it('names a Go version (major.minor) for every release', () => {
    for (const r of RELEASES) assert.match(r.go, /^1\.\d+$/, `${r.engine}@${r.release}`);
  });
});

describe("Docker's storage", () => {
  const docker29 = findRelease('docker', '29')!;
  const docker28 = findRelease('docker', '28')!;

  it('reads features.containerd-snapshotter from daemon.json', () => {
    assert.equal(storeFromDaemonJson('{"features":{"containerd-snapshotter":true}}'), 'containerd');
    assert.equal(storeFromDaemonJson('{"features":{"containerd-snapshotter":false}}'), 'graphdriver');
    assert.equal(storeFromDaemonJson('{"storage-driver":"overlay2"}'), 'graphdriver');
    assert.equal(storeFromDaemonJson('{"log-level":"debug"}'), undefined);
    assert.equal(storeFromDaemonJson('not json'), undefined);
  });

  it("reads the containerd snapshotter from docker info's DriverStatus", () => {
    assert.equal(storeFromDockerInfo('[["driver-type","io.containerd.snapshotter.v1"]]'), 'containerd');
    assert.equal(storeFromDockerInfo('[["Backing Filesystem","extfs"],["Supports d_type","true"]]'), 'graphdriver');
    assert.equal(storeFromDockerInfo(''), undefined);
  });

  it('resolves auto from daemon.json first, then docker info, then the release default', () => {
    const withFlag = oneFile(DAEMON_JSON, '{"features":{"containerd-snapshotter":false}}');
    assert.deepEqual(resolveDockerStore('auto', docker29, withFlag, () => '[["driver-type","io.containerd.snapshotter.v1"]]'), {
      store: 'graphdriver',
      assumed: false,
      from: DAEMON_JSON,
    });
    const none = oneFile('/nowhere', '');
    assert.deepEqual(resolveDockerStore('auto', docker29, none, () => '[["driver-type","io.containerd.snapshotter.v1"]]'), {
      store: 'containerd',
      assumed: false,
      from: 'docker info',
    });
    assert.deepEqual(resolveDockerStore('auto', docker29, none, () => undefined), { store: 'containerd', assumed: true });
    assert.deepEqual(resolveDockerStore('auto', docker28, none), assumedStore(docker28));
    assert.equal(assumedStore(docker28).store, 'graphdriver');
    assert.deepEqual(resolveDockerStore('graphdriver', docker29, withFlag), { store: 'graphdriver', assumed: false, from: 'setting' });
  });
});
