/** SARIF 2.1.0, for code-scanning tools (GitHub, GitLab, Azure DevOps). */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Finding, Severity } from '../core/findings';
import { hasRawBytes, jsonForTerminal, uriSegment } from '../core/fsNames';
import { RULES } from '../core/rules';
import { CheckRun } from './run';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A file URI; a path with raw (non-UTF-8) bytes gets them percent-encoded one by one (pathToFileURL would turn them into U+FFFD). */
function fileUri(p: string): string {
  if (!hasRawBytes(p) || path.sep !== '/') return pathToFileURL(p).href;
  return 'file://' + p.split('/').map(uriSegment).join('/');
}

export function toSarif(run: CheckRun, version: string, cwd: string): string {
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
  const findings = run.roots.flatMap((r) => r.findings);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'certsd',
            version,
            informationUri: 'https://github.com/certsd/certsd',
            rules: RULES.map((r) => ({
              id: r.code,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { engines: r.engines },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: RULES.findIndex((r) => r.code === f.code),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f)],
        })),
      },
    ],
  };
  return jsonForTerminal(JSON.stringify(sarif, null, 2)) + '\n';
}
