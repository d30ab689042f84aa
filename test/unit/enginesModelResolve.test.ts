/**
 * `certsd resolve` in-process (core/engines/resolve.ts): which folder each engine's lookup takes for a
 * registry host, in which root, and why. The names tried are containerd's hostPaths (`reg_5000_`,
 * `reg:5000`, `_default`), moby's hostCertsDir (one name, one root) and containers/image's
 * dockerCertDir (the host as written, every root in order), as spec/engine-rules.md "Host directory
 * names" and the conformance stage test/conformance/folderNames.ts (which runs the engines' lookups)
 * say. The Go error texts are os.Stat's / faccessat's PathError: `<op> <path>: <errno text>`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CheckEnv } from '../../server/src/core/check';
import { DockerStoreInfo, findRelease } from '../../server/src/core/engines/releases';
import { defaultRoots, lookUp, resolveHost, ResolveOptions } from '../../server/src/core/engines/resolve';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { tempTrees } from '../helpers/tree';

const NOW = new Date('2026-06-01T00:00:00Z');
const GRAPH: DockerStoreInfo = { store: 'graphdriver', assumed: false };
const CONTAINERD_STORE: DockerStoreInfo = { store: 'containerd', assumed: false };

/** The real file system, except that os.Stat of the given paths fails with the given errno. */
function statFails(errors: Record<string, string>): FileSystemView {
  return {
    readDir: (d) => nodeFileSystem.readDir(d),
    readFile: (p) => nodeFileSystem.readFile(p),
    stat(p) {
      if (errors[p]) throw new FsError(errors[p], p);
      return nodeFileSystem.stat(p);
    },
  };
}

function envOf(fs: FileSystemView = nodeFileSystem): CheckEnv {
  return { fs, now: () => NOW };
}

