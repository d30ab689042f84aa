/**
 * "Convert DER certificate to PEM" from the explorer: VS Code opens no DER file as text, so the
 * quick fix cannot be reached there. The server plans it (what to keep, what to create); the
 * editor applies it as one WorkspaceEdit, so Undo restores the original.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DerToPemPlan, Requests } from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';

export async function convertDerToPem(client: LanguageClient, uri?: vscode.Uri): Promise<DerToPemPlan | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showWarningMessage('Right-click a DER certificate in the Explorer to convert it to PEM.');
    return undefined;
  }
  const plan = await client.sendRequest<DerToPemPlan>(Requests.derToPem, { path: target.fsPath });
  if (!plan.ok) {
    if (plan.shellCommand) await copyShellCommand({ message: plan.message, command: plan.shellCommand });
    else void vscode.window.showErrorMessage(plan.message);
    return plan;
  }
  const edit = new vscode.WorkspaceEdit();
  if (plan.keep) edit.renameFile(vscode.Uri.file(plan.from), vscode.Uri.file(plan.keep), { overwrite: false, ignoreIfExists: false });
  edit.createFile(vscode.Uri.file(plan.to), { overwrite: false, ignoreIfExists: false, contents: Buffer.from(plan.pem, 'utf8') });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not convert ${path.basename(plan.from)}: nothing was changed.`);
    return { ok: false, message: 'the editor refused the edit' };
  }
  const kept = plan.keep ? ` The DER original is kept as ${path.basename(plan.keep)}.` : '';
  void vscode.window.showInformationMessage(`Wrote ${path.basename(plan.to)} in PEM.${kept}`);
  return plan;
}
