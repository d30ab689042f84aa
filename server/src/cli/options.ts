/**
 * node's util.parseArgs, strict, with its errors said in our words: what is wrong, naming the option
 * as it was typed (the parser's own text is written for programmers: "Option '--format <value>'
 * argument missing", "To specify a positional argument starting with a '-', ...").
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
// `t` names the parser's tokens here: the translation helper is `tr`.
import { t as tr } from '../core/l10n';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

type Token = { kind: 'option'; name: string; rawName: string; index: number; value?: string; inlineValue?: boolean } | { kind: 'positional'; index: number; value: string } | { kind: 'option-terminator'; index: number };

/**
 * A mistake on the command line (exit status 2): `message` says what is wrong in one line, and
 * `command` is the subcommand whose one-line usage follows it (none: the general one).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: 'check' | 'resolve' | 'probe',
  ) {
    super(message);
  }
}

/** parseArgs, strict, positionals allowed; its errors become UsageError. `hints` gives the values an option takes (`format: 'text, json or sarif'`). */
type StrictConfig<T extends OptionSpecs> = { args: string[]; options: T; allowPositionals: true; strict: true; tokens: true };

export function parseOptions<T extends OptionSpecs>(argv: string[], options: T, hints: Record<string, string> = {}, command?: UsageError['command']): ReturnType<typeof parseArgs<StrictConfig<T>>> {
  try {
    return parseArgs<StrictConfig<T>>({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(describeParseError(e as Error & { code?: string }, argv, options, hints), command);
  }
}

/**
 * The parser stops at the first problem and says it in its own words; the same arguments read
 * without `strict` give the tokens, and the first offending token names the option as typed.
 * (ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL cannot happen: positionals are allowed, and each command
 * says itself what it takes: "resolve needs a registry HOST", "probe takes one HOST[:PORT]".)
 */
function describeParseError(e: Error & { code?: string }, argv: string[], options: OptionSpecs, hints: Record<string, string>): string {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true }) as { tokens: Token[] };
  const known = (name: string) => Object.prototype.hasOwnProperty.call(options, name);
  const takesValue = (name: string) => known(name) && options[name].type === 'string';
  const hint = (name: string) => (hints[name] ? ` (${hints[name]})` : '');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const t = tokens.find((t): t is Extract<Token, { kind: 'option' }> => t.kind === 'option' && !known(t.name));
      if (!t) break;
      const near = t.rawName.startsWith('--') ? closest(t.name, Object.keys(options)) : undefined;
      return near ? tr('unknown option {0}: did you mean --{1}?', t.rawName, near) : tr('unknown option {0}', t.rawName);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      for (const t of tokens) {
        if (t.kind !== 'option' || !known(t.name)) continue;
        if (takesValue(t.name) && t.value === undefined) return tr('{0} needs a value', t.rawName) + hint(t.name);
        if (takesValue(t.name) && !t.inlineValue && t.value?.startsWith('-')) {
          return tr('{0} needs a value{1}, and the next argument "{2}" looks like an option: if it is the value, write {0}={2}', t.rawName, hint(t.name), t.value);
        }
        if (!takesValue(t.name) && t.value !== undefined) return tr('{0} takes no value (given "{1}")', t.rawName, t.value);
      }
      break;
    }
  }
  // Not one of the parser's usage errors (or a node release that words them otherwise): its first line.
  return e.message.split('\n')[0];
}

/** The option name closest to a mistyped one, when it is plausibly a typo (at most 2 edits, or a prefix). */
function closest(typed: string, names: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = name.startsWith(typed) && typed.length >= 3 ? 0 : distance(typed, name);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}
