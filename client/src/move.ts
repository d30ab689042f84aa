/**
 * Renames and moves the server planned (certsd/planMove): applied as a WorkspaceEdit that never
 * overwrites, so Undo works; where root owns the folder, the plan's sudo command is offered instead.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { MoveParams, MovePlan, Requests } from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';

/** True when the editor made the move. */
export async function applyMove(client: LanguageClient, from: string, to: string): Promise<boolean> {
  const params: MoveParams = { from, to };
  const plan = await client.sendRequest<MovePlan>(Requests.planMove, params);
  if (!plan.ok) {
    if (plan.shellCommand) await copyShellCommand({ message: plan.message, command: plan.shellCommand });
    else void vscode.window.showErrorMessage(plan.message);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(vscode.Uri.file(plan.from), vscode.Uri.file(plan.to), { overwrite: false, ignoreIfExists: false });
  if (await vscode.workspace.applyEdit(edit)) return true;
  void vscode.window.showErrorMessage(
    path.dirname(from) === path.dirname(to)
      ? vscode.l10n.t('Could not rename {0} to {1}: nothing was changed.', path.basename(from), path.basename(to))
      : vscode.l10n.t('Could not move {0} to {1}: nothing was changed.', path.basename(from), path.dirname(to)),
  );
  return false;
}
