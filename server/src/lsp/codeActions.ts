/**
 * Quick fixes from the findings' fixes: renames and moves as WorkspaceEdits with resource
 * operations (the editor performs them, so Undo works), never over an existing file. Where the
 * folder is not writable (root's /etc/docker/certs.d), the action copies the sudo command instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { Finding, Fix, ZERO_RANGE } from '../core/findings';
import { Commands, CopyShellCommandArgs, MoveToHostFolderArgs } from '../protocol';
import { DiagnosticData } from './diagnostics';
import { toUri } from './paths';
import { sudoMove } from '../core/shell';
import { DerToPemFix, planDerToPem } from './derToPem';
import { CertsdWorkspace } from './workspace';

function findingsAt(ws: CertsdWorkspace, data: DiagnosticData): Finding[] {
  const where = ws.hostOf(data.path);
  const root = ws.rootOf(data.path);
  const pool = [...(where?.host.findings ?? []), ...(root?.findings ?? [])];
  if (!where && root) for (const h of root.hosts.values()) if (h.dir.path === data.path) pool.push(...h.findings);
  return pool.filter((f) => f.path === data.path && f.code === data.code);
}

/** Is the name taken (a dangling link included)? Then no fix goes there. */
export function nameTaken(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function copyCommand(title: string, message: string, command: string, diagnostic: Diagnostic): CodeAction {
  const args: CopyShellCommandArgs = { message, command };
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: Commands.copyShellCommand, arguments: [args] } };
}

function renameAction(fix: Extract<Fix, { kind: 'rename' }>, diagnostic: Diagnostic, canWrite: (dir: string) => boolean): CodeAction | undefined {
  if (nameTaken(fix.to) || !nameTaken(fix.from)) return undefined;
  const dir = path.dirname(fix.from);
  if (!canWrite(dir)) {
    return copyCommand(
      `${fix.title} (needs root: copy the sudo command)`,
      `${dir} belongs to another user (root), so the editor cannot rename ${path.basename(fix.from)}. Run this in a terminal:`,
      sudoMove(fix.from, fix.to),
      diagnostic,
    );
  }
  const edit: WorkspaceEdit = {
    documentChanges: [{ kind: 'rename', oldUri: toUri(fix.from), newUri: toUri(fix.to), options: { overwrite: false, ignoreIfExists: false } }],
  };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit };
}

function derToPemAction(ws: CertsdWorkspace, fix: DerToPemFix, diagnostic: Diagnostic, canWrite: (dir: string) => boolean): CodeAction | undefined {
  const plan = planDerToPem(ws, fix, canWrite, nameTaken);
  if (!plan.ok) {
    return plan.shellCommand ? copyCommand(`${fix.title} (needs root: copy the sudo command)`, plan.message, plan.shellCommand, diagnostic) : undefined;
  }
  const toUriStr = toUri(plan.to);
  const changes: WorkspaceEdit['documentChanges'] = [];
  if (plan.keep) changes.push({ kind: 'rename', oldUri: toUri(plan.from), newUri: toUri(plan.keep), options: { overwrite: false, ignoreIfExists: false } });
  changes.push({ kind: 'create', uri: toUriStr, options: { overwrite: false, ignoreIfExists: false } });
  changes.push({ textDocument: { uri: toUriStr, version: null }, edits: [{ range: ZERO_RANGE, newText: plan.pem }] });
  const title = plan.keep ? `${fix.title} (keeps the original as ${path.basename(plan.keep)})` : fix.title;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: { documentChanges: changes } };
}

function moveAction(fix: Extract<Fix, { kind: 'move' }>, diagnostic: Diagnostic, canWrite: (dir: string) => boolean): CodeAction {
  const folders = fix.folders.filter((f) => !nameTaken(path.join(f, path.basename(fix.from))));
  // The client asks which folder; in a root-owned certs.d it then offers the sudo command instead.
  const args: MoveToHostFolderArgs = { from: fix.from, folders, needsRoot: !canWrite(path.dirname(fix.from)) };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: fix.title, command: Commands.moveToHostFolder, arguments: [args] } };
}

export function codeActions(ws: CertsdWorkspace, params: CodeActionParams, canWrite: (dir: string) => boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data || typeof data.path !== 'string') continue;
    for (const finding of findingsAt(ws, data)) {
      for (const fix of finding.fixes ?? []) {
        const key = JSON.stringify(fix);
        if (seen.has(key)) continue;
        seen.add(key);
        const action =
          fix.kind === 'rename'
            ? renameAction(fix, diagnostic, canWrite)
            : fix.kind === 'der-to-pem'
              ? derToPemAction(ws, fix, diagnostic, canWrite)
              : fix.kind === 'move'
                ? moveAction(fix, diagnostic, canWrite)
                : undefined; // 'edit' and 'create': see issue 7 (editor)
        if (action) actions.push(action);
      }
    }
  }
  return actions;
}
