/**
 * Human output, grouped by host folder like a linter's. Colour only when asked (a TTY). Every piece
 * that comes from the folders (names, paths, certificate subjects inside messages, the engines'
 * errors quoting them) goes through escapeControls: a file name with an escape sequence or a newline
 * is shown as `\x1b` / `\n`, never run by the terminal or taken for a report line.
 */
import * as path from 'node:path';
import { Finding, Severity } from '../core/findings';
import { escapeControls } from '../core/fsNames';
import { hostFails, hostVerdict, tomlHostLines } from '../core/verdict';
import { CheckRun } from './run';

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, green: 32, bold: 1, underline: 4 } as const;

export function toText(run: CheckRun, color: boolean): string {
  const paint = (c: keyof typeof COLORS, s: string) => (color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const sev: Record<Severity, string> = {
    error: paint('red', 'error'),
    warning: paint('yellow', 'warning'),
    information: paint('blue', 'info'),
    hint: paint('gray', 'hint'),
  };
  const out: string[] = [];
  const line = (f: Finding, base: string) => {
    const rel = path.relative(base, f.path);
    // A finding about the folder itself has no line to point at.
    const where = rel === '' ? `${path.basename(f.path)}/` : `${rel}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    return `  ${escapeControls(where)}  ${sev[f.severity]}  ${escapeControls(f.message)}  ${paint('gray', escapeControls(f.code))}`;
  };
  let hostsWithProblems = 0;
  let hostCount = 0;
  for (const r of run.roots) {
    const inHost = new Set<Finding>();
    for (const h of r.hosts) {
      hostCount++;
      const own = r.findings.filter((f) => f.hostPath === h.path);
      own.forEach((f) => inHost.add(f));
      if (own.some((f) => f.severity === 'error' || f.severity === 'warning')) hostsWithProblems++;
      out.push(paint('underline', escapeControls(h.path)));
      out.push(`  ${paint(hostFails(h) ? 'red' : 'green', escapeControls(hostVerdict(h)))}`);
      // A decoded hosts.toml: where requests go, in containerd's order.
      for (const l of tomlHostLines(h)) out.push(`    ${escapeControls(l)}`);
      for (const s of h.shadowedBy ?? []) out.push(`  ${paint('yellow', escapeControls(`${s.actor} uses ${s.usedFolder} instead`))}`);
      for (const f of own) out.push(line(f, h.path));
      out.push('');
    }
    const rest = r.findings.filter((f) => !inHost.has(f));
    if (rest.length) {
      out.push(paint('underline', escapeControls(r.root.path)));
      for (const f of rest) out.push(line(f, r.root.path));
      out.push('');
    }
  }
  const all = run.roots.flatMap((r) => r.findings);
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  const errors = count('error');
  const summary = `${all.length} problem${all.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${count('warning')} warning${count('warning') === 1 ? '' : 's'}, ${count('information')} info) in ${hostsWithProblems} of ${hostCount} host folder${hostCount === 1 ? '' : 's'}`;
  out.push(errors ? paint('red', paint('bold', `✖ ${summary}`)) : all.length ? paint('yellow', `⚠ ${summary}`) : paint('green', `✔ ${summary}`));
  return out.join('\n') + '\n';
}
