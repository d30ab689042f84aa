/**
 * The whole check of a root (core/check.ts) called directly: who a finding names under Docker's two
 * passes (pulls through containerd's code, `docker login` through moby's loader), the defaults of
 * the options, the order of a streamed check, and what a check keeps after it. Written against the
 * mutants of check.ts that the rest of the suite lets live (docs/mutation.md "check and lsp-b").
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { addShadows, ASSUMED_DOCKER_STORE, checkRoot, checkRootEach, CheckEnv, DEFAULT_EXPIRY_DAYS, recheckHost, recheckRootFindings } from '../../server/src/core/check';
import { Finding } from '../../server/src/core/findings';
import type { FolderShadow, HostReport } from '../../server/src/core/check';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { readRoot } from '../../server/src/core/tree';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

const DAY = 86_400_000;

describe('the check of a root (core/check.ts)', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  const env = (now = new Date()): CheckEnv => ({ fs: nodeFileSystem, now: () => now });
  const location = (p: string, engine: 'docker' | 'containerd' | 'podman' = 'docker') => ({ path: p, engine, engineFromPath: false, misnamed: false });
  const serious = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').map((f) => [f.code, path.basename(f.path), f.message.split(' refuses')[0]]);

  it('names the pass that refuses a folder under the assumed containerd image store, and keeps no actor mark', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'client.cert': pki.client.pem } } });
    const r = checkRoot(location(t.path('certs.d')), env());
    const host = r.hosts[0];
    assert.deepEqual(host.dockerStore, ASSUMED_DOCKER_STORE);
    assert.deepEqual(host.dockerStore, { store: 'containerd', assumed: true });
    assert.equal(host.login?.ok, false);
    assert.equal(host.load.ok, false);
    assert.notEqual(host.login?.error, host.load.error, 'each pass has its own verdict');
    assert.deepEqual(serious(r.findings).sort(), [
      ['certsd/invalid-key-pair', 'client.cert', 'Docker (pulls and pushes, containerd image store)'],
      ['certsd/missing-key', 'client.cert', 'docker login (and pulls with graph drivers)'],
    ]);
    for (const f of r.findings) assert.ok(!f.message.includes('\u0000') && !f.summary.includes('\u0000'), JSON.stringify(f));
  });

  it('names Docker once for a finding both passes make, and the engine under containerd, Podman and graph drivers', () => {
    const spec = { 'reg.example.com': { 'ca.crt': pki.ca.pem, 'extra.pem': pki.ca.pem } };
    const t = tree({ docker: spec, containerd: spec, podman: spec });
    const ignored = (engine: 'docker' | 'containerd' | 'podman', store?: 'containerd' | 'graphdriver') => {
      const r = checkRoot(location(t.path(engine), engine), env(), store ? { dockerStore: { store, assumed: false } } : {});
      const found = r.findings.filter((f) => f.code === 'certsd/ignored-extension');
      assert.equal(found.length, 1, JSON.stringify(r.findings, null, 1));
      return found[0];
    };
    for (const [engine, store, who] of [
      ['docker', 'containerd', 'Docker'],
      ['docker', undefined, 'Docker'],
      ['docker', 'graphdriver', 'Docker'],
      ['containerd', undefined, 'containerd'],
      ['podman', undefined, 'Podman'],
    ] as const) {
      const f = ignored(engine, store);
      assert.ok(f.message.includes(`${who} `), `${engine}/${store}: ${f.message}`);
      assert.ok(!/pulls|docker login/.test(f.message + f.summary), f.message);
      assert.ok(!(f.message + f.summary).includes('\u0000'), f.message);
    }
  });

  it('with graph drivers, Docker has one verdict: moby loader for pulls and docker login alike', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'client.cert': pki.client.pem } } });
    const r = checkRoot(location(t.path('certs.d')), env(), { dockerStore: { store: 'graphdriver', assumed: false } });
    assert.deepEqual(r.hosts[0].load, r.hosts[0].login);
    assert.deepEqual(serious(r.findings), [['certsd/missing-key', 'client.cert', 'Docker']]);
  });

  it('warns of expiry within the default window, and not before it', async () => {
    const notAfter = new Date(Date.now() + 400 * DAY);
    const ca = await selfSignedCa({ commonName: 'Soon CA', notBefore: new Date(Date.now() - 10 * DAY), notAfter });
    const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } });
    const at = (days: number) => checkRoot(location(t.path('certs.d')), env(new Date(notAfter.getTime() - days * DAY))).findings.filter((f) => f.code === 'certsd/expiring').length;
    assert.equal(at(DEFAULT_EXPIRY_DAYS - 1), 1);
    assert.equal(at(DEFAULT_EXPIRY_DAYS + 1), 0);
  });

  it('models the newest release unless told, and the release asked for', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem } } });
    const newest = checkRoot(location(t.path('certs.d'), 'containerd'), env()).hosts[0].release;
    const old = checkRoot(location(t.path('certs.d'), 'containerd'), env(), { releases: { containerd: '1.7' } }).hosts[0].release;
    assert.notEqual(newest.release, old.release);
    assert.match(old.release, /^1\.7/);
  });

  it('streams the root findings first, then each host folder in the root order, and keeps no parsed certificate', () => {
    const t = tree({ 'certs.d': { 'stray.crt': pki.ca.pem, 'a.example.com': { 'ca.crt': pki.ca.pem }, 'b.example.com': { 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) } } });
    const root = readRoot(nodeFileSystem, t.path('certs.d'), 'docker', location(t.path('certs.d')));
    const events: string[] = [];
    checkRootEach(root, env(), {}, (fs) => events.push(`root:${fs.map((f) => f.code).join(',')}`), (c) => {
      events.push(`host:${c.dir.name}`);
      for (const l of [c.report.load, c.report.login]) for (const p of l?.pairs ?? []) assert.equal(p.result, undefined, 'a parsed pair outlives its folder');
    });
    assert.deepEqual(events, ['root:certsd/file-in-root', ...root.hosts.map((h) => `host:${h.name}`)]);
    assert.equal(root.hosts.length, 2);
    // The same findings again when the root or one folder is re-checked.
    assert.deepEqual(recheckRootFindings(root, env()).map((f) => f.code), ['certsd/file-in-root']);
    const again = recheckHost(root, 'b.example.com', env());
    assert.equal(again.dir.name, 'b.example.com');
    assert.equal(again.report.path, t.path('certs.d', 'b.example.com'));
  });

  it('records another name form of the host in the root as used instead, by whose lookup', () => {
    const spec = { 'reg.example.com:5000': { 'ca.crt': pki.ca.pem }, 'reg.example.com_5000_': { 'ca.crt': pki.ca.pem } };
    const t = tree({ docker: spec, containerd: spec, podman: spec });
    const shadows = (engine: 'docker' | 'containerd' | 'podman', store?: { store: 'containerd' | 'graphdriver'; assumed: boolean }) =>
      checkRoot(location(t.path(engine), engine), env(), store ? { dockerStore: store } : {}).hosts.find((h) => h.name === 'reg.example.com:5000')?.shadowedBy;
    const used = (engine: string) => t.path(engine, 'reg.example.com_5000_');
    assert.deepEqual(shadows('containerd'), [{ engine: 'containerd', actor: 'containerd', host: 'reg.example.com:5000', usedFolder: used('containerd'), scope: 'root' }]);
    assert.deepEqual(shadows('docker', { store: 'containerd', assumed: false }), [{ engine: 'docker', actor: 'Docker (pulls and pushes)', host: 'reg.example.com:5000', usedFolder: used('docker'), scope: 'root' }]);
    assert.equal(shadows('docker')?.[0].actor, 'Docker (pulls and pushes, containerd image store)');
    assert.equal(shadows('docker', { store: 'graphdriver', assumed: false }), undefined);
    assert.equal(shadows('podman'), undefined);
  });

  it('picks the folder really used: its own engine first, an earlier root before another name form', () => {
    const shadow = (engine: 'docker' | 'containerd', scope: 'root' | 'order', usedFolder: string): FolderShadow => ({ engine, actor: engine, usedFolder, scope });
    const report = () => ({ engine: 'docker' }) as HostReport;
    const r1 = report();
    addShadows(r1, []);
    assert.deepEqual([r1.shadowedBy, r1.usedFolder], [undefined, undefined]);
    addShadows(r1, [shadow('containerd', 'order', '/a'), shadow('docker', 'root', '/b')]);
    assert.equal(r1.usedFolder, '/b');
    addShadows(r1, [shadow('docker', 'order', '/c')]);
    assert.equal(r1.shadowedBy?.length, 3);
    assert.equal(r1.usedFolder, '/c');
    const r2 = report();
    addShadows(r2, [shadow('containerd', 'root', '/d'), shadow('containerd', 'order', '/e')]);
    assert.equal(r2.usedFolder, '/e');
  });
});
