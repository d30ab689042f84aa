/**
 * The one-line verdict of server/src/core/verdict.ts, on LoadResult and HostReport objects built
 * here: what a user reads in the CLI and in the code lens's tooltip. Expected texts are the doc
 * comments' (English, no bundle loaded).
 */
import * as assert from 'node:assert/strict';
import type { HostReport } from '../../server/src/core/check';
import { LoadResult } from '../../server/src/core/engines/result';
import { hostsTomlDialect, TomlHost } from '../../server/src/core/engines/hostsToml';
import { defaultRelease } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { capabilitiesText, hostFails, hostsTomlReader, hostVerdict, loadSummary, nameInHostDir, tlsParts, tomlHostLine, tomlHostLines, triesHttpAfterHttps } from '../../server/src/core/verdict';

const DIR = '/etc/docker/certs.d/reg.example.com';

function load(o: Partial<LoadResult> = {}): LoadResult {
  return { engine: 'docker', ok: true, errors: [], caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, systemRoots: false, caFiles: [], pairs: [], caCertificates: [], clientCertificates: [], hostsToml: false, ...o };
}

function report(o: Partial<HostReport> = {}): HostReport {
  const engine: Engine = o.engine ?? 'docker';
  return { root: '/etc/docker/certs.d', name: 'reg.example.com', path: DIR, engine, release: defaultRelease(engine), load: load({ engine }), ...o };
}

function host(o: Partial<TomlHost> = {}): TomlHost {
  return { written: 'https://mirror.example.com', parsed: { scheme: 'https', host: 'mirror.example.com', path: '' }, pathAppended: true, overridePath: false, scheme: 'https', host: 'mirror.example.com', path: '/v2', capabilities: ['pull', 'resolve'], explicitTLS: false, name: 'https://mirror.example.com', ...o };
}

describe('loadSummary: what one loader made of the folder', () => {
  it('folders a loader never reads', () => {
    assert.equal(loadSummary(load({ notRead: 'docker-hub' })), 'does not read this folder (Docker Hub)');
    assert.equal(loadSummary(load({ notRead: 'loopback' })), 'does not read this folder (a local registry: TLS not verified)');
  });

  it("a failed load quotes the engine's error; without one, nothing after the dash", () => {
    assert.equal(loadSummary(load({ ok: false, error: 'open /x/client.key: permission denied' })), 'fails - open /x/client.key: permission denied');
    assert.equal(loadSummary(load({ ok: false })), 'fails - ');
  });

  it('a decoded hosts.toml', () => {
    assert.equal(loadSummary(load({ hostsToml: true, caRoots: 2, systemRoots: true })), 'uses hosts.toml (loose certificate files are not loaded)');
  });

  it('the roots: system roots only without a CA, or without the system pool', () => {
    assert.equal(loadSummary(load()), 'system roots only');
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 0 })), 'system roots only');
    assert.equal(loadSummary(load({ systemRoots: false, caRoots: 2 })), 'system roots only');
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 1 })), '1 CA root + system roots');
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 3 })), '3 CA roots + system roots');
  });

  it('ignored .crt files, said only when the system pool is used', () => {
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 1, ignoredCaFiles: 1 })), '1 CA root + system roots (1 .crt file ignored)');
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 0, ignoredCaFiles: 2 })), 'system roots only (2 .crt files ignored)');
    assert.equal(loadSummary(load({ systemRoots: false, caRoots: 0, ignoredCaFiles: 1 })), 'system roots only');
  });

  it('client certificates', () => {
    assert.equal(loadSummary(load({ clientPairs: 1 })), 'system roots only, 1 client certificate');
    assert.equal(loadSummary(load({ systemRoots: true, caRoots: 1, clientPairs: 2 })), '1 CA root + system roots, 2 client certificates');
  });
});

