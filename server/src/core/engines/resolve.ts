/**
 * `certsd resolve`: which folder, in which root, an engine uses for a registry host, looked up the way
 * the engine's code does it (hostFolders.ts for the names, roots.ts for the roots and their order).
 */
import * as path from 'node:path';
import { CheckEnv, CheckOptions, recheckHost } from '../check';
import { fillRegistryHost, upgradeHttp } from './containerd';
import { mobySkips } from './dockerLike';
import { isFsError } from '../fsview';
import { candidatesFor, currentPlatform, Platform } from './hostFolders';
import { hostsTomlDialect, TomlHost } from './hostsToml';
import { defaultRelease, DockerStoreInfo, EngineRelease, findRelease, LoaderFamily } from './releases';
import { containerdConfigPath, podmanRootOrder, podmanUserOf } from '../roots';
import { Engine, readRoot } from '../tree';

export interface ResolveStep {
  root: string;
  folder: string;
  found: boolean;
}

export interface ResolvedHost {
  host: string;
  scheme: string;
  path: string;
  capabilities: string[];
  /** TLS is not verified (skip_verify, or containerd's default for a local registry). */
  skipVerify?: true;
  /** An http host with TLS settings: containerd tries https first and falls back to http on a TLS error (docker.NewHTTPFallback). */
  httpFallback?: true;
}

/** One lookup: the folder used (root, folder, path; null when none) and why. */
export interface Lookup {
  /** Whose lookup code: moby, containers-image or containerd. */
  loader: LoaderFamily;
  /** The roots looked at, in order. */
  roots: string[];
  root: string | null;
  folder: string | null;
  path: string | null;
  reason: string;
  /** Every name looked for, in order, until the first found. */
  tried: ResolveStep[];
  /** The engine's error when the lookup itself fails (containerd: a stat error other than not-found). */
  error?: string;
}

export interface Resolution extends Lookup {
  host: string;
  engine: Engine;
  /** `containerd@2`. */
  release: string;
  /** containerd's lookup (containerd; Docker's pulls with the containerd image store): the hosts it tries, in order. */
  hosts?: ResolvedHost[];
  /** Docker with the containerd image store: what `docker login` reads (moby's lookup). */
  login?: Lookup;
}

export interface ResolveOptions extends CheckOptions {
  /** Roots in lookup order; the engine's standard ones (under `prefix`) when empty. */
  roots?: string[];
  prefix?: string;
  /** Where $HOME, $XDG_CONFIG_HOME and _CONTAINERS_ROOTLESS_UID come from (Podman's own folder). */
  processEnv?: NodeJS.ProcessEnv;
  dockerStore: DockerStoreInfo;
}

function releaseOf(engine: Engine, o: ResolveOptions): EngineRelease {
  return findRelease(engine, o.releases?.[engine]) ?? defaultRelease(engine);
}

/** The roots an engine reads when none are named. */
export function defaultRoots(engine: Engine, release: EngineRelease, platform: Platform, prefix: string | undefined, processEnv: NodeJS.ProcessEnv): string[] {
  const sys = (p: string) => (prefix ? path.join(prefix, p) : p);
  if (engine === 'podman') return podmanRootOrder(release, podmanUserOf(processEnv), prefix);
  if (engine === 'docker') return [platform === 'windows' ? path.join(processEnv.ProgramData ?? 'C:\\ProgramData', 'docker', 'certs.d') : sys('/etc/docker/certs.d')];
  const configPath = containerdConfigPath(release, platform, prefix);
  // containerd 1.7 has no default config_path; its hosts documentation uses /etc/containerd/certs.d.
  return configPath.length ? configPath : [sys('/etc/containerd/certs.d')];
}

const WHO: Record<LoaderFamily, string> = { containerd: 'containerd', 'containers-image': 'containers/image', moby: 'moby' };

const GO_ERRNO: Record<string, string> = { EACCES: 'permission denied', ENOTDIR: 'not a directory', ELOOP: 'too many levels of symbolic links' };

