/**
 * A strict DER reader with the rules of golang.org/x/crypto/cryptobyte, which crypto/x509's
 * certificate parser is written on: single-octet tags only, definite lengths of at most four
 * octets written minimally, INTEGERs minimally encoded. Reads never throw and never recurse: each
 * call looks at one element, so hostile nesting costs nothing until a caller walks into it, and
 * every walk in this folder follows a fixed grammar.
 */

/** Tags as cryptobyte/asn1 spells them (the whole identifier octet). */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  ENUM: 0x0a,
  UTF8String: 0x0c,
  NumericString: 0x12,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  BMPString: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** [n] context-specific, primitive. */
export const contextTag = (n: number): number => 0x80 | n;
/** [n] context-specific, constructed. */
export const contextConstructed = (n: number): number => 0xa0 | n;

/** One element: its identifier octet, where its header starts, and its contents [start, end). */
export interface Element {
  tag: number;
  header: number;
  start: number;
  end: number;
}

/**
 * A window [pos, end) over DER bytes that reads from the front, like cryptobyte.String. Methods
 * that read return undefined (or false) on malformed input and leave the window where it was.
 */
export class DerInput {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  static of(bytes: Uint8Array): DerInput {
    return new DerInput(bytes, 0, bytes.length);
  }

  get empty(): boolean {
    return this.pos >= this.end;
  }

  get length(): number {
    return this.end - this.pos;
  }

  /** The contents of an element as a new window. */
  inner(e: Element): DerInput {
    return new DerInput(this.bytes, e.start, e.end);
  }

  peekTag(tag: number): boolean {
    return this.pos < this.end && this.bytes[this.pos] === tag;
  }

  // Go: cryptobyte String.readASN1 (low-tag-number form, minimal definite lengths of 1..4 octets)
  readAny(): Element | undefined {
    const b = this.bytes;
    const at = this.pos;
    if (this.end - at < 2) return undefined;
    const tag = b[at];
    if ((tag & 0x1f) === 0x1f) return undefined;
    const lenByte = b[at + 1];
    let start: number;
    let length: number;
    if ((lenByte & 0x80) === 0) {
      start = at + 2;
      length = lenByte;
    } else {
      const n = lenByte & 0x7f;
      if (n === 0 || n > 4 || this.end - at < 2 + n) return undefined;
      length = 0;
      for (let k = 0; k < n; k++) length = length * 256 + b[at + 2 + k];
      if (length < 128) return undefined;
      if (b[at + 2] === 0) return undefined;
      start = at + 2 + n;
    }
    if (length > this.end - start) return undefined;
    this.pos = start + length;
    return { tag, header: at, start, end: start + length };
  }

  /** The next element if it has `tag` (ReadASN1 / ReadASN1Element: the caller picks contents or the whole). */
  read(tag: number): Element | undefined {
    const at = this.pos;
    const e = this.readAny();
    if (!e) return undefined;
    if (e.tag !== tag) {
      this.pos = at;
      return undefined;
    }
    return e;
  }

  /** ReadOptionalASN1: absent is fine (undefined element, true); present and malformed is false. */
  readOptional(tag: number): { ok: boolean; element?: Element } {
    if (!this.peekTag(tag)) return { ok: true };
    const e = this.read(tag);
    return e ? { ok: true, element: e } : { ok: false };
  }

  /** SkipOptionalASN1. */
  skipOptional(tag: number): boolean {
    return this.readOptional(tag).ok;
  }

  readInteger(): IntegerView | undefined {
    const at = this.pos;
    const e = this.read(TAG.INTEGER);
    if (!e || !minimalInteger(this.bytes, e.start, e.end)) {
      this.pos = at;
      return undefined;
    }
    return new IntegerView(this.bytes, e.start, e.end);
  }

  /** ReadASN1Integer into an int64: undefined when malformed or wider than 8 octets. */
  readInt64(tag: number = TAG.INTEGER): bigint | undefined {
    const at = this.pos;
    const e = this.read(tag);
    if (!e || !minimalInteger(this.bytes, e.start, e.end) || e.end - e.start > 8) {
      this.pos = at;
      return undefined;
    }
    return new IntegerView(this.bytes, e.start, e.end).toBigInt();
  }

  /** ReadASN1Integer into a uint64 (negative or too wide is undefined). */
  readUint64(): bigint | undefined {
    const at = this.pos;
    const e = this.read(TAG.INTEGER);
    const n = e ? e.end - e.start : 0;
    if (!e || !minimalInteger(this.bytes, e.start, e.end) || n > 9 || (n === 9 && this.bytes[e.start] !== 0) || this.bytes[e.start] & 0x80) {
      this.pos = at;
      return undefined;
    }
    return new IntegerView(this.bytes, e.start, e.end).toBigInt();
  }

