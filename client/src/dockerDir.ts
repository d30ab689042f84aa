/** "Open Docker's certs.d folder": the first of the standard folders that exists on this machine. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function dockerCertsDirs(): string[] {
  const home = os.homedir();
  if (process.platform === 'win32') return [path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'docker', 'certs.d')];
  if (process.platform === 'darwin') return [path.join(home, '.docker', 'certs.d')];
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  return ['/etc/docker/certs.d', path.join(xdg, 'docker', 'certs.d'), path.join(home, '.docker', 'certs.d')];
}

export async function openDockerCertsDir(): Promise<void> {
  const candidates = dockerCertsDirs();
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    void vscode.window.showWarningMessage(`No certs.d folder found. Docker reads ${candidates.join(', ')}; create the one for your setup (rootful Docker: ${candidates[0]}).`);
    return;
  }
  const uri = vscode.Uri.file(found);
  const already = vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === found);
  if (!already) vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri });
  await vscode.commands.executeCommand('revealInExplorer', uri);
}
