/**
 * PEM decoding exactly as Go's encoding/pem.Decode does it, over bytes, keeping offsets so that
 * diagnostics and hovers can point at the block. Go's quirks matter because the engines are Go:
 * - a block must start at the beginning of the data or right after "\n" (so a UTF-8 BOM or
 *   indentation before "-----BEGIN" hides that block);
 * - header lines ("Key: value") right after BEGIN are collected, and a CERTIFICATE block with
 *   headers is skipped by x509.CertPool.AppendCertsFromPEM;
 * - the END line must be "\n-----END <same type>-----" followed only by spaces/tabs/CR;
 * - the body is base64 with spaces and tabs removed and CR/LF ignored; invalid base64 skips the block.
 * A block Go rejects is passed over and the search goes on after its BEGIN line and headers.
 */

const BEGIN = Buffer.from('\n-----BEGIN ');
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

/** Go's getLine: [lineStart, lineEnd) without "\r\n", trailing spaces and tabs; and where the rest starts. */
function getLine(data: Buffer, from: number, limit: number): { end: number; next: number } {
  const i = data.indexOf(NL, from);
  if (i < 0 || i >= limit) return { end: trimRightSpaceTab(data, from, limit), next: limit };
  let e = i;
  if (e > from && data[e - 1] === 0x0d) e--;
  return { end: trimRightSpaceTab(data, from, e), next: i + 1 };
}

function startsWithAt(data: Buffer, at: number, prefix: Buffer, limit: number): boolean {
  if (at + prefix.length > limit) return false;
  for (let k = 0; k < prefix.length; k++) if (data[at + k] !== prefix[k]) return false;
  return true;
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
  const limit = data.length;
  let pos = from;
  for (;;) {
    let blockStart: number;
    if (startsWithAt(data, pos, BEGIN.subarray(1), limit)) {
      blockStart = pos;
      pos += BEGIN.length - 1;
    } else {
      const i = data.indexOf(BEGIN, pos);
      if (i < 0) return undefined;
      blockStart = i + 1;
      pos = i + BEGIN.length;
    }
    const typeLine = getLine(data, pos, limit);
    let rest = typeLine.next;
    if (typeLine.end - pos < DASHES.length || !data.subarray(typeLine.end - DASHES.length, typeLine.end).equals(DASHES)) {
      pos = rest;
      continue;
    }
    const typeBytes = data.subarray(pos, typeLine.end - DASHES.length);
    const type = typeBytes.toString('latin1');
    const headers: Record<string, string> = {};
    let headerCount = 0;
    let truncated = false;
    for (;;) {
      if (rest >= limit) {
        truncated = true;
        break;
      }
      const line = getLine(data, rest, limit);
      const colon = data.indexOf(0x3a, rest);
      if (colon < 0 || colon >= line.end) break;
      const key = data.subarray(rest, colon).toString('latin1').trim();
      headers[key] = data.subarray(colon + 1, line.end).toString('latin1').trim();
      headerCount++;
      rest = line.next;
    }
    // Go returns (nil, data) here: the whole decode stops, nothing after is looked at.
    if (truncated) return undefined;

    let endIndex: number;
    let endTrailer: number;
    if (headerCount === 0 && startsWithAt(data, rest, END.subarray(1), limit)) {
      endIndex = rest;
      endTrailer = rest + END.length - 1;
    } else {
      const i = data.indexOf(END, rest);
      if (i < 0) {
        pos = rest;
        continue;
      }
      endIndex = i;
      endTrailer = i + END.length;
    }
    const trailerLen = typeBytes.length + DASHES.length;
    if (endTrailer + trailerLen > limit) {
      pos = rest;
      continue;
    }
    if (
      !data.subarray(endTrailer, endTrailer + typeBytes.length).equals(typeBytes) ||
      !data.subarray(endTrailer + typeBytes.length, endTrailer + trailerLen).equals(DASHES)
    ) {
      pos = rest;
      continue;
    }
    const afterEnd = endTrailer + trailerLen;
    const endLine = getLine(data, afterEnd, limit);
    if (endLine.end !== afterEnd) {
      pos = rest;
      continue;
    }
    const bytes = decodeBase64Strict(data.subarray(rest, endIndex).toString('latin1'));
    if (!bytes) {
      pos = rest;
      continue;
    }
    return { block: { type, headers, headerCount, bytes, start: blockStart, end: afterEnd }, rest: endLine.next };
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

const BEGIN_LINE = /^([ \t]*)(?:\ufeff)?-----BEGIN ([^-\r\n]*)-----[ \t\r]*$/;
const END_LINE = /^[ \t]*-----END ([^-\r\n]*)-----[ \t\r]*$/;

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
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
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
