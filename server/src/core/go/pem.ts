/**
 * PEM decoding exactly as Go's encoding/pem.Decode does it (Go 1.24.8 / 1.25.2 and later, which
 * every modelled engine release is built with, and the harness's Go 1.26), over bytes, keeping
 * offsets so that diagnostics and hovers can point at the block. Go's quirks matter because the
 * engines are Go:
 * - Decode finds the first "\n-----END " and then the last "-----BEGIN " before it; that BEGIN must
 *   start the data or follow "\n" (so a UTF-8 BOM or indentation before "-----BEGIN" hides the
 *   block), else the search goes on after that END;
 * - header lines ("Key: value") right after BEGIN are collected, and a CERTIFICATE block with
 *   headers is skipped by x509.CertPool.AppendCertsFromPEM;
 * - the END line must be "-----END <same type>-----" followed only by spaces/tabs/CR;
 * - the body is base64 with spaces and tabs removed and CR/LF ignored; invalid base64 skips the block.
 * This is Go's fix for its quadratic decoding of BEGIN lines without END (CVE-2025-61723): each step
 * moves past one END line and looks only at the bytes before it, so decoding is linear; the
 * backward search for BEGIN is bounded to the bytes since the last END.
 */

const BEGIN = Buffer.from('-----BEGIN ');
const END = Buffer.from('\n-----END ');
const DASHES = Buffer.from('-----');
const NL = 0x0a;

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  headerCount: number;
  bytes: Buffer;
  /** Byte offset of the first "-" of the BEGIN line. */
  start: number;
  /** Byte offset just past the last "-" of the END line. */
  end: number;
}

function trimRightSpaceTab(data: Buffer, from: number, to: number): number {
  while (to > from && (data[to - 1] === 0x20 || data[to - 1] === 0x09)) to--;
  return to;
}

/** Go's getLine on data[from:]: [from, end) without "\r\n", trailing spaces and tabs; and where the rest starts. */
function getLine(data: Buffer, from: number): { end: number; next: number } {
  const i = data.indexOf(NL, from);
  if (i < 0) return { end: trimRightSpaceTab(data, from, data.length), next: data.length };
  let e = i;
  if (e > from && data[e - 1] === 0x0d) e--;
  return { end: trimRightSpaceTab(data, from, e), next: i + 1 };
}

function equalAt(data: Buffer, at: number, what: Buffer): boolean {
  if (at < 0 || at + what.length > data.length) return false;
  for (let k = 0; k < what.length; k++) if (data[at + k] !== what[k]) return false;
  return true;
}

/** The UTF-8 of the white space outside ASCII that unicode.IsSpace knows (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). */
const UNICODE_SPACES = ['\u0085', '\u00a0', '\u1680', ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)), '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'].map((c) => Buffer.from(c, 'utf8'));

/** Go's bytes.TrimSpace: ASCII white space and UTF-8 encoded Unicode white space off both ends (a lone byte 0x85 or 0xa0 is not UTF-8, and stays). */
function trimSpace(b: Buffer): Buffer {
  const ascii = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  let s = 0;
  let e = b.length;
  for (;;) {
    if (s < e && ascii(b[s])) s++;
    else {
      const u = UNICODE_SPACES.find((sp) => e - s >= sp.length && b.subarray(s, s + sp.length).equals(sp));
      if (!u) break;
      s += u.length;
    }
  }
  for (;;) {
    if (e > s && ascii(b[e - 1])) e--;
    else {
      const u = UNICODE_SPACES.find((sp) => e - s >= sp.length && b.subarray(e - sp.length, e).equals(sp));
      if (!u) break;
      e -= u.length;
    }
  }
  return b.subarray(s, e);
}

