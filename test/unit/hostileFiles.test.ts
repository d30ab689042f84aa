/**
 * Special and huge files in a certs.d tree: named pipes, sockets, devices, links out of the tree,
 * files over the read limit. What the engines do with each was seen with their own code (the
 * conformance harness, on a tree built like this one): a pipe blocks every loader for ever (docker28,
 * podman, containerd2, and containerd's hosts.toml read); a socket fails to open with "no such device
 * or address"; /dev/null reads as empty; /dev/zero is read until "fatal error: out of memory".
 *
 * The checks run in a child process with a time and heap limit, so that a regression hangs or
 * crashes the child, not the test run.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { FsError, MAX_READ_BYTES, nodeFileSystem } from '../../server/src/core/fsview';
import { runCheck, theFinding } from '../helpers/check';
import { ChildHost, ChildRun, checkInChild } from '../helpers/checkChild';
import { commonPki, CommonPki } from '../helpers/fixtures';
import { dir, symlink, tempTrees } from '../helpers/tree';

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, `mkfifo ${p} failed: ${r.stderr}`);
}

/**
 * A writer that opens the pipe after `ms`: a reader blocked on it (the bug) is then let go, so the
 * test fails on time instead of hanging. Killed after the test.
 */
function lateWriter(p: string, ms: number) {
  const child = spawn('sh', ['-c', `sleep ${ms / 1000}; exec 3>"$1"; sleep 30`, 'sh', p], { stdio: 'ignore', detached: true });
  child.unref();
  return child;
}

function host(run: ChildRun, name: string): ChildHost {
  const h = run.hosts.find((x) => x.name === name);
  assert.ok(h, `host ${name} missing from the child's report (status ${run.status}, signal ${run.signal}, ${run.ms} ms)\n${run.stderr.slice(0, 2000)}`);
  return h;
}

