/**
 * File names as the operating system has them: bytes. Go's os.ReadDir hands the engines a name's
 * bytes whatever they are, so `ca\xff.crt` is a CA file to Docker. Node's string names would turn
 * the byte into U+FFFD and the file could then not be opened at all. So names are read as bytes
 * and kept in strings the way Python's "surrogateescape" does it (PEP 383): every byte that is not
 * part of valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF. Valid UTF-8 never decodes to a
 * lone surrogate, so the mapping is one-to-one, and `toFsPath` gives the exact bytes back.
 */
import { isUtf8 } from 'node:buffer';

const ESCAPED_BYTE = /[\udc80-\udcff]/u;

/** A name or path from the OS's bytes: UTF-8, with each stray byte kept as U+DC80 + byte. */
export function nameFromBytes(b: Buffer): string {
  if (isUtf8(b)) return b.toString('utf8');
  let out = '';
  let i = 0;
  while (i < b.length) {
    const n = utf8SequenceLength(b, i);
    if (n > 0) {
      out += b.toString('utf8', i, i + n);
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + b[i]);
      i++;
    }
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence at b[i] (RFC 3629: no overlongs, no surrogates), or 0. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** Does the name hold bytes that are not UTF-8? */
export function hasRawBytes(s: string): boolean {
  return ESCAPED_BYTE.test(s);
}

/** The name's bytes, as the OS has them (the inverse of nameFromBytes). */
export function nameToBytes(s: string): Buffer {
  if (!hasRawBytes(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    parts.push(ch.length === 1 && c >= 0xdc80 && c <= 0xdcff ? Buffer.of(c - 0xdc00) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** What to hand node:fs: the string itself, or its exact bytes when it holds raw bytes. */
export function toFsPath(p: string): string | Buffer {
  return hasRawBytes(p) ? nameToBytes(p) : p;
}

/** Go sorts directory entries by name as bytes; JavaScript's default sort compares UTF-16 units. */
export function compareNameBytes(a: string, b: string): number {
  return Buffer.compare(nameToBytes(a), nameToBytes(b));
}

/**
 * Text from a file or a file name made safe to print on a terminal: C0 and C1 control characters,
 * DEL, line and paragraph separators and bidirectional overrides (which reorder what a reader sees)
 * are written as escapes, and raw bytes as `\xff`, as Go's %q writes them. Everything else, non-ASCII
 * letters included, is kept. An escape sequence, a screen clear or a newline that fakes a report line
 * can then not get through.
 */
export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
    if (c >= 0xdc80 && c <= 0xdcff) return '\\x' + (c - 0xdc00).toString(16).padStart(2, '0');
    return '\\u' + c.toString(16).padStart(4, '0');
  });
}

const URI_UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/** A path segment for a URI, percent-encoding its bytes (a raw byte 0xff becomes %FF, as RFC 3986 wants). */
export function uriSegment(s: string): string {
  if (!hasRawBytes(s)) return encodeURIComponent(s);
  let out = '';
  for (const b of nameToBytes(s)) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && URI_UNRESERVED.test(ch) ? ch : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * JSON text safe to print: JSON.stringify escapes C0 controls but leaves DEL, C1 controls, the line
 * and paragraph separators and bidi overrides as they are. They can only stand inside strings, where
 * a \u escape means the same character: the JSON value is unchanged, the terminal sees only ASCII.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}
