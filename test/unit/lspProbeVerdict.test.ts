/**
 * "Test connection" as the server words it (server/src/lsp/probe.ts), without a registry: the
 * one-line verdict for each kind of answer, who it names, the folder name -> reference mapping,
 * the timeout's range, and what a request with no host, a bad --connect-to or a cancelled token
 * answers. Plus a cancelled Docker probe whose name lookup never answers: it must still end.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DAEMON_JSON } from '../../server/src/core/engines/dockerStore';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import type { ProbeReport, TlsReport } from '../../server/src/core/probe/report';
import { actorOfReport, handleProbeRequest, probeableFolder, ProbeRequestDeps, probeTimeoutSeconds, probeVerdict, referenceOfFolder } from '../../server/src/lsp/probe';
import { CertsdSettings, DEFAULT_PROBE_TIMEOUT_SECONDS, DEFAULT_SETTINGS, RESTRICTED_MODE_PROBE_MESSAGE } from '../../server/src/protocol';
import { closedPort } from '../helpers/probeServers';

/** A CancellationToken as vscode-languageserver's: cancel() fires the listeners; dispose is counted. */
function token(cancelled = false) {
  const listeners: (() => void)[] = [];
  const t = {
    isCancellationRequested: cancelled,
    disposed: 0,
    onCancellationRequested: (f: () => void) => {
      listeners.push(f);
      return { dispose: () => void t.disposed++ };
    },
    cancel() {
      t.isCancellationRequested = true;
      for (const f of listeners) f();
    },
  };
  return t;
}

const tlsOf = (more: Partial<TlsReport> = {}): TlsReport => ({
  version: 'TLS 1.3',
  cipher: 'TLS_AES_128_GCM_SHA256',
  serverName: 'reg.example.com',
  chain: [],
  verified: true,
  skipVerify: false,
  anchor: null,
  nameCheck: null,
  clientCertificateRequested: false,
  acceptableCAs: [],
  unmodelled: [],
  ...more,
});

const reportOf = (more: Partial<ProbeReport> = {}): ProbeReport => ({
  host: 'reg.example.com:5000',
  ok: true,
  error: null,
  engine: 'containerd@2',
  loader: 'containerd',
  folder: { path: null, tried: [], read: false },
  systemRoots: { file: null, directories: [], certificates: 0 },
  tls: tlsOf(),
  http: { status: 401 },
  clientCertificate: null,
  endpoints: [],
  advice: [],
  millis: 7,
  ...more,
});

