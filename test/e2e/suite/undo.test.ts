/**
 * Undo after a rename quick fix. The README promised "applied by the editor (so Undo works)"; this
 * checks, in a real VS Code, what Edit > Undo does after each kind of rename the fixes make.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Codes, Hosts } from '../fixture';
import { describeActions, quickFixes } from './actions';
import { diagnosticWithCode } from './waits';

function certsDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no folder');
  return path.join(folder.uri.fsPath, 'certs.d');
}

/** Polls the file system (a rename back has no editor event to wait on) until `ok()` or `timeoutMs`. */
async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function applyFix(file: string, code: string, match: (a: vscode.CodeAction) => boolean): Promise<void> {
  const diagnostic = await diagnosticWithCode(file, code);
  const actions = await quickFixes(file, diagnostic);
  const fix = actions.find((a) => a.edit && match(a));
  assert.ok(fix?.edit, `no quick fix for ${code} with an edit; offered: ${describeActions(actions)}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
}

describe('Undo after a rename quick fix', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Undo in the renamed file puts ca.cert back', async () => {
    const hostDir = path.join(certsDir(), Hosts.undoFile);
    const before = path.join(hostDir, 'ca.cert');
    const after = path.join(hostDir, 'ca.crt');
    await applyFix(before, Codes.caAsCert, (a) => /ca\.crt/.test(a.title));
    await until(`${after} to exist`, () => fs.existsSync(after) && !fs.existsSync(before));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(after));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await until(`${before} to come back after Undo`, () => fs.existsSync(before) && !fs.existsSync(after));
  });

  // VS Code keeps a folder rename's undo on the folder's own URI, and only the Explorer's own
  // operations are undone from the Explorer: Edit > Undo in a file of the renamed folder does
  // nothing. The README promises Undo for file renames only; should VS Code start undoing this,
  // this test fails and the README can promise it for folders too.
  it('Undo in a file of the renamed folder does not put the :443 folder back (VS Code cannot)', async () => {
    const certs = certsDir();
    const before = path.join(certs, Hosts.undoFolder);
    const after = path.join(certs, Hosts.undoFolderFixed);
    await applyFix(path.join(before, 'ca.crt'), Codes.port443, (a) => a.title.includes(Hosts.undoFolderFixed));
    await until(`${after} to exist`, () => fs.existsSync(after) && !fs.existsSync(before));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(after, 'ca.crt')));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('undo');
    // Nothing to wait for when nothing happens: the file renames above came back within 1.5 s.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.ok(fs.existsSync(after) && !fs.existsSync(before), `VS Code undid the folder rename: ${before} is back. Update the README (Undo works for folder renames too) and this test.`);
  });
});
