/**
 * Which storage a Docker daemon uses, which decides whose code reads certs.d for pulls and pushes:
 * the containerd image store (containerd's hosts code; the default of new Docker 29 installs) or
 * graph drivers such as overlay2 (moby's own loader; upgraded installs and Docker 28).
 */
import { FileSystemView, isFsError } from '../fsview';
import { DockerStore, DockerStoreChoice, DockerStoreInfo, EngineRelease } from './releases';

export const DAEMON_JSON = '/etc/docker/daemon.json';

/** Graph drivers moby still ships; naming one as storage-driver keeps the graph-driver store. */
const GRAPH_DRIVERS = new Set(['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs', 'devicemapper', 'aufs', 'windowsfilter']);

/** daemon.json's word on the store: `features.containerd-snapshotter`, else a graph `storage-driver`. */
export function storeFromDaemonJson(text: string): DockerStore | undefined {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // dockerd refuses to start with a daemon.json it cannot parse: nothing to learn from it here.
    return undefined;
  }
  if (typeof config !== 'object' || config === null) return undefined;
  const c = config as { features?: Record<string, unknown>; 'storage-driver'?: unknown };
  const flag = c.features?.['containerd-snapshotter'];
  if (flag === true) return 'containerd';
  if (flag === false) return 'graphdriver';
  if (typeof c['storage-driver'] === 'string' && GRAPH_DRIVERS.has(c['storage-driver'])) return 'graphdriver';
  return undefined;
}

/** `docker info --format '{{json .DriverStatus}}'`: the containerd store reports its driver type. */
export function storeFromDockerInfo(driverStatusJson: string): DockerStore | undefined {
  try {
    const rows = JSON.parse(driverStatusJson) as unknown;
    if (!Array.isArray(rows)) return undefined;
    const containerd = rows.some((r) => Array.isArray(r) && r[0] === 'driver-type' && String(r[1]).startsWith('io.containerd.snapshotter'));
    return containerd ? 'containerd' : 'graphdriver';
  } catch {
    return undefined;
  }
}

/** Without a word from the machine: Docker 29 installs start on the containerd store, older ones on graph drivers. */
export function assumedStore(release: EngineRelease): DockerStoreInfo {
  return { store: Number(release.release.split('.')[0]) >= 29 ? 'containerd' : 'graphdriver', assumed: true };
}

/**
 * Resolves the user's choice. `auto` reads daemon.json, then asks `docker info` (when a way to run
 * it is given; it returns undefined when docker is absent or fails), then assumes by release.
 */
export function resolveDockerStore(
  choice: DockerStoreChoice,
  release: EngineRelease,
  fs: FileSystemView,
  dockerInfo?: () => string | undefined,
): DockerStoreInfo {
  if (choice !== 'auto') return { store: choice, assumed: false, from: 'setting' };
  try {
    const text = fs.readFile(DAEMON_JSON);
    const store = storeFromDaemonJson(Buffer.from(text).toString('utf8'));
    if (store) return { store, assumed: false, from: DAEMON_JSON };
  } catch (e) {
    if (!isFsError(e)) throw e;
  }
  const info = dockerInfo?.();
  const fromInfo = info === undefined ? undefined : storeFromDockerInfo(info);
  if (fromInfo) return { store: fromInfo, assumed: false, from: 'docker info' };
  return assumedStore(release);
}
