/**
 * Quick fixes from the findings' fixes: renames, moves, text edits and new files as WorkspaceEdits
 * (the editor performs them: Undo works for file renames, not folder renames, see test/e2e/suite/undo.test.ts), never over an existing file. Where the folder is not
 * writable (root's /etc/docker/certs.d), the action copies the sudo command instead. And one
 * refactoring: a folder of loose files converted to a hosts.toml, where containerd's code reads it.
 * Whether a name is taken and a folder writable is asked of the workspace's file system port
 * (ws.fs), never of the disk directly, so that tests can drive every branch.
 */
import * as path from 'node:path';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { convertToHostsToml } from '../core/generate/convertToHostsToml';
import { FactsCache } from '../core/facts';
import { Finding, Fix, ZERO_RANGE } from '../core/findings';
import { EditorFileSystemView } from '../core/fsview';
import { isCertsdFileName } from '../core/tree';
import { hostsTomlReader } from '../core/verdict';
import { Commands, CopyShellCommandArgs, DeleteFileArgs, MoveOutArgs, MoveToHostFolderArgs, MANAGE_TRUST_COMMAND } from '../protocol';
import { offeredActions, remedyOf } from '../core/actions';
import { DiagnosticData } from './diagnostics';
import { toPath, toUri } from './paths';
import { sudoMove, sudoWriteNew } from '../core/sudoScripts';
import { DerToPemFix, planDerToPem } from './derToPem';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

function findingsAt(ws: CertsdWorkspace, data: DiagnosticData): Finding[] {
  const where = ws.hostOf(data.path);
  const root = ws.rootOf(data.path);
  const pool = [...(where?.host.findings ?? []), ...(root?.findings ?? [])];
  if (!where && root) for (const h of root.hosts.values()) if (h.dir.path === data.path) pool.push(...h.findings);
  return pool.filter((f) => f.path === data.path && f.code === data.code);
}

function copyCommand(title: string, message: string, command: string, diagnostic: Diagnostic | undefined, kind: string = CodeActionKind.QuickFix): CodeAction {
  const args: CopyShellCommandArgs = { message, command };
  return { title, kind, diagnostics: diagnostic ? [diagnostic] : undefined, command: { title, command: Commands.copyShellCommand, arguments: [args] } };
}

export interface CodeActionOptions {
  /** The version of a document open in the editor: the client then refuses an edit made for another text. */
  documentVersion?: (uri: string) => number | undefined;
  /** What a folder's hosts.toml would hold (tests pass their own). */
  convert?: typeof convertToHostsToml;
  /** Restricted Mode: no fix that changes files; one notice, opening workspace trust, where fixes would be. */
  restricted?: boolean;
}

function trustNotice(diagnostics: Diagnostic[]): CodeAction {
  const title = t('Trust the workspace to apply this fix (Restricted Mode)');
  return { title, kind: CodeActionKind.QuickFix, diagnostics, command: { title, command: MANAGE_TRUST_COMMAND } };
}

/** Text edits in an existing file: only while it still holds the text the finding was computed on. */
function editAction(ws: CertsdWorkspace, fix: Extract<Fix, { kind: 'edit' }>, diagnostic: Diagnostic, options: CodeActionOptions): CodeAction | undefined {
  if (!ws.textUnchanged(fix.path)) return undefined;
  const uri = toUri(fix.path);
  const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri, version: options.documentVersion?.(uri) ?? null }, edits: fix.edits }] };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit };
}

/** A new file, then its text: CreateFile fails rather than overwrite, and the action is not offered when the name is taken. */
function createFileAction(title: string, file: string, content: string, kind: string, diagnostic: Diagnostic | undefined, fs: EditorFileSystemView, preferred?: boolean): CodeAction | undefined {
  const dir = path.dirname(file);
  if (fs.exists(file) || !fs.exists(dir)) return undefined;
  if (!fs.canWrite(dir)) {
    const message = `${dir} belongs to another user (root), so the editor cannot create ${path.basename(file)}. Run this in a terminal:`;
    return copyCommand(t('{0} (needs root: copy the sudo command)', title), message, sudoWriteNew(content, file), diagnostic, kind);
  }
  const uri = toUri(file);
  const edit: WorkspaceEdit = {
    documentChanges: [
      { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri, version: null }, edits: [{ range: ZERO_RANGE, newText: content }] },
    ],
  };
  return { title, kind, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: preferred, edit };
}

