/**
 * go/pem.ts against Go's encoding/pem, case by case: each row's blocks (type, headers, bytes in hex)
 * and where each pem.Decode call left `rest` (as an offset) are what Go 1.26.8's
 * `for { b, rest = pem.Decode(rest) }` gave on the same bytes; encodePem against pem.EncodeToMemory.
 * Then the lenient helpers (scanArmor, brokenBase64Line, hasUtf8Bom, the key-type tests), whose
 * expected values follow their doc comments.
 */
import * as assert from 'node:assert/strict';
import { firstColonEndLine, goBlockAt, PemText } from '../../server/src/core/go/pemLocal';
import { brokenBase64Line, decodeAll, decodeOne, encodePem, hasUtf8Bom, isEncryptedKey, isPrivateKeyType, scanArmor } from '../../server/src/core/go/pem';

interface GoBlock {
  type: string;
  headers: Record<string, string>;
  bytes: string;
  /** Offset where Go's `rest` starts after this block. */
  rest: number;
}

const DECODES: [string, string, GoBlock[]][] = [
  ["plain", "-----BEGIN A-----\nAAAA\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 39 }]],
  ["no final newline", "-----BEGIN A-----\nAAAA\n-----END A-----", [{ type: "A", headers: {}, bytes: "000000", rest: 38 }]],
  ["CRLF", "-----BEGIN A-----\r\nAAAA\r\n-----END A-----\r\n", [{ type: "A", headers: {}, bytes: "000000", rest: 42 }]],
  ["junk before BEGIN on its line", "x-----BEGIN A-----\nAAAA\n-----END A-----\n", []],
  ["two BEGINs, the last wins", "-----BEGIN A-----\nAAAA\n-----BEGIN B-----\nAAAB\n-----END B-----\n", [{ type: "B", headers: {}, bytes: "000001", rest: 62 }]],
  ["END marker first at offset 0", "\n-----END X-----\n-----BEGIN A-----\nAAAA\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 56 }]],
  ["type line without dashes", "-----BEGIN AAAAAXXXXX\nAAAA\n-----END AAAAA-----\n", []],
  ["type line ending in other characters", "-----BEGIN X+++++\nAAAA\n-----END X+++++\n", []],
  ["END line ending in other characters", "-----BEGIN X-----\nAAAA\n-----END X+++++\n", []],
  ["END type longer", "-----BEGIN X-----\nAAAA\n-----END XY-----\n", []],
  ["END type shorter", "-----BEGIN XY-----\nAAAA\n-----END X-----\n", []],
  ["END cut short", "-----BEGIN XY-----\nAAAA\n-----END XY---", []],
  ["END with trailing space and tab", "-----BEGIN X-----\nAAAA\n-----END X----- \t\r\nrest\n", [{ type: "X", headers: {}, bytes: "000000", rest: 42 }]],
  ["END with trailing text", "-----BEGIN X-----\nAAAA\n-----END X----- x\n-----BEGIN Y-----\nAAAB\n-----END Y-----\n", [{ type: "Y", headers: {}, bytes: "000001", rest: 80 }]],
  ["empty type", "-----BEGIN -----\nAAAA\n-----END -----\n", [{ type: "", headers: {}, bytes: "000000", rest: 37 }]],
  ["empty body", "-----BEGIN X-----\n-----END X-----\n", [{ type: "X", headers: {}, bytes: "", rest: 34 }]],
  ["headers", "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END X-----\n", [{ type: "X", headers: { "DEK-Info": "AES-128-CBC,00", "Proc-Type": "4,ENCRYPTED" }, bytes: "000000", rest: 88 }]],
  ["headers with spaces around key and value", "-----BEGIN X-----\n  Proc-Type \t:  4,ENCRYPTED \t\n\nAAAA\n-----END X-----\n", [{ type: "X", headers: { "Proc-Type": "4,ENCRYPTED" }, bytes: "000000", rest: 70 }]],
  ["header without a blank line", "-----BEGIN X-----\nK: v\nAAAA\n-----END X-----\n", [{ type: "X", headers: { "K": "v" }, bytes: "000000", rest: 44 }]],
  ["header then END directly", "-----BEGIN X-----\nK: v\n-----END X-----\n", []],
  ["header, blank line, END", "-----BEGIN X-----\nK: v\n\n-----END X-----\n", [{ type: "X", headers: { "K": "v" }, bytes: "", rest: 40 }]],
  ["duplicate header key", "-----BEGIN X-----\nK: 1\nK: 2\n\nAAAA\n-----END X-----\n", [{ type: "X", headers: { "K": "2" }, bytes: "000000", rest: 50 }]],
  ["empty header key", "-----BEGIN X-----\n: v\n\nAAAA\n-----END X-----\n", [{ type: "X", headers: { "": "v" }, bytes: "000000", rest: 44 }]],
  ["headers run past END (Go stops)", "-----BEGIN A-----\nk: v\n-----END A: x\njunk\n-----BEGIN B-----\nAAAA\n-----END B-----\n", []],
  ["headers run to the end of the data", "-----BEGIN A-----\nk: v\n-----END A:-----\n", []],
  ["bad base64 then a good block", "-----BEGIN A-----\n!!!!\n-----END A-----\n-----BEGIN B-----\nAAAB\n-----END B-----\n", [{ type: "B", headers: {}, bytes: "000001", rest: 78 }]],
  ["base64 without padding", "-----BEGIN A-----\nAAA\n-----END A-----\n", []],
  ["base64 with padding", "-----BEGIN A-----\nAA==\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "00", rest: 39 }]],
  ["base64 with spaces and tabs inside", "-----BEGIN A-----\n A A\tA A \n-----END A-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 44 }]],
  ["base64 padding in the middle", "-----BEGIN A-----\nAA==AAAA\n-----END A-----\n", []],
  ["base64 over lines", "-----BEGIN A-----\nAAAA\nAAAA\r\nAA==\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "00000000000000", rest: 50 }]],
  ["indented BEGIN", " -----BEGIN A-----\nAAAA\n-----END A-----\n", []],
  ["indented END", "-----BEGIN A-----\nAAAA\n -----END A-----\n", []],
  ["BOM before BEGIN", "\ufeff-----BEGIN A-----\nAAAA\n-----END A-----\n", []],
  ["BEGIN without END, then a block", "-----BEGIN A-----\nAAAA\n-----BEGIN B-----\nAAAB\n-----END B-----\n-----END A-----\n", [{ type: "B", headers: {}, bytes: "000001", rest: 62 }]],
  ["two blocks", "-----BEGIN A-----\nAAAA\n-----END A-----\n-----BEGIN B-----\nAAAB\n-----END B-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 39 }, { type: "B", headers: {}, bytes: "000001", rest: 78 }]],
  ["two blocks with text between", "-----BEGIN A-----\nAAAA\n-----END A-----\ntext\n-----BEGIN B-----\nAAAB\n-----END B-----\ntail", [{ type: "A", headers: {}, bytes: "000000", rest: 39 }, { type: "B", headers: {}, bytes: "000001", rest: 83 }]],
  ["BEGIN right after END on the same line", "-----BEGIN A-----\nAAAA\n-----END A----------BEGIN B-----\nAAAB\n-----END B-----\n", []],
  ["a block starting inside a failed END line", "-----BEGIN A-----\nAAAA\n-----END B\n-----BEGIN C-----\nAAAC\n-----END C-----\n", [{ type: "C", headers: {}, bytes: "000002", rest: 73 }]],
  ["type line with trailing spaces", "-----BEGIN A-----  \nAAAA\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 41 }]],
  ["type line with CR only before LF", "-----BEGIN A-----\r\nAAAA\n-----END A-----\n", [{ type: "A", headers: {}, bytes: "000000", rest: 40 }]],
  ["nothing but END", "\n-----END A-----\n", []],
  ["END with nothing after the marker", "x\n-----END ", []],
  ["BEGIN line is the whole data", "-----BEGIN A-----", []],
  ["only spaces after BEGIN", "-----BEGIN      \nAAAA\n-----END -----\n", []],
];

/** The decode loop through go/pem.ts, printed as the rows print Go's. */
function decodeLoop(data: Buffer): GoBlock[] {
  const out: GoBlock[] = [];
  for (let pos = 0; ; ) {
    const r = decodeOne(data, pos);
    if (!r) return out;
    out.push({ type: r.block.type, headers: r.block.headers, bytes: r.block.bytes.toString('hex'), rest: r.rest });
    pos = r.rest;
  }
}

describe('pem.Decode (go/pem.ts) against Go, case by case', () => {
  for (const [name, text, blocks] of DECODES) {
    it(`${name}: the blocks and rests Go gives`, () => {
      const data = Buffer.from(text, 'utf8');
      assert.deepStrictEqual(decodeLoop(data), blocks);
      assert.deepStrictEqual(
        decodeAll(data).map((b) => [b.type, b.bytes.toString('hex')]),
        blocks.map((b) => [b.type, b.bytes]),
      );
    });
  }

  it('gives the offsets of the BEGIN line and of the end of the END line', () => {
    const first = '-----BEGIN A-----\nAAAA\n-----END A----- \n';
    const second = '-----BEGIN B-----\r\nAAAB\r\n-----END B-----\r\n';
    const text = 'text\n' + first + second;
    assert.deepStrictEqual(
      decodeAll(Buffer.from(text)).map((b) => [b.start, b.end]),
      [
        [5, 5 + first.indexOf(' \n')],
        [5 + first.length, 5 + first.length + second.indexOf('\r\n-----END') + '\r\n-----END B-----'.length],
      ],
    );
  });

  // Go's bytes.TrimSpace on the key and the value: ASCII white space and UTF-8 encoded Unicode
  // white space go; a lone 0x85 or 0xa0 is not UTF-8 and stays (headers are one character a byte).
  const TRIMS: [string, Record<string, string>][] = [
    ['4bc2a03a2076c2a0', { K: 'v' }],
    ['a04b3aa076', { '\xa0K': '\xa0v' }],
    ['854b3a7685', { '\x85K': 'v\x85' }],
    ['4bc2853ac28576', { K: 'v' }],
    ['0b4b0c3a0c760b', { K: 'v' }],
    ['1c4b3a761c', { '\x1cK': 'v\x1c' }],
    ['4be380803ae2808a76e280a9', { K: 'v' }],
    ['efbbbf4b3a76', { '\xef\xbb\xbfK': 'v' }],
    ['4be2808b3a76', { 'K\xe2\x80\x8b': 'v' }],
    ['4be19a803ae280af76e2819f', { K: 'v' }],
    ['e280a84be280803a76', { K: 'v' }],
    ['4bc23a76', { 'K\xc2': 'v' }],
  ];
  for (const [line, headers] of TRIMS) {
    it(`trims the header line ${line} as Go's bytes.TrimSpace does`, () => {
      const data = Buffer.concat([Buffer.from('-----BEGIN X-----\n'), Buffer.from(line, 'hex'), Buffer.from('\n\nAAAA\n-----END X-----\n')]);
      assert.deepStrictEqual(decodeAll(data).map((b) => b.headers), [headers]);
    });
  }
});

/** [DER length, pem.EncodeToMemory of bytes i*7 mod 256 as a CERTIFICATE]. */
const ENCODED: [number, string][] = [
  [0, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"],
  [1, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"],
  [2, "-----BEGIN CERTIFICATE-----\nAAc=\n-----END CERTIFICATE-----\n"],
  [3, "-----BEGIN CERTIFICATE-----\nAAcO\n-----END CERTIFICATE-----\n"],
  [47, "-----BEGIN CERTIFICATE-----\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0I=\n-----END CERTIFICATE-----\n"],
  [48, "-----BEGIN CERTIFICATE-----\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJ\n-----END CERTIFICATE-----\n"],
  [49, "-----BEGIN CERTIFICATE-----\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJ\nUA==\n-----END CERTIFICATE-----\n"],
  [96, "-----BEGIN CERTIFICATE-----\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJ\nUFdeZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZ\n-----END CERTIFICATE-----\n"],
  [100, "-----BEGIN CERTIFICATE-----\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJ\nUFdeZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZ\noKeutQ==\n-----END CERTIFICATE-----\n"],
];

describe('encodePem against pem.EncodeToMemory', () => {
  for (const [n, pem] of ENCODED) {
    it(`armors ${n} bytes as Go does`, () => {
      assert.strictEqual(encodePem('CERTIFICATE', Buffer.from(Array.from({ length: n }, (_, i) => (i * 7) & 0xff))), pem);
    });
  }
});

describe('the key-type tests of go/pem.ts', () => {
  it("takes the block types crypto/tls takes for a key: 'PRIVATE KEY' or one ending in ' PRIVATE KEY'", () => {
    const types = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', ' PRIVATE KEY', 'XPRIVATE KEY', 'PRIVATE KEYS', 'PUBLIC KEY', 'private key', ''];
    assert.deepStrictEqual(types.map(isPrivateKeyType), [true, true, true, true, true, false, false, false, false, false]);
  });

  it('tells an encrypted key: PKCS#8 ENCRYPTED PRIVATE KEY, or Proc-Type saying ENCRYPTED in any case', () => {
    const blocks: { type: string; headers: Record<string, string> }[] = [
      { type: 'ENCRYPTED PRIVATE KEY', headers: {} },
      { type: 'RSA PRIVATE KEY', headers: { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00' } },
      { type: 'RSA PRIVATE KEY', headers: { 'Proc-Type': '4,encrypted' } },
      { type: 'RSA PRIVATE KEY', headers: { 'Proc-Type': '4,MIC-ONLY' } },
      { type: 'RSA PRIVATE KEY', headers: { 'DEK-Info': 'ENCRYPTED' } },
      { type: 'PRIVATE KEY', headers: {} },
    ];
    assert.deepStrictEqual(blocks.map(isEncryptedKey), [true, true, true, false, false, false]);
  });

  it('sees a UTF-8 byte order mark only as EF BB BF at the very start', () => {
    const cases = [[0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0x2d], [0xef, 0xbb], [0x00, 0xbb, 0xbf], [0xef, 0x00, 0xbf], [0xef, 0xbb, 0x00], [0x2d, 0xef, 0xbb, 0xbf], []];
    assert.deepStrictEqual(cases.map((c) => hasUtf8Bom(Buffer.from(c))), [true, true, false, false, false, false, false, false]);
  });
});

describe('scanArmor (the armor a person sees)', () => {
  const regions = (text: string) => scanArmor(text).map((r) => ({ type: r.type, beginLine: r.beginLine, endLine: r.endLine, indented: r.indented, headerLines: r.headerLines }));

  it('marks a region indented when only its END line is', () => {
    assert.deepStrictEqual(regions('-----BEGIN X-----\nAAAA\n\t-----END X-----\n'), [{ type: 'X', beginLine: 0, endLine: 2, indented: true, headerLines: 0 }]);
    assert.deepStrictEqual(regions('-----BEGIN X-----\nAAAA\n-----END X-----\n'), [{ type: 'X', beginLine: 0, endLine: 2, indented: false, headerLines: 0 }]);
  });

  it('takes a byte order mark off the first line only: a BOM before an END line further down hides it', () => {
    assert.deepStrictEqual(regions('-----BEGIN X-----\nAAAA\n\ufeff-----END X-----\n'), [{ type: 'X', beginLine: 0, endLine: -1, indented: false, headerLines: 0 }]);
  });

  it('counts header lines only right after BEGIN, one after the other', () => {
    assert.deepStrictEqual(regions('-----BEGIN X-----\nA: 1\nB: 2\n\nAAAA\nC: 3\n-----END X-----\n'), [{ type: 'X', beginLine: 0, endLine: 6, indented: false, headerLines: 2 }]);
    assert.deepStrictEqual(regions('-----BEGIN X-----\nAAAA\nC: 3\n-----END X-----\n'), [{ type: 'X', beginLine: 0, endLine: 3, indented: false, headerLines: 0 }]);
  });
});

describe('brokenBase64Line (where a person looks for the broken base64)', () => {
  /** The broken line's text, or undefined. */
  function broken(text: string): string | undefined {
    const [region] = scanArmor(text);
    const at = brokenBase64Line(text, region);
    return at && text.slice(at.start, at.end);
  }
  const L = 'AAAAAAAA';

  it('says nothing for a region with header lines (another reason is given for those)', () => {
    assert.strictEqual(broken(`-----BEGIN X-----\nK: v\n\n${L}\n!!!!\n-----END X-----\n`), undefined);
  });

  it('points at a line with a carriage return inside it, and reads CRLF line ends as line ends', () => {
    assert.strictEqual(broken(`-----BEGIN X-----\n${L}\nAA\rAAAAA\n${L}\n-----END X-----\n`), 'AA\rAAAAA');
    assert.strictEqual(broken(`-----BEGIN X-----\r\n${L}\r\n${L}\r\nAA!A\r\n-----END X-----\r\n`), 'AA!A');
  });

  it('leaves blank body lines out when it compares line lengths', () => {
    assert.strictEqual(broken(`-----BEGIN X-----\n\n${L}\nAAAAAAA\n${L}\nAAAA\n-----END X-----\n`), 'AAAAAAA');
  });

  it('points at the last line when the lines before it all have the first one\'s length', () => {
    assert.strictEqual(broken(`-----BEGIN X-----\n${L}\n${L}\nAAA\n-----END X-----\n`), 'AAA');
  });
});

describe('one block decoded at its BEGIN line (go/pemLocal.ts), at its edges', () => {
  /** An ASCII text as PemText, without a BOM unless said. */
  const src = (text: string, bom = false): PemText => ({ text, bom, bytes: (from, to) => Buffer.from(text.slice(from, to), 'latin1') });
  const block = (text: string, begin: number) => {
    const b = goBlockAt(src(text), begin, firstColonEndLine(text));
    return b && b !== 'unknown' ? { type: b.type, bytes: b.bytes.toString('hex'), start: b.start, end: b.end } : b;
  };

  it('finds the first END line holding a colon, one at the very start included, and looks in that line only', () => {
    assert.deepStrictEqual(
      [
        firstColonEndLine('\n-----END A:B-----\n'),
        firstColonEndLine('K: v\n-----END A-----\n'),
        firstColonEndLine('x\n-----END A:'),
        firstColonEndLine('x\n-----END A-----\nK: v\n-----END B:-----\n'),
        firstColonEndLine('x\n-----END A-----\n'),
      ],
      [0, Infinity, 1, 22, Infinity],
    );
  });

  it('ends the block at the end of the text when its END line has no newline', () => {
    const text = '-----BEGIN A-----\nAAAA\n-----END A-----';
    assert.deepStrictEqual(block(text, 0), { type: 'A', bytes: '000000', start: 0, end: text.length });
    assert.deepStrictEqual(block(text + '\n', 0), { type: 'A', bytes: '000000', start: 0, end: text.length });
  });

  it('gives no block for a BEGIN Go does not see: indented, not at a BEGIN, behind a BOM', () => {
    const text = '  -----BEGIN A-----\nAAAA\n-----END A-----\n';
    assert.deepStrictEqual([block(text, 2), block(text, 0), goBlockAt(src(text.slice(2), true), 0, Infinity)], [undefined, undefined, undefined]);
    const plain = text.slice(2);
    assert.deepStrictEqual(block(plain, 0), { type: 'A', bytes: '000000', start: 0, end: plain.length - 1 });
  });
});
