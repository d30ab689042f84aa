/** The PEM blocks of a document, with LSP ranges, and the one under a position. */
import { Position, Range } from 'vscode-languageserver';
import { FileFacts } from '../core/facts';
import { PemBlock } from '../core/pem';

export interface DocumentBlock {
  type: string;
  range: Range;
  /** The block as Go decodes it; undefined when Go rejects it (indented, broken, behind a BOM). */
  block?: PemBlock;
}

/** Every BEGIN..END region a person sees, matched with the block Go decodes there, if any. */
export function documentBlocks(file: FileFacts): DocumentBlock[] {
  const out: DocumentBlock[] = [];
  for (const region of file.armor) {
    const range = file.rangeOf(region.start, region.end);
    const block = file.blocks.find((b) => {
      const start = file.positionAt(b.start);
      return start.line === range.start.line;
    });
    out.push({ type: region.type, range: { start: { line: range.start.line, character: 0 }, end: range.end }, block });
  }
  return out;
}

export function blockAt(blocks: DocumentBlock[], position: Position): DocumentBlock | undefined {
  return blocks.find((b) => position.line >= b.range.start.line && position.line <= b.range.end.line);
}
