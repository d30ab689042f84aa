/**
 * A failure of certsd's own code on one file (a parser bug met on odd input, simulated here by a
 * file system that throws something no file system should) becomes a finding on that file; the
 * other rules and the other folders are checked as usual.
 */
import * as assert from 'node:assert/strict';
import { FileSystemView, nodeFileSystem } from '../../server/src/core/fsview';
import { INTERNAL_ERROR } from '../../server/src/core/rules/guard';
import { runCheck } from '../helpers/check';
import { commonPki, CommonPki } from '../helpers/fixtures';
import { tempTrees } from '../helpers/tree';

/** The real file system, except that reading `bad` throws a TypeError, as a bug would. */
function throwingFileSystem(bad: string): FileSystemView {
  return {
    readDir: (d) => nodeFileSystem.readDir(d),
    stat: (p) => nodeFileSystem.stat(p),
    realPath: (p) => nodeFileSystem.realPath!(p),
    readFile(p) {
      if (p === bad) throw new TypeError("Cannot read properties of undefined (reading 'length')");
      return nodeFileSystem.readFile(p);
    },
  };
}

describe('a failure of certsd itself stays on its file', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it('a rule that throws on one file: an internal-error finding on that file, every other finding and the verdict intact', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem, 'README.txt': 'notes\n', 'ca.pem': pki.ca.pem } } });
    const readme = t.path('certs.d', 'reg.example.com', 'README.txt');
    const r = runCheck(t.path('certs.d'), { engine: 'docker', fs: throwingFileSystem(readme) });
    const internal = r.findings.filter((f) => f.code === INTERNAL_ERROR);
    assert.equal(internal.length, 1, JSON.stringify(r.findings, null, 1));
    assert.equal(internal[0].path, readme);
    assert.match(internal[0].message, /^certsd could not read this file \(TypeError: Cannot read properties of undefined \(reading 'length'\)\), so what the engine makes of it is not known \(met by certsd's certsd\/ignored-extension check\)/);
    // The other rules ran: ca.pem is still reported, and the folder's verdict is Docker's.
    assert.ok(r.findings.some((f) => f.code === 'certsd/ignored-extension' && f.path.endsWith('ca.pem')));
    assert.deepEqual([r.hosts[0].load.ok, r.hosts[0].load.caRoots], [true, 1]);
  });

  it("a throw in the engine's simulation: that folder says so on the file, the next folder is checked as usual", () => {
    const t = tree({ 'certs.d': { 'a.example.com': { 'ca.crt': pki.ca.pem }, 'b.example.com': { 'ca.crt': pki.ca.pem } } });
    const bad = t.path('certs.d', 'a.example.com', 'ca.crt');
    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      const r = runCheck(t.path('certs.d'), { engine, fs: throwingFileSystem(bad) });
      const a = r.hostChecks.find((h) => h.dir.name === 'a.example.com')!;
      const b = r.hostChecks.find((h) => h.dir.name === 'b.example.com')!;
      assert.deepEqual(a.findings.map((f) => [f.code, f.path]), [[INTERNAL_ERROR, bad]], engine);
      assert.equal(a.report.load.ok, false);
      assert.match(a.report.load.error!, /^certsd could not work out what/);
      assert.deepEqual([b.report.load.ok, b.report.load.caRoots, b.findings], [true, 1, []], engine);
    }
  });

  it('never puts a stack or a second line of an error into the message', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'README.txt': 'x\n' } } });
    const readme = t.path('certs.d', 'reg.example.com', 'README.txt');
    const fs: FileSystemView = {
      ...throwingFileSystem(readme),
      readFile(p) {
        if (p === readme) throw new Error('first line\n-----BEGIN PRIVATE KEY-----\nMIIE...');
        return nodeFileSystem.readFile(p);
      },
    };
    const f = runCheck(t.path('certs.d'), { engine: 'docker', fs }).findings.find((x) => x.code === INTERNAL_ERROR)!;
    assert.ok(f.message.includes('Error: first line'), f.message);
    assert.ok(!f.message.includes('PRIVATE KEY') && !f.message.includes('\n'), f.message);
  });
});
