/**
 * A document's text as the editor shows it (LSP positions count its UTF-16 units, its lines end at
 * CR, LF or CRLF), tied to the file's exact bytes (Go reads bytes): what the lazy block index works on.
 * Two kinds: the bytes the check reads (a file within the size cap, open or not), and the editor's
 * own text of an open document over the cap, which the check does not read.
 */
import { Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hasUtf8Bom } from '../core/go/pem';
import { PemText } from '../core/go/pemLocal';

export interface DocumentText extends PemText {
  /** How many bytes the file holds (its BOM included). */
  readonly byteLength: number;
  readonly lineCount: number;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  /** The whole file's bytes, BOM included. */
  allBytes(): Buffer;
  /** The byte offset in allBytes() of a text offset that is a line start. */
  byteOffsetOfLine(offset: number): number;
}

/** The bytes of a file (what the check read): decoded as the editor decodes them, BOM left out as the editor leaves it out. */
export function bytesText(data: Buffer): DocumentText {
  const bom = hasUtf8Bom(data);
  const body = bom ? data.subarray(3) : data;
  // One line per "\n" (Go's lines): text offset and byte offset of each line start, so that a part
  // of the text from one line start to another maps back to its exact bytes, whatever they are.
  const lineBytes: number[] = [0];
  const lineChars: number[] = [0];
  let text = '';
  for (let from = 0; ; ) {
    const nl = body.indexOf(0x0a, from);
    const to = nl < 0 ? body.length : nl + 1;
    text += body.toString('utf8', from, to);
    if (nl < 0) break;
    lineBytes.push(to);
    lineChars.push(text.length);
    from = to;
  }
  const doc = TextDocument.create('file:///bytes', 'pem', 0, text);
  /** The byte offset of a line start (or of the end). */
  const byteAt = (offset: number): number => {
    if (offset >= text.length) return body.length;
    let lo = 0;
    let hi = lineChars.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineChars[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    if (lineChars[lo] !== offset) throw new Error(`text offset ${offset} is not a line start`);
    return lineBytes[lo];
  };
  return {
    text,
    bom,
    byteLength: data.length,
    get lineCount() {
      return doc.lineCount;
    },
    bytes: (from, to) => body.subarray(byteAt(from), byteAt(to)),
    positionAt: (offset) => doc.positionAt(offset),
    offsetAt: (position) => doc.offsetAt(position),
    allBytes: () => data,
    byteOffsetOfLine: (offset) => (bom ? 3 : 0) + byteAt(offset),
  };
}

/**
 * The editor's text of an open document, whose bytes are its UTF-8 encoding (as the overlay gives
 * them to the check). Taken for one version: the TextDocument changes in place with the next one,
 * so the index built on it is dropped then (workspace.forgetDocument). Whether the file on disk
 * begins with a BOM is not known here (the disk copy is over the cap too, or absent): none is assumed.
 */
export function editorText(doc: TextDocument): DocumentText {
  const text = doc.getText();
  const version = doc.version;
  const same = () => {
    if (doc.version !== version) throw new Error(`document changed from version ${version} to ${doc.version} during a request`);
  };
  let byteLength: number | undefined;
  return {
    text,
    bom: false,
    get byteLength() {
      return (byteLength ??= Buffer.byteLength(text, 'utf8'));
    },
    get lineCount() {
      same();
      return doc.lineCount;
    },
    bytes: (from, to) => Buffer.from(text.slice(from, to), 'utf8'),
    positionAt: (offset) => (same(), doc.positionAt(offset)),
    offsetAt: (position) => (same(), doc.offsetAt(position)),
    allBytes: () => Buffer.from(text, 'utf8'),
    byteOffsetOfLine: (offset) => Buffer.byteLength(text.slice(0, offset), 'utf8'),
  };
}