describe('Test connection: the verdict line', () => {
  it('names who fails and quotes Go, or says no endpoint answered', () => {
    assert.equal(
      probeVerdict(reportOf({ ok: false, error: 'x509: certificate signed by unknown authority' })),
      'containerd cannot use the registry reg.example.com:5000: x509: certificate signed by unknown authority. (7 ms)',
    );
    assert.equal(probeVerdict(reportOf({ ok: false, error: null })), 'containerd cannot use the registry reg.example.com:5000: no endpoint answered. (7 ms)');
    assert.equal(probeVerdict(reportOf({ ok: false, error: '' })), 'containerd cannot use the registry reg.example.com:5000: no endpoint answered. (7 ms)');
  });

  it('says "an answer" when there was no HTTP status, and plain HTTP when TLS was not used', () => {
    assert.equal(
      probeVerdict(reportOf({ http: { status: null }, tls: null })),
      'containerd reaches reg.example.com:5000 over plain HTTP: the registry answered (an answer), nothing was encrypted. (7 ms)',
    );
    // plainHttp wins even with a TLS report (the HTTPS endpoint failed, the fallback answered).
    assert.equal(
      probeVerdict(reportOf({ http: { status: 200, plainHttp: true } })),
      'containerd reaches reg.example.com:5000 over plain HTTP: the registry answered (HTTP 200), nothing was encrypted. (7 ms)',
    );
    assert.equal(probeVerdict(reportOf({ http: { status: 0 } })), 'containerd reaches reg.example.com:5000: the registry answered (HTTP 0), the chain was verified. (7 ms)');
  });

  it('says when the engine does not verify, naming it twice', () => {
    assert.equal(
      probeVerdict(reportOf({ engine: 'podman@5', loader: 'Podman', tls: tlsOf({ skipVerify: true, anchor: { subject: 'CN=x', sha256: 'aa', source: 'folder', path: '/d/ca.crt' } }) })),
      'Podman reaches reg.example.com:5000: the registry answered (HTTP 401), but Podman does not verify its certificate. (7 ms)',
    );
  });

  it('names the anchor on one line and where it came from, and the client certificate sent', () => {
    const anchor = { subject: 'CN=Root\nO=Example\nC=DE', sha256: 'ab', source: 'folder' as const, path: '/etc/containerd/certs.d/reg/ca.crt' };
    assert.equal(
      probeVerdict(reportOf({ tls: tlsOf({ anchor }), clientCertificate: '/etc/containerd/certs.d/reg/client.cert' })),
      'containerd reaches reg.example.com:5000: the registry answered (HTTP 401), the chain was verified through "CN=Root, O=Example, C=DE" (ca.crt), client.cert sent. (7 ms)',
    );
    assert.equal(
      probeVerdict(reportOf({ tls: tlsOf({ anchor: { ...anchor, source: 'system', path: '/etc/ssl/certs/ca.pem' } }) })),
      'containerd reaches reg.example.com:5000: the registry answered (HTTP 401), the chain was verified through "CN=Root, O=Example, C=DE" (system roots). (7 ms)',
    );
    assert.equal(
      probeVerdict(reportOf({ tls: tlsOf({ anchor: { ...anchor, path: null } }) })),
      'containerd reaches reg.example.com:5000: the registry answered (HTTP 401), the chain was verified through "CN=Root, O=Example, C=DE" (system roots). (7 ms)',
    );
  });

  it("names Docker, Docker's pulls, Podman, containerd, and an unknown engine as the report has it", () => {
    assert.equal(actorOfReport(reportOf({ engine: 'docker@29 (graph drivers)', loader: 'Docker' })), 'Docker');
    assert.equal(actorOfReport(reportOf({ engine: 'docker@29 (containerd image store)', loader: 'containerd' })), 'Docker (pulls and pushes)');
    assert.equal(actorOfReport(reportOf({ engine: 'podman@5', loader: 'Podman' })), 'Podman');
    // containerd reading its own folder is containerd, not "Docker (pulls and pushes)".
    assert.equal(actorOfReport(reportOf({ engine: 'containerd@2', loader: 'containerd' })), 'containerd');
    assert.equal(actorOfReport(reportOf({ engine: 'nerdctl@1', loader: 'containerd' })), 'nerdctl@1');
    assert.equal(probeVerdict(reportOf({ engine: 'docker@29 (containerd image store)', loader: 'containerd', ok: false, error: 'boom' })), 'Docker (pulls and pushes) cannot use the registry reg.example.com:5000: boom. (7 ms)');
  });
});

