/**
 * The problems of the hovered block, under the block's own hover: each finding's summary, its code,
 * and the whole text (the engine's error quoted, the fix), which the
 * Problems panel keeps in its related information.
 */
import { Range } from 'vscode-languageserver';
import { Finding, compareFindings } from '../core/findings';
import { mdText } from '../core/markdown';
import { shortCode } from '../core/ruleDocs';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

const overlaps = (a: Range, b: Range) => a.start.line <= b.end.line && b.start.line <= a.end.line;

/**
 * Findings on this file that touch the hovered range; findings about its whole host folder or root;
 * and, on the first block, the file's own findings at its first line (a file-wide problem). In
 * hosts.toml, where a hover is about a key or value, `folderWide` is false: only that range's findings.
 */
export function findingsForHover(ws: CertsdWorkspace, filePath: string, range: Range, firstBlock: boolean, folderWide = true): Finding[] {
  const where = ws.hostOf(filePath);
  const root = ws.rootOf(filePath);
  const pool = [...(where?.host.findings ?? []), ...(root?.findings ?? [])];
  const folder = where?.host.dir.path;
  const seen = new Set<Finding>();
  return pool
    .filter((f) => {
      if (seen.has(f)) return false;
      seen.add(f);
      if (f.path === folder || (root && f.path === root.root.path)) return folderWide;
      if (f.path !== filePath) return false;
      return overlaps(f.range, range) || (firstBlock && f.range.start.line === 0);
    })
    .sort(compareFindings);
}

/** Markdown lines for the hover, empty when there is no problem. Every text goes through mdText. */
export function problemsHover(findings: Finding[]): string[] {
  if (findings.length === 0) return [];
  // A blank line before the rule: right under a line of text, `---` would make that line a heading.
  const lines = ['', '', '---', '', `**${t('Problems')}**`, ''];
  for (const f of findings) {
    // No link: a hover makes none at all (test/unit/lspHostileMarkdown.test.ts); the Problems panel links the code to its page.
    lines.push(`- **${mdText(f.summary)}** (\`${shortCode(f.code)}\`)  `, `  ${mdText(f.message)}`);
  }
  return lines;
}
