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
import { IndexedTextDocument, lineStartsOf, offsetIn, positionIn } from './textDocument';
import { lastAtOrBefore } from '../core/sorted';

/** Line numbers and offsets as TextDocument gives them (its positionAt, offsetAt, lineCount). */
export interface Lines {
  readonly lineCount: number;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** TextDocument's lines of a text (lsp/textDocument.ts: the same table, found by indexOf). */
export function linesOf(text: string, starts: number[] = lineStartsOf(text)): Lines {
  return { lineCount: starts.length, positionAt: (o) => positionIn(text, starts, o), offsetAt: (p) => offsetIn(text, starts, p) };
}

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
  const lines = linesOf(text);
  /** The byte offset of a line start (or of the end). */
  const byteAt = (offset: number): number => {
    if (offset >= text.length) return body.length;
    const lo = lastAtOrBefore(lineChars, offset);
    if (lineChars[lo] !== offset) throw new Error(`text offset ${offset} is not a line start`);
    return lineBytes[lo];
  };
  return {
    text,
    bom,
    byteLength: data.length,
    lineCount: lines.lineCount,
    bytes: (from, to) => body.subarray(byteAt(from), byteAt(to)),
    positionAt: (offset) => lines.positionAt(offset),
    offsetAt: (position) => lines.offsetAt(position),
    allBytes: () => data,
    byteOffsetOfLine: (offset) => (bom ? 3 : 0) + byteAt(offset),
  };
}

/**
 * The editor's text of an open document, whose bytes are its UTF-8 encoding (as the overlay gives
 * them to the check). Taken for one version: the index built on it is dropped with the next one
 * (workspace.forgetDocument). Whether the file on disk begins with a BOM is not known here (the disk
 * copy is over the cap too, or absent): none is assumed.
 */
export function editorText(doc: TextDocument): DocumentText {
  const text = doc.getText();
  let byteLength: number | undefined;
  // The server's documents keep their line table across edits (IndexedTextDocument): use it.
  let lines: Lines | undefined;
  const linesNow = () => (lines ??= linesOf(text, doc instanceof IndexedTextDocument ? doc.lineStarts() : undefined));
  return {
    text,
    bom: false,
    get byteLength() {
      return (byteLength ??= Buffer.byteLength(text, 'utf8'));
    },
    get lineCount() {
      return linesNow().lineCount;
    },
    bytes: (from, to) => Buffer.from(text.slice(from, to), 'utf8'),
    positionAt: (offset) => linesNow().positionAt(offset),
    offsetAt: (position) => linesNow().offsetAt(position),
    allBytes: () => Buffer.from(text, 'utf8'),
    byteOffsetOfLine: (offset) => Buffer.byteLength(text.slice(0, offset), 'utf8'),
  };
}
