/**
 * Line breaking for the terminal: at spaces, and between the characters of Chinese or Japanese text
 * (which has no spaces), never before a full-width punctuation mark. Widths are terminal columns:
 * East Asian wide characters take two.
 */

// Wide and full-width ranges of East Asian Width (UAX #11) that messages can contain.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
/** Closing marks that stay on the line before them (、。，：；！？）」』】 and their full-width kin). */
const NO_BREAK_BEFORE = /^[\u3001\u3002\u300D\u300F\u3011\u3015\uFF01\uFF09\uFF0C\uFF0E\uFF1A\uFF1B\uFF1F\uFF3D\uFF5D]$/u;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

interface Piece {
  text: string;
  /** Spaces before it on the line (dropped where the line breaks). */
  space: string;
  /** It may start a new line. */
  breakable: boolean;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let space = '';
  let word = '';
  const flush = () => {
    if (!word) return;
    out.push({ text: word, space, breakable: true });
    space = '';
    word = '';
  };
  for (const ch of text) {
    if (ch === ' ') {
      flush();
      space += ch;
    } else if (WIDE.test(ch)) {
      flush();
      out.push({ text: ch, space, breakable: !NO_BREAK_BEFORE.test(ch) });
      space = '';
    } else {
      word += ch;
    }
  }
  flush();
  return out;
}

/** Narrower than this, a line is not worth starting: the text begins on the next one. */
const MIN_LINE = 10;

/**
 * `text` in lines, the first at most `first` columns wide and the others at most `rest`; a word
 * wider than its line is left whole rather than cut. With less than MIN_LINE columns left on the
 * first line, it stays empty and the text starts on the second.
 */
export function wrapText(text: string, first: number, rest: number): string[] {
  const lines: string[] = first < MIN_LINE ? [''] : [];
  let line = '';
  let width = 0;
  let limit = first < MIN_LINE ? Math.max(MIN_LINE, rest) : first;
  for (const p of pieces(text)) {
    const w = displayWidth(p.text);
    const sw = line ? p.space.length : 0;
    if (line && p.breakable && width + sw + w > limit) {
      lines.push(line);
      line = p.text;
      width = w;
      limit = Math.max(MIN_LINE, rest);
    } else {
      line += (line ? p.space : '') + p.text;
      width += sw + w;
    }
  }
  lines.push(line);
  return lines;
}
