/** SARIF 2.1.0, for code-scanning tools (GitHub, GitLab, Azure DevOps). */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Finding, Severity } from '../core/findings';
import { hasRawBytes, uriSegment } from '../core/fsNames';
import { JsonArrayWriter, cutFrame, marker } from './jsonPieces';
import { RULES } from '../core/rules';
import { CheckRun } from './run';
import { REPOSITORY_URL, ruleDocUrl, shortCode } from '../core/ruleDocs';
import { t } from '../core/l10n';
import { ENGINE_NAMES } from '../core/tree';

/** SARIF's rule `name` is an identifier in PascalCase: certsd/missing-key -> MissingKey. */
function ruleName(code: string): string {
  return shortCode(code).split(/[^a-z0-9]+/i).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A file URI; a path with raw (non-UTF-8) bytes gets them percent-encoded one by one (pathToFileURL would turn them into U+FFFD). */
function fileUri(p: string): string {
  if (!hasRawBytes(p) || path.sep !== '/') return pathToFileURL(p).href;
  return 'file://' + p.split('/').map(uriSegment).join('/');
}

export function toSarif(run: CheckRun, version: string, cwd: string): string {
  const sarif = sarifPrinter(version, cwd);
  return sarif.start() + run.roots.map((r) => sarif.results(r.findings)).join('') + sarif.end();
}

/** The SARIF log in pieces (stream.ts): the start, each root's results once the root is checked, the end. */
export function sarifPrinter(version: string, cwd: string) {
  const base = pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href;
  const location = (f: Finding) => {
    const rel = path.relative(cwd, f.path);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    const artifactLocation = inside ? { uri: rel.split(path.sep).map(uriSegment).join('/'), uriBaseId: '%SRCROOT%' } : { uri: fileUri(f.path) };
    const { start, end } = f.range;
    return {
      physicalLocation: {
        artifactLocation,
        region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
      },
    };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'certsd',
            version,
            informationUri: REPOSITORY_URL,
            rules: RULES.map((r) => ({
              id: r.code,
              name: ruleName(r.code),
              shortDescription: { text: r.description },
              // The engines it is about, and the page that says what each does and how to fix it.
              fullDescription: { text: `${r.description} (${r.engines.map((e) => ENGINE_NAMES[e]).join(', ')})` },
              helpUri: ruleDocUrl(r.code),
              help: { text: t('{0} What each engine does with it, and how to fix it: {1}', r.description, ruleDocUrl(r.code)) },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { engines: r.engines },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        results: marker('results'),
      },
    ],
  };
  const { pieces, indents } = cutFrame(sarif, ['results']);
  const results = new JsonArrayWriter(indents[0]);
  // As RULES.findIndex, once: the first rule of each code.
  const ruleIndex = new Map<string, number>();
  RULES.forEach((r, i) => ruleIndex.has(r.code) || ruleIndex.set(r.code, i));
  return {
    start: () => pieces[0],
    results: (findings: Finding[]) =>
      findings
        // The summary first: viewers may show only a message's first sentence (SARIF 2.1.0, 3.11.7).
        .map((f) => results.item({ ruleId: f.code, ruleIndex: ruleIndex.get(f.code) ?? -1, level: LEVEL[f.severity], message: { text: `${f.summary}. ${f.message}` }, locations: [location(f)] }))
        .join(''),
    end: () => results.close() + pieces[1] + '\n',
  };
}
