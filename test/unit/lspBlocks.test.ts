/**
 * The block index of a PEM document (lsp/blocks.ts DocumentBlocks), called directly: the regions a
 * person sees with their types and line ranges, what Go's decode loop returns at each (decoded alone,
 * or from the whole file where only that can tell), the region at a position, the first
 * certificate of a .cert file, and the parse caches. Written against the mutants of blocks.ts that
 * the hover, outline and pemLocal suites let live.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_READ_BYTES } from '../../server/src/core/fsview';
import { decodeAll } from '../../server/src/core/go/pem';
import { DocumentBlock, DocumentBlocks, scanRegions } from '../../server/src/lsp/blocks';
import { bytesText, editorText } from '../../server/src/lsp/documentText';
import { ecKey, pkcs8Der, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';

/** A region's answer, with its block reduced to what Go returns (type, DER bytes, text offsets). */
function brief(b: DocumentBlock | undefined) {
  if (!b) return undefined;
  return {
    index: b.index,
    type: b.type,
    range: [b.range.start.line, b.range.start.character, b.range.end.line, b.range.end.character],
    block: b.block && { type: b.block.type, der: b.block.bytes.toString('base64'), start: b.block.start, end: b.block.end },
    undecided: b.undecided,
  };
}

/** The line number of text offset `o`. */
const lineOf = (text: string, o: number) => text.slice(0, o).split('\n').length - 1;

