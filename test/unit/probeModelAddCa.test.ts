/**
 * Adding the CA certificate the probe found to the folder's CA file (server/src/core/probe/addCa.ts)
 * on injected file systems, every branch: nothing without confirmation or when the PEM is not the
 * certificate whose fingerprint was shown; a new file created 0644 through writeNewFiles; an
 * existing regular file appended to (after a newline when its last line lacks one) unless the
 * certificate is in it already; a symlink or anything else refused; permission problems answered
 * with the sudo command; the other errors in words. Then nodeAppendFileSystem on a real folder.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { addCertificateToCaFile, AddCaRequest, AppendFileSystem, nodeAppendFileSystem } from '../../server/src/core/probe/addCa';
import { WriteFileSystem } from '../../server/src/core/generate/writeFiles';
import { sudoAppend } from '../../server/src/core/sudoScripts';
import { ecKey, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';
import { symlink, tempTrees } from '../helpers/tree';

const P = '/etc/docker/certs.d/reg.example.com/ca.crt';
const sha = (c: TestCert) => crypto.createHash('sha256').update(c.der).digest('hex');
const errno = (code?: string) => Object.assign(new Error(code ?? 'no code'), code ? { code } : {});

/** An AppendFileSystem with one file (or none); `calls` records what was done. */
function fakeAppend(o: { kind?: ReturnType<AppendFileSystem['kind']>; content?: string; readError?: Error; appendError?: Error } = {}) {
  const calls: string[] = [];
  const afs: AppendFileSystem = {
    kind: (p) => {
      calls.push(`kind ${p}`);
      return o.kind ?? 'file';
    },
    read: (p) => {
      calls.push(`read ${p}`);
      if (o.readError) throw o.readError;
      return Buffer.from(o.content ?? '', 'utf8');
    },
    append: (p, data) => {
      calls.push(`append ${p} ${JSON.stringify(data)}`);
      if (o.appendError) throw o.appendError;
    },
  };
  return { afs, calls };
}

/** A WriteFileSystem where nothing exists; `openError` makes the create fail. */
function fakeWrite(openError?: Error) {
  const calls: string[] = [];
  const wfs: WriteFileSystem = {
    exists: () => false,
    open: (p, flags, mode) => {
      calls.push(`open ${p} ${flags} ${mode.toString(8)}`);
      if (openError) throw openError;
      return 7;
    },
    write: (fd, content) => void calls.push(`write ${fd} ${JSON.stringify(content)}`),
    chmod: (fd, mode) => void calls.push(`chmod ${fd} ${mode.toString(8)}`),
    close: (fd) => void calls.push(`close ${fd}`),
    unlink: (p) => void calls.push(`unlink ${p}`),
    makeTempDir: () => '/tmp/certsd-test',
    removeDir: (p) => void calls.push(`rmdir ${p}`),
  };
  return { wfs, calls };
}

