/**
 * Bounded work per document: the outline of a bundle with more blocks than it lists stops at
 * OUTLINE_LIMIT entries and says how many it left out; blocks are indexed once per document
 * version (the same index answers hover, outline and folding until the text changes). The timing
 * (2x input / 1x input) is measured in test/bench/documents.ts, not here.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SymbolKind } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
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
});