const wants = (only: string[] | undefined, kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

/**
 * "Convert this folder to hosts.toml", on a loose .crt/.cert/.key file of a folder without one,
 * where containerd's hosts code reads the folder (containerd; Docker's pulls with the containerd
 * image store). Never over an existing hosts.toml; not offered when it would name no file.
 */
function convertAction(ws: CertsdWorkspace, filePath: string, convert: typeof convertToHostsToml): CodeAction | undefined {
  const where = ws.hostOf(filePath);
  if (!where || path.dirname(filePath) !== where.host.dir.path || !isCertsdFileName(path.basename(filePath))) return undefined;
  const { host } = where;
  if (!hostsTomlReader(host.report) || host.dir.entries.some((e) => e.name === 'hosts.toml')) return undefined;
  const { content, references } = convert(host.dir, new FactsCache(ws.fs));
  if (references === 0) return undefined;
  return createFileAction(t('Convert this folder to hosts.toml'), path.join(host.dir.path, 'hosts.toml'), content, CodeActionKind.RefactorRewrite, undefined, ws.fs);
}

function renameAction(fix: Extract<Fix, { kind: 'rename' }>, diagnostic: Diagnostic, fs: EditorFileSystemView): CodeAction | undefined {
  if (fs.exists(fix.to) || !fs.exists(fix.from)) return undefined;
  const dir = path.dirname(fix.from);
  if (!fs.canWrite(dir)) {
    return copyCommand(
      t('{0} (needs root: copy the sudo command)', fix.title),
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

function derToPemAction(ws: CertsdWorkspace, fix: DerToPemFix, diagnostic: Diagnostic): CodeAction | undefined {
  const plan = planDerToPem(ws, fix);
  if (!plan.ok) {
    return plan.shellCommand ? copyCommand(t('{0} (needs root: copy the sudo command)', fix.title), plan.message, plan.shellCommand, diagnostic) : undefined;
  }
  const toUriStr = toUri(plan.to);
  const changes: WorkspaceEdit['documentChanges'] = [];
  if (plan.keep) changes.push({ kind: 'rename', oldUri: toUri(plan.from), newUri: toUri(plan.keep), options: { overwrite: false, ignoreIfExists: false } });
  changes.push({ kind: 'create', uri: toUriStr, options: { overwrite: false, ignoreIfExists: false } });
  changes.push({ textDocument: { uri: toUriStr, version: null }, edits: [{ range: ZERO_RANGE, newText: plan.pem }] });
  const title = plan.keep ? t('{0} (keeps the original as {1})', fix.title, path.basename(plan.keep)) : fix.title;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: { documentChanges: changes } };
}

function moveAction(fix: Extract<Fix, { kind: 'move' }>, diagnostic: Diagnostic, fs: EditorFileSystemView): CodeAction {
  const folders = fix.folders.filter((f) => !fs.exists(path.join(f, path.basename(fix.from))));
  // The client asks which folder, then the server again (certsd/planMove): in a root-owned certs.d it offers the sudo command instead.
  const args: MoveToHostFolderArgs = { from: fix.from, folders, needsRoot: !fs.canWrite(path.dirname(fix.from)) };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: fix.title, command: Commands.moveToHostFolder, arguments: [args] } };
}

/** Delete and move-out, as offered for the finding's file (core/actions.ts), on the finding that calls for them. */
function offeredCommands(ws: CertsdWorkspace, finding: Finding, diagnostic: Diagnostic, seen: Set<string>): CodeAction[] {
  const host = ws.hostOf(finding.path)?.host;
  if (!host || remedyOf(host, finding) !== 'delete') return [];
  const out: CodeAction[] = [];
  for (const a of offeredActions(host, finding.path)) {
    const key = `${a.kind}\u0000${'path' in a ? a.path : ''}`;
    if (seen.has(key)) continue;
    if (a.kind === 'delete') {
      const args: DeleteFileArgs = { path: a.path, why: a.why };
      out.push({ title: a.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, command: { title: a.title, command: Commands.deleteFile, arguments: [args] } });
    } else if (a.kind === 'move-out') {
      const args: MoveOutArgs = { path: a.path };
      out.push({ title: a.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: a.title, command: Commands.moveOutOfCertsd, arguments: [args] } });
    } else continue;
    seen.add(key);
  }
  return out;
}

export function codeActions(ws: CertsdWorkspace, params: CodeActionParams, options: CodeActionOptions = {}): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data || typeof data.path !== 'string') continue;
    for (const finding of findingsAt(ws, data)) {
      for (const fix of finding.fixes ?? []) {
        const key = JSON.stringify(fix);
        // Deletions are offered from core/actions.ts below, with the confirmation they need.
        if (fix.kind === 'delete' || seen.has(key)) continue;
        seen.add(key);
        const action =
          fix.kind === 'rename'
            ? renameAction(fix, diagnostic, ws.fs)
            : fix.kind === 'der-to-pem'
              ? derToPemAction(ws, fix, diagnostic)
              : fix.kind === 'move'
                ? moveAction(fix, diagnostic, ws.fs)
                : fix.kind === 'edit'
                  ? editAction(ws, fix, diagnostic, options)
                  : createFileAction(fix.title, fix.path, fix.content, CodeActionKind.QuickFix, diagnostic, ws.fs, fix.preferred);
        if (action) actions.push(action);
      }
      actions.push(...offeredCommands(ws, finding, diagnostic, seen));
    }
  }
  if (wants(params.context.only, CodeActionKind.RefactorRewrite)) {
    const convert = convertAction(ws, toPath(params.textDocument.uri), options.convert ?? convertToHostsToml);
    if (convert) actions.push(convert);
  }
  // Every action here changes files (an edit, or a command that plans one, or a sudo command to run).
  if (options.restricted && actions.length) return [trustNotice(params.context.diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.path))];
  return actions;
}
