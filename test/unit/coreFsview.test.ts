/**
 * The real-disk view (nodeFileSystem) on a temp folder, in-process and fast: what each kind of entry
 * reads as, the errors and their texts, the read limit, and the two races readRegularFile guards
 * against (a file swapped for a pipe or a folder between its stat and its open, a file that grows or
 * shrinks after its fstat). test/unit/hostileFiles.test.ts checks whole folders with such files in a
 * child process; Stryker leaves it out (it is slow), so the reader itself is pinned here.
 *
 * The races are made to happen at a fixed point: the test wraps node:fs's own statSync / fstatSync
 * (the module object fsview.ts calls into) so that the disk changes right after the call returns.
 * Everything else is the real file system. Devices are made with mknod (root in the test container):
 * only their numbers are looked at, they are never opened.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fsp from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import {
  DirEntry,
  FsError,
  MAX_READ_BYTES,
  describeUnread,
  goPathError,
  goQuote,
  isFsError,
  isUnreadFile,
  nodeFileSystem,
  tooBig,
} from '../../server/src/core/fsview';
import { file, symlink, tempTrees } from '../helpers/tree';

/** node:fs as a CommonJS module: the object whose functions fsview.ts calls (a namespace import here would be a copy). */
const nodeFs = createRequire(__filename)('node:fs') as Record<'statSync' | 'fstatSync', unknown>;

/** Can this process make device nodes (root, CAP_MKNOD)? The device tests need it; others run without. */
let mknodChecked: boolean | undefined;
function mknodAllowed(): boolean {
  if (mknodChecked === undefined) {
    const dir = fsp.mkdtempSync(`${os.tmpdir()}/certsd-mknod-`);
    mknodChecked = spawnSync('mknod', [`${dir}/null`, 'c', '1', '3']).status === 0;
    fsp.rmSync(dir, { recursive: true, force: true });
  }
  return mknodChecked;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** The FsError a call throws (the test fails if it returns or throws something else). */
function fsErrorOf(f: () => unknown): FsError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof FsError, `not an FsError: ${String(e)}`);
    return e;
  }
  assert.fail('did not throw');
}

/** The error's fields that a caller reads. */
const fields = (e: FsError) => ({ name: e.name, code: e.code, path: e.path, message: e.message, detail: e.detail });

/** Replaces nodeFs[name] with `wrap(original)` for the length of `f`. */
function withWrapped<T>(name: 'statSync' | 'fstatSync', wrap: (orig: (...a: unknown[]) => fsp.Stats) => (...a: unknown[]) => fsp.Stats, f: () => T): T {
  const orig = nodeFs[name] as (...a: unknown[]) => fsp.Stats;
  nodeFs[name] = wrap(orig);
  try {
    return f();
  } finally {
    nodeFs[name] = orig;
  }
}

