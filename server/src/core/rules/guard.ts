/**
 * Every rule runs under a guard: a throw inside one (a bug in certsd, met on some odd file) becomes
 * a finding naming the rule, and the other rules and folders are checked as usual. Parsers contain
 * their own failures (facts.ts, x509.ts); this is the net under the rules.
 */
import type { HostCheck, HostReport } from '../check';
import { LoadResult } from '../engines';
import { Finding, ZERO_RANGE } from '../findings';
import { FileCheckError } from '../facts';
import { escapeControls } from '../fsNames';
import { CertsdRoot, HostDir } from '../tree';
import { Rule } from './rule';

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
      ? `certsd could not ${e.what} (${describeInternalError(e)}), so what the engine makes of it is not known (met by certsd's ${what}); the rest of the tree was checked. This is a bug in certsd: please report it.`
      : `certsd's ${what} failed here (${describeInternalError(e)}), so what it looks for is not known; everything else was checked. This is a bug in certsd: please report it.`;
  return { code: INTERNAL_ERROR, severity: 'error', path: e instanceof FileCheckError ? e.path : path, hostPath, range: ZERO_RANGE, message };
}

/** Runs one rule; a throw becomes an internal-error finding on `path` (the host folder, or the root). */
export function runGuarded(rule: Rule, findings: Finding[], path: string, hostPath: string | undefined, check: () => void): void {
  try {
    check();
  } catch (e) {
    findings.push(internalErrorFinding(`${rule.code} check`, e, path, hostPath));
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
