/**
 * tree.ts's reading of a certs.d folder on a fake FileSystemView (Go's os.ReadDir order: bytes; a
 * symlink's target from stat), and relativeValidity at the edges of a validity period (Go's
 * x509: a certificate is valid at NotBefore and at NotAfter, only Before/After them it is not).
 */
import * as assert from 'node:assert/strict';
import { formatDate, formatDay, isoSeconds } from '../../server/src/core/dates';
import { relativeValidity } from '../../server/src/core/durationText';
import { DirEntry, FileStat, FileSystemView, FsError } from '../../server/src/core/fsview';
import { isDirLike, readEntries, readRoot, toHostEntry } from '../../server/src/core/tree';

type Node = { type: FileStat['type'] } | { link: string } | { error: unknown };

/** A flat fake: `dir` lists `names`; stat of `dir/name` follows `nodes`. */
function fakeFs(dirs: Record<string, DirEntry[] | FsError>, stats: Record<string, Node> = {}): FileSystemView {
  return {
    readDir(dir) {
      const d = dirs[dir];
      if (d === undefined) throw new FsError('ENOENT', dir);
      if (d instanceof FsError) throw d;
      return [...d];
    },
    stat(p) {
      const n = stats[p];
      if (n === undefined) throw new FsError('ENOENT', p);
      if ('error' in n) throw n.error;
      if ('link' in n) return this.stat(n.link);
      return { type: n.type, mode: 0o644, size: 0, mtimeMs: 0 };
    },
    readFile(p) {
      throw new FsError('ENOENT', p);
    },
  };
}

const file = (name: string): DirEntry => ({ name, type: 'file' });

describe('readEntries: os.ReadDir order, by bytes', () => {
  it('sorts by UTF-8 bytes, not UTF-16 units', () => {
    // U+FF5E is EF BD 9E in UTF-8, U+1F600 is F0 9F 98 80: bytes put U+FF5E first, UTF-16 (D83D...) the other way.
    const fs = fakeFs({ '/c': [file('b.crt'), file('\u{1F600}.crt'), file('\uFF5E.crt'), file('B.crt'), file('a.crt')] });
    assert.deepEqual(readEntries(fs, '/c').entries.map((e) => e.name), ['B.crt', 'a.crt', 'b.crt', '\uFF5E.crt', '\u{1F600}.crt']);
  });

  it('an unreadable folder: no entries and the error', () => {
    const error = new FsError('EACCES', '/c');
    assert.deepEqual(readEntries(fakeFs({ '/c': error }), '/c'), { entries: [], error });
  });
});

describe("toHostEntry: a symlink's target", () => {
  const links = fakeFs({}, { '/c/ca.crt': { type: 'file' }, '/c/to-dir': { type: 'directory' }, '/c/real': { type: 'file' }, '/c/link': { link: '/c/real' }, '/c/denied': { error: new FsError('EACCES', '/c/denied') }, '/c/bug': { error: new TypeError('bug') } });

  it('a plain file has no target', () => {
    assert.deepEqual(toHostEntry(links, '/c', file('ca.crt')), { name: 'ca.crt', path: '/c/ca.crt', type: 'file' });
  });

  it('a symlink: what it points to, missing when dangling, error when stat fails otherwise', () => {
    assert.deepEqual(toHostEntry(links, '/c', { name: 'link', type: 'symlink' }), { name: 'link', path: '/c/link', type: 'symlink', target: 'file' });
    assert.deepEqual(toHostEntry(links, '/c', { name: 'gone', type: 'symlink' }), { name: 'gone', path: '/c/gone', type: 'symlink', target: 'missing' });
    assert.deepEqual(toHostEntry(links, '/c', { name: 'denied', type: 'symlink' }), { name: 'denied', path: '/c/denied', type: 'symlink', target: 'error' });
  });

  it('an error that is not a file system error is not swallowed', () => {
    assert.throws(() => toHostEntry(links, '/c', { name: 'bug', type: 'symlink' }), TypeError);
  });

  it('isDirLike: a folder or a symlink to one', () => {
    assert.equal(isDirLike({ name: 'd', path: '/c/d', type: 'directory' }), true);
    assert.equal(isDirLike({ name: 'l', path: '/c/l', type: 'symlink', target: 'directory' }), true);
    assert.equal(isDirLike({ name: 'l', path: '/c/l', type: 'symlink', target: 'file' }), false);
    assert.equal(isDirLike({ name: 'f', path: '/c/f', type: 'file' }), false);
  });
});

describe('readRoot: host folders and stray files, onlyHosts', () => {
  const fs = fakeFs(
    { '/r': [{ name: 'b.example.com', type: 'directory' }, { name: 'a.example.com', type: 'symlink' }, file('ca.crt'), { name: 'c.example.com', type: 'directory' }], '/r/a.example.com': [], '/r/b.example.com': [file('ca.crt')], '/r/c.example.com': [] },
    { '/r/a.example.com': { type: 'directory' }, '/r/b.example.com/ca.crt': { type: 'file' } },
  );

  it('every host folder without onlyHosts', () => {
    const root = readRoot(fs, '/r', 'docker', { engineFromPath: false, misnamed: false });
    assert.deepEqual([root.hosts.map((h) => h.name), root.strayFiles.map((e) => e.name), root.onlyHosts], [['a.example.com', 'b.example.com', 'c.example.com'], ['ca.crt'], undefined]);
    assert.deepEqual(root.hosts[1].entries, [{ name: 'ca.crt', path: '/r/b.example.com/ca.crt', type: 'file' }]);
  });

  it('only the folders named, and a copy of the names', () => {
    const only = ['c.example.com', 'a.example.com'];
    const root = readRoot(fs, '/r', 'containerd', { engineFromPath: true, misnamed: false, onlyHosts: only });
    assert.deepEqual([root.hosts.map((h) => h.name), root.strayFiles.map((e) => e.name), root.onlyHosts, root.onlyHosts === only], [['a.example.com', 'c.example.com'], [], ['c.example.com', 'a.example.com'], false]);
  });
});

describe('relativeValidity at the edges (valid at NotBefore and at NotAfter)', () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2031-01-01T00:00:00Z');
  it('at NotBefore it expires in the whole period; at NotAfter it has not expired yet', () => {
    assert.equal(relativeValidity(notBefore, notAfter, notBefore), 'expires in 5 years');
    assert.equal(relativeValidity(notBefore, notAfter, notAfter), 'expires in less than a minute');
  });
});

describe('dates.ts: how dates are printed (UTC, to the second)', () => {
  const d = new Date('2026-03-01T12:00:00.250Z');
  it('messages, machine form, the day alone', () => {
    assert.equal(formatDate(d), '2026-03-01 12:00:00 UTC');
    assert.equal(isoSeconds(d), '2026-03-01T12:00:00Z');
    assert.equal(formatDay(d), '2026-03-01');
    assert.equal(formatDay(new Date('2031-12-31T23:59:59Z')), '2031-12-31');
  });
});
