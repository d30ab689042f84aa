/**
 * Bounded work per document: the outline of a bundle with more blocks than it lists stops at
 * OUTLINE_LIMIT entries and says how many it left out; blocks are indexed once per document
 * version (the same index answers hover, outline and folding until the text changes); where only
 * the whole file can tell whether Go reads a block, it is decoded whole within the size cap, and
 * the hover says so over it. The timing (2x input / 1x input) is measured in
 * test/bench/documents.ts, not here.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SymbolKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupContent } from 'vscode-languageserver';
import { EditorFileSystemView, MAX_READ_BYTES, nodeFileSystem, tooBig } from '../../server/src/core/fsview';
import { decodeAll } from '../../server/src/core/go/pem';
import { DocumentBlocks } from '../../server/src/lsp/blocks';
import { bytesText, editorText } from '../../server/src/lsp/documentText';
import { hover } from '../../server/src/lsp/hover';
import { documentSymbols, foldingRanges, OUTLINE_LIMIT } from '../../server/src/lsp/symbols';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('hostile input: bounded work per document', () => {
  const tree = tempTrees();
  let ws: CertsdWorkspace;
  let file: string;
  const COUNT = 1_500;

  before(async function () {
    this.timeout(30_000);
    const ca = await selfSignedCa({ commonName: 'Bundle CA', key: ecKey('P-256', 43) });
    const base = tree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem.repeat(COUNT) } } } }).base;
    file = path.join(base, 'docker', 'certs.d', 'reg.example.com', 'ca.crt');
    ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([base]);
  });

  it('lists at most OUTLINE_LIMIT blocks in the outline, then one entry saying how many more there are', () => {
    assert.equal(OUTLINE_LIMIT, 1_000);
    const symbols = documentSymbols(ws, file);
    assert.equal(symbols.length, OUTLINE_LIMIT + 1);
    const last = symbols[OUTLINE_LIMIT];
    assert.match(last.name, /500 more blocks not listed/);
    assert.equal(last.kind, SymbolKind.Null);
    // It points at the first block it leaves out.
    assert.equal(last.range.start.line, symbols[OUTLINE_LIMIT - 1].range.end.line + 1);
  });

  it('folds every block (folding is cheap; the editor caps what it shows)', () => {
    assert.equal(foldingRanges(ws, file).length, COUNT);
  });

  it('indexes a document once per version: hover, outline and folding share it until the version changes', () => {
    let version = 1;
    ws.documentVersion = () => version;
    const first = ws.documentIndex(file);
    assert.equal(ws.documentIndex(file), first, 'the same version reuses the index');
    hover(ws, file, { line: 0, character: 0 }, new Date());
    documentSymbols(ws, file);
    foldingRanges(ws, file);
    assert.equal(ws.documentIndex(file), first);
    version = 2;
    assert.notEqual(ws.documentIndex(file), first, 'a new version is indexed again');
    ws.documentVersion = () => undefined;
    assert.notEqual(ws.documentIndex(file), ws.documentIndex(file), 'a file that is not open is not kept');
  });

  it('hovers the last block of the bundle', () => {
    const lines = 1 + documentSymbols(ws, file)[0].range.end.line;
    const h = hover(ws, file, { line: lines * COUNT - 2, character: 0 }, new Date());
    assert.ok(h && JSON.stringify(h.contents).includes('Bundle CA'));
  });

  describe("where only the whole file tells whether Go reads a block: after an END line with a colon", () => {
    // Go's own encoding/pem (1.26) returns nothing after an empty block whose type holds a colon:
    // its END line is taken for a header line, and the decode loop ends there.
    const COLON = '-----BEGIN A:B-----\n-----END A:B-----\n';
    let pem: string;
    before(async () => {
      pem = (await selfSignedCa({ commonName: 'After colon CA', key: ecKey('P-256', 54) })).pem;
    });

    it('within the size cap: decodes the whole file, and finds what Go finds (here: nothing after it)', () => {
      const data = Buffer.from(COLON + pem + pem);
      assert.deepEqual(decodeAll(data), []);
      const blocks = new DocumentBlocks(bytesText(data));
      assert.equal(blocks.count(), 3);
      for (let i = 0; i < 3; i++) assert.deepEqual({ undecided: blocks.get(i).undecided, block: blocks.get(i).block }, { undecided: undefined, block: undefined });
    });

    it('over the cap: says it cannot tell, in the hover', () => {
      const text = COLON + pem.repeat(Math.ceil(MAX_READ_BYTES / pem.length) + 1);
      const doc = TextDocument.create('file:///big/ca.crt', 'pem', 1, text);
      assert.equal(new DocumentBlocks(editorText(doc)).get(1).undecided, true);
      // A workspace whose file system refuses the file as too big, with the document open.
      const refusing: EditorFileSystemView = { ...nodeFileSystem, readFile: (p) => { throw tooBig(p, Buffer.byteLength(text)); } };
      const w = new CertsdWorkspace(refusing, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
      w.documentVersion = () => 1;
      w.openDocument = () => doc;
      const h = hover(w, '/big/ca.crt', { line: 3, character: 0 }, new Date());
      assert.match((h?.contents as MarkupContent).value, /^\*\*CERTIFICATE\*\*\n\ncertsd cannot tell whether Go reads this block: an END line before it holds a colon/);
      // The block that ends the loop is decided: Go returns nothing for it either.
      assert.match((hover(w, '/big/ca.crt', { line: 0, character: 0 }, new Date())?.contents as MarkupContent).value, /^\*\*A:B\*\*\n\nGo does not read this block/);
    });
  });
});
