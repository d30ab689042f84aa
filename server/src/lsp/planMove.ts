/**
 * certsd/planMove: whether the editor can rename a file or folder (a stray file into the host
 * folder the user picked, a host folder to the name the engine reads), asked just before it does,
 * through the file system port. Never over anything (a dangling link included); where root owns a
 * folder, the sudo command that makes the same move (core/sudoScripts.ts sudoMove). The client
 * applies an `ok` plan as a WorkspaceEdit (overwrite: false), so Undo works.
 */
import * as path from 'node:path';
import { EditorFileSystemView } from '../core/fsview';
import { sudoMove } from '../core/sudoScripts';
import { MovePlan } from '../protocol';
import { t } from '../core/l10n';

/** An absolute path written one way only: normalized, no NUL, not the root, no trailing separator (normalize keeps one). */
const plainAbsolute = (p: unknown): p is string =>
  typeof p === 'string' && path.isAbsolute(p) && !p.includes('\0') && path.normalize(p) === p && path.basename(p) !== '' && !p.endsWith(path.sep);

export function planMove(fs: EditorFileSystemView, params: unknown): MovePlan {
  const { from, to } = (typeof params === 'object' && params !== null ? params : {}) as { from?: unknown; to?: unknown };
  if (!plainAbsolute(from) || !plainAbsolute(to) || from === to) return { ok: false, message: t('A move needs two different absolute paths: nothing was moved.') };
  // Within one folder it is a rename; into another, a move.
  const verb = path.dirname(from) === path.dirname(to) ? 'rename' : 'move';
  const gone = (p: string) => (verb === 'rename' ? t('{0} is no longer there: nothing was renamed.', p) : t('{0} is no longer there: nothing was moved.', p));
  if (!fs.exists(from)) return { ok: false, message: gone(from) };
  if (fs.exists(to)) return { ok: false, message: verb === 'rename' ? t('{0} already exists: nothing was renamed.', to) : t('{0} already exists: nothing was moved.', to) };
  if (!fs.exists(path.dirname(to))) return { ok: false, message: gone(path.dirname(to)) };
  const locked = [path.dirname(from), path.dirname(to)].find((dir) => !fs.canWrite(dir));
  if (locked) {
    return {
      ok: false,
      message:
        verb === 'rename'
          ? t('{0} belongs to another user (root), so the editor cannot rename {1}. Run this in a terminal:', locked, path.basename(from))
          : t('{0} belongs to another user (root), so the editor cannot move {1}. Run this in a terminal:', locked, path.basename(from)),
      shellCommand: sudoMove(from, to),
    };
  }
  return { ok: true, from, to };
}
