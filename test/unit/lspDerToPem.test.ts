/**
 * DER -> PEM as the server plans it (server/src/lsp/derToPem.ts), on a made-up disk: the PEM text,
 * the name the DER original keeps when the PEM takes its name, the refusals (unreadable, not a
 * certificate, the name taken, converted before), the sudo command where root owns the folder,
 * and which fix / "already converted" answer the findings give for a file.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import type { Finding } from '../../server/src/core/findings';
import { sudoWriteNew } from '../../server/src/core/sudoScripts';
import { alreadyConvertedPlan, DerToPemFix, derToPemFixFor, planDerToPem } from '../../server/src/lsp/derToPem';
import type { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { pemBlock, selfSignedCa, TestCert } from '../helpers/pki';

interface Disk {
  files: Record<string, Buffer | string>;
  /** Folders the editor can write in. */
  writable: string[];
  /** Files whose reading fails (EACCES). */
  unreadable?: string[];
}

/** A workspace whose disk is `disk` and whose findings are `findings` (for every host folder). */
function workspace(disk: Disk, findings: Finding[] = []): { ws: CertsdWorkspace; asked: string[] } {
  const asked: string[] = [];
  const fs = {
    readFile: (p: string) => {
      if (disk.unreadable?.includes(p) || !(p in disk.files)) throw Object.assign(new Error(`EACCES: ${p}`), { code: 'EACCES' });
      return Buffer.from(disk.files[p]);
    },
    exists: (p: string) => p in disk.files || (disk.unreadable ?? []).includes(p),
    canWrite: (d: string) => (asked.push(d), disk.writable.includes(d)),
  };
  const ws = { fs, hostOf: (p: string) => (p.startsWith('/certs.d/') ? { host: { findings } } : undefined) } as unknown as CertsdWorkspace;
  return { ws, asked };
}

const fixOf = (from: string, to: string): DerToPemFix => ({ kind: 'der-to-pem', title: `Convert to PEM as ${to}`, path: from, to });