describe('Test connection: folder names and the timeout', () => {
  it("reads containerd's host_port_ names, and nothing else, as host:port", () => {
    assert.equal(referenceOfFolder('reg.example.com_5000_'), 'reg.example.com:5000');
    assert.equal(referenceOfFolder('a_b_1_'), 'a_b:1');
    assert.equal(referenceOfFolder('reg_5000'), 'reg_5000');
    assert.equal(referenceOfFolder('reg__'), 'reg__');
    assert.equal(referenceOfFolder('_5000_'), '_5000_');
    assert.equal(referenceOfFolder('x_5000_y'), 'x_5000_y');
    assert.equal(referenceOfFolder('y.x_50a_'), 'y.x_50a_');
  });

  it('can test a HOST[:PORT] folder, but not _default or a name that is no reference', () => {
    assert.equal(probeableFolder('_default'), false);
    assert.equal(probeableFolder('reg.example.com'), true);
    assert.equal(probeableFolder('localhost_5000_'), true);
    assert.equal(probeableFolder('bad name'), false);
  });

  it('takes 600 s as the longest timeout, and the default for anything out of range or not a number', () => {
    assert.equal(probeTimeoutSeconds(600), 600);
    assert.equal(probeTimeoutSeconds(0.001), 0.001);
    for (const bad of [600.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0, -0.5, null, true, '5', undefined]) assert.equal(probeTimeoutSeconds(bad), DEFAULT_PROBE_TIMEOUT_SECONDS, String(bad));
  });
});

