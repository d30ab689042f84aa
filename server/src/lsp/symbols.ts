/** The outline (one entry per PEM block, up to OUTLINE_LIMIT) and folding ranges. */
import { DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import { plainText } from '../core/markdown';
import { isPrivateKeyType } from '../core/go/pem';
import { CertsdWorkspace } from './workspace';

/**
 * The outline lists this many blocks, then one entry saying how many it left out: each listed
 * certificate is parsed for its name, and a 50 MB bundle holds 44,000 of them.
 */
export const OUTLINE_LIMIT = 1_000;

export function documentSymbols(ws: CertsdWorkspace, filePath: string): DocumentSymbol[] {
  const { facts: file, blocks } = ws.documentIndex(filePath);
  const symbols: DocumentSymbol[] = blocks.slice(0, OUTLINE_LIMIT).map((b) => {
    let detail = '';
    if (b.block && b.type === 'CERTIFICATE') {
      const c = file.certificate(b.block);
      if (c.ok) detail = c.value.commonName ? `CN=${c.value.commonName}` : c.value.subject.split('\n').join(', ');
    }
    const isKey = isPrivateKeyType(b.type);
    return {
      // Plain text, but one line: control characters and line breaks from the file are shown, not obeyed.
      name: plainText(detail ? `${b.type} ${detail}` : b.type) || '(unnamed block)',
      kind: isKey ? SymbolKind.Key : b.type === 'CERTIFICATE' ? SymbolKind.Class : SymbolKind.Object,
      range: b.range,
      selectionRange: { start: b.range.start, end: { line: b.range.start.line, character: 0 } },
    };
  });
  if (blocks.length > OUTLINE_LIMIT) {
    const rest = blocks.length - OUTLINE_LIMIT;
    const start = blocks[OUTLINE_LIMIT].range.start;
    const range = { start, end: blocks[blocks.length - 1].range.end };
    symbols.push({ name: `... ${rest} more blocks not listed (the outline shows the first ${OUTLINE_LIMIT})`, kind: SymbolKind.Null, range, selectionRange: { start, end: start } });
  }
  return symbols;
}

export function foldingRanges(ws: CertsdWorkspace, filePath: string): FoldingRange[] {
  return ws.documentIndex(filePath)
    .blocks.filter((b) => b.range.end.line > b.range.start.line)
    .map((b) => ({ startLine: b.range.start.line, endLine: b.range.end.line }));
}
