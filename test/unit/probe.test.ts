/**
 * `certsd probe` against real servers on 127.0.0.1 (test/helpers/probeServers.ts): every
 * scenario of issue 8's Proof list, through each engine family's loader, with Go's verdict and
 * error text. The conformance suite (test/conformance/probe.ts) asks Go itself about the same
 * scenarios; here the expectations are the Go texts written in the scenario table.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEngineConfig } from '../../server/src/core/probe/engineConfig';
import { Aborted, probe, ProbeOptions, ProbeUsageError } from '../../server/src/core/probe/probe';
import { parseReference } from '../../server/src/core/probe/reference';
import { ProbeReport } from '../../server/src/core/probe/report';
import { findRelease } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { makeProbePki, ProbePki, ProbeScenario, probeScenarios, scenarioHost, startScenarioServer, startSilentServer, startTlsServer, TestServer } from '../helpers/probeServers';
import { serverCert } from '../helpers/pki';

const LOADERS: { name: string; engine: Engine; release: string; family: 'moby' | 'containers-image' | 'containerd'; store?: 'containerd' | 'graphdriver' }[] = [
  { name: 'containerd@2', engine: 'containerd', release: '2', family: 'containerd' },
  { name: 'docker@29 (graph drivers: moby)', engine: 'docker', release: '29', family: 'moby', store: 'graphdriver' },
  { name: 'podman@6', engine: 'podman', release: '6', family: 'containers-image' },
];

interface World {
  base: string;
  root: string;
  env: NodeJS.ProcessEnv;
}

function world(): World {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-probe-test-'));
  const root = path.join(base, 'certs.d');
  fs.mkdirSync(root);
  // System roots as Go reads them: an empty bundle and an empty folder, so only the folder counts.
  fs.writeFileSync(path.join(base, 'system.pem'), '');
  fs.mkdirSync(path.join(base, 'system.d'));
  return { base, root, env: { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'system.d') } };
}

function writeFolder(w: World, name: string, files: Record<string, string>): string {
  const dir = path.join(w.root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), c);
  return dir;
}

function options(w: World, l: (typeof LOADERS)[number], host: string, port: number, more: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    host,
    engine: l.engine,
    release: findRelease(l.engine, l.release)!,
    ...(l.store ? { dockerStore: { store: l.store, assumed: false } } : {}),
    roots: [w.root],
    connectTo: `127.0.0.1:${port}`,
    env: w.env,
    timeoutMs: 5000,
    ...more,
  };
}

describe('certsd probe: the Proof scenarios against servers on 127.0.0.1', function () {
  this.timeout(120_000);
  let w: World;
  let scenarios: ProbeScenario[];
  let pki: ProbePki;
  const servers = new Map<ProbeScenario, TestServer>();
  const reports = new Map<string, ProbeReport>();

  before(async () => {
    w = world();
    pki = await makeProbePki();
    scenarios = await probeScenarios(pki);
    for (const s of scenarios) {
      const server = await startScenarioServer(s.server);
      servers.set(s, server);
      writeFolder(w, scenarioHost(s, server.port), s.folder);
    }
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
    fs.rmSync(w.base, { recursive: true, force: true });
  });

  for (const l of LOADERS) {
    it(`gives Go's verdict, error, client certificate and status for each scenario (${l.name})`, async () => {
      for (const s of scenarios) {
        const port = servers.get(s)!.port;
        const host = scenarioHost(s, port);
        const r = await probe(options(w, l, host, port, { timeoutMs: (s.timeoutSeconds ?? 5) * 1000 }));
        reports.set(`${l.name}/${s.name}`, r);
        const want = s.byLoader?.[l.family] ?? { ok: s.ok, error: s.error };
        // hosts.toml is containerd's alone: the others load mirror-ca.pem as nothing and trust no one.
        const tomlElsewhere = s.name.startsWith('containerd hosts.toml') && l.family !== 'containerd';
        const label = `${l.name}: ${s.name}`;
        if (tomlElsewhere) {
          assert.equal(r.ok, false, label);
          continue;
        }
        assert.equal(r.ok, want.ok, `${label}: ${r.error}`);
        if (want.error === null) assert.equal(r.error, null, label);
        else if (want.error instanceof RegExp) assert.match(r.error ?? '', want.error, label);
        else assert.equal(r.error, want.error, label);
        if (!s.byLoader) {
          assert.equal(r.clientCertificate ? path.basename(r.clientCertificate) : undefined, s.clientCertificate, label);
          if (s.httpStatus !== undefined) assert.equal(r.http.status, s.httpStatus, label);
          for (const code of s.advice ?? []) assert.ok(r.advice.some((a) => a.code === code), `${label}: advice ${code} missing from ${r.advice.map((a) => a.code).join(', ')}`);
        }
      }
    });
  }

  it('reports the chain in the order the server sent it, and the folder file that anchored it', () => {
    const r = reports.get('containerd@2/server sends leaf, intermediate and root')!;
    assert.deepEqual(
      r.tls!.chain.map((c) => c.subject),
      ['CN=fullchain.probe.test', 'CN=Probe Intermediate CA', 'CN=Probe Root CA'],
    );
    assert.equal(r.tls!.verified, true);
    assert.equal(r.tls!.anchor!.source, 'folder');
    assert.equal(r.tls!.anchor!.path, path.join(w.root, 'fullchain.probe.test', 'ca.crt'));
    assert.deepEqual(r.tls!.nameCheck, { name: 'fullchain.probe.test', ok: true, matched: 'fullchain.probe.test', error: null });
    assert.equal(r.http.apiVersion, 'registry/2.0');
  });

  it('keeps the JSON contract: host, ok, error, tls, http.status, clientCertificate, advice', () => {
    const r = reports.get('podman@6/good chain')!;
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    for (const k of ['host', 'ok', 'error', 'tls', 'http', 'clientCertificate', 'advice']) assert.ok(k in json, k);
    assert.equal(json.host, 'good.probe.test');
    assert.equal((json.http as { status: number }).status, 401);
    assert.equal(json.error, null);
    assert.equal(json.clientCertificate, null);
  });

  it("shows the CA names the server accepts and the TLS version, for TLS 1.3 and 1.2", () => {
    const r13 = reports.get('containerd@2/mutual TLS with the right client certificate')!;
    assert.equal(r13.tls!.version, 'TLS 1.3');
    assert.equal(r13.tls!.clientCertificateRequested, true);
    assert.deepEqual(r13.tls!.acceptableCAs, ['CN=Probe Client CA']);
    const r12 = reports.get('containerd@2/mutual TLS 1.2 with the right client certificate')!;
    assert.equal(r12.tls!.version, 'TLS 1.2');
    assert.deepEqual(r12.tls!.acceptableCAs, ['CN=Probe Client CA']);
  });

  it("says why Go passed over a client certificate the server's CA list rules out", () => {
    const r = reports.get('containerd@2/mutual TLS with a client certificate of another CA (Go does not send it)')!;
    assert.equal(r.clientCertificate, null);
    assert.deepEqual(r.endpoints[0].clientCertificatesPassedOver.map((p) => p.reason), ['chain is not signed by an acceptable CA']);
  });

  it('offers to add the intermediate the server omits when the folder has it, with subject and fingerprint', () => {
    const r = reports.get('docker@29 (graph drivers: moby)/server omits the intermediate, the folder has it in a file the engine skips')!;
    const a = r.advice.find((x) => x.code === 'missing-intermediate')!;
    assert.ok(a.fix && a.fix.kind === 'add-ca');
    assert.equal(a.fix.path, path.join(w.root, 'nointer-pem.probe.test', 'ca.crt'));
    assert.equal(a.fix.subject, 'CN=Probe Intermediate CA');
    assert.equal(a.fix.createsFile, false);
    assert.match(a.message, /Probe Intermediate CA/);
    assert.equal(a.fix.sha256, crypto.createHash('sha256').update(pki.intermediate.der).digest('hex'));
    assert.equal(a.fix.pem, pki.intermediate.pem);
  });

  it('offers the generate command when the registry wants a client certificate and the folder has none', () => {
    const r = reports.get('containerd@2/mutual TLS without a client certificate')!;
    const a = r.advice.find((x) => x.code === 'client-certificate-required')!;
    assert.deepEqual(a.fix, { kind: 'command', command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: path.join(w.root, 'mtls-none.probe.test') }] });
    assert.match(a.message, /"CN=Probe Client CA"/);
  });

  it('tries every hosts.toml host with its own TLS settings, in order (containerd)', () => {
    const r = reports.get('containerd@2/containerd hosts.toml: a mirror with its own CA, the registry without')!;
    assert.deepEqual(
      r.endpoints.map((e) => [e.url, e.role, e.ok]),
      [
        ['https://mirror.probe.test/v2/', 'mirror', true],
        ['https://toml.probe.test/v2/', 'registry', false],
      ],
    );
    assert.equal(r.endpoints[0].tls!.anchor!.path, path.join(w.root, 'toml.probe.test', 'mirror-ca.pem'));
  });

  it('does not verify a loopback registry under Docker, and does not read its folder', () => {
    const r = reports.get('docker@29 (graph drivers: moby)/a loopback registry (Docker and containerd do not verify it)')!;
    assert.equal(r.folder.skipped, 'loopback');
    assert.equal(r.tls!.skipVerify, true);
    assert.ok(r.advice.some((a) => a.code === 'folder-not-read'));
  });
});

describe('certsd probe: folders, references and cancelling', function () {
  this.timeout(60_000);
  let w: World;
  let pki: ProbePki;
  before(async () => {
    w = world();
    pki = await makeProbePki();
  });
  after(() => fs.rmSync(w.base, { recursive: true, force: true }));

  it('says which folder the engine reads for a :443 reference, and offers the rename of a near miss', async () => {
    const server = await startTlsServer({ chain: [await serverCert(pki.intermediate, 'port.probe.test', { key: pki.serverKey }), pki.intermediate], key: pki.serverKey });
    try {
      writeFolder(w, 'port.probe.test:443', { 'ca.crt': pki.root.pem });
      const r = await probe(options(w, LOADERS[1], 'port.probe.test', server.port));
      assert.equal(r.ok, false);
      assert.equal(r.error, 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
      assert.deepEqual(r.folder.tried, [path.join(w.root, 'port.probe.test')]);
      const a = r.advice.find((x) => x.code === 'folder-not-read')!;
      assert.deepEqual(a.fix, { kind: 'rename', from: path.join(w.root, 'port.probe.test:443'), to: path.join(w.root, 'port.probe.test') });
      const with443 = await probe(options(w, LOADERS[1], 'port.probe.test:443', server.port));
      assert.equal(with443.ok, true);
      assert.ok(with443.advice.some((x) => x.code === 'port-443'));
    } finally {
      await server.close();
    }
  });

  it("looks for containerd's host_port_ folder before host:port", async () => {
    const cfg = await buildEngineConfig({ ref: parseReference('reg.probe.test:5000') as never, engine: 'containerd', release: findRelease('containerd', '2')!, roots: [w.root], env: w.env });
    assert.deepEqual(cfg.folder.tried, ['reg.probe.test_5000_', 'reg.probe.test:5000', '_default'].map((n) => path.join(w.root, n)));
  });

  it('connects to registry-1.docker.io for Docker Hub without reading certs.d (docker), and reads docker.io (containerd)', async () => {
    writeFolder(w, 'docker.io', { 'ca.crt': pki.root.pem });
    const docker = await buildEngineConfig({ ref: parseReference('docker.io') as never, engine: 'docker', release: findRelease('docker', '29')!, dockerStore: { store: 'graphdriver', assumed: false }, roots: [w.root], env: w.env });
    assert.equal(docker.folder.skipped, 'docker-hub');
    assert.deepEqual(docker.endpoints.map((e) => e.host), ['registry-1.docker.io']);
    const containerd = await buildEngineConfig({ ref: parseReference('docker.io') as never, engine: 'containerd', release: findRelease('containerd', '2')!, roots: [w.root], env: w.env });
    assert.equal(containerd.folder.path, path.join(w.root, 'docker.io'));
    assert.deepEqual(containerd.endpoints.map((e) => e.host), ['registry-1.docker.io']);
    assert.equal(containerd.endpoints[0].pool.all().filter((p) => p.source.kind === 'folder').length, 1);
  });

  it('reports a folder the engine refuses without connecting', async () => {
    writeFolder(w, 'refused.probe.test', { 'client.cert': pki.clientGood.pem });
    const r = await probe({ ...options(w, LOADERS[1], 'refused.probe.test', 9), connectTo: '127.0.0.1:9' });
    assert.equal(r.ok, false);
    assert.equal(r.error, 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt');
    assert.deepEqual(r.endpoints, []);
    assert.ok(r.advice.some((a) => a.code === 'folder-refused'));
  });

  it('stops when cancelled, without waiting for the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const ac = new AbortController();
      const started = Date.now();
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(probe(options(w, LOADERS[0], 'silent.probe.test', silent.port, { timeoutMs: 10_000, signal: ac.signal })), Aborted);
      assert.ok(Date.now() - started < 2000);
    } finally {
      await silent.close();
    }
  });

  it('refuses what is not HOST[:PORT] or ADDR:PORT', async () => {
    await assert.rejects(probe(options(w, LOADERS[0], 'reg.probe.test:99999', 1)), ProbeUsageError);
    await assert.rejects(probe({ ...options(w, LOADERS[0], 'reg.probe.test', 1), connectTo: 'nowhere' }), ProbeUsageError);
  });
});
