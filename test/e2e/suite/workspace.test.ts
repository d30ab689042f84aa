/**
 * The harness itself: VS Code opened the workspace the launcher wrote. When this passes and the
 * extension tests fail, look at the extension, not at the launcher.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Hosts } from '../fixture';

describe('e2e harness', () => {
  it('opens the generated workspace as its only folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `expected one workspace folder, got ${folders.map((f) => f.uri.toString()).join(', ') || 'none'}`);
    assert.ok(fs.existsSync(path.join(folders[0].uri.fsPath, 'certs.d', Hosts.good, 'ca.crt')), `${folders[0].uri.fsPath} is not the generated workspace`);
  });
});
