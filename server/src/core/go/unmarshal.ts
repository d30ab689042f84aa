/**
 * encoding/asn1.Unmarshal, reduced to the struct shapes x509's private-key parsers declare
 * (pkcs1PrivateKey, pkcs8, ecPrivateKey). Its rules differ from cryptobyte's, and Go's key parsing
 * depends on them: multi-octet tags and longer lengths are read; a SEQUENCE may hold more
 * elements than the struct has fields (they are ignored); an optional field whose tag does not
 * match is simply absent; an explicit [n] wrapper's own length is not checked against its child.
 * Error texts are encoding/asn1's, for explanations: crypto/tls reports its own generic error.
 */
import { minimalInteger, oidString } from './asn1';

export interface Tlv {
  cls: number;
  compound: boolean;
  tag: number;
  /** Offset of the contents. */
  offset: number;
  length: number;
}

const syntax = (m: string) => ({ error: `asn1: syntax error: ${m}` });
const structural = (m: string) => ({ error: `asn1: structure error: ${m}` });

// Go: encoding/asn1 parseBase128Int
function base128(b: Uint8Array, at: number, end: number): { value: number; next: number } | { error: string } {
  let v = 0;
  for (let shifted = 0; at < end; shifted++) {
    if (shifted === 5) return structural('base 128 integer too large');
    const c = b[at];
    if (shifted === 0 && c === 0x80) return syntax('integer is not minimally encoded');
    v = v * 128 + (c & 0x7f);
    at++;
    if ((c & 0x80) === 0) return v > 0x7fffffff ? structural('base 128 integer too large') : { value: v, next: at };
  }
  return syntax('truncated base 128 integer');
}

// Go: encoding/asn1 parseTagAndLength
export function parseTagAndLength(b: Uint8Array, at: number, end: number): Tlv | { error: string } {
  if (at >= end) return { error: 'asn1: internal error in parseTagAndLength' };
  let c = b[at++];
  const cls = c >> 6;
  const compound = (c & 0x20) !== 0;
  let tag = c & 0x1f;
  if (tag === 0x1f) {
    const t = base128(b, at, end);
    if ('error' in t) return t;
    if (t.value < 0x1f) return syntax('non-minimal tag');
    tag = t.value;
    at = t.next;
  }
  if (at >= end) return syntax('truncated tag or length');
  c = b[at++];
  let length: number;
  if ((c & 0x80) === 0) length = c & 0x7f;
  else {
    const n = c & 0x7f;
    if (n === 0) return syntax('indefinite length found (not DER)');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (at >= end) return syntax('truncated tag or length');
      c = b[at++];
      if (length >= 1 << 23) return structural('length too large');
      length = length * 256 + c;
      if (length === 0) return structural('superfluous leading zeros in length');
    }
    if (length < 0x80) return structural('non-minimal length');
  }
  return { cls, compound, tag, offset: at, length };
}

/** What a field read gives: a value, an absent optional field, or Go's error. */
export type Field<T> = { value: T; absent?: false } | { absent: true } | { error: string };

export interface IntegerBytes {
  start: number;
  end: number;
}

const UNIVERSAL = 0;
const CONTEXT = 2;

/**
 * The fields of one struct, read in order from [offset, end) the way parseField walks them.
 * Each method takes whether the field is optional.
 */
export class StructReader {
  constructor(
    readonly b: Uint8Array,
    public offset: number,
    readonly end: number,
  ) {}

  /** A universal-class field of `tag` (primitive unless `compound`), its contents bounds. */
  private element(tag: number, compound: boolean, optional: boolean): Field<Tlv> {
    if (this.offset === this.end) return optional ? { absent: true } : syntax('sequence truncated');
    const t = parseTagAndLength(this.b, this.offset, this.end);
    if ('error' in t) return t;
    if (t.cls !== UNIVERSAL || t.tag !== tag || t.compound !== compound) {
      // Go goes on to print its field parameters and the field's type; the start is enough here.
      return optional ? { absent: true } : structural(`tags don't match (${tag} vs {class:${t.cls} tag:${t.tag} length:${t.length} isCompound:${t.compound}})`);
    }
    if (t.offset + t.length > this.end) return syntax('data truncated');
    this.offset = t.offset + t.length;
    return { value: t };
  }

  /** int (64-bit): minimal, at most 8 octets. */
  int(optional = false): Field<bigint> {
    const e = this.element(2, false, optional);
    if (!('value' in e)) return e;
    const t = e.value;
    if (!minimalInteger(this.b, t.offset, t.offset + t.length)) return structural(t.length === 0 ? 'empty integer' : 'integer not minimally-encoded');
    if (t.length > 8) return structural('integer too large');
    return { value: signedValue(this.b, t.offset, t.offset + t.length) };
  }

  /** *big.Int: minimal; the contents' bounds (converted by the caller when needed). */
  bigInt(optional = false): Field<IntegerBytes> {
    const e = this.element(2, false, optional);
    if (!('value' in e)) return e;
    const t = e.value;
    if (!minimalInteger(this.b, t.offset, t.offset + t.length)) return structural(t.length === 0 ? 'empty integer' : 'integer not minimally-encoded');
    return { value: { start: t.offset, end: t.offset + t.length } };
  }

