/**
 * A minimal ASN.1 DER writer, enough to build certificates and keys byte by byte, including the
 * non-canonical ones real tools sometimes write (negative serials, duplicate extensions, odd time
 * forms). Every function returns the complete TLV as a Buffer.
 */

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A TLV with the given tag byte. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
export const nul = (): Buffer => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
export const octets = (b: Buffer): Buffer => tlv(0x04, b);
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5 = (s: string): Buffer => tlv(0x16, Buffer.from(s, 'latin1'));
export const utcTime = (s: string): Buffer => tlv(0x17, Buffer.from(s, 'latin1'));
export const generalizedTime = (s: string): Buffer => tlv(0x18, Buffer.from(s, 'latin1'));

/** BIT STRING with `unused` unused bits in the last byte. */
export function bitString(b: Buffer, unused = 0): Buffer {
  return tlv(0x03, Buffer.from([unused]), b);
}

/** [n] EXPLICIT (constructed context tag). */
export function explicit(n: number, ...content: Buffer[]): Buffer {
  return tlv(0xa0 | n, ...content);
}

/** [n] IMPLICIT primitive (context tag over raw content bytes). */
export function implicit(n: number, content: Buffer): Buffer {
  return tlv(0x80 | n, content);
}

/** INTEGER from a bigint, in minimal two's complement. */
export function int(v: bigint | number): Buffer {
  return tlv(0x02, intBytes(BigInt(v)));
}

/** INTEGER content bytes exactly as given (for non-minimal or hand-made encodings). */
export function rawInt(content: Buffer): Buffer {
  return tlv(0x02, content);
}

export function intBytes(v: bigint): Buffer {
  if (v === 0n) return Buffer.from([0]);
  if (v > 0n) {
    let hex = v.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    const b = Buffer.from(hex, 'hex');
    return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  }
  // Negative: the smallest byte count whose two's complement holds v.
  let n = 1;
  while (-(1n << BigInt(8 * n - 1)) > v) n++;
  let t = (1n << BigInt(8 * n)) + v;
  const out = Buffer.alloc(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
  const bytes: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** Unsigned big-endian bytes to a bigint (for JWK fields). */
export function toBigInt(b: Buffer): bigint {
  return b.length ? BigInt('0x' + b.toString('hex')) : 0n;
}

/** Reads one TLV at `offset`: the tag, where its content starts and ends. Enough to walk SPKIs. */
export function readTlv(b: Buffer, offset = 0): { tag: number; start: number; end: number } {
  const tag = b[offset];
  let len = b[offset + 1];
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  return { tag, start, end: start + len };
}

/** The content TLVs of a constructed TLV. */
export function children(b: Buffer): Buffer[] {
  const outer = readTlv(b);
  const out: Buffer[] = [];
  for (let at = outer.start; at < outer.end; ) {
    const t = readTlv(b, at);
    out.push(b.subarray(at, t.end));
    at = t.end;
  }
  return out;
}
