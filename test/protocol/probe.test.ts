/**
 * "Test connection" over LSP, the real server in-process: the lens on a host folder's files
 * (hosts.toml included) only in a trusted workspace, the lens appearing once trust is granted,
 * the certsd/probe request against a TLS server on 127.0.0.1, and $/cancelRequest closing the
 * connection.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { CancellationTokenSource, CodeLens, CodeLensRefreshRequest, CodeLensRequest, ResponseError } from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { Commands, MANAGE_TRUST_COMMAND, HostFolder, Notifications, ProbeRequestParams, ProbeResponse, Requests, RESTRICTED_MODE_PROBE_MESSAGE, TestConnectionArgs, WorkspaceTrustParams } from '../../server/src/protocol';
import { startTestServer, TestClient } from '../helpers/lsp';
import { serverCert } from '../helpers/pki';
import { makeProbePki, ProbePki, startSilentServer, startTlsServer, TestServer } from '../helpers/probeServers';
import { tempTrees } from '../helpers/tree';

const TEST_CONNECTION = 'Test connection';
const HOST = 'reg.lsp-probe.test';

describe('Test connection over LSP (in-process)', function () {
  this.timeout(30_000);
  const tree = tempTrees();
  let pki: ProbePki;
  let good: TestServer;
  let base: string;
  let root: string;
  const clients: TestClient[] = [];
  const at = (...p: string[]) => path.join(root, ...p);

  before(async () => {
    pki = await makeProbePki();
    good = await startTlsServer({ chain: [await serverCert(pki.intermediate, HOST, { key: pki.serverKey }), pki.intermediate], key: pki.serverKey });
    const t = tree({
      etc: {
        containerd: {
          'certs.d': {
            [`${HOST}:5000`]: { 'ca.crt': pki.root.pem },
            [`${HOST}_5001_`]: { 'ca.crt': pki.otherRoot.pem },
            [`toml.${HOST}`]: { 'hosts.toml': `server = "https://toml.${HOST}"\n\n[host."https://toml.${HOST}"]\n  ca = "ca.crt"\n`, 'ca.crt': pki.root.pem },
            _default: { 'hosts.toml': '[host."https://mirror.example.com"]\n  capabilities = ["pull"]\n' },
          },
        },
      },
    });
    base = t.base;
    root = t.path('etc', 'containerd', 'certs.d');
  });
  afterEach(() => clients.splice(0).forEach((c) => c.dispose()));
  after(() => good.close());

  async function start(trusted: boolean | undefined, codeLensRefresh = false): Promise<TestClient> {
    const { client } = await startTestServer(base, { initializationOptions: trusted === undefined ? {} : { workspaceTrusted: trusted }, codeLensRefresh });
    clients.push(client);
    return client;
  }

  const lensesOf = async (c: TestClient, file: string): Promise<CodeLens[]> => (await c.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(file) } })) ?? [];
  const titles = (ls: CodeLens[]) => ls.map((l) => l.command?.title);

  it("puts a Test connection lens on every file of a host folder in a trusted workspace, hosts.toml included, and leaves the other lenses as they were", async () => {
    const trusted = await start(true);
    const untrusted = await start(undefined);
    for (const file of [at(`${HOST}:5000`, 'ca.crt'), at(`toml.${HOST}`, 'hosts.toml'), at(`toml.${HOST}`, 'ca.crt')]) {
      const withTest = await lensesOf(trusted, file);
      const test = withTest.filter((l) => l.command?.title === TEST_CONNECTION);
      assert.equal(test.length, 1, `${file}: ${JSON.stringify(titles(withTest))}`);
      assert.equal(test[0].command!.command, Commands.testConnection);
      const args: TestConnectionArgs = { hostPath: path.dirname(file) };
      assert.deepEqual(test[0].command!.arguments, [args]);
      assert.deepEqual(test[0].range.start, { line: 0, character: 0 });
      const without = await lensesOf(untrusted, file);
      assert.ok(without.length > 0, `${file}: no lens at all`);
      // Restricted Mode keeps the verdicts and says, in place of the test, that it waits for trust.
      const information = (ls: CodeLens[]) => ls.filter((l) => !l.command?.command);
      assert.deepEqual(information(withTest), information(without), `${file}: the other lenses changed`);
      assert.deepEqual(without.filter((l) => l.command?.command).map((l) => l.command!.command), [MANAGE_TRUST_COMMAND], `${file}: ${JSON.stringify(titles(without))}`);
    }
  });

  it("offers no test for containerd's _default, which stands for no registry", async () => {
    const trusted = await start(true);
    const lenses = await lensesOf(trusted, at('_default', 'hosts.toml'));
    assert.ok(lenses.length > 0);
    assert.ok(!titles(lenses).includes(TEST_CONNECTION), JSON.stringify(titles(lenses)));
    const hosts = await trusted.connection.sendRequest<HostFolder[]>(Requests.listHostFolders);
    const ref = (name: string) => hosts.find((h) => h.name === name)?.reference;
    assert.equal(ref('_default'), null);
    assert.equal(ref(`${HOST}_5001_`), `${HOST}:5001`);
    assert.equal(ref(`${HOST}:5000`), `${HOST}:5000`);
  });

  it('offers nothing and connects nowhere when the client does not say the workspace is trusted', async () => {
    let connections = 0;
    const counter = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => counter.listen(0, '127.0.0.1', () => r()));
    try {
      for (const trust of [undefined, false]) {
        const c = await start(trust);
        assert.ok(!titles(await lensesOf(c, at(`${HOST}:5000`, 'ca.crt'))).includes(TEST_CONNECTION));
        const params: ProbeRequestParams = { hostPath: at(`${HOST}:5000`), connectTo: `127.0.0.1:${(counter.address() as net.AddressInfo).port}` };
        const r = await c.connection.sendRequest<ProbeResponse>(Requests.probe, params);
        assert.deepEqual(r, { ok: false, message: RESTRICTED_MODE_PROBE_MESSAGE });
      }
      assert.equal(connections, 0);
    } finally {
      await new Promise<void>((r) => counter.close(() => r()));
    }
  });

  it('asks the editor to refresh its lenses once the workspace is trusted, and then offers the test', async () => {
    const c = await start(false, true);
    const file = at(`${HOST}:5000`, 'ca.crt');
    assert.ok(!titles(await lensesOf(c, file)).includes(TEST_CONNECTION));
    const refreshed = new Promise<void>((resolve) => c.connection.onRequest(CodeLensRefreshRequest.type, () => resolve()));
    const trust: WorkspaceTrustParams = { trusted: true };
    await c.connection.sendNotification(Notifications.workspaceTrust, trust);
    await refreshed;
    assert.ok(titles(await lensesOf(c, file)).includes(TEST_CONNECTION));
  });

  it('tests the connection of a host folder: the report, the verdict and the text', async () => {
    const c = await start(true);
    const ok = await c.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath: at(`${HOST}:5000`), connectTo: `127.0.0.1:${good.port}` } satisfies ProbeRequestParams);
    assert.ok(ok.ok, ok.ok ? '' : ok.message);
    assert.equal(ok.report.ok, true, ok.report.error ?? '');
    assert.equal(ok.report.http.status, 401);
    assert.equal(ok.report.tls?.verified, true);
    assert.equal(ok.report.folder.path, at(`${HOST}:5000`));
    assert.match(ok.verdict, /^containerd reaches .* the registry answered \(HTTP 401\), the chain was verified through "CN=Probe Root CA" \(ca\.crt\)/);
    assert.match(ok.text, /chain the server sent:/);

    // containerd's host_port_ folder stands for host:port; its CA is another one.
    const bad = await c.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath: at(`${HOST}_5001_`), connectTo: `127.0.0.1:${good.port}` } satisfies ProbeRequestParams);
    assert.ok(bad.ok);
    assert.equal(bad.report.host, `${HOST}:5001`);
    assert.equal(bad.report.error, 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
  });

  it('closes the connection when the editor cancels the request', async () => {
    const c = await start(true);
    const silent = await startSilentServer();
    try {
      const source = new CancellationTokenSource();
      const started = Date.now();
      const pending = c.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath: at(`${HOST}:5000`), connectTo: `127.0.0.1:${silent.port}`, timeoutSeconds: 30 } satisfies ProbeRequestParams, source.token);
      setTimeout(() => source.cancel(), 150);
      const answer = await pending.then(
        (r) => r,
        (e: unknown) => e,
      );
      const elapsed = Date.now() - started;
      // Either the server's own answer or the protocol's "request cancelled", well before the 30 s timeout.
      if (answer instanceof ResponseError) assert.equal(answer.code, -32800, answer.message);
      else assert.deepEqual(answer, { ok: false, message: 'Cancelled.', cancelled: true });
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
    } finally {
      await silent.close();
    }
  });
});
