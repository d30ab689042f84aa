/**
 * "Test connection" as the server answers it (server/src/lsp/probe.ts): the one-line verdict and
 * who it names, the Restricted Mode refusal (no connection at all), the engine the checks use
 * for the folder, the timeout, and the manifest entries that keep it out of Restricted Mode.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../server/src/core/probe/probe';
import { actorOfReport, handleProbeRequest, probeableFolder, probeTimeoutSeconds, probeVerdict, ProbeRequestDeps } from '../../server/src/lsp/probe';
import { CertsdSettings, Commands, DEFAULT_PROBE_TIMEOUT_SECONDS, DEFAULT_SETTINGS, ProbeResponse, RESTRICTED_MODE_PROBE_MESSAGE, Settings } from '../../server/src/protocol';
import { serverCert } from '../helpers/pki';
import { makeProbePki, ProbePki, startTlsServer, TestServer } from '../helpers/probeServers';

type OkResponse = Extract<ProbeResponse, { ok: true }>;

function okResponse(r: ProbeResponse): OkResponse {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r;
}

describe('Test connection: the server side', function () {
  this.timeout(30_000);
  let base: string;
  let env: NodeJS.ProcessEnv;
  let pki: ProbePki;
  let good: TestServer;
  const HOST = 'reg.lsp-probe.test';

  const deps = (more: Partial<ProbeRequestDeps> = {}, settings: Partial<CertsdSettings> = {}): ProbeRequestDeps => ({
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    trusted: () => true,
    fs: nodeFileSystem,
    env,
    ...more,
  });

  /** A host folder under `root` (relative to base) holding `files`. */
  function hostFolder(root: string, name: string, files: Record<string, string>): string {
    const dir = path.join(base, root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), c);
    return dir;
  }

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-lsp-probe-'));
    // Go's system roots here: an empty bundle, so that only the folder's CA can anchor a chain.
    fs.writeFileSync(path.join(base, 'system.pem'), '');
    env = { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'none') };
    pki = await makeProbePki();
    good = await startTlsServer({ chain: [await serverCert(pki.intermediate, HOST, { key: pki.serverKey }), pki.intermediate], key: pki.serverKey });
  });
  after(async () => {
    await good.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('says the registry answered and through which CA of the folder the chain was verified', async () => {
    const hostPath = hostFolder('containerd/certs.d', `${HOST}:5000`, { 'ca.crt': pki.root.pem });
    const r = okResponse(await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${good.port}` }, deps()));
    assert.equal(r.report.ok, true, r.report.error ?? '');
    assert.equal(r.actor, 'containerd');
    assert.match(r.verdict, new RegExp(`^containerd reaches ${HOST.replace(/\./g, '\\.')}:5000: the registry answered \\(HTTP 401\\), the chain was verified through "CN=Probe Root CA" \\(ca\\.crt\\)\\. \\(\\d+ ms\\)$`));
    // The full text: the chain the server sent, the anchor, the name check, the HTTP answer.
    assert.match(r.text, /Probe Intermediate CA/);
    assert.match(r.text, new RegExp(`name ${HOST.replace(/\./g, '\\.')}: matches`));
    assert.match(r.text, /HTTP 401/);
  });

  it("names the engine and quotes Go's error when the folder trusts another CA", async () => {
    const hostPath = hostFolder('containerd/certs.d', `${HOST}:5001`, { 'ca.crt': pki.otherRoot.pem });
    const r = okResponse(await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${good.port}` }, deps()));
    assert.equal(r.report.ok, false);
    assert.match(r.verdict, new RegExp(`^containerd cannot use the registry ${HOST.replace(/\./g, '\\.')}:5001: tls: failed to verify certificate: x509: certificate signed by unknown authority\\. \\(\\d+ ms\\)$`));
    assert.match(r.text, /advice:/);
  });

  it("names Docker's pulls when the containerd image store reads the folder, and Docker when moby's loader does", async () => {
    const hostPath = hostFolder('docker/certs.d', `${HOST}:5002`, { 'ca.crt': pki.root.pem });
    const params = { hostPath, connectTo: `127.0.0.1:${good.port}` };
    const store = okResponse(await handleProbeRequest(params, deps({}, { dockerStore: 'containerd' })));
    assert.equal(store.actor, 'Docker (pulls and pushes)');
    assert.equal(actorOfReport(store.report), 'Docker (pulls and pushes)');
    assert.match(store.verdict, /^Docker \(pulls and pushes\) reaches /);
    const moby = okResponse(await handleProbeRequest(params, deps({}, { dockerStore: 'graphdriver' })));
    assert.equal(moby.actor, 'Docker');
  });

  it('uses the engine the checks gave the root, so that the verdict and the lenses agree', async () => {
    // A root whose path says nothing about its engine: the workspace decided (e.g. certsd.roots.containerd).
    const hostPath = hostFolder('plain', `${HOST}:5003`, { 'ca.crt': pki.root.pem });
    const root = path.dirname(hostPath);
    const asked: string[] = [];
    const r = okResponse(await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${good.port}` }, deps({ engineOfRoot: (p) => (asked.push(p), 'podman') })));
    assert.deepEqual(asked, [root]);
    assert.match(r.report.engine, /^podman@/);
    assert.equal(r.actor, 'Podman');
  });

  it('opens no connection in an untrusted workspace', async () => {
    let connections = 0;
    const counter = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => counter.listen(0, '127.0.0.1', () => r()));
    const port = (counter.address() as net.AddressInfo).port;
    try {
      const hostPath = hostFolder('containerd/certs.d', `${HOST}:5004`, { 'ca.crt': pki.root.pem });
      const r = await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${port}` }, deps({ trusted: () => false }));
      assert.deepEqual(r, { ok: false, message: RESTRICTED_MODE_PROBE_MESSAGE });
      // The same request, trusted, does connect: the counter sees connections.
      await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${port}`, timeoutSeconds: 2 }, deps());
      assert.ok(connections > 0, 'the counting server saw no connection even when trusted');
      const before = connections;
      await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${port}` }, deps({ trusted: () => false }));
      assert.equal(connections, before);
    } finally {
      await new Promise<void>((r) => counter.close(() => r()));
    }
  });

  it('answers a usage problem in words, without connecting', async () => {
    const hostPath = hostFolder('containerd/certs.d', `${HOST}:5005`, { 'ca.crt': pki.root.pem });
    const r = await handleProbeRequest({ hostPath, connectTo: 'nowhere' }, deps());
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /nowhere/.test(r.message), JSON.stringify(r));
  });

  it('takes a timeout in range and the default otherwise', () => {
    assert.equal(DEFAULT_PROBE_TIMEOUT_SECONDS * 1000, DEFAULT_PROBE_TIMEOUT_MS);
    assert.equal(probeTimeoutSeconds(3), 3);
    assert.equal(probeTimeoutSeconds(0.5), 0.5);
    for (const bad of [0, -1, 601, Number.NaN, '5', undefined]) assert.equal(probeTimeoutSeconds(bad), DEFAULT_PROBE_TIMEOUT_SECONDS, String(bad));
  });

  it("offers no test for containerd's _default nor for a name that is no HOST[:PORT]", () => {
    assert.equal(probeableFolder('_default'), false);
    assert.equal(probeableFolder('reg.example.com:5000'), true);
    assert.equal(probeableFolder('reg.example.com_5000_'), true);
    assert.equal(probeableFolder('reg.example.com:99999'), false);
  });

  it('phrases a plain-HTTP answer and a registry not verified without claiming a verified chain', () => {
    const report = {
      host: 'insecure.test:5000',
      ok: true,
      error: null,
      engine: 'docker@29 (graph drivers)',
      loader: 'Docker',
      http: { status: 200 },
      tls: { skipVerify: true, anchor: null },
      clientCertificate: null,
      millis: 12,
    } as unknown as Parameters<typeof probeVerdict>[0];
    assert.equal(probeVerdict(report), 'Docker reaches insecure.test:5000: the registry answered (HTTP 200), but Docker does not verify its certificate. (12 ms)');
    assert.equal(probeVerdict({ ...report, tls: null, http: { status: 200, plainHttp: true } }), 'Docker reaches insecure.test:5000 over plain HTTP: the registry answered (HTTP 200), nothing was encrypted. (12 ms)');
  });
});

describe('Test connection in the manifest (package.json)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

  it('is not offered in Restricted Mode', () => {
    const cmd = manifest.contributes.commands.find((c: { command: string }) => c.command === Commands.testConnection);
    assert.ok(cmd, `no ${Commands.testConnection} in contributes.commands`);
    assert.equal(cmd.enablement, 'isWorkspaceTrusted');
    const palette = manifest.contributes.menus.commandPalette.find((c: { command: string }) => c.command === Commands.testConnection);
    assert.equal(palette?.when, 'isWorkspaceTrusted');
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    // The description is a %key% of package.nls.json (the English text shown without a translation).
    const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
    assert.match(nls[/^%(.+)%$/.exec(untrusted.description)?.[1] ?? ''] ?? untrusted.description, /Test connection/);
  });

  it('restricts settings that exist, and has the timeout setting with the same default', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(props[key], `${key} is restricted but no such setting exists`);
    const timeout = props[`${Settings.section}.${Settings.probeTimeoutSeconds}`];
    assert.equal(timeout?.default, DEFAULT_PROBE_TIMEOUT_SECONDS);
    assert.equal(timeout.maximum, 600);
  });
});