const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** Go's base64.StdEncoding.Decode after removeSpacesAndTabs: CR and LF are ignored, padding is required. */
function decodeBase64Strict(body: string): Buffer | undefined {
  const compact = body.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** One call of Go's pem.Decode on data[from:]. Returns the block and where the rest starts. */
export function decodeOne(data: Buffer, from = 0): { block: PemBlock; rest: number } | undefined {
  const len = data.length;
  // Go's `rest` is data[restStart:]; its endIndex / endTrailerIndex are kept here as absolute offsets.
  let restStart = from;
  let endTrailer = from;
  for (;;) {
    // "If we've already tried parsing a block, skip past the END we already saw."
    if (endTrailer < restStart || endTrailer > len) return undefined;
    restStart = endTrailer;
    const endAt = data.indexOf(END, restStart);
    if (endAt < 0) return undefined;
    endTrailer = endAt + END.length;
    // The last BEGIN before that END (searched in the bytes since restStart only).
    const window = data.subarray(restStart, endAt);
    const b = window.lastIndexOf(BEGIN);
    if (b < 0 || (b > 0 && window[b - 1] !== NL)) continue;
    const blockStart = restStart + b;
    restStart = blockStart + BEGIN.length;

    const typeLine = getLine(data, restStart);
    const typeStart = restStart;
    restStart = typeLine.next;
    if (typeLine.end - typeStart < DASHES.length || !equalAt(data, typeLine.end - DASHES.length, DASHES)) continue;
    const typeBytes = data.subarray(typeStart, typeLine.end - DASHES.length);

    const headers: Record<string, string> = {};
    let headerCount = 0;
    for (;;) {
      if (restStart >= len) return undefined;
      const line = getLine(data, restStart);
      const colon = data.subarray(restStart, line.end).indexOf(0x3a);
      if (colon < 0) break;
      const key = trimSpace(data.subarray(restStart, restStart + colon)).toString('latin1');
      headers[key] = trimSpace(data.subarray(restStart + colon + 1, line.end)).toString('latin1');
      headerCount++;
      restStart = line.next;
    }
    // With headers there must be a newline between them and the END line.
    if (headerCount > 0 && endAt < restStart) continue;

    const trailerLen = typeBytes.length + DASHES.length;
    if (len - endTrailer < trailerLen) continue;
    if (!data.subarray(endTrailer, endTrailer + typeBytes.length).equals(typeBytes) || !equalAt(data, endTrailer + typeBytes.length, DASHES)) continue;
    const afterEnd = endTrailer + trailerLen;
    // The END line must end with only whitespace.
    if (getLine(data, afterEnd).end !== afterEnd) continue;

    let bytes: Buffer = Buffer.alloc(0);
    if (endAt > restStart) {
      const decoded = decodeBase64Strict(data.subarray(restStart, endAt).toString('latin1'));
      if (!decoded) continue;
      bytes = decoded;
    }
    // Go: getLine(rest[endIndex+len(pemEnd)-1:]), i.e. from the space after "-----END".
    const rest = getLine(data, endAt + END.length - 1).next;
    return { block: { type: typeBytes.toString('latin1'), headers, headerCount, bytes, start: blockStart, end: afterEnd }, rest };
  }
}

/** Every block Go finds, as `for { b, rest = pem.Decode(rest); if b == nil { break } }` does. */
export function decodeAll(data: Buffer): PemBlock[] {
  const blocks: PemBlock[] = [];
  let pos = 0;
  while (pos < data.length) {
    const r = decodeOne(data, pos);
    if (!r) break;
    blocks.push(r.block);
    pos = r.rest;
  }
  return blocks;
}

/** A BEGIN ... END region as a person sees it, whether or not Go accepts it. Lines are 0-based. */
export interface ArmorRegion {
  type: string;
  beginLine: number;
  /** -1 when there is no matching END line. */
  endLine: number;
  indented: boolean;
  headerLines: number;
  start: number;
  end: number;
}

/** A BEGIN line and an END line as a person reads them (scanArmor; the editor's block index, lsp/blocks.ts). */
export const BEGIN_LINE = /^([ \t]*)(?:\ufeff)?-----BEGIN ([^-\r\n]*)-----[ \t\r]*$/;
export const END_LINE = /^[ \t]*-----END ([^-\r\n]*)-----[ \t\r]*$/;

/** Lenient scan of armor lines, for outlines, folding and explaining why Go skipped a block. */
export function scanArmor(text: string): ArmorRegion[] {
  const regions: ArmorRegion[] = [];
  const lines = text.split('\n');
  let open: ArmorRegion | undefined;
  let offset = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].startsWith('\ufeff') && n === 0 ? lines[n].slice(1) : lines[n];
    const b = BEGIN_LINE.exec(line);
    if (b) {
      if (open) regions.push(open);
      open = {
        type: b[2],
        beginLine: n,
        endLine: -1,
        indented: b[1].length > 0,
        headerLines: 0,
        start: offset,
        end: offset + lines[n].length,
      };
    } else if (open) {
      const e = END_LINE.exec(line);
      if (e) {
        open.endLine = n;
        open.end = offset + lines[n].length;
        if (/^[ \t]/.test(line)) open.indented = true;
        regions.push(open);
        open = undefined;
      } else if (open.headerLines === n - open.beginLine - 1 && /^[^:]*:/.test(line) && line.includes(':')) {
        open.headerLines++;
      }
    }
    offset += lines[n].length + 1;
  }
  if (open) regions.push(open);
  return regions;
}

