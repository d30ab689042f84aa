/**
 * File actions in a real VS Code: the Explorer's context keys from the server's findings, "Delete
 * ca.key" from its code lens with the modal confirmation answered (or dismissed) through the
 * test-only command the extension registers in ExtensionMode.Test, and DER -> PEM leaving a DER
 * original that is information, not a warning.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, type ExplorerFilesParams } from '../../../server/src/protocol';
import { Codes, Hosts, TEST_HOOKS_TITLE } from '../fixture';
import { screenshot } from './config';
import { codeOf, diagnosticsOf, diagnosticWithCode, untilDiagnostics } from './waits';

const ANSWER = 'certsd.test.answerNextConfirmation';
const EXPLORER_FILES = 'certsd.test.explorerFiles';

function certsDir(): string {
  return path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'certs.d');
}

async function lensesOf(file: string): Promise<vscode.CodeLens[]> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
}

/** The lists the client last set as context keys, once `until` holds (they follow each check). */
async function explorerFiles(until: (p: ExplorerFilesParams) => boolean): Promise<ExplorerFilesParams> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = await vscode.commands.executeCommand<ExplorerFilesParams>(EXPLORER_FILES);
    if (until(p)) return p;
    if (Date.now() > deadline) throw new Error(`context keys never became as expected: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('file actions the findings call for', () => {
  before(async () => {
    await vscode.extensions.getExtension('certsd.certsd')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it(`sets the Explorer keys: DER certificates to convert, files to delete ${TEST_HOOKS_TITLE}`, async () => {
    const der = path.join(certsDir(), Hosts.derConvert, 'ca.crt');
    const key = path.join(certsDir(), Hosts.serverKey, 'ca.key');
    await diagnosticWithCode(key, Codes.serverKey);
    const p = await explorerFiles((x) => x.derCertificates.includes(der) && x.deletableFiles.includes(key));
    // Not on every .crt: the good CA is no DER certificate.
    assert.ok(!p.derCertificates.includes(path.join(certsDir(), Hosts.good, 'ca.crt')), JSON.stringify(p));
  });

  it(`offers "Delete ca.key" instead of Generate, keeps the file when the confirmation is dismissed, deletes it when confirmed ${TEST_HOOKS_TITLE}`, async () => {
    const key = path.join(certsDir(), Hosts.serverKey, 'ca.key');
    await diagnosticWithCode(key, Codes.serverKey);
    const lenses = await lensesOf(key);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(!titles.some((t) => t?.startsWith('Generate')), JSON.stringify(titles));
    const del = lenses.find((l) => l.command?.title === 'Delete ca.key');
    assert.ok(del?.command, JSON.stringify(titles));
    assert.equal(del.command.command, Commands.deleteFile);
    // The lenses as the editor draws them: the short verdict, then Delete and Move out.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(key)));
    await screenshot('lens-server-key', '.codelens-decoration a');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await vscode.commands.executeCommand(ANSWER, undefined);
    assert.equal(await vscode.commands.executeCommand(del.command.command, ...(del.command.arguments ?? [])), false);
    assert.ok(fs.existsSync(key), 'dismissing the confirmation deleted the key');

    await vscode.commands.executeCommand(ANSWER, 'Delete');
    assert.equal(await vscode.commands.executeCommand(del.command.command, ...(del.command.arguments ?? [])), true);
    assert.ok(!fs.existsSync(key), 'the key is still there');
    await untilDiagnostics('the server-key problem to go', () => (diagnosticsOf(key).some((d) => codeOf(d) === Codes.serverKey) ? undefined : true));
    await explorerFiles((x) => !x.deletableFiles.includes(key));
  });

  it(`converts a DER certificate from the Explorer command, and the kept original is information with a delete action ${TEST_HOOKS_TITLE}`, async () => {
    const dir = path.join(certsDir(), Hosts.derConvert);
    const crt = path.join(dir, 'ca.crt');
    await diagnosticWithCode(crt, Codes.caUnusable);
    await vscode.commands.executeCommand(Commands.convertDerToPem, vscode.Uri.file(crt));
    const original = path.join(dir, 'ca.der');
    const d = await diagnosticWithCode(original, Codes.derOriginal);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(!diagnosticsOf(original).some((x) => codeOf(x) === 'ignored-extension'), 'ignored-extension left behind');
    assert.ok(fs.readFileSync(crt, 'utf8').startsWith('-----BEGIN CERTIFICATE-----'));
    const p = await explorerFiles((x) => x.deletableFiles.includes(original));
    assert.ok(!p.derCertificates.includes(original) && !p.derCertificates.includes(crt), JSON.stringify(p));
    // From the Explorer (a Uri, as its context menu passes), confirmed.
    await vscode.commands.executeCommand(ANSWER, 'Delete');
    assert.equal(await vscode.commands.executeCommand(Commands.deleteFile, vscode.Uri.file(original)), true);
    assert.ok(!fs.existsSync(original));
  });
});
