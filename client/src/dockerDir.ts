/** "Open Docker's certs.d folder": the first of Docker's standard folders that exists on this machine (the server knows which they are). */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DockerCertsDirResult, Requests } from '../../server/out/protocol';

export async function openDockerCertsDir(client: LanguageClient | undefined): Promise<void> {
  if (!client) return;
  const { found, candidates } = await client.sendRequest<DockerCertsDirResult>(Requests.dockerCertsDir);
  if (!found) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No certs.d folder found. Docker reads {0}; create the one for your setup (rootful Docker on Linux: {1}).', candidates.join(', '), candidates[0]));
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
