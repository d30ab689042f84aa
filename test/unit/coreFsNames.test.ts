/**
 * core/fsNames.ts in-process (the CLI tests reach it through children, which mutation coverage does
 * not see). Expected values come from RFC 3629 (which byte sequences are UTF-8), PEP 383's
 * surrogateescape (a stray byte b becomes U+DC00 + b), Go's byte-wise name order, Go's %q escapes
 * and RFC 3986 percent-encoding: worked out by hand, not printed by the code.
 */
import * as assert from 'node:assert/strict';
import { compareNameBytes, escapeControls, hasRawBytes, jsonForTerminal, nameFromBytes, nameToBytes, toFsPath, uriSegment } from '../../server/src/core/fsNames';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
/** The escaped form of one stray byte. */
const raw = (b: number) => String.fromCharCode(0xdc00 + b);

describe('core/fsNames', () => {
  describe('nameFromBytes', () => {
    it('decodes a name that is all UTF-8 as UTF-8', () => {
      assert.strictEqual(nameFromBytes(hex('63 61 c3 a9 2e 63 72 74')), 'caé.crt');
      assert.strictEqual(nameFromBytes(Buffer.alloc(0)), '');
    });

    // Each case is followed by a stray 0xff, so that the name is not all UTF-8 and every sequence is
    // judged by the byte-by-byte decoder.
    const cases: [string, string, string][] = [
      ['ASCII', '61 7f', 'a\u007f'],
      ['a lone continuation byte', '80', raw(0x80)],
      ['a run of four continuation bytes', '80 bf bf bf', raw(0x80) + raw(0xbf) + raw(0xbf) + raw(0xbf)],
      ['an overlong lead before three continuation bytes', 'c1 bf bf bf', raw(0xc1) + raw(0xbf) + raw(0xbf) + raw(0xbf)],
      ['two bytes, lowest (U+0080)', 'c2 80', '\u0080'],
      ['two bytes, highest (U+07FF)', 'df bf', '\u07ff'],
      ['two bytes, overlong lead c0', 'c0 80', raw(0xc0) + raw(0x80)],
      ['two bytes, overlong lead c1', 'c1 bf', raw(0xc1) + raw(0xbf)],
      ['two bytes, continuation below 0x80', 'c2 7f', raw(0xc2) + '\u007f'],
      ['two bytes, continuation above 0xbf', 'c2 c0', raw(0xc2) + raw(0xc0)],
      ['two bytes, cut off at the end', 'c2', raw(0xc2)],
      ['e0: lowest (U+0800)', 'e0 a0 80', '\u0800'],
      ['e0: overlong', 'e0 9f bf', raw(0xe0) + raw(0x9f) + raw(0xbf)],
      ['e0: third byte not a continuation', 'e0 a0 41', raw(0xe0) + raw(0xa0) + 'A'],
      ['e1 (U+1000)', 'e1 80 80', '\u1000'],
      ['ec (U+CFFF)', 'ec bf bf', '\ucfff'],
      ['ee (U+E000)', 'ee 80 80', '\ue000'],
      ['ef (U+FFFF)', 'ef bf bf', '\uffff'],
      ['e1: second byte not a continuation', 'e1 41 80', raw(0xe1) + 'A' + raw(0x80)],
      ['e1: third byte not a continuation', 'e1 80 41', raw(0xe1) + raw(0x80) + 'A'],
      ['ef: second byte above 0xbf', 'ef c0 80', raw(0xef) + raw(0xc0) + raw(0x80)],
      ['e1: cut off after two bytes', 'e1 80', raw(0xe1) + raw(0x80)],
      ['ed: highest before the surrogates (U+D7FF)', 'ed 9f bf', '\ud7ff'],
      ['ed: a surrogate (U+D800) is not UTF-8', 'ed a0 80', raw(0xed) + raw(0xa0) + raw(0x80)],
      ['ed: second byte below 0x80', 'ed 7f 80', raw(0xed) + '\u007f' + raw(0x80)],
      ['ed: third byte not a continuation', 'ed 80 41', raw(0xed) + raw(0x80) + 'A'],
      ['f0: lowest (U+10000)', 'f0 90 80 80', '\u{10000}'],
      ['f0: overlong', 'f0 8f bf bf', raw(0xf0) + raw(0x8f) + raw(0xbf) + raw(0xbf)],
      ['f0: third byte not a continuation', 'f0 90 41 80', raw(0xf0) + raw(0x90) + 'A' + raw(0x80)],
      ['f0: fourth byte not a continuation', 'f0 90 80 41', raw(0xf0) + raw(0x90) + raw(0x80) + 'A'],
      ['f1 (U+40000)', 'f1 80 80 80', '\u{40000}'],
      ['f3 (U+FFFFF)', 'f3 bf bf bf', '\u{fffff}'],
      ['f1: second byte not a continuation', 'f1 41 80 80', raw(0xf1) + 'A' + raw(0x80) + raw(0x80)],
      ['f1: third byte not a continuation', 'f1 80 41 80', raw(0xf1) + raw(0x80) + 'A' + raw(0x80)],
      ['f1: fourth byte not a continuation', 'f1 80 80 41', raw(0xf1) + raw(0x80) + raw(0x80) + 'A'],
      ['f4: highest code point (U+10FFFF)', 'f4 8f bf bf', '\u{10ffff}'],
      ['f4: above U+10FFFF', 'f4 90 80 80', raw(0xf4) + raw(0x90) + raw(0x80) + raw(0x80)],
      ['f4: second byte below 0x80', 'f4 7f 80 80', raw(0xf4) + '\u007f' + raw(0x80) + raw(0x80)],
      ['f4: third byte not a continuation', 'f4 80 41 80', raw(0xf4) + raw(0x80) + 'A' + raw(0x80)],
      ['f4: fourth byte not a continuation', 'f4 80 80 41', raw(0xf4) + raw(0x80) + raw(0x80) + 'A'],
      ['f5 is never a lead byte', 'f5 80 80 80', raw(0xf5) + raw(0x80) + raw(0x80) + raw(0x80)],
    ];
    for (const [what, bytes, expected] of cases) {
      it(`${what}: ${bytes}`, () => {
        const b = Buffer.concat([hex(bytes), hex('ff')]);
        const name = nameFromBytes(b);
        assert.strictEqual(name, expected + raw(0xff));
        // And back: the exact bytes.
        assert.deepStrictEqual(nameToBytes(name), b);
      });
    }

    it('keeps UTF-8 between stray bytes', () => {
      assert.strictEqual(nameFromBytes(hex('ff 63 61 e6 97 a5 fe 2e 63 72 74')), raw(0xff) + 'ca日' + raw(0xfe) + '.crt');
    });
  });

  describe('hasRawBytes', () => {
    it('is true for U+DC80..U+DCFF only', () => {
      assert.deepStrictEqual(
        ['a' + raw(0x80), raw(0xff) + 'b', '\udc7f', '\udd00', 'caé', '', '\u{1f480}'].map(hasRawBytes),
        [true, true, false, false, false, false, false],
      );
    });
  });

  describe('nameToBytes', () => {
    it('gives UTF-8 for a name without raw bytes', () => {
      assert.deepStrictEqual(nameToBytes('é\u{1f480}'), hex('c3 a9 f0 9f 92 80'));
    });

    it('gives each raw byte as itself and everything else as UTF-8', () => {
      // U+1F480 is the pair D83D DC80: its low half is not a raw byte. Lone surrogates outside
      // DC80..DCFF are written as U+FFFD, as Buffer.from writes any lone surrogate.
      assert.deepStrictEqual(nameToBytes(raw(0x80) + '\u{1f480}' + raw(0xff) + 'é\udc7f\udd00'), hex('80 f0 9f 92 80 ff c3 a9 ef bf bd ef bf bd'));
    });
  });

  describe('toFsPath', () => {
    it('passes a plain name on as the string, and a name with raw bytes as its bytes', () => {
      assert.strictEqual(toFsPath('/etc/docker/certs.d/é'), '/etc/docker/certs.d/é');
      assert.deepStrictEqual(toFsPath('/x/ca' + raw(0xff)), hex('2f 78 2f 63 61 ff'));
    });
  });

  describe('compareNameBytes', () => {
    it('orders by UTF-8 bytes, as Go does, not by UTF-16 units', () => {
      // U+FF61 is ef bd a1, U+10000 is f0 90 80 80: byte order puts U+FF61 first, UTF-16 (FF61 > D800) the other way.
      assert.strictEqual(compareNameBytes('\uff61', '\u{10000}'), -1);
      assert.strictEqual(compareNameBytes('\u{10000}', '\uff61'), 1);
      // A raw 0xff sorts after é (c3 a9).
      assert.strictEqual(compareNameBytes('a' + raw(0xff), 'aé'), 1);
      assert.strictEqual(compareNameBytes('ca' + raw(0xff), 'ca' + raw(0xff)), 0);
    });
  });

  describe('escapeControls', () => {
    it('writes line breaks and tabs as Go does', () => {
      assert.strictEqual(escapeControls('a\nb\rc\td'), 'a\\nb\\rc\\td');
    });

    it('writes other C0 controls and DEL as \\x escapes', () => {
      assert.strictEqual(escapeControls('\u0000\u0001\u001b[2J\u001f\u007f'), '\\x00\\x01\\x1b[2J\\x1f\\x7f');
    });

    it('writes C1 controls, separators and bidi controls as \\u escapes', () => {
      assert.strictEqual(
        escapeControls('\u0080\u009f\u2028\u2029\u200e\u200f\u202a\u202e\u2066\u2069'),
        '\\u0080\\u009f\\u2028\\u2029\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069',
      );
    });

    it('keeps what is next to them', () => {
      assert.strictEqual(escapeControls(' ~\u00a0\u200d\u2027\u202f\u2065\u206a é日\u{1f600}'), ' ~\u00a0\u200d\u2027\u202f\u2065\u206a é日\u{1f600}');
    });

    it('writes raw bytes as \\x and other lone surrogates as \\u', () => {
      assert.strictEqual(escapeControls('ca' + raw(0xff) + raw(0x80) + '\udc7f\udd00\ud800.crt'), 'ca\\xff\\x80\\udc7f\\udd00\\ud800.crt');
    });
  });

  describe('uriSegment', () => {
    it('is encodeURIComponent for a name without raw bytes', () => {
      assert.strictEqual(uriSegment('a b/é%'), 'a%20b%2F%C3%A9%25');
    });

    it('percent-encodes the bytes of a name with raw bytes, keeping the unreserved characters', () => {
      assert.strictEqual(uriSegment("Az09-_.!~*'()" + raw(0xff)), "Az09-_.!~*'()%FF");
      assert.strictEqual(uriSegment('a b/é%\u0001' + raw(0x80)), 'a%20b%2F%C3%A9%25%01%80');
    });
  });

  describe('jsonForTerminal', () => {
    it('escapes DEL, C1 controls, separators and bidi controls, and nothing else', () => {
      const json = JSON.stringify({ name: '\u007f\u0080\u009f\u2028\u2029\u200e\u200f\u202a\u202e\u2066\u2069|\u00a0\u007e\u2027\u202f\u2065\u206aé' });
      assert.strictEqual(
        jsonForTerminal(json),
        '{"name":"\\u007f\\u0080\\u009f\\u2028\\u2029\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069|\u00a0~\u2027\u202f\u2065\u206aé"}',
      );
      assert.deepStrictEqual(JSON.parse(jsonForTerminal(json)), JSON.parse(json));
    });
  });
});
