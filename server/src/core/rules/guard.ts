/**
 * Every rule runs under a guard: a throw inside one (a bug in certsd, met on some odd file) becomes
 * a finding naming the rule, and the other rules and folders are checked as usual. Parsers contain
 * their own failures (facts.ts, x509.ts); this is the net under the rules.
 */
import { t } from '../l10n';
import type { HostCheck, HostReport } from '../check';
import { LoadResult } from '../engines/result';
import { Finding, ZERO_RANGE } from '../findings';
import { FileCheckError } from '../facts';
import { escapeControls } from '../fsNames';
import { CertsdRoot, HostDir } from '../tree';
import { HostContext, HostRule, Report, RootContext, RootRule } from './rule';

export const INTERNAL_ERROR = 'certsd/internal-error';

/** The error's kind and first words: never its stack, never more than a line (no file content can ride along). */
export function describeInternalError(e: unknown): string {
  const cause = e instanceof FileCheckError ? e.cause : e;
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const line = escapeControls(text.split('\n')[0]);
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}

/** The finding for a failure of certsd's own: on the file it met, when it is known (FileCheckError), else where the rule ran. */
export function internalErrorFinding(what: string, e: unknown, path: string, hostPath?: string): Finding {
  const message =
    e instanceof FileCheckError
      ? t("certsd could not {0} ({1}), so what the engine makes of it is not known (met by certsd's {2}); the rest of the tree was checked. This is a bug in certsd: please report it.", e.what, describeInternalError(e), what)
      : t("certsd's {0} failed here ({1}), so what it looks for is not known; everything else was checked. This is a bug in certsd: please report it.", what, describeInternalError(e));
  return { code: INTERNAL_ERROR, severity: 'error', path: e instanceof FileCheckError ? e.path : path, hostPath, range: ZERO_RANGE, summary: t('certsd could not check this (a bug in certsd)'), message };
}

/** Files set aside before a rule gives up on a folder: a bug met on more is not worth more tries. */
const MAX_SET_ASIDE = 4;

/**
 * Runs one rule on a host folder. When it throws on a file (FileCheckError), the file gets an
 * internal-error finding and the rule runs again without it (its findings from the failed try are
 * dropped), so that it still judges the other files; any other throw ends the rule with one finding
 * on the folder.
 */
export function runHostRuleGuarded(rule: HostRule, ctx: Omit<HostContext, 'report'>, findings: Finding[], report: (into: Finding[]) => Report): void {
  const setAside: FileCheckError[] = [];
  for (;;) {
    const attempt: Finding[] = [];
    const skip = new Set(setAside.map((e) => e.path));
    const host = skip.size ? { ...ctx.host, entries: ctx.host.entries.filter((e) => !skip.has(e.path)) } : ctx.host;
    try {
      rule.check({ ...ctx, host, report: report(attempt) });
      findings.push(...attempt);
      break;
    } catch (e) {
      if (e instanceof FileCheckError && !skip.has(e.path) && setAside.length < MAX_SET_ASIDE) {
        setAside.push(e);
        continue;
      }
      findings.push(...attempt);
      // A file set aside that fails again (read by its path, not from the listing) is reported once, below.
      if (!(e instanceof FileCheckError && skip.has(e.path))) findings.push(internalErrorFinding(`${rule.code} check`, e, ctx.host.path, ctx.host.path));
      break;
    }
  }
  for (const e of setAside) findings.push(internalErrorFinding(`${rule.code} check`, e, ctx.host.path, ctx.host.path));
}

/** Runs one root rule; a throw becomes an internal-error finding (on the file it met, else on the root). */
export function runRootRuleGuarded(rule: RootRule, ctx: RootContext, findings: Finding[]): void {
  try {
    rule.check(ctx);
  } catch (e) {
    findings.push(internalErrorFinding(`${rule.code} check`, e, ctx.root.path));
  }
}

/** A host folder whose simulation itself failed: no verdict, one finding that says so. */
export function failedHostCheck(root: CertsdRoot, host: HostDir, report: Omit<HostReport, 'load'>, e: unknown): HostCheck {
  const load: LoadResult = {
    engine: root.engine,
    ok: false,
    error: `certsd could not work out what ${root.engine} does with this folder (${describeInternalError(e)})`,
    errors: [],
    caRoots: 0,
    ignoredCaFiles: 0,
    clientPairs: 0,
    systemRoots: false,
    caFiles: [],
    pairs: [],
    caCertificates: [],
    clientCertificates: [],
    hostsToml: false,
  };
  return { dir: host, report: { ...report, load }, findings: [internalErrorFinding('simulation of the engine', e, host.path, host.path)] };
}
