/**
 * Restricted Mode on the client side: the commands that change files (generate, the fixes, new
 * folders, deleting and moving) wait for workspace trust. The server refuses them as well; here the
 * user is told why and offered VS Code's trust editor.
 */
import * as vscode from 'vscode';
import { MANAGE_TRUST_COMMAND, RESTRICTED_MODE_WRITE_MESSAGE } from '../../server/out/protocol';

/** False (after telling the user) in an untrusted workspace. */
export function trustedForWrites(): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void Promise.resolve(vscode.window.showWarningMessage(vscode.l10n.t(RESTRICTED_MODE_WRITE_MESSAGE), manage)).then((choice) =>
    choice === manage ? vscode.commands.executeCommand(MANAGE_TRUST_COMMAND) : undefined,
  );
  return false;
}

/** `run`, once the workspace is trusted; otherwise nothing (the user is told). */
export function whenTrusted<A extends unknown[], R>(run: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => (trustedForWrites() ? run(...args) : undefined);
}