describe('hostVerdict: pulls and docker login said apart only when they differ', () => {
  const pulls = load({ engine: 'containerd', hostsToml: true });
  const login = load({ systemRoots: true, caRoots: 1 });

  it('Docker with the containerd image store and a different login', () => {
    assert.equal(hostVerdict(report({ load: pulls, login, dockerStore: { store: 'containerd', assumed: false } })), 'Docker pull: uses hosts.toml (loose certificate files are not loaded) | docker login: 1 CA root + system roots');
  });

  it('one verdict when login reads the folder the same way', () => {
    assert.equal(hostVerdict(report({ load: login, login: load({ systemRoots: true, caRoots: 1 }), dockerStore: { store: 'containerd', assumed: false } })), 'Docker: 1 CA root + system roots');
  });

  it('one verdict with graph drivers, without a store, without login, or for another engine', () => {
    assert.equal(hostVerdict(report({ load: pulls, login, dockerStore: { store: 'graphdriver', assumed: false } })), 'Docker: uses hosts.toml (loose certificate files are not loaded)');
    assert.equal(hostVerdict(report({ load: pulls, login })), 'Docker: uses hosts.toml (loose certificate files are not loaded)');
    assert.equal(hostVerdict(report({ load: pulls, dockerStore: { store: 'containerd', assumed: false } })), 'Docker: uses hosts.toml (loose certificate files are not loaded)');
    assert.equal(hostVerdict(report({ engine: 'podman', load: load({ engine: 'podman' }), login, dockerStore: { store: 'containerd', assumed: false } })), 'Podman: system roots only');
    assert.equal(hostVerdict(report({ engine: 'containerd', load: pulls })), 'containerd: uses hosts.toml (loose certificate files are not loaded)');
  });

  it('hostFails: pulls or login', () => {
    assert.equal(hostFails(report()), false);
    assert.equal(hostFails(report({ load: load({ ok: false }) })), true);
    assert.equal(hostFails(report({ login: load({ ok: false }) })), true);
    assert.equal(hostFails(report({ login: load() })), false);
  });
});

describe("hostsTomlReader: who reads the folder's hosts.toml", () => {
  it('nobody when the loader is not containerd', () => {
    assert.equal(hostsTomlReader(report()), undefined);
    assert.equal(hostsTomlReader(report({ engine: 'podman', load: load({ engine: 'podman' }) })), undefined);
  });

  it('containerd, or Docker through the containerd image store', () => {
    assert.equal(hostsTomlReader(report({ engine: 'containerd', load: load({ engine: 'containerd' }) })), 'containerd');
    assert.equal(hostsTomlReader(report({ load: load({ engine: 'containerd' }), dockerStore: { store: 'containerd', assumed: true } })), 'Docker (pulls and pushes, containerd image store)');
    assert.equal(hostsTomlReader(report({ load: load({ engine: 'containerd' }), dockerStore: { store: 'containerd', assumed: false } })), 'Docker (pulls and pushes)');
    assert.equal(hostsTomlReader(report({ load: load({ engine: 'containerd' }) })), 'Docker (pulls and pushes)');
  });
});

describe('triesHttpAfterHttps: an http:// host upgraded to https', () => {
  it('only a [host."http://..."] table whose scheme became https', () => {
    assert.equal(triesHttpAfterHttps(host({ name: 'http://mirror.example.com:5000', scheme: 'https' })), true);
    assert.equal(triesHttpAfterHttps(host({ name: 'HTTP://mirror.example.com:5000', scheme: 'https' })), true);
    assert.equal(triesHttpAfterHttps(host({ name: 'http://mirror.example.com:5000', scheme: 'http' })), false);
    assert.equal(triesHttpAfterHttps(host({ name: 'https://mirror.example.com:5000', scheme: 'https' })), false);
    assert.equal(triesHttpAfterHttps(host({ name: 'https://mirror.example.com/http://x', scheme: 'https' })), false);
    assert.equal(triesHttpAfterHttps(host({ name: undefined, written: 'http://mirror.example.com', scheme: 'https' })), false);
  });
});

describe('capabilitiesText', () => {
  it('all only with referrers when the dialect has them', () => {
    assert.equal(capabilitiesText(host({ capabilities: ['pull', 'resolve', 'push'] }), hostsTomlDialect('2.1')), 'all');
    assert.equal(capabilitiesText(host({ capabilities: ['pull', 'resolve', 'push'] }), hostsTomlDialect('2.2')), 'pull, resolve, push');
    assert.equal(capabilitiesText(host({ capabilities: ['pull', 'resolve', 'push', 'referrers'] }), hostsTomlDialect('2.2')), 'all');
    assert.equal(capabilitiesText(host({ capabilities: ['pull', 'resolve'] }), hostsTomlDialect('1.7')), 'pull, resolve');
  });
});