export function hasUtf8Bom(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
}

/** PEM armor around DER bytes, 64 base64 characters a line, with a final newline. */
export function encodePem(type: string, der: Uint8Array): string {
  // pem.Encode's lineBreaker ends the last line only when it wrote one: no blank line for empty bytes.
  const body = der.length === 0 ? '' : Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

/** The block types crypto/tls takes for a private key: `PRIVATE KEY` or `... PRIVATE KEY`. */
export function isPrivateKeyType(type: string): boolean {
  return type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');
}

/** PKCS#8 `ENCRYPTED PRIVATE KEY`, or a legacy block with `Proc-Type: 4,ENCRYPTED`. */
export function isEncryptedKey(block: { type: string; headers: Record<string, string> }): boolean {
  return block.type === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
}

/**
 * Where the base64 of an armored region breaks, as a person would look for it: the first body line
 * holding a character Go's decoder refuses (anything but A-Z a-z 0-9 + / =, spaces and tabs, which
 * Go removes, aside), or `=` padding before the last line; failing that, with every character
 * valid but the length no multiple of 4, the first line shorter or longer than the first line
 * before the last (a character lost or added), else the last line. Offsets are into `text`
 * (latin1, one character a byte); undefined when the body decodes, or for a region with headers
 * or no END line (other reasons, said elsewhere).
 */
export function brokenBase64Line(text: string, region: ArmorRegion): { start: number; end: number } | undefined {
  if (region.endLine < 0 || region.headerLines > 0) return undefined;
  const bodyStart = text.indexOf('\n', region.start) + 1;
  const endLineStart = text.lastIndexOf('\n', region.end - 1) + 1;
  if (bodyStart <= 0 || endLineStart <= bodyStart) return undefined;
  const lines: { start: number; end: number; content: string }[] = [];
  for (let at = bodyStart; at < endLineStart; ) {
    const nl = text.indexOf('\n', at);
    const stop = nl < 0 || nl >= endLineStart ? endLineStart - 1 : nl;
    const raw = text.slice(at, stop).replace(/\r$/, '');
    lines.push({ start: at, end: at + raw.length, content: raw.replace(/[ \t]/g, '') });
    at = stop + 1;
  }
  const body = lines.filter((l) => l.content !== '');
  if (decodeBase64Strict(body.map((l) => l.content).join(''))) return undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i].content;
    if (!/^[A-Za-z0-9+/=]*$/.test(c) || (i < body.length - 1 && c.includes('=')) || /=[^=]/.test(c)) return body[i];
  }
  if (body.length === 0) return undefined;
  const width = body[0].content.length;
  const odd = body.slice(0, -1).find((l) => l.content.length !== width);
  return odd ?? body[body.length - 1];
}