describe('DER -> PEM: the plan', () => {
  let ca: TestCert;
  let other: TestCert;
  /** The PEM a user expects: Node's own encoding of the certificate. */
  let pem: string;
  const dir = '/certs.d/reg.example.com';
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Der Root' });
    other = await selfSignedCa({ commonName: 'Other Root' });
    pem = new crypto.X509Certificate(ca.der).toString();
  });

  it('wraps the certificate as PEM under the new name, keeping the DER file as it is', () => {
    const { ws, asked } = workspace({ files: { [`${dir}/ca.cer`]: ca.der }, writable: [dir] });
    const plan = planDerToPem(ws, fixOf(`${dir}/ca.cer`, `${dir}/ca.crt`));
    assert.deepEqual(plan, { ok: true, from: `${dir}/ca.cer`, keep: undefined, to: `${dir}/ca.crt`, pem });
    assert.deepEqual(asked, [dir]);
  });

  it('renames a DER file to .der when the PEM takes its name, whatever its extension', () => {
    const cases: [string, string][] = [
      [`${dir}/ca.crt`, `${dir}/ca.der`],
      [`${dir}/ca.tar.crt`, `${dir}/ca.tar.der`],
      [`${dir}/cacert`, `${dir}/cacert.der`],
      [`${dir}/.crt`, `${dir}/.der`],
    ];
    for (const [file, keep] of cases) {
      const { ws } = workspace({ files: { [file]: ca.der }, writable: [dir] });
      assert.deepEqual(planDerToPem(ws, fixOf(file, file)), { ok: true, from: file, keep, to: file, pem }, file);
    }
  });

  it('says when the file cannot be read or is no DER certificate, naming it by its base name', () => {
    const { ws } = workspace({ files: { [`${dir}/junk.cer`]: Buffer.from('not a certificate') }, writable: [dir], unreadable: [`${dir}/locked.cer`] });
    assert.deepEqual(planDerToPem(ws, fixOf(`${dir}/locked.cer`, `${dir}/locked.crt`)), { ok: false, message: 'locked.cer cannot be read.' });
    assert.deepEqual(planDerToPem(ws, fixOf(`${dir}/junk.cer`, `${dir}/junk.crt`)), { ok: false, message: 'junk.cer is not a DER certificate.' });
    // A PEM file is not DER either (it changed since it was checked).
    const { ws: changed } = workspace({ files: { [`${dir}/ca.cer`]: ca.pem }, writable: [dir] });
    assert.deepEqual(planDerToPem(changed, fixOf(`${dir}/ca.cer`, `${dir}/ca.crt`)), { ok: false, message: 'ca.cer is not a DER certificate.' });
  });

  it('never overwrites: a name holding something else is refused', () => {
    const refused = (taken: string) => ({ ok: false, message: `${taken} already exists: rename or remove it first (nothing is overwritten).` });
    const from = `${dir}/ca.cer`;
    for (const content of [other.pem, other.der, '', pemBlock('TRUSTED CERTIFICATE', ca.der), pem.slice(0, 200)]) {
      const { ws, asked } = workspace({ files: { [from]: ca.der, [`${dir}/ca.crt`]: content }, writable: [dir] });
      assert.deepEqual(planDerToPem(ws, fixOf(from, `${dir}/ca.crt`)), refused('ca.crt'), JSON.stringify(content).slice(0, 40));
      assert.deepEqual(asked, []);
    }
    // The name there but unreadable.
    const { ws } = workspace({ files: { [from]: ca.der }, writable: [dir], unreadable: [`${dir}/ca.crt`] });
    assert.deepEqual(planDerToPem(ws, fixOf(from, `${dir}/ca.crt`)), refused('ca.crt'));
    // In place: the .der name is the one that must be free.
    const { ws: inPlace } = workspace({ files: { [`${dir}/ca.crt`]: ca.der, [`${dir}/ca.der`]: other.der }, writable: [dir] });
    assert.deepEqual(planDerToPem(inPlace, fixOf(`${dir}/ca.crt`, `${dir}/ca.crt`)), refused('ca.der'));
  });

  it('says "already converted" when the name holds this very certificate, as DER or among PEM blocks', () => {
    const from = `${dir}/ca.cer`;
    const converted = { ok: false, alreadyConverted: true, message: 'ca.cer is already converted: ca.crt holds the same certificate. Nothing was changed.' };
    for (const content of [pem, ca.der, other.pem + pem, pemBlock('PRIVATE KEY', ca.der) + pem]) {
      const { ws } = workspace({ files: { [from]: ca.der, [`${dir}/ca.crt`]: content }, writable: [dir] });
      assert.deepEqual(planDerToPem(ws, fixOf(from, `${dir}/ca.crt`)), converted);
    }
    const { ws } = workspace({ files: { [`${dir}/ca.crt`]: ca.der, [`${dir}/ca.der`]: ca.der }, writable: [dir] });
    assert.deepEqual(planDerToPem(ws, fixOf(`${dir}/ca.crt`, `${dir}/ca.crt`)), {
      ok: false,
      alreadyConverted: true,
      message: 'ca.crt is already converted: ca.der holds the same certificate. Nothing was changed.',
    });
  });

  it('gives the sudo command where root owns the folder: a new file, or the rename and the new file', () => {
    const { ws, asked } = workspace({ files: { [`${dir}/ca.cer`]: ca.der, [`${dir}/ca.crt`]: ca.der.subarray(0, 0) }, writable: [] });
    // ca.crt exists (empty): refused before the folder is asked about.
    assert.equal((planDerToPem(ws, fixOf(`${dir}/ca.cer`, `${dir}/ca.crt`)) as { message: string }).message, 'ca.crt already exists: rename or remove it first (nothing is overwritten).');
    assert.deepEqual(asked, []);
    const { ws: rootOwned } = workspace({ files: { [`${dir}/ca.cer`]: ca.der, [`${dir}/ca.crt`]: ca.der }, writable: [] });
    assert.deepEqual(planDerToPem(rootOwned, fixOf(`${dir}/ca.cer`, `${dir}/ca.pem`)), {
      ok: false,
      message: `${dir} belongs to another user (root), so the editor cannot write there. Run this in a terminal:`,
      shellCommand: sudoWriteNew(pem, `${dir}/ca.pem`, undefined, undefined),
    });
    assert.deepEqual(planDerToPem(rootOwned, fixOf(`${dir}/ca.crt`, `${dir}/ca.crt`)), {
      ok: false,
      message: `${dir} belongs to another user (root), so the editor cannot write there. Run this in a terminal:`,
      shellCommand: sudoWriteNew(pem, `${dir}/ca.crt`, `${dir}/ca.crt`, `${dir}/ca.der`),
    });
    // The script's arguments, in order: to, from, keep, the PEM text.
    assert.ok(sudoWriteNew(pem, `${dir}/ca.crt`, `${dir}/ca.crt`, `${dir}/ca.der`).endsWith(` sh ${dir}/ca.crt ${dir}/ca.crt ${dir}/ca.der '${pem}'`));
    assert.ok(sudoWriteNew(pem, `${dir}/ca.pem`, undefined, undefined).endsWith(` sh ${dir}/ca.pem '' '' '${pem}'`));
  });
});

