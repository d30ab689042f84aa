/**
 * The document texts of the editor's block index (lsp/documentText.ts): line numbers and offsets
 * exactly as TextDocument (the editor's own model) gives them, and the exact bytes of any span of
 * lines of a file, invalid UTF-8 and a BOM included.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bytesText, linesOf } from '../../server/src/lsp/documentText';

const PIECES = ['a', 'bc', 'é', '\u{1F600}', '\n', '\r\n', '\r', '-----BEGIN X-----', ' '];

describe('document texts: lines as the editor counts them, bytes as the file holds them', () => {
  it('gives TextDocument positionAt, offsetAt and lineCount, with CRLF and lone CR', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const doc = TextDocument.create('file:///x', 'pem', 1, text);
        const lines = linesOf(text);
        assert.equal(lines.lineCount, doc.lineCount);
        for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(lines.positionAt(o), doc.positionAt(o), `positionAt(${o}) in ${JSON.stringify(text)}`);
        for (let line = -1; line <= doc.lineCount; line++) {
          for (let character = 0; character <= 20; character++) {
            assert.equal(lines.offsetAt({ line, character }), doc.offsetAt({ line, character }), `offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
          }
        }
      }),
      { seed: 20260711, numRuns: 1500 },
    );
  });

  it('maps any span of lines of a file back to its exact bytes (invalid UTF-8, a BOM)', () => {
    const bytePieces = [...PIECES.map((p) => Buffer.from(p)), Buffer.from([0xff]), Buffer.from([0xe2, 0x82]), Buffer.from([0xc3])];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...bytePieces), { maxLength: 30 }), fc.boolean(), (pieces, bom) => {
        const data = Buffer.concat([...(bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : []), ...pieces]);
        const t = bytesText(data);
        assert.equal(t.bom, bom);
        assert.equal(t.byteLength, data.length);
        const body = bom ? data.subarray(3) : data;
        // Line starts after each "\n", in the text and in the bytes.
        const charStarts = [0];
        const byteStarts = [0];
        for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) charStarts.push(i + 1);
        for (let i = body.indexOf(0x0a); i >= 0; i = body.indexOf(0x0a, i + 1)) byteStarts.push(i + 1);
        assert.equal(charStarts.length, byteStarts.length);
        charStarts.push(t.text.length);
        byteStarts.push(body.length);
        for (let a = 0; a < charStarts.length; a++) {
          assert.equal(t.byteOffsetOfLine(charStarts[a]), byteStarts[a] + (bom ? 3 : 0));
          for (let b = a; b < charStarts.length; b++) assert.ok(t.bytes(charStarts[a], charStarts[b]).equals(body.subarray(byteStarts[a], byteStarts[b])), JSON.stringify(data.toString('latin1')));
        }
        const notStart = [...Array(t.text.length).keys()].find((o) => !charStarts.includes(o));
        if (notStart !== undefined) assert.throws(() => t.bytes(notStart, t.text.length), /not a line start/);
      }),
      { seed: 20260712, numRuns: 1500 },
    );
  });
});
