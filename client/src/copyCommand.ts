/** Shows a shell command the user must run themselves (the folder needs root) and copies it on request. */
import * as vscode from 'vscode';
import { CopyShellCommandArgs } from '../../server/out/protocol';

export async function copyShellCommand(args: CopyShellCommandArgs): Promise<void> {
  const COPY = vscode.l10n.t('Copy command');
  const choice = await vscode.window.showWarningMessage(`${args.message}\n\n${args.command}`, COPY);
  if (choice === COPY) {
    await vscode.env.clipboard.writeText(args.command);
    void vscode.window.showInformationMessage(vscode.l10n.t('Command copied: paste it in a terminal.'));
  }
}
