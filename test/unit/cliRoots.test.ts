/**
 * What `certsd check` checks when the paths overlap (a host folder and its root, two spellings of one
 * folder), when a certs.d lies deeper than the search goes, and with no path at all (the standard
 * roots, found from the environment the CLI is given, not the real one).
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { MAX_SEARCH_DEPTH } from '../../server/src/core/roots';
import { clientCert, selfSignedCa, TestCert } from '../helpers/pki';
import { symlink, tempTrees, TempTree, TreeSpec } from '../helpers/tree';
import { CliRun as Run, runCli } from '../helpers/cli';

const NOW = new Date('2031-03-01T12:00:00Z');
const DAY = 86_400_000;

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  return runCli(args, { env, checkEnv: { fs: nodeFileSystem, now: () => NOW } });
}

interface JsonHost {
  name: string;
  root: string;
  path: string;
}

function hostsOf(stdout: string): JsonHost[] {
  return (JSON.parse(stdout) as { hosts: JsonHost[] }).hosts;
}

/** `levels` nested folders d01/d02/..., with `leaf` in the last. */
function chain(levels: number, leaf: TreeSpec): TreeSpec {
  let spec = leaf;
  for (let i = levels; i >= 1; i--) spec = { [`d${String(i).padStart(2, '0')}`]: spec };
  return spec;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const chainPath = (levels: number) => Array.from({ length: levels }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);

describe('certsd check: which roots', () => {
  const makeTree = tempTrees();
  let ca: TestCert;
  let t: TempTree;
  let root: string;

  before(async () => {
    const valid = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };
    ca = await selfSignedCa({ commonName: 'Roots CA', ...valid });
    const client = await clientCert(ca, valid);
    t = makeTree({
      'certs.d': {
        'reg.example.com:5000': { 'ca.crt': ca.pem },
        'a.example.com': { 'ca.crt': ca.pem },
        // A client certificate without its key: one error, so repeated findings show.
        'b.example.com': { 'client.cert': client.pem },
      },
      link: symlink('certs.d'),
      project: { etc: { docker: { 'certs.d': { 'p.example.com': { 'ca.crt': ca.pem } } } } },
    });
    root = t.path('certs.d');
  });

  it('checks a host folder named together with its root once, as part of the whole root', () => {
    const r = cli(['check', path.join(root, 'reg.example.com:5000'), root, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const names = hostsOf(r.stdout).map((h) => h.name);
    assert.deepEqual([...names].sort(), ['a.example.com', 'b.example.com', 'reg.example.com:5000']);
    const findings = (JSON.parse(r.stdout) as { findings: { code: string; path: string }[] }).findings.filter((f) => f.code === 'certsd/missing-key');
    assert.equal(findings.length, 1);
    // And the root named first, the host folder second: the same.
    assert.deepEqual(hostsOf(cli(['check', root, path.join(root, 'b.example.com'), '--format', 'json']).stdout).map((h) => h.name).sort(), names.sort());
  });

  it('prints a host folder once in the text output when it is named with its root', () => {
    const r = cli(['check', path.join(root, 'reg.example.com:5000'), root]);
    const heading = new RegExp(`^${escapeRe(path.join(root, 'reg.example.com:5000'))}$`, 'gm');
    assert.equal(r.stdout.match(heading)?.length, 1, r.stdout);
    assert.match(r.stdout, /in 1 of 3 host folders\n$/);
  });

  it('checks two host folders of one root as one root limited to both', () => {
    const r = cli(['check', path.join(root, 'a.example.com'), path.join(root, 'b.example.com'), '--format', 'json']);
    const hosts = hostsOf(r.stdout);
    assert.deepEqual(hosts.map((h) => h.name), ['a.example.com', 'b.example.com']);
    assert.ok(hosts.every((h) => h.root === root));
  });

  it('checks a folder named twice through a symlink once', () => {
    const r = cli(['check', root, t.path('link'), '--format', 'json']);
    assert.deepEqual(hostsOf(r.stdout).map((h) => h.name).sort(), ['a.example.com', 'b.example.com', 'reg.example.com:5000']);
    assert.ok(hostsOf(r.stdout).every((h) => h.root === root), 'the spelling named first is kept');
  });

  it('checks a root found under two nested paths once', () => {
    const r = cli(['check', t.path('project'), t.path('project', 'etc'), '--format', 'json']);
    assert.deepEqual(hostsOf(r.stdout).map((h) => h.name), ['p.example.com']);
  });
});

describe('certsd check: the search depth', () => {
  const makeTree = tempTrees();
  let t: TempTree;
  let deepRoot: string;

  before(async () => {
    const ca = await selfSignedCa({ commonName: 'Deep CA', notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) });
    const host = { 'reg.example.com': { 'ca.crt': ca.pem } };
    t = makeTree({
      repo: { ...chain(40, { 'certs.d': host }), shallow: { 'certs.d': host } },
      deepOnly: chain(40, { 'certs.d': host }),
    });
    deepRoot = t.path('repo', ...chainPath(40), 'certs.d');
  });

  it(`says which folder it did not search below ${MAX_SEARCH_DEPTH} levels, and checks the rest`, () => {
    const r = cli(['check', t.path('repo'), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(hostsOf(r.stdout).map((h) => h.root), [t.path('repo', 'shallow', 'certs.d')]);
    const skipped = t.path('repo', ...chainPath(MAX_SEARCH_DEPTH));
    assert.ok(r.stderr.includes(skipped), r.stderr);
    assert.ok(!r.stderr.includes(t.path('repo', ...chainPath(MAX_SEARCH_DEPTH + 1))), 'names the folder at the limit, not the ones below');
    assert.match(r.stderr, new RegExp(`^certsd: note: the search for certs\\.d folders stops ${MAX_SEARCH_DEPTH} levels below ${escapeRe(t.path('repo'))}:`, 'm'));
  });

  it('says so too when nothing was found above the limit', () => {
    const r = cli(['check', t.path('deepOnly')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no certs\.d folder here or below/);
    assert.ok(r.stderr.includes(t.path('deepOnly', ...chainPath(MAX_SEARCH_DEPTH))), r.stderr);
  });

  it('checks a certs.d 40 levels deep when it is named on the command line', () => {
    const r = cli(['check', deepRoot, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(hostsOf(r.stdout).map((h) => h.path), [path.join(deepRoot, 'reg.example.com')]);
    assert.equal(r.stderr, '');
  });
});

describe('certsd check: standard roots from the environment given', () => {
  const makeTree = tempTrees();
  let t: TempTree;

  before(async () => {
    const ca = await selfSignedCa({ commonName: 'Home CA', notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) });
    const host = (name: string) => ({ 'certs.d': { [name]: { 'ca.crt': ca.pem } } });
    t = makeTree({
      home: { '.docker': host('home-docker.example.com'), '.config': { containers: host('home-podman.example.com') } },
      xdg: { docker: host('xdg-docker.example.com'), containers: host('xdg-podman.example.com') },
    });
  });

  it('reads HOME and XDG_CONFIG_HOME from the injected environment, not the real one', function () {
    if (process.platform !== 'linux') this.skip();
    const env = { HOME: t.path('home'), XDG_CONFIG_HOME: t.path('xdg'), _CONTAINERS_ROOTLESS_UID: '1000' };
    const r = cli(['check', '--format', 'json'], env);
    const roots = new Set(hostsOf(r.stdout).map((h) => h.root));
    for (const p of [t.path('home', '.docker', 'certs.d'), t.path('home', '.config', 'containers', 'certs.d'), t.path('xdg', 'docker', 'certs.d'), t.path('xdg', 'containers', 'certs.d')]) {
      assert.ok(roots.has(p), `${p} checked (${[...roots].join(', ')})`);
    }
    const realHome = os.homedir();
    assert.ok(![...roots].some((p) => p.startsWith(realHome + path.sep) && !p.startsWith(t.base)), `no root under the real home (${realHome}): ${[...roots].join(', ')}`);
  });
});
