/**
 * Conformance stage: which folder each engine uses for a registry host. Roots holding several name
 * forms of the same hosts (`h_p_`, `h:p`, `_default`, a file or a dangling link under a folder's name,
 * nothing), and several roots in order, are given to the engines' own lookups in the Go harness and to
 * `certsd resolve` / `certsd check`:
 *
 * - containerd 2.4 and 1.7 `HostDirFromRoot` on one root, and over several roots as CRI's config_path
 *   (harness --config-path); Docker 29's pulls with the containerd image store (the same lookup over
 *   Docker's root) and its moby loader (docker login, graph drivers); for containerd's lookups, also
 *   the hosts ConfigureHosts then tries (the registry filled in: Docker Hub, local registries' defaults);
 * - containers/image's `dockerCertDir` as Podman 6 (image v5.40.0) and Podman 5.8 (v5.39.2) build it,
 *   rootful and rootless, with and without XDG_CONFIG_HOME, under a prefix standing for `/`;
 * - the cross-root findings of `certsd check` on a configuration-repository layout (etc/containerd,
 *   etc/docker, etc/containers, root's home): the folder each engine really uses (`usedFolder`) against
 *   the engine's choice.
 *
 * Unix only: the Windows rules (colons dropped) are modelled from the sources and unit-tested, never run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SystemRoots } from './harness';
import { HarnessLine } from './compare';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli', 'main.js');

export interface StageResult {
  id: string;
  compared: number;
  agreed: number;
  disagreements: string[];
}

/** Deterministic choices (mulberry32), so a seed gives the same trees. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HostCase {
  /** The registry host as an image reference names it. */
  host: string;
  /** containerd's name for it when it differs (written out here, not computed by certsd). */
  portForm?: string;
}

/** Hosts with and without ports, IPv6, loopback and Docker Hub. */
function hostCases(n: number, pick: () => number): HostCase[] {
  const out: HostCase[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(pick() * 8);
    if (k <= 2) out.push({ host: `h${i}.example.com:${5000 + i}`, portForm: `h${i}.example.com_${5000 + i}_` });
    else if (k <= 4) out.push({ host: `h${i}.example.com` });
    else if (k === 5) out.push({ host: `[fd00::${i + 1}]:5000`, portForm: `[fd00::${i + 1}]_5000_` });
    else if (k === 6) out.push({ host: `[fd00::${i + 1}]`, portForm: `[fd00:_${i + 1}]_` });
    else out.push({ host: `localhost:${6000 + i}`, portForm: `localhost_${6000 + i}_` });
  }
  out.push({ host: 'docker.io' });
  // containerd's defaults for a local registry: https on no port or 443, http (tried as https first) on others, plain http on 80.
  out.push({ host: 'localhost' }, { host: 'localhost:80', portForm: 'localhost_80_' }, { host: 'localhost:443', portForm: 'localhost_443_' });
  out.push({ host: '127.0.0.1:5000', portForm: '127.0.0.1_5000_' }, { host: '[::1]:5000', portForm: '[::1]_5000_' });
  return out;
}

type Presence = 'dir' | 'file' | 'dangling' | 'link-dir' | 'none';

function presence(pick: () => number): Presence {
  const r = pick();
  return r < 0.4 ? 'dir' : r < 0.5 ? 'file' : r < 0.57 ? 'dangling' : r < 0.65 ? 'link-dir' : 'none';
}

function make(root: string, name: string, p: Presence): void {
  const at = path.join(root, name);
  if (p === 'none') return;
  fs.mkdirSync(root, { recursive: true });
  if (p === 'dir') fs.mkdirSync(at, { recursive: true });
  else if (p === 'file') fs.writeFileSync(at, 'not a folder\n');
  else if (p === 'dangling') fs.symlinkSync(path.join(root, '..', 'nowhere', name), at);
  else {
    const target = path.join(root, '..', 'link-targets', name);
    fs.mkdirSync(target, { recursive: true });
    fs.symlinkSync(target, at);
  }
}

/** A root holding, per host, a random mix of its name forms, and maybe a `_default`. */
function fillRoot(root: string, hosts: HostCase[], pick: () => number, withDefault: boolean): void {
  fs.mkdirSync(root, { recursive: true });
  for (const h of hosts) {
    if (h.portForm && pick() < 0.6) make(root, h.portForm, presence(pick));
    if (pick() < 0.6) make(root, h.host, presence(pick));
  }
  if (withDefault) make(root, '_default', pick() < 0.8 ? 'dir' : 'file');
}