describe('hostile files: pipes, sockets, devices, huge files', function () {
  this.timeout(120_000);
  const tree = tempTrees();
  let pki: CommonPki;
  let root: string;
  let outside: string;
  const writers: ReturnType<typeof spawn>[] = [];
  let server: net.Server;
  const runs = new Map<string, ChildRun>();

  before(async () => {
    pki = await commonPki();
    const t = tree({
      'certs.d': {
        'good.example.com': { 'ca.crt': pki.ca.pem },
        'fifo.example.com': {},
        'sock.example.com': {},
        'null.example.com': { 'ca.crt': symlink('/dev/null') },
        'zero.example.com': { 'ca.crt': symlink('/dev/zero') },
        'random.example.com': { 'ca.crt': symlink('/dev/urandom') },
        'big.example.com': { 'ca.crt': Buffer.alloc(MAX_READ_BYTES + 1, 0x41) },
        'readme.example.com': { 'ca.crt': pki.ca.pem },
        'toml.example.com': { 'ca.crt': pki.ca.pem },
        'sub.example.com': { 'ca.crt': pki.ca.pem, backup: dir({}) },
        'escape.example.com': symlink('../outside'),
        'key.example.com': { 'client.cert': pki.client.pem },
      },
      outside: { proc: dir({}) },
    });
    root = t.path('certs.d');
    outside = t.path('outside');
    const pipes = [
      t.path('certs.d', 'fifo.example.com', 'ca.crt'),
      t.path('certs.d', 'readme.example.com', 'README.txt'),
      t.path('certs.d', 'toml.example.com', 'hosts.toml'),
      t.path('certs.d', 'sub.example.com', 'backup', 'ca.crt'),
      // Stands for /proc/kmsg: a file one level below a host folder linked out of the tree.
      path.join(outside, 'proc', 'kmsg'),
      t.path('certs.d', 'key.example.com', 'client.key'),
    ];
    for (const p of pipes) mkfifo(p);
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(t.path('certs.d', 'sock.example.com', 'ca.crt'), resolve));
    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      for (const p of pipes) writers.push(lateWriter(p, 8_000));
      runs.set(engine, checkInChild(root, engine, 40_000));
    }
  });

  after(() => {
    for (const w of writers) {
      try {
        process.kill(-w.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    server?.close();
  });

  for (const engine of ['docker', 'podman', 'containerd'] as const) {
    describe(engine, () => {
      it('finishes in seconds, without waiting on any pipe, and within a 256 MB heap', () => {
        const run = runs.get(engine)!;
        assert.equal(run.signal, null, `the check was killed (${run.signal}) after ${run.ms} ms: it hung or ran out of memory\n${run.stderr.slice(0, 1000)}`);
        assert.equal(run.status, 0, run.stderr.slice(0, 2000));
        assert.ok(run.ms < 7_000, `the check took ${run.ms} ms: it waited for a pipe's writer`);
      });

      it('reports a named pipe ca.crt as what it is: the engine hangs on it', () => {
        const h = host(runs.get(engine)!, 'fifo.example.com');
        assert.equal(h.ok, false);
        const f = h.findings.find((x) => x.code === 'certsd/read-error');
        assert.ok(f, JSON.stringify(h.findings));
        assert.match(f.message, /^ca\.crt is a named pipe \(FIFO\), not a file: .* hangs on this folder/);
        assert.equal(f.severity, 'error');
      });

      it("reports a socket with Go's own error", () => {
        const h = host(runs.get(engine)!, 'sock.example.com');
        const f = h.findings.find((x) => x.code === 'certsd/read-error');
        assert.ok(f, JSON.stringify(h.findings));
        const p = path.join(root, 'sock.example.com', 'ca.crt');
        // Seen with the harness: docker28 and podman "open P: no such device or address"; containerd2 prefixes "unable to read CA cert "P": ".
        assert.ok(f.message.includes(`open ${p}: no such device or address`), f.message);
        if (engine === 'containerd') assert.ok(f.message.includes(`unable to read CA cert "${p}"`), f.message);
      });

      it('reads a link to /dev/null as the empty file Go reads', () => {
        const h = host(runs.get(engine)!, 'null.example.com');
        // Harness: docker28 and podman load the folder (the empty .crt adds nothing); containerd2 fails "unable to load CA cert".
        if (engine === 'containerd') assert.equal(h.error, `unable to load CA cert "${path.join(root, 'null.example.com', 'ca.crt')}"`);
        else assert.deepEqual([h.ok, h.caRoots, h.ignoredCaFiles], [true, 0, 1]);
      });

      it('never reads /dev/zero or /dev/urandom, and says the engine runs out of memory', () => {
        for (const [name, device] of [['zero.example.com', '/dev/zero'], ['random.example.com', '/dev/urandom']]) {
          const h = host(runs.get(engine)!, name);
          const f = h.findings.find((x) => x.code === 'certsd/read-error');
          assert.ok(f, JSON.stringify(h.findings));
          assert.ok(f.message.includes(`leads to ${device}, which never ends`), f.message);
          assert.ok(f.message.includes('"fatal error: out of memory"'), f.message);
        }
      });

      it('does not read a file over the limit, and says so as a warning', () => {
        const h = host(runs.get(engine)!, 'big.example.com');
        const f = h.findings.find((x) => x.code === 'certsd/read-error');
        assert.ok(f, JSON.stringify(h.findings));
        assert.equal(f.severity, 'warning');
        assert.match(f.message, new RegExp(`^certsd did not check ca\\.crt: it is ${MAX_READ_BYTES + 1} bytes, over the 1 MiB`));
      });

      it('does not sniff a README.txt that is a pipe, and checks the folder as usual', () => {
        const h = host(runs.get(engine)!, 'readme.example.com');
        assert.deepEqual([h.ok, h.caRoots], [true, 1]);
        assert.deepEqual(h.findings, []);
      });

      it('lists a pipe in a sub-folder without opening it', () => {
        const h = host(runs.get(engine)!, 'sub.example.com');
        assert.deepEqual(
          h.findings.map((f) => [f.code, f.path]),
          [['certsd/file-in-subfolder', path.join(root, 'sub.example.com', 'backup', 'ca.crt')]],
        );
      });

      it('does not look into the sub-folders of a host folder linked out of the tree', () => {
        const h = host(runs.get(engine)!, 'escape.example.com');
        assert.deepEqual(h.findings, []);
      });

      it('reports a pipe as a client key', () => {
        const h = host(runs.get(engine)!, 'key.example.com');
        const f = h.findings.find((x) => x.code === 'certsd/read-error' && x.path.endsWith('client.key'));
        assert.ok(f, JSON.stringify(h.findings));
        assert.match(f.message, /^client\.key is a named pipe/);
      });

      it('checks the good folder beside them as if they were not there', () => {
        const h = host(runs.get(engine)!, 'good.example.com');
        assert.deepEqual([h.ok, h.caRoots, h.findings], [true, 1, []]);
      });
    });
  }

  it("reports a pipe named hosts.toml: containerd's hosts code hangs reading it", () => {
    const h = host(runs.get('containerd')!, 'toml.example.com');
    assert.equal(h.ok, false);
    const f = h.findings.find((x) => x.code === 'certsd/read-error');
    assert.ok(f, JSON.stringify(h.findings));
    assert.match(f.message, /^hosts\.toml is a named pipe \(FIFO\)/);
  });

  describe('loops and huge files, in-process (they cannot hang)', () => {
    it('symbolic link loops at file, host-folder, sub-folder and root level: the check finishes and says what the engine does', () => {
      const t = tree({
        'certs.d': {
          'reg.example.com': { 'ca.crt': symlink('ca.crt'), 'x.crt': symlink('y.crt'), 'y.crt': symlink('x.crt'), sub: symlink('.'), 'good.crt': pki.ca.pem },
          'loop.example.com': symlink('loop.example.com'),
        },
        'loop.d': symlink('loop.d'),
      });
      const r = runCheck(t.path('certs.d'), { engine: 'docker' });
      const reg = r.hostChecks.find((h) => h.dir.name === 'reg.example.com')!;
      assert.equal(reg.report.load.ok, false);
      assert.ok(reg.report.load.error!.endsWith('ca.crt: too many levels of symbolic links'), reg.report.load.error);
      assert.ok(reg.findings.some((f) => f.code === 'certsd/read-error' && /loops back on itself/.test(f.message)));
      // A root that is itself a loop: nothing to read, no throw.
      assert.deepEqual(runCheck(t.path('loop.d'), { engine: 'docker' }).hosts, []);
    });

    it('a 200 MB file (sparse: nothing is written) is refused by its size, never read', () => {
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': '' } } });
      fs.truncateSync(t.path('certs.d', 'reg.example.com', 'ca.crt'), 200 * 1024 * 1024);
      const t0 = Date.now();
      const r = runCheck(t.path('certs.d'), { engine: 'containerd' });
      assert.ok(Date.now() - t0 < 2000);
      const f = theFinding(r, 'certsd/read-error');
      assert.match(f.message, /^certsd did not check ca\.crt: it is 209715200 bytes/);
    });
  });

  describe('the reader itself', () => {
    it('refuses what is not a regular file by type, before opening it', () => {
      const t = tree({ d: { 'ca.crt': 'x\n' } });
      mkfifo(t.path('d', 'pipe'));
      const codeOf = (p: string) => {
        try {
          nodeFileSystem.readFile(p);
          return 'read';
        } catch (e) {
          return (e as FsError).code;
        }
      };
      assert.equal(codeOf(t.path('d', 'pipe')), 'EFIFO');
      assert.equal(codeOf('/dev/zero'), 'EENDLESS');
      assert.equal(codeOf(t.path('d')), 'EISDIR');
      assert.equal(codeOf(t.path('d', 'missing')), 'ENOENT');
      assert.equal(codeOf(t.path('d', 'ca.crt')), 'read');
      assert.deepEqual([...nodeFileSystem.readFile('/dev/null')], []);
    });

    it('reads exactly the bytes of a file at the limit, and refuses one byte more', () => {
      const t = tree({ 'at.crt': Buffer.alloc(MAX_READ_BYTES, 0x42), 'over.crt': Buffer.alloc(MAX_READ_BYTES + 1, 0x42) });
      assert.equal(nodeFileSystem.readFile(t.path('at.crt')).length, MAX_READ_BYTES);
      assert.throws(() => nodeFileSystem.readFile(t.path('over.crt')), (e: FsError) => e.code === 'EFBIG' && e.detail?.size === MAX_READ_BYTES + 1);
    });

    it('follows a link to a regular file, and resolves links for realPath', () => {
      const t = tree({ 'ca.pem': 'abc', 'ca.crt': symlink('ca.pem') });
      assert.equal(Buffer.from(nodeFileSystem.readFile(t.path('ca.crt'))).toString(), 'abc');
      assert.equal(nodeFileSystem.realPath!(t.path('ca.crt')), fs.realpathSync(t.path('ca.pem')));
    });
  });
});
