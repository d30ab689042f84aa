/**
 * The questions a multi-step command asks, as an interface: the VS Code side (quickInput.ts) shows
 * them as QuickPicks and InputBoxes, tests answer them from a script. No `vscode` import here, so
 * the step logic that uses it can be tested without an editor.
 */
import { l10n } from './l10nPort';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface StepUi {
  /** Undefined: the user pressed Escape. */
  pick<T>(o: { title: string; placeholder: string; items: PickItem<T>[] }): Promise<T | undefined>;
  /** `validate` returns why the text cannot be used, or undefined; undefined result: Escape. */
  input(o: { title: string; prompt: string; value?: string; placeholder?: string; validate(v: string): Promise<string | undefined> | string | undefined }): Promise<string | undefined>;
  /** A modal yes/no: true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  warn(message: string): void;
}

/** `Generate client certificate for reg:5000 (Step 2 of 4)`. */
export function stepTitle(what: string, step: number, total: number): string {
  return l10n.t('{0} (Step {1} of {2})', what, step, total);
}
