/**
 * Text taken from a file (a SAN, a subject, a PEM type, a folder or file name, a hosts.toml value)
 * made safe for where the editor shows it. Such text is hostile input: a SAN can read
 * `[a](command:workbench.action.terminal.sendSequence?...)`, `![x](https://...)` or `<img onerror>`.
 *
 * - `mdText`: inside Markdown (hovers), mid-line. A backslash before the characters that start
 *   inline syntax (CommonMark lets any ASCII punctuation be escaped): links and images need `[`,
 *   HTML and `<...>` autolinks `<`, entities `&`, emphasis `*` `_` `~`, code `` ` ``, table cells
 *   `|`; GFM's bare autolinks are broken where they would start (`https\:/\/`, `www\.`, `a\@b`).
 *   Other punctuation (`.`, `=`, `#`, `:`) stays as written, so `CN=reg.example.com:5000` reads
 *   the same in the source. Control characters and line breaks are shown, never obeyed.
 * - `mdCode`: the same text as an inline code span (nothing inside is Markdown); not for table
 *   cells (GFM splits cells on `|` even inside code: use `mdText` there).
 * - `plainText`: plain-text places (lens titles, outline names, diagnostic messages): control
 *   characters, line breaks and bidirectional overrides shown as `\xNN` / `\u{...}` so one name stays one line.
 */

/** C0, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates, BOM. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]/gu;

function visible(c: string): string {
  const n = c.codePointAt(0) ?? 0;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
}

export function plainText(s: string): string {
  return s.replace(INVISIBLE, visible);
}

const INLINE_SYNTAX = /[\\`*_[\]<>|~&@]/g;

export function mdText(s: string): string {
  return plainText(s)
    .replace(INLINE_SYNTAX, (c) => `\\${c}`)
    .replace(/:(?=\/)/g, '\\:')
    .replace(/\/(?=\/)/g, '/\\')
    .replace(/(www)\./gi, '$1\\.');
}

export function mdCode(s: string): string {
  const text = plainText(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
