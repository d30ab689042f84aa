/**
 * Which host folder each engine reads for a registry host, and which host a folder name is for.
 *
 * - containerd (core/remotes/docker/config/hosts.go `HostDirFromRoot`, config_unix.go / config_windows.go
 *   `hostPaths`; the same code in v2.4.2 and v1.7.35): os.Stat of each candidate in order, the first that
 *   exists wins, whatever it is (a plain file named like a host folder wins too, and then fails). Unix:
 *   `hostDirectory(host)` (the last ':' at index > 0 becomes '_', and a '_' is appended: `reg:5000` ->
 *   `reg_5000_`), then `host`, then `_default`. Windows: the same three with every ':' removed.
 *   Docker with the containerd image store runs this lookup for pulls and pushes (moby daemon/hosts.go
 *   `HostDirFromRoot(registry.CertsDir())`).
 * - moby (daemon/pkg/registry/registry.go `hostCertsDir`): `certs.d/<host[:port]>` literally; on Windows with
 *   the colons removed (`reg:5000` -> `reg5000`). `docker login`, and everything with graph drivers.
 * - containers/image (docker/docker_client.go `dockerCertDir`): `<root>/<host[:port]>` literally, in each
 *   root of its search path (roots.ts); Unix only here (Podman on Windows and macOS pulls inside a Linux VM).
 *
 * Confirmed by running the engines' code: test/conformance/folderNames.ts (Unix only: Windows is modelled
 * from config_windows.go and registry.go and unit-tested, never run).
 */
import * as path from 'node:path';
import type { HostReport } from '../check';
import type { LoaderFamily } from './releases';
import { CertsdRoot, Engine, HostEntry } from '../tree';

export type Platform = 'unix' | 'windows';

export const DEFAULT_FOLDER = '_default';

export function currentPlatform(): Platform {
  return process.platform === 'win32' ? 'windows' : 'unix';
}

/** containerd's hostDirectory: `reg:5000` -> `reg_5000_`; `[::1]` -> `[:_1]_` (its last colon, port or not). */
export function containerdPortForm(host: string): string {
  const idx = host.lastIndexOf(':');
  return idx > 0 ? `${host.slice(0, idx)}_${host.slice(idx + 1)}_` : host;
}

const stripColons = (s: string) => s.split(':').join('');

/** containerd's hostPaths(root, host), as folder names, in the order it tries them. */
export function containerdCandidates(host: string, platform: Platform): string[] {
  const ch = containerdPortForm(host);
  const names = platform === 'windows' ? [stripColons(ch), stripColons(host)] : [ch, host];
  const out = ch !== host ? names : [names[1]];
  return [...out, DEFAULT_FOLDER];
}

/** moby's hostCertsDir: the one folder name Docker's own loader reads for a host. */
export function mobyFolderName(host: string, platform: Platform): string {
  return platform === 'windows' ? stripColons(host) : host;
}

/** The folder names a loader tries for a host, in order. */
export function candidatesFor(loader: LoaderFamily, host: string, platform: Platform): string[] {
  if (loader === 'containerd') return containerdCandidates(host, platform);
  if (loader === 'moby') return [mobyFolderName(host, platform)];
  return [host];
}

/**
 * HostDirFromRoot over one root: the first candidate among `names`, the root's entries that os.Stat
 * finds (folders, files, symlinks that resolve). Undefined: containerd uses no folder (ErrNotFound).
 */
export function containerdHostFolder(names: Iterable<string>, host: string, platform: Platform): string | undefined {
  const present = names instanceof Set ? (names as Set<string>) : new Set(names);
  return containerdCandidates(host, platform).find((n) => present.has(n));
}

export function lookupFolder(loader: LoaderFamily, names: Iterable<string>, host: string, platform: Platform): string | undefined {
  const present = names instanceof Set ? (names as Set<string>) : new Set(names);
  return candidatesFor(loader, host, platform).find((n) => present.has(n));
}

export type FolderForm =
  /** `_default`: containerd's folder for every host without one of its own. */
  | 'default'
  /** `reg_5000_`: containerd's name for `reg:5000`, tried before `reg:5000`. */
  | 'port-underscore'
  /** The host's own name (`reg:5000`, `reg.example.com`). */
  | 'plain';

export interface FolderHost {
  form: FolderForm;
  /** The registry host the folder is for (undefined for `_default`). */
  host?: string;
  /** Whose lookups can pick this name at all. */
  loaders: LoaderFamily[];
}

const ALL_LOADERS: LoaderFamily[] = ['moby', 'containers-image', 'containerd'];

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?\]$/;

