/**
 * The overlay file system (lsp/overlayFs.ts): what a read gives for a file on disk, a document open
 * but unchanged, edited, saved, closed; the UTF-8 BOM the editor keeps aside; the 1 MiB cap on an
 * edited document; and the calls passed straight to the disk. Driven through a real TextDocuments
 * on a stand-in connection, as the server's documents are.
 */
import * as assert from 'node:assert/strict';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DirEntry, EditorFileSystemView, FileStat, FsError, MAX_READ_BYTES } from '../../server/src/core/fsview';
import { OverlayFileSystem } from '../../server/src/lsp/overlayFs';
import { toUri } from '../../server/src/lsp/paths';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FILE = '/certs.d/reg.example.com/ca.crt';
const OTHER = '/certs.d/reg.example.com/other.crt';

type Handler = (e: unknown) => void;

/** The notifications an editor sends, as TextDocuments.listen receives them from a connection. */
function editor() {
  const handlers: Record<string, Handler> = {};
  const on = (name: string) => (h: Handler) => {
    handlers[name] = h;
    return { dispose() {} };
  };
  const connection = {
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onWillSaveTextDocument: on('willSave'),
    onWillSaveTextDocumentWaitUntil: on('willSaveWaitUntil'),
    onDidSaveTextDocument: on('save'),
  };
  const documents = new TextDocuments(TextDocument);
  documents.listen(connection as unknown as Parameters<typeof documents.listen>[0]);
  const versions = new Map<string, number>();
  return {
    documents,
    open(p: string, text: string, version = 1) {
      versions.set(p, version);
      handlers.open({ textDocument: { uri: toUri(p), languageId: 'pem', version, text } });
    },
    /** Replaces the whole text, as a new version. */
    type(p: string, text: string) {
      const version = (versions.get(p) ?? 0) + 1;
      versions.set(p, version);
      handlers.change({ textDocument: { uri: toUri(p), version }, contentChanges: [{ text }] });
    },
    save(p: string) {
      handlers.save({ textDocument: { uri: toUri(p) } });
    },
    close(p: string) {
      handlers.close({ textDocument: { uri: toUri(p) } });
    },
  };
}