/** Walks the roots as the loader does: the first name found wins; a not-found goes on. */
export function lookUp(env: CheckEnv, loader: LoaderFamily, host: string, roots: string[], platform: Platform): Lookup {
  const tried: ResolveStep[] = [];
  // moby reads one root (registry.CertsDir()); containers/image and containerd's CRI go down a list.
  const searched = loader === 'moby' ? roots.slice(0, 1) : roots;
  for (const root of searched) {
    for (const folder of candidatesFor(loader, host, loader === 'containers-image' ? 'unix' : platform)) {
      const p = path.join(root, folder);
      try {
        env.fs.stat(p);
      } catch (e) {
        if (!isFsError(e)) throw e;
        tried.push({ root, folder, found: false });
        if (e.code === 'ENOENT') continue;
        // containers/image skips a folder it may not look at (dockerCertDir: os.IsPermission -> continue).
        if (loader === 'containers-image' && e.code === 'EACCES') continue;
        // Any other error stops the lookup: containerd's HostDirFromRoot (os.Stat), containers/image's
        // dockerCertDir (fileutils.Exists: faccessat).
        if (loader !== 'moby') {
          const error = `${loader === 'containerd' ? 'stat' : 'faccessat'} ${p}: ${GO_ERRNO[e.code] ?? e.code}`;
          const who = loader === 'containerd' ? 'containerd' : 'containers/image';
          return { loader, roots: searched, root, folder, path: p, tried, error, reason: `${who} fails: "${error}" (only a not-found lets it go on to the next name).` };
        }
        continue;
      }
      tried.push({ root, folder, found: true });
      const found = { loader, roots: searched, root, folder, path: p, tried };
      if (env.fs.stat(p).type !== 'directory') {
        // Whatever exists under the name is taken, and then cannot be read as a folder.
        const error = loader === 'containerd' ? `open ${path.join(p, 'hosts.toml')}: not a directory` : `open ${p}: not a directory`;
        return { ...found, error, reason: `${WHO[loader]} takes ${p}, which is not a folder, and fails: "${error}".` };
      }
      return { ...found, reason: reasonFound(loader, host, root, folder, searched, tried) };
    }
  }
  return { loader, roots: searched, root: null, folder: null, path: null, tried, reason: reasonNone(loader, host, searched) };
}

function reasonFound(loader: LoaderFamily, host: string, root: string, folder: string, roots: string[], tried: ResolveStep[]): string {
  const misses = tried.filter((t) => !t.found).map((t) => path.join(t.root, t.folder));
  const before = misses.length ? ` after ${misses.join(', ')} (not there)` : '';
  if (loader === 'containerd') {
    const what = folder === '_default' ? ' (its folder for every registry without one of its own)' : '';
    const order = roots.length > 1 ? '; it stops at the first root of config_path with a match' : '';
    return `containerd uses ${path.join(root, folder)}${what}${before}${order}.`;
  }
  if (loader === 'containers-image') return `containers/image uses ${path.join(root, folder)}${before}; the first root holding ${host} wins, nothing is merged.`;
  return `moby reads ${path.join(root, folder)}: it looks the host up by its name alone.`;
}

/** What containerd does for a registry it has no folder for (ConfigureHosts' filled-in host), in words. */
function defaultTalk(host: string): string {
  const h = filledHost(bareHost(false), host, false);
  const url = `${h.httpFallback ? 'https' : h.scheme}://${h.host}${h.path}`;
  const local = "containerd's default for a local registry";
  if (h.httpFallback) return `it tries ${url} without verifying the certificate, then http://${h.host}${h.path} if TLS fails (${local}).`;
  if (h.skipVerify) return `it talks to ${url} without verifying the certificate (${local}).`;
  if (h.scheme === 'http') return `it talks to ${url} (${local} on port 80).`;
  return `it talks to ${url} with the system roots.`;
}

function reasonNone(loader: LoaderFamily, host: string, roots: string[]): string {
  if (loader === 'containerd') return `containerd finds no folder for ${host} (nor _default) in ${roots.join(', ')}: ${defaultTalk(host)}`;
  if (loader === 'containers-image') return `containers/image finds no ${host} in ${roots.join(', ')}: it uses the system roots only.`;
  return `moby finds no ${host} in ${roots[0]}: it uses the system roots only.`;
}

/** A TomlHost with nothing set: the host-less entry ConfigureHosts starts from (no hosts.toml, or no folder). */
function bareHost(explicitTLS: boolean): TomlHost {
  const empty = { scheme: '', host: '', path: '' };
  return { written: '', parsed: empty, pathAppended: false, overridePath: false, ...empty, capabilities: [], explicitTLS };
}

/** What ConfigureHosts makes of a host-less entry for `registry`: filled in, then maybe upgraded to https. */
function filledHost(t: TomlHost, registry: string, referrers: boolean): ResolvedHost {
  const filled = fillRegistryHost(t, registry, referrers);
  const h = upgradeHttp(filled);
  return view(h, h.scheme !== filled.scheme);
}

