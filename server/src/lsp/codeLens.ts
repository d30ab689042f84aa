/**
 * Code lenses at the top of each file: the engine's verdict for its folder, where requests go when
 * a hosts.toml decides it (one lens per host, in order), generate actions, and "Test connection"
 * (only in a trusted workspace: it opens a network connection when clicked).
 */
import * as path from 'node:path';
import { CodeLens, Range } from 'vscode-languageserver';
import { FactsCache } from '../core/facts';
import { ZERO_RANGE } from '../core/findings';
import { plainText } from '../core/markdown';
import { folderNameNote } from '../core/engines/hostFolders';
import { hostsTomlEntries } from '../core/engines/hostsToml';
import { ENGINE_NAMES } from '../core/tree';
import { hostsTomlReader, tomlHostLines } from '../core/verdict';
import { Commands, MANAGE_TRUST_COMMAND, DeleteFileArgs, GenerateCertificateForKeyParams, GenerateClientPairParams, MoveOutArgs, TestConnectionArgs } from '../protocol';
import { offeredActions } from '../core/actions';
import { lensVerdict } from '../core/lensVerdict';
import { probeableFolder } from './probe';
import { CertsdWorkspace, HostState } from './workspace';
import { t } from '../core/l10n';

const TOP = ZERO_RANGE;

/**
 * A lens without a command id is shown as text (the verdict is information, not an action). Titles
 * quote folder and file names: control characters and line breaks in them are shown, not obeyed.
 */
const info = (title: string, range: Range = TOP): CodeLens => ({ range, command: { title: plainText(title), command: '' } });

/** The folder's verdict, short (core/lensVerdict.ts), the whole of it in the tooltip. */
function verdictLens(host: HostState): CodeLens {
  const v = lensVerdict(host);
  return { range: TOP, command: { title: plainText(v.title), tooltip: plainText(v.tooltip), command: '' } };
}

const lineRange = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 0 } });

/**
 * hosts.toml: the verdict on top; each host containerd tries above the table that defines it
 * (`server` above its key, or on top), so the order reads down the file.
 */
function hostsTomlLenses(ws: CertsdWorkspace, host: HostState, filePath: string): CodeLens[] {
  const { report } = host;
  const verdict = verdictLens(host);
  if (!hostsTomlReader(report)) {
    const engine = report.engine === 'docker' ? t('Docker with graph drivers') : ENGINE_NAMES[report.engine];
    return [info(t("{0} does not read hosts.toml (only containerd's hosts code does)", engine)), verdict];
  }
  const lines = tomlHostLines(report);
  const facts = new FactsCache(ws.fs).file(filePath);
  // loadHostDir: a 0-byte hosts.toml counts as absent (the harness loads the loose files then).
  if (!report.load.hostsToml && !report.load.hostsTomlError && facts.data?.length === 0) {
    return [info(t('{0} takes an empty hosts.toml for none: it uses the loose files', hostsTomlReader(report) ?? '')), verdict];
  }
  if (!report.load.hostsToml) return [...lines.map((l) => info(l)), verdict];
  const text = facts.text.replace(/^\uFEFF/, '');
  const entries = hostsTomlEntries(text) ?? [];
  const lineOf = (name: string | undefined): number => {
    const e = entries.find((x) =>
      name === undefined ? !x.table && x.path.length === 1 && x.path[0].toLowerCase() === 'server' : x.table && x.path.length === 2 && x.path[0].toLowerCase() === 'host' && x.path[1] === name,
    );
    return e ? e.keyRange.start.line : 0;
  };
  const hosts = report.load.tomlHosts ?? [];
  return [verdict, ...lines.map((l, i) => info(l, lineRange(lineOf(hosts[i]?.host.name))))];
}

/** Which folder the engine really uses for this host, when it is not simply this one (hostFolders.ts). */
function folderLens(host: HostState): CodeLens[] {
  const note = folderNameNote(host.report);
  return note ? [info(note)] : [];
}

