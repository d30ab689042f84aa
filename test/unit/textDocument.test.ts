/**
 * The server's document model (lsp/textDocument.ts) against vscode-languageserver-textdocument's
 * TextDocument: after every one of a random series of incremental and full changes (reversed
 * ranges, ranges past the end, CR, LF and CRLF on both sides of an edit, surrogate pairs), the text,
 * the line count and every position and offset are what a TextDocument made from that text gives.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { IndexedTextDocument, lineBreaks } from '../../server/src/lsp/textDocument';

const PIECES = ['a', 'bc', 'é', '\u{1F600}', '\n', '\r\n', '\r', '-----BEGIN X-----', ' '];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(''));
const posArb = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 12 }) });
const changeArb: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: posArb, end: posArb }), text: textArb }) },
  { weight: 1, arbitrary: fc.record({ text: textArb }) },
);

/** Everything a request can ask of a document, from a fresh TextDocument of its text. */
function sameAsFresh(doc: IndexedTextDocument, what: string): void {
  const text = doc.getText();
  const fresh = TextDocument.create('file:///x', 'pem', 0, text);
  assert.equal(doc.lineCount, fresh.lineCount, `${what}: lineCount of ${JSON.stringify(text)}`);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(doc.positionAt(o), fresh.positionAt(o), `${what}: positionAt(${o}) in ${JSON.stringify(text)}`);
  for (let line = -1; line <= fresh.lineCount; line++) {
    assert.deepEqual(doc.getLineRange(line), fresh.getLineRange(line), `${what}: getLineRange(${line}) in ${JSON.stringify(text)}`);
    assert.equal(doc.getEOLCharacters(line), fresh.getEOLCharacters(line), `${what}: getEOLCharacters(${line})`);
    for (let character = -1; character <= 14; character++) {
      assert.equal(doc.offsetAt({ line, character }), fresh.offsetAt({ line, character }), `${what}: offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
    }
  }
}

describe('the server document model: TextDocument with a faster line table', () => {
  it('finds the line starts TextDocument finds', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const fresh = TextDocument.create('file:///x', 'pem', 0, text);
        assert.deepEqual([0, ...lineBreaks(text)], Array.from({ length: fresh.lineCount }, (_, i) => fresh.offsetAt({ line: i, character: 0 })));
      }),
      { seed: 20260713, numRuns: 2000 },
    );
  });

  it('after each of a series of changes, answers as a TextDocument of its text does', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.array(changeArb, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), fc.boolean(), (initial, batches, early) => {
        const doc = new IndexedTextDocument('file:///x', 'pem', 1, initial);
        // The line table built before the changes (then kept up to date) or only after them.
        if (early) doc.positionAt(0);
        let expected = initial;
        let version = 1;
        for (const changes of batches) {
          // What the edit does: TextDocument's offsets on the text at that point, change by change.
          for (const c of changes) {
            if (!('range' in c)) {
              expected = c.text;
              continue;
            }
            const ref = TextDocument.create('file:///x', 'pem', 0, expected);
            let [a, b] = [ref.offsetAt(c.range.start), ref.offsetAt(c.range.end)];
            if (c.range.start.line > c.range.end.line || (c.range.start.line === c.range.end.line && c.range.start.character > c.range.end.character)) [a, b] = [b, a];
            expected = expected.substring(0, a) + c.text + expected.substring(b);
          }
          doc.update(changes, ++version);
          assert.equal(doc.getText(), expected);
          assert.equal(doc.version, version);
          sameAsFresh(doc, JSON.stringify(changes));
        }
      }),
      { seed: 20260714, numRuns: 1500 },
    );
  });
});

describe('the server document model: ranges and line ends (mutants of textDocument.ts)', () => {
  const text = 'ab\r\ncd\ref\n\ngh';
  const doc = () => new IndexedTextDocument('file:///t', 'pem', 1, text);

  it('gives the text of a range as TextDocument does, and the whole text without one', () => {
    const ref = TextDocument.create('file:///t', 'pem', 1, text);
    const d = doc();
    const ranges = [
      { start: { line: 0, character: 1 }, end: { line: 2, character: 1 } },
      { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
      { start: { line: 3, character: 0 }, end: { line: 9, character: 0 } },
    ];
    for (const r of ranges) assert.equal(d.getText(r), ref.getText(r), JSON.stringify(r));
    assert.equal(d.getText({ start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }), 'b');
    assert.equal(d.getText(), text);
  });

  it('names the line end characters of each line, none for the last line or a line outside', () => {
    const d = doc();
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => d.getEOLCharacters(l)), ['\r\n', '\r', '\n', '\n', '']);
    assert.equal(d.getEOLCharacters(5), '');
    assert.equal(d.getEOLCharacters(-1), '');
  });
});