  /** []byte: an OCTET STRING. */
  octets(optional = false): Field<Uint8Array> {
    const e = this.element(4, false, optional);
    if (!('value' in e)) return e;
    return { value: this.b.subarray(e.value.offset, e.value.offset + e.value.length) };
  }

  /** A nested struct: a SEQUENCE; returns a reader over its contents. */
  struct(optional = false): Field<StructReader> {
    const e = this.element(16, true, optional);
    if (!('value' in e)) return e;
    return { value: new StructReader(this.b, e.value.offset, e.value.offset + e.value.length) };
  }

  /** asn1.ObjectIdentifier. */
  oid(optional = false): Field<string> {
    const e = this.element(6, false, optional);
    if (!('value' in e)) return e;
    return parseOid(this.b, e.value.offset, e.value.offset + e.value.length);
  }

  /** asn1.RawValue (matches any element): the whole element's bounds, header included. */
  raw(optional = false): Field<{ start: number; end: number }> {
    if (this.offset === this.end) return optional ? { absent: true } : syntax('sequence truncated');
    const start = this.offset;
    const t = parseTagAndLength(this.b, this.offset, this.end);
    if ('error' in t) return t;
    if (t.offset + t.length > this.end) return syntax('data truncated');
    this.offset = t.offset + t.length;
    return { value: { start, end: this.offset } };
  }

  /**
   * An optional field with `explicit,tag:n` around `inner` (an ObjectIdentifier or a BitString).
   * Go reads the child right after the wrapper's header and bounds it by the enclosing SEQUENCE.
   */
  explicit(n: number, inner: 'oid' | 'bitString'): Field<{ start: number; end: number }> {
    if (this.offset === this.end) return { absent: true };
    const init = this.offset;
    const w = parseTagAndLength(this.b, this.offset, this.end);
    if ('error' in w) return w;
    if (w.offset === this.end) return structural('explicit tag has no child');
    if (!(w.cls === CONTEXT && w.tag === n && (w.length === 0 || w.compound))) return { absent: true };
    if (w.length === 0) return structural('zero length explicit tag was not an asn1.Flag');
    const t = parseTagAndLength(this.b, w.offset, this.end);
    if ('error' in t) return t;
    const tag = inner === 'oid' ? 6 : 3;
    if (t.cls !== UNIVERSAL || t.tag !== tag || t.compound) {
      this.offset = init;
      return { absent: true };
    }
    if (t.offset + t.length > this.end) return syntax('data truncated');
    this.offset = t.offset + t.length;
    return { value: { start: t.offset, end: t.offset + t.length } };
  }

  /** An optional SEQUENCE OF struct: each element a SEQUENCE, read with `each`. */
  sequenceOf<T>(each: (r: StructReader) => Field<T>): Field<T[]> {
    const e = this.element(16, true, true);
    if (!('value' in e)) return e;
    const start = e.value.offset;
    const end = start + e.value.length;
    // Go: encoding/asn1 parseSequenceOf checks every element's tag before reading any.
    const bounds: { start: number; end: number }[] = [];
    for (let at = start; at < end; ) {
      const t = parseTagAndLength(this.b, at, end);
      if ('error' in t) return t;
      if (t.cls !== UNIVERSAL || !t.compound || t.tag !== 16) return structural('sequence tag mismatch');
      if (t.offset + t.length > end) return syntax('truncated sequence');
      bounds.push({ start: t.offset, end: t.offset + t.length });
      at = t.offset + t.length;
    }
    const out: T[] = [];
    for (const b of bounds) {
      const v = each(new StructReader(this.b, b.start, b.end));
      if ('error' in v) return v;
      if ('value' in v) out.push(v.value);
    }
    return { value: out };
  }
}

function signedValue(b: Uint8Array, start: number, end: number): bigint {
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(b[i]);
  if (end > start && b[start] & 0x80) v -= 1n << BigInt((end - start) * 8);
  return v;
}

// Go: encoding/asn1 parseObjectIdentifier
export function parseOid(b: Uint8Array, start: number, end: number): Field<string> {
  if (end === start) return syntax('zero length OBJECT IDENTIFIER');
  for (let at = start; at < end; ) {
    const r = base128(b, at, end);
    if ('error' in r) return r;
    at = r.next;
  }
  const s = oidString(b, start, end);
  return s === undefined ? structural('base 128 integer too large') : { value: s };
}

/** asn1.Unmarshal of a top-level struct: a reader over its fields and the offset just past it. */
export function unmarshalStruct(b: Uint8Array): { reader: StructReader; rest: number } | { error: string } {
  const r = new StructReader(b, 0, b.length).struct();
  if ('error' in r) return r;
  if (!('value' in r)) return syntax('sequence truncated');
  return { reader: r.value, rest: r.value.end };
}
