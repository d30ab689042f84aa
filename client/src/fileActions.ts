/**
 * The file actions the server's findings offer (server/src/core/actions.ts): "Delete <file>" after
 * a modal confirmation, "Move <file> out of certs.d" to a place the user picks, and the Explorer's
 * context keys (certsd.derCertificates, certsd.deletableFiles) that show the Explorer's commands
 * only on the files they apply to. Registered from extension.ts in one line.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { whenTrusted } from './trust';
import { LanguageClient } from 'vscode-languageclient/node';
import { Commands, ContextKeys, DeleteFileArgs, DeleteParams, DeletePlan, ExplorerFilesParams, MoveOutArgs, Notifications, Requests } from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';
import { applyMove } from './move';

/**
 * Answers the editor suite queued for the next confirmations. Only the suite can fill it: the
 * command that does is registered only when VS Code runs the extension's tests
 * (ExtensionMode.Test, from --extensionTestsPath), never in a user's editor.
 */
const testAnswers: (string | undefined)[] = [];
const TEST_ANSWER_COMMAND = 'certsd.test.answerNextConfirmation';
/** Test mode only, too: the lists last set as context keys (VS Code has no API to read a context key back). */
const TEST_EXPLORER_FILES_COMMAND = 'certsd.test.explorerFiles';
let lastExplorerFiles: ExplorerFilesParams = { derCertificates: [], deletableFiles: [] };

async function confirm(message: string, detail: string, button: string): Promise<boolean> {
  const answer = testAnswers.length ? testAnswers.shift() : await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  return answer === button;
}

/** True when the file was deleted by the editor. From a lens or quick fix (DeleteFileArgs) or the Explorer (a Uri). */
export async function deleteFile(client: LanguageClient, arg?: DeleteFileArgs | vscode.Uri): Promise<boolean> {
  const file = arg instanceof vscode.Uri ? arg.fsPath : arg?.path;
  if (typeof file !== 'string') return false;
  const why = arg instanceof vscode.Uri ? vscode.l10n.t('certs.d found that no engine needs it (see its problem in the Problems panel).') : String(arg?.why ?? '');
  const name = path.basename(file);
  if (!(await confirm(vscode.l10n.t('Delete {0}?', name), `${why}\n\n${file}`, vscode.l10n.t('Delete')))) return false;
  const params: DeleteParams = { path: file };
  const plan = await client.sendRequest<DeletePlan>(Requests.planDelete, params);
  if (!plan.ok) {
    if (plan.shellCommand) await copyShellCommand({ message: plan.message, command: plan.shellCommand });
    else void vscode.window.showErrorMessage(plan.message);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(vscode.Uri.file(plan.path), { recursive: false, ignoreIfNotExists: false });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete {0}: nothing was changed.', name));
    return false;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0}.', name));
  return true;
}

/** Somewhere outside the certs.d folder, picked by the user (never over an existing file: planMove refuses). */
export async function moveOutOfCertsd(client: LanguageClient, arg?: MoveOutArgs): Promise<boolean> {
  const file = arg?.path;
  if (typeof file !== 'string') return false;
  const name = path.basename(file);
  const root = path.dirname(path.dirname(file));
  const target = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Move {0} out of certs.d', name), defaultUri: vscode.Uri.file(path.join(os.homedir(), name)), saveLabel: vscode.l10n.t('Move here') });
  if (!target) return false;
  if (target.fsPath === root || target.fsPath.startsWith(root + path.sep)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is inside {1}, where the engines would still read it: pick a place outside.', target.fsPath, root));
    return false;
  }
  return applyMove(client, file, target.fsPath);
}

export function registerFileActions(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.deleteFile, whenTrusted((arg?: DeleteFileArgs | vscode.Uri) => deleteFile(client, arg))),
    vscode.commands.registerCommand(Commands.moveOutOfCertsd, whenTrusted((arg?: MoveOutArgs) => moveOutOfCertsd(client, arg))),
    client.onNotification(Notifications.explorerFiles, (p: ExplorerFilesParams) => {
      lastExplorerFiles = p;
      void vscode.commands.executeCommand('setContext', ContextKeys.derCertificates, p.derCertificates);
      void vscode.commands.executeCommand('setContext', ContextKeys.deletableFiles, p.deletableFiles);
    }),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      vscode.commands.registerCommand(TEST_ANSWER_COMMAND, (answer?: string) => void testAnswers.push(answer)),
      vscode.commands.registerCommand(TEST_EXPLORER_FILES_COMMAND, () => lastExplorerFiles),
    );
  }
}