export interface LensOptions {
  /** Offer "Test connection": the workspace is trusted (the client said so). */
  testConnection: boolean;
  /**
   * Restricted Mode: the lenses that would generate, delete, move or connect are left out, and one
   * lens says so in their place, opening VS Code's workspace trust.
   */
  restricted?: boolean;
}

/** In place of the actions Restricted Mode holds back. */
function trustLens(): CodeLens {
  return {
    range: TOP,
    command: {
      title: t('Trust the workspace to generate, fix or test connections'),
      tooltip: t('Restricted Mode: generating keys, changing files and connecting to the registry wait until you trust this workspace.'),
      command: MANAGE_TRUST_COMMAND,
    },
  };
}

/** The lenses as offered, with Restricted Mode's held back (the verdicts, which are information, stay). */
function restrict(lenses: CodeLens[], o: LensOptions): CodeLens[] {
  if (!o.restricted) return lenses;
  const kept = lenses.filter((l) => !l.command?.command);
  return kept.length === lenses.length ? lenses : [...kept, trustLens()];
}

/** "Test connection" on every file of a host folder a registry reference names (not `_default`). */
function testConnectionLens(host: HostState, o: LensOptions): CodeLens[] {
  if (!o.testConnection || !probeableFolder(host.dir.name)) return [];
  const args: TestConnectionArgs = { hostPath: host.dir.path };
  return [{ range: TOP, command: { title: t('Test connection'), tooltip: t('Connect to the registry as the engine would with this folder (GET /v2/), and say what happened'), command: Commands.testConnection, arguments: [args] } }];
}

export function codeLenses(ws: CertsdWorkspace, filePath: string, o: LensOptions = { testConnection: false }): CodeLens[] {
  // Restricted Mode: what "Test connection" would be offered on, too (restrict() swaps it for the trust lens).
  return restrict(offeredLenses(ws, filePath, o.restricted ? { ...o, testConnection: true } : o), o);
}

function offeredLenses(ws: CertsdWorkspace, filePath: string, o: LensOptions): CodeLens[] {
  const where = ws.hostOf(filePath);
  if (!where || path.dirname(filePath) !== where.host.dir.path) return [];
  const { host } = where;
  if (path.basename(filePath) === 'hosts.toml') return [...folderLens(host), ...hostsTomlLenses(ws, host, filePath), ...testConnectionLens(host, o)];
  // A loose file beside a hosts.toml: where requests go instead (or why hosts.toml is not used).
  const lenses: CodeLens[] = [...folderLens(host), verdictLens(host), ...tomlHostLines(host.report).map((l) => info(l))];
  // What to do here: only what the findings call for (core/actions.ts).
  for (const a of offeredActions(host, filePath)) {
    if (a.kind === 'generate-client-pair') {
      const args: Partial<GenerateClientPairParams> = { hostPath: a.hostPath };
      lenses.push({ range: TOP, command: { title: t('Generate client key and certificate'), command: Commands.generateClientPair, arguments: [args] } });
    } else if (a.kind === 'generate-certificate-for-key') {
      const args: Partial<GenerateCertificateForKeyParams> = { keyPath: a.keyPath };
      lenses.push({ range: TOP, command: { title: t('Generate certificate for this key'), command: Commands.generateCertificateForKey, arguments: [args] } });
    } else if (a.kind === 'delete') {
      const args: DeleteFileArgs = { path: a.path, why: a.why };
      lenses.push({ range: TOP, command: { title: plainText(a.title), command: Commands.deleteFile, arguments: [args] } });
    } else if (a.kind === 'move-out') {
      const args: MoveOutArgs = { path: a.path };
      lenses.push({ range: TOP, command: { title: plainText(a.title), command: Commands.moveOutOfCertsd, arguments: [args] } });
    }
  }
  return [...lenses, ...testConnectionLens(host, o)];
}