describe('DER -> PEM: what the findings offer for a file', () => {
  const file = '/certs.d/reg.example.com/ca.cer';
  const fix = fixOf(file, '/certs.d/reg.example.com/ca.crt');
  const finding = (f: Partial<Finding>): Finding => ({ code: 'certsd/x', severity: 'warning', message: 'm', path: file, ...f }) as Finding;

  it("finds the file's der-to-pem fix among its findings' fixes, not another file's", () => {
    const elsewhere = fixOf('/certs.d/reg.example.com/b.cer', '/certs.d/reg.example.com/b.crt');
    const findings = [
      finding({ path: '/certs.d/reg.example.com/b.cer', fixes: [elsewhere] }),
      finding({}),
      finding({ fixes: [{ kind: 'rename', title: 'Rename', from: file, to: '/certs.d/reg.example.com/ca.der' } as never] }),
      finding({ fixes: [{ kind: 'delete', title: 'Delete', path: file } as never, fix] }),
    ];
    const { ws } = workspace({ files: {}, writable: [] }, findings);
    assert.equal(derToPemFixFor(ws, file), fix);
    assert.equal(derToPemFixFor(ws, '/certs.d/reg.example.com/b.cer'), elsewhere);
    assert.equal(derToPemFixFor(ws, '/certs.d/reg.example.com/c.cer'), undefined);
    // A file outside every host folder.
    assert.equal(derToPemFixFor(ws, '/elsewhere/ca.cer'), undefined);
  });

  it("says a DER original is already converted, in the finding's words", () => {
    const findings = [
      finding({ path: '/certs.d/reg.example.com/b.cer', code: 'certsd/der-original', message: 'not this one' }),
      finding({ code: 'certsd/der-ignored', message: 'not this code' }),
      finding({ code: 'certsd/der-original', message: 'ca.cer is the DER original of ca.crt.' }),
    ];
    const { ws } = workspace({ files: {}, writable: [] }, findings);
    assert.deepEqual(alreadyConvertedPlan(ws, file), { ok: false, alreadyConverted: true, message: 'ca.cer is already converted: ca.cer is the DER original of ca.crt.' });
    assert.equal(alreadyConvertedPlan(ws, '/certs.d/reg.example.com/c.cer'), undefined);
    assert.equal(alreadyConvertedPlan(ws, '/elsewhere/ca.cer'), undefined);
    const { ws: none } = workspace({ files: {}, writable: [] }, [finding({ code: 'certsd/der-ignored' })]);
    assert.equal(alreadyConvertedPlan(none, file), undefined);
  });
});
