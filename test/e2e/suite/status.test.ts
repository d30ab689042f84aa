/**
 * The language status item ("certs.d: 3 folders, 2 errors"), "Check again" once, and which copy
 * of the extension runs: the repository (development) or the installed .vsix (installed session).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { Hosts } from '../fixture';
import { loadConfig, screenshot } from './config';

const EXTENSION_ID = 'certsd.certsd';
/** client/src/statusItem.ts STATUS_ITEM_COMMAND (not contributed: the suite reads the item through it). */
const STATUS_ITEM_COMMAND = 'certsd.statusItemState';

interface StatusState {
  text: string;
  detail?: string;
  busy: boolean;
  command?: string;
}

const workspaceDir = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe('language status item and the package under test', () => {
  before(async () => {
    // activate() returns once the language client has started: requests can go from here.
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('runs the copy of the extension this session tests (the repository, or the installed .vsix)', () => {
    const { config } = loadConfig();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    if (config?.session === 'installed') {
      assert.ok(config.extensionsDir && ext.extensionPath.startsWith(config.extensionsDir + path.sep), `${ext.extensionPath} is not under ${config.extensionsDir}`);
      assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    } else {
      // Compiled into test/e2e/out/test/e2e/suite: the repository is six folders up.
      assert.equal(ext.extensionPath, path.resolve(__dirname, '..', '..', '..', '..', '..', '..'));
    }
  });

  it('reports how long activation took (for npm run bench)', async () => {
    const times = await vscode.commands.executeCommand<{ activateMs: number; readyMs: number }>('certsd.activationTimes');
    assert.ok(times && times.readyMs >= times.activateMs && times.activateMs > 0, JSON.stringify(times));
    const { config } = loadConfig();
    if (config) fs.writeFileSync(path.join(config.artifactsDir, 'activation.json'), JSON.stringify({ session: config.session ?? 'development', ...times }) + '\n');
  });

  it('says how many folders and errors, names the engines, and opens the Problems panel', async () => {
    const check = () => vscode.commands.executeCommand<StatusState>(STATUS_ITEM_COMMAND);
    await vscode.commands.executeCommand(Commands.recheck);
    const state = await check();
    assert.equal(state.busy, false, 'the check is over once recheck has answered');
    // The workspace (test/e2e/workspace.ts) has host folders under certs.d/ and containerd/certs.d/, several with errors.
    assert.match(state.text, /^certs\.d: \d+ folders, \d+ errors?$/);
    assert.match(state.detail ?? '', /Docker \d+/);
    assert.match(state.detail ?? '', /containerd \d/);
    assert.equal(state.command, 'workbench.actions.view.problems');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspaceDir(), 'certs.d', Hosts.good, 'ca.crt')));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    // The {} of the status bar opens the language status hover: the picture for docs/status.png.
    await screenshot('status', '.hover-language-status, .monaco-hover', 30_000, '[id="status.languageStatus"]');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