describe('nameInHostDir: relative inside the host folder, else as given', () => {
  it('inside', () => {
    assert.equal(nameInHostDir(DIR, `${DIR}/ca.crt`), 'ca.crt');
    assert.equal(nameInHostDir(DIR, `${DIR}/sub/ca.crt`), 'sub/ca.crt');
    assert.equal(nameInHostDir(DIR, `${DIR}/ca..crt..`), 'ca..crt..');
  });

  it('the folder itself and files outside it', () => {
    assert.equal(nameInHostDir(DIR, DIR), DIR);
    assert.equal(nameInHostDir(DIR, '/etc/ssl/ca.crt'), '/etc/ssl/ca.crt');
    assert.equal(nameInHostDir(DIR, '/etc/docker/certs.d/other/ca.crt'), '/etc/docker/certs.d/other/ca.crt');
  });
});

describe('tlsParts: the TLS settings of a host in a few words', () => {
  it('CA files and client certificates, each list comma-separated', () => {
    assert.deepEqual(tlsParts(host({ caCerts: [`${DIR}/ca.crt`, '/etc/ssl/b.crt'], clientPairs: [[`${DIR}/client.cert`, `${DIR}/client.key`], [`${DIR}/c2.pem`, '']] }), DIR), ['CA ca.crt, /etc/ssl/b.crt', 'client client.cert, c2.pem']);
    assert.deepEqual(tlsParts(host({ caCerts: [], clientPairs: [] }), DIR), []);
  });

  it('skip_verify, and a local registry that containerd does not verify itself', () => {
    const local = { name: undefined, written: '', host: 'localhost:5000', skipVerify: true };
    assert.deepEqual(tlsParts(host(local), DIR), ['TLS not verified (a local registry)']);
    assert.deepEqual(tlsParts(host({ ...local, host: '127.0.0.1' }), DIR), ['TLS not verified (a local registry)']);
    assert.deepEqual(tlsParts(host({ ...local, name: 'https://localhost:5000' }), DIR), ['TLS not verified (skip_verify)']);
    assert.deepEqual(tlsParts(host({ ...local, written: 'https://localhost:5000' }), DIR), ['TLS not verified (skip_verify)']);
    assert.deepEqual(tlsParts(host({ ...local, host: 'reg.example.com:5000' }), DIR), ['TLS not verified (skip_verify)']);
    assert.deepEqual(tlsParts(host({ ...local, skipVerify: false }), DIR), []);
  });

  it('https, then http', () => {
    assert.deepEqual(tlsParts(host({ name: 'http://mirror.example.com', scheme: 'https', caCerts: [`${DIR}/ca.crt`] }), DIR), ['CA ca.crt', 'https, then http']);
  });
});

describe('tomlHostLine and tomlHostLines', () => {
  const containerd = (o: Partial<LoadResult>) => report({ engine: 'containerd', load: load({ engine: 'containerd', ...o }) });

  it('a numbered line per host, `server ` before the top-level server', () => {
    const mirror = host({ caCerts: [`${DIR}/ca.crt`] });
    const server = host({ name: undefined, written: 'https://reg.example.com', host: 'reg.example.com', capabilities: ['pull', 'resolve', 'push', 'referrers'] });
    const r = containerd({ hostsToml: true, tomlHosts: [mirror, server].map((h) => ({ host: h, systemRoots: true, caCertificates: [], clientCertificates: [] })) });
    assert.deepEqual(tomlHostLines(r), ['1. https://mirror.example.com/v2 (pull, resolve; CA ca.crt)', '2. server https://reg.example.com/v2 (all)']);
  });

  it("the default dialect (no containerd release) is 2.4's, with referrers", () => {
    const r = report({ engine: 'podman', release: { ...defaultRelease('podman'), containerd: undefined } });
    assert.equal(tomlHostLine(host({ capabilities: ['pull', 'resolve', 'push'] }), 0, r), '1. https://mirror.example.com/v2 (pull, resolve, push)');
  });

  it('a hosts.toml that does not decode', () => {
    assert.deepEqual(tomlHostLines(containerd({ hostsTomlError: 'toml: line 1: expected key' })), ['containerd cannot decode hosts.toml (toml: line 1: expected key) and uses the loose files instead']);
  });

  it('none when nobody reads hosts.toml, or no host was decoded', () => {
    const tomlHosts = [{ host: host(), systemRoots: true, caCertificates: [], clientCertificates: [] }];
    assert.deepEqual(tomlHostLines(report({ load: load({ hostsTomlError: 'bad', tomlHosts }) })), []);
    assert.deepEqual(tomlHostLines(containerd({})), []);
  });
});
