/**
 * The extension inside a real VS Code: what only the editor shows. The workspace is the one
 * test/e2e/workspace.ts writes; names come from fixture.ts.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE, type GenerateClientPairParams } from '../../../server/src/protocol';
import { Codes, CommonNames, Hosts } from '../fixture';
import { screenshot } from './config';
import { describeActions, quickFixes } from './actions';
import { codeOf, diagnosticWithCode, noDiagnosticUnder, wholeMessage } from './waits';

const EXTENSION_ID = 'certsd.certsd';

function certsDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no folder: the launcher passes the workspace as the folder to open');
  return path.join(folder.uri.fsPath, 'certs.d');
}

describe('certs.d extension in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded: the launcher passes this repository as extensionDevelopmentPath`);
    // Throws if client/out/extension.js is missing or its activate() fails.
    await ext.activate();
  });

  after(async () => {
    // The hover of the hover test would still cover the editor.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-after-fixes', '.markers-panel');
  });

  it("shows the manifest's titles from package.nls.json, not its %keys%", () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; title: string }[] } };
    const titles = manifest.contributes.commands.map((c) => c.title);
    assert.ok(titles.every((t) => !/^%.*%$/.test(t)), titles.join(' | '));
    assert.equal(manifest.contributes.commands.find((c) => c.command === Commands.recheck)?.title, 'Check certs.d folders again');
  });

  it('reports mistakes in files that were never opened', async () => {
    const certs = certsDir();
    const caAsCert = path.join(certs, Hosts.caAsCert, 'ca.cert');
    const der = path.join(certs, Hosts.der, 'ca.crt');
    const d = await diagnosticWithCode(caAsCert, Codes.caAsCert);
    assert.equal(d.source, DIAGNOSTIC_SOURCE);
    const dd = await diagnosticWithCode(der, Codes.caUnusable);
    assert.equal(dd.source, DIAGNOSTIC_SOURCE);
    const opened = vscode.workspace.textDocuments.map((doc) => doc.uri.fsPath);
    assert.ok(!opened.includes(caAsCert) && !opened.includes(der), `the files were opened by someone: ${opened.join(', ')}`);
    // Every problem of the workspace, before any fix: the picture the README shows.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems', '.markers-panel');
  });

  it("shows the certificate's subject in a hover on its PEM block", async () => {
    // A diagnostic from the server means the language client is running, its hover provider is
    // registered and the first full check has been published: one hover request is then enough.
    // (The DER CA is a mistake no test fixes, so its diagnostic is there whatever ran before.)
    await diagnosticWithCode(path.join(certsDir(), Hosts.der, 'ca.crt'), Codes.caUnusable);
    const file = path.join(certsDir(), Hosts.good, 'ca.crt');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    // Line 0 is `-----BEGIN CERTIFICATE-----`; line 1 is the first line of base64 inside the block.
    const inside = new vscode.Position(1, 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, inside);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.ok(text.includes(CommonNames.goodCa), `no hover naming ${CommonNames.goodCa}; the hover was: ${JSON.stringify(text)}`);

    editor.selection = new vscode.Selection(inside, inside);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', '.monaco-hover');
  });

  it('renames a CA saved as .cert to ca.crt through its quick fix', async () => {
    const hostDir = path.join(certsDir(), Hosts.caAsCert);
    const file = path.join(hostDir, 'ca.cert');
    const diagnostic = await diagnosticWithCode(file, Codes.caAsCert);
    const actions = await quickFixes(file, diagnostic);
    const fix = actions.find((a) => a.edit && /ca\.crt/.test(a.title));
    assert.ok(fix?.edit, `no quick fix titled like "Rename to ca.crt" with an edit; offered: ${describeActions(actions)}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
    assert.ok(fs.existsSync(path.join(hostDir, 'ca.crt')), `${hostDir}/ca.crt does not exist after the fix`);
    assert.ok(!fs.existsSync(file), `${file} still exists after the fix`);
    await noDiagnosticUnder(hostDir, Codes.caAsCert);
  });

  it('renames a host:443 folder to the bare host through its quick fix', async () => {
    const certs = certsDir();
    const hostDir = path.join(certs, Hosts.port443);
    const fixedDir = path.join(certs, Hosts.port443Fixed);
    const diagnostic = await diagnosticWithCode(path.join(hostDir, 'ca.crt'), Codes.port443);
    const actions = await quickFixes(path.join(hostDir, 'ca.crt'), diagnostic);
    const fix = actions.find(
      (a) => a.edit && (a.title.includes(Hosts.port443Fixed) || (a.diagnostics ?? []).some((d) => codeOf(d) === Codes.port443)),
    );
    assert.ok(fix?.edit, `no quick fix for ${Codes.port443} with an edit; offered: ${describeActions(actions)}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
    assert.ok(fs.existsSync(path.join(fixedDir, 'ca.crt')), `${fixedDir}/ca.crt does not exist after the fix`);
    assert.ok(!fs.existsSync(hostDir), `${hostDir} still exists after the fix`);
    // Only this folder's: the undo suite's :443 folder keeps its own until that suite runs.
    await noDiagnosticUnder(hostDir, Codes.port443);
  });

  it('converts a DER ca.crt to PEM with the explorer command, keeping the original as ca.der', async () => {
    const hostDir = path.join(certsDir(), Hosts.der);
    const file = path.join(hostDir, 'ca.crt');
    const der = fs.readFileSync(file);
    const diagnostic = await diagnosticWithCode(file, Codes.caUnusable);
    // VS Code will not open a DER file as text, so no quick fix can be asked for: the message points to the command.
    assert.match(wholeMessage(diagnostic), /Convert DER certificate to PEM/);
    await vscode.commands.executeCommand(Commands.convertDerToPem, vscode.Uri.file(file));
    const pem = fs.readFileSync(file, 'utf8');
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(new crypto.X509Certificate(pem).fingerprint256, new crypto.X509Certificate(der).fingerprint256);
    assert.deepEqual(fs.readFileSync(path.join(hostDir, 'ca.der')), der);
    await noDiagnosticUnder(hostDir, Codes.caUnusable);
  });

  it('generates a client key and certificate that belong together', async () => {
    const hostPath = path.join(certsDir(), Hosts.noClientPair);
    const key = path.join(hostPath, 'client.key');
    const cert = path.join(hostPath, 'client.cert');
    assert.ok(!fs.existsSync(key) && !fs.existsSync(cert), `${hostPath} already has a client pair`);
    // Every parameter given, so the client asks nothing.
    const params: GenerateClientPairParams = {
      hostPath,
      baseName: 'client',
      algorithm: 'ecdsa-p256',
      commonName: 'e2e',
      validityDays: 365,
      mode: 'self-signed',
    };
    const result = await vscode.commands.executeCommand<unknown>(Commands.generateClientPair, params);

    assert.ok(fs.existsSync(key), `no ${key} once the command finished; it returned ${JSON.stringify(result)}`);
    assert.ok(fs.existsSync(cert), `no ${cert} once the command finished; it returned ${JSON.stringify(result)}`);
    assert.equal((fs.statSync(key).mode & 0o777).toString(8), '600', 'client.key must be readable by its owner only');
    const x509 = new crypto.X509Certificate(fs.readFileSync(cert));
    assert.ok(x509.checkPrivateKey(crypto.createPrivateKey(fs.readFileSync(key))), 'client.cert does not match client.key');
  });
});
