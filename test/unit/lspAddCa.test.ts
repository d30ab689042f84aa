/**
 * certsd/addCaCertificate on the server side (server/src/lsp/addCa.ts): only a certificate that a
 * connection test of this session offered, for that very file, and only with `confirmed: true`, is
 * written; the offers kept are the newest 64. The writes go through injected file systems, so
 * what was appended or created is seen exactly.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import type { AppendFileSystem } from '../../server/src/core/probe/addCa';
import type { Advice, ProbeReport } from '../../server/src/core/probe/report';
import type { WriteFileSystem } from '../../server/src/core/generate/writeFiles';
import { addCaCertificate, OfferedCaCertificates } from '../../server/src/lsp/addCa';
import { selfSignedCa, TestCert } from '../helpers/pki';

const sha256 = (c: TestCert) => crypto.createHash('sha256').update(new crypto.X509Certificate(c.pem).raw).digest('hex');

const addCa = (path: string, cert: TestCert): Advice => ({
  code: 'probe/missing-intermediate',
  message: 'the server does not send its intermediate',
  fix: { kind: 'add-ca', path, subject: 'CN=x', sha256: sha256(cert), pem: cert.pem, createsFile: false },
});

const reportWith = (advice: Advice[]): ProbeReport => ({ advice }) as unknown as ProbeReport;

/** One existing CA file, `content`, that records what is appended to it. */
function appendFs(content: string) {
  const appended: [string, string][] = [];
  const afs: AppendFileSystem = {
    kind: () => 'file',
    read: () => Buffer.from(content),
    append: (p, data) => void appended.push([p, data]),
  };
  return { afs, appended };
}

/** No file anywhere; records the files created. */
function createFs() {
  const created: { path: string; mode: number; content: string }[] = [];
  const wfs: WriteFileSystem = {
    exists: () => false,
    open: (p, _flags, mode) => created.push({ path: p, mode, content: '' }) - 1,
    write: (fd, content) => void (created[fd].content += content),
    chmod: () => undefined,
    close: () => undefined,
    unlink: () => undefined,
    makeTempDir: () => {
      throw new Error('no temp folder in this test');
    },
    removeDir: () => undefined,
  };
  const afs: AppendFileSystem = {
    kind: () => 'missing',
    read: () => {
      throw new Error('nothing to read');
    },
    append: () => {
      throw new Error('nothing to append to');
    },
  };
  return { afs, wfs, created };
}