const sorted = (entries: DirEntry[]) => [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

describe('core/fsview: the real-disk view', () => {
  const tree = tempTrees();
  const sockets: net.Server[] = [];
  after(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  /** A listening Unix socket at `p`. */
  async function socketAt(p: string): Promise<void> {
    const server = net.createServer();
    sockets.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, () => resolve());
    });
  }

  describe('readDir', () => {
    it("gives each entry's own type, a link as a link, a pipe and a socket as other", async () => {
      const t = tree({ d: { 'ca.crt': 'x', sub: {}, 'to-ca': symlink('ca.crt'), 'to-sub': symlink('sub'), dangling: symlink('nowhere') } });
      run('mkfifo', [t.path('d', 'pipe')]);
      await socketAt(t.path('d', 'sock'));
      assert.deepEqual(sorted(nodeFileSystem.readDir(t.path('d'))), [
        { name: 'ca.crt', type: 'file' },
        { name: 'dangling', type: 'symlink' },
        { name: 'pipe', type: 'other' },
        { name: 'sock', type: 'other' },
        { name: 'sub', type: 'directory' },
        { name: 'to-ca', type: 'symlink' },
        { name: 'to-sub', type: 'symlink' },
      ]);
    });

    it('gives a name that is not UTF-8 with its stray byte kept (U+DC00 + byte), and reads it back by that name', () => {
      const t = tree({ d: {} });
      fsp.writeFileSync(Buffer.concat([Buffer.from(t.path('d') + '/ca'), Buffer.of(0xff), Buffer.from('.crt')]), 'bytes');
      assert.deepEqual(nodeFileSystem.readDir(t.path('d')), [{ name: 'ca\udcff.crt', type: 'file' }]);
      assert.equal(Buffer.from(nodeFileSystem.readFile(t.path('d', 'ca\udcff.crt'))).toString(), 'bytes');
    });

    it('throws an FsError with the errno code and the folder for a missing folder or a file', () => {
      const t = tree({ 'ca.crt': 'x' });
      const missing = fsErrorOf(() => nodeFileSystem.readDir(t.path('missing')));
      assert.deepEqual([missing.name, missing.code, missing.path, missing.detail], ['FsError', 'ENOENT', t.path('missing'), undefined]);
      assert.equal(missing.message, `ENOENT: no such file or directory, scandir '${t.path('missing')}'`);
      const notDir = fsErrorOf(() => nodeFileSystem.readDir(t.path('ca.crt')));
      assert.deepEqual([notDir.code, notDir.path], ['ENOTDIR', t.path('ca.crt')]);
    });
  });

  describe('stat', () => {
    it('follows links and gives type, permission bits (setuid included, not the file type), size and mtime', () => {
      const t = tree({ 'ca.crt': file('12345', 0o4751), sub: {}, 'to-ca': symlink('ca.crt'), 'to-sub': symlink('sub') });
      fsp.utimesSync(t.path('ca.crt'), 1_700_000_000, 1_700_000_123.5);
      const want = { type: 'file', mode: 0o4751, size: 5, mtimeMs: 1_700_000_123_500 };
      assert.deepEqual(nodeFileSystem.stat(t.path('ca.crt')), want);
      assert.deepEqual(nodeFileSystem.stat(t.path('to-ca')), want);
      fsp.chmodSync(t.path('sub'), 0o750);
      const sub = nodeFileSystem.stat(t.path('to-sub'));
      assert.deepEqual([sub.type, sub.mode], ['directory', 0o750]);
    });

    it('gives a pipe and a device as other', () => {
      const t = tree({});
      run('mkfifo', [t.path('pipe')]);
      assert.equal(nodeFileSystem.stat(t.path('pipe')).type, 'other');
      assert.equal(nodeFileSystem.stat('/dev/null').type, 'other');
    });

    it('throws ENOENT for a dangling link (it follows it)', () => {
      const t = tree({ dangling: symlink('nowhere') });
      const e = fsErrorOf(() => nodeFileSystem.stat(t.path('dangling')));
      assert.deepEqual([e.code, e.path, e.message], ['ENOENT', t.path('dangling'), `ENOENT: no such file or directory, stat '${t.path('dangling')}'`]);
    });
  });

  describe('readFile', () => {
    it("reads a file's bytes, through a link too; an empty file is empty", () => {
      const bytes = Buffer.from([0, 1, 2, 0xff, 0x0a]);
      const t = tree({ 'ca.crt': bytes, 'to-ca': symlink('ca.crt'), empty: '' });
      assert.deepEqual(Buffer.from(nodeFileSystem.readFile(t.path('ca.crt'))), bytes);
      assert.deepEqual(Buffer.from(nodeFileSystem.readFile(t.path('to-ca'))), bytes);
      assert.equal(nodeFileSystem.readFile(t.path('empty')).length, 0);
    });

    it('reads a file of exactly MAX_READ_BYTES whole, and refuses one byte more by its size', () => {
      const at = Buffer.alloc(MAX_READ_BYTES, 0x41);
      at[MAX_READ_BYTES - 1] = 0x5a;
      const t = tree({ 'at.crt': at, 'over.crt': Buffer.alloc(MAX_READ_BYTES + 1, 0x41) });
      assert.deepEqual(Buffer.from(nodeFileSystem.readFile(t.path('at.crt'))), at);
      const e = fsErrorOf(() => nodeFileSystem.readFile(t.path('over.crt')));
      assert.deepEqual(fields(e), {
        name: 'FsError',
        code: 'EFBIG',
        path: t.path('over.crt'),
        message: `1048577 bytes, over the 1048576 certsd reads: ${t.path('over.crt')}`,
        detail: { size: 1048577 },
      });
    });

    it('refuses a 200 MB sparse file by its size without opening it', () => {
      const t = tree({ 'ca.crt': '' });
      fsp.truncateSync(t.path('ca.crt'), 200 * 1024 * 1024);
      const e = withWrapped(
        'fstatSync',
        () => () => assert.fail('opened'),
        () => fsErrorOf(() => nodeFileSystem.readFile(t.path('ca.crt'))),
      );
      assert.deepEqual([e.code, e.detail, e.message], ['EFBIG', { size: 209715200 }, `209715200 bytes, over the 1048576 certsd reads: ${t.path('ca.crt')}`]);
    });

    it("reads a /proc file, which says size 0, as empty (it is never read: /proc/kmsg would block)", () => {
      assert.equal(nodeFileSystem.stat('/proc/self/status').size, 0);
      assert.equal(nodeFileSystem.readFile('/proc/self/status').length, 0);
    });

    it('refuses a folder with EISDIR, a link to one too', () => {
      const t = tree({ sub: {}, 'to-sub': symlink('sub') });
      for (const p of [t.path('sub'), t.path('to-sub')]) {
        assert.deepEqual(fields(fsErrorOf(() => nodeFileSystem.readFile(p))), { name: 'FsError', code: 'EISDIR', path: p, message: `is a directory: ${p}`, detail: undefined });
      }
    });

    it('refuses a named pipe with EFIFO, without opening it', () => {
      const t = tree({});
      run('mkfifo', [t.path('pipe')]);
      const e = withWrapped(
        'fstatSync',
        () => () => assert.fail('opened'),
        () => fsErrorOf(() => nodeFileSystem.readFile(t.path('pipe'))),
      );
      assert.deepEqual(fields(e), { name: 'FsError', code: 'EFIFO', path: t.path('pipe'), message: `named pipe: ${t.path('pipe')}`, detail: undefined });
    });

    it('refuses a socket with ENXIO (what open(2) gives for one)', async () => {
      const t = tree({});
      await socketAt(t.path('sock'));
      assert.deepEqual(fields(fsErrorOf(() => nodeFileSystem.readFile(t.path('sock')))), {
        name: 'FsError',
        code: 'ENXIO',
        path: t.path('sock'),
        message: `socket: ${t.path('sock')}`,
        detail: undefined,
      });
    });

    it('reads /dev/null (1:3), and a node with its numbers, as empty', function () {
      if (!mknodAllowed()) this.skip();
      const t = tree({});
      run('mknod', [t.path('null'), 'c', '1', '3']);
      assert.equal(nodeFileSystem.readFile('/dev/null').length, 0);
      assert.equal(nodeFileSystem.readFile(t.path('null')).length, 0);
    });

    it("refuses Linux's endless mem devices (1:5, 1:7, 1:8, 1:9) with EENDLESS and their names", function () {
      if (!mknodAllowed()) this.skip();
      const t = tree({});
      const want: [string, string][] = [
        ['5', '/dev/zero'],
        ['7', '/dev/full'],
        ['8', '/dev/random'],
        ['9', '/dev/urandom'],
      ];
      for (const [minor, device] of want) {
        const p = t.path(`mem${minor}`);
        run('mknod', [p, 'c', '1', minor]);
        assert.deepEqual(fields(fsErrorOf(() => nodeFileSystem.readFile(p))), { name: 'FsError', code: 'EENDLESS', path: p, message: `endless device ${device}: ${p}`, detail: { device } });
      }
      assert.equal(fsErrorOf(() => nodeFileSystem.readFile('/dev/zero')).message, 'endless device /dev/zero: /dev/zero');
    });

    it('refuses any other device with EDEVICE, naming its kind and major:minor numbers', function () {
      if (!mknodAllowed()) this.skip();
      const t = tree({});
      const cases: [string, string, string, string][] = [
        // 1:1 is /dev/mem (a mem device, not an endless one); 1:3 as a block device is not /dev/null.
        ['mem', 'c', '1', '1'],
        ['blk-null', 'b', '1', '3'],
        ['blk-zero', 'b', '1', '5'],
        ['tty', 'c', '5', '0'],
        ['major3', 'c', '3', '1'],
        // Minor 5 is /dev/zero only with major 1.
        ['not-zero', 'c', '4', '5'],
        ['minor3', 'c', '2', '3'],
        ['sda1', 'b', '8', '1'],
        // Large numbers: glibc's split of dev_t (minor's high bits above major's 12 bits).
        ['big', 'c', '4095', '1048575'],
        ['mid', 'b', '259', '300'],
      ];
      for (const [name, kind, major, minor] of cases) {
        const p = t.path(name);
        run('mknod', [p, kind, major, minor]);
        const device = `${kind === 'c' ? 'character' : 'block'} device ${major}:${minor}`;
        assert.deepEqual(fields(fsErrorOf(() => nodeFileSystem.readFile(p))), { name: 'FsError', code: 'EDEVICE', path: p, message: `${device}: ${p}`, detail: { device } });
      }
    });

    it("throws ENOENT with Node's message for a missing file", () => {
      const t = tree({});
      const p = t.path('missing.crt');
      assert.deepEqual(fields(fsErrorOf(() => nodeFileSystem.readFile(p))), {
        name: 'FsError',
        code: 'ENOENT',
        path: p,
        message: `ENOENT: no such file or directory, stat '${p}'`,
        detail: undefined,
      });
    });

    describe('races: the file changes between the checks and the read', () => {
      /** Runs `change` once, right after the first call of nodeFs[name] returns. */
      const after1 =
        (name: 'statSync' | 'fstatSync', change: () => void) =>
        <T>(f: () => T): T =>
        withWrapped(
          name,
          (orig) => {
            let done = false;
            return (...a) => {
              const s = orig(...a);
              if (!done) {
                done = true;
                change();
              }
              return s;
            };
          },
          f,
        );

      it('a file swapped for a named pipe after its stat: the open does not block, the pipe is refused by fstat', () => {
        const t = tree({ 'ca.crt': 'x' });
        const p = t.path('ca.crt');
        const e = after1('statSync', () => {
          fsp.rmSync(p);
          run('mkfifo', [p]);
        })(() => fsErrorOf(() => nodeFileSystem.readFile(p)));
        assert.deepEqual(fields(e), { name: 'FsError', code: 'EFIFO', path: p, message: `named pipe: ${p}`, detail: undefined });
      });

      it('a file swapped for a folder after its stat: EISDIR', () => {
        const t = tree({ 'ca.crt': 'x' });
        const p = t.path('ca.crt');
        const e = after1('statSync', () => {
          fsp.rmSync(p);
          fsp.mkdirSync(p);
        })(() => fsErrorOf(() => nodeFileSystem.readFile(p)));
        assert.deepEqual(fields(e), { name: 'FsError', code: 'EISDIR', path: p, message: `is a directory: ${p}`, detail: undefined });
      });

      it('a file swapped for a link to /dev/null after its stat: empty', () => {
        const t = tree({ 'ca.crt': 'x' });
        const p = t.path('ca.crt');
        const got = after1('statSync', () => {
          fsp.rmSync(p);
          fsp.symlinkSync('/dev/null', p);
        })(() => nodeFileSystem.readFile(p));
        assert.equal(got.length, 0);
      });

      it('a file swapped for a link to /dev/zero after its stat: EENDLESS, nothing read', () => {
        const t = tree({ 'ca.crt': 'x' });
        const p = t.path('ca.crt');
        const e = after1('statSync', () => {
          fsp.rmSync(p);
          fsp.symlinkSync('/dev/zero', p);
        })(() => fsErrorOf(() => nodeFileSystem.readFile(p)));
        assert.deepEqual(fields(e), { name: 'FsError', code: 'EENDLESS', path: p, message: `endless device /dev/zero: ${p}`, detail: { device: '/dev/zero' } });
      });

      it('a small file swapped for one over the limit after its stat: refused by the size fstat gives', () => {
        const t = tree({ 'ca.crt': 'x' });
        const p = t.path('ca.crt');
        const e = after1('statSync', () => fsp.truncateSync(p, MAX_READ_BYTES + 10))(() => fsErrorOf(() => nodeFileSystem.readFile(p)));
        assert.deepEqual([e.code, e.detail, e.message], ['EFBIG', { size: MAX_READ_BYTES + 10 }, `1048586 bytes, over the 1048576 certsd reads: ${p}`]);
      });

      it('an empty file that is written after its fstat: read as the empty file fstat saw', () => {
        const t = tree({ 'ca.crt': '' });
        const p = t.path('ca.crt');
        const got = after1('fstatSync', () => fsp.writeFileSync(p, 'written later'))(() => nodeFileSystem.readFile(p));
        assert.equal(got.length, 0);
      });

      it('a file at the limit that grows after its fstat: refused, at one byte over (no more is read)', () => {
        const t = tree({ 'ca.crt': Buffer.alloc(MAX_READ_BYTES, 0x41) });
        const p = t.path('ca.crt');
        const e = after1('fstatSync', () => fsp.appendFileSync(p, Buffer.alloc(100, 0x42)))(() => fsErrorOf(() => nodeFileSystem.readFile(p)));
        assert.deepEqual(fields(e), { name: 'FsError', code: 'EFBIG', path: p, message: `1048577 bytes, over the 1048576 certsd reads: ${p}`, detail: { size: MAX_READ_BYTES + 1 } });
      });

      it('a file that shrinks after its fstat: the bytes that are left, and the read ends', () => {
        const t = tree({ 'ca.crt': 'abcdefgh' });
        const p = t.path('ca.crt');
        const got = after1('fstatSync', () => fsp.truncateSync(p, 3))(() => nodeFileSystem.readFile(p));
        assert.equal(Buffer.from(got).toString(), 'abc');
      });
    });
  });

  describe('descriptors and errors without a code', () => {
    const openFds = () => fsp.readdirSync('/proc/self/fd').length;

    it('closes the file after reading it, and after refusing it once open', () => {
      const t = tree({ 'ca.crt': 'x', 'big.crt': Buffer.alloc(MAX_READ_BYTES, 0x41) });
      const before = openFds();
      for (let i = 0; i < 20; i++) nodeFileSystem.readFile(t.path('ca.crt'));
      assert.equal(openFds(), before);
      withWrapped(
        'fstatSync',
        (orig) => (...a) => {
          const s = orig(...a);
          fsp.appendFileSync(t.path('big.crt'), 'more');
          return s;
        },
        () => fsErrorOf(() => nodeFileSystem.readFile(t.path('big.crt'))),
      );
      assert.equal(openFds(), before);
    });

    it('an error the system gives without an errno code is EIO, with its message', () => {
      const t = tree({ 'ca.crt': 'x' });
      const e = withWrapped(
        'fstatSync',
        () => () => {
          throw new Error('no code here');
        },
        () => fsErrorOf(() => nodeFileSystem.readFile(t.path('ca.crt'))),
      );
      assert.deepEqual(fields(e), { name: 'FsError', code: 'EIO', path: t.path('ca.crt'), message: 'no code here', detail: undefined });
    });
  });

  describe('realPath, exists, canWrite', () => {
    it('realPath resolves every link, a name with a stray byte included', () => {
      const t = tree({ real: { 'ca.crt': 'x' }, 'to-real': symlink('real') });
      fsp.symlinkSync('ca.crt', Buffer.concat([Buffer.from(t.path('real') + '/l'), Buffer.of(0xfe)]));
      const base = fsp.realpathSync(t.base);
      assert.equal(nodeFileSystem.realPath!(t.path('to-real', 'ca.crt')), `${base}/real/ca.crt`);
      assert.equal(nodeFileSystem.realPath!(t.path('to-real')), `${base}/real`);
      fsp.renameSync(t.path('real', 'ca.crt'), Buffer.concat([Buffer.from(t.path('real') + '/c'), Buffer.of(0xff)]));
      fsp.rmSync(Buffer.concat([Buffer.from(t.path('real') + '/l'), Buffer.of(0xfe)]));
      fsp.symlinkSync(Buffer.concat([Buffer.from('c'), Buffer.of(0xff)]), Buffer.concat([Buffer.from(t.path('real') + '/l'), Buffer.of(0xfe)]));
      assert.equal(nodeFileSystem.realPath!(t.path('to-real', 'l\udcfe')), `${base}/real/c\udcff`);
    });

    it('realPath throws an FsError for a dangling link', () => {
      const t = tree({ dangling: symlink('nowhere') });
      const e = fsErrorOf(() => nodeFileSystem.realPath!(t.path('dangling')));
      assert.deepEqual([e.code, e.path], ['ENOENT', t.path('dangling')]);
    });

    it('exists: a file, a folder and a dangling link are there; a missing name is not', () => {
      const t = tree({ 'ca.crt': 'x', sub: {}, dangling: symlink('nowhere') });
      assert.deepEqual(
        ['ca.crt', 'sub', 'dangling', 'missing'].map((n) => nodeFileSystem.exists(t.path(n))),
        [true, true, true, false],
      );
      assert.equal(nodeFileSystem.exists(t.path('dangling\udcff')), false);
    });

    it('canWrite: a folder one can write is writable; a missing one is not', () => {
      const t = tree({ sub: {} });
      assert.equal(nodeFileSystem.canWrite(t.path('sub')), true);
      assert.equal(nodeFileSystem.canWrite(t.path('missing')), false);
    });
  });
});

