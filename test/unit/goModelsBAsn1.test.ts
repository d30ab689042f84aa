/**
 * go/asn1.ts, the strict DER reader x509's certificate parser is modelled on, against
 * golang.org/x/crypto/cryptobyte itself: each row is one read on one input, and the expected value
 * is what Go 1.26.8's vendored cryptobyte gave (ReadAnyASN1Element, ReadASN1Integer into *big.Int
 * with its Sign, BitLen and %X, into int64 and uint64, ReadASN1Boolean, ReadASN1ObjectIdentifier,
 * ReadASN1BitString with At (up to 9 bits past the end) and RightAlign, ReadOptionalASN1), with
 * how many bytes it left. undefined: cryptobyte returned false. Each row is read on the bare bytes
 * and again through a window with other bytes around it (a cryptobyte.String is a slice: what lies
 * outside does not exist for it), and a read that fails leaves the window where it was (DerInput's
 * doc comment).
 */
import * as assert from 'node:assert/strict';
import { bytesEqual, DerInput, latin1 } from '../../server/src/core/go/asn1';

/** Bytes from hex, then `zeros` zero octets. */
const h = (hex: string, zeros = 0): Buffer => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(zeros)]);

type Op = 'any' | 'int' | 'int64' | 'uint64' | 'bool' | 'oid' | 'bits' | 'optional';
type Row = [Op, Buffer, number, unknown] | [Op, Buffer, unknown];

