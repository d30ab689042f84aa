/** "Open Docker's certs.d folder": the first of Docker's standard folders that exists on this machine. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { standardRoots } from '../../server/out/core/roots';

export async function openDockerCertsDir(): Promise<void> {
  const candidates = standardRoots()
    .filter((r) => r.engine === 'docker')
    .map((r) => r.path);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    void vscode.window.showWarningMessage(`No certs.d folder found. Docker reads ${candidates.join(', ')}; create the one for your setup (rootful Docker on Linux: ${candidates[0]}).`);
    return;
  }
  const uri = vscode.Uri.file(found);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.some((f) => f.uri.fsPath === found)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else if (folders.length === 0) {
    // Adding the first folder would restart the extension host: open it in this window instead.
    await vscode.commands.executeCommand('vscode.openFolder', uri);
  } else {
    vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri });
  }
}
