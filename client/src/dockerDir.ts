/**
 * "Open Docker's certs.d folder": the first of Docker's standard folders that exists on this machine
 * (the server knows which they are). When none does, offers to create the one Docker's setup reads:
 * the editor makes it where the user may write, else the sudo command is copied for a terminal.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DockerCertsDirResult, Requests } from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';
import { trustedForWrites } from './trust';

export async function openDockerCertsDir(client: LanguageClient | undefined): Promise<void> {
  if (!client) return;
  const { found, candidates, create } = await client.sendRequest<DockerCertsDirResult>(Requests.dockerCertsDir);
  if (!found) {
    const message = vscode.l10n.t('No certs.d folder found. Docker reads {0}; create the one for your setup (rootful Docker on Linux: {1}).', candidates.join(', '), candidates[0]);
    if (!create || create.blocked) {
      void vscode.window.showWarningMessage(create?.blocked ? `${message} ${create.blocked}` : message);
      return;
    }
    const createIt = vscode.l10n.t('Create {0}', create.path);
    if ((await vscode.window.showWarningMessage(message, createIt)) !== createIt || !trustedForWrites()) return;
    if (create.shellCommand) {
      await copyShellCommand({ message: vscode.l10n.t('{0} belongs to root: create {1} with sudo, then run this command again.', create.missing[0] ? parentOf(create.missing[0]) : create.path, create.path), command: create.shellCommand });
      return;
    }
    try {
      // One by one, outermost first, each without -p: something that appeared since the server looked is an error, not reused.
      for (const dir of create.missing) await fs.promises.mkdir(dir, { mode: 0o755 });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not create {0}: {1}', create.path, (e as Error).message));
      return;
    }
    await client.sendRequest(Requests.recheck);
    return open(create.path);
  }
  return open(found);
}

const parentOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '') || '/';

async function open(dir: string): Promise<void> {
  const uri = vscode.Uri.file(dir);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.some((f) => f.uri.fsPath === dir)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else if (folders.length === 0) {
    // Adding the first folder would restart the extension host: open it in this window instead.
    await vscode.commands.executeCommand('vscode.openFolder', uri);
  } else {
    vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri });
  }
}
