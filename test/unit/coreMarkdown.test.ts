/**
 * core/markdown.ts on its own: the exact text for each kind of hostile character (the rendered
 * hovers are checked in lspHostileMarkdown.test.ts). Expected values follow the module's contract:
 * CommonMark backslash escapes for inline syntax, GFM's autolink starts broken, invisible
 * characters shown as \xNN (up to U+00FF) or \u{...}.
 */
import * as assert from 'node:assert/strict';
import { mdCode, mdText, plainText } from '../../server/src/core/markdown';

describe('core/markdown', () => {
  describe('plainText', () => {
    it('shows C0 controls, DEL and C1 controls as \\xNN', () => {
      assert.strictEqual(plainText('a\u0000b\nc\r\td\u001b\u001f\u007f\u0080\u009f'), 'a\\x00b\\x0ac\\x0d\\x09d\\x1b\\x1f\\x7f\\x80\\x9f');
    });

    it('shows separators, bidi controls and the BOM as \\u{...}', () => {
      assert.strictEqual(
        plainText('\u2028\u2029\u202a\u202e\u2066\u2069\u200e\u200f\ufeff'),
        '\\u{2028}\\u{2029}\\u{202a}\\u{202e}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{feff}',
      );
    });

    it('keeps printable text and the characters next to the escaped ranges', () => {
      const s = ' ~\u00a0\u00ff\u200d\u2027\u202f\u2065\u206a\ufefe\uff01é日\u{1f600}[*]<&>';
      assert.strictEqual(plainText(s), s);
    });
  });

  describe('mdText', () => {
    it('escapes every character that starts inline syntax', () => {
      assert.strictEqual(mdText('\\`*_[]<>|~&@'), '\\\\\\`\\*\\_\\[\\]\\<\\>\\|\\~\\&\\@');
      assert.strictEqual(mdText('[a](command:x)'), '\\[a\\](command:x)');
      assert.strictEqual(mdText('<img src=x>'), '\\<img src=x\\>');
    });

    it('breaks bare autolinks where they start', () => {
      assert.strictEqual(mdText('https://evil.example/p'), 'https\\:/\\/evil.example/p');
      assert.strictEqual(mdText('a:///b'), 'a\\:/\\/\\/b');
      assert.strictEqual(mdText('www.evil.example WWW.X Www.y'), 'www\\.evil.example WWW\\.X Www\\.y');
      assert.strictEqual(mdText('x.mail@evil.example'), 'x.mail\\@evil.example');
    });

    it('leaves other punctuation as written', () => {
      for (const s of ['CN=reg.example.com:5000', 'a:b/c', '# . = : ! ( ) { } + - \' "', 'www', 'wwwx.y', 'w.ww.x', '/:']) {
        assert.strictEqual(mdText(s), s, s);
      }
    });

    it('shows control characters first, then escapes the backslash of the escape', () => {
      assert.strictEqual(mdText('a\nb'), 'a\\\\x0ab');
      assert.strictEqual(mdText('\u2028'), '\\\\u{2028}');
    });
  });

  describe('mdCode', () => {
    it('puts text without backticks in single backticks, unpadded', () => {
      assert.strictEqual(mdCode('CN=reg.example.com'), '`CN=reg.example.com`');
      assert.strictEqual(mdCode('[a](b) *c* <d>'), '`[a](b) *c* <d>`');
    });

    it('uses a fence longer than the longest backtick run, padded with one space', () => {
      assert.strictEqual(mdCode('a`b'), '`` a`b ``');
      assert.strictEqual(mdCode('a``b`c'), '``` a``b`c ```');
      assert.strictEqual(mdCode('`a'), '`` `a ``');
      assert.strictEqual(mdCode('a`'), '`` a` ``');
      assert.strictEqual(mdCode('```'), '```` ``` ````');
    });

    it('shows control characters inside the span', () => {
      assert.strictEqual(mdCode('a\nb\u202e'), '`a\\x0ab\\u{202e}`');
    });

    it('gives an empty span for empty text', () => {
      assert.strictEqual(mdCode(''), '``');
    });
  });
});
