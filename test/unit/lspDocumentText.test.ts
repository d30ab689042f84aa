/**
 * The two document texts under the block index (lsp/documentText.ts), on one small text with each
 * kind of line end and characters of 2, 3 and 4 UTF-8 bytes: the editor's own text of an open
 * document (editorText, from a plain TextDocument and from the server's IndexedTextDocument) and the
 * bytes the check read (bytesText, with and without a BOM). Written against the mutants of
 * documentText.ts that documentText.test.ts (the property tests of bytesText) lets live.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bytesText, DocumentText, editorText } from '../../server/src/lsp/documentText';
import { IndexedTextDocument } from '../../server/src/lsp/textDocument';

// Offsets: a0 é1 \n2 | 😀3-4 \r5 \n6 | x7 €8 \r9 | y10; 1+2+1 + 4+2 + 1+3+1 + 1 = 16 bytes.
const TEXT = 'aé\n😀\r\nx€\ry';

/** What each document text must answer for TEXT (`bom`: the file's bytes begin with one). */
function answers(t: DocumentText, bom: boolean) {
  return {
    text: t.text,
    bom: t.bom,
    byteLength: t.byteLength,
    lineCount: t.lineCount,
    positions: [0, 3, 5, 7, 9, 10, 11].map((o) => t.positionAt(o)),
    offsets: [t.offsetAt({ line: 1, character: 2 }), t.offsetAt({ line: 2, character: 0 }), t.offsetAt({ line: 3, character: 9 }), t.offsetAt({ line: 0, character: 9 })],
    all: t.allBytes().toString('hex'),
    lineBytes: [0, 3].map((o) => t.byteOffsetOfLine(o)).map((b) => b - (bom ? 3 : 0)),
  };
}

describe('document texts: the editor text of an open document and the bytes of a file', () => {
  const expected = (bom: boolean) => ({
    text: TEXT,
    bom,
    byteLength: 16 + (bom ? 3 : 0),
    // LF, CRLF and a lone CR each end a line for the editor.
    lineCount: 4,
    positions: [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 1, character: 2 },
      { line: 2, character: 0 },
      { line: 2, character: 2 },
      { line: 3, character: 0 },
      { line: 3, character: 1 },
    ],
    // A character past a line's end stops before its line break.
    offsets: [5, 7, 11, 2],
    all: (bom ? 'efbbbf' : '') + Buffer.from(TEXT, 'utf8').toString('hex'),
    lineBytes: [0, 4],
  });

  it("answers for an open document's text as the editor counts it, its bytes being its UTF-8", () => {
    const plain = editorText(TextDocument.create('file:///x.crt', 'pem', 1, TEXT));
    const indexed = editorText(new IndexedTextDocument('file:///x.crt', 'pem', 1, TEXT));
    for (const t of [plain, indexed]) {
      assert.deepEqual(answers(t, false), expected(false));
      assert.equal(t.bytes(3, 7).toString('hex'), Buffer.from('😀\r\n', 'utf8').toString('hex'));
      assert.equal(t.bytes(7, 11).toString('hex'), Buffer.from('x€\ry', 'utf8').toString('hex'));
      // The byte offset of any text offset, a line start or not.
      assert.deepEqual([7, 11].map((o) => t.byteOffsetOfLine(o)), [10, 16]);
    }
  });

  it("answers for a file's bytes, a BOM counted in its length and its byte offsets, not in its text", () => {
    for (const bom of [false, true]) {
      const data = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(TEXT, 'utf8')]);
      const t = bytesText(data);
      assert.deepEqual(answers(t, bom), expected(bom));
      // Go's lines end at "\n" only: text offset 7 starts one (after the CRLF), 9 (after the CR) does not.
      assert.equal(t.byteOffsetOfLine(7), (bom ? 3 : 0) + 10);
      assert.equal(t.byteOffsetOfLine(TEXT.length), (bom ? 3 : 0) + 16);
      assert.equal(t.bytes(3, TEXT.length).toString('hex'), Buffer.from('😀\r\nx€\ry', 'utf8').toString('hex'));
      assert.equal(t.bytes(0, 3).toString('hex'), Buffer.from('aé\n', 'utf8').toString('hex'));
      assert.throws(() => t.bytes(10, TEXT.length), /^Error: text offset 10 is not a line start$/);
    }
  });

  it('keeps invalid UTF-8 bytes exact in the bytes of a line span, and a text ending with a newline', () => {
    const data = Buffer.from([0x61, 0xff, 0x0a, 0xc3, 0x0a]);
    const t = bytesText(data);
    assert.equal(t.text, 'a\ufffd\n\ufffd\n');
    assert.deepEqual([t.lineCount, t.byteLength], [3, 5]);
    assert.equal(t.bytes(0, 3).toString('hex'), '61ff0a');
    assert.equal(t.bytes(3, 5).toString('hex'), 'c30a');
    assert.deepEqual([0, 3, 5].map((o) => t.byteOffsetOfLine(o)), [0, 3, 5]);
  });
});
