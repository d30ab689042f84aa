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
    void vscode.window.showWarningMessage(vscode.l10n.t('Right-click a DER certificate in the Explorer to convert it to PEM.'));
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
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not convert {0}: nothing was changed.', path.basename(plan.from)));
    return { ok: false, message: vscode.l10n.t('the editor refused the edit') };
  }
  const to = path.basename(plan.to);
  void vscode.window.showInformationMessage(
    plan.keep ? vscode.l10n.t('Wrote {0} in PEM. The DER original is kept as {1}.', to, path.basename(plan.keep)) : vscode.l10n.t('Wrote {0} in PEM.', to),
  );
  return plan;
}
