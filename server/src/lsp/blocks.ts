/** The PEM blocks of a document, with LSP ranges, and the one under a position. */
import { Position, Range } from 'vscode-languageserver';
import { FileFacts } from '../core/facts';
import { PemBlock } from '../core/go/pem';

export interface DocumentBlock {
  type: string;
  range: Range;
  /** The block as Go decodes it; undefined when Go rejects it (indented, broken, behind a BOM). */
  block?: PemBlock;
}

/**
 * Every BEGIN..END region a person sees, matched with the block Go decodes there, if any. Linear:
 * the decoded blocks are placed by line once (a search per region was quadratic: 10,000 blocks took
 * seconds per hover).
 */
export function documentBlocks(file: FileFacts): DocumentBlock[] {
  const byLine = new Map<number, PemBlock>();
  for (const b of file.blocks) {
    const line = file.positionAt(b.start).line;
    if (!byLine.has(line)) byLine.set(line, b);
  }
  return file.armor.map((region) => {
    const range = file.rangeOf(region.start, region.end);
    return { type: region.type, range: { start: { line: range.start.line, character: 0 }, end: range.end }, block: byLine.get(range.start.line) };
  });
}

/** The block whose lines hold `position`: a binary search over blocks in file order. */
export function blockAt(blocks: DocumentBlock[], position: Position): DocumentBlock | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = blocks[mid].range;
    if (position.line < r.start.line) hi = mid - 1;
    else if (position.line > r.end.line) lo = mid + 1;
    else {
      // Regions can share a line (END and BEGIN on one): the first one wins, as before.
      let first = mid;
      while (first > 0 && blocks[first - 1].range.end.line >= position.line) first--;
      return blocks[first];
    }
  }
  return undefined;
}
