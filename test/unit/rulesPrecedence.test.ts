/**
 * Rule precedence (rules/precedence.ts) on a table of made-up rules, so that each way a finding
 * takes others away is seen alone: on the same file, on either half of a client pair, at the same
 * range of the same file; and what the table is built from (host rules that declare `supersedes`).
 */
import * as assert from 'node:assert/strict';
import { Range } from '../../server/src/core/facts';
import { PairOutcome } from '../../server/src/core/engines/result';
import { Finding } from '../../server/src/core/findings';
import { applyPrecedence, precedenceTable } from '../../server/src/core/rules/precedence';
import { HostRule, Rule, SupersededOn } from '../../server/src/core/rules/rule';

function hostRule(code: string, supersedes?: Record<string, SupersededOn>): HostRule {
  return { code, severity: 'warning', scope: 'host', engines: ['docker'], description: code, supersedes, check() {} };
}

const RULES: Rule[] = [
  { code: 'r/root', severity: 'error', scope: 'root', engines: ['docker'], description: 'root', check() {} },
  hostRule('r/plain'),
  hostRule('r/file-winner', { 'r/file-loser': 'file' }),
  hostRule('r/pair-winner', { 'r/pair-loser': 'pair', 'r/file-winner': 'file' }),
  hostRule('r/range-winner', { 'r/range-loser': 'range' }),
  { code: 'r/order', severity: 'warning', scope: 'order', engines: ['podman'], description: 'order', check() {} },
];

const span = (line: number, from: number, to: number, endLine = line): Range => ({ start: { line, character: from }, end: { line: endLine, character: to } });
const f = (code: string, path: string, range = span(0, 0, 0)): Finding => ({ code, severity: 'warning', path, range, summary: code, message: code });
const pair = (cert: string, keyPath?: string): PairOutcome => ({ cert: { name: cert.slice(cert.lastIndexOf('/') + 1), path: cert, type: 'file' }, keyPath, ok: false });
const names = (fs: Finding[]) => fs.map((x) => `${x.code} ${x.path} ${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character}`);

describe('rule precedence, each reach alone', () => {
  it('the table: every supersedes entry of the host rules, in rule order; root and order rules and rules without one add nothing', () => {
    assert.deepEqual(precedenceTable(RULES), [
      { winner: 'r/file-winner', loser: 'r/file-loser', on: 'file' },
      { winner: 'r/pair-winner', loser: 'r/pair-loser', on: 'pair' },
      { winner: 'r/pair-winner', loser: 'r/file-winner', on: 'file' },
      { winner: 'r/range-winner', loser: 'r/range-loser', on: 'range' },
    ]);
    assert.deepEqual(precedenceTable([RULES[0], RULES[1], RULES[5]]), []);
  });

  it('"file": the loser goes on the winner\'s file only', () => {
    const input = [f('r/file-loser', '/h/a'), f('r/file-winner', '/h/a', span(3, 1, 2)), f('r/file-loser', '/h/b'), f('r/plain', '/h/a')];
    assert.deepEqual(names(applyPrecedence(input, RULES, [])), ['r/file-winner /h/a 3:1-3:2', 'r/file-loser /h/b 0:0-0:0', 'r/plain /h/a 0:0-0:0']);
    // Not the other half of a pair: that is "pair".
    const paired = [f('r/file-winner', '/h/a.cert'), f('r/file-loser', '/h/a.key'), f('r/file-loser', '/h/a.cert')];
    assert.deepEqual(names(applyPrecedence(paired, RULES, [pair('/h/a.cert', '/h/a.key')])), ['r/file-winner /h/a.cert 0:0-0:0', 'r/file-loser /h/a.key 0:0-0:0']);
  });

  it('"pair": a winner on the key takes the loser away on its certificate, and the other way round; another pair keeps its own', () => {
    const pairs = [pair('/h/a.cert', '/h/a.key'), pair('/h/b.cert', '/h/b.key'), pair('/h/c.cert')];
    const onKey = [f('r/pair-loser', '/h/a.cert'), f('r/pair-loser', '/h/b.cert'), f('r/pair-winner', '/h/a.key')];
    assert.deepEqual(names(applyPrecedence(onKey, RULES, pairs)), ['r/pair-loser /h/b.cert 0:0-0:0', 'r/pair-winner /h/a.key 0:0-0:0']);
    const onCert = [f('r/pair-loser', '/h/a.key'), f('r/pair-loser', '/h/b.key'), f('r/pair-winner', '/h/a.cert')];
    assert.deepEqual(names(applyPrecedence(onCert, RULES, pairs)), ['r/pair-loser /h/b.key 0:0-0:0', 'r/pair-winner /h/a.cert 0:0-0:0']);
    // A pair whose key is read from the certificate file: the certificate alone.
    const noKey = [f('r/pair-loser', '/h/c.cert'), f('r/pair-loser', '/h/c.key'), f('r/pair-winner', '/h/c.cert')];
    assert.deepEqual(names(applyPrecedence(noKey, RULES, pairs)), ['r/pair-loser /h/c.key 0:0-0:0', 'r/pair-winner /h/c.cert 0:0-0:0']);
    // A file in no pair: itself.
    const lone = [f('r/pair-loser', '/h/x'), f('r/pair-loser', '/h/a.cert'), f('r/pair-winner', '/h/x')];
    assert.deepEqual(names(applyPrecedence(lone, RULES, pairs)), ['r/pair-loser /h/a.cert 0:0-0:0', 'r/pair-winner /h/x 0:0-0:0']);
  });

  it('"range": the loser goes at the very same range of the same file, not where it starts alike or on another file', () => {
    const input = [
      f('r/range-winner', '/h/t', span(1, 2, 9)),
      f('r/range-loser', '/h/t', span(1, 2, 9)),
      f('r/range-loser', '/h/t', span(1, 2, 8)),
      f('r/range-loser', '/h/t', span(1, 2, 9, 2)),
      f('r/range-loser', '/h/t', span(1, 3, 9)),
      f('r/range-loser', '/h/t', span(0, 2, 9)),
      f('r/range-loser', '/h/u', span(1, 2, 9)),
      f('r/range-loser', '/h/t', span(0, 0, 0)),
    ];
    assert.deepEqual(names(applyPrecedence(input, RULES, [])), [
      'r/range-winner /h/t 1:2-1:9',
      'r/range-loser /h/t 1:2-1:8',
      'r/range-loser /h/t 1:2-2:9',
      'r/range-loser /h/t 1:3-1:9',
      'r/range-loser /h/t 0:2-0:9',
      'r/range-loser /h/u 1:2-1:9',
      'r/range-loser /h/t 0:0-0:0',
    ]);
  });

  it('a finding taken away still takes away others (the findings as reported; no chains)', () => {
    const input = [f('r/pair-winner', '/h/a'), f('r/file-winner', '/h/a'), f('r/file-loser', '/h/a')];
    assert.deepEqual(names(applyPrecedence(input, RULES, [])), ['r/pair-winner /h/a 0:0-0:0']);
  });

  it('losers without a winner beside them stay', () => {
    const input = [f('r/file-loser', '/h/a'), f('r/pair-loser', '/h/a'), f('r/range-loser', '/h/a')];
    assert.deepEqual(applyPrecedence(input, RULES, [pair('/h/a', '/h/k')]), input);
  });
});