/** A registry host as image references write it: `name[:port]`, `[v6][:port]`. */
export function isRegistryHost(host: string): boolean {
  const m = /^(.*?)(?::(\d+))?$/.exec(host)!;
  return DOMAIN.test(m[1]) || IPV6.test(m[1]);
}

/** The host whose containerd port form is `name`, if any: `reg_5000_` -> `reg:5000`, `[:_1]_` -> `[::1]`. */
function portFormHost(name: string, platform: Platform): string | undefined {
  if (!name.endsWith('_')) return undefined;
  const body = name.slice(0, -1);
  const idx = body.lastIndexOf('_');
  if (idx <= 0) return undefined;
  const host = `${body.slice(0, idx)}:${body.slice(idx + 1)}`;
  if (!isRegistryHost(host)) return undefined;
  const form = containerdPortForm(host);
  // Windows removes the colons: only a host whose other parts hold none maps back unambiguously.
  if (platform === 'windows') return !body.includes(':') && /^\d+$/.test(body.slice(idx + 1)) ? host : undefined;
  return form === name ? host : undefined;
}

/** Which host a folder name is for, and whose lookups can pick it. */
export function hostOfFolder(name: string, platform: Platform): FolderHost {
  if (name === DEFAULT_FOLDER) return { form: 'default', loaders: ['containerd'] };
  const portHost = portFormHost(name, platform);
  if (portHost !== undefined) return { form: 'port-underscore', host: portHost, loaders: ['containerd'] };
  if (platform === 'windows') {
    // Every Windows lookup removes the colons, so a name holding one is never tried.
    return { form: 'plain', host: name, loaders: name.includes(':') ? [] : ['moby', 'containerd'] };
  }
  return { form: 'plain', host: name, loaders: [...ALL_LOADERS] };
}

/** The loader family whose code an engine's pass runs. */
export function familyOf(loader: Engine): LoaderFamily {
  return loader === 'docker' ? 'moby' : loader === 'podman' ? 'containers-image' : 'containerd';
}

/** Does os.Stat (which follows symlinks) find this entry of a root? A dangling link is skipped. */
export function statFinds(e: HostEntry): boolean {
  return e.type !== 'symlink' || (e.target !== 'missing' && e.target !== 'error');
}

/** The names of a root's entries that the engines' existence checks find. */
export function presentNames(root: Pick<CertsdRoot, 'hosts' | 'strayFiles'>): Set<string> {
  // Asked once per host folder by several rules: worked out once per listing, else a root of n folders costs n².
  const known = presentCache.get(root);
  if (known && known.hosts === root.hosts && known.hostCount === root.hosts.length && known.strayFiles === root.strayFiles && known.strayCount === root.strayFiles.length) return known.names;
  const names = new Set(root.hosts.map((h) => h.name));
  for (const e of root.strayFiles) if (statFinds(e)) names.add(e.name);
  presentCache.set(root, { hosts: root.hosts, hostCount: root.hosts.length, strayFiles: root.strayFiles, strayCount: root.strayFiles.length, names });
  return names;
}

/** presentNames per root object, with the listing it was worked out from (a listing replaced or grown is worked out again). */
const presentCache = new WeakMap<object, { hosts: readonly unknown[]; hostCount: number; strayFiles: readonly unknown[]; strayCount: number; names: Set<string> }>();

/** The entry of a root with this name, when it is not a folder (a file or a link to one). */
export function nonFolderEntry(root: Pick<CertsdRoot, 'strayFiles'>, name: string): HostEntry | undefined {
  return root.strayFiles.find((e) => e.name === name && statFinds(e));
}

export interface InRootShadow {
  /** The host the shadowed folder is named for. */
  host: string;
  /** The name containerd picks instead, in the same root. */
  winner: string;
}

/**
 * containerd in one root: the folder is named for a host, but another name form of that host comes
 * first in hostPaths and exists. Windows also: `reg5000` loses `reg:5000` to `reg_5000_`.
 */
export function containerdShadowInRoot(name: string, present: Set<string>, platform: Platform): InRootShadow | undefined {
  const fh = hostOfFolder(name, platform);
  if (fh.form !== 'plain' || !fh.loaders.includes('containerd')) return undefined;
  const winner = containerdHostFolder(present, fh.host!, platform);
  if (winner !== undefined && winner !== name) return { host: fh.host!, winner };
  if (platform === 'windows') return windowsPortForms(present).get(name);
  return undefined;
}

/**
 * Windows: each present port-underscore name (`reg_5000_`) under the colon-free name it shadows
 * (`reg5000`), the first in the set's order winning. Worked out once per set: asked once per host
 * folder, a scan of the set each time would cost n² over a root.
 */
