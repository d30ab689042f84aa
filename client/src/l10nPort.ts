/**
 * `l10n.t` for the client modules that do not import `vscode` (the step logic, tested in plain
 * Node): English with `{0}` placeholders filled until extension.ts plugs in `vscode.l10n.t`.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

export const l10n: { t: Translate } = { t: english };

/** Called once on activation with `vscode.l10n.t`. */
export function useTranslator(translate: Translate): void {
  l10n.t = translate;
}