describe('probe model: adding a CA certificate to the CA file', () => {
  let ca: TestCert;
  let other: TestCert;
  const req = (over: Partial<AddCaRequest> = {}): AddCaRequest => ({ path: P, pem: ca.pem, sha256: sha(ca), confirmed: true, ...over });
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Probe Add CA', key: ecKey('P-256', 81) });
    other = await selfSignedCa({ commonName: 'Probe Other CA', key: ecKey('P-256', 82) });
  });

  describe('before anything is touched', () => {
    it('without confirmation: nothing is looked at', () => {
      const a = fakeAppend();
      assert.deepStrictEqual(addCertificateToCaFile(req({ confirmed: false }), a.afs, fakeWrite().wfs), {
        ok: false,
        message: `Nothing was written: adding a certificate to ${P} needs your confirmation.`,
      });
      assert.deepStrictEqual(a.calls, []);
    });

    it('a PEM that is not exactly the certificate shown: another one, none, two, a key with it (which would land in the CA file), another block type', () => {
      for (const pem of [other.pem, '', 'not pem', ca.pem + other.pem, ca.pem + ca.pem, pkcs8Pem(ecKey('P-256', 81)), pkcs8Pem(ecKey('P-256', 81)) + ca.pem, ca.pem + pkcs8Pem(ecKey('P-256', 81)), ca.pem.replace(/CERTIFICATE/g, 'X509 CERTIFICATE')]) {
        const a = fakeAppend();
        assert.deepStrictEqual(
          addCertificateToCaFile(req({ pem, sha256: sha(ca).toUpperCase() }), a.afs, fakeWrite().wfs),
          { ok: false, message: `Nothing was written: the certificate is not the one whose fingerprint (${sha(ca).toUpperCase()}) was shown.` },
          pem.slice(0, 30),
        );
        assert.deepStrictEqual(a.calls, []);
      }
    });
  });

  describe('a new file', () => {
    it('created 0644 with the PEM (a final newline added when it lacks one)', () => {
      for (const pem of [ca.pem, ca.pem.trimEnd()]) {
        const a = fakeAppend({ kind: 'missing' });
        const w = fakeWrite();
        assert.deepStrictEqual(addCertificateToCaFile(req({ pem, sha256: sha(ca).toUpperCase() }), a.afs, w.wfs), { ok: true, path: P, created: true, alreadyThere: false });
        assert.deepStrictEqual(w.calls, [`open ${P} wx 644`, 'chmod 7 644', `write 7 ${JSON.stringify(ca.pem)}`, 'close 7']);
        assert.deepStrictEqual(a.calls, [`kind ${P}`]);
      }
    });

    it('the create failing: writeNewFiles says why', () => {
      const r = addCertificateToCaFile(req(), fakeAppend({ kind: 'missing' }).afs, fakeWrite(errno('ENOENT')).wfs);
      assert.deepStrictEqual(r, { ok: false, message: 'The folder /etc/docker/certs.d/reg.example.com does not exist. Nothing was written.' });
    });
  });

  describe('an existing file', () => {
    it('appended to, after a newline only when the last line lacks one', () => {
      for (const [content, prefix] of [
        [other.pem, ''],
        [other.pem.trimEnd(), '\n'],
        ['', ''],
        ['# comment', '\n'],
      ]) {
        const a = fakeAppend({ content });
        assert.deepStrictEqual(addCertificateToCaFile(req(), a.afs, fakeWrite().wfs), { ok: true, path: P, created: false, alreadyThere: false }, JSON.stringify(content));
        assert.deepStrictEqual(a.calls, [`kind ${P}`, `read ${P}`, `append ${P} ${JSON.stringify(prefix + ca.pem)}`]);
      }
    });

    it('the certificate already there (fingerprint in any case): nothing appended', () => {
      for (const sha256 of [sha(ca), sha(ca).toUpperCase()]) {
        const a = fakeAppend({ content: other.pem + ca.pem.trimEnd() });
        assert.deepStrictEqual(addCertificateToCaFile(req({ sha256 }), a.afs, fakeWrite().wfs), { ok: true, path: P, created: false, alreadyThere: true });
        assert.deepStrictEqual(a.calls, [`kind ${P}`, `read ${P}`]);
      }
    });

    it('the same bytes in another kind of block do not count as the certificate', () => {
      const asKey = ca.pem.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE');
      const a = fakeAppend({ content: asKey });
      assert.deepStrictEqual(addCertificateToCaFile(req(), a.afs, fakeWrite().wfs), { ok: true, path: P, created: false, alreadyThere: false });
      assert.deepStrictEqual(a.calls.at(-1), `append ${P} ${JSON.stringify(ca.pem)}`);
    });

    it('a symbolic link or anything not a regular file: refused, not read', () => {
      for (const [kind, what] of [
        ['symlink', 'a symbolic link (appending would change the file it points to)'],
        ['other', 'not a regular file'],
      ] as const) {
        const a = fakeAppend({ kind });
        assert.deepStrictEqual(addCertificateToCaFile(req(), a.afs, fakeWrite().wfs), {
          ok: false,
          message: `Nothing was written: ${P} is ${what}. Add the certificate to a new .crt file in the folder instead.`,
        });
        assert.deepStrictEqual(a.calls, [`kind ${P}`]);
      }
    });

    const needsRoot = (pem: string) => ({
      ok: false,
      message: `Permission denied writing ${P}: the folder needs root. Nothing was written. Run the command below in a terminal: it appends the certificate with sudo and leaves the file's content as it was otherwise.`,
      shellCommand: sudoAppend(P, pem),
    });

    it('not readable or not writable for this user: the sudo command, with the PEM ending in a newline', () => {
      for (const code of ['EACCES', 'EPERM']) {
        assert.deepStrictEqual(addCertificateToCaFile(req({ pem: ca.pem.trimEnd() }), fakeAppend({ readError: errno(code) }).afs, fakeWrite().wfs), needsRoot(ca.pem), `read ${code}`);
        assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ appendError: errno(code) }).afs, fakeWrite().wfs), needsRoot(ca.pem), `append ${code}`);
      }
    });

    it('other read errors', () => {
      assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ readError: errno('EIO') }).afs, fakeWrite().wfs), { ok: false, message: `Could not read ${P} (EIO). Nothing was written.` });
      assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ readError: errno() }).afs, fakeWrite().wfs), { ok: false, message: `Could not read ${P} (error). Nothing was written.` });
    });

    it('other append errors: the file gone meanwhile, or anything else', () => {
      assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ appendError: errno('ENOENT') }).afs, fakeWrite().wfs), { ok: false, message: `${P} disappeared meanwhile. Nothing was written.` });
      assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ appendError: errno('ENOSPC') }).afs, fakeWrite().wfs), { ok: false, message: `Could not append to ${P} (ENOSPC).` });
      assert.deepStrictEqual(addCertificateToCaFile(req(), fakeAppend({ appendError: errno() }).afs, fakeWrite().wfs), { ok: false, message: `Could not append to ${P} (error).` });
    });
  });

  describe('nodeAppendFileSystem', () => {
    const tree = tempTrees();

    it('kind: missing, file, symlink (even dangling), other; errors other than ENOENT are thrown', () => {
      const t = tree({ reg: { 'ca.crt': 'x', link: symlink('ca.crt'), dangling: symlink('nowhere'), sub: {} } });
      assert.equal(nodeAppendFileSystem.kind(t.path('reg', 'none.crt')), 'missing');
      assert.equal(nodeAppendFileSystem.kind(t.path('reg', 'ca.crt')), 'file');
      assert.equal(nodeAppendFileSystem.kind(t.path('reg', 'link')), 'symlink');
      assert.equal(nodeAppendFileSystem.kind(t.path('reg', 'dangling')), 'symlink');
      assert.equal(nodeAppendFileSystem.kind(t.path('reg', 'sub')), 'other');
      assert.throws(() => nodeAppendFileSystem.kind(t.path('reg', 'ca.crt', 'below')), { code: 'ENOTDIR' });
    });

    it('read, and append only to a file that exists (no O_CREAT)', () => {
      const t = tree({ reg: { 'ca.crt': 'first\n' } });
      nodeAppendFileSystem.append(t.path('reg', 'ca.crt'), 'second\n');
      assert.deepStrictEqual(nodeAppendFileSystem.read(t.path('reg', 'ca.crt')), Buffer.from('first\nsecond\n'));
      assert.throws(() => nodeAppendFileSystem.append(t.path('reg', 'new.crt'), 'x'), { code: 'ENOENT' });
      assert.equal(fs.existsSync(t.path('reg', 'new.crt')), false);
    });

    it('the whole request on a real folder, with the default file systems', () => {
      const t = tree({ reg: { 'ca.crt': other.pem.trimEnd() } });
      const p = t.path('reg', 'ca.crt');
      assert.deepStrictEqual(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: true }), { ok: true, path: p, created: false, alreadyThere: false });
      assert.equal(fs.readFileSync(p, 'utf8'), other.pem.trimEnd() + '\n' + ca.pem);
    });
  });
});
