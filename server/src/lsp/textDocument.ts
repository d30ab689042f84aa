/**
 * The open documents' model (TextDocuments' configuration): TextDocument's behaviour (positions in
 * UTF-16 units, a line ends at CR, LF or CRLF, incremental changes) with a line table found by
 * indexOf and kept up to date across incremental changes. vscode-languageserver-textdocument builds
 * its table with a loop over every character: 550 ms for a 50 MB bundle at its first edit (the
 * server is frozen meanwhile), against about 100 ms this way. test/unit/textDocument.test.ts
 * compares both models after random edits.
 */
import { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { lastAtOrBefore } from '../core/sorted';

const CR = 13;
const LF = 10;
const isEol = (c: number) => c === CR || c === LF;

/** Appends to `out` where a line starts after each line end in `text` (CRLF is one), shifted by `base`. */
export function lineBreaks(text: string, base = 0, out: number[] = []): number[] {
  let cr = text.indexOf('\r');
  // Most texts have no CR at all: one indexOf per line.
  if (cr < 0) {
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', lf + 1)) out.push(base + lf + 1);
    return out;
  }
  let lf = text.indexOf('\n');
  while (lf >= 0 || cr >= 0) {
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const crlf = text.charCodeAt(cr + 1) === LF;
      out.push(base + cr + (crlf ? 2 : 1));
      if (crlf) lf = text.indexOf('\n', cr + 2);
      cr = text.indexOf('\r', cr + 1);
    } else {
      out.push(base + lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
  }
  return out;
}

/** Line starts of a whole text. */
export function lineStartsOf(text: string): number[] {
  return lineBreaks(text, 0, [0]);
}

/** positionAt / offsetAt over a line table, as TextDocument computes them. */
export function positionIn(text: string, starts: number[], offset: number): Position {
  offset = Math.max(Math.min(offset, text.length), 0);
  const line = lastAtOrBefore(starts, offset);
  let o = offset;
  while (o > starts[line] && isEol(text.charCodeAt(o - 1))) o--;
  return { line, character: o - starts[line] };
}

/** Where line `line` ends, before its line end characters. */
function endOfLine(text: string, starts: number[], line: number): number {
  const next = line + 1 < starts.length ? starts[line + 1] : text.length;
  let o = next;
  while (o > starts[line] && isEol(text.charCodeAt(o - 1))) o--;
  return o;
}

export function offsetIn(text: string, starts: number[], position: Position): number {
  if (position.line >= starts.length) return text.length;
  if (position.line < 0) return 0;
  const start = starts[position.line];
  if (position.character <= 0) return start;
  const next = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  let o = Math.min(start + position.character, next);
  while (o > start && isEol(text.charCodeAt(o - 1))) o--;
  return o;
}

export class IndexedTextDocument implements TextDocument {
  private starts?: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    private content: string,
  ) {}

  get version(): number {
    return this.currentVersion;
  }

  /** The line table (built on first use). */
  lineStarts(): number[] {
    return (this.starts ??= lineStartsOf(this.content));
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    return positionIn(this.content, this.lineStarts(), offset);
  }

  offsetAt(position: Position): number {
    return offsetIn(this.content, this.lineStarts(), position);
  }

  getLineRange(line: number): Range {
    const starts = this.lineStarts();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - starts[last] } };
    }
    return { start: { line, character: 0 }, end: { line, character: endOfLine(this.content, starts, line) - starts[line] } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const next = line + 1 < starts.length ? starts[line + 1] : this.content.length;
    return this.content.substring(endOfLine(this.content, starts, line), next);
  }

  /** Applies changes in order, as TextDocument.update does; the line table follows incremental ones. */
  update(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.content = change.text;
        this.starts = undefined;
        continue;
      }
      let { start: a, end: b } = change.range;
      if (a.line > b.line || (a.line === b.line && a.character > b.character)) [a, b] = [b, a];
      const start = this.offsetAt(a);
      const end = this.offsetAt(b);
      const starts = this.starts;
      this.content = this.content.substring(0, start) + change.text + this.content.substring(end);
      if (!starts) continue;
      const insertedEnd = start + change.text.length;
      // A CR just before the edit or at the end of the new text may pair with an LF after it, or lose
      // one: such line ends are found again from scratch (rare: edits next to a lone CR or in a CRLF).
      if (this.content.charCodeAt(start - 1) === CR || this.content.charCodeAt(insertedEnd - 1) === CR) {
        this.starts = undefined;
        continue;
      }
      // Line starts inside (start, end] went with the removed text; the new text's own come in; the
      // rest move by the difference in length.
      const first = lastAtOrBefore(starts, start) + 1;
      const last = lastAtOrBefore(starts, end);
      const diff = change.text.length - (end - start);
      const tail = starts.slice(last + 1);
      starts.length = first;
      lineBreaks(change.text, start, starts);
      for (const s of tail) starts.push(s + diff);
    }
    this.currentVersion = version;
  }
}

/** For `new TextDocuments(indexedDocuments)`. */
export const indexedDocuments: TextDocumentsConfiguration<IndexedTextDocument> = {
  create: (uri, languageId, version, content) => new IndexedTextDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
