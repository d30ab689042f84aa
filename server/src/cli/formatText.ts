/**
 * Human output, grouped by host folder like a linter's. Colour only when asked (a TTY). Every piece
 * that comes from the folders (names, paths, certificate subjects inside messages, the engines'
 * errors quoting them) goes through escapeControls: a file name with an escape sequence or a newline
 * is shown as `\x1b` / `\n`, never run by the terminal or taken for a report line.
 */
import * as path from 'node:path';
import { Finding, Severity } from '../core/findings';
import { escapeControls } from '../core/fsNames';
import type { HostReport } from '../core/check';
import { hostFails, hostVerdict, tomlHostLines } from '../core/verdict';
import { CheckRun, countFindings, FindingCounts, tooManyWarnings } from './run';
import { displayWidth, wrapText } from './wrap';
import { t } from '../core/l10n';

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, green: 32, bold: 1, underline: 4 } as const;

export interface TextOptions {
  /** The terminal's width: long lines wrap, the rest of a message indented under its start. None when piped. */
  width?: number;
  /** --quiet: the run holds its errors only; these are the counts before the rest was hidden. */
  quiet?: FindingCounts;
  /** --max-warnings N: the summary says when the warnings are more. */
  maxWarnings?: number;
}

// One message per count form (English has two); a language without plurals translates both alike.
const problems = (n: number) => (n === 1 ? t('1 problem') : t('{0} problems', n));
const errors = (n: number) => (n === 1 ? t('1 error') : t('{0} errors', n));
const warningCount = (n: number) => (n === 1 ? t('1 warning') : t('{0} warnings', n));
const hostFolders = (n: number) => (n === 1 ? t('1 host folder') : t('{0} host folders', n));

export function warningsOverLimit(warnings: number, maxWarnings: number): string {
  return t('too many warnings: {0}, more than --max-warnings {1}', warnings, maxWarnings);
}

export function toText(run: CheckRun, color: boolean, o: TextOptions = {}): string {
  const out: string[] = [];
  const text = textPrinter(color, o);
  for (const r of run.roots) {
    const inHost = new Set<Finding>();
    const blocks: string[] = [];
    for (const h of r.hosts) {
      const own = r.findings.filter((f) => f.hostPath === h.path);
      own.forEach((f) => inHost.add(f));
      blocks.push(text.host(h, own));
    }
    // The root's own findings (its name, files directly in it) come before its host folders'.
    out.push(text.root(r.root.path, r.findings.filter((f) => !inHost.has(f))));
    out.push(...blocks);
  }
  out.push(text.summary(countFindings(run)));
  return out.join('');
}

/**
 * The pieces of the text report, each a run of whole lines: a root's own findings, one host
 * folder's block, the summary. toText puts a whole run together; the streamed check (stream.ts)
 * writes each piece as soon as its folder is checked. The printer counts the host folders it saw.
 */
/** Lines of a host folder's block handed on at a time by a streamed check. */
const PIECE_LINES = 128;

