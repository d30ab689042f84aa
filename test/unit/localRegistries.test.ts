/**
 * Local registries and Docker Hub. moby's registry Service (LookupPullEndpoints, newTLSConfig) reads
 * certs.d only for a secure registry that is not Docker Hub; loopback registries (127.0.0.0/8,
 * ::1/128) are not verified and their folder is never read.
 *
 * containerd's defaults for the registry itself when nothing names a server (ConfigureHosts in
 * core/remotes/docker/config/hosts.go, the same in 1.7.35): docker.io is registry-1.docker.io; a
 * registry docker.IsLocalhost takes is https with no port or 443 and http on any other, and gets
 * skip_verify = true on every port but 80, over what hosts.toml says; an http host with TLS settings
 * is tried over https first unless SplitHostPort gives port 80. The conformance suite's
 * `spec:loopback` folders hold the same cases against containerd's own code.
 */
import * as assert from 'node:assert/strict';
import { fillRegistryHost, upgradeHttp } from '../../server/src/core/engines/containerd';
import { mobySkips } from '../../server/src/core/engines/dockerLike';
import { hostVerdict } from '../../server/src/core/verdict';
import { TomlHost } from '../../server/src/core/engines/hostsToml';
import { resolveHost } from '../../server/src/core/engines/resolve';
import { convertToHostsToml, serverForFolder } from '../../server/src/core/generate/convertToHostsToml';
import { FactsCache } from '../../server/src/core/facts';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { readHostDir } from '../../server/src/core/tree';
import { tomlHostLines } from '../../server/src/core/verdict';
import { checkTree } from '../helpers/check';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { tempTrees } from '../helpers/tree';

/** The last entry of a hosts.toml without `server`, as the decoder gives it. */
function serverless(o: Partial<TomlHost> = {}): TomlHost {
  return { written: '', parsed: { scheme: '', host: '', path: '' }, pathAppended: false, overridePath: false, scheme: '', host: '', path: '', capabilities: [], explicitTLS: false, ...o };
}

const ALL = ['pull', 'resolve', 'push', 'referrers'];
const short = (h: TomlHost) => [h.scheme, h.host, h.path, h.capabilities.join(','), h.skipVerify ?? null, h.explicitTLS];

describe("containerd's default host for the registry (fillRegistryHost, upgradeHttp)", () => {
  it('a registry that is not local: https, /v2, every capability; skip_verify as the file says', () => {
    assert.deepEqual(short(fillRegistryHost(serverless(), 'reg.example.com:5000', true)), ['https', 'reg.example.com:5000', '/v2', ALL.join(','), null, false]);
    assert.deepEqual(short(fillRegistryHost(serverless({ skipVerify: false, explicitTLS: true }), 'reg.example.com', false)), ['https', 'reg.example.com', '/v2', 'pull,resolve,push', false, true]);
  });

  it('docker.io is registry-1.docker.io over https', () => {
    assert.deepEqual(short(fillRegistryHost(serverless(), 'docker.io', true)), ['https', 'registry-1.docker.io', '/v2', ALL.join(','), null, false]);
  });

  it('a local registry with no port or port 443: https, TLS not verified', () => {
    for (const r of ['localhost', 'localhost:443', '127.0.0.1', '::1']) assert.deepEqual(short(fillRegistryHost(serverless(), r, true)), ['https', r, '/v2', ALL.join(','), true, true], r);
  });

  it('a local registry on another port: http, TLS not verified, and then https first (TLS settings are set)', () => {
    for (const r of ['localhost:5000', '127.0.0.1:5000', '[::1]:5000', '[::ffff:127.0.0.1]:5000']) {
      const filled = fillRegistryHost(serverless(), r, true);
      assert.deepEqual(short(filled), ['http', r, '/v2', ALL.join(','), true, true], r);
      assert.deepEqual(short(upgradeHttp(filled)), ['https', r, '/v2', ALL.join(','), true, true], r);
    }
  });

  it("skip_verify = false in the file does not stop it: containerd sets it to true over the file's value", () => {
    assert.equal(fillRegistryHost(serverless({ skipVerify: false, explicitTLS: true }), 'localhost:5000', true).skipVerify, true);
  });

  it('a local registry on port 80: http, verification as the file says, never upgraded', () => {
    const filled = fillRegistryHost(serverless({ caCerts: ['/x/ca.crt'], explicitTLS: true }), 'localhost:80', true);
    assert.deepEqual(short(filled), ['http', 'localhost:80', '/v2', ALL.join(','), null, true]);
    assert.deepEqual(short(upgradeHttp(filled)), short(filled));
  });

  it('names that are not local for docker.IsLocalhost: [::1] without a port, LOCALHOST, 127.000.0.1', () => {
    for (const r of ['[::1]', 'LOCALHOST:5000', '127.000.0.1:5000', 'localhost_5000_']) {
      const { scheme, skipVerify, explicitTLS } = fillRegistryHost(serverless(), r, true);
      assert.deepEqual({ scheme, skipVerify, explicitTLS }, { scheme: 'https', skipVerify: undefined, explicitTLS: false }, r);
    }
  });

  it('upgradeHttp: only http hosts with TLS settings, on any port SplitHostPort does not call 80', () => {
    const http = (host: string, explicitTLS = true) => serverless({ scheme: 'http', host, explicitTLS });
    assert.equal(upgradeHttp(http('reg.example.com:5000')).scheme, 'https');
    assert.equal(upgradeHttp(http('reg.example.com')).scheme, 'https', 'no port is not port 80');
    assert.equal(upgradeHttp(http('reg.example.com:80')).scheme, 'http');
    assert.equal(upgradeHttp(http('[::1]:80')).scheme, 'http');
    assert.equal(upgradeHttp(http('reg::80')).scheme, 'https', "SplitHostPort fails on 'reg::80' (too many colons): no port");
    assert.equal(upgradeHttp(http('reg.example.com:5000', false)).scheme, 'http', 'no TLS settings: stays http');
  });
});

