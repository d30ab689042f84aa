/** The outline (one entry per PEM block) and folding ranges. */
import { DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import { FactsCache } from '../core/facts';
import { isPrivateKeyType } from '../core/pem';
import { documentBlocks } from './blocks';
import { CertsdWorkspace } from './workspace';

export function documentSymbols(ws: CertsdWorkspace, filePath: string): DocumentSymbol[] {
  const file = new FactsCache(ws.fs).file(filePath);
  return documentBlocks(file).map((b) => {
    let detail = '';
    if (b.block && b.type === 'CERTIFICATE') {
      const c = file.certificate(b.block);
      if (c.ok) detail = c.value.commonName ? `CN=${c.value.commonName}` : c.value.subject.split('\n').join(', ');
    }
    const isKey = isPrivateKeyType(b.type);
    return {
      name: detail ? `${b.type} ${detail}` : b.type,
      kind: isKey ? SymbolKind.Key : b.type === 'CERTIFICATE' ? SymbolKind.Class : SymbolKind.Object,
      range: b.range,
      selectionRange: { start: b.range.start, end: { line: b.range.start.line, character: 0 } },
    };
  });
}

export function foldingRanges(ws: CertsdWorkspace, filePath: string): FoldingRange[] {
  const file = new FactsCache(ws.fs).file(filePath);
  return documentBlocks(file)
    .filter((b) => b.range.end.line > b.range.start.line)
    .map((b) => ({ startLine: b.range.start.line, endLine: b.range.end.line }));
}