function windowsPortForms(present: Set<string>): Map<string, InRootShadow> {
  let byName = windowsPortFormCache.get(present);
  if (byName && windowsPortFormSizes.get(present) === present.size) return byName;
  byName = new Map();
  for (const other of present) {
    const o = hostOfFolder(other, 'windows');
    if (o.form !== 'port-underscore') continue;
    const shadowed = stripColons(o.host!);
    if (!byName.has(shadowed)) byName.set(shadowed, { host: o.host!, winner: other });
  }
  windowsPortFormCache.set(present, byName);
  windowsPortFormSizes.set(present, present.size);
  return byName;
}
const windowsPortFormCache = new WeakMap<Set<string>, Map<string, InRootShadow>>();
const windowsPortFormSizes = new WeakMap<Set<string>, number>();

/** One root of a lookup order, as far as names go. */
export interface RootNames {
  root: string;
  /** Entries os.Stat finds (presentNames). */
  present: Set<string>;
  /** The host folders (folders and links to folders), which findings can be attached to. */
  folders: string[];
}

export interface CrossRootShadow {
  /** The shadowed folder: root and name. */
  root: string;
  folder: string;
  /** The registry host it is named for; undefined for a `_default` that an earlier `_default` shadows. */
  host?: string;
  /** The folder used instead, in an earlier root of the order. */
  usedRoot: string;
  usedFolder: string;
}

/**
 * Several roots read in order, the first root with a match winning and nothing merged: containerd's CRI
 * over config_path (hostDirFromRoots: a root's `_default` is a match, so it hides every later root),
 * containers/image over its search path. Every folder of a later root that loses its host to an earlier
 * root.
 */
export function shadowsAcrossRoots(loader: 'containerd' | 'containers-image', order: RootNames[], platform: Platform): CrossRootShadow[] {
  const out: CrossRootShadow[] = [];
  const p: Platform = loader === 'containers-image' ? 'unix' : platform;
  for (let j = 1; j < order.length; j++) {
    for (const folder of order[j].folders) {
      const fh = hostOfFolder(folder, p);
      if (loader === 'containers-image') {
        if (fh.form !== 'plain') continue;
        const i = order.findIndex((r) => r.present.has(folder));
        if (i >= 0 && i < j) out.push({ root: order[j].root, folder, host: folder, usedRoot: order[i].root, usedFolder: folder });
        continue;
      }
      if (!fh.loaders.includes('containerd')) continue;
      if (fh.form === 'default') {
        const i = order.findIndex((r) => r.present.has(DEFAULT_FOLDER));
        if (i >= 0 && i < j) out.push({ root: order[j].root, folder, usedRoot: order[i].root, usedFolder: DEFAULT_FOLDER });
        continue;
      }
      for (let i = 0; i < j; i++) {
        const used = containerdHostFolder(order[i].present, fh.host!, p);
        if (used !== undefined) {
          out.push({ root: order[j].root, folder, host: fh.host, usedRoot: order[i].root, usedFolder: used });
          break;
        }
      }
    }
  }
  return out;
}

/**
 * What a host folder's name means to the engine of its report, for the code lens and the hover: the
 * folder used instead, `_default`, containerd's `host_port_` form. Undefined for an ordinary folder.
 */
export function folderNameNote(report: HostReport, platform: Platform = currentPlatform()): string | undefined {
  const used = report.shadowedBy?.find((s) => s.usedFolder === report.usedFolder);
  if (used) {
    // Another name form in the same root reads best as its name; a folder of another root as its path.
    const shown = path.dirname(used.usedFolder) === path.dirname(report.path) ? path.basename(used.usedFolder) : used.usedFolder;
    return `${used.actor} uses ${shown} instead${used.host ? ` for ${used.host}` : ''}`;
  }
  const engine = report.engine;
  const fh = hostOfFolder(report.name, engine === 'podman' ? 'unix' : platform);
  if (fh.form === 'plain') return undefined;
  const pullsViaContainerd = engine === 'docker' && report.dockerStore?.store === 'containerd';
  const forWhat = fh.form === 'default' ? 'every registry without a folder of its own in this root' : `${fh.host} (this name is tried before ${fh.host})`;
  if (engine === 'containerd') return `containerd uses this folder for ${forWhat}`;
  if (pullsViaContainerd) return `Docker pulls and pushes use this folder for ${forWhat}; docker login never reads it`;
  return `${engine === 'docker' ? 'Docker' : 'Podman'} never reads this folder (${fh.form === 'default' ? '_default' : `the ${report.name} form`} is containerd's name)`;
}
