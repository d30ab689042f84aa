/**
 * The disk, with the unsaved text of edited documents laid over it. A document that is open but
 * unchanged is read from disk: the editor's text drops a UTF-8 BOM, which Go does not. An edited
 * document over MAX_READ_BYTES is refused as a file over it is (EFBIG: the same finding), and never
 * copied into bytes; hover, outline and folding read the editor's text (workspace.documentIndex).
 */
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorFileSystemView, FsError, MAX_READ_BYTES, tooBig } from '../core/fsview';
import { hasUtf8Bom } from '../core/go/pem';
import { toPath } from './paths';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class OverlayFileSystem implements EditorFileSystemView {
  private readonly edited = new Map<string, TextDocument>();
  private readonly savedVersion = new Map<string, number>();

  constructor(
    documents: TextDocuments<TextDocument>,
    private readonly disk: EditorFileSystemView,
  ) {
    documents.onDidOpen((e) => this.savedVersion.set(toPath(e.document.uri), e.document.version));
    documents.onDidChangeContent((e) => {
      const p = toPath(e.document.uri);
      if (e.document.version !== this.savedVersion.get(p)) this.edited.set(p, e.document);
    });
    documents.onDidSave((e) => {
      const p = toPath(e.document.uri);
      this.edited.delete(p);
      this.savedVersion.set(p, e.document.version);
    });
    documents.onDidClose((e) => {
      const p = toPath(e.document.uri);
      this.edited.delete(p);
      this.savedVersion.delete(p);
    });
  }

  readDir(dir: string) {
    return this.disk.readDir(dir);
  }

  stat(path: string) {
    return this.disk.stat(path);
  }

  exists(path: string): boolean {
    return this.disk.exists(path);
  }

  canWrite(dir: string): boolean {
    return this.disk.canWrite(dir);
  }

  realPath(path: string): string {
    if (!this.disk.realPath) throw new FsError('ENOSYS', path);
    return this.disk.realPath(path);
  }

  readFile(path: string): Uint8Array {
    const doc = this.edited.get(path);
    if (!doc) return this.disk.readFile(path);
    const size = Buffer.byteLength(doc.getText(), 'utf8');
    // The BOM can only add to it: a text over the cap is refused without a look at the disk.
    if (size > MAX_READ_BYTES) throw tooBig(path, size);
    const text = Buffer.from(doc.getText(), 'utf8');
    let onDisk: Uint8Array | undefined;
    try {
      onDisk = this.disk.readFile(path);
    } catch {
      onDisk = undefined;
    }
    // The editor keeps the BOM aside and writes it back on save.
    const bytes = onDisk && hasUtf8Bom(onDisk) && !hasUtf8Bom(text) ? Buffer.concat([BOM, text]) : text;
    if (bytes.length > MAX_READ_BYTES) throw tooBig(path, bytes.length);
    return bytes;
  }
}
