/**
 * certsd/addCaCertificate: the server side of a connection test's "Add <CA> to ca.crt" button.
 * The client asks the user first (a modal dialog with the subject and SHA-256 fingerprint) and
 * sends the request only on "Add certificate", with `confirmed: true`; the write itself is the
 * core's (core/probe/addCa.ts: append only, never through a link, the sudo command where root owns
 * the file). The server writes only what its own probe offered: the same certificate, for the same
 * file, in this session, so a request made up by anything else that can talk to the server writes
 * nothing.
 */
import { addCertificateToCaFile, AppendFileSystem } from '../core/probe/addCa';
import type { ProbeReport } from '../core/probe/report';
import type { WriteFileSystem } from '../core/generate/writeFiles';
import { AddCaCertificateParams, AddCaResult } from '../protocol';
import { t } from '../core/l10n';

/** How many offers are remembered (each test offers one or two): the oldest go first. */
const REMEMBERED = 64;

export class OfferedCaCertificates {
  private readonly offers = new Set<string>();

  private static key(path: string, sha256: string): string {
    return `${path}\0${sha256.toLowerCase()}`;
  }

  /** The add-ca fixes of a probe's report, as the client will show them. */
  remember(report: ProbeReport): void {
    for (const a of report.advice) {
      if (a.fix?.kind !== 'add-ca') continue;
      const key = OfferedCaCertificates.key(a.fix.path, a.fix.sha256);
      this.offers.delete(key);
      this.offers.add(key);
    }
    for (const old of this.offers) {
      if (this.offers.size <= REMEMBERED) break;
      this.offers.delete(old);
    }
  }

  has(path: string, sha256: string): boolean {
    return this.offers.has(OfferedCaCertificates.key(path, sha256));
  }
}

export interface AddCaWrites {
  append?: AppendFileSystem;
  write?: WriteFileSystem;
}

export function addCaCertificate(params: AddCaCertificateParams, offered: OfferedCaCertificates, writes: AddCaWrites = {}): AddCaResult {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Partial<AddCaCertificateParams>;
  if (typeof p.path !== 'string' || typeof p.pem !== 'string' || typeof p.sha256 !== 'string') {
    return { ok: false, message: t('Nothing was written: the request names no CA file, certificate and fingerprint.') };
  }
  if (p.confirmed !== true) return { ok: false, message: t('Nothing was written: adding a certificate to {0} needs your confirmation.', p.path) };
  if (!offered.has(p.path, p.sha256)) {
    return { ok: false, message: t('Nothing was written: no connection test in this session offered this certificate for {0}. Test the connection again.', p.path) };
  }
  return addCertificateToCaFile({ path: p.path, pem: p.pem, sha256: p.sha256, confirmed: true }, writes.append, writes.write);
}
