/** Code actions as VS Code offers them (the document must be open for the command to work). */
import * as vscode from 'vscode';

type Action = vscode.CodeAction | vscode.Command;

function isCodeAction(a: Action): a is vscode.CodeAction {
  return typeof (a as vscode.Command).command !== 'string';
}

/** The quick fixes VS Code offers for `diagnostic` in `file` (the file is opened first: the command needs it). */
export async function quickFixes(file: string, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const actions = await vscode.commands.executeCommand<Action[] | undefined>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
    // Resolve up to this many actions, in case the server fills in edits through codeAction/resolve.
    20,
  );
  return (actions ?? []).filter(isCodeAction);
}

export function describeActions(actions: vscode.CodeAction[]): string {
  return actions.length ? actions.map((a) => `"${a.title}"${a.edit ? '' : ' (no edit)'}`).join(', ') : 'none';
}