describe('certsd/addCaCertificate: what the server writes', () => {
  let ca: TestCert;
  let other: TestCert;
  const CA_FILE = '/etc/containerd/certs.d/reg.example.com/ca.crt';
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Add CA Root' });
    other = await selfSignedCa({ commonName: 'Other Root' });
  });

  it('appends an offered certificate after a newline the file lacks, once confirmed', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(reportWith([addCa(CA_FILE, ca)]));
    const { afs, appended } = appendFs(other.pem.trimEnd());
    const r = addCaCertificate({ path: CA_FILE, pem: ca.pem, sha256: sha256(ca), confirmed: true }, offered, { append: afs });
    assert.deepEqual(r, { ok: true, path: CA_FILE, created: false, alreadyThere: false });
    assert.deepEqual(appended, [[CA_FILE, '\n' + ca.pem]]);
  });

  it('creates the file through the write port when it is missing', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(reportWith([addCa(CA_FILE, ca)]));
    const { afs, wfs, created } = createFs();
    const r = addCaCertificate({ path: CA_FILE, pem: ca.pem, sha256: sha256(ca), confirmed: true }, offered, { append: afs, write: wfs });
    assert.deepEqual(r, { ok: true, path: CA_FILE, created: true, alreadyThere: false });
    assert.deepEqual(created, [{ path: CA_FILE, mode: 0o644, content: ca.pem }]);
  });

  it('matches the fingerprint whatever its case, in the offer and in the request', () => {
    const offered = new OfferedCaCertificates();
    const advice = addCa(CA_FILE, ca);
    if (advice.fix?.kind === 'add-ca') advice.fix.sha256 = advice.fix.sha256.toUpperCase();
    offered.remember(reportWith([advice]));
    assert.equal(offered.has(CA_FILE, sha256(ca)), true);
    assert.equal(offered.has(CA_FILE, sha256(ca).toUpperCase()), true);
    const { afs, appended } = appendFs('');
    const r = addCaCertificate({ path: CA_FILE, pem: ca.pem, sha256: sha256(ca).toUpperCase(), confirmed: true }, offered, { append: afs });
    assert.deepEqual(r, { ok: true, path: CA_FILE, created: false, alreadyThere: false });
    assert.deepEqual(appended, [[CA_FILE, ca.pem]]);
  });

  it('refuses a request that lacks a file, a certificate or a fingerprint', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(reportWith([addCa(CA_FILE, ca)]));
    const none = { ok: false, message: 'Nothing was written: the request names no CA file, certificate and fingerprint.' };
    const full = { path: CA_FILE, pem: ca.pem, sha256: sha256(ca), confirmed: true };
    const { afs, appended } = appendFs('');
    for (const params of [null, undefined, 'ca.crt', { ...full, path: undefined }, { ...full, pem: 1 }, { ...full, sha256: null }]) {
      assert.deepEqual(addCaCertificate(params as never, offered, { append: afs }), none, JSON.stringify(params));
    }
    assert.deepEqual(appended, []);
  });

  it('refuses without confirmed: true, naming the file', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(reportWith([addCa(CA_FILE, ca)]));
    const { afs, appended } = appendFs('');
    for (const confirmed of [undefined, false, 'true', 1]) {
      assert.deepEqual(addCaCertificate({ path: CA_FILE, pem: ca.pem, sha256: sha256(ca), confirmed } as never, offered, { append: afs }), {
        ok: false,
        message: `Nothing was written: adding a certificate to ${CA_FILE} needs your confirmation.`,
      });
    }
    assert.deepEqual(appended, []);
  });

  it('refuses a certificate no test offered, or offered for another file', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(reportWith([addCa(CA_FILE, ca)]));
    const { afs, appended } = appendFs('');
    const otherFile = '/etc/containerd/certs.d/reg.example.com/extra.crt';
    assert.deepEqual(addCaCertificate({ path: otherFile, pem: ca.pem, sha256: sha256(ca), confirmed: true }, offered, { append: afs }), {
      ok: false,
      message: `Nothing was written: no connection test in this session offered this certificate for ${otherFile}. Test the connection again.`,
    });
    assert.deepEqual(addCaCertificate({ path: CA_FILE, pem: other.pem, sha256: sha256(other), confirmed: true }, offered, { append: afs }), {
      ok: false,
      message: `Nothing was written: no connection test in this session offered this certificate for ${CA_FILE}. Test the connection again.`,
    });
    assert.deepEqual(appended, []);
  });

  it('remembers only add-ca fixes: no other advice is an offer', () => {
    const offered = new OfferedCaCertificates();
    offered.remember(
      reportWith([
        { code: 'a', message: 'no fix' },
        { code: 'b', message: 'a command', fix: { kind: 'command', command: 'certsd.x', title: 'x', arguments: [CA_FILE, sha256(ca)] } },
        { code: 'c', message: 'a rename', fix: { kind: 'rename', from: CA_FILE, to: sha256(ca) } },
        addCa(CA_FILE, other),
      ]),
    );
    assert.equal(offered.has(CA_FILE, sha256(ca)), false);
    assert.equal(offered.has(CA_FILE, sha256(other)), true);
    // A path and fingerprint glued differently are not the same offer.
    assert.equal(offered.has(CA_FILE + sha256(other).slice(0, 1), sha256(other).slice(1)), false);
  });

  it('keeps the newest 64 offers; one offered again counts as new', () => {
    const offered = new OfferedCaCertificates();
    const file = (i: number) => `/etc/docker/certs.d/reg${i}.example.com/ca.crt`;
    const offers = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => addCa(file(from + k), ca));
    offered.remember(reportWith(offers(0, 64)));
    assert.deepEqual(
      Array.from({ length: 64 }, (_, i) => offered.has(file(i), sha256(ca))),
      Array.from({ length: 64 }, () => true),
    );
    // reg0 offered again, then one more: reg1 is now the oldest and goes.
    offered.remember(reportWith([addCa(file(0), ca)]));
    offered.remember(reportWith(offers(64, 65)));
    assert.deepEqual([file(0), file(1), file(2), file(64)].map((f) => offered.has(f, sha256(ca))), [true, false, true, true]);
    // Many at once: only the last 64 of them stay.
    offered.remember(reportWith(offers(100, 200)));
    assert.deepEqual([file(0), file(64), file(135), file(136), file(199)].map((f) => offered.has(f, sha256(ca))), [false, false, false, true, true]);
  });
});
