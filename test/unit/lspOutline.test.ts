/**
 * The outline and folding ranges of a PEM file (lsp/symbols.ts), called directly on a workspace
 * model: one entry per block, named and kinded by its type, a certificate by its subject.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { SymbolKind } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { documentSymbols, foldingRanges } from '../../server/src/lsp/symbols';
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
});
