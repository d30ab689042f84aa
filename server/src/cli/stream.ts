/**
 * `certsd check` on large trees: each host folder is printed as soon as it is checked, then dropped
 * (run.ts streamCheck). The output is the whole-run formatters' byte for byte: they are built from
 * the same pieces (formatText textPrinter, formatJson jsonPrinter, formatSarif sarifPrinter).
 * What must wait is small: JSON's findings come after every host, SARIF's results per root sorted.
 */
import { CheckEnv, CheckOptions } from '../core/check';
import { RootLocation, RootsSetting } from '../core/roots';
import { Engine } from '../core/tree';
import { jsonPrinter } from './formatJson';
import { sarifPrinter } from './formatSarif';
import { textPrinter, TextOptions } from './formatText';
import { FindingCounts, RunSink, streamCheck } from './run';

export type StreamFormat = { format: 'text'; color: boolean; text: Omit<TextOptions, 'quiet'> } | { format: 'json' } | { format: 'sarif'; version: string; cwd: string };

export interface StreamOptions {
  engine?: Engine;
  setting?: RootsSetting;
  quiet?: boolean;
  /** Text only: no summary line when nothing was found to check (the note said so). */
  noSummary?: boolean;
}

/** Output is handed to `write` in chunks of about this size: few writes, little held. */
const CHUNK = 64 * 1024;

/** Checks and prints as it goes; returns the counts of every finding (shown or hidden by --quiet). */
export function streamReport(locations: RootLocation[], env: CheckEnv, options: CheckOptions, f: StreamFormat, o: StreamOptions, write: (s: string) => void): FindingCounts {
  let pending: string[] = [];
  let size = 0;
  const out = (s: string) => {
    if (s === '') return;
    pending.push(s);
    size += s.length;
    if (size >= CHUNK) flush();
  };
  const flush = () => {
    if (pending.length) write(pending.join(''));
    pending = [];
    size = 0;
  };
  let counts: FindingCounts;
  if (f.format === 'text') {
    // --quiet: host folders without an error are left out; the summary gets the counts at the end.
    const text = textPrinter(f.color, { ...f.text, quiet: o.quiet ? { error: 0, warning: 0, information: 0, hint: 0 } : undefined });
    const sink: RunSink = {
      begin: () => undefined,
      root: (root, rest) => out(text.root(root.path, rest)),
      host: (_root, report, own) => out(text.host(report, own, out)),
    };
    counts = streamCheck(locations, env, options, sink, o);
    if (!o.noSummary) out(o.quiet ? text.summary({ error: counts.error, warning: 0, information: 0, hint: 0 }, counts) : text.summary(counts));
  } else if (f.format === 'json') {
    let json: ReturnType<typeof jsonPrinter> | undefined;
    const sink: RunSink = {
      begin: (engine, orders) => {
        json = jsonPrinter(engine, orders);
        out(json.start());
      },
      root: () => undefined,
      host: (_root, report) => out(json!.host(report)),
      rootEnd: (_root, findings) => json!.findings(findings),
    };
    counts = streamCheck(locations, env, options, sink, o);
    out(json!.end());
  } else {
    const sarif = sarifPrinter(f.version, f.cwd);
    out(sarif.start());
    const sink: RunSink = { begin: () => undefined, root: () => undefined, host: () => undefined, rootEnd: (_root, findings) => out(sarif.results(findings)) };
    counts = streamCheck(locations, env, options, sink, o);
    out(sarif.end());
  }
  flush();
  return counts;
}