describe('engines model: resolve', () => {
  const makeTree = tempTrees();

  describe('defaultRoots', () => {
    const rel = (engine: 'docker' | 'podman' | 'containerd', r: string) => findRelease(engine, r)!;

    it('docker: /etc/docker/certs.d, under the prefix when one is given', () => {
      assert.deepEqual(defaultRoots('docker', rel('docker', '29'), 'unix', undefined, {}), ['/etc/docker/certs.d']);
      assert.deepEqual(defaultRoots('docker', rel('docker', '29'), 'unix', '/srv/conf', {}), ['/srv/conf/etc/docker/certs.d']);
    });

    it('docker on Windows: %ProgramData%\\docker\\certs.d, C:\\ProgramData when unset', () => {
      assert.deepEqual(defaultRoots('docker', rel('docker', '29'), 'windows', undefined, { ProgramData: 'D:\\Data' }), [path.join('D:\\Data', 'docker', 'certs.d')]);
      assert.deepEqual(defaultRoots('docker', rel('docker', '29'), 'windows', undefined, {}), [path.join('C:\\ProgramData', 'docker', 'certs.d')]);
    });

    it('containerd 2: CRI config_path /etc/containerd/certs.d:/etc/docker/certs.d', () => {
      assert.deepEqual(defaultRoots('containerd', rel('containerd', '2'), 'unix', undefined, {}), ['/etc/containerd/certs.d', '/etc/docker/certs.d']);
      assert.deepEqual(defaultRoots('containerd', rel('containerd', '2'), 'unix', '/p', {}), ['/p/etc/containerd/certs.d', '/p/etc/docker/certs.d']);
    });

    it('containerd 1.7 (no default config_path): /etc/containerd/certs.d, under the prefix', () => {
      assert.deepEqual(defaultRoots('containerd', rel('containerd', '1.7'), 'unix', undefined, {}), ['/etc/containerd/certs.d']);
      assert.deepEqual(defaultRoots('containerd', rel('containerd', '1.7'), 'unix', '/p', {}), ['/p/etc/containerd/certs.d']);
    });

    it('podman 5: $HOME/.config/containers/certs.d, then /etc/containers/certs.d and /etc/docker/certs.d (spec table)', () => {
      const env = { HOME: '/home/alice', _CONTAINERS_ROOTLESS_UID: '1000' };
      assert.deepEqual(defaultRoots('podman', rel('podman', '5'), 'unix', '/p', env), ['/home/alice/.config/containers/certs.d', '/p/etc/containers/certs.d', '/p/etc/docker/certs.d']);
    });
  });

  describe('lookUp: containerd (hostPaths over config_path)', () => {
    it('tries reg_5000_, reg:5000, _default in each root; the first root with a match wins', () => {
      const t = makeTree({ a: {}, b: { 'reg:5000': {}, _default: {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const l = lookUp(envOf(), 'containerd', 'reg:5000', [a, b], 'unix');
      assert.deepEqual(l, {
        loader: 'containerd',
        roots: [a, b],
        root: b,
        folder: 'reg:5000',
        path: path.join(b, 'reg:5000'),
        tried: [
          { root: a, folder: 'reg_5000_', found: false },
          { root: a, folder: 'reg:5000', found: false },
          { root: a, folder: '_default', found: false },
          { root: b, folder: 'reg_5000_', found: false },
          { root: b, folder: 'reg:5000', found: true },
        ],
        reason: `containerd uses ${b}/reg:5000 after ${a}/reg_5000_, ${a}/reg:5000, ${a}/_default, ${b}/reg_5000_ (not there); it stops at the first root of config_path with a match.`,
      });
    });

    it('takes _default in one root, and says what _default is for', () => {
      const t = makeTree({ r: { _default: {} } });
      const r = t.path('r');
      const l = lookUp(envOf(), 'containerd', 'reg:5000', [r], 'unix');
      assert.equal(l.path, path.join(r, '_default'));
      assert.equal(l.error, undefined);
      assert.equal(l.reason, `containerd uses ${r}/_default (its folder for every registry without one of its own) after ${r}/reg_5000_, ${r}/reg:5000 (not there).`);
    });

    it('the port form first, found at once: no "after" part', () => {
      const t = makeTree({ r: { 'reg_5000_': {}, 'reg:5000': {} } });
      const r = t.path('r');
      const l = lookUp(envOf(), 'containerd', 'reg:5000', [r], 'unix');
      assert.deepEqual(l.tried, [{ root: r, folder: 'reg_5000_', found: true }]);
      assert.equal(l.reason, `containerd uses ${r}/reg_5000_.`);
    });

    it('Windows names: the colons removed (reg5000)', () => {
      const t = makeTree({ r: { reg5000: {} } });
      const r = t.path('r');
      const l = lookUp(envOf(), 'containerd', 'reg:5000', [r], 'windows');
      assert.deepEqual(l.tried, [
        { root: r, folder: 'reg_5000_', found: false },
        { root: r, folder: 'reg5000', found: true },
      ]);
    });

    it('nothing found: the registry itself over https with the system roots', () => {
      const t = makeTree({ a: {}, b: { other: {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const l = lookUp(envOf(), 'containerd', 'reg.example.com', [a, b], 'unix');
      assert.deepEqual(
        { root: l.root, folder: l.folder, path: l.path, error: l.error, tried: l.tried.length, reason: l.reason },
        {
          root: null,
          folder: null,
          path: null,
          error: undefined,
          tried: 4,
          reason: `containerd finds no folder for reg.example.com (nor _default) in ${a}, ${b}: it talks to https://reg.example.com/v2 with the system roots.`,
        },
      );
    });

    it('a stat error other than not-found stops the lookup (HostDirFromRoot)', () => {
      const t = makeTree({ a: {}, b: { 'reg:5000': {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const denied = path.join(a, 'reg:5000');
      const l = lookUp(envOf(statFails({ [denied]: 'EACCES' })), 'containerd', 'reg:5000', [a, b], 'unix');
      const error = `stat ${denied}: permission denied`;
      assert.deepEqual(l, {
        loader: 'containerd',
        roots: [a, b],
        root: a,
        folder: 'reg:5000',
        path: denied,
        tried: [
          { root: a, folder: 'reg_5000_', found: false },
          { root: a, folder: 'reg:5000', found: false },
        ],
        error,
        reason: `containerd fails: "${error}" (only a not-found lets it go on to the next name).`,
      });
    });

    it('prints ENOTDIR and ELOOP as Go does', () => {
      const t = makeTree({ r: {} });
      const r = t.path('r');
      const p = path.join(r, 'reg.example.com');
      assert.equal(lookUp(envOf(statFails({ [p]: 'ENOTDIR' })), 'containerd', 'reg.example.com', [r], 'unix').error, `stat ${p}: not a directory`);
      assert.equal(lookUp(envOf(statFails({ [p]: 'ELOOP' })), 'containerd', 'reg.example.com', [r], 'unix').error, `stat ${p}: too many levels of symbolic links`);
    });

    it('a file under the host\'s name is taken, and fails on hosts.toml', () => {
      const t = makeTree({ r: { 'reg.example.com': 'not a folder\n' } });
      const r = t.path('r');
      const p = path.join(r, 'reg.example.com');
      const l = lookUp(envOf(), 'containerd', 'reg.example.com', [r], 'unix');
      const error = `open ${p}/hosts.toml: not a directory`;
      assert.deepEqual(
        { path: l.path, error: l.error, reason: l.reason, tried: l.tried },
        { path: p, error, reason: `containerd takes ${p}, which is not a folder, and fails: "${error}".`, tried: [{ root: r, folder: 'reg.example.com', found: true }] },
      );
    });

    it('an error that is not the file system\'s is not swallowed', () => {
      const fs: FileSystemView = {
        ...nodeFileSystem,
        stat: () => {
          throw new TypeError('boom');
        },
      };
      assert.throws(() => lookUp(envOf(fs), 'containerd', 'reg.example.com', ['/r'], 'unix'), { name: 'TypeError', message: 'boom' });
    });
  });

  describe('lookUp: containers/image (dockerCertDir)', () => {
    it('the host as written in every root (Unix names even on Windows); the first root holding it wins', () => {
      const t = makeTree({ a: {}, b: { 'reg:5000': {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const l = lookUp(envOf(), 'containers-image', 'reg:5000', [a, b], 'windows');
      assert.deepEqual(l, {
        loader: 'containers-image',
        roots: [a, b],
        root: b,
        folder: 'reg:5000',
        path: path.join(b, 'reg:5000'),
        tried: [
          { root: a, folder: 'reg:5000', found: false },
          { root: b, folder: 'reg:5000', found: true },
        ],
        reason: `containers/image uses ${b}/reg:5000 after ${a}/reg:5000 (not there); the first root holding reg:5000 wins, nothing is merged.`,
      });
    });

    it('skips a folder it may not look at (os.IsPermission), and fails on any other error', () => {
      const t = makeTree({ a: { h: {} }, b: { h: {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const pa = path.join(a, 'h');
      const skipped = lookUp(envOf(statFails({ [pa]: 'EACCES' })), 'containers-image', 'h', [a, b], 'unix');
      assert.equal(skipped.path, path.join(b, 'h'));
      assert.equal(skipped.error, undefined);
      const stopped = lookUp(envOf(statFails({ [pa]: 'ENOTDIR' })), 'containers-image', 'h', [a, b], 'unix');
      const error = `faccessat ${pa}: not a directory`;
      assert.deepEqual(
        { path: stopped.path, root: stopped.root, error: stopped.error, reason: stopped.reason },
        { path: pa, root: a, error, reason: `containers/image fails: "${error}" (only a not-found lets it go on to the next name).` },
      );
    });

    it('nothing found: the system roots only', () => {
      const t = makeTree({ a: {}, b: {} });
      const [a, b] = [t.path('a'), t.path('b')];
      assert.equal(lookUp(envOf(), 'containers-image', 'h', [a, b], 'unix').reason, `containers/image finds no h in ${a}, ${b}: it uses the system roots only.`);
    });

    it('a file under the host\'s name: taken, then not a folder', () => {
      const t = makeTree({ r: { h: 'x' } });
      const p = t.path('r', 'h');
      const l = lookUp(envOf(), 'containers-image', 'h', [t.path('r')], 'unix');
      assert.equal(l.error, `open ${p}: not a directory`);
      assert.equal(l.reason, `containers/image takes ${p}, which is not a folder, and fails: "open ${p}: not a directory".`);
    });
  });

  describe('lookUp: moby (hostCertsDir)', () => {
    it('reads the first root only, the host by its name alone', () => {
      const t = makeTree({ a: { 'reg:5000': {} }, b: { 'reg:5000': {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const l = lookUp(envOf(), 'moby', 'reg:5000', [a, b], 'unix');
      assert.deepEqual(l, {
        loader: 'moby',
        roots: [a],
        root: a,
        folder: 'reg:5000',
        path: path.join(a, 'reg:5000'),
        tried: [{ root: a, folder: 'reg:5000', found: true }],
        reason: `moby reads ${a}/reg:5000: it looks the host up by its name alone.`,
      });
    });

    it('never goes on to a second root', () => {
      const t = makeTree({ a: {}, b: { h: {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const l = lookUp(envOf(), 'moby', 'h', [a, b], 'unix');
      assert.deepEqual(
        { roots: l.roots, path: l.path, tried: l.tried, reason: l.reason },
        { roots: [a], path: null, tried: [{ root: a, folder: 'h', found: false }], reason: `moby finds no h in ${a}: it uses the system roots only.` },
      );
    });

    it('a stat error is no lookup error for moby (its load reports it)', () => {
      const t = makeTree({ a: { h: {} } });
      const a = t.path('a');
      const l = lookUp(envOf(statFails({ [path.join(a, 'h')]: 'EACCES' })), 'moby', 'h', [a], 'unix');
      assert.deepEqual({ path: l.path, error: l.error, tried: l.tried }, { path: null, error: undefined, tried: [{ root: a, folder: 'h', found: false }] });
    });

    it('Windows: reg:5000 is read as reg5000', () => {
      const t = makeTree({ a: { reg5000: {} } });
      assert.equal(lookUp(envOf(), 'moby', 'reg:5000', [t.path('a')], 'windows').path, t.path('a', 'reg5000'));
    });

    it('a file under the host\'s name: open fails with not a directory', () => {
      const t = makeTree({ a: { h: 'x' } });
      const p = t.path('a', 'h');
      const l = lookUp(envOf(), 'moby', 'h', [t.path('a')], 'unix');
      assert.equal(l.error, `open ${p}: not a directory`);
      assert.equal(l.reason, `moby takes ${p}, which is not a folder, and fails: "open ${p}: not a directory".`);
    });
  });

  describe('resolveHost', () => {
    const base = (o: Partial<ResolveOptions> = {}): ResolveOptions => ({ platform: 'unix', processEnv: {}, dockerStore: GRAPH, ...o });
    const HOSTS_TOML = ['server = "https://reg.example.com:5000"', '', '[host."mirror.example.com"]', '  capabilities = ["pull", "resolve"]', ''].join('\n');

    it('podman: containers/image over the roots given, the default release named', () => {
      const t = makeTree({ a: {}, b: { h: {} } });
      const r = resolveHost(envOf(), 'h', 'podman', base({ roots: [t.path('a'), t.path('b')] }));
      assert.deepEqual(
        { host: r.host, engine: r.engine, release: r.release, loader: r.loader, path: r.path, hosts: r.hosts, login: r.login },
        { host: 'h', engine: 'podman', release: 'podman@6', loader: 'containers-image', path: t.path('b', 'h'), hosts: undefined, login: undefined },
      );
    });

    it('podman: no roots given means its search path under the prefix ($HOME first)', () => {
      const t = makeTree({ home: { '.config': { containers: { 'certs.d': {} } } }, etc: { containers: { 'certs.d': { h: {} } } } });
      const r = resolveHost(envOf(), 'h', 'podman', base({ roots: [], prefix: t.base, processEnv: { HOME: t.path('home') }, releases: { podman: '5' } }));
      assert.deepEqual(
        { release: r.release, roots: r.roots, path: r.path },
        { release: 'podman@5', roots: [t.path('home', '.config', 'containers', 'certs.d'), t.path('etc', 'containers', 'certs.d'), t.path('etc', 'docker', 'certs.d')], path: t.path('etc', 'containers', 'certs.d', 'h') },
      );
    });

    it('containerd: the hosts its hosts.toml lists, in order, server last', () => {
      const t = makeTree({ r: { 'reg.example.com:5000': { 'hosts.toml': HOSTS_TOML } } });
      const r = resolveHost(envOf(), 'reg.example.com:5000', 'containerd', base({ roots: [t.path('r')] }));
      assert.equal(r.release, 'containerd@2');
      assert.equal(r.path, t.path('r', 'reg.example.com:5000'));
      assert.deepEqual(r.hosts, [
        { host: 'mirror.example.com', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve'] },
        { host: 'reg.example.com:5000', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push', 'referrers'] },
      ]);
    });

    it('containerd: a server written is kept as written, http stays http without TLS settings', () => {
      const t = makeTree({ r: { h: { 'hosts.toml': 'server = "https://other.example.com"\n[host."http://m:5000"]\n  capabilities = ["pull"]\n' } } });
      const r = resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')] }));
      assert.deepEqual(r.hosts, [
        { host: 'm:5000', scheme: 'http', path: '/v2', capabilities: ['pull'] },
        { host: 'other.example.com', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push', 'referrers'] },
      ]);
    });

    it('containerd: a [host.""] table is no server to fill in', () => {
      const t = makeTree({ r: { h: { 'hosts.toml': '[host.""]\n  capabilities = ["pull"]\n' } } });
      const r = resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')] }));
      assert.deepEqual(r.hosts?.map((x) => x.host), ['', 'h']);
    });

    it('containerd 1.7 (releases option): no referrers capability for the server', () => {
      const t = makeTree({ r: { h: { 'hosts.toml': '[host."https://m"]\n' } } });
      const r = resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')], releases: { containerd: '1.7' } }));
      assert.equal(r.release, 'containerd@1.7');
      assert.deepEqual(r.hosts, [
        { host: 'm', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push'] },
        { host: 'h', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push'] },
      ]);
    });

    it('an unknown release falls back to the default one', () => {
      const t = makeTree({ r: {} });
      assert.equal(resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')], releases: { containerd: '9.9' } })).release, 'containerd@2');
    });

    it('containerd: no folder, the registry itself as ConfigureHosts fills it in (docker.io: registry-1.docker.io)', () => {
      const t = makeTree({ r: {} });
      const all = ['pull', 'resolve', 'push', 'referrers'];
      const hostsOf = (h: string, o: Partial<ResolveOptions> = {}) => resolveHost(envOf(), h, 'containerd', base({ roots: [t.path('r')], ...o })).hosts;
      assert.deepEqual(hostsOf('reg.example.com:5000'), [{ host: 'reg.example.com:5000', scheme: 'https', path: '/v2', capabilities: all }]);
      assert.deepEqual(hostsOf('docker.io'), [{ host: 'registry-1.docker.io', scheme: 'https', path: '/v2', capabilities: all }]);
      assert.deepEqual(hostsOf('reg', { releases: { containerd: '1.7' } }), [{ host: 'reg', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push'] }]);
    });

    it('containerd: a local registry without a folder: unverified https then http on a port, plain http on 80', () => {
      const t = makeTree({ r: {} });
      const one = (h: string) => {
        const r = resolveHost(envOf(), h, 'containerd', base({ roots: [t.path('r')] }));
        const x = r.hosts![0];
        return [r.hosts!.length, `${x.scheme}://${x.host}`, x.skipVerify ?? false, x.httpFallback ?? false, r.reason.replace(/^.*: it /, 'it ')];
      };
      const local = "containerd's default for a local registry";
      assert.deepEqual(one('localhost:5000'), [1, 'https://localhost:5000', true, true, `it tries https://localhost:5000/v2 without verifying the certificate, then http://localhost:5000/v2 if TLS fails (${local}).`]);
      assert.deepEqual(one('127.0.0.1:5000'), [1, 'https://127.0.0.1:5000', true, true, `it tries https://127.0.0.1:5000/v2 without verifying the certificate, then http://127.0.0.1:5000/v2 if TLS fails (${local}).`]);
      assert.deepEqual(one('localhost'), [1, 'https://localhost', true, false, `it talks to https://localhost/v2 without verifying the certificate (${local}).`]);
      assert.deepEqual(one('localhost:443'), [1, 'https://localhost:443', true, false, `it talks to https://localhost:443/v2 without verifying the certificate (${local}).`]);
      assert.deepEqual(one('localhost:80'), [1, 'http://localhost:80', false, false, `it talks to http://localhost:80/v2 (${local} on port 80).`]);
      assert.deepEqual(one('docker.io'), [1, 'https://registry-1.docker.io', false, false, 'it talks to https://registry-1.docker.io/v2 with the system roots.']);
    });

    it('containerd: a folder without hosts.toml is one host-less entry, filled in the same way', () => {
      const t = makeTree({ r: { 'localhost:5000': {}, 'localhost:80': { 'extra.txt': 'x' } } });
      const r = (h: string) => resolveHost(envOf(), h, 'containerd', base({ roots: [t.path('r')] })).hosts;
      assert.deepEqual(r('localhost:5000'), [{ host: 'localhost:5000', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push', 'referrers'], skipVerify: true, httpFallback: true }]);
      assert.deepEqual(r('localhost:80'), [{ host: 'localhost:80', scheme: 'http', path: '/v2', capabilities: ['pull', 'resolve', 'push', 'referrers'] }]);
    });

    it('containerd: a folder whose load fails gives no host list (ConfigureHosts returns the error)', () => {
      const t = makeTree({ r: { h: { 'ca.crt': 'x' } } });
      assert.equal(resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')] })).hosts, undefined);
    });

    it('containerd: a file under the host\'s name gives the lookup error and no host list', () => {
      const t = makeTree({ r: { h: 'x' } });
      const r = resolveHost(envOf(), 'h', 'containerd', base({ roots: [t.path('r')] }));
      assert.deepEqual({ error: r.error, hosts: r.hosts }, { error: `open ${t.path('r', 'h')}/hosts.toml: not a directory`, hosts: undefined });
    });

    it('containerd: _default without server is the registry asked for (ConfigureHosts fills the host-less last entry)', () => {
      const t = makeTree({ r: { _default: { 'hosts.toml': '[host."https://m"]\n' } } });
      const r = resolveHost(envOf(), 'reg.example.com', 'containerd', base({ roots: [t.path('r')] }));
      assert.equal(r.folder, '_default');
      assert.deepEqual(r.hosts?.map((h) => h.host), ['m', 'reg.example.com']);
    });

    it('containerd: docker.io without server is registry-1.docker.io', () => {
      const t = makeTree({ r: { 'docker.io': { 'hosts.toml': '[host."https://m"]\n' } } });
      const r = resolveHost(envOf(), 'docker.io', 'containerd', base({ roots: [t.path('r')] }));
      assert.deepEqual(r.hosts?.map((h) => [h.scheme, h.host]), [
        ['https', 'm'],
        ['https', 'registry-1.docker.io'],
      ]);
    });

    it('docker with graph drivers: moby\'s lookup alone, no host list and no separate login', () => {
      const t = makeTree({ a: { h: {} } });
      const r = resolveHost(envOf(), 'h', 'docker', base({ roots: [t.path('a')] }));
      assert.deepEqual(
        { release: r.release, loader: r.loader, path: r.path, reason: r.reason, hosts: r.hosts, login: r.login },
        { release: 'docker@29', loader: 'moby', path: t.path('a', 'h'), reason: `moby reads ${t.path('a')}/h: it looks the host up by its name alone.`, hosts: undefined, login: undefined },
      );
    });

    it('the platform of the options decides the names (Windows: reg5000 for docker login)', () => {
      const t = makeTree({ a: { reg5000: {}, 'reg:5000': {} } });
      assert.equal(resolveHost(envOf(), 'reg:5000', 'docker', base({ roots: [t.path('a')], platform: 'windows' })).path, t.path('a', 'reg5000'));
      assert.equal(resolveHost(envOf(), 'reg:5000', 'containerd', base({ roots: [t.path('a')], platform: 'windows' })).path, t.path('a', 'reg5000'));
    });

    it('docker: no roots given means /etc/docker/certs.d under the prefix', () => {
      const t = makeTree({ etc: { docker: { 'certs.d': { h: {} } } } });
      const r = resolveHost(envOf(), 'h', 'docker', base({ prefix: t.base }));
      assert.deepEqual({ roots: r.roots, path: r.path }, { roots: [t.path('etc', 'docker', 'certs.d')], path: t.path('etc', 'docker', 'certs.d', 'h') });
    });

    const hub = 'Docker never reads certs.d for Docker Hub.';
    const loopback = 'Docker treats a loopback registry as insecure and reads no certs.d folder for it.';
    const skippedCases: [string, string][] = [
      ['docker.io', hub],
      ['index.docker.io', hub],
      ['localhost', loopback],
      ['localhost:5000', loopback],
      ['127.0.0.1:5000', loopback],
      ['127.10.0.3', loopback],
      ['[::1]:5000', loopback],
      ['[::ffff:127.0.0.1]:5000', loopback],
    ];
    for (const [host, reason] of skippedCases) {
      it(`docker never reads certs.d for ${host} (spec: Docker Hub and loopback)`, () => {
        const t = makeTree({ a: { [host]: {} } });
        const r = resolveHost(envOf(), host, 'docker', base({ roots: [t.path('a')] }));
        assert.deepEqual(
          { root: r.root, folder: r.folder, path: r.path, error: r.error, reason: r.reason, tried: r.tried },
          { root: null, folder: null, path: null, error: undefined, reason, tried: [{ root: t.path('a'), folder: host, found: true }] },
        );
      });
    }

    for (const host of ['docker.io.example.com', 'localhost.example.com', 'a127.example.com', '128.0.0.1', '[::2]:5000', 'mylocalhost:5000', '[::1]', '127.000.0.1:5000']) {
      it(`docker reads certs.d/${host} (neither Docker Hub nor loopback)`, () => {
        const t = makeTree({ a: { [host]: {} } });
        assert.equal(resolveHost(envOf(), host, 'docker', base({ roots: [t.path('a')] })).path, t.path('a', host));
      });
    }

    it('docker with the containerd store: pulls by containerd\'s lookup over the first root, login by moby\'s', () => {
      const t = makeTree({ a: { 'reg_5000_': { 'hosts.toml': '[host."https://m"]\n  capabilities = ["pull"]\n' }, 'reg:5000': {} }, b: { _default: {} } });
      const [a, b] = [t.path('a'), t.path('b')];
      const r = resolveHost(envOf(), 'reg:5000', 'docker', base({ roots: [a, b], dockerStore: CONTAINERD_STORE }));
      assert.deepEqual(
        { loader: r.loader, roots: r.roots, path: r.path, reason: r.reason, hosts: r.hosts },
        {
          loader: 'containerd',
          roots: [a],
          path: path.join(a, 'reg_5000_'),
          reason: `Pulls and pushes (containerd image store): containerd uses ${a}/reg_5000_.`,
          hosts: [
            { host: 'm', scheme: 'https', path: '/v2', capabilities: ['pull'] },
            { host: 'reg:5000', scheme: 'https', path: '/v2', capabilities: ['pull', 'resolve', 'push', 'referrers'] },
          ],
        },
      );
      assert.deepEqual(r.login, {
        loader: 'moby',
        roots: [a],
        root: a,
        folder: 'reg:5000',
        path: path.join(a, 'reg:5000'),
        tried: [{ root: a, folder: 'reg:5000', found: true }],
        reason: `moby reads ${a}/reg:5000: it looks the host up by its name alone.`,
      });
    });

    it('docker with the containerd store and localhost: pulls read the folder, login does not', () => {
      const t = makeTree({ a: { 'localhost:5000': {} } });
      const a = t.path('a');
      const r = resolveHost(envOf(), 'localhost:5000', 'docker', base({ roots: [a], dockerStore: CONTAINERD_STORE }));
      assert.equal(r.path, path.join(a, 'localhost:5000'));
      assert.deepEqual({ path: r.login?.path, reason: r.login?.reason }, { path: null, reason: loopback });
    });

    it('docker login: the lookup error of moby is dropped for a loopback host', () => {
      const t = makeTree({ a: { 'localhost:5000': 'x' } });
      const r = resolveHost(envOf(), 'localhost:5000', 'docker', base({ roots: [t.path('a')] }));
      assert.deepEqual({ path: r.path, error: r.error }, { path: null, error: undefined });
    });
  });
});

