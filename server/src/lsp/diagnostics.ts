/**
 * Findings -> pushed diagnostics, for every file under the roots, open or not (binary ones too).
 * Findings about a whole folder (`:443`, a folder Docker never reads) are attached to each file in
 * it, and so is the engine's verdict when it refuses the folder.
 */
import * as path from 'node:path';
import { Connection, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import type { HostReport } from '../core/check';
import type { LoadResult } from '../core/engines/result';
import { Finding, Severity, ZERO_RANGE } from '../core/findings';
import { plainText } from '../core/markdown';
import { ENGINE_NAMES } from '../core/tree';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { toUri } from './paths';
import { ruleDocUrl, shortCode } from '../core/ruleDocs';
import { CertsdWorkspace, HostState, RootState } from './workspace';
import { t } from '../core/l10n';

const FOLDER_RANGE = ZERO_RANGE;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The finding a diagnostic stands for travels in `data`, so a code action can find it again. */
export interface DiagnosticData {
  path: string;
  code: string;
}

// VS Code opens no DER file as text, so its quick fix cannot be reached: say where the command is.

/**
 * Diagnostics are plain text (VS Code never renders them as Markdown), but they quote file and folder
 * names: terminal escapes, other control characters and bidi overrides in them are shown as `\xNN`.
 * Line breaks stay (messages may span lines); a name's own line break is shown where this layer
 * inserts the name.
 */
const shownText = (s: string) => s.split('\n').map(plainText).join('\n');

/**
 * What the Problems panel shows of a finding: its one-sentence summary as the message, the short
 * code (`missing-key`; the source says certs.d) linked to its page, and the whole text (the engine's
 * own error and the fix) as related information at the file it concerns: the finding's file and
 * range, or, for a finding about the whole folder, the file this diagnostic is on (`at`).
 */
function toDiagnostic(f: Finding, range = f.range, at = f.path): Diagnostic {
  const whole = f.fixes?.some((x) => x.kind === 'der-to-pem') ? f.message + t(' (In VS Code: right-click the file in the Explorer > Convert DER certificate to PEM.)') : f.message;
  const onItsFile = at === f.path;
  return withRelated(
    {
      range,
      severity: SEVERITY[f.severity],
      code: shortCode(f.code),
      codeDescription: { href: ruleDocUrl(f.code) },
      source: DIAGNOSTIC_SOURCE,
      message: shownText(f.summary),
      data: { path: f.path, code: f.code } satisfies DiagnosticData,
    },
    { location: { uri: toUri(at), range: onItsFile ? f.range : FOLDER_RANGE }, message: shownText(whole) },
  );
}

/**
 * Does the client show related information (publishDiagnostics.relatedInformation at initialize)?
 * VS Code does. A client that does not gets the whole text under the summary in the message itself,
 * so that the engine's words are never lost.
 */
let relatedInformationShown = true;

export function setRelatedInformationSupport(supported: boolean): void {
  relatedInformationShown = supported;
}

function withRelated(d: Diagnostic, related: DiagnosticRelatedInformation): Diagnostic {
  return relatedInformationShown ? { ...d, relatedInformation: [related] } : { ...d, message: `${d.message}\n${related.message}` };
}

/** The code of the diagnostic that tells the other files of a refused folder why they are not used. */
export const FOLDER_REFUSED = 'certsd/folder-refused';

function hostDiagnostics(state: HostState, into: Map<string, Diagnostic[]>): void {
  const add = (p: string, d: Diagnostic) => {
    if (!into.has(p)) into.set(p, []);
    into.get(p)!.push(d);
  };
  const directFiles = state.dir.entries.filter((e) => e.type !== 'directory').map((e) => e.path);
  for (const f of state.findings) {
    if (f.path === state.dir.path) for (const p of directFiles) add(p, toDiagnostic(f, FOLDER_RANGE, p));
    else add(f.path, toDiagnostic(f));
  }
  for (const { load, actor } of refusals(state.report)) {
    const culprits = new Set(load.errors.map((e) => e.path));
    const first = load.errors[0];
    for (const p of directFiles) {
      if (culprits.has(p)) continue;
      add(
        p,
        withRelated(
          {
            range: FOLDER_RANGE,
            severity: DiagnosticSeverity.Information,
            code: shortCode(FOLDER_REFUSED),
            codeDescription: { href: ruleDocUrl(FOLDER_REFUSED) },
            source: DIAGNOSTIC_SOURCE,
            message: shownText(t('Not used either: the whole folder is refused because of {0}', plainText(path.basename(first.path)))),
          },
          // The engine's error, at the file that causes it.
          {
            location: { uri: toUri(first.path), range: FOLDER_RANGE },
            message: shownText(t('{0} refuses the whole folder {1} because of {2}, so this file is not used either: "{3}"', actor, plainText(state.dir.name), plainText(path.basename(first.path)), first.message)),
          },
        ),
      );
    }
  }
}

/** The loads that fail, each with who fails: Docker's pulls and `docker login` apart when they differ. */
function refusals(report: HostReport): { load: LoadResult; actor: string }[] {
  const engine = ENGINE_NAMES[report.engine];
  const { load, login } = report;
  if (!login || login === load) return load.ok ? [] : [{ load, actor: engine }];
  if (!load.ok && !login.ok && load.error === login.error) return [{ load, actor: engine }];
  return [
    ...(load.ok ? [] : [{ load, actor: `${engine} (pulls and pushes)` }]),
    ...(login.ok ? [] : [{ load: login, actor: 'docker login' }]),
  ];
}

function rootDiagnostics(state: RootState, into: Map<string, Diagnostic[]>): void {
  for (const f of state.findings) {
    const targets =
      f.path === state.root.path ? [...state.hosts.values()].flatMap((h) => h.dir.entries.filter((e) => e.type !== 'directory').map((e) => e.path)) : [f.path];
    for (const p of targets) {
      if (!into.has(p)) into.set(p, []);
      into.get(p)!.push(toDiagnostic(f, f.path === p ? f.range : FOLDER_RANGE, p));
    }
  }
}

export class DiagnosticsProvider {
  /** Files that currently have diagnostics in the client. */
  private readonly published = new Set<string>();
  /** Errors and warnings of each file in `published`, for the summary. */
  private readonly counts = new Map<string, { errors: number; warnings: number }>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: CertsdWorkspace,
  ) {}

  /** Diagnostics of every file, as the workspace stands. */
  compute(): Map<string, Diagnostic[]> {
    const all = new Map<string, Diagnostic[]>();
    for (const root of this.workspace.roots.values()) {
      rootDiagnostics(root, all);
      for (const h of root.hosts.values()) hostDiagnostics(h, all);
    }
    return all;
  }

  /** Publish everything; clear files that no longer have diagnostics. Returns the number of files sent. */
  async publishAll(): Promise<number> {
    const all = this.compute();
    const sends: Promise<void>[] = [];
    for (const [p, diagnostics] of all) sends.push(this.send(p, diagnostics));
    for (const p of [...this.published]) if (!all.has(p)) sends.push(this.send(p, []));
    await Promise.all(sends);
    return sends.length;
  }

  /** Publish the given files (from an update): only their host folders and roots are looked at. */
  async publish(paths: Set<string>): Promise<number> {
    const affected = new Map<string, Diagnostic[]>();
    const roots = new Set<RootState>();
    const hosts = new Set<HostState>();
    for (const p of paths) {
      const root = this.workspace.rootOf(p);
      if (root && !roots.has(root)) {
        roots.add(root);
        rootDiagnostics(root, affected);
      }
      const where = this.workspace.hostOf(p);
      if (where && !hosts.has(where.host)) {
        hosts.add(where.host);
        hostDiagnostics(where.host, affected);
      }
    }
    const sends: Promise<void>[] = [];
    for (const p of paths) sends.push(this.send(p, affected.get(p) ?? []));
    await Promise.all(sends);
    return sends.length;
  }

  /** Errors and warnings published, over every file (the language status item). */
  totals(): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const c of this.counts.values()) {
      errors += c.errors;
      warnings += c.warnings;
    }
    return { errors, warnings };
  }

  private send(p: string, diagnostics: Diagnostic[]): Promise<void> {
    if (diagnostics.length === 0) {
      if (!this.published.has(p)) return Promise.resolve();
      this.published.delete(p);
      this.counts.delete(p);
    } else {
      this.published.add(p);
      this.counts.set(p, {
        errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length,
        warnings: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length,
      });
    }
    return this.connection.sendDiagnostics({ uri: toUri(p), diagnostics });
  }
}
