/**
 * DER -> PEM, planned once for both ways to ask for it: the quick fix (editors that open binary
 * files) and the `certsd/derToPem` request behind VS Code's explorer command (VS Code will not open
 * a DER file as text, so no quick fix can be asked for there). The DER file is kept: renamed to
 * .der when the PEM takes its name. Nothing is overwritten.
 */
import * as path from 'node:path';
import { Fix } from '../core/findings';
import { decodeAll, encodePem } from '../core/go/pem';
import { sudoWriteNew } from '../core/sudoScripts';
import { parseCertificate } from '../core/go/x509';
import { DerToPemPlan } from '../protocol';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

export type DerToPemFix = Extract<Fix, { kind: 'der-to-pem' }>;

/** Whether the new name is free and the folder writable is asked of the workspace's port (ws.fs). */
export function planDerToPem(ws: CertsdWorkspace, fix: DerToPemFix): DerToPemPlan {
  let der: Buffer;
  try {
    der = Buffer.from(ws.fs.readFile(fix.path));
  } catch {
    return { ok: false, message: t('{0} cannot be read.', path.basename(fix.path)) };
  }
  // The file may have changed since it was checked: only a certificate is ever wrapped as one.
  if (!parseCertificate(der).ok) return { ok: false, message: t('{0} is not a DER certificate.', path.basename(fix.path)) };
  const pem = encodePem('CERTIFICATE', der);
  const keep = fix.to === fix.path ? fix.path.replace(/\.[^./]*$/, '') + '.der' : undefined;
  const taken = keep ?? fix.to;
  if (ws.fs.exists(taken)) {
    // Converted before: the name holds this very certificate (in PEM, or the DER kept last time).
    if (holdsCertificate(ws, taken, der)) return { ok: false, alreadyConverted: true, message: t('{0} is already converted: {1} holds the same certificate. Nothing was changed.', path.basename(fix.path), path.basename(taken)) };
    return { ok: false, message: t('{0} already exists: rename or remove it first (nothing is overwritten).', path.basename(taken)) };
  }
  const dir = path.dirname(fix.path);
  if (!ws.fs.canWrite(dir)) {
    return {
      ok: false,
      message: t('{0} belongs to another user (root), so the editor cannot write there. Run this in a terminal:', dir),
      shellCommand: sudoWriteNew(pem, fix.to, keep && fix.path, keep),
    };
  }
  return { ok: true, from: fix.path, keep, to: fix.to, pem };
}

/** Does `file` hold the certificate `der`, as DER or as one of its PEM blocks? */
function holdsCertificate(ws: CertsdWorkspace, file: string, der: Buffer): boolean {
  let data: Buffer;
  try {
    data = Buffer.from(ws.fs.readFile(file));
  } catch {
    return false;
  }
  if (data.equals(der)) return true;
  return decodeAll(data).some((b) => b.type === 'CERTIFICATE' && Buffer.from(b.bytes).equals(der));
}

/**
 * Why a file has no der-to-pem fix, when it was converted already: the check found it to be the
 * DER original of a PEM file (certsd/der-original). Said plainly, instead of "not a DER certificate".
 */
export function alreadyConvertedPlan(ws: CertsdWorkspace, filePath: string): DerToPemPlan | undefined {
  const f = ws.hostOf(filePath)?.host.findings.find((x) => x.path === filePath && x.code === 'certsd/der-original');
  return f ? { ok: false, alreadyConverted: true, message: `${path.basename(filePath)} is already converted: ${f.message}` } : undefined;
}

/** The der-to-pem fix the findings offer for a file, if any. */
export function derToPemFixFor(ws: CertsdWorkspace, filePath: string): DerToPemFix | undefined {
  const where = ws.hostOf(filePath);
  for (const f of where?.host.findings ?? []) {
    if (f.path !== filePath) continue;
    const fix = f.fixes?.find((x): x is DerToPemFix => x.kind === 'der-to-pem');
    if (fix) return fix;
  }
  return undefined;
}