export function textPrinter(color: boolean, o: TextOptions = {}) {
  const paint = (c: keyof typeof COLORS, s: string) => (color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const label: Record<Severity, [keyof typeof COLORS, string]> = {
    error: ['red', 'error'],
    warning: ['yellow', 'warning'],
    information: ['blue', 'info'],
    hint: ['gray', 'hint'],
  };
  let out: string[] = [];
  // A line that may wrap: `lead` (plain) starts it, the text follows; the continuation lines start
  // `indent` columns in. Painting comes after the measuring: escape sequences take no columns.
  const emit = (lead: string, text: string, indent: number, paintLine: (s: string, last: boolean) => string = (s) => s) => {
    const leadWidth = displayWidth(lead);
    const lines = o.width === undefined ? [text] : wrapText(text, o.width - leadWidth, o.width - indent);
    lines.forEach((l, i) => out.push(i === 0 && l === '' ? lead.trimEnd() : (i === 0 ? lead : ' '.repeat(indent)) + paintLine(l, i === lines.length - 1)));
  };
  const finding = (f: Finding, base: string) => {
    const rel = path.relative(base, f.path);
    // A finding about the folder itself has no line to point at.
    const where = rel === '' ? `${path.basename(f.path)}/` : `${rel}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const [c, word] = label[f.severity];
    const lead = `  ${escapeControls(where)}  ${word}  `;
    const code = escapeControls(f.code);
    // Under the message; a path too long for that leaves the continuation at a fixed indent.
    const indent = o.width !== undefined && displayWidth(lead) > o.width / 2 ? 6 : displayWidth(lead);
    const leadPainted = `  ${escapeControls(where)}  ${paint(c, word)}  `;
    const start = out.length;
    emit(lead, `${escapeControls(f.message)}  ${code}`, indent, (l, last) => (last && l.endsWith(code) ? l.slice(0, l.length - code.length) + paint('gray', code) : l));
    out[start] = out[start].length < lead.length ? leadPainted.trimEnd() : leadPainted + out[start].slice(lead.length);
  };
  /** The lines written since the last piece, each with its newline. */
  const take = () => {
    const s = out.map((l) => l + '\n').join('');
    out = [];
    return s;
  };
  let hostsWithProblems = 0;
  let hostCount = 0;
  return {
    /**
     * A host folder's block, with its own findings (those whose hostPath it is), as shown. `write`:
     * where the lines already made go every few hundred findings (the streamed check: a folder of
     * 50,000 findings is then never one string of tens of megabytes); the rest is returned.
     */
    host(h: HostReport, own: Finding[], write?: (s: string) => void): string {
      hostCount++;
      if (own.some((f) => f.severity === 'error' || f.severity === 'warning')) hostsWithProblems++;
      // --quiet: only the host folders with an error.
      if (o.quiet && own.length === 0) return '';
      out.push(paint('underline', escapeControls(h.path)));
      const fails = hostFails(h);
      emit('  ', escapeControls(hostVerdict(h)), 4, (l) => paint(fails ? 'red' : 'green', l));
      // A decoded hosts.toml: where requests go, in containerd's order.
      for (const l of tomlHostLines(h)) emit('    ', escapeControls(l), 7);
      for (const s of h.shadowedBy ?? []) emit('  ', escapeControls(t('{0} uses {1} instead', s.actor, s.usedFolder)), 4, (l) => paint('yellow', l));
      for (const f of own) {
        finding(f, h.path);
        if (write && out.length >= PIECE_LINES) write(take());
      }
      out.push('');
      return take();
    },
    /** A root's findings that belong to none of its host folders; nothing when there are none. */
    root(rootPath: string, rest: Finding[]): string {
      if (rest.length === 0) return '';
      out.push(paint('underline', escapeControls(rootPath)));
      for (const f of rest) finding(f, rootPath);
      out.push('');
      return take();
    },
    /** The last line, on the counts of the findings shown; `quiet`: the counts before --quiet hid the rest. */
    summary(n: FindingCounts, quiet = o.quiet): string {
      const [mark, text, c] = summary(n, { ...o, quiet }, hostsWithProblems, hostCount);
      emit('', `${mark} ${text}`, 2, (l) => paint(c, c === 'red' ? paint('bold', l) : l));
      return take();
    },
  };
}

/** The last line: its mark, its words and its colour. */
function summary(n: FindingCounts, o: TextOptions, hostsWithProblems: number, hostCount: number): ['✖' | '⚠' | '✔', string, 'red' | 'yellow' | 'green'] {
  const total = n.error + n.warning + n.information + n.hint;
  const folders = t('in {0} of {1}', hostsWithProblems, hostFolders(hostCount));
  let text: string;
  if (o.quiet) {
    const found = n.error ? t('{0} {1}', errors(n.error), folders) : t('no errors in {0}', hostFolders(hostCount));
    text = found + t(' (--quiet: {0}, {1} info not shown)', warningCount(o.quiet.warning), o.quiet.information);
  } else {
    text = t('{0} ({1}, {2}, {3} info) {4}', problems(total), errors(n.error), warningCount(n.warning), n.information, folders);
  }
  const warnings = o.quiet ? o.quiet.warning : n.warning;
  const over = tooManyWarnings({ ...n, warning: warnings }, o.maxWarnings);
  if (over) text += t('; {0}', warningsOverLimit(warnings, o.maxWarnings!));
  if (n.error || over) return ['✖', text, 'red'];
  return total ? ['⚠', text, 'yellow'] : ['✔', text, 'green'];
}