describe('core/fsview: errors and their texts', () => {
  it('FsError: its default message is "<code>: <path>", its name FsError; isFsError tells it from other errors', () => {
    const e = new FsError('ENOENT', '/c/reg/ca.crt');
    assert.deepEqual(fields(e), { name: 'FsError', code: 'ENOENT', path: '/c/reg/ca.crt', message: 'ENOENT: /c/reg/ca.crt', detail: undefined });
    assert.equal(new FsError('EIO', '/x', 'given').message, 'given');
    assert.equal(isFsError(e), true);
    assert.equal(isFsError(new Error('ENOENT: /c/reg/ca.crt')), false);
    assert.equal(isFsError(undefined), false);
  });

  it("tooBig: EFBIG with the size and the cap in the message", () => {
    assert.deepEqual(fields(tooBig('/c/a', 5_000_000)), { name: 'FsError', code: 'EFBIG', path: '/c/a', message: '5000000 bytes, over the 1048576 certsd reads: /c/a', detail: { size: 5_000_000 } });
  });

  it("goPathError: Go's `open <path>: <errno text>` (os.PathError around syscall.Errno)", () => {
    const p = '/etc/docker/certs.d/reg/ca.crt';
    const cases: [string, string][] = [
      ['ENOENT', `open ${p}: no such file or directory`],
      ['EACCES', `open ${p}: permission denied`],
      ['EPERM', `open ${p}: operation not permitted`],
      ['ENOTDIR', `open ${p}: not a directory`],
      ['ELOOP', `open ${p}: too many levels of symbolic links`],
      ['EIO', `open ${p}: input/output error`],
      ['ENAMETOOLONG', `open ${p}: file name too long`],
      ['ENXIO', `open ${p}: no such device or address`],
      // Opening a folder works in Go; its read fails.
      ['EISDIR', `read ${p}: is a directory`],
      // A code Go's table here does not know: the code itself, in lower case.
      ['EMFILE', `open ${p}: emfile`],
    ];
    for (const [code, want] of cases) assert.equal(goPathError(new FsError(code, '/other/path'), p), want, code);
  });

  it('goPathError: what the engine does with a pipe, an endless device, another device', () => {
    const p = '/c/reg/ca.crt';
    assert.equal(goPathError(new FsError('EFIFO', p), p), `${p} is a named pipe (FIFO): the engine's read of it blocks until something writes to the pipe, so the engine hangs there`);
    assert.equal(goPathError(new FsError('EENDLESS', p, undefined, { device: '/dev/zero' }), p), `${p} is /dev/zero: the engine reads it without end and dies with "fatal error: out of memory"`);
    assert.equal(goPathError(new FsError('EENDLESS', p), p), `${p} is a device that never ends: the engine reads it without end and dies with "fatal error: out of memory"`);
    assert.equal(goPathError(new FsError('EDEVICE', p, undefined, { device: 'block device 8:1' }), p), `${p} is a block device 8:1: certsd does not read devices (the engine reads whatever the device gives)`);
    assert.equal(goPathError(new FsError('EDEVICE', p), p), `${p} is a device: certsd does not read devices (the engine reads whatever the device gives)`);
  });

  it('describeUnread: a few words for each reason', () => {
    const cases: [FsError, string][] = [
      [new FsError('EFIFO', '/p'), 'it is a named pipe (FIFO), not a file'],
      [new FsError('ENXIO', '/p'), 'it is a socket, not a file'],
      [new FsError('EENDLESS', '/p', undefined, { device: '/dev/urandom' }), 'it is /dev/urandom, not a file'],
      [new FsError('EENDLESS', '/p'), 'it is a device, not a file'],
      [new FsError('EDEVICE', '/p', undefined, { device: 'character device 5:0' }), 'it is character device 5:0, not a file'],
      [new FsError('EDEVICE', '/p'), 'it is a device, not a file'],
      [new FsError('ENOENT', '/p'), 'no such file or directory'],
      [new FsError('ELOOP', '/p'), 'too many levels of symbolic links'],
      [new FsError('EMFILE', '/p'), 'EMFILE'],
    ];
    for (const [e, want] of cases) assert.equal(describeUnread(e), want, e.code);
  });

  it('isUnreadFile: the pipes, devices and files over the limit certsd refuses, not the errno errors', () => {
    const codes = ['EFIFO', 'EDEVICE', 'EENDLESS', 'EFBIG', 'ENXIO', 'ENOENT', 'EISDIR', 'EACCES'];
    assert.deepEqual(
      codes.map((c) => isUnreadFile(new FsError(c, '/p'))),
      [true, true, true, true, false, false, false, false],
    );
    assert.equal(isUnreadFile(undefined), false);
  });
});

