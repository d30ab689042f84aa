/**
 * The PEM blocks of a document for hover, outline and folding, with LSP ranges, decoded lazily:
 * one pass finds the BEGIN..END regions a person sees (offsets only), and a block is decoded only
 * when a request asks for it (core/go/pemLocal.ts answers for one block as Go's decode loop would).
 * A hover on a bundle of 44,000 certificates decodes one of them; the outline decodes the ones it lists.
 */
import { Position, Range } from 'vscode-languageserver';
import { MAX_READ_BYTES } from '../core/fsview';
import { GO_DEFAULTS } from '../core/go/godebug';
import { BEGIN_LINE, decodeAll, END_LINE, PemBlock } from '../core/go/pem';
import { firstColonEndLine, goBlockAt } from '../core/go/pemLocal';
import { CertFacts, parseCertificate, parsePrivateKey, Parsed, PrivateKeyFacts } from '../core/go/x509';
import { DocumentText } from './documentText';
import { lastAtOrBefore } from '../core/sorted';

export interface DocumentBlock {
  /** Its place among the document's regions. */
  index: number;
  type: string;
  range: Range;
  /** The block as Go's decode loop returns it; undefined when it returns none here (indented, broken, behind a BOM). */
  block?: PemBlock;
  /** Whether Go returns a block here depends on the whole file, which certsd does not read (over the size cap). */
  undecided?: boolean;
}

/**
 * The regions scanArmor (core/go/pem.ts) finds, as line-start and line-end offsets: a BEGIN line opens
 * one (closing an open one without END), the next END line closes it. Only lines holding "-----" can
 * be either (base64 has no "-"), so the scan jumps from one to the next: linear, with no per-line work.
 */
export function scanRegions(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let open = -1;
  let openEnd = -1;
  for (let pos = 0; pos < text.length; ) {
    const q = text.indexOf('-----', pos);
    if (q < 0) break;
    const lineStart = text.lastIndexOf('\n', q) + 1;
    const nl = text.indexOf('\n', q);
    const lineEnd = nl < 0 ? text.length : nl;
    let line = text.slice(lineStart, lineEnd);
    if (lineStart === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    if (BEGIN_LINE.test(line)) {
      if (open >= 0) starts.push(open), ends.push(openEnd);
      open = lineStart;
      openEnd = lineEnd;
    } else if (open >= 0 && END_LINE.test(line)) {
      starts.push(open), ends.push(lineEnd);
      open = -1;
    }
    pos = lineEnd + 1;
  }
  if (open >= 0) starts.push(open), ends.push(openEnd);
  return { starts, ends };
}

/** Folding lists this many ranges at most: VS Code folds no more by default (editor.foldingMaximumRegions). */
export const FOLDING_LIMIT = 5_000;

type GoAnswer = PemBlock | undefined | 'unknown';

export class DocumentBlocks {
  private regions?: { starts: number[]; ends: number[] };
  private readonly answers = new Map<number, GoAnswer>();
  private colonEndLine?: number;
  /** Go's blocks by byte offset, from decoding the whole file: only where the local answer is 'unknown' and the file is within the cap. */
  private whole?: Map<number, PemBlock>;
  private readonly certs = new Map<PemBlock, Parsed<CertFacts>>();
  private readonly keys = new Map<PemBlock, Parsed<PrivateKeyFacts>>();

  constructor(readonly text: DocumentText) {}

  /** The file is over the size the check reads (fsview's MAX_READ_BYTES): the engine's verdict on it is not known. */
  get overCap(): boolean {
    return this.text.byteLength > MAX_READ_BYTES;
  }

  private scan(): { starts: number[]; ends: number[] } {
    return (this.regions ??= scanRegions(this.text.text));
  }

  count(): number {
    return this.scan().starts.length;
  }

  /** Region `i`, with what Go makes of it. */
  get(i: number): DocumentBlock {
    const answer = this.goBlock(i);
    return { index: i, type: this.typeOf(i), range: this.range(i), block: answer === 'unknown' ? undefined : answer, undecided: answer === 'unknown' || undefined };
  }

  /** Region `i`'s lines, from the start of its BEGIN line to the end of its END line (nothing decoded). */
  range(i: number): Range {
    const { starts, ends } = this.scan();
    return { start: { line: this.text.positionAt(starts[i]).line, character: 0 }, end: this.text.positionAt(ends[i]) };
  }

  /** The region whose lines hold `position`: a binary search over region starts. */
  at(position: Position): DocumentBlock | undefined {
    if (position.line >= this.text.lineCount) return undefined;
    const offset = this.text.offsetAt(position);
    const { starts, ends } = this.scan();
    const lo = lastAtOrBefore(starts, offset);
    if (starts.length === 0 || starts[lo] > offset || offset > ends[lo]) return undefined;
    return this.get(lo);
  }

  private typeOf(i: number): string {
    const { starts } = this.scan();
    const nl = this.text.text.indexOf('\n', starts[i]);
    const line = this.text.text.slice(starts[i], nl < 0 ? undefined : nl).replace(/^\ufeff/, '');
    return BEGIN_LINE.exec(line)?.[2] ?? '';
  }

  /** What Go's decode loop returns at region `i`: decoded on its own, or from the whole file when only that can tell. */
  goBlock(i: number): GoAnswer {
    if (this.answers.has(i)) return this.answers.get(i);
    const begin = this.scan().starts[i];
    let answer = goBlockAt(this.text, begin, (this.colonEndLine ??= firstColonEndLine(this.text.text)));
    if (answer === 'unknown' && !this.overCap) {
      this.whole ??= new Map(decodeAll(this.text.allBytes()).map((b) => [b.start, b]));
      const b = this.whole.get(this.text.byteOffsetOfLine(begin));
      answer = b && { ...b, start: begin, end: this.scan().ends[i] };
    }
    this.answers.set(i, answer);
    return answer;
  }

  /**
   * Is region `i` the first certificate Go returns (a .cert file's client certificate, the rest being
   * its chain)? Undefined when an earlier region is undecided.
   */
  isFirstCertificate(i: number): boolean | undefined {
    for (let j = 0; j < i; j++) {
      const b = this.goBlock(j);
      if (b === 'unknown') return undefined;
      if (b?.type === 'CERTIFICATE') return false;
    }
    return true;
  }

  certificate(block: PemBlock): Parsed<CertFacts> {
    let r = this.certs.get(block);
    if (!r) this.certs.set(block, (r = parseCertificate(block.bytes, GO_DEFAULTS)));
    return r;
  }

  privateKey(block: PemBlock): Parsed<PrivateKeyFacts> {
    let r = this.keys.get(block);
    if (!r) this.keys.set(block, (r = parsePrivateKey(block.bytes, GO_DEFAULTS)));
    return r;
  }
}
