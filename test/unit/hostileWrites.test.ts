/**
 * Writes of the generate commands: only into the host folder asked about (no `..`, no link out of
 * the root, nothing outside the roots being checked), never through a link planted at the name, a
 * key readable by its owner only from its first byte whatever the umask, and a key path that is a
 * pipe or /dev/zero refused without reading it.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { generateCertificateForKeyCommand, generateClientPairCommand } from '../../server/src/lsp/commands';
import { hostFolderProblem, nodeWriteFileSystem, WriteFileSystem, writeNewFiles } from '../../server/src/core/generate/writeFiles';
import { commonPki, CommonPki } from '../helpers/fixtures';
import { pkcs8Pem } from '../helpers/pki';
import { dir, symlink, tempTrees } from '../helpers/tree';

const NOW = new Date('2026-06-01T00:00:00Z');
const pair = (hostPath: string) => ({ hostPath, baseName: 'client', algorithm: 'ecdsa-p256' as const, commonName: 'me', validityDays: 30, mode: 'self-signed' as const });

describe('generate writes stay in the host folder and never follow a planted link', function () {
  this.timeout(60_000);
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function layout() {
    const t = tree({
      'certs.d': { 'reg.example.com': {}, 'inside-link': symlink('reg.example.com'), 'escape.example.com': symlink('../elsewhere'), 'file.example.com': 'x' },
      elsewhere: dir({}),
    });
    return { t, root: t.path('certs.d'), host: t.path('certs.d', 'reg.example.com'), elsewhere: t.path('elsewhere') };
  }

  it('accepts a host folder of a root being checked, and a link to one inside the root', () => {
    const { root, host } = layout();
    assert.equal(hostFolderProblem(host, [root]), undefined);
    assert.equal(hostFolderProblem(path.join(root, 'inside-link'), [root]), undefined);
  });

  it('refuses .., a folder outside the roots, a link out of the root, and a file', () => {
    const { t, root, host } = layout();
    assert.match(hostFolderProblem(`${host}/../../elsewhere`, [root]) ?? '', /not a plain path/);
    assert.match(hostFolderProblem(`${root}/reg.example.com/../reg.example.com`, [root]) ?? '', /not a plain path/);
    assert.match(hostFolderProblem(t.path('elsewhere'), [root]) ?? '', /not a host folder of a certs\.d folder being checked/);
    assert.match(hostFolderProblem('/etc', [root]) ?? '', /not a host folder/);
    assert.match(hostFolderProblem(path.join(root, 'escape.example.com'), [root]) ?? '', /is a link to a folder outside/);
    assert.match(hostFolderProblem(path.join(root, 'file.example.com'), [root]) ?? '', /is not a folder/);
    assert.match(hostFolderProblem('relative/path', [root]) ?? '', /absolute path/);
  });

  it('the generate command writes nothing outside the host folder it was asked about', async () => {
    const { root, host, elsewhere } = layout();
    for (const hostPath of [`${host}/../../elsewhere`, `${root}/reg.example.com/../../elsewhere`, elsewhere, path.join(root, 'escape.example.com')]) {
      const r = await generateClientPairCommand(pair(hostPath), NOW, [root]);
      assert.equal(r.ok, false, hostPath);
      assert.deepEqual(fs.readdirSync(elsewhere), [], hostPath);
    }
    const ok = await generateClientPairCommand(pair(host), NOW, [root]);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual(fs.readdirSync(host).sort(), ['client.cert', 'client.key']);
  });

  it('writeNewFiles with `within` refuses a target that is not directly in the folder', () => {
    const { host, elsewhere } = layout();
    const r = writeNewFiles([{ path: path.join(host, '..', '..', 'elsewhere', 'x.key'), content: 'k' }], undefined, { within: host });
    assert.equal(r.ok, false);
    assert.deepEqual(fs.readdirSync(elsewhere), []);
  });

  it('never writes through a link planted at the target name, to an existing file or a missing one', () => {
    const { t, host } = layout();
    const victim = t.path('elsewhere', 'victim');
    fs.writeFileSync(victim, 'mine');
    fs.symlinkSync(victim, path.join(host, 'a.key'));
    fs.symlinkSync(t.path('elsewhere', 'new-file'), path.join(host, 'b.key'));
    for (const name of ['a.key', 'b.key']) {
      const r = writeNewFiles([{ path: path.join(host, name), content: 'KEY' }], undefined, { within: host });
      assert.equal(r.ok, false, name);
    }
    assert.equal(fs.readFileSync(victim, 'utf8'), 'mine');
    assert.equal(fs.existsSync(t.path('elsewhere', 'new-file')), false);
  });

  it('creates a key 0600 or narrower from its first byte, and exactly 0600 in the end, whatever the umask', () => {
    for (const umask of [0o000, 0o022, 0o277]) {
      const { host } = layout();
      const atCreation: number[] = [];
      const watching: WriteFileSystem = {
        ...nodeWriteFileSystem,
        open(p, flags, mode) {
          const fd = nodeWriteFileSystem.open(p, flags, mode);
          atCreation.push(fs.fstatSync(fd).mode & 0o777);
          return fd;
        },
      };
      const old = process.umask(umask);
      try {
        const r = writeNewFiles([{ path: path.join(host, 'client.key'), content: pkcs8Pem(pki.client.key) }], watching, { within: host });
        assert.equal(r.ok, true);
      } finally {
        process.umask(old);
      }
      assert.equal(atCreation[0] & 0o077, 0, `umask ${umask.toString(8)}: created ${atCreation[0].toString(8)}`);
      assert.equal(fs.statSync(path.join(host, 'client.key')).mode & 0o777, 0o600, `umask ${umask.toString(8)}`);
    }
  });

  it('refuses a key path that is a named pipe, at once', async () => {
    const { root, host } = layout();
    const keyPath = path.join(host, 'client.key');
    spawnSync('mkfifo', [keyPath]);
    // A writer that lets a blocked reader go after 8 s: the bug then fails on time instead of hanging.
    const writer = spawn('sh', ['-c', `sleep 8; exec 3>"$1"; sleep 30`, 'sh', keyPath], { stdio: 'ignore', detached: true });
    try {
      const t0 = Date.now();
      const r = await generateCertificateForKeyCommand({ keyPath, commonName: 'me', validityDays: 30, mode: 'self-signed' }, NOW, [root], nodeFileSystem);
      assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms: it waited on the pipe`);
      assert.deepEqual(r, { ok: false, message: `Cannot read ${keyPath}: it is a named pipe (FIFO), not a file` });
    } finally {
      process.kill(-writer.pid!, 'SIGKILL');
    }
  });

  it('refuses a key path that leads to /dev/zero, without reading it (checked in a child with a small heap)', () => {
    const { root, host } = layout();
    const keyPath = path.join(host, 'zero.key');
    fs.symlinkSync('/dev/zero', keyPath);
    const code = `require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'src', 'lsp', 'commands.ts'))}).generateCertificateForKeyCommand(${JSON.stringify({ keyPath, commonName: 'me', validityDays: 30, mode: 'self-signed' })}, new Date(), ${JSON.stringify([root])}, require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'src', 'core', 'fsview.ts'))}).nodeFileSystem).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 0, `child ended with ${r.status ?? r.signal}: ${r.stderr.slice(0, 500)}`);
    assert.deepEqual(JSON.parse(r.stdout), { ok: false, message: `Cannot read ${keyPath}: it is /dev/zero, not a file` });
  });
});
