/**
 * certsd/planDelete (lsp/planDelete.ts), called directly on a workspace model: a deletion is planned
 * only for a file the findings offer to delete (a registry key copied in, a DER original already
 * converted), each refusal in its own words, and where the editor cannot write the folder the sudo
 * command that deletes the file only if it still has the bytes seen now.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EditorFileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { sudoDelete } from '../../server/src/core/sudoScripts';
import { planDelete } from '../../server/src/lsp/planDelete';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS, DeletePlan } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { certDer, pkcs8Pem } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const NOW = new Date();
const NOT_ABSOLUTE: DeletePlan = { ok: false, message: 'Delete needs an absolute path: nothing was deleted.' };
const notOffered = (name: string): DeletePlan => ({ ok: false, message: `The checker no longer finds ${name} unneeded: nothing was deleted.` });

describe('planDelete (lsp/planDelete.ts)', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function workspace(fsView: (disk: EditorFileSystemView) => EditorFileSystemView = (d) => d) {
    const t = tree({
      etc: {
        docker: {
          'certs.d': {
            'server-key.example.com': { 'ca.crt': pki.ca.pem, 'ca.key': file(pkcs8Pem(pki.ca.key), 0o600) },
            'converted.example.com': { 'ca.cer': certDer(pki.ca), 'ca.crt': pki.ca.pem },
            'der.example.com': { 'registry.cer': certDer(pki.ca) },
            'good.example.com': { 'ca.crt': pki.ca.pem },
          },
        },
      },
      'outside.key': pkcs8Pem(pki.ca.key),
    });
    const ws = new CertsdWorkspace(fsView(nodeFileSystem), () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const at = (...p: string[]) => t.path('etc', 'docker', 'certs.d', ...p);
    return { t, ws, at, key: at('server-key.example.com', 'ca.key'), der: at('converted.example.com', 'ca.cer') };
  }

  it('plans the deletion of a registry key copied in and of a converted DER original, and deletes nothing itself', () => {
    const { ws, key, der } = workspace();
    assert.deepEqual(planDelete(ws, { path: key }), { ok: true, path: key });
    assert.deepEqual(planDelete(ws, { path: der }), { ok: true, path: der });
    assert.ok(fs.existsSync(key) && fs.existsSync(der));
  });

  it('refuses anything but an object with an absolute, normalized path without NUL', () => {
    const { ws, key, at } = workspace();
    const dir = path.dirname(key);
    for (const params of [
      null,
      undefined,
      key,
      42,
      {},
      { path: 42 },
      { path: null },
      { path: 'server-key.example.com/ca.key' },
      { path: path.relative(process.cwd(), key) },
      { path: `${key}\0` },
      { path: `${dir}/./ca.key` },
      { path: `${dir}//ca.key` },
      { path: `${at('good.example.com')}/../server-key.example.com/ca.key` },
    ]) {
      assert.deepEqual(planDelete(ws, params), NOT_ABSOLUTE, JSON.stringify(params));
    }
    assert.ok(fs.existsSync(key));
  });

  it("refuses a file the findings do not offer to delete: a CA, a DER certificate still to convert, a folder, a file outside every host folder", () => {
    const { t, ws, at } = workspace();
    assert.deepEqual(planDelete(ws, { path: at('server-key.example.com', 'ca.crt') }), notOffered('ca.crt'));
    assert.deepEqual(planDelete(ws, { path: at('good.example.com', 'ca.crt') }), notOffered('ca.crt'));
    // Offered "Convert DER certificate to PEM" on that very path, not a deletion.
    assert.deepEqual(planDelete(ws, { path: at('der.example.com', 'registry.cer') }), notOffered('registry.cer'));
    assert.deepEqual(planDelete(ws, { path: at('good.example.com') }), notOffered('good.example.com'));
    assert.deepEqual(planDelete(ws, { path: at() }), notOffered('certs.d'));
    assert.deepEqual(planDelete(ws, { path: t.path('outside.key') }), notOffered('outside.key'));
    assert.deepEqual(planDelete(ws, { path: at('gone.example.com', 'ca.key') }), notOffered('ca.key'));
  });

  it('refuses a file gone since the check', () => {
    const { ws, key } = workspace();
    fs.unlinkSync(key);
    assert.deepEqual(planDelete(ws, { path: key }), { ok: false, message: `${key} is no longer there: nothing was deleted.` });
  });

  it('where the editor cannot write the folder: the sudo command, with the SHA-256 of the bytes seen now, that deletes the file only while it has them', () => {
    const { ws, key } = workspace((d) => ({ ...d, canWrite: () => false }));
    const dir = path.dirname(key);
    const sum = crypto.createHash('sha256').update(fs.readFileSync(key)).digest('hex');
    const plan = planDelete(ws, { path: key });
    assert.deepEqual(plan, {
      ok: false,
      message: `${dir} belongs to another user (root), so the editor cannot delete ca.key. Run this in a terminal (it deletes nothing if the file changed):`,
      shellCommand: sudoDelete(key, sum),
    });
    assert.ok(!plan.ok && plan.shellCommand);
    const run = () => spawnSync('sh', ['-c', `sudo() { "$@"; }\n${plan.shellCommand}`], { encoding: 'utf8' });
    // Changed since: not deleted.
    const original = fs.readFileSync(key);
    fs.appendFileSync(key, '\n');
    const changed = run();
    assert.equal(changed.status, 1);
    assert.equal(changed.stderr, `certsd: ${key} changed since it was checked: nothing deleted\n`);
    assert.ok(fs.existsSync(key));
    // The bytes seen: deleted.
    fs.writeFileSync(key, original);
    const same = run();
    assert.equal(same.status, 0, same.stderr);
    assert.equal(fs.existsSync(key), false);
  });

  it('where the editor cannot write the folder and the file cannot be read now: refused, no command', () => {
    let checked = false;
    const { ws, key } = workspace((d) => ({
      ...d,
      canWrite: () => false,
      readFile: (p) => {
        if (checked && p.endsWith('ca.key')) throw new FsError('EACCES', p);
        return d.readFile(p);
      },
    }));
    checked = true;
    assert.deepEqual(planDelete(ws, { path: key }), { ok: false, message: `${key} cannot be read: nothing was deleted.` });
  });
});
