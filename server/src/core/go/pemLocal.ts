/**
 * Whether Go's decode loop (`for { b, rest = pem.Decode(rest) }`, pem.ts) returns a block at one
 * BEGIN line, found by decoding only that block: a hover on a 50 MB bundle must not decode the
 * 44,000 blocks before the cursor.
 *
 * Why one block is enough. The loop's only state is where `rest` starts; each step takes the first
 * "\n-----END " at or after it (a marker) and the last "-----BEGIN " before that marker. Take a
 * BEGIN at a line start `begin`, and `m`, the first marker after it (the only one whose step can
 * return this block). Whatever happened before, the step that reaches `m` starts somewhere after
 * the previous marker and no later than `begin` (a success resumes at the line after its END line,
 * a failure just after the marker, and `begin` is a later line start). So that step returns this
 * block exactly when `begin` is the last BEGIN before `m` and the block decodes from there, which
 * `decodeOne` on the bytes from `begin` to the end of `m`'s line tells. (Go's loop can also return
 * a block that starts right after a failed "\n-----END ", in the middle of a line: never a region
 * the editor shows, and not asked for here.) The exception is a step that
 * never comes: the loop ends early when a block's header lines run past its own END line, which
 * needs a colon in an END line. Before such a line the answer is 'unknown' (decode the file whole).
 * The header loop reaching the end of the data also ends the loop, but then every line after
 * `begin` holds a colon too and this block cannot decode either way.
 * test/unit/pemLocal.test.ts compares the answer with decodeAll on generated and mutated texts.
 */
import { decodeOne, PemBlock } from './pem';

const BEGIN = '-----BEGIN ';
const END = '\n-----END ';

/** A file's text, with the exact bytes of any part of it. */
export interface PemText {
  /** The text; the markers are ASCII, so they sit at the same places whatever the encoding. */
  readonly text: string;
  /** The file begins with a UTF-8 byte order mark that `text` leaves out (Go then skips a BEGIN at the start). */
  readonly bom: boolean;
  /** The file's bytes for text[from, to), `from` and `to` being line starts (or the end of the text). */
  bytes(from: number, to: number): Buffer;
}

/** Where the first END line holding a colon starts (its marker), or Infinity: Go's loop may stop there. */
export function firstColonEndLine(text: string): number {
  for (let m = text.indexOf(END); m >= 0; m = text.indexOf(END, m + 1)) {
    const lineEnd = text.indexOf('\n', m + 1);
    // Within the line only: a search to the next colon anywhere made this quadratic.
    if (text.slice(m + END.length, lineEnd < 0 ? undefined : lineEnd).includes(':')) return m;
  }
  return Infinity;
}

/**
 * The block Go's decode loop returns for the BEGIN line at `begin` (a line start), undefined when it
 * returns none there, 'unknown' when an END line with a colon comes before (`colonEndLine`, from
 * firstColonEndLine) and only decoding everything before could tell. Offsets of the block are
 * text offsets: `start` is `begin`, `end` the end of its END line.
 */
export function goBlockAt(src: PemText, begin: number, colonEndLine: number): PemBlock | undefined | 'unknown' {
  const { text } = src;
  // Go needs BEGIN at the start of the data or after "\n": not indented, not behind a BOM.
  if (!text.startsWith(BEGIN, begin) || (begin > 0 && text[begin - 1] !== '\n') || (begin === 0 && src.bom)) return undefined;
  const m = text.indexOf(END, begin);
  if (m < 0) return undefined;
  // Go takes the last BEGIN before the marker (none can overlap the marker's newline): a later one wins.
  if (text.lastIndexOf(BEGIN, m) !== begin) return undefined;
  if (colonEndLine < m) return 'unknown';
  const lineEnd = text.indexOf('\n', m + 1);
  const to = lineEnd < 0 ? text.length : lineEnd + 1;
  // From BEGIN on (its line start is checked above): decodeOne meets this marker first, and only it.
  const r = decodeOne(src.bytes(begin, to), 0);
  if (!r) return undefined;
  return { ...r.block, start: begin, end: lineEnd < 0 ? text.length : lineEnd };
}