describe("core/fsview: goQuote is Go's strconv.Quote", () => {
  const cases: [string, string, string][] = [
    ['plain', 'reg.example.com/ca.crt', '"reg.example.com/ca.crt"'],
    ['empty', '', '""'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['the short escapes', '\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['other C0 controls and DEL as \\x', '\x00\x01\x1b\x1f\x7f', '"\\x00\\x01\\x1b\\x1f\\x7f"'],
    ['the ASCII space is printable', 'a b', '"a b"'],
    ['letters, marks, numbers, punctuation and symbols outside ASCII are kept', 'é日本ñ\u0301٣«»€😀', '"é日本ñ\u0301٣«»€😀"'],
    ['C1 controls as \\u', '\u0080\u0085\u009f', '"\\u0080\\u0085\\u009f"'],
    ['spaces other than the ASCII one as \\u', '\u00a0\u2028\u3000', '"\\u00a0\\u2028\\u3000"'],
    ['format characters (bidi overrides, zero width) as \\u', '\u202e\u200b\ufeff', '"\\u202e\\u200b\\ufeff"'],
    ['unassigned and non-characters as \\u', '\u0378\uffff', '"\\u0378\\uffff"'],
    ['astral non-printables as \\U', '\u{e0001}\u{10ffff}\u{1d173}', '"\\U000e0001\\U0010ffff\\U0001d173"'],
    ['a printable astral letter', '\u{10000}', '"\u{10000}"'],
    ['raw bytes (U+DC80..U+DCFF) as \\x', 'ca\udc80\udcff.crt', '"ca\\x80\\xff.crt"'],
    ['a lone surrogate outside the raw-byte range as \\u', '\udc7f\ud800', '"\\udc7f\\ud800"'],
  ];
  for (const [what, s, want] of cases) it(what, () => assert.equal(goQuote(s), want));
});
