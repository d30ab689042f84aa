/** The StepUi of the guided commands (stepUi.ts) on VS Code's QuickPick, InputBox and modal messages. */
import * as vscode from 'vscode';
import { PickItem, StepUi } from './stepUi';

export const vscodeStepUi: StepUi = {
  async pick<T>(o: { title: string; placeholder: string; items: PickItem<T>[] }): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(
      o.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value })),
      { title: o.title, placeHolder: o.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return picked?.value;
  },
  input(o) {
    return Promise.resolve(
      vscode.window.showInputBox({ title: o.title, prompt: o.prompt, value: o.value, placeHolder: o.placeholder, ignoreFocusOut: true, validateInput: o.validate }),
    );
  },
  async confirm(message, detail, action) {
    return (await vscode.window.showInformationMessage(message, { modal: true, detail }, action)) === action;
  },
  warn(message) {
    void vscode.window.showWarningMessage(message);
  },
};
