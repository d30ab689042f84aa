/**
 * certsd/planDelete: asked after the user confirmed "Delete <file>" (the client's modal dialog).
 * Only a file the current findings still offer to delete (core/actions.ts); where root owns the
 * folder, the sudo command that deletes it only if it still has the bytes seen now. The client
 * applies an `ok` plan as a WorkspaceEdit, so Undo restores the file.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { offeredActions } from '../core/actions';
import { sudoDelete } from '../core/sudoScripts';
import { DeletePlan } from '../protocol';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

export function planDelete(ws: CertsdWorkspace, params: unknown): DeletePlan {
  const file = (typeof params === 'object' && params !== null ? (params as { path?: unknown }).path : undefined);
  if (typeof file !== 'string' || !path.isAbsolute(file) || file.includes('\0') || path.normalize(file) !== file) return { ok: false, message: t('Delete needs an absolute path: nothing was deleted.') };
  const host = ws.hostOf(file)?.host;
  const name = path.basename(file);
  if (!host || !offeredActions(host, file).some((a) => a.kind === 'delete' && a.path === file)) {
    return { ok: false, message: t('The checker no longer finds {0} unneeded: nothing was deleted.', name) };
  }
  if (!ws.fs.exists(file)) return { ok: false, message: t('{0} is no longer there: nothing was deleted.', file) };
  const dir = path.dirname(file);
  if (!ws.fs.canWrite(dir)) {
    let sum: string;
    try {
      sum = createHash('sha256').update(ws.fs.readFile(file)).digest('hex');
    } catch {
      return { ok: false, message: t('{0} cannot be read: nothing was deleted.', file) };
    }
    return { ok: false, message: t('{0} belongs to another user (root), so the editor cannot delete {1}. Run this in a terminal (it deletes nothing if the file changed):', dir, name), shellCommand: sudoDelete(file, sum) };
  }
  return { ok: true, path: file };
}
