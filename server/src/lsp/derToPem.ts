/**
 * DER -> PEM, planned once for both ways to ask for it: the quick fix (editors that open binary
 * files) and the `certsd/derToPem` request behind VS Code's explorer command (VS Code will not open
 * a DER file as text, so no quick fix can be asked for there). The DER file is kept: renamed to
 * .der when the PEM takes its name. Nothing is overwritten.
 */
import * as path from 'node:path';
import { Fix } from '../core/findings';
import { encodePem } from '../core/go/pem';
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
  if (ws.fs.exists(taken)) return { ok: false, message: t('{0} already exists: rename or remove it first (nothing is overwritten).', path.basename(taken)) };
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
