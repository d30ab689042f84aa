/**
 * writeFiles.ts, the safety of the generate commands' writes, piece by piece: the node file system
 * they use (exists through lstat, a private temp folder), which host folders may be written into
 * (each refusal word for word), every target checked before anything is created, each descriptor
 * closed, a key 0600 whatever its PEM label, and each failure's message, the sudo staging's own
 * failures included. The folder sizes, modes and contents are those the tests make themselves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostFolderProblem, nodeWriteFileSystem, WriteFileSystem, writeNewFiles } from '../../server/src/core/generate/writeFiles';
import { symlink, tempTrees } from '../helpers/tree';

const KEY = '-----BEGIN PRIVATE KEY-----\nTUlJQ2VRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbU13Z2dKZkFnRUFBb0dCQU1q\n-----END PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('generate writes (writeFiles.ts)', () => {
  const tree = tempTrees();
  let savedUmask: number;
  before(() => {
    savedUmask = process.umask(0o022);
  });
  after(() => {
    process.umask(savedUmask);
  });

  /** A certs.d root with one empty host folder, a file, and links of each kind. */
  function layout() {
    const t = tree({
      'certs.d': {
        'reg.example.com': {},
        'file.example.com': 'x',
        'self.example.com': symlink('.'),
        'filelink.example.com': symlink('file.example.com'),
        'dangling.example.com': symlink('missing.example.com'),
      },
    });
    return { t, root: t.path('certs.d'), host: t.path('certs.d', 'reg.example.com') };
  }

  describe('nodeWriteFileSystem', () => {
    it('exists: true for a file, a folder and a dangling link (lstat), false for nothing, and throws the other errors', () => {
      const { t, root, host } = layout();
      assert.deepEqual(
        [path.join(root, 'file.example.com'), host, path.join(root, 'dangling.example.com'), path.join(host, 'none.key')].map((p) => nodeWriteFileSystem.exists(p)),
        [true, true, true, false],
      );
      // Below a regular file: ENOTDIR, which is not "nothing there".
      const below = t.path('certs.d', 'file.example.com', 'x.key');
      assert.throws(() => nodeWriteFileSystem.exists(below), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR');
    });

    it('makeTempDir: a new certsd-XXXXXX folder directly in the system temp folder, 0700', () => {
      const d = nodeWriteFileSystem.makeTempDir();
      try {
        assert.deepEqual(
          { dir: path.dirname(d), prefix: path.basename(d).slice(0, 7), length: path.basename(d).length, mode: modeOf(d), entries: fs.readdirSync(d) },
          { dir: os.tmpdir(), prefix: 'certsd-', length: 13, mode: 0o700, entries: [] },
        );
      } finally {
        fs.rmSync(d, { recursive: true, force: true });
      }
    });

    it('removeDir: an empty folder only (a folder with a file in it stays, ENOTEMPTY)', () => {
      const d = nodeWriteFileSystem.makeTempDir();
      try {
        fs.writeFileSync(path.join(d, 'x'), '');
        assert.throws(() => nodeWriteFileSystem.removeDir(d), (e: NodeJS.ErrnoException) => e.code === 'ENOTEMPTY');
        fs.unlinkSync(path.join(d, 'x'));
        nodeWriteFileSystem.removeDir(d);
        assert.equal(fs.existsSync(d), false);
      } finally {
        fs.rmSync(d, { recursive: true, force: true });
      }
    });
  });

  describe('hostFolderProblem', () => {
    it('refuses a host path that is not a string, as not absolute', () => {
      const { root } = layout();
      for (const bad of [undefined, 42, null]) assert.equal(hostFolderProblem(bad as unknown as string, [root]), 'the host folder must be given as an absolute path');
    });

    it('refuses "." and ".." segments written with a backslash (a separator on Windows) too', () => {
      const { root } = layout();
      for (const name of ['reg\\..', 'reg\\.', '..\\reg', '.\\reg']) {
        const p = path.join(root, name);
        assert.equal(hostFolderProblem(p, [root]), `${p} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`, name);
      }
    });

    it('says why a folder in the root cannot be used: missing, a dangling link', () => {
      const { root } = layout();
      const missing = path.join(root, 'missing.example.com');
      assert.equal(hostFolderProblem(missing, [root]), `${missing} cannot be used (ENOENT)`);
      const dangling = path.join(root, 'dangling.example.com');
      assert.equal(hostFolderProblem(dangling, [root]), `${dangling} cannot be used (ENOENT)`);
    });

    it('refuses a link to the root itself and a link to a file in the root', () => {
      const { root } = layout();
      const self = path.join(root, 'self.example.com');
      assert.equal(hostFolderProblem(self, [root]), `${self} is a link to a folder outside ${root}: files are only written inside it`);
      const fileLink = path.join(root, 'filelink.example.com');
      assert.equal(hostFolderProblem(fileLink, [root]), `${fileLink} is not a folder`);
    });

    it('words each of the other refusals whole', () => {
      const { t, root, host } = layout();
      const dotted = `${host}/../reg.example.com`;
      assert.equal(hostFolderProblem(dotted, [root]), `${dotted} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`);
      // A doubled separator: only path.normalize tells it from a plain path.
      const doubled = `${root}//reg.example.com`;
      assert.equal(hostFolderProblem(doubled, [root]), `${doubled} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`);
      const trailing = `${host}/`;
      assert.equal(hostFolderProblem(trailing, [root]), `${trailing} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`);
      assert.equal(hostFolderProblem(t.base, [root]), `${t.base} is not a host folder of a certs.d folder being checked: files are only written into one`);
      const file = path.join(root, 'file.example.com');
      assert.equal(hostFolderProblem(file, [root]), `${file} is not a folder`);
      assert.equal(hostFolderProblem(host, [t.path('other'), root]), undefined);
    });
  });

  describe('writeNewFiles', () => {
    it('with `within`, refuses a target named "." or ".." of that folder (its dirname is the folder) and writes nothing', () => {
      const { root, host } = layout();
      for (const name of ['.', '..']) {
        const target = `${host}/${name}`;
        assert.deepEqual(writeNewFiles([{ path: target, content: KEY }], nodeWriteFileSystem, { within: host }), {
          ok: false,
          message: `${target} is not directly in ${host}. Nothing was written.`,
        });
      }
      const outside = path.join(root, 'x.key');
      assert.deepEqual(writeNewFiles([{ path: path.join(host, 'ok.key'), content: KEY }, { path: outside, content: KEY }], nodeWriteFileSystem, { within: host }), {
        ok: false,
        message: `${outside} is not directly in ${host}. Nothing was written.`,
      });
      assert.deepEqual([fs.readdirSync(host), fs.existsSync(outside)], [[], false]);
    });

    it('gives every PEM private key label 0600 without an explicit mode, and anything else 0644 under umask 022', () => {
      const { host } = layout();
      const files = [
        ['rsa.key', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n'],
        ['ec.key', '-----BEGIN EC PRIVATE KEY-----\nMIIB\n-----END EC PRIVATE KEY-----\n'],
        ['enc.key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n'],
        ['pkcs8.key', KEY],
        ['pub.pem', '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n'],
        ['client.cert', CERT],
      ].map(([name, content]) => ({ path: path.join(host, name), content }));
      assert.deepEqual(writeNewFiles(files), { ok: true, written: files.map((f) => f.path) });
      assert.deepEqual(
        files.map((f) => [path.basename(f.path), modeOf(f.path)]),
        [['rsa.key', 0o600], ['ec.key', 0o600], ['enc.key', 0o600], ['pkcs8.key', 0o600], ['pub.pem', 0o644], ['client.cert', 0o644]],
      );
    });

    it('checks every target before it creates any: an existing second file means no open at all', () => {
      const { host } = layout();
      const key = path.join(host, 'client.key');
      const cert = path.join(host, 'client.cert');
      fs.writeFileSync(cert, 'theirs');
      const calls: string[] = [];
      const spy: WriteFileSystem = {
        ...nodeWriteFileSystem,
        exists: (p) => (calls.push(`exists ${path.basename(p)}`), nodeWriteFileSystem.exists(p)),
        open: (p, flags, mode) => (calls.push(`open ${path.basename(p)}`), nodeWriteFileSystem.open(p, flags, mode)),
        unlink: (p) => (calls.push(`unlink ${path.basename(p)}`), nodeWriteFileSystem.unlink(p)),
      };
      assert.deepEqual(writeNewFiles([{ path: key, content: KEY }, { path: cert, content: CERT }], spy), {
        ok: false,
        message: `${cert} already exists. Nothing was written: move that file away or choose another name.`,
      });
      assert.deepEqual(calls, ['exists client.key', 'exists client.cert']);
      assert.deepEqual(fs.readdirSync(host), ['client.cert']);
    });

    it("creates each file with open(path, 'wx', mode), sets the mode on the descriptor, writes, closes: in that order", () => {
      const { host } = layout();
      const key = path.join(host, 'client.key');
      const cert = path.join(host, 'client.cert');
      const calls: unknown[][] = [];
      const fds: number[] = [];
      const spy: WriteFileSystem = {
        exists: (p) => (calls.push(['exists', p]), nodeWriteFileSystem.exists(p)),
        open(p, flags, mode) {
          const fd = nodeWriteFileSystem.open(p, flags, mode);
          calls.push(['open', p, flags, mode.toString(8), `fd${fds.length}`]);
          fds.push(fd);
          return fd;
        },
        chmod: (fd, mode) => (calls.push(['chmod', `fd${fds.lastIndexOf(fd)}`, mode.toString(8)]), nodeWriteFileSystem.chmod(fd, mode)),
        write: (fd, content) => (calls.push(['write', `fd${fds.lastIndexOf(fd)}`, content]), nodeWriteFileSystem.write(fd, content)),
        close: (fd) => (calls.push(['close', `fd${fds.lastIndexOf(fd)}`]), nodeWriteFileSystem.close(fd)),
        unlink: (p) => (calls.push(['unlink', p]), nodeWriteFileSystem.unlink(p)),
        makeTempDir: () => (calls.push(['makeTempDir']), nodeWriteFileSystem.makeTempDir()),
        removeDir: (p) => (calls.push(['removeDir', p]), nodeWriteFileSystem.removeDir(p)),
      };
      assert.deepEqual(writeNewFiles([{ path: key, content: KEY }, { path: cert, content: CERT }], spy), { ok: true, written: [key, cert] });
      assert.deepEqual(calls, [
        ['exists', key],
        ['exists', cert],
        ['open', key, 'wx', '600', 'fd0'],
        ['chmod', 'fd0', '600'],
        ['write', 'fd0', KEY],
        ['close', 'fd0'],
        ['open', cert, 'wx', '666', 'fd1'],
        ['write', 'fd1', CERT],
        ['close', 'fd1'],
      ]);
    });

    it('closes every descriptor it opened, when the writes succeed and when one fails', () => {
      const { host } = layout();
      const opened: number[] = [];
      const watching = (failOn?: string): WriteFileSystem => ({
        ...nodeWriteFileSystem,
        open(p, flags, mode) {
          const fd = nodeWriteFileSystem.open(p, flags, mode);
          opened.push(fd);
          return fd;
        },
        write(fd, content) {
          if (content === failOn) throw errno('ENOSPC');
          nodeWriteFileSystem.write(fd, content);
        },
      });
      const stillOpen = () => opened.splice(0).filter((fd) => {
        try {
          fs.fstatSync(fd);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EBADF') return false;
          throw e;
        }
        fs.closeSync(fd);
        return true;
      });
      const a = path.join(host, 'a.key');
      const b = path.join(host, 'b.cert');
      assert.deepEqual(writeNewFiles([{ path: a, content: KEY }, { path: b, content: CERT }], watching()), { ok: true, written: [a, b] });
      assert.deepEqual(stillOpen(), []);
      const c = path.join(host, 'c.key');
      const d = path.join(host, 'd.cert');
      assert.deepEqual(writeNewFiles([{ path: c, content: KEY }, { path: d, content: CERT }], watching(CERT)), {
        ok: false,
        message: `Could not write ${d} (ENOSPC). Nothing was written.`,
      });
      assert.deepEqual(stillOpen(), []);
      assert.deepEqual(fs.readdirSync(host).sort(), ['a.key', 'b.cert']);
    });

    it('a close that fails after the write is not a failure', () => {
      const { host } = layout();
      const key = path.join(host, 'client.key');
      const wfs: WriteFileSystem = {
        ...nodeWriteFileSystem,
        close(fd) {
          nodeWriteFileSystem.close(fd);
          throw errno('EIO');
        },
      };
      assert.deepEqual(writeNewFiles([{ path: key, content: KEY }], wfs), { ok: true, written: [key] });
      assert.equal(fs.readFileSync(key, 'utf8'), KEY);
    });

    it('writes nothing when a target cannot be checked, and says why', () => {
      const { host } = layout();
      const key = path.join(host, 'client.key');
      const wfs: WriteFileSystem = {
        ...nodeWriteFileSystem,
        exists(p) {
          if (p === key) throw errno('EIO');
          return nodeWriteFileSystem.exists(p);
        },
      };
      assert.deepEqual(writeNewFiles([{ path: key, content: KEY }], wfs), { ok: false, message: `Could not write ${key} (EIO). Nothing was written.` });
      assert.deepEqual(fs.readdirSync(host), []);
    });

    it('says which folder is missing (ENOENT), and what a target below a file gives (ENOTDIR)', () => {
      const { t, host } = layout();
      const missingDir = path.join(host, 'sub');
      assert.deepEqual(writeNewFiles([{ path: path.join(missingDir, 'client.key'), content: KEY }]), {
        ok: false,
        message: `The folder ${missingDir} does not exist. Nothing was written.`,
      });
      const below = t.path('certs.d', 'file.example.com', 'client.key');
      assert.deepEqual(writeNewFiles([{ path: below, content: KEY }]), { ok: false, message: `Could not write ${below} (ENOTDIR). Nothing was written.` });
    });

    it('says the folder is on a read-only file system (EROFS)', () => {
      const { host } = layout();
      const wfs: WriteFileSystem = {
        ...nodeWriteFileSystem,
        open() {
          throw errno('EROFS');
        },
      };
      assert.deepEqual(writeNewFiles([{ path: path.join(host, 'client.key'), content: KEY }], wfs), {
        ok: false,
        message: `${host} is on a read-only file system. Nothing was written.`,
      });
    });

    it('reports EIO for an error without a code (an Error, or nothing at all thrown)', () => {
      const { host } = layout();
      const key = path.join(host, 'client.key');
      for (const thrown of [new Error('no code'), undefined, Object.assign(new Error('numeric'), { code: 5 })]) {
        const wfs: WriteFileSystem = {
          ...nodeWriteFileSystem,
          open() {
            throw thrown;
          },
        };
        assert.deepEqual(writeNewFiles([{ path: key, content: KEY }], wfs), { ok: false, message: `Could not write ${key} (EIO). Nothing was written.` }, String(thrown));
      }
    });

    describe('a folder that needs root, when the files cannot be staged for sudo', () => {
      const NEEDS_ROOT = (dir: string) => `Permission denied writing to ${dir}: the folder needs root. Nothing was written.`;

      function denied(dir: string, more: Partial<WriteFileSystem>): WriteFileSystem {
        return {
          ...nodeWriteFileSystem,
          open(p, flags, mode) {
            if (path.dirname(p) === dir) throw errno('EACCES');
            return nodeWriteFileSystem.open(p, flags, mode);
          },
          ...more,
        };
      }

      it('no temp folder: says so with its code, and offers no command', () => {
        const { host } = layout();
        const wfs = denied(host, {
          makeTempDir() {
            throw errno('ENOSPC');
          },
        });
        assert.deepEqual(writeNewFiles([{ path: path.join(host, 'client.key'), content: KEY }], wfs), {
          ok: false,
          message: `${NEEDS_ROOT(host)} (The files could not be prepared for a sudo command either: ENOSPC in the temp folder.)`,
        });
      });

      it('a staged copy that fails: removes the copies already staged and the temp folder, says so, offers no command', () => {
        const { t, host } = layout();
        const temp = t.path('staging');
        fs.mkdirSync(temp, { mode: 0o700 });
        const base = denied(host, { makeTempDir: () => temp });
        const wfs: WriteFileSystem = {
          ...base,
          open(p, flags, mode) {
            if (p === path.join(temp, '2-client.cert')) throw errno('EMFILE');
            return base.open(p, flags, mode);
          },
        };
        assert.deepEqual(writeNewFiles([{ path: path.join(host, 'client.key'), content: KEY }, { path: path.join(host, 'client.cert'), content: CERT }], wfs), {
          ok: false,
          message: `${NEEDS_ROOT(host)} (The files could not be prepared for a sudo command either: EMFILE in the temp folder.)`,
        });
        assert.deepEqual([fs.existsSync(temp), fs.readdirSync(host)], [false, []]);
      });
    });
  });
});
