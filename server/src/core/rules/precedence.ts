/**
 * Rule precedence (rule.ts, `supersedes`): a finding of a rule takes away the findings of the rules
 * it supersedes, on the same file, on the same client pair, or at the same place. check.ts applies
 * it to one loader's pass over one host folder, with the findings as the rules reported them (a
 * finding taken away still takes away others: there are no chains in the table, the test says so).
 */
import { PairOutcome } from '../engines/result';
import { Finding } from '../findings';
import { Rule, SupersededOn } from './rule';

export interface Precedence {
  /** The rule whose finding stays. */
  winner: string;
  /** The rule whose finding goes. */
  loser: string;
  on: SupersededOn;
}

/** Every (winner, loser) pair the rules declare, in rule order. */
export function precedenceTable(rules: readonly Rule[]): Precedence[] {
  return rules.flatMap((r) => (r.scope === 'host' && r.supersedes ? Object.entries(r.supersedes).map(([loser, on]) => ({ winner: r.code, loser, on })) : []));
}

const at = (f: Finding) => `${f.path}\u0000${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;

/** The findings without those a finding of a rule that supersedes theirs takes away. */
export function applyPrecedence(findings: Finding[], rules: readonly Rule[], pairs: readonly PairOutcome[]): Finding[] {
  const table = precedenceTable(rules);
  const losers = new Set(table.map((p) => p.loser));
  if (!findings.some((f) => losers.has(f.code))) return findings;
  /** The files of the client pairs a file is half of, itself included. */
  const pairOf = (p: string): string[] => [p, ...pairs.filter((x) => x.cert.path === p || x.keyPath === p).flatMap((x) => [x.cert.path, ...(x.keyPath ? [x.keyPath] : [])])];
  // Per loser rule: the files ('file', 'pair') and places ('range') where a winner spoke.
  const taken = new Map<string, Set<string>>();
  for (const { winner, loser, on } of table) {
    const where = taken.get(loser) ?? new Set<string>();
    taken.set(loser, where);
    for (const f of findings) {
      if (f.code !== winner) continue;
      if (on === 'range') where.add(at(f));
      else for (const p of on === 'pair' ? pairOf(f.path) : [f.path]) where.add(p);
    }
  }
  return findings.filter((f) => {
    const where = taken.get(f.code);
    return !where || !(where.has(f.path) || where.has(at(f)));
  });
}
