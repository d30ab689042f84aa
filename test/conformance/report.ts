/** docs/engine-behaviour.md: what each engine's own code does with each spec case, written by the suite. */
import * as fs from 'node:fs';
import { HostSpec } from './corpus/generate';
import { Verdict } from './compare';
import { Target } from './targets';

interface Stats {
  compared: number;
  agreed: number;
  known: number;
  unexpected: unknown[];
}

/** A verdict in a table cell: paths shortened to the file name, pipes escaped. */
function cell(v: Verdict | undefined): string {
  if (!v) return '';
  const text = v.ok
    ? v.hostsToml
      ? 'ok: hosts.toml decoded'
      : `ok: ${v.cas.length} CA${v.systemRoots ? ' + system' : ''}, ${v.clients.length} client`
    : `**fails**: ${(v.error ?? '').replace(/<root>\/[^/"\s]+\//g, '')}`;
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function writeBehaviourDoc(
  out: string,
  spec: HostSpec[],
  targets: Target[],
  results: Map<Target, Map<string, Verdict>>,
  stats: Map<Target, Stats>,
  meta: { seed: number; count: number },
): void {
  const lines: string[] = [
    '# What each engine really does with a host folder',
    '',
    'Written by `npm run test:conformance -- --docs` from the engines\' own code: the Go harness in',
    '`test/conformance/harness/` runs each loader (module versions in its README) with the GODEBUG',
    'defaults of the `go` line of that engine\'s main module. One row per case of',
    '`shared/spec/engine-rules.md` that can be built as files; file paths are shortened to the file name.',
    'Our simulation is compared with every cell (and with a generated corpus): see the agreement table below.',
    '',
    `| case | files | ${targets.map((t) => `${t.id} (${t.loader}, go ${t.release.go})`).join(' | ')} |`,
    `|---|---|${targets.map(() => '---').join('|')}|`,
  ];
  for (const h of spec) {
    const label = h.labels.find((l) => l.startsWith('spec:')) ?? h.name;
    const files = h.files.map((f) => (f.kind === 'dir' ? `${f.name}/` : f.kind === 'symlink' ? `${f.name} -> ${f.target}` : f.name)).join(', ') || '(empty)';
    lines.push(`| ${label.replace('spec:', '')} ${h.labels.filter((l) => l !== label).join(' ')} | ${files.replace(/\|/g, '\\|')} | ${targets.map((t) => cell(results.get(t)?.get(h.name))).join(' | ')} |`);
  }
  lines.push('', `## Agreement of our simulation (spec cases + ${meta.count} generated folders, seed ${meta.seed})`, '', '| loader | compared | agree | known differences | unexpected |', '|---|---|---|---|---|');
  for (const t of targets) {
    const s = stats.get(t);
    if (s) lines.push(`| ${t.id} | ${s.compared} | ${s.agreed} (${((100 * s.agreed) / s.compared).toFixed(2)}%) | ${s.known} | ${s.unexpected.length} |`);
  }
  lines.push('');
  fs.writeFileSync(out, lines.join('\n'));
}