describe('the block index of a PEM document (DocumentBlocks)', () => {
  const key = ecKey('P-256', 61);
  let ca: TestCert;
  let ca2: TestCert;
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Blocks CA', key: ecKey('P-256', 62) });
    ca2 = await selfSignedCa({ commonName: 'Blocks CA 2', key: ecKey('P-256', 63) });
  });

  it('lists each region with its type, its lines and the block Go returns there', () => {
    const keyPem = pkcs8Pem(key);
    const indented = '  -----BEGIN X-----\n  -----END X-----\n';
    const open = '-----BEGIN OPEN-----\n';
    const text = keyPem + ca.pem + indented + open + ca2.pem;
    const blocks = new DocumentBlocks(editorText(TextDocument.create('file:///all.crt', 'pem', 1, text)));
    assert.equal(blocks.count(), 5);
    const at = [0, keyPem.length, keyPem.length + ca.pem.length, keyPem.length + ca.pem.length + indented.length, text.length - ca2.pem.length];
    const endOf = (start: number, pem: string) => start + pem.trimEnd().length;
    const lines = (start: number, end: number, endChar: number) => [lineOf(text, start), 0, lineOf(text, end), endChar];
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => brief(blocks.get(i))), [
      {
        index: 0,
        type: 'PRIVATE KEY',
        range: lines(0, endOf(0, keyPem), '-----END PRIVATE KEY-----'.length),
        block: { type: 'PRIVATE KEY', der: pkcs8Der(key).toString('base64'), start: 0, end: endOf(0, keyPem) },
        undecided: undefined,
      },
      {
        index: 1,
        type: 'CERTIFICATE',
        range: lines(at[1], endOf(at[1], ca.pem), '-----END CERTIFICATE-----'.length),
        block: { type: 'CERTIFICATE', der: ca.der.toString('base64'), start: at[1], end: endOf(at[1], ca.pem) },
        undecided: undefined,
      },
      // Indented: Go does not read it; its lines start at the line start, not at the dashes.
      { index: 2, type: 'X', range: lines(at[2], at[2] + indented.length - 1, '  -----END X-----'.length), block: undefined, undecided: undefined },
      // No END line before the next BEGIN: the region is its BEGIN line.
      { index: 3, type: 'OPEN', range: lines(at[3], at[3], open.length - 1), block: undefined, undecided: undefined },
      {
        index: 4,
        type: 'CERTIFICATE',
        range: lines(at[4], endOf(at[4], ca2.pem), '-----END CERTIFICATE-----'.length),
        block: { type: 'CERTIFICATE', der: ca2.der.toString('base64'), start: at[4], end: endOf(at[4], ca2.pem) },
        undecided: undefined,
      },
    ]);
  });

  it('finds the region whose lines hold a position, and none before, between, after or past the end', () => {
    const text = 'hello\n' + ca.pem + 'between\n' + ca2.pem.trimEnd();
    const blocks = new DocumentBlocks(editorText(TextDocument.create('file:///b.crt', 'pem', 1, text)));
    const first = ca.pem.trimEnd().split('\n').length;
    const second = ca2.pem.trimEnd().split('\n').length;
    const index = (line: number, character: number) => blocks.at({ line, character })?.index;
    assert.deepEqual(
      [index(0, 0), index(0, 5), index(1, 0), index(1, 30), index(first, 0), index(first, 25), index(first + 1, 0), index(first + 1, 7)],
      [undefined, undefined, 0, 0, 0, 0, undefined, undefined],
    );
    // The last block ends the text (no final newline): its END line holds the end, the next line is none.
    const last = first + 1 + second;
    assert.deepEqual([index(first + 2, 0), index(last, 0), index(last, 25), index(last + 1, 0), index(last + 5, 3)], [1, 1, 1, undefined, undefined]);

    const none = new DocumentBlocks(editorText(TextDocument.create('file:///n.crt', 'pem', 1, 'no blocks here\n')));
    assert.deepEqual([none.count(), none.at({ line: 0, character: 3 }), none.at({ line: 1, character: 0 })], [0, undefined, undefined]);
    const empty = new DocumentBlocks(bytesText(Buffer.alloc(0)));
    assert.deepEqual([empty.count(), empty.at({ line: 0, character: 0 })], [0, undefined]);
  });

  it('reads a BOM on the first line only, indented BEGIN behind it included', () => {
    const bom = '\ufeff  -----BEGIN X-----\n-----END X-----\n';
    const blocks = new DocumentBlocks(editorText(TextDocument.create('file:///bom.crt', 'pem', 1, bom)));
    assert.deepEqual(brief(blocks.get(0)), { index: 0, type: 'X', range: [0, 0, 1, 15], block: undefined, undecided: undefined });
    assert.equal(blocks.count(), 1);
    assert.deepEqual(scanRegions('x\n\ufeff  -----BEGIN Y-----\n-----END Y-----\n'), { starts: [], ends: [] });
    const y = '\ufeff-----BEGIN Y-----\n-----END Y-----';
    assert.deepEqual(scanRegions(y), { starts: [0], ends: [y.length] });
  });

  it('decodes the whole file where an END line with a colon comes first, and finds what Go finds', () => {
    // The first block's END type does not match (Go skips it), and its colon makes the second
    // block's answer depend on what came before: decoded whole, Go does return the certificate.
    const prefix = '-----BEGIN A-----\nAAAA\n-----END A:B-----\n';
    for (const bom of [false, true]) {
      const data = Buffer.concat([Buffer.from(bom ? '\ufeff' : ''), Buffer.from(prefix + ca.pem)]);
      assert.deepEqual(
        decodeAll(data).map((b) => [b.type, b.bytes.toString('base64'), b.start]),
        [['CERTIFICATE', ca.der.toString('base64'), (bom ? 3 : 0) + prefix.length]],
      );
      const blocks = new DocumentBlocks(bytesText(data));
      assert.equal(blocks.overCap, false);
      const end = prefix.length + ca.pem.length - 1;
      assert.deepEqual(brief(blocks.get(1)), {
        index: 1,
        type: 'CERTIFICATE',
        range: [3, 0, lineOf(prefix + ca.pem, end), 25],
        block: { type: 'CERTIFICATE', der: ca.der.toString('base64'), start: prefix.length, end },
        undecided: undefined,
      });
      assert.deepEqual(brief(blocks.get(0))?.block, undefined);
      // Asked again: the same answer, not decoded again.
      assert.equal(blocks.get(1).block, blocks.get(1).block);
    }
  });

  it('over the size cap, leaves undecided what only the whole file tells', () => {
    const prefix = '-----BEGIN A-----\nAAAA\n-----END A:B-----\n';
    const data = Buffer.from(prefix + ca.pem.repeat(Math.ceil(MAX_READ_BYTES / ca.pem.length) + 1));
    const blocks = new DocumentBlocks(bytesText(data));
    assert.equal(blocks.overCap, true);
    assert.deepEqual(brief(blocks.get(1))?.undecided, true);
    assert.equal(blocks.get(1).block, undefined);
    assert.equal(blocks.get(0).undecided, undefined);
    // Whether block 2 is the first certificate: block 1 may be one, nobody knows.
    assert.deepEqual([blocks.isFirstCertificate(0), blocks.isFirstCertificate(1), blocks.isFirstCertificate(2)], [true, true, undefined]);
    // The cap itself is within it.
    assert.equal(new DocumentBlocks(bytesText(Buffer.alloc(MAX_READ_BYTES, 0x61))).overCap, false);
    assert.equal(new DocumentBlocks(bytesText(Buffer.alloc(MAX_READ_BYTES + 1, 0x61))).overCap, true);
  });

  it('tells the first certificate of a .cert file (a key before it does not count), and caches parses', () => {
    const text = pkcs8Pem(key) + ca.pem + ca2.pem;
    const blocks = new DocumentBlocks(bytesText(Buffer.from(text)));
    assert.deepEqual([0, 1, 2].map((i) => blocks.isFirstCertificate(i)), [true, true, false]);
    const certBlock = blocks.get(1).block!;
    const cert = blocks.certificate(certBlock);
    assert.equal(cert.ok && cert.value.commonName, 'Blocks CA');
    assert.equal(blocks.certificate(blocks.get(1).block!), cert);
    const keyBlock = blocks.get(0).block!;
    const parsed = blocks.privateKey(keyBlock);
    assert.equal(parsed.ok, true);
    assert.equal(blocks.privateKey(blocks.get(0).block!), parsed);
  });

  it('types a region from its BEGIN line: the last line of the text, a U+FEFF inside the type kept', () => {
    const last = new DocumentBlocks(editorText(TextDocument.create('file:///l.crt', 'pem', 1, 'x\n-----BEGIN LAST-----')));
    assert.deepEqual(brief(last.get(0)), { index: 0, type: 'LAST', range: [1, 0, 1, 20], block: undefined, undecided: undefined });
    const inner = new DocumentBlocks(editorText(TextDocument.create('file:///i.crt', 'pem', 1, '-----BEGIN A\ufeffB-----\n-----END A\ufeffB-----\n')));
    assert.deepEqual([inner.count(), inner.get(0).type], [1, 'A\ufeffB']);
  });

  it('decodes the whole file only where a colon END line makes it necessary, and then once', () => {
    /** A file's text that counts how often its whole bytes are asked for (a whole-file decode). */
    const counting = (data: Buffer) => {
      const t = bytesText(data);
      const spy = { calls: 0 };
      return { spy, text: { ...t, allBytes: () => (spy.calls++, t.allBytes()) } };
    };
    const plain = counting(Buffer.from(pkcs8Pem(key) + ca.pem + ca2.pem));
    const blocks = new DocumentBlocks(plain.text);
    assert.deepEqual([0, 1, 2].map((i) => blocks.get(i).block?.type), ['PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE']);
    assert.equal(plain.spy.calls, 0);
    const colon = counting(Buffer.from('-----BEGIN A-----\nAAAA\n-----END A:B-----\n' + ca.pem + ca2.pem));
    const after = new DocumentBlocks(colon.text);
    assert.deepEqual([0, 1, 2].map((i) => after.get(i).block?.type), [undefined, 'CERTIFICATE', 'CERTIFICATE']);
    assert.equal(colon.spy.calls, 1);
  });
});