function view(h: TomlHost, upgraded: boolean): ResolvedHost {
  return { host: h.host, scheme: h.scheme, path: h.path, capabilities: h.capabilities, ...(h.skipVerify ? { skipVerify: true } : {}), ...(upgraded ? { httpFallback: true } : {}) };
}

/**
 * The hosts containerd tries for `host` whose lookup is `lookup`: with no folder, the registry itself
 * as ConfigureHosts fills it in (docker.io is registry-1.docker.io; a local registry is http with
 * https tried first and TLS unverified, but on port 80); with a folder, what the check of that
 * folder makes of its hosts.toml or, without one, of its loose files. Undefined when the lookup or
 * the folder's load fails (containerd then returns an error, not hosts).
 */
function containerdHosts(env: CheckEnv, lookup: Lookup, host: string, engine: Engine, release: EngineRelease, options: ResolveOptions): ResolvedHost[] | undefined {
  if (lookup.error) return undefined;
  if (!lookup.root || !lookup.folder) return [filledHost(bareHost(false), host, hostsTomlDialect(release.containerd ?? '2.4').referrers)];
  try {
    if (env.fs.stat(lookup.path!).type !== 'directory') return undefined;
  } catch {
    return undefined;
  }
  const root = readRoot(env.fs, lookup.root, engine, { engineFromPath: false, misnamed: false, onlyHosts: [lookup.folder] });
  const check = recheckHost(root, lookup.folder, env, { ...options, dockerStore: { store: 'containerd', assumed: false } });
  const load = check.report.load;
  if (!load.ok) return undefined;
  const referrers = load.hostsTomlDialect?.referrers ?? hostsTomlDialect(release.containerd ?? '2.4').referrers;
  // loadCertFiles: one host-less entry, with TLS settings of its own when the folder has a .crt or a .cert.
  if (!load.tomlHosts) return [filledHost(bareHost(load.caFiles.length > 0 || load.pairs.length > 0), host, referrers)];
  // ConfigureHosts fills a server left empty with the registry looked up (docker.io: registry-1.docker.io),
  // whichever folder was used (`_default`, `reg_5000_`): not with the folder's name, as the check of one folder does.
  // A local registry's defaults (http on a port, skip_verify) follow the registry too.
  const filled = (t: TomlHost) => t.name === undefined && t.written === '';
  return load.tomlHosts.map(({ host: t }) => (filled(t) ? filledHost(t, host, t.capabilities.includes('referrers')) : view(t, t.parsed.scheme === 'http' && t.scheme === 'https')));
}

/** Why moby's Service reads no certs.d folder for `host`, in the words of `certsd resolve` (see mobySkips). */
function notReadWhy(host: string): string | undefined {
  const why = mobySkips(host);
  if (why === 'docker-hub') return 'Docker never reads certs.d for Docker Hub';
  if (why === 'loopback') return 'Docker treats a loopback registry as insecure and reads no certs.d folder for it';
  return undefined;
}

/** Which folder `engine` uses for `host`, and why. */
export function resolveHost(env: CheckEnv, host: string, engine: Engine, options: ResolveOptions): Resolution {
  const release = releaseOf(engine, options);
  const platform = options.platform ?? currentPlatform();
  const roots = options.roots?.length ? options.roots : defaultRoots(engine, release, platform, options.prefix, options.processEnv ?? process.env);
  const spec = `${release.engine}@${release.release}`;
  if (engine === 'podman') return { host, engine, release: spec, ...lookUp(env, 'containers-image', host, roots, 'unix') };
  if (engine === 'containerd') {
    const l = lookUp(env, 'containerd', host, roots, platform);
    return { host, engine, release: spec, ...l, hosts: containerdHosts(env, l, host, engine, release, options) };
  }
  // Docker: moby's own lookup (login; pulls with graph drivers), or containerd's over the same one root for pulls.
  const moby = lookUp(env, 'moby', host, roots, platform);
  const skipped = notReadWhy(host);
  const login: Lookup = skipped ? { ...moby, root: null, folder: null, path: null, error: undefined, reason: `${skipped}.` } : moby;
  if (options.dockerStore.store !== 'containerd') return { host, engine, release: spec, ...login };
  const pulls = lookUp(env, 'containerd', host, roots.slice(0, 1), platform);
  return { host, engine, release: spec, ...pulls, reason: `Pulls and pushes (containerd image store): ${pulls.reason}`, hosts: containerdHosts(env, pulls, host, engine, release, options), login };
}