describe('local registries in the check, resolve and the hosts.toml conversion', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it("the check's host list says containerd does not verify TLS for a local registry, and http on port 80", () => {
    const r = checkTree(makeTree, { 'localhost:5002': { 'hosts.toml': 'skip_verify = false\n' }, 'localhost:80': { 'hosts.toml': 'ca = "ca.crt"\n', 'ca.crt': pki.ca.pem } }, 'containerd', { host: 'localhost:5002' });
    const lines = (name: string) => tomlHostLines(r.report.hosts.find((h) => h.name === name)!);
    assert.deepEqual(lines('localhost:5002'), ['1. server https://localhost:5002/v2 (all; TLS not verified (a local registry))']);
    assert.deepEqual(lines('localhost:80'), ['1. server http://localhost:80/v2 (all; CA ca.crt)']);
  });

  it('resolve fills in the registry looked up: reg_5000_-style folders of a local registry get its defaults', () => {
    const t = makeTree({ 'certs.d': { localhost_5000_: { 'hosts.toml': 'ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }, localhost_80_: { 'hosts.toml': 'ca = "ca.crt"\n', 'ca.crt': pki.ca.pem } } });
    const env = { fs: nodeFileSystem, now: () => new Date('2026-06-01T00:00:00Z') };
    const resolve = (host: string) => resolveHost(env, host, 'containerd', { roots: [t.path('certs.d')], platform: 'unix', processEnv: {}, dockerStore: { store: 'graphdriver', assumed: false } }).hosts;
    assert.deepEqual(resolve('localhost:5000'), [{ host: 'localhost:5000', scheme: 'https', path: '/v2', capabilities: ALL, skipVerify: true, httpFallback: true }]);
    assert.deepEqual(resolve('localhost:80'), [{ host: 'localhost:80', scheme: 'http', path: '/v2', capabilities: ALL }]);
  });

  it('the conversion leaves the server line out for what docker.IsLocalhost takes, and only for that', () => {
    assert.equal(serverForFolder('[::ffff:127.0.0.1]_5000_'), undefined, 'IPv4-mapped loopback is local: a server line would turn verification back on');
    assert.equal(serverForFolder('[::1]_5000_'), undefined);
    assert.equal(serverForFolder('127.000.0.1:5000'), '127.000.0.1:5000', 'ParseIP refuses leading zeros: not local');
    const t = makeTree({ '[::ffff:127.0.0.1]_5000_': { 'ca.crt': pki.ca.pem } });
    const { content } = convertToHostsToml(readHostDir(nodeFileSystem, t.path(), '[::ffff:127.0.0.1]_5000_'), new FactsCache(nodeFileSystem));
    assert.equal(content.split('\n')[2], '# No server line: containerd then uses the registry it was asked for, as it does with the loose files.');
  });
});

describe("moby's Service: folders Docker's own loader never reads", () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it('mobySkips: Docker Hub by its two names, loopback by the host part (not [::1] without a port)', () => {
    const names = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'localhost', 'localhost:5000', '127.0.0.1:80', '[::1]:5000', '[::ffff:127.0.0.1]:5000', '[::1]', 'reg.example.com:5000', 'localhost_5000_'];
    assert.deepEqual(
      names.map((n) => [n, mobySkips(n) ?? null]),
      [
        ['docker.io', 'docker-hub'],
        ['index.docker.io', 'docker-hub'],
        ['registry-1.docker.io', null],
        ['localhost', 'loopback'],
        ['localhost:5000', 'loopback'],
        ['127.0.0.1:80', 'loopback'],
        ['[::1]:5000', 'loopback'],
        ['[::ffff:127.0.0.1]:5000', 'loopback'],
        ['[::1]', null],
        ['reg.example.com:5000', null],
        ['localhost_5000_', null],
      ],
    );
  });

  it('the verdict and the load: nothing read for Docker (graph drivers and docker login), the folder still read by containerd', () => {
    const hosts = { 'localhost:5000': { 'ca.crt': pki.ca.pem }, 'docker.io': { 'ca.crt': pki.ca.pem }, 'reg.example.com': { 'ca.crt': pki.ca.pem } };
    const graph = checkTree(makeTree, hosts, 'docker', { host: 'localhost:5000', dockerStore: 'graphdriver' });
    const verdicts = (r: typeof graph) => r.report.hosts.map((h) => hostVerdict(h));
    assert.deepEqual(verdicts(graph), ['Docker: does not read this folder (Docker Hub)', 'Docker: does not read this folder (a local registry: TLS not verified)', 'Docker: 1 CA root + system roots']);
    const { ok, systemRoots, caCertificates, caFiles, notRead } = graph.load;
    assert.deepEqual({ ok, systemRoots, caCertificates, caFiles, notRead }, { ok: true, systemRoots: false, caCertificates: [], caFiles: [], notRead: 'loopback' });
    const store = checkTree(makeTree, hosts, 'docker', { host: 'localhost:5000', dockerStore: 'containerd' });
    assert.deepEqual(verdicts(store), [
      'Docker pull: 1 CA root + system roots | docker login: does not read this folder (Docker Hub)',
      'Docker pull: 1 CA root + system roots | docker login: does not read this folder (a local registry: TLS not verified)',
      'Docker: 1 CA root + system roots',
    ]);
  });
});
