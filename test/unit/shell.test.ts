import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sudoMove, sudoWriteNew } from '../../server/src/core/sudoScripts';
import { tempTrees } from '../helpers/tree';

/** Runs a `sudo sh -c ...` command as the current user (the tests may not sudo): the script itself is what is tested. */
function runWithoutSudo(command: string): { status: number | null; stderr: string } {
  assert.match(command, /^sudo sh -c /);
  const r = spawnSync('sh', ['-c', command.replace(/^sudo /, '')], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('sudo commands for root-owned folders', () => {
  const tree = tempTrees();
  const odd = "reg.example.com:5000 it's $HOME `x`";

  it('moves a file or a folder, with any characters in its name', () => {
    const t = tree({ 'certs.d': { [odd]: { 'ca.cert': 'x\n' } } });
    const from = t.path('certs.d', odd, 'ca.cert');
    assert.equal(runWithoutSudo(sudoMove(from, t.path('certs.d', odd, 'ca.crt'))).status, 0);
    assert.equal(fs.readFileSync(t.path('certs.d', odd, 'ca.crt'), 'utf8'), 'x\n');
    assert.equal(runWithoutSudo(sudoMove(t.path('certs.d', odd), t.path('certs.d', 'reg.example.com'))).status, 0);
    assert.ok(fs.existsSync(t.path('certs.d', 'reg.example.com', 'ca.crt')));
  });

  it('refuses to move over an existing file or into an existing folder, changing nothing', () => {
    const t = tree({ 'certs.d': { 'a:443': { 'ca.crt': 'old\n' }, a: { 'ca.crt': 'keep\n' }, 'x.cert': 'new\n', 'x.crt': 'mine\n' } });
    const r = runWithoutSudo(sudoMove(t.path('certs.d', 'x.cert'), t.path('certs.d', 'x.crt')));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /already exists: nothing moved/);
    assert.equal(fs.readFileSync(t.path('certs.d', 'x.crt'), 'utf8'), 'mine\n');
    assert.ok(fs.existsSync(t.path('certs.d', 'x.cert')));
    assert.notEqual(runWithoutSudo(sudoMove(t.path('certs.d', 'a:443'), t.path('certs.d', 'a'))).status, 0);
    assert.deepEqual(fs.readdirSync(t.path('certs.d', 'a')), ['ca.crt']);
  });

  it('converts in place: keeps the DER file as .der and creates the PEM', () => {
    const t = tree({ d: { 'ca.crt': Buffer.from([0x30, 0x82, 1, 2]) } });
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const r = runWithoutSudo(sudoWriteNew(pem, t.path('d', 'ca.crt'), t.path('d', 'ca.crt'), t.path('d', 'ca.der')));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(t.path('d', 'ca.crt'), 'utf8'), pem);
    assert.deepEqual([...fs.readFileSync(t.path('d', 'ca.der'))], [0x30, 0x82, 1, 2]);
  });

  it('refuses to convert when the .der name is taken, changing nothing', () => {
    const t = tree({ d: { 'ca.crt': 'der\n', 'ca.der': 'other\n' } });
    const r = runWithoutSudo(sudoWriteNew('pem\n', t.path('d', 'ca.crt'), t.path('d', 'ca.crt'), t.path('d', 'ca.der')));
    assert.notEqual(r.status, 0);
    assert.equal(fs.readFileSync(t.path('d', 'ca.crt'), 'utf8'), 'der\n');
    assert.equal(fs.readFileSync(t.path('d', 'ca.der'), 'utf8'), 'other\n');
  });

  it('never overwrites the target of a new file', () => {
    const t = tree({ d: { 'ca.crt': 'mine\n' } });
    const r = runWithoutSudo(sudoWriteNew('pem\n', t.path('d', 'ca.crt')));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /could not create/);
    assert.equal(fs.readFileSync(t.path('d', 'ca.crt'), 'utf8'), 'mine\n');
    assert.deepEqual(fs.readdirSync(path.dirname(t.path('d', 'ca.crt'))), ['ca.crt']);
  });
});