/** A disk of fixed files that records each read; what it does not hold is ENOENT. */
function disk(files: Record<string, Uint8Array>, extra: Partial<EditorFileSystemView> = {}) {
  const reads: string[] = [];
  const view: EditorFileSystemView = {
    readDir: () => [],
    stat: () => ({ type: 'file', mode: 0o644, size: 0, mtimeMs: 0 }),
    exists: () => false,
    canWrite: () => false,
    readFile(p) {
      reads.push(p);
      const b = files[p];
      if (!b) throw new FsError('ENOENT', p);
      return b;
    },
    ...extra,
  };
  return { view, reads, files };
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const bytes = (b: Uint8Array) => [...b];

describe('overlay file system (lsp/overlayFs.ts)', () => {
  it('reads the disk for a file no editor has open', () => {
    const e = editor();
    const d = disk({ [FILE]: Buffer.from('on disk') });
    const o = new OverlayFileSystem(e.documents, d.view);
    assert.equal(text(o.readFile(FILE)), 'on disk');
    assert.throws(() => o.readFile(OTHER), (err: unknown) => err instanceof FsError && err.code === 'ENOENT' && err.path === OTHER);
  });

  it('reads the disk for a document open but not changed (the editor drops a BOM Go keeps)', () => {
    const e = editor();
    const d = disk({ [FILE]: Buffer.concat([BOM, Buffer.from('on disk')]) });
    const o = new OverlayFileSystem(e.documents, d.view);
    e.open(FILE, 'the editor text', 3);
    assert.deepEqual(bytes(o.readFile(FILE)), bytes(Buffer.concat([BOM, Buffer.from('on disk')])));
  });

  it("reads an edited document's text, until it is saved or closed; then the disk again", () => {
    const e = editor();
    const d = disk({ [FILE]: Buffer.from('on disk'), [OTHER]: Buffer.from('other on disk') });
    const o = new OverlayFileSystem(e.documents, d.view);
    e.open(FILE, 'on disk');
    e.open(OTHER, 'other on disk');
    e.type(FILE, 'edited é');
    assert.equal(text(o.readFile(FILE)), 'edited é');
    assert.equal(text(o.readFile(OTHER)), 'other on disk', 'only the edited document');
    e.type(FILE, 'edited twice');
    assert.equal(text(o.readFile(FILE)), 'edited twice');
    e.save(FILE);
    d.files[FILE] = Buffer.from('saved to disk');
    assert.equal(text(o.readFile(FILE)), 'saved to disk');
    e.type(FILE, 'edited after the save');
    assert.equal(text(o.readFile(FILE)), 'edited after the save');
    e.close(FILE);
    assert.equal(text(o.readFile(FILE)), 'saved to disk', 'closed without saving: the disk');
    e.open(FILE, 'reopened', 1);
    assert.equal(text(o.readFile(FILE)), 'saved to disk', 'reopened, not changed');
    e.type(FILE, 'changed after reopening');
    assert.equal(text(o.readFile(FILE)), 'changed after reopening');
  });

  it("puts back the BOM of the file on disk, which the editor's text has not; never a second one, none where the disk has none", () => {
    const e = editor();
    const withBom = '/certs.d/reg.example.com/bom.crt';
    const plain = '/certs.d/reg.example.com/plain.crt';
    const gone = '/certs.d/reg.example.com/gone.crt';
    const d = disk({ [withBom]: Buffer.concat([BOM, Buffer.from('x')]), [plain]: Buffer.from('x') });
    const o = new OverlayFileSystem(e.documents, d.view);
    for (const p of [withBom, plain, gone]) {
      e.open(p, 'x');
      e.type(p, 'edited');
    }
    assert.deepEqual(bytes(o.readFile(withBom)), bytes(Buffer.concat([BOM, Buffer.from('edited')])));
    assert.deepEqual(bytes(o.readFile(plain)), bytes(Buffer.from('edited')));
    assert.deepEqual(bytes(o.readFile(gone)), bytes(Buffer.from('edited')), 'a file gone from disk: the text alone');
    // The editor's text starts with a BOM of its own: kept, not doubled.
    e.type(withBom, '\ufeffedited');
    assert.deepEqual(bytes(o.readFile(withBom)), bytes(Buffer.concat([BOM, Buffer.from('edited')])));
    e.type(plain, '\ufeffedited');
    assert.deepEqual(bytes(o.readFile(plain)), bytes(Buffer.concat([BOM, Buffer.from('edited')])));
  });

  it('refuses an edited document over 1 MiB of UTF-8 as a file over it (EFBIG with its size), without reading the disk', () => {
    const e = editor();
    const d = disk({ [FILE]: Buffer.from('x') });
    const o = new OverlayFileSystem(e.documents, d.view);
    e.open(FILE, 'x');
    // Two bytes a character: the size is counted in bytes, not characters.
    const over = 'é'.repeat(MAX_READ_BYTES / 2) + 'a';
    e.type(FILE, over);
    d.reads.length = 0;
    assert.throws(
      () => o.readFile(FILE),
      (err: unknown) => {
        assert.ok(err instanceof FsError);
        assert.deepEqual([err.code, err.path, err.detail, err.message], ['EFBIG', FILE, { size: MAX_READ_BYTES + 1 }, `${MAX_READ_BYTES + 1} bytes, over the ${MAX_READ_BYTES} certsd reads: ${FILE}`]);
        return true;
      },
    );
    assert.deepEqual(d.reads, [], 'the disk is not read for a text already over the cap');
    // Exactly the cap is read.
    const exact = 'é'.repeat(MAX_READ_BYTES / 2);
    e.type(FILE, exact);
    assert.equal(o.readFile(FILE).length, MAX_READ_BYTES);
  });

  it('counts the BOM it puts back against the cap', () => {
    const e = editor();
    const d = disk({ [FILE]: Buffer.concat([BOM, Buffer.from('x')]) });
    const o = new OverlayFileSystem(e.documents, d.view);
    e.open(FILE, 'x');
    e.type(FILE, 'a'.repeat(MAX_READ_BYTES - 3));
    const read = o.readFile(FILE);
    assert.equal(read.length, MAX_READ_BYTES);
    assert.deepEqual(bytes(read.subarray(0, 4)), [...BOM, 0x61]);
    e.type(FILE, 'a'.repeat(MAX_READ_BYTES - 2));
    assert.throws(
      () => o.readFile(FILE),
      (err: unknown) => err instanceof FsError && err.code === 'EFBIG' && err.path === FILE && err.detail?.size === MAX_READ_BYTES + 1,
    );
  });

  it('passes folder listings, stat, exists, canWrite and realPath straight to the disk', () => {
    const e = editor();
    const entries: DirEntry[] = [{ name: 'ca.crt', type: 'file' }];
    const st: FileStat = { type: 'directory', mode: 0o755, size: 4096, mtimeMs: 12 };
    const calls: string[] = [];
    const d = disk(
      {},
      {
        readDir: (p) => (calls.push(`readDir ${p}`), entries),
        stat: (p) => (calls.push(`stat ${p}`), st),
        exists: (p) => (calls.push(`exists ${p}`), p === FILE),
        canWrite: (p) => (calls.push(`canWrite ${p}`), p === '/certs.d'),
        realPath: (p) => (calls.push(`realPath ${p}`), `/real${p}`),
      },
    );
    const o = new OverlayFileSystem(e.documents, d.view);
    e.open(FILE, 'x');
    e.type(FILE, 'edited');
    assert.equal(o.readDir('/certs.d'), entries);
    assert.equal(o.stat('/certs.d'), st);
    assert.equal(o.exists(FILE), true);
    assert.equal(o.exists(OTHER), false);
    assert.equal(o.canWrite('/certs.d'), true);
    assert.equal(o.canWrite('/etc'), false);
    assert.equal(o.realPath(FILE), `/real${FILE}`);
    assert.deepEqual(calls, [`readDir /certs.d`, `stat /certs.d`, `exists ${FILE}`, `exists ${OTHER}`, `canWrite /certs.d`, `canWrite /etc`, `realPath ${FILE}`]);
  });

  it('refuses realPath with ENOSYS when the disk cannot tell', () => {
    const o = new OverlayFileSystem(editor().documents, disk({}).view);
    assert.throws(
      () => o.realPath(FILE),
      (err: unknown) => {
        assert.ok(err instanceof FsError);
        assert.deepEqual([err.code, err.path], ['ENOSYS', FILE]);
        return true;
      },
    );
  });
});