/** The process's environment with `extra` on top; an undefined value removes the variable. */
function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function harness(bin: string, args: string[], hosts: string[], env: NodeJS.ProcessEnv, sys: SystemRoots): Map<string, HarnessLine> {
  const r = spawnSync(bin, [...args, ...hosts], { encoding: 'utf8', maxBuffer: 1 << 28, env: envWith({ SSL_CERT_FILE: sys.file, SSL_CERT_DIR: sys.dir, ...env }) });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 1000)}`);
  const out = new Map<string, HarnessLine>();
  for (const line of r.stdout.split('\n')) if (line.trim()) out.set((JSON.parse(line) as HarnessLine).host, JSON.parse(line) as HarnessLine);
  return out;
}

interface OurHost {
  host: string;
  scheme: string;
  path: string;
  capabilities: string[];
  skipVerify?: boolean;
  httpFallback?: boolean;
}

interface OurLookup {
  host: string;
  path: string | null;
  error?: string;
  hosts?: OurHost[];
  login?: { path: string | null; error?: string };
}

/** The hosts containerd tries, as both sides give them: URL, capabilities, unverified TLS, http fallback. */
function hostsSaid(hosts: OurHost[] | undefined): string {
  if (!hosts?.length) return 'hosts: (none)';
  const one = (h: OurHost) => `${h.scheme}://${h.host}${h.path} [${h.capabilities.join(',')}]${h.skipVerify ? ' skip-verify' : ''}${h.httpFallback ? ' http-fallback' : ''}`;
  return `hosts: ${hosts.map(one).join(' | ')}`;
}

/** Folder, error and hosts of our lookup, as `theirsWithHosts` says the engine's. */
function oursWithHosts(our: OurLookup | undefined): string {
  return `${said(our?.path ?? null, our?.error)}; ${hostsSaid(our?.hosts)}`;
}

function theirsWithHosts(line: HarnessLine): string {
  return `${theirs(line)}; ${hostsSaid(line.ok ? (line.hosts as OurHost[] | undefined) : undefined)}`;
}

function resolve(args: string[], hosts: string[], env: NodeJS.ProcessEnv): Map<string, OurLookup> {
  const r = spawnSync(process.execPath, [CLI, 'resolve', ...hosts, ...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: envWith(env) });
  if (r.status !== 0 && r.status !== 1) throw new Error(`certsd resolve ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 1000)}`);
  const out = new Map<string, OurLookup>();
  for (const line of r.stdout.split('\n')) if (line.trim()) out.set((JSON.parse(line) as OurLookup).host, JSON.parse(line) as OurLookup);
  return out;
}

/** What both sides say of one host: the folder chosen, and whether the lookup itself fails. */
function said(dir: string | null, error: string | null | undefined): string {
  return `${dir ?? '(none)'}${error ? ` ! ${error}` : ''}`;
}

/** The harness's error only when it is about the folder choice (the folders are empty: nothing else can fail). */
function theirs(line: HarnessLine): string {
  return said(line.dir, line.ok ? null : line.error);
}

function tally(s: StageResult, what: string, ours: string, engine: string): void {
  s.compared++;
  if (ours === engine) s.agreed++;
  else s.disagreements.push(`${what}\n      ours:   ${ours}\n      engine: ${engine}`);
}

export interface StageOptions {
  bin: string;
  seed: number;
  /** Trees per part (each with ~12 hosts). */
  rounds: number;
  sys: SystemRoots;
  /** Which parts to run, by target id (`containerd@2`, `podman@6`, `docker@29 (containerd store)`, ...). */
  wants: (id: string) => boolean;
}

