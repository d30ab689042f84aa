/**
 * containerd's hosts.toml in a real VS Code (which has no TOML language of its own: the file opens
 * as plain text, and the extension's document selector takes it by name). The workspace's
 * `containerd/certs.d/` root is written by test/e2e/workspace.ts; names come from fixture.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Codes, CommonNames, ContainerdHosts, HOSTS_TOML } from '../fixture';
import { describeActions, quickFixes } from './actions';
import { screenshot } from './config';
import { diagnosticWithCode, noDiagnosticUnder, wholeMessage } from './waits';

function tomlHostDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no folder');
  return path.join(folder.uri.fsPath, 'containerd', 'certs.d', ContainerdHosts.toml);
}

describe('hosts.toml in VS Code', () => {
  before(async () => {
    await vscode.extensions.getExtension('certsd.certsd')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a diagnostic on a key containerd ignores in hosts.toml', async () => {
    const file = path.join(tomlHostDir(), 'hosts.toml');
    const d = await diagnosticWithCode(file, Codes.hostsTomlUnknownKey);
    assert.equal(d.range.start.line, HOSTS_TOML.text.split('\n').findIndex((l) => l.includes(HOSTS_TOML.misspelled)));
    assert.match(wholeMessage(d), /Did you mean "skip_verify"\?/);
  });

  it("shows the certificate's subject in a hover on a ca path", async () => {
    const file = path.join(tomlHostDir(), 'hosts.toml');
    // The diagnostic means the server has checked the folder: one hover request is then enough.
    await diagnosticWithCode(file, Codes.hostsTomlUnknownKey);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const at = new vscode.Position(HOSTS_TOML.caPath.line, HOSTS_TOML.caPath.character);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.ok(text.includes(CommonNames.tomlMirror), `no hover naming ${CommonNames.tomlMirror}; the hover was: ${JSON.stringify(text)}`);
    assert.ok(text.includes('https://mirror-a.example.com:5000/v2'), text);

    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hosts-toml-hover', '.monaco-hover');
  });

  // Written against the add-reference fix of certsd/hosts-toml-shadows (another branch): fails until it is merged.
  it('adds a loose ca.crt to hosts.toml through its quick fix', async () => {
    const dir = tomlHostDir();
    const loose = path.join(dir, 'ca.crt');
    const toml = path.join(dir, 'hosts.toml');
    const diagnostic = await diagnosticWithCode(loose, Codes.hostsTomlShadows);
    const actions = await quickFixes(loose, diagnostic);
    const fix = actions.find((a) => a.edit && a.title.startsWith('Add'));
    assert.ok(fix?.edit, `no quick fix titled "Add ..." with an edit; offered: ${describeActions(actions)}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(toml));
    assert.match(doc.getText(), /^\s*ca = "ca\.crt"\s*$/m, `hosts.toml after the fix:\n${doc.getText()}`);
    await noDiagnosticUnder(dir, Codes.hostsTomlShadows);
    assert.ok(await doc.save(), 'hosts.toml could not be saved');
    assert.match(fs.readFileSync(toml, 'utf8'), /^\s*ca = "ca\.crt"\s*$/m);
  });
});