describe('Test connection: requests answered without a registry', function () {
  this.timeout(30_000);
  let base: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-lsp-verdict-'));
    fs.writeFileSync(path.join(base, 'system.pem'), '');
    env = { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'none') };
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  const deps = (settings: Partial<CertsdSettings> = {}, more: Partial<ProbeRequestDeps> = {}): ProbeRequestDeps => ({
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    trusted: () => true,
    fs: nodeFileSystem,
    env,
    ...more,
  });

  it('refuses in Restricted Mode before reading the settings', async () => {
    let read = 0;
    const r = await handleProbeRequest({ host: 'reg.example.com' }, deps({}, { trusted: () => false, settings: () => (read++, DEFAULT_SETTINGS) }));
    assert.deepEqual(r, { ok: false, message: RESTRICTED_MODE_PROBE_MESSAGE });
    assert.equal(read, 0);
  });

  it('asks for a host when the request names neither a host folder nor a host', async () => {
    assert.deepEqual(await handleProbeRequest({ root: base }, deps()), { ok: false, message: 'Test connection needs a host folder or a registry host name.' });
    assert.deepEqual(await handleProbeRequest({ host: '' }, deps()), { ok: false, message: 'Test connection needs a host folder or a registry host name.' });
  });

  it('answers a bad --connect-to in words', async () => {
    const r = await handleProbeRequest({ host: 'reg.example.com', connectTo: 'nowhere' }, deps());
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.cancelled, undefined);
    assert.match(!r.ok ? r.message : '', /nowhere/);
  });

  it('answers "Cancelled." for a request cancelled before it starts, and lets go of the token', async () => {
    const t = token(true);
    const r = await handleProbeRequest({ host: 'reg.example.com', root: base }, deps(), t as never);
    assert.deepEqual(r, { ok: false, message: 'Cancelled.', cancelled: true });
    assert.equal(t.disposed, 1);
  });

  it('probes the host named, with the engine, release and store of the settings, and the folder named for it', async () => {
    const port = await closedPort();
    const hostPath = path.join(base, 'anywhere', 'reg.example.com:5000');
    fs.mkdirSync(hostPath, { recursive: true });
    const t = token();
    const r = await handleProbeRequest(
      { hostPath, connectTo: `127.0.0.1:${port}`, timeoutSeconds: 5 },
      deps({ engine: 'docker', dockerRelease: '28', dockerStore: 'graphdriver' }, { engineOfRoot: () => 'podman' }),
      t as never,
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.report.host, 'reg.example.com:5000');
    // The setting wins over the engine the checks gave the root.
    assert.equal(r.report.engine, 'docker@28 (graph drivers)');
    assert.equal(r.report.folder.path, hostPath);
    assert.equal(r.actor, 'Docker');
    assert.equal(r.report.ok, false);
    assert.equal(r.verdict, `Docker cannot use the registry reg.example.com:5000: ${r.report.error}. (${r.report.millis} ms)`);
    assert.match(r.report.error ?? '', /connection refused/);
    assert.equal(t.disposed, 1);
  });

  it("uses the containerd release setting, and the root's engine from its path when the workspace says nothing", async () => {
    const port = await closedPort();
    const hostPath = path.join(base, 'containerd', 'certs.d', 'reg.example.com_5000_');
    fs.mkdirSync(hostPath, { recursive: true });
    const r = await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${port}` }, deps({ containerdRelease: '1.7' }, { engineOfRoot: () => undefined }));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.report.engine, 'containerd@1.7');
    assert.equal(r.report.host, 'reg.example.com:5000');
    assert.equal(r.report.folder.path, hostPath);
    assert.equal(r.actor, 'containerd');
    // A host named in the request wins over the folder's name.
    const named = await handleProbeRequest({ hostPath, host: 'other.example.com', connectTo: `127.0.0.1:${port}` }, deps());
    assert.ok(named.ok);
    assert.equal(named.report.host, 'other.example.com');
  });

  it('probes as Docker when nothing tells the engine (no root)', async () => {
    const port = await closedPort();
    const r = await handleProbeRequest({ host: 'reg.example.com', connectTo: `127.0.0.1:${port}` }, deps({ dockerStore: 'graphdriver' }));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.match(r.report.engine, /^docker@\S+ \(graph drivers\)$/);
  });

  it("gives the full text without colours, naming whose code reads certs.d only when it is another engine's", async () => {
    const port = await closedPort();
    const first: string[] = [];
    for (const settings of [
      { engine: 'docker', dockerStore: 'graphdriver' },
      { engine: 'docker', dockerStore: 'containerd' },
      { engine: 'podman' },
      { engine: 'containerd' },
    ] as Partial<CertsdSettings>[]) {
      const r = await handleProbeRequest({ host: 'reg.example.com', root: base, connectTo: `127.0.0.1:${port}` }, deps(settings));
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.text.includes('\x1b'), false, r.text);
      assert.ok(r.text.split('\n').includes(`FAILED: ${r.report.error} (${r.report.millis} ms)`), r.text);
      first.push(r.text.split('\n')[0]);
    }
    assert.deepEqual(first, [
      'certsd probe reg.example.com as docker@29 (graph drivers)',
      "certsd probe reg.example.com as docker@29 (containerd image store) (certs.d read by containerd's code)",
      'certsd probe reg.example.com as podman@6',
      'certsd probe reg.example.com as containerd@2',
    ]);
  });

  it("reads Podman's release as the default, never from Docker's or containerd's setting", async () => {
    const port = await closedPort();
    const r = await handleProbeRequest({ host: 'reg.example.com', connectTo: `127.0.0.1:${port}` }, deps({ engine: 'podman', dockerRelease: '5', containerdRelease: '5' }));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.report.engine, 'podman@6');
    assert.equal(r.actor, 'Podman');
  });

  it("asks Docker which store it uses only when the engine is Docker", async () => {
    const port = await closedPort();
    // No daemon.json here, whatever this machine has: the store comes from `docker info`.
    const noDaemonJson: FileSystemView = {
      ...nodeFileSystem,
      readFile: (p: string) => {
        if (p === DAEMON_JSON) throw new FsError('ENOENT', p);
        return nodeFileSystem.readFile(p);
      },
    };
    let asked = 0;
    const dockerInfo = () => (asked++, 'Storage Driver: overlay2\n');
    for (const engine of ['podman', 'containerd'] as const) {
      const r = await handleProbeRequest({ host: 'reg.example.com', connectTo: `127.0.0.1:${port}` }, deps({ engine, dockerStore: 'auto' }, { fs: noDaemonJson, dockerInfo }));
      assert.ok(r.ok, r.ok ? '' : r.message);
    }
    assert.equal(asked, 0);
    const docker = await handleProbeRequest({ host: 'reg.example.com', connectTo: `127.0.0.1:${port}` }, deps({ engine: 'docker', dockerStore: 'auto' }, { fs: noDaemonJson, dockerInfo }));
    assert.ok(docker.ok, docker.ok ? '' : docker.message);
    assert.equal(asked, 1);
  });

  it('passes on an error that is neither a cancellation nor a usage problem, and still lets go of the token', async () => {
    const t = token();
    const lookup = (): Promise<string[]> => {
      throw new Error('the resolver broke');
    };
    await assert.rejects(handleProbeRequest({ host: 'reg.example.com', root: base }, deps({ engine: 'docker', dockerStore: 'graphdriver' }, { lookup }), t as never), /^Error: the resolver broke$/);
    assert.equal(t.disposed, 1);
  });

  it("treats a name that resolves to a loopback address as Docker's insecure registry, and any other answer as not", async () => {
    const port = await closedPort();
    const asked: string[] = [];
    const probeWith = async (lookup: (h: string) => Promise<string[]>) => {
      const r = await handleProbeRequest({ host: 'reg.example.com:5000', root: base, connectTo: `127.0.0.1:${port}` }, deps({ engine: 'docker', dockerStore: 'graphdriver' }, { lookup }), token() as never);
      assert.ok(r.ok, r.ok ? '' : r.message);
      return r.report;
    };
    const loopback = await probeWith(async (h) => (asked.push(h), ['10.1.2.3', '127.0.0.1']));
    assert.deepEqual(asked, ['reg.example.com']);
    assert.deepEqual(loopback.folder, { path: null, tried: [], read: false, skipped: 'loopback' });
    assert.deepEqual(
      loopback.endpoints.map((e) => e.role),
      ['registry', 'fallback'],
    );
    for (const lookup of [async () => ['10.1.2.3'], async () => [], () => Promise.reject(new Error('NXDOMAIN'))]) {
      const r = await probeWith(lookup);
      assert.equal(r.folder.skipped, undefined);
      assert.equal(r.folder.tried.length > 0, true, JSON.stringify(r.folder));
      assert.deepEqual(
        r.endpoints.map((e) => e.role),
        ['registry'],
      );
    }
  });

  it("ends a cancelled Docker probe even when the registry's name lookup never answers", async () => {
    let lookupCalled!: () => void;
    let lookups = 0;
    const called = new Promise<void>((resolve) => (lookupCalled = resolve));
    const lookup = () => {
      lookups++;
      lookupCalled();
      return new Promise<string[]>(() => undefined);
    };
    const pending = Symbol('still waiting for the lookup');
    // Already cancelled when the request arrives.
    const cancelled = handleProbeRequest({ host: 'reg.example.com', root: base }, deps({ engine: 'docker', dockerStore: 'graphdriver' }, { lookup }), token(true) as never);
    // After the lookup was asked and every callback queued by then has run: the probe must have ended.
    const afterLookup = called.then(() => new Promise((resolve) => setImmediate(() => resolve(pending))));
    assert.deepEqual(await Promise.race([cancelled, afterLookup]), { ok: false, message: 'Cancelled.', cancelled: true });
    // Nor is the name looked up at all.
    assert.equal(lookups, 0);
  });

  it('ends a Docker probe cancelled while the name lookup is under way', async () => {
    let lookupCalled!: () => void;
    const called = new Promise<void>((resolve) => (lookupCalled = resolve));
    const lookup = () => {
      lookupCalled();
      return new Promise<string[]>(() => undefined);
    };
    const t = token();
    const pending = Symbol('still waiting for the lookup');
    const running = handleProbeRequest({ host: 'reg.example.com', root: base }, deps({ engine: 'docker', dockerStore: 'graphdriver' }, { lookup }), t as never);
    await called;
    t.cancel();
    const afterCancel = new Promise((resolve) => setImmediate(() => resolve(pending)));
    assert.deepEqual(await Promise.race([running, afterCancel]), { ok: false, message: 'Cancelled.', cancelled: true });
    assert.equal(t.disposed, 1);
  });
});