export function runFolderNames(o: StageOptions): StageResult[] {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-folder-names-'));
  const results: StageResult[] = [];
  const stage = (id: string) => {
    const s: StageResult = { id, compared: 0, agreed: 0, disagreements: [] };
    results.push(s);
    return s;
  };
  const bin = (m: string) => path.join(o.bin, `certsd-harness-${m}`);
  try {
    // containerd over one root and over config_path; Docker's root read by both of its lookups.
    const containerd = [
      { id: 'containerd@2', module: 'containerd2', loader: 'containerd2', engine: 'containerd@2' },
      { id: 'containerd@1.7', module: 'containerd17', loader: 'containerd17', engine: 'containerd@1.7' },
    ].filter((t) => o.wants(t.id));
    const docker = o.wants('docker@29 (containerd store)') || o.wants('docker@29 login');
    for (let round = 0; round < o.rounds; round++) {
      const pick = rng(o.seed * 1000 + round);
      const hosts = hostCases(12, pick);
      const names = hosts.map((h) => h.host);
      const dir = path.join(base, `round${round}`);
      // Docker's harness wants a root ending in docker/certs.d (harness README, docker29 specifics).
      const roots = [0, 1, 2].map((i) => path.join(dir, `r${i}`, 'docker', 'certs.d'));
      roots.forEach((r, i) => fillRoot(r, hosts, pick, i > 0 ? pick() < 0.5 : pick() < 0.3));
      for (const t of containerd) {
        const s = results.find((x) => x.id === `${t.id} one root`) ?? stage(`${t.id} one root`);
        for (const r of roots) {
          const go = harness(bin(t.module), ['--loader', t.loader, '--root', r], names, {}, o.sys);
          const ours = resolve(['--engine', t.engine, '--root', r], names, {});
          for (const h of names) tally(s, `${h} in ${r}`, oursWithHosts(ours.get(h)), theirsWithHosts(go.get(h)!));
        }
        const m = results.find((x) => x.id === `${t.id} config_path`) ?? stage(`${t.id} config_path`);
        const order = pick() < 0.5 ? roots : [roots[2], roots[0], roots[1]];
        const go = harness(bin(t.module), ['--loader', t.loader, '--config-path', order.join(path.delimiter)], names, {}, o.sys);
        const ours = resolve(['--engine', t.engine, ...order.flatMap((r) => ['--root', r])], names, {});
        for (const h of names) tally(m, `${h} in ${order.join(':')}`, oursWithHosts(ours.get(h)), theirsWithHosts(go.get(h)!));
      }
      if (docker) {
        const pulls = results.find((x) => x.id === 'docker@29 pulls (containerd store)') ?? stage('docker@29 pulls (containerd store)');
        const login = results.find((x) => x.id === 'docker@29 login / graph drivers') ?? stage('docker@29 login / graph drivers');
        for (const r of roots) {
          const goPulls = harness(bin('docker29'), ['--loader', 'docker29-containerd-store', '--root', r], names, {}, o.sys);
          const goLogin = harness(bin('docker29'), ['--loader', 'docker29', '--root', r], names, {}, o.sys);
          const ours = resolve(['--engine', 'docker@29', '--docker-store', 'containerd', '--root', r], names, {});
          for (const h of names) {
            const our = ours.get(h);
            tally(pulls, `${h} in ${r}`, oursWithHosts(our), theirsWithHosts(goPulls.get(h)!));
            // moby's loader fails on a file where a folder should be; its dir says what it read.
            const l = goLogin.get(h)!;
            tally(login, `${h} in ${r}`, said(our?.login?.path ?? null, our?.login?.error), said(l.dir, l.ok ? null : l.error));
          }
        }
      }
    }

    // containers/image's search order, under a prefix standing for "/".
    const podman = [
      { id: 'podman@6', module: 'podmanroots6', loader: 'podman6-roots' },
      { id: 'podman@5', module: 'podmanroots5', loader: 'podman5-roots' },
    ].filter((t) => o.wants(t.id));
    const users: { label: string; env: (prefix: string) => NodeJS.ProcessEnv }[] = [
      { label: 'root', env: (p) => ({ HOME: path.join(p, 'root'), XDG_CONFIG_HOME: undefined, _CONTAINERS_ROOTLESS_UID: undefined }) },
      { label: 'root, XDG_CONFIG_HOME set', env: (p) => ({ HOME: path.join(p, 'root'), XDG_CONFIG_HOME: path.join(p, 'xdg'), _CONTAINERS_ROOTLESS_UID: undefined }) },
      { label: 'rootless uid 1000', env: (p) => ({ HOME: path.join(p, 'home', 'alice'), XDG_CONFIG_HOME: undefined, _CONTAINERS_ROOTLESS_UID: '1000' }) },
      { label: 'rootless uid 1000, XDG_CONFIG_HOME set', env: (p) => ({ HOME: path.join(p, 'home', 'alice'), XDG_CONFIG_HOME: path.join(p, 'xdg'), _CONTAINERS_ROOTLESS_UID: '1000' }) },
    ];
    const podmanPlaces = [
      'root/.config/containers/certs.d',
      'home/alice/.config/containers/certs.d',
      'xdg/containers/certs.d',
      'etc/containers/certs.rootful.d',
      'etc/containers/certs.rootless.d/1000',
      'etc/containers/certs.rootless.d',
      'etc/containers/certs.d',
      'usr/share/containers/certs.rootful.d',
      'usr/share/containers/certs.rootless.d/1000',
      'usr/share/containers/certs.rootless.d',
      'usr/share/containers/certs.d',
      'etc/docker/certs.d',
    ];
    for (const t of podman) {
      const s = stage(`${t.id} search order`);
      for (let round = 0; round < o.rounds; round++) {
        const pick = rng(o.seed * 7919 + round);
        const prefix = path.join(base, `podman${t.id}-${round}`);
        const hosts = Array.from({ length: 10 }, (_, i) => (pick() < 0.3 ? `p${i}.example.com:${5000 + i}` : `p${i}.example.com`));
        for (const place of podmanPlaces) for (const h of hosts) if (pick() < 0.25) make(path.join(prefix, place), h, pick() < 0.9 ? 'dir' : 'dangling');
        for (const u of users) {
          const env = u.env(prefix);
          const go = harness(bin(t.module), ['--loader', t.loader, '--root', prefix], hosts, env, o.sys);
          const ours = resolve(['--engine', t.id, '--prefix', prefix], hosts, env);
          for (const h of hosts) tally(s, `${h} (${u.label}) under ${prefix}`, said(ours.get(h)?.path ?? null, ours.get(h)?.error), theirs(go.get(h)!));
        }
      }
    }

    // certsd check on a configuration repository: the folder really used, against the engines' choice.
    const repoParts = [
      { id: 'containerd@2', engine: 'containerd', want: o.wants('containerd@2') },
      { id: 'podman@6', engine: 'podman', want: o.wants('podman@6') },
    ].filter((p) => p.want);
    if (repoParts.length) {
      const s = stage('certsd check: usedFolder across roots');
      for (let round = 0; round < o.rounds; round++) {
        const pick = rng(o.seed * 104729 + round);
        const repo = path.join(base, `repo${round}`);
        const hosts = hostCases(8, pick);
        const places = ['etc/containerd/certs.d', 'etc/docker/certs.d', 'etc/containers/certs.d', 'root/.config/containers/certs.d'];
        for (const [i, place] of places.entries()) {
          const root = path.join(repo, place);
          fs.mkdirSync(root, { recursive: true });
          for (const h of hosts) {
            if (h.portForm && pick() < 0.4) make(root, h.portForm, 'dir');
            if (pick() < 0.5) make(root, h.host, 'dir');
          }
          if (i === 0 && pick() < 0.3) make(root, '_default', 'dir');
        }
        const report = checkJson(repo);
        for (const part of repoParts) {
          const order = part.engine === 'containerd' ? [places[0], places[1]] : [places[3], places[2], places[1]];
          const roots = order.map((p) => path.join(repo, p));
          const go =
            part.engine === 'containerd'
              ? harness(bin('containerd2'), ['--loader', 'containerd2', '--config-path', roots.join(path.delimiter)], hosts.map((h) => h.host), {}, o.sys)
              : harness(bin('podmanroots6'), ['--loader', 'podman6-roots', '--root', repo], hosts.map((h) => h.host), { HOME: path.join(repo, 'root'), XDG_CONFIG_HOME: undefined, _CONTAINERS_ROOTLESS_UID: undefined }, o.sys);
          // Every folder of the order named for a host: ours says which folder that engine really uses.
          for (const h of report.hosts) {
            if (!roots.includes(h.root)) continue;
            const host = hosts.find((x) => x.host === h.name || x.portForm === h.name);
            if (!host || (part.engine === 'podman' && h.name !== host.host)) continue;
            // An earlier root wins over another name form in the same root.
            const mine = (h.shadowedBy ?? []).filter((x) => x.engine === part.engine);
            const shadow = mine.find((x) => x.scope === 'order') ?? mine[0];
            const ourUse = shadow ? shadow.usedFolder : h.path;
            tally(s, `${part.id}: ${h.path} (for ${host.host})`, ourUse, go.get(host.host)!.dir ?? '(none)');
          }
        }
      }
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  return results;
}

interface CheckHost {
  root: string;
  name: string;
  path: string;
  shadowedBy?: { engine: string; usedFolder: string; scope: 'root' | 'order' }[];
}

/** Every root checked as containerd's (its name forms); the orders come from the paths alone. */
function checkJson(target: string): { hosts: CheckHost[] } {
  const r = spawnSync(process.execPath, [CLI, 'check', target, '--format', 'json', '--engine', 'containerd@2'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`certsd check ${target} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 1000)}`);
  return JSON.parse(r.stdout) as { hosts: CheckHost[] };
}
