/**
 * The outline and folding ranges of a PEM file (lsp/symbols.ts), called directly on a workspace
 * model: one entry per block, named and kinded by its type, a certificate by its subject.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { SymbolKind } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { documentSymbols, foldingRanges, OUTLINE_LIMIT } from '../../server/src/lsp/symbols';
import { FOLDING_LIMIT } from '../../server/src/lsp/blocks';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { pemBlock, pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('outline and folding of a PEM file', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it('lists each block with its name, kind and a selection at its first line, and folds each block', () => {
    const key = pkcs8Pem(rsaKey(2048, 2));
    const csr = pemBlock('CERTIFICATE REQUEST', Buffer.from('not parsed by the outline'));
    const broken = pemBlock('CERTIFICATE', Buffer.from('not a certificate'));
    const text = pki.ca.pem + key + csr + broken;
    const t = tree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'all.crt': text } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const file = t.path('etc', 'docker', 'certs.d', 'reg.example.com', 'all.crt');
    const len = (pem: string) => pem.trimEnd().split('\n').length;
    const starts = [0, len(pki.ca.pem), len(pki.ca.pem) + len(key), len(pki.ca.pem) + len(key) + len(csr)];
    const ends = [starts[1] - 1, starts[2] - 1, starts[3] - 1, starts[3] + len(broken) - 1];
    const symbols = documentSymbols(ws, file);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        [`CERTIFICATE CN=${/^CN=(.*)$/m.exec(new crypto.X509Certificate(pki.ca.pem).subject)?.[1]}`, SymbolKind.Class],
        ['PRIVATE KEY', SymbolKind.Key],
        ['CERTIFICATE REQUEST', SymbolKind.Object],
        ['CERTIFICATE', SymbolKind.Class],
      ],
    );
    assert.deepEqual(
      symbols.map((s) => [s.range.start.line, s.range.end.line, s.selectionRange.start.line, s.selectionRange.start.character, s.selectionRange.end.line, s.selectionRange.end.character]),
      starts.map((s, i) => [s, ends[i], s, 0, s, 0]),
    );
    assert.deepEqual(
      foldingRanges(ws, file),
      starts.map((s, i) => ({ startLine: s, endLine: ends[i] })),
    );
  });

  it('lists the first blocks up to the limit, then one entry for the rest; folds up to its own limit', () => {
    const one = pemBlock('CERTIFICATE REQUEST', Buffer.from('x'));
    const perBlock = one.trimEnd().split('\n').length;
    const count = Math.max(OUTLINE_LIMIT, FOLDING_LIMIT) + 2;
    const t = tree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'many.crt': one.repeat(count) } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const file = t.path('etc', 'docker', 'certs.d', 'reg.example.com', 'many.crt');
    const symbols = documentSymbols(ws, file);
    assert.equal(symbols.length, OUTLINE_LIMIT + 1);
    const rest = symbols[OUTLINE_LIMIT];
    assert.equal(rest.name, `... ${count - OUTLINE_LIMIT} more blocks not listed (the outline shows the first ${OUTLINE_LIMIT})`);
    assert.equal(rest.kind, SymbolKind.Null);
    const start = { line: OUTLINE_LIMIT * perBlock, character: 0 };
    assert.deepEqual(rest.range.start, start);
    assert.equal(rest.range.end.line, count * perBlock - 1);
    assert.deepEqual(rest.selectionRange, { start, end: start });
    const folds = foldingRanges(ws, file);
    assert.equal(folds.length, Math.min(count, FOLDING_LIMIT));
    assert.deepEqual(folds[folds.length - 1], { startLine: (folds.length - 1) * perBlock, endLine: folds.length * perBlock - 1 });
  });

  it('lists exactly the limit without a rest entry', () => {
    const one = pemBlock('CERTIFICATE REQUEST', Buffer.from('x'));
    const t = tree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'many.crt': one.repeat(OUTLINE_LIMIT) } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const symbols = documentSymbols(ws, t.path('etc', 'docker', 'certs.d', 'reg.example.com', 'many.crt'));
    assert.equal(symbols.length, OUTLINE_LIMIT);
    assert.equal(symbols[OUTLINE_LIMIT - 1].name, 'CERTIFICATE REQUEST');
  });
});
