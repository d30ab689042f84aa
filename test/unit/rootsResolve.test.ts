/** `certsd resolve`: which folder, in which root, an engine uses for a registry host. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { file, symlink, tempTrees, TempTree } from '../helpers/tree';
import { CliRun as Run, runCli } from '../helpers/cli';

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  return runCli(args, { env, cwd: process.cwd() });
}

const json = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('certsd resolve', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let t: TempTree;
  let root: string;

  before(async () => {
    pki = await commonPki();
    const ca = { 'ca.crt': pki.ca.pem };
    t = makeTree({
      one: {
        'certs.d': {
          'reg.example.com_5000_': ca,
          'reg.example.com:5000': ca,
          'plain.example.com': ca,
          _default: ca,
          'broken.example.com_5000_': file('not a folder\n'),
          'gone.example.com_5000_': symlink('../nowhere'),
          'mirror.example.com': { 'hosts.toml': 'server = "https://mirror.example.com"\n\n[host."https://cache.example.com:8443"]\n  capabilities = ["pull"]\n' },
        },
      },
      two: { 'certs.d': { 'plain.example.com': ca, 'late.example.com': ca } },
      sys: {
        root: { '.config': { containers: { 'certs.d': { 'home.example.com': ca } } } },
        etc: { containers: { 'certs.d': { 'home.example.com': ca, 'etc.example.com': ca } }, docker: { 'certs.d': { 'etc.example.com': ca, 'docker.example.com': ca } } },
      },
    });
    root = t.path('one', 'certs.d');
  });

  it('gives containerd\'s folder for a host with a port: host_port_ before host:port', () => {
    const r = cli(['resolve', 'reg.example.com:5000', '--engine', 'containerd', '--root', root, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const [out] = json(r.stdout);
    assert.deepEqual(
      { host: out.host, engine: out.engine, root: out.root, folder: out.folder, path: out.path },
      { host: 'reg.example.com:5000', engine: 'containerd', root, folder: 'reg.example.com_5000_', path: path.join(root, 'reg.example.com_5000_') },
    );
    assert.equal(typeof out.reason, 'string');
    assert.deepEqual(out.tried, [{ root, folder: 'reg.example.com_5000_', found: true }]);
  });

  it('falls back to _default, past a dangling link, and says what it tried', () => {
    const [out] = json(cli(['resolve', 'gone.example.com:5000', '--engine', 'containerd', '--root', root, '--format', 'json']).stdout);
    assert.equal(out.folder, '_default');
    assert.deepEqual(
      out.tried.map((s: { folder: string; found: boolean }) => [s.folder, s.found]),
      [
        ['gone.example.com_5000_', false],
        ['gone.example.com:5000', false],
        ['_default', true],
      ],
    );
  });

  it('fails (exit 1) when a file sits under the folder\'s name, with containerd\'s error', () => {
    const r = cli(['resolve', 'broken.example.com:5000', '--engine', 'containerd', '--root', root, '--format', 'json']);
    assert.equal(r.code, 1);
    assert.equal(json(r.stdout)[0].error, `open ${path.join(root, 'broken.example.com_5000_', 'hosts.toml')}: not a directory`);
  });

  it('lists the hosts containerd tries from the folder\'s hosts.toml, the registry itself last', () => {
    const [out] = json(cli(['resolve', 'mirror.example.com', '--engine', 'containerd', '--root', root, '--format', 'json']).stdout);
    assert.deepEqual(
      out.hosts.map((h: { scheme: string; host: string; path: string; capabilities: string[] }) => `${h.scheme}://${h.host}${h.path} ${h.capabilities.join(',')}`),
      ['https://cache.example.com:8443/v2 pull', 'https://mirror.example.com/v2 pull,resolve,push,referrers'],
    );
  });

  it('goes down config_path: the first root with a match wins, _default included', () => {
    const two = t.path('two', 'certs.d');
    const out = json(cli(['resolve', 'late.example.com', 'plain.example.com', '--engine', 'containerd', '--roots', `${root}:${two}`, '--format', 'json']).stdout);
    assert.deepEqual(out.map((o: { path: string }) => o.path), [path.join(root, '_default'), path.join(root, 'plain.example.com')]);
    const flipped = json(cli(['resolve', 'late.example.com', '--engine', 'containerd', '--root', two, '--root', root, '--format', 'json']).stdout);
    assert.equal(flipped[0].path, path.join(two, 'late.example.com'));
  });

  it('tells Docker\'s two lookups apart with the containerd image store', () => {
    const [out] = json(cli(['resolve', 'reg.example.com:5000', '--engine', 'docker', '--docker-store', 'containerd', '--root', root, '--format', 'json']).stdout);
    assert.equal(out.path, path.join(root, 'reg.example.com_5000_'));
    assert.equal(out.login.path, path.join(root, 'reg.example.com:5000'));
    const [graph] = json(cli(['resolve', 'reg.example.com:5000', '--engine', 'docker', '--docker-store', 'graphdriver', '--root', root, '--format', 'json']).stdout);
    assert.equal(graph.path, path.join(root, 'reg.example.com:5000'));
    assert.equal(graph.login, undefined);
  });

  it('says Docker reads nothing for Docker Hub and loopback registries, whatever is there', () => {
    const [hub, local] = json(cli(['resolve', 'docker.io', 'localhost:5000', '--engine', 'docker', '--docker-store', 'graphdriver', '--root', root, '--format', 'json']).stdout);
    assert.equal(hub.path, null);
    assert.equal(local.path, null);
  });

  it('walks Podman\'s standard roots under a prefix, its own folder from $HOME', () => {
    const sys = t.path('sys');
    const env = { HOME: path.join(sys, 'root') };
    const out = json(cli(['resolve', 'home.example.com', 'etc.example.com', 'docker.example.com', 'none.example.com', '--engine', 'podman@5', '--prefix', sys, '--format', 'json'], env).stdout);
    assert.deepEqual(
      out.map((o: { path: string | null }) => o.path && path.relative(sys, o.path)),
      ['root/.config/containers/certs.d/home.example.com', 'etc/containers/certs.d/etc.example.com', 'etc/docker/certs.d/docker.example.com', null],
    );
  });

  it('prints the folder and the reason as text, and refuses what is not a host', () => {
    const r = cli(['resolve', 'plain.example.com', '--engine', 'containerd', '--root', root]);
    assert.match(r.stdout, new RegExp(`^plain\\.example\\.com \\(containerd@2\\): ${path.join(root, 'plain.example.com').replace(/[.]/g, '\\.')}\\n  containerd uses `));
    assert.equal(cli(['resolve']).code, 2);
    assert.equal(cli(['resolve', 'https://reg.example.com/v2']).code, 2);
    assert.match(cli(['resolve', 'a.example.com', '--engine', 'docker', '--root', root, '--root', root]).stderr, /Docker reads one root/);
    assert.equal(cli(['check', '--roots', root, '--engine', 'docker']).code, 2);
    assert.equal(cli(['check', root, '--platform', 'macos']).code, 2);
  });

  it('applies Windows folder names with --platform windows', () => {
    const out = json(cli(['resolve', 'reg.example.com:5000', '--engine', 'docker', '--docker-store', 'graphdriver', '--root', root, '--platform', 'windows', '--format', 'json']).stdout);
    assert.deepEqual(out[0].tried, [{ root, folder: 'reg.example.com5000', found: false }]);
    assert.equal(out[0].path, null);
  });
});
