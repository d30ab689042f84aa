/**
 * Folders the search for roots did not enter (deeper than core/roots.ts MAX_SEARCH_DEPTH): a certs.d
 * in there is not checked, so the user is told: in the log at every search, and in a window message
 * once per folder (a warning the user sees, without one at every file event).
 */
import { Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { escapeControls } from '../core/fsNames';
import { describeTooDeep, TooDeep } from '../core/roots';
import { t } from '../core/l10n';


export class TooDeepNotice {
  private readonly told = new Set<string>();

  constructor(private readonly connection: Connection) {}

  tell(tooDeep: readonly TooDeep[]): void {
    if (tooDeep.length === 0) return;
    this.connection.console.warn(escapeControls(describeTooDeep([...tooDeep], t('add it to certsd.extraRoots'))));
    const fresh = tooDeep.filter((t) => !this.told.has(t.path));
    for (const t of fresh) this.told.add(t.path);
    if (fresh.length) void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `certsd: ${escapeControls(describeTooDeep(fresh, t('add it to certsd.extraRoots')))}` });
  }
}
