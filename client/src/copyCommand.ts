/** Shows a shell command the user must run themselves (the folder needs root) and copies it on request. */
import * as vscode from 'vscode';
import { CopyShellCommandArgs } from '../../server/out/protocol';

export async function copyShellCommand(args: CopyShellCommandArgs): Promise<void> {
  const choice = await vscode.window.showWarningMessage(`${args.message}\n\n${args.command}`, 'Copy command');
  if (choice === 'Copy command') {
    await vscode.env.clipboard.writeText(args.command);
    void vscode.window.showInformationMessage('Command copied: paste it in a terminal.');
  }
}
