import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { addCertificateToCaFile, AppendFileSystem, nodeAppendFileSystem } from '../../server/src/core/probe/addCa';
import { ecKey, selfSignedCa, TestCert } from '../helpers/pki';
import { symlink, tempTrees } from '../helpers/tree';

const sha = (c: TestCert) => crypto.createHash('sha256').update(c.der).digest('hex');

describe('adding a missing CA certificate to ca.crt', () => {
  const tree = tempTrees();
  let ca: TestCert;
  let other: TestCert;
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Add Me CA', key: ecKey('P-256', 51) });
    other = await selfSignedCa({ commonName: 'Already There CA', key: ecKey('P-256', 52) });
  });

  it('writes nothing without confirmation, or when the PEM is not the certificate shown', () => {
    const t = tree({ reg: {} });
    const p = t.path('reg', 'ca.crt');
    assert.equal(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: false }).ok, false);
    assert.equal(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(other), confirmed: true }).ok, false);
    assert.equal(fs.existsSync(p), false);
  });

  it('creates a new ca.crt readable by everyone (0644)', () => {
    const t = tree({ reg: {} });
    const p = t.path('reg', 'ca.crt');
    assert.deepEqual(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: true }), { ok: true, path: p, created: true, alreadyThere: false });
    assert.equal(fs.readFileSync(p, 'utf8'), ca.pem);
    assert.equal(fs.statSync(p).mode & 0o777, 0o644);
  });

  it('appends to an existing file without touching what was there, after a newline when the last line lacks one', () => {
    const before = other.pem.trimEnd();
    const t = tree({ reg: { 'ca.crt': before } });
    const p = t.path('reg', 'ca.crt');
    assert.deepEqual(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: true }), { ok: true, path: p, created: false, alreadyThere: false });
    assert.equal(fs.readFileSync(p, 'utf8'), before + '\n' + ca.pem);
    // A second time: already there, nothing written.
    const size = fs.statSync(p).size;
    assert.deepEqual(addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: true }), { ok: true, path: p, created: false, alreadyThere: true });
    assert.equal(fs.statSync(p).size, size);
  });

  it('refuses a symlinked ca.crt: appending would change the file it points to', () => {
    const t = tree({ bundle: other.pem, reg: { 'ca.crt': symlink('../bundle') } });
    const r = addCertificateToCaFile({ path: t.path('reg', 'ca.crt'), pem: ca.pem, sha256: sha(ca), confirmed: true });
    assert.equal(r.ok, false);
    assert.equal(fs.readFileSync(t.path('bundle'), 'utf8'), other.pem);
  });

  it('gives a sudo command when the file belongs to root, and the command appends and keeps the content', () => {
    const t = tree({ reg: { 'ca.crt': other.pem.trimEnd() } });
    const p = t.path('reg', 'ca.crt');
    const denied: AppendFileSystem = {
      ...nodeAppendFileSystem,
      append: () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    };
    const r = addCertificateToCaFile({ path: p, pem: ca.pem, sha256: sha(ca), confirmed: true }, denied);
    assert.ok(!r.ok && r.shellCommand);
    assert.equal(fs.readFileSync(p, 'utf8'), other.pem.trimEnd(), 'nothing written by the function itself');
    assert.match(r.shellCommand, /^sudo sh -c /);
    const run = spawnSync('sh', ['-c', r.shellCommand.replace(/^sudo /, '')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fs.readFileSync(p, 'utf8'), other.pem.trimEnd() + '\n' + ca.pem);
  });
});
