/** The outline (one entry per PEM block, up to OUTLINE_LIMIT) and folding ranges (up to FOLDING_LIMIT). */
import { DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import { plainText } from '../core/markdown';
import { isPrivateKeyType } from '../core/go/pem';
import { FOLDING_LIMIT } from './blocks';
import { CertsdWorkspace } from './workspace';

/**
 * The outline lists this many blocks, then one entry saying how many it left out: each listed
 * certificate is decoded and parsed for its name, and a 50 MB bundle holds 44,000 of them.
 */
export const OUTLINE_LIMIT = 1_000;

export function documentSymbols(ws: CertsdWorkspace, filePath: string): DocumentSymbol[] {
  const { blocks } = ws.documentIndex(filePath);
  const count = blocks.count();
  const symbols: DocumentSymbol[] = [];
  for (let i = 0; i < Math.min(count, OUTLINE_LIMIT); i++) {
    const b = blocks.get(i);
    let detail = '';
    if (b.block && b.type === 'CERTIFICATE') {
      const c = blocks.certificate(b.block);
      if (c.ok) detail = c.value.commonName ? `CN=${c.value.commonName}` : c.value.subject.split('\n').join(', ');
    }
    const isKey = isPrivateKeyType(b.type);
    symbols.push({
      // Plain text, but one line: control characters and line breaks from the file are shown, not obeyed.
      name: plainText(detail ? `${b.type} ${detail}` : b.type) || '(unnamed block)',
      kind: isKey ? SymbolKind.Key : b.type === 'CERTIFICATE' ? SymbolKind.Class : SymbolKind.Object,
      range: b.range,
      selectionRange: { start: b.range.start, end: { line: b.range.start.line, character: 0 } },
    });
  }
  if (count > OUTLINE_LIMIT) {
    const rest = count - OUTLINE_LIMIT;
    const { start } = blocks.range(OUTLINE_LIMIT);
    const range = { start, end: blocks.range(count - 1).end };
    symbols.push({ name: `... ${rest} more blocks not listed (the outline shows the first ${OUTLINE_LIMIT})`, kind: SymbolKind.Null, range, selectionRange: { start, end: start } });
  }
  return symbols;
}

/** A range per block of more than one line, the first FOLDING_LIMIT of them (lines only: nothing is decoded). */
export function foldingRanges(ws: CertsdWorkspace, filePath: string): FoldingRange[] {
  const { blocks } = ws.documentIndex(filePath);
  const ranges: FoldingRange[] = [];
  for (let i = 0; i < blocks.count() && ranges.length < FOLDING_LIMIT; i++) {
    const { start, end } = blocks.range(i);
    if (end.line > start.line) ranges.push({ startLine: start.line, endLine: end.line });
  }
  return ranges;
}
