/**
 * "Test connection" in a real VS Code: a registry-like TLS server started here, in the extension
 * host, on 127.0.0.1 (test/helpers/probeServers.ts, certificates generated now), two host folders
 * written into the workspace's Docker root (one trusting the server's CA, one another CA), the
 * lens the server offers on their files, and the command run with the lens's arguments plus a
 * connect-to address, so that nothing is asked. The connection is made only by the command.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, Settings, type TestConnectionArgs, type TestConnectionResult } from '../../../server/src/protocol';
import { ecKey, issuedBy, selfSignedCa, serverCert } from '../../helpers/pki';
import { startSilentServer, startTlsServer, type TestServer } from '../../helpers/probeServers';
import { loadConfig, screenshot } from './config';
import { diagnosticWithCode } from './waits';

const DAY = 86_400_000;
const GOOD = 'probe-good.e2e.test:5000';
const WRONG_CA = 'probe-wrongca.e2e.test:5000';
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
/** A CA that expires within certsd.expiryWarningDays: its certsd/expiring diagnostic says the server has checked the new folder. */
const EXPIRING = 'expiring';

function certsDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no folder');
  return path.join(folder.uri.fsPath, 'certs.d');
}

type Ok = Extract<NonNullable<TestConnectionResult>, { ok: true }>;

function okResult(r: TestConnectionResult): Ok {
  assert.ok(r, 'the command returned nothing (did it ask a question?)');
  assert.ok(r.ok, `the command did not test: ${r.ok ? '' : r.message}`);
  return r;
}

describe('Test connection in VS Code', () => {
  let server: TestServer;
  let goodDir: string;
  let wrongDir: string;
  const timings: Record<string, number> = {};

  before(async () => {
    await vscode.extensions.getExtension('certsd.certsd')?.activate();
    const root = await selfSignedCa({ commonName: 'E2E Probe Root CA', key: ecKey('P-256', 31), notAfter: new Date(Date.now() + 10 * DAY) });
    const intermediate = await issuedBy(root, { commonName: 'E2E Probe Intermediate CA', ca: true, key: ecKey('P-256', 32) });
    const other = await selfSignedCa({ commonName: 'E2E Some Other Root CA', key: ecKey('P-256', 33), notAfter: new Date(Date.now() + 10 * DAY) });
    const serverKey = ecKey('P-256', 34);
    const hostNames = [GOOD, WRONG_CA].map((h) => h.split(':')[0]);
    const leaf = await serverCert(intermediate, hostNames[0], { key: serverKey, sans: hostNames });
    server = await startTlsServer({ chain: [leaf, intermediate], key: serverKey });
    goodDir = path.join(certsDir(), GOOD);
    wrongDir = path.join(certsDir(), WRONG_CA);
    for (const [dir, ca] of [[goodDir, root], [wrongDir, other]] as const) {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'ca.crt'), ca.pem);
    }
  });

  after(async () => {
    await server?.close();
    const { config } = loadConfig();
    if (config) fs.writeFileSync(path.join(config.artifactsDir, 'probe-timings.json'), JSON.stringify(timings, null, 2) + '\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers "Test connection" as a lens on the files of a host folder', async () => {
    const file = path.join(goodDir, 'ca.crt');
    await diagnosticWithCode(file, EXPIRING);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    const lens = lenses.find((l) => l.command?.title === 'Test connection');
    assert.ok(lens?.command, `no "Test connection" lens on ${file}; lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.equal(lens.command.command, Commands.testConnection);
    const args = lens.command.arguments?.[0] as TestConnectionArgs | undefined;
    assert.equal(args?.hostPath, goodDir);
  });

  it('tests a folder that trusts the registry\'s CA: the registry answered and the chain was verified', async () => {
    await diagnosticWithCode(path.join(goodDir, 'ca.crt'), EXPIRING);
    const args: TestConnectionArgs = { hostPath: goodDir, connectTo: `127.0.0.1:${server.port}` };
    const started = Date.now();
    const r = okResult(await vscode.commands.executeCommand<TestConnectionResult>(Commands.testConnection, args));
    timings.commandMillis = Date.now() - started;
    timings.probeMillis = r.report.millis;
    console.log(`[e2e] Test connection ${GOOD}: ${r.report.millis} ms in the probe, ${timings.commandMillis} ms for the command`);

    assert.equal(r.report.ok, true, r.report.error ?? '');
    assert.ok([200, 401].includes(r.report.http.status ?? 0), `HTTP ${r.report.http.status}`);
    assert.equal(r.report.tls?.verified, true);
    assert.equal(r.report.tls?.anchor?.path, path.join(goodDir, 'ca.crt'));
    assert.match(r.verdict, /reaches probe-good\.e2e\.test:5000: the registry answered \(HTTP (200|401)\), the chain was verified through "CN=E2E Probe Root CA" \(ca\.crt\)/);
    // `text` is what the command wrote to the output channel "certs.d: connection test" (VS Code 1.100
    // exposes no output channel's content to extensions, so the returned copy is what is checked).
    for (const shown of [/chain the server sent:/, /E2E Probe Intermediate CA/, /name probe-good\.e2e\.test: matches/, /HTTP 401/, /OK: the registry answered/]) {
      assert.match(r.text, shown);
    }
    await screenshot('test-connection-ok', '.notification-toast');
  });

  it("shows Go's error when the folder trusts another CA", async () => {
    await diagnosticWithCode(path.join(wrongDir, 'ca.crt'), EXPIRING);
    const args: TestConnectionArgs = { hostPath: wrongDir, connectTo: `127.0.0.1:${server.port}` };
    const r = okResult(await vscode.commands.executeCommand<TestConnectionResult>(Commands.testConnection, args));
    assert.equal(r.report.ok, false);
    assert.equal(r.report.error, `tls: failed to verify certificate: ${UNKNOWN_AUTHORITY}`);
    assert.ok(r.verdict.includes(UNKNOWN_AUTHORITY), r.verdict);
    assert.match(r.text, new RegExp(`FAILED: tls: failed to verify certificate: ${UNKNOWN_AUTHORITY}`));
    assert.match(r.text, /E2E Probe Intermediate CA/, 'the chain the server sent is listed on failure too');
    assert.match(r.text, /advice:\n- .*E2E Some Other Root CA/);
    await screenshot('test-connection-wrong-ca', '.notification-toast');
  });

  it('gives up after certsd.probeTimeoutSeconds on a server that never answers', async () => {
    const silent = await startSilentServer();
    const config = vscode.workspace.getConfiguration(Settings.section);
    await config.update(Settings.probeTimeoutSeconds, 1, vscode.ConfigurationTarget.Global);
    try {
      const started = Date.now();
      const r = okResult(await vscode.commands.executeCommand<TestConnectionResult>(Commands.testConnection, { hostPath: goodDir, connectTo: `127.0.0.1:${silent.port}` } satisfies TestConnectionArgs));
      const elapsed = Date.now() - started;
      assert.equal(r.report.error, 'net/http: TLS handshake timeout');
      // One second for the handshake, not the default ten.
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    } finally {
      await config.update(Settings.probeTimeoutSeconds, undefined, vscode.ConfigurationTarget.Global);
      await silent.close();
    }
  });
});
