#!/usr/bin/env node
// Checks Stryker's verdicts by hand: applies one mutant of a report to the source (no
// instrumentation, no mutant switching), runs the tests Stryker says killed it, expects a failure,
// and restores the file.
//
//   node scripts/mutant-replay.mjs reports/mutation/lsp.json            a sample of 10 killed mutants
//   node scripts/mutant-replay.mjs reports/mutation/lsp.json 12 408      those mutants
//   SAMPLE=25 SEED=7 node scripts/mutant-replay.mjs reports/mutation/cli.json
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [reportPath, ...ids] = process.argv.slice(2);
if (!reportPath) throw new Error('usage: mutant-replay.mjs REPORT.json [MUTANT_ID...]');
const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
const tests = new Map();
for (const f of Object.values(report.testFiles ?? {})) for (const t of f.tests) tests.set(t.id, t.name);
const mutants = Object.entries(report.files).flatMap(([file, f]) => f.mutants.map((m) => ({ ...m, file })));
let chosen = ids.length ? mutants.filter((m) => ids.includes(String(m.id))) : mutants.filter((m) => m.status === 'Killed');
if (!ids.length) {
  // A seeded shuffle, so that a sample can be replayed.
  let seed = Number(process.env.SEED ?? 1);
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  chosen = chosen.map((m) => [rnd(), m]).sort((a, b) => a[0] - b[0]).map((x) => x[1]).slice(0, Number(process.env.SAMPLE ?? 10));
}

/** Offset of a Stryker location (line 1-based, column 1-based) in the text. */
function offsetOf(text, { line, column }) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let agreed = 0;
for (const m of chosen) {
  const original = fs.readFileSync(m.file, 'utf8');
  const start = offsetOf(original, m.location.start);
  const end = offsetOf(original, m.location.end);
  const names = (m.killedBy ?? []).map((id) => tests.get(id) ?? id);
  fs.writeFileSync(m.file, original.slice(0, start) + m.replacement + original.slice(end));
  let failed;
  try {
    const grep = names.length ? ['--grep', `^(${names.map(escape).join('|')})$`] : [];
    const r = spawnSync('npx', ['mocha', '--reporter', 'dot', ...grep], { encoding: 'utf8' });
    failed = r.status !== 0;
  } finally {
    fs.writeFileSync(m.file, original);
  }
  const ok = failed === (m.status === 'Killed' || m.status === 'Timeout');
  if (ok) agreed++;
  console.log(`${ok ? 'agrees' : 'DISAGREES'}  #${m.id} ${m.status} ${m.file}:${m.location.start.line} ${m.mutatorName} -> ${failed ? 'a test failed' : 'all tests passed'}${names.length ? ` (${names[0]}${names.length > 1 ? ` +${names.length - 1}` : ''})` : ''}`);
}
console.log(`${agreed} of ${chosen.length} verdicts reproduced by hand`);
process.exitCode = agreed === chosen.length ? 0 : 1;