  // Go: cryptobyte String.ReadASN1Boolean (exactly 0x00 or 0xff)
  readBoolean(): boolean | undefined {
    const at = this.pos;
    const e = this.read(TAG.BOOLEAN);
    if (!e || e.end - e.start !== 1 || (this.bytes[e.start] !== 0 && this.bytes[e.start] !== 0xff)) {
      this.pos = at;
      return undefined;
    }
    return this.bytes[e.start] === 0xff;
  }

  // Go: cryptobyte String.ReadASN1ObjectIdentifier
  readOid(tag: number = TAG.OBJECT_IDENTIFIER): string | undefined {
    const at = this.pos;
    const e = this.read(tag);
    const oid = e ? oidString(this.bytes, e.start, e.end) : undefined;
    if (oid === undefined) this.pos = at;
    return oid;
  }

  // Go: cryptobyte String.ReadASN1BitString
  readBitString(): BitStringView | undefined {
    const at = this.pos;
    const e = this.read(TAG.BIT_STRING);
    if (!e || e.end === e.start) {
      this.pos = at;
      return undefined;
    }
    const padding = this.bytes[e.start];
    const n = e.end - e.start - 1;
    if (padding > 7 || (n === 0 && padding !== 0) || (n > 0 && (this.bytes[e.end - 1] & ((1 << padding) - 1)) !== 0)) {
      this.pos = at;
      return undefined;
    }
    return new BitStringView(this.bytes, e.start + 1, e.end, n * 8 - padding);
  }
}

/** Go: cryptobyte checkASN1Integer (and encoding/asn1 checkInteger): at least one octet, no redundant leading octet. */
export function minimalInteger(b: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  if (end - start === 1) return true;
  return !((b[start] === 0 && (b[start + 1] & 0x80) === 0) || (b[start] === 0xff && (b[start + 1] & 0x80) === 0x80));
}

/** An INTEGER's contents, read lazily: a huge integer costs nothing unless a caller converts it. */
export class IntegerView {
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {}

  get negative(): boolean {
    return (this.bytes[this.start] & 0x80) !== 0;
  }

  get isZero(): boolean {
    return this.end - this.start === 1 && this.bytes[this.start] === 0;
  }

  /** -1, 0 or 1. */
  get sign(): number {
    return this.negative ? -1 : this.isZero ? 0 : 1;
  }

  /** The magnitude's octets without leading zeros (positive values only; empty for zero). */
  magnitude(): Uint8Array {
    let i = this.start;
    while (i < this.end && this.bytes[i] === 0) i++;
    return this.bytes.subarray(i, this.end);
  }

  /** Bits of a non-negative value. */
  get bitLength(): number {
    const m = this.magnitude();
    return m.length === 0 ? 0 : (m.length - 1) * 8 + (32 - Math.clz32(m[0]));
  }

  toBigInt(): bigint {
    const raw = this.bytes.subarray(this.start, this.end);
    const v = BigInt('0x' + Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex'));
    return this.negative ? v - (1n << BigInt(raw.length * 8)) : v;
  }

  /** Upper-case hex of the two's-complement value as Go's big.Int prints it with %X (a '-' for negatives). */
  toHex(): string {
    const v = this.toBigInt();
    return v < 0n ? '-' + (-v).toString(16).toUpperCase() : v.toString(16).toUpperCase();
  }
}

export class BitStringView {
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly bitLength: number,
  ) {}

  /** Bit i (0 = most significant of the first octet), 0 beyond the end: asn1.BitString.At. */
  at(i: number): number {
    if (i < 0 || i >= this.bitLength) return 0;
    return (this.bytes[this.start + (i >> 3)] >> (7 - (i & 7))) & 1;
  }

  /** asn1.BitString.RightAlign: the padding bits moved to the front. */
  rightAlign(): Uint8Array {
    const data = this.bytes.subarray(this.start, this.end);
    const shift = 8 - (this.bitLength % 8);
    if (shift === 8 || data.length === 0) return data;
    const out = new Uint8Array(data.length);
    out[0] = data[0] >> shift;
    for (let i = 1; i < data.length; i++) out[i] = ((data[i - 1] << (8 - shift)) & 0xff) | (data[i] >> shift);
    return out;
  }
}

/**
 * Dotted form of OID contents, with cryptobyte's limits (each arc below 2^31, minimally encoded);
 * undefined when Go would refuse it.
 */
// Go: cryptobyte String.ReadASN1ObjectIdentifier / readBase128Int
export function oidString(b: Uint8Array, start: number, end: number): string | undefined {
  if (end <= start) return undefined;
  let out = '';
  let i = start;
  let first = true;
  while (i < end) {
    let v = 0;
    let k = 0;
    for (;;) {
      if (i >= end || k === 5 || v >= 1 << 24) return undefined;
      const c = b[i++];
      if (k === 0 && c === 0x80) return undefined;
      v = v * 128 + (c & 0x7f);
      k++;
      if ((c & 0x80) === 0) break;
    }
    if (first) {
      out = v < 80 ? `${Math.floor(v / 40)}.${v % 40}` : `2.${v - 80}`;
      first = false;
    } else out += '.' + v;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

export function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}
