/**
 * certsd/planMove (server/src/lsp/planMove.ts) on a made-up disk: which requests are refused, the
 * wording for a rename (same folder) and a move (another folder), the order of the checks, and
 * the sudo command for a folder the editor cannot write.
 */
import * as assert from 'node:assert/strict';
import type { EditorFileSystemView } from '../../server/src/core/fsview';
import { sudoMove } from '../../server/src/core/sudoScripts';
import { planMove } from '../../server/src/lsp/planMove';

/** A disk that has exactly `present` (files and folders) and lets the editor write in `writable` only. */
function disk(present: string[], writable: string[]): EditorFileSystemView {
  return {
    exists: (p: string) => present.includes(p),
    canWrite: (d: string) => writable.includes(d),
  } as unknown as EditorFileSystemView;
}

const BAD = { ok: false, message: 'A move needs two different absolute paths: nothing was moved.' };

describe('planMove: renaming and moving a file or folder in certs.d', () => {
  const d = '/etc/docker/certs.d';
  const all = disk([d, `${d}/reg`, `${d}/reg/ca.pem`, `${d}/other`, `${d}/other/ca.crt`, `${d}/other/taken.crt`], [d, `${d}/reg`, `${d}/other`]);

  it('refuses anything but two different plain absolute paths', () => {
    const good = `${d}/reg/ca.pem`;
    for (const params of [undefined, null, 'x', 42, {}, { from: good }, { to: good }, { from: good, to: good }]) {
      assert.deepEqual(planMove(all, params), BAD, JSON.stringify(params));
    }
    // A trailing slash too: the plan names the paths the editor then renames, written one way.
    for (const bad of ['reg/ca.crt', `${d}/reg/../reg/ca.crt`, `${d}//reg/ca.crt`, `${d}/reg/ca\0.crt`, '/', 7, `${d}/reg/`, `${d}/reg/ca.crt/`]) {
      assert.deepEqual(planMove(all, { from: good, to: bad }), BAD, `to ${JSON.stringify(bad)}`);
      assert.deepEqual(planMove(all, { from: bad, to: `${d}/reg/ca.crt` }), BAD, `from ${JSON.stringify(bad)}`);
    }
  });

  it('plans a rename within a folder and a move into another', () => {
    assert.deepEqual(planMove(all, { from: `${d}/reg/ca.pem`, to: `${d}/reg/ca.crt` }), { ok: true, from: `${d}/reg/ca.pem`, to: `${d}/reg/ca.crt` });
    assert.deepEqual(planMove(all, { from: `${d}/reg/ca.pem`, to: `${d}/other/ca.pem` }), { ok: true, from: `${d}/reg/ca.pem`, to: `${d}/other/ca.pem` });
    // A host folder renamed to the name the engine reads.
    assert.deepEqual(planMove(all, { from: `${d}/reg`, to: `${d}/reg:5000` }), { ok: true, from: `${d}/reg`, to: `${d}/reg:5000` });
  });

  it('says what is gone, as a rename or as a move', () => {
    assert.deepEqual(planMove(all, { from: `${d}/reg/gone.pem`, to: `${d}/reg/ca.crt` }), { ok: false, message: `${d}/reg/gone.pem is no longer there: nothing was renamed.` });
    assert.deepEqual(planMove(all, { from: `${d}/reg/gone.pem`, to: `${d}/other/ca.pem` }), { ok: false, message: `${d}/reg/gone.pem is no longer there: nothing was moved.` });
    // The folder it was to go into.
    assert.deepEqual(planMove(all, { from: `${d}/reg/ca.pem`, to: `${d}/new/ca.pem` }), { ok: false, message: `${d}/new is no longer there: nothing was moved.` });
    const noFolder = disk([`${d}/reg/ca.pem`], [`${d}/reg`]);
    assert.deepEqual(planMove(noFolder, { from: `${d}/reg/ca.pem`, to: `${d}/reg/ca.crt` }), { ok: false, message: `${d}/reg is no longer there: nothing was renamed.` });
  });

  it('never moves over anything, and says so as a rename or as a move', () => {
    assert.deepEqual(planMove(all, { from: `${d}/reg/ca.pem`, to: `${d}/other/ca.crt` }), { ok: false, message: `${d}/other/ca.crt already exists: nothing was moved.` });
    assert.deepEqual(planMove(all, { from: `${d}/other/ca.crt`, to: `${d}/other/taken.crt` }), { ok: false, message: `${d}/other/taken.crt already exists: nothing was renamed.` });
  });

  it('checks in order: the source, then the target, then the folder, then who may write', () => {
    // Source gone and target taken: the source is what is said.
    assert.deepEqual(planMove(all, { from: `${d}/reg/gone.pem`, to: `${d}/other/ca.crt` }), { ok: false, message: `${d}/reg/gone.pem is no longer there: nothing was moved.` });
    // Target taken in a folder the editor cannot write: taken, no sudo command (it would refuse too).
    const locked = disk([`${d}/reg`, `${d}/reg/ca.pem`, `${d}/reg/ca.crt`], []);
    assert.deepEqual(planMove(locked, { from: `${d}/reg/ca.pem`, to: `${d}/reg/ca.crt` }), { ok: false, message: `${d}/reg/ca.crt already exists: nothing was renamed.` });
  });

  it("gives the sudo command for a folder root owns, naming the first one the editor cannot write", () => {
    const from = `${d}/reg/ca.pem`;
    const rootOwned = disk([d, `${d}/reg`, from, `${d}/other`], [`${d}/other`]);
    assert.deepEqual(planMove(rootOwned, { from, to: `${d}/reg/ca.crt` }), {
      ok: false,
      message: `${d}/reg belongs to another user (root), so the editor cannot rename ca.pem. Run this in a terminal:`,
      shellCommand: sudoMove(from, `${d}/reg/ca.crt`),
    });
    // Out of a folder root owns into one the editor can write.
    assert.deepEqual(planMove(rootOwned, { from, to: `${d}/other/ca.pem` }), {
      ok: false,
      message: `${d}/reg belongs to another user (root), so the editor cannot move ca.pem. Run this in a terminal:`,
      shellCommand: sudoMove(from, `${d}/other/ca.pem`),
    });
    // Into a folder root owns, out of one the editor can write.
    const intoRoot = disk([d, `${d}/reg`, from, `${d}/other`], [`${d}/reg`]);
    assert.deepEqual(planMove(intoRoot, { from, to: `${d}/other/ca.pem` }), {
      ok: false,
      message: `${d}/other belongs to another user (root), so the editor cannot move ca.pem. Run this in a terminal:`,
      shellCommand: sudoMove(from, `${d}/other/ca.pem`),
    });
    // Both: the source's folder is named.
    const both = disk([d, `${d}/reg`, from, `${d}/other`], []);
    assert.equal((planMove(both, { from, to: `${d}/other/ca.pem` }) as { message: string }).message, `${d}/reg belongs to another user (root), so the editor cannot move ca.pem. Run this in a terminal:`);
  });

  it('the sudo command moves exactly these two paths, and never over anything', () => {
    const cmd = sudoMove(`${d}/reg/ca.pem`, `${d}/other/it's.pem`);
    assert.match(cmd, /^sudo sh -c '/);
    assert.ok(cmd.endsWith(` sh ${d}/reg/ca.pem '${d}/other/it'\\''s.pem'`), cmd);
    assert.match(cmd, /mv -n "\$from" "\$to"/);
  });
});
