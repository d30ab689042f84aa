/** Findings (diagnostics) and the fixes they offer, as plain data for the CLI and the LSP layer. */
import { Range } from './facts';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type Fix =
  /** Rename a file or folder; never offered when the target exists. */
  | { kind: 'rename'; title: string; from: string; to: string; preferred?: boolean }
  /** Write a PEM copy of a DER certificate under the name the engine reads; the DER original is kept (renamed to .der when the PEM takes its name). */
  | { kind: 'der-to-pem'; title: string; path: string; to: string; preferred?: boolean }
  /** Move a file into one of the host folders (the user picks). */
  | { kind: 'move'; title: string; from: string; folders: string[] }
  /** Text edits in an existing file (ranges as LSP counts them); offered only while the file still has the text it was checked with. */
  | { kind: 'edit'; title: string; path: string; edits: { range: Range; newText: string }[]; preferred?: boolean }
  /** Write a new file; never offered when the name is taken. */
  | { kind: 'create'; title: string; path: string; content: string; preferred?: boolean }
  /** Delete a file nobody needs (a DER original beside its PEM twin); only after the user confirms, never without a click. */
  | { kind: 'delete'; title: string; path: string };

export interface Finding {
  code: string;
  severity: Severity;
  /** Absolute path of the file, or of the host folder for folder-wide problems. */
  path: string;
  range: Range;
  /**
   * What is wrong, in one sentence of our own words under 120 characters, translated (t()): no
   * engine quote, no advice. The Problems panel's message.
   */
  summary: string;
  /**
   * The whole text: what is wrong, what the engine does (its own error, quoted verbatim) and the fix.
   * The CLI's text and JSON output, the diagnostic's related information and the hover.
   */
  message: string;
  /** The host folder the finding belongs to, when there is one. */
  hostPath?: string;
  fixes?: Fix[];
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.severity !== b.severity) return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