const READS: Row[] = [
  ['any', h(''), undefined],
  ['any', h('30'), undefined],
  ['any', h('3000'), { tag: 0x30, elem: 2, rest: 0 }],
  ['any', h('300100'), { tag: 0x30, elem: 3, rest: 0 }],
  ['any', h('30020000'), { tag: 0x30, elem: 4, rest: 0 }],
  ['any', h('1f0100'), undefined],
  ['any', h('3f0100'), undefined],
  ['any', h('1e0100'), { tag: 0x1e, elem: 3, rest: 0 }],
  ['any', h('0500'), { tag: 0x05, elem: 2, rest: 0 }],
  ['any', h('05000000'), { tag: 0x05, elem: 2, rest: 2 }],
  ['any', h('0481'), undefined],
  ['any', h('048100'), undefined],
  ['any', h('04817f', 127), undefined],
  ['any', h('048180', 128), { tag: 0x04, elem: 131, rest: 0 }],
  ['any', h('0481ff', 255), { tag: 0x04, elem: 258, rest: 0 }],
  ['any', h('04820080', 128), undefined],
  ['any', h('04820100', 256), { tag: 0x04, elem: 260, rest: 0 }],
  ['any', h('048200ff', 255), undefined],
  ['any', h('0483010000', 65536), { tag: 0x04, elem: 65541, rest: 0 }],
  ['any', h('048400010000', 65536), undefined],
  ['any', h('0485000000000100'), undefined],
  ['any', h('0480'), undefined],
  ['any', h('040200'), undefined],
  ['any', h('0402000000'), { tag: 0x04, elem: 4, rest: 1 }],
  ['any', h('04820001'), undefined],
  ['any', h('04830000ff'), undefined],
  ['int', h(''), undefined],
  ['int', h('0200'), undefined],
  ['int', h('020100'), { v: '0', sign: 0, hex: '0', bitLength: 0, rest: 0 }],
  ['int', h('0201ff'), { v: '-1', sign: -1, hex: '-1', rest: 0 }],
  ['int', h('020180'), { v: '-128', sign: -1, hex: '-80', rest: 0 }],
  ['int', h('02020080'), { v: '128', sign: 1, hex: '80', bitLength: 8, rest: 0 }],
  ['int', h('02020000'), undefined],
  ['int', h('0202ff80'), undefined],
  ['int', h('0202ff7f'), { v: '-129', sign: -1, hex: '-81', rest: 0 }],
  ['int', h('0202007f'), undefined],
  ['int', h('020101'), { v: '1', sign: 1, hex: '1', bitLength: 1, rest: 0 }],
  ['int', h('02017f'), { v: '127', sign: 1, hex: '7F', bitLength: 7, rest: 0 }],
  ['int', h('0209008000000000000000'), { v: '9223372036854775808', sign: 1, hex: '8000000000000000', bitLength: 64, rest: 0 }],
  ['int', h('02080102030405060708'), { v: '72623859790382856', sign: 1, hex: '102030405060708', bitLength: 57, rest: 0 }],
  ['int', h('0208ff02030405060708'), { v: '-71491328285473016', sign: -1, hex: '-FDFCFBFAF9F8F8', rest: 0 }],
  ['int', h('0209000102030405060708'), undefined],
  ['int', h('020901020304050607080a'), { v: '18591708106338011146', sign: 1, hex: '1020304050607080A', bitLength: 65, rest: 0 }],
  ['int', h('02087fffffffffffffff'), { v: '9223372036854775807', sign: 1, hex: '7FFFFFFFFFFFFFFF', bitLength: 63, rest: 0 }],
  ['int', h('02088000000000000000'), { v: '-9223372036854775808', sign: -1, hex: '-8000000000000000', rest: 0 }],
  ['int', h('0209ffffffffffffffffff'), undefined],
  ['int', h('020900ffffffffffffffff'), { v: '18446744073709551615', sign: 1, hex: 'FFFFFFFFFFFFFFFF', bitLength: 64, rest: 0 }],
  ['int', h('0301ff'), undefined],
  ['int', h('02027fff'), { v: '32767', sign: 1, hex: '7FFF', bitLength: 15, rest: 0 }],
  ['int', h('0202ff00'), { v: '-256', sign: -1, hex: '-100', rest: 0 }],
  ['int', h('0203008000'), { v: '32768', sign: 1, hex: '8000', bitLength: 16, rest: 0 }],
  ['int', h('020a0080000000000000000000'), { v: '2361183241434822606848', sign: 1, hex: '800000000000000000', bitLength: 72, rest: 1 }],
  ['int', h('0209010000000000000000'), { v: '18446744073709551616', sign: 1, hex: '10000000000000000', bitLength: 65, rest: 0 }],
  ['int', h('0201fe'), { v: '-2', sign: -1, hex: '-2', rest: 0 }],
  ['int', h('02020100'), { v: '256', sign: 1, hex: '100', bitLength: 9, rest: 0 }],
  ['int64', h(''), 0x02, undefined],
  ['int64', h('0200'), 0x02, undefined],
  ['int64', h('020100'), 0x02, { v: '0', rest: 0 }],
  ['int64', h('0201ff'), 0x02, { v: '-1', rest: 0 }],
  ['int64', h('020180'), 0x02, { v: '-128', rest: 0 }],
  ['int64', h('02020080'), 0x02, { v: '128', rest: 0 }],
  ['int64', h('02020000'), 0x02, undefined],
  ['int64', h('0202ff80'), 0x02, undefined],
  ['int64', h('0202ff7f'), 0x02, { v: '-129', rest: 0 }],
  ['int64', h('0202007f'), 0x02, undefined],
  ['int64', h('020101'), 0x02, { v: '1', rest: 0 }],
  ['int64', h('02017f'), 0x02, { v: '127', rest: 0 }],
  ['int64', h('0209008000000000000000'), 0x02, undefined],
  ['int64', h('02080102030405060708'), 0x02, { v: '72623859790382856', rest: 0 }],
  ['int64', h('0208ff02030405060708'), 0x02, { v: '-71491328285473016', rest: 0 }],
  ['int64', h('0209000102030405060708'), 0x02, undefined],
  ['int64', h('020901020304050607080a'), 0x02, undefined],
  ['int64', h('02087fffffffffffffff'), 0x02, { v: '9223372036854775807', rest: 0 }],
  ['int64', h('02088000000000000000'), 0x02, { v: '-9223372036854775808', rest: 0 }],
  ['int64', h('0209ffffffffffffffffff'), 0x02, undefined],
  ['int64', h('020900ffffffffffffffff'), 0x02, undefined],
  ['int64', h('0301ff'), 0x02, undefined],
  ['int64', h('02027fff'), 0x02, { v: '32767', rest: 0 }],
  ['int64', h('0202ff00'), 0x02, { v: '-256', rest: 0 }],
  ['int64', h('0203008000'), 0x02, { v: '32768', rest: 0 }],
  ['int64', h('020a0080000000000000000000'), 0x02, undefined],
  ['int64', h('0209010000000000000000'), 0x02, undefined],
  ['int64', h('0201fe'), 0x02, { v: '-2', rest: 0 }],
  ['int64', h('02020100'), 0x02, { v: '256', rest: 0 }],
  ['int64', h('0a0105'), 0x0a, { v: '5', rest: 0 }],
  ['int64', h('020105'), 0x0a, undefined],
  ['uint64', h(''), undefined],
  ['uint64', h('0200'), undefined],
  ['uint64', h('020100'), { v: '0', rest: 0 }],
  ['uint64', h('0201ff'), undefined],
  ['uint64', h('020180'), undefined],
  ['uint64', h('02020080'), { v: '128', rest: 0 }],
  ['uint64', h('02020000'), undefined],
  ['uint64', h('0202ff80'), undefined],
  ['uint64', h('0202ff7f'), undefined],
  ['uint64', h('0202007f'), undefined],
  ['uint64', h('020101'), { v: '1', rest: 0 }],
  ['uint64', h('02017f'), { v: '127', rest: 0 }],
  ['uint64', h('0209008000000000000000'), { v: '9223372036854775808', rest: 0 }],
  ['uint64', h('02080102030405060708'), { v: '72623859790382856', rest: 0 }],
  ['uint64', h('0208ff02030405060708'), undefined],
  ['uint64', h('0209000102030405060708'), undefined],
  ['uint64', h('020901020304050607080a'), undefined],
  ['uint64', h('02087fffffffffffffff'), { v: '9223372036854775807', rest: 0 }],
  ['uint64', h('02088000000000000000'), undefined],
  ['uint64', h('0209ffffffffffffffffff'), undefined],
  ['uint64', h('020900ffffffffffffffff'), { v: '18446744073709551615', rest: 0 }],
  ['uint64', h('0301ff'), undefined],
  ['uint64', h('02027fff'), { v: '32767', rest: 0 }],
  ['uint64', h('0202ff00'), undefined],
  ['uint64', h('0203008000'), { v: '32768', rest: 0 }],
  ['uint64', h('020a0080000000000000000000'), undefined],
  ['uint64', h('0209010000000000000000'), undefined],
  ['uint64', h('0201fe'), undefined],
  ['uint64', h('02020100'), { v: '256', rest: 0 }],
  ['bool', h('010100'), { v: false, rest: 0 }],
  ['bool', h('0101ff'), { v: true, rest: 0 }],
  ['bool', h('010101'), undefined],
  ['bool', h('0101fe'), undefined],
  ['bool', h('01020000'), undefined],
  ['bool', h('0100'), undefined],
  ['bool', h('020100'), undefined],
  ['bool', h('0101'), undefined],
  ['oid', h('0600'), undefined],
  ['oid', h('06012a'), { v: '1.2', rest: 0 }],
  ['oid', h('06032a8648'), { v: '1.2.840', rest: 0 }],
  ['oid', h('0603550403'), { v: '2.5.4.3', rest: 0 }],
  ['oid', h('06028100'), { v: '2.48', rest: 0 }],
  ['oid', h('0602807f'), undefined],
  ['oid', h('06020001'), { v: '0.0.1', rest: 0 }],
  ['oid', h('060188'), undefined],
  ['oid', h('06022a88'), undefined],
  ['oid', h('06052a86488601'), { v: '1.2.840.769', rest: 0 }],
  ['oid', h('06068fffffff7f'), undefined],
  ['oid', h('060590ffffff7f'), undefined],
  ['oid', h('06058fffffff7f'), undefined],
  ['oid', h('0605ffffffff7f'), undefined],
  ['oid', h('0606ffffffff7f01'), undefined],
  ['oid', h('060450'), undefined],
  ['oid', h('060128'), { v: '1.0', rest: 0 }],
  ['oid', h('06014f'), { v: '1.39', rest: 0 }],
  ['oid', h('06017f'), { v: '2.47', rest: 0 }],
  ['oid', h('0601ff'), undefined],
  ['oid', h('060281ff'), undefined],
  ['oid', h('06032b0601'), { v: '1.3.6.1', rest: 0 }],
  ['oid', h('06099a8648ce3d040302'), undefined],
  ['oid', h('0602887f'), { v: '2.1071', rest: 0 }],
  ['oid', h('060588808080ff'), undefined],
  ['oid', h('06018fffffff7f'), undefined],
  ['oid', h('0605878080807f'), { v: '2.1879048239', rest: 0 }],
  ['oid', h('06047fffffff'), undefined],
  ['oid', h('060588ffffff7f'), undefined],
  ['oid', h('0605878fffff7f'), { v: '2.1912602543', rest: 0 }],
  ['oid', h('06028100'), { v: '2.48', rest: 0 }],
  ['oid', h('0604298fffff7f'), undefined],
  ['oid', h('0605818080807f'), { v: '2.268435503', rest: 0 }],
  ['oid', h('0605808080807f'), undefined],
  ['oid', h('06018801'), undefined],
  ['oid', h('06058880808000'), undefined],
  ['oid', h('06048fffff7f'), { v: '2.33554351', rest: 0 }],
  ['bits', h('0300'), undefined],
  ['bits', h('030100'), { bitLength: 0, right: '', at: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030101'), undefined],
  ['bits', h('030107'), undefined],
  ['bits', h('030200ff'), { bitLength: 8, right: 'ff', at: [0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030201fe'), { bitLength: 7, right: '7f', at: [0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030201ff'), undefined],
  ['bits', h('030207c0'), undefined],
  ['bits', h('030207c1'), undefined],
  ['bits', h('030208ff'), undefined],
  ['bits', h('030206c0'), { bitLength: 2, right: '03', at: [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030206c4'), undefined],
  ['bits', h('030203f8'), { bitLength: 5, right: '1f', at: [0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030204a0'), { bitLength: 4, right: '0a', at: [0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('03030680c0'), { bitLength: 10, right: '0203', at: [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('0303000102'), { bitLength: 16, right: '0102', at: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030306ffc0'), { bitLength: 10, right: '03ff', at: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030302a5a4'), { bitLength: 14, right: '2969', at: [0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('0403000102'), undefined],
  ['bits', h('03020780'), { bitLength: 1, right: '01', at: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 0 }],
  ['bits', h('030206c0ff'), { bitLength: 2, right: '03', at: [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rest: 1 }],
  ['bits', h('03020101'), undefined],
  ['optional', h(''), 0xa0, { present: false, rest: 0 }],
  ['optional', h('a000'), 0xa0, { present: true, rest: 0 }],
  ['optional', h('a003020100'), 0xa0, { present: true, rest: 0 }],
  ['optional', h('a0'), 0xa0, undefined],
  ['optional', h('a081'), 0xa0, undefined],
  ['optional', h('300100'), 0xa0, { present: false, rest: 3 }],
  ['optional', h('a08100'), 0xa0, undefined],
];

/** The same read through go/asn1.ts on `bytes` seen through a window with `pad` on both sides, in the shape of the rows. */
function read(op: Op, bytes: Buffer, tag: number, pad: Buffer = Buffer.alloc(0)): unknown {
  const d = new DerInput(Buffer.concat([pad, bytes, pad]), pad.length, pad.length + bytes.length);
  const done = <T extends object>(v: T | undefined): unknown => {
    if (v === undefined) {
      assert.strictEqual(d.pos, pad.length, 'a failed read moved the window');
      return undefined;
    }
    return { ...v, rest: d.length };
  };
  switch (op) {
    case 'any': {
      const e = d.readAny();
      return done(e && { tag: e.tag, elem: e.end - e.header });
    }
    case 'int': {
      const v = d.readInteger();
      return done(v && { v: v.toBigInt().toString(), sign: v.sign, hex: v.toHex(), ...(v.negative ? {} : { bitLength: v.bitLength }) });
    }
    case 'int64': {
      const v = d.readInt64(tag);
      return done(v === undefined ? undefined : { v: v.toString() });
    }
    case 'uint64': {
      const v = d.readUint64();
      return done(v === undefined ? undefined : { v: v.toString() });
    }
    case 'bool': {
      const v = d.readBoolean();
      return done(v === undefined ? undefined : { v });
    }
    case 'oid': {
      const v = d.readOid();
      return done(v === undefined ? undefined : { v });
    }
    case 'bits': {
      const v = d.readBitString();
      if (!v) return done(undefined);
      const at: number[] = [];
      for (let i = -1; i <= v.bitLength + 9; i++) at.push(v.at(i));
      return done({ bitLength: v.bitLength, right: Buffer.from(v.rightAlign()).toString('hex'), at });
    }
    case 'optional': {
      const r = d.readOptional(tag);
      return r.ok ? { present: r.element !== undefined, rest: d.length } : done(undefined);
    }
  }
}

/** Bytes around a window: a tag a read might peek at, a byte ending a base-128 arc, high bits everywhere. */
const PADS = [Buffer.alloc(0), Buffer.from([0xa0, 0x01, 0xff, 0xff]), Buffer.from([0x01, 0x00, 0x80, 0xff])];

describe('the DER reader against cryptobyte (go/asn1.ts DerInput)', () => {
  for (const row of READS) {
    const [op, bytes] = row;
    const tag = row.length === 4 ? row[2] : 0x02;
    const expected = row.length === 4 ? row[3] : row[2];
    const shown = bytes.length > 12 ? `${bytes.subarray(0, 6).toString('hex')}... (${bytes.length} bytes)` : bytes.toString('hex') || 'nothing';
    it(`${op} on ${shown}${row.length === 4 ? ` (tag 0x${tag.toString(16)})` : ''} answers as cryptobyte, bare and in a window`, () => {
      for (const pad of PADS) assert.deepStrictEqual(read(op, bytes, tag, pad), expected, pad.toString('hex'));
    });
  }
});

describe('a four-octet length (go/asn1.ts DerInput)', () => {
  it('reads an element of 2^24 octets, its length in four octets, as cryptobyte does (lengths of 1 to 4 octets)', () => {
    const bytes = Buffer.alloc(6 + 2 ** 24);
    bytes.set([0x04, 0x84, 0x01, 0x00, 0x00, 0x00]);
    const e = DerInput.of(bytes).readAny();
    assert.deepStrictEqual(e, { tag: 0x04, header: 0, start: 6, end: 6 + 2 ** 24 });
  });
});

describe('bytesEqual and latin1 (go/asn1.ts)', () => {
  const a = Buffer.from('xxabcx');
  const b = Buffer.from('abcd');
  it('compares two ranges of two buffers', () => {
    assert.deepStrictEqual(
      [bytesEqual(a, 2, 5, b, 0, 3), bytesEqual(a, 2, 5, b, 1, 4), bytesEqual(a, 2, 5, b, 0, 4), bytesEqual(a, 2, 4, b, 0, 3), bytesEqual(a, 3, 3, b, 2, 2), bytesEqual(a, 1, 3, b, 0, 2)],
      [true, false, false, false, true, false],
    );
  });
  it('reads a range one character a byte', () => {
    assert.strictEqual(latin1(Buffer.from([0x41, 0xe9, 0xff, 0x42]), 1, 3), '\xe9\xff');
  });
});
