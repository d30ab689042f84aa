/**
 * One host folder in a line, for the editor's Registries view and the generator's host picker: the
 * engine's verdict (the code lens's words), how bad its worst finding is, and the certificate the
 * engine takes from it that expires first.
 */
import type { HostCheck } from './check';
import { FactsCache } from './facts';
import { SEVERITY_ORDER, Severity } from './findings';
import { FileSystemView } from './fsview';
import { certificatesInUse, describeCert } from './rules/util';
import { hostFails, hostVerdict } from './verdict';
import { isoSeconds } from './dates';

export interface SoonestExpiry {
  /** ISO 8601, without milliseconds. */
  notAfter: string;
  /** The file that holds it. */
  path: string;
  /** `"registry CA"`: its common name, else its subject. */
  subject: string;
}

export interface HostSummary {
  verdict: string;
  /** The worst finding's severity; `error` too when the engine refuses the folder; `ok` without findings. */
  severity: Severity | 'ok';
  /** Findings of the folder and its files. */
  problems: number;
  /** Client certificate + key pairs the engine loads (a working pair: the generator asks before adding another). */
  clientPairs: number;
  soonestExpiry: SoonestExpiry | null;
}

function worstSeverity(check: HostCheck): HostSummary['severity'] {
  if (hostFails(check.report)) return 'error';
  let worst: HostSummary['severity'] = 'ok';
  for (const f of check.findings) if (worst === 'ok' || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst]) worst = f.severity;
  return worst;
}

/** The certificate the engine takes from the folder (CA roots and client certificates) that expires first. */
export function soonestExpiry(check: HostCheck, fs: FileSystemView): SoonestExpiry | null {
  // A folder the engine refuses gives it no TLS configuration: nothing it takes expires.
  if (!check.report.load.ok) return null;
  const cache = new FactsCache(fs);
  let soonest: SoonestExpiry | null = null;
  let soonestTime = Infinity;
  for (const c of certificatesInUse({ host: check.dir, load: check.report.load, cache })) {
    if (c.use === 'chain') continue;
    const t = c.cert.notAfter.getTime();
    if (t < soonestTime) {
      soonestTime = t;
      soonest = { notAfter: isoSeconds(c.cert.notAfter), path: c.file.path, subject: describeCert(c.cert) };
    }
  }
  return soonest;
}

export function hostSummary(check: HostCheck, fs: FileSystemView): HostSummary {
  const { report } = check;
  return {
    verdict: hostVerdict(report),
    severity: worstSeverity(check),
    problems: check.findings.length,
    clientPairs: report.load.ok ? report.load.clientPairs : 0,
    soonestExpiry: soonestExpiry(check, fs),
  };
}
