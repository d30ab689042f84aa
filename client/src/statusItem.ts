/**
 * The language status item: "certs.d: 3 folders, 2 errors", the engines and Docker's store in its
 * detail, a click to the Problems panel. Busy while a full check runs (start-up, settings, "Check
 * again"), so each of those shows once that something happened and what came of it.
 */
import * as vscode from 'vscode';
import { CheckSummary, PEM_LANGUAGE_ID } from '../../server/out/protocol';
import { onChecked, onChecking } from './checked';

export const STATUS_ITEM_ID = 'certsd.status';
/** Not contributed (no palette entry): the editor suite reads the item through it. */
export const STATUS_ITEM_COMMAND = 'certsd.statusItemState';

/** The documents the item shows for: those the language client serves. */
export const STATUS_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: PEM_LANGUAGE_ID },
  { scheme: 'file', pattern: '**/certs.d/**' },
  { scheme: 'file', pattern: '**/hosts.toml' },
];

export function statusText(s: CheckSummary): string {
  const folders = s.hostFolders === 1 ? vscode.l10n.t('1 folder') : vscode.l10n.t('{0} folders', s.hostFolders);
  const problems =
    s.errors > 0
      ? s.errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', s.errors)
      : s.warnings > 0
        ? s.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', s.warnings)
        : vscode.l10n.t('no problems');
  return vscode.l10n.t('certs.d: {0}, {1}', folders, problems);
}

export function statusDetail(s: CheckSummary): string {
  const parts: string[] = [];
  parts.push(s.engines.length ? vscode.l10n.t('as {0} read them', s.engines.join(', ')) : vscode.l10n.t('no certs.d folder found'));
  if (s.dockerStore) {
    const store = s.dockerStore.store === 'containerd' ? vscode.l10n.t('containerd image store') : vscode.l10n.t('graph driver store');
    parts.push(s.dockerStore.assumed ? vscode.l10n.t('Docker: {0} (assumed)', store) : vscode.l10n.t('Docker: {0} (from {1})', store, s.dockerStore.from ?? ''));
  }
  if (s.errors > 0 && s.warnings > 0) parts.push(s.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', s.warnings));
  return parts.join(' · ');
}

export function registerStatusItem(context: vscode.ExtensionContext): vscode.LanguageStatusItem {
  const item = vscode.languages.createLanguageStatusItem(STATUS_ITEM_ID, STATUS_SELECTOR);
  item.name = vscode.l10n.t('certs.d checks');
  item.text = vscode.l10n.t('certs.d: checking...');
  item.busy = true;
  item.command = { title: vscode.l10n.t('Show problems'), command: 'workbench.actions.view.problems' };
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(STATUS_ITEM_COMMAND, () => ({ text: item.text, detail: item.detail, busy: item.busy, severity: item.severity, command: item.command?.command })),
    onChecking(() => {
      item.busy = true;
    }),
    onChecked((p) => {
      // An update of a few files keeps a full check's busy state: only the full one ends it.
      if (p.full) item.busy = false;
      item.text = statusText(p.summary);
      item.detail = statusDetail(p.summary);
      item.severity = p.summary.errors > 0 ? vscode.LanguageStatusSeverity.Error : p.summary.warnings > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    }),
  );
  return item;
}
