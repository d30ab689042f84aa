/**
 * net/url.Parse and strconv.Quote as go/url.ts models them (the URI SAN check and hosts.toml's
 * server URLs). Every expected value here is what Go 1.26.8 printed for the same input (url.Parse's
 * Scheme, Host, Path and Opaque or its error; strconv.Quote), with the default GODEBUG and, where it
 * differs, with urlstrictcolons=0.
 * Left out on purpose: netip.ParseAddr's texts for a malformed IPv4 or IPv6 address itself (url.ts
 * says "unable to parse IP" for those). A host whose escapes decode to bytes above 0x7f is written
 * one character a byte (latin1), as url.ts keeps it: Go's host holds the same bytes.
 */
import * as assert from 'node:assert/strict';
import { goQuote, goQuoteBytes, parseUrl, ParsedUrl } from '../../server/src/core/go/url';

type Result = ParsedUrl | { error: string };

/** [input, url.Parse with Go 1.26's defaults, and with urlstrictcolons=0 when that differs]. */
const CASES: [string, Result, Result?][] = [
  ["", { scheme: "", host: "", path: "", opaque: "" }],
  ["*", { scheme: "", host: "", path: "*", opaque: "" }],
  ["http://a/b", { scheme: "http", host: "a", path: "/b", opaque: "" }],
  ["HTTP://A/B", { scheme: "http", host: "A", path: "/B", opaque: "" }],
  ["h-t.t+p1://a/", { scheme: "h-t.t+p1", host: "a", path: "/", opaque: "" }],
  ["1http://a", { error: "parse \"1http://a\": first path segment in URL cannot contain colon" }],
  ["-a:b", { error: "parse \"-a:b\": first path segment in URL cannot contain colon" }],
  ["a1:b", { scheme: "a1", host: "", path: "", opaque: "b" }],
  [":a", { error: "parse \":a\": missing protocol scheme" }],
  ["mailto:x@y", { scheme: "mailto", host: "", path: "", opaque: "x@y" }],
  ["http:a/b", { scheme: "http", host: "", path: "", opaque: "a/b" }],
  ["http:a/%zz", { scheme: "http", host: "", path: "", opaque: "a/%zz" }],
  ["a/b:c", { scheme: "", host: "", path: "a/b:c", opaque: "" }],
  ["a:b", { scheme: "a", host: "", path: "", opaque: "b" }],
  ["1a:b/c", { error: "parse \"1a:b/c\": first path segment in URL cannot contain colon" }],
  ["./a:b", { scheme: "", host: "", path: "./a:b", opaque: "" }],
  ["//a/b", { scheme: "", host: "a", path: "/b", opaque: "" }],
  ["///a/b", { scheme: "", host: "", path: "///a/b", opaque: "" }],
  ["http:///a", { scheme: "http", host: "", path: "/a", opaque: "" }],
  ["http://a", { scheme: "http", host: "a", path: "", opaque: "" }],
  ["http://a?", { scheme: "http", host: "a", path: "", opaque: "" }],
  ["http://a/b??", { scheme: "http", host: "a", path: "/b", opaque: "" }],
  ["http://a/b?%zz", { scheme: "http", host: "a", path: "/b", opaque: "" }],
  ["http://a/%zz?x", { error: "parse \"http://a/%zz?x\": invalid URL escape \"%zz\"" }],
  ["http://a/b?", { scheme: "http", host: "a", path: "/b", opaque: "" }],
  ["http://a/%", { error: "parse \"http://a/%\": invalid URL escape \"%\"" }],
  ["http://a/%4", { error: "parse \"http://a/%4\": invalid URL escape \"%4\"" }],
  ["http://a/%4g", { error: "parse \"http://a/%4g\": invalid URL escape \"%4g\"" }],
  ["http://a/%g4", { error: "parse \"http://a/%g4\": invalid URL escape \"%g4\"" }],
  ["http://a/b%2Fc", { scheme: "http", host: "a", path: "/b/c", opaque: "" }],
  ["http://a/b%20c", { scheme: "http", host: "a", path: "/b c", opaque: "" }],
  ["http://a/#%zz", { error: "parse \"http://a/#%zz\": invalid URL escape \"%zz\"" }],
  ["http://a/#ok", { scheme: "http", host: "a", path: "/", opaque: "" }],
  ["http://a/%zz#x", { error: "parse \"http://a/%zz\": invalid URL escape \"%zz\"" }],
  ["http:a#%zz", { error: "parse \"http:a#%zz\": invalid URL escape \"%zz\"" }],
  ["http://a#", { scheme: "http", host: "a", path: "", opaque: "" }],
  ["#%zz", { error: "parse \"#%zz\": invalid URL escape \"%zz\"" }],
  ["#", { scheme: "", host: "", path: "", opaque: "" }],
  ["http://a/\u0001", { error: "parse \"http://a/\\x01\": net/url: invalid control character in URL" }],
  ["http://a/#\u007f", { scheme: "http", host: "a", path: "/", opaque: "" }],
  ["http://a/\u007f", { error: "parse \"http://a/\\x7f\": net/url: invalid control character in URL" }],
  ["http://u:p@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://u@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://a b@h/", { error: "parse \"http://a b@h/\": net/url: invalid userinfo" }],
  ["http://u%zz@h/", { error: "parse \"http://u%zz@h/\": invalid URL escape \"%zz\"" }],
  ["http://u:p%zz@h/", { error: "parse \"http://u:p%zz@h/\": invalid URL escape \"%zz\"" }],
  ["http://u:p:q@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://u%41:p%42@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://a@b@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://u%zz:p@h/", { error: "parse \"http://u%zz:p@h/\": invalid URL escape \"%zz\"" }],
  ["http://@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://u@h b/", { error: "parse \"http://u@h b/\": invalid character \" \" in host name" }],
  ["http://a[::1]/", { error: "parse \"http://a[::1]/\": invalid IP-literal" }],
  ["http://[::1/", { error: "parse \"http://[::1/\": missing ']' in host" }],
  ["http://[::1]x/", { error: "parse \"http://[::1]x/\": invalid port \"x\" after host" }],
  ["http://[::1]:8a/", { error: "parse \"http://[::1]:8a/\": invalid port \":8a\" after host" }],
  ["http://[::1]:80/", { scheme: "http", host: "[::1]:80", path: "/", opaque: "" }],
  ["http://[::1]:/", { scheme: "http", host: "[::1]:", path: "/", opaque: "" }],
  ["http://[::1]/", { scheme: "http", host: "[::1]", path: "/", opaque: "" }],
  ["http://[fe80::1%25en0]/", { scheme: "http", host: "[fe80::1%en0]", path: "/", opaque: "" }],
  ["http://[fe80::1%25en0]:443/x", { scheme: "http", host: "[fe80::1%en0]:443", path: "/x", opaque: "" }],
  ["http://[fe80::1%25%41]/", { scheme: "http", host: "[fe80::1%A]", path: "/", opaque: "" }],
  ["http://[fe80::1%25%20]/", { scheme: "http", host: "[fe80::1% ]", path: "/", opaque: "" }],
  ["http://[fe80::1%25%00]/", { error: "parse \"http://[fe80::1%25%00]/\": invalid URL escape \"%00\"" }],
  ["http://[fe80::1%25%2F]/", { error: "parse \"http://[fe80::1%25%2F]/\": invalid URL escape \"%2F\"" }],
  ["http://[fe80::1%25%C3%A9]/", { error: "parse \"http://[fe80::1%25%C3%A9]/\": invalid URL escape \"%C3\"" }],
  ["http://[fe80::1%25%25]/", { scheme: "http", host: "[fe80::1%%]", path: "/", opaque: "" }],
  ["http://[fe80::1%25%zz]/", { error: "parse \"http://[fe80::1%25%zz]/\": invalid URL escape \"%zz\"" }],
  ["http://[fe80::1%25a%]/", { error: "parse \"http://[fe80::1%25a%]/\": invalid URL escape \"%\"" }],
  ["http://[fe80::%41]/", { error: "parse \"http://[fe80::%41]/\": invalid URL escape \"%41\"" }],
  ["http://[%3A%3A1]/", { error: "parse \"http://[%3A%3A1]/\": invalid URL escape \"%3A\"" }],
  ["http://[10.0.0.1]/", { error: "parse \"http://[10.0.0.1]/\": invalid IP-literal" }],
  ["http://[::ffff:10.0.0.1]/", { scheme: "http", host: "[::ffff:10.0.0.1]", path: "/", opaque: "" }],
  ["http://[zz]/", { error: "parse \"http://[zz]/\": invalid host: ParseAddr(\"zz\"): unable to parse IP" }],
  ["http://[::1%en0]/", { error: "parse \"http://[::1%en0]/\": invalid URL escape \"%en\"" }],
  ["http://[]/", { error: "parse \"http://[]/\": invalid host: ParseAddr(\"\"): unable to parse IP" }],
  ["http://[::1][/", { error: "parse \"http://[::1][/\": invalid IP-literal" }],
  ["http://a:b:80/", { error: "parse \"http://a:b:80/\": invalid port \":b:80\" after host" }, { scheme: "http", host: "a:b:80", path: "/", opaque: "" }],
  ["https://a:b:80/", { error: "parse \"https://a:b:80/\": invalid port \":b:80\" after host" }, { scheme: "https", host: "a:b:80", path: "/", opaque: "" }],
  ["ftp://a:b:80/", { scheme: "ftp", host: "a:b:80", path: "/", opaque: "" }],
  ["ftp://a:b:8x/", { error: "parse \"ftp://a:b:8x/\": invalid port \":8x\" after host" }],
  ["http://a:8x/", { error: "parse \"http://a:8x/\": invalid port \":8x\" after host" }],
  ["http://a:/", { scheme: "http", host: "a:", path: "/", opaque: "" }],
  ["http://a:80/", { scheme: "http", host: "a:80", path: "/", opaque: "" }],
  ["http://a:80:/", { error: "parse \"http://a:80:/\": invalid port \":80:\" after host" }, { scheme: "http", host: "a:80:", path: "/", opaque: "" }],
  ["http://:80/", { scheme: "http", host: ":80", path: "/", opaque: "" }],
  ["http://a%41/", { error: "parse \"http://a%41/\": invalid URL escape \"%41\"" }],
  ["http://a%25/", { scheme: "http", host: "a%", path: "/", opaque: "" }],
  ["http://a%7F/", { error: "parse \"http://a%7F/\": invalid URL escape \"%7F\"" }],
  ["http://a%zz/", { error: "parse \"http://a%zz/\": invalid URL escape \"%zz\"" }],
  ["http://a%2/", { error: "parse \"http://a%2/\": invalid URL escape \"%2\"" }],
  ["http://%/", { error: "parse \"http://%/\": invalid URL escape \"%\"" }],
  ["http://a%80/", { scheme: "http", host: "a\x80", path: "/", opaque: "" }],
  ["http://a%8F/", { scheme: "http", host: "a\x8f", path: "/", opaque: "" }],
  ["http://a%C3%A9/", { scheme: "http", host: "a\xc3\xa9", path: "/", opaque: "" }],
  ["http://[fe80::%41%25en0]/", { error: "parse \"http://[fe80::%41%25en0]/\": invalid URL escape \"%41\"" }],
  ["http://[fe80::1%25]/", { error: "parse \"http://[fe80::1%25]/\": invalid host: ParseAddr(\"fe80::1%\"): zone must be a non-empty string" }],
  ["http://[zz:%25]/", { error: "parse \"http://[zz:%25]/\": invalid host: ParseAddr(\"zz:%\"): zone must be a non-empty string" }],
  ["http://[%25en0]/", { error: "parse \"http://[%25en0]/\": invalid host: ParseAddr(\"%en0\"): missing IPv6 address" }],
  ["http://[%25]/", { error: "parse \"http://[%25]/\": invalid host: ParseAddr(\"%\"): missing IPv6 address" }],
  ["http://[a%25b]/", { error: "parse \"http://[a%25b]/\": invalid host: ParseAddr(\"a%b\"): missing IPv6 address" }],
  ["http://[fe80::1%25en0%25]/", { scheme: "http", host: "[fe80::1%en0%]", path: "/", opaque: "" }],
  ["http://[::1%25%25]/", { scheme: "http", host: "[::1%%]", path: "/", opaque: "" }],
  ["?abc", { scheme: "", host: "", path: "", opaque: "" }],
  ["http://a/b?abc", { scheme: "http", host: "a", path: "/b", opaque: "" }],
  ["http://u@[::1]/", { scheme: "http", host: "[::1]", path: "/", opaque: "" }],
  ["http://%4:1@h/", { error: "parse \"http://%4:1@h/\": invalid URL escape \"%4\"" }],
  ["http://u:%4@h/", { error: "parse \"http://u:%4@h/\": invalid URL escape \"%4\"" }],
  ["http://u%41@h/", { scheme: "http", host: "h", path: "/", opaque: "" }],
  ["http://a/?%zz#x", { scheme: "http", host: "a", path: "/", opaque: "" }],
];

/** Printable ASCII that url.Parse keeps in a host (and in an IPv6 zone), per Go 1.26 ('/', '?', '#', '@', '[' and '%' not tried: they end or split the host). */
const HOST_OK = `!"$&'()*+,-.0123456789;<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ]_abcdefghijklmnopqrstuvwxyz~`;
const HOST_REFUSED = ' \\^`{|}';

describe('net/url.Parse (go/url.ts parseUrl)', () => {
  for (const [input, strict, loose] of CASES) {
    it(`parses ${JSON.stringify(input)} as Go does`, () => {
      assert.deepStrictEqual(parseUrl(input, { strictColons: true }), strict);
      assert.deepStrictEqual(parseUrl(input, { strictColons: false }), loose ?? strict);
    });
  }

  it('keeps exactly the characters Go keeps in a host name', () => {
    for (const c of HOST_OK) {
      assert.deepStrictEqual(parseUrl(`http://a${c}b/`, { strictColons: true }), { scheme: 'http', host: `a${c}b`, path: '/', opaque: '' }, c);
    }
    for (const c of HOST_REFUSED) {
      const url = `http://a${c}b/`;
      assert.deepStrictEqual(parseUrl(url, { strictColons: true }), { error: `parse ${goQuote(url)}: invalid character ${goQuote(c)} in host name` }, c);
    }
    // A colon splits off a port instead.
    assert.deepStrictEqual(parseUrl('http://a:b/', { strictColons: true }), { error: 'parse "http://a:b/": invalid port ":b" after host' });
  });

  it('keeps exactly the characters Go keeps in an IPv6 zone (a colon too)', () => {
    for (const c of HOST_OK + ':') {
      assert.deepStrictEqual(parseUrl(`http://[fe80::1%25a${c}b]/`, { strictColons: true }), { scheme: 'http', host: `[fe80::1%a${c}b]`, path: '/', opaque: '' }, c);
    }
    for (const c of HOST_REFUSED) {
      const url = `http://[fe80::1%25a${c}b]/`;
      assert.deepStrictEqual(parseUrl(url, { strictColons: true }), { error: `parse ${goQuote(url)}: invalid character ${goQuote(c)} in host name` }, c);
    }
  });
});

const ALL_ASCII = Array.from({ length: 0x80 }, (_, i) => i);

/** [bytes, strconv.Quote(string(bytes)) in Go 1.26]. */
const QUOTES: [number[], string][] = [
  [ALL_ASCII, "\"\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\a\\b\\t\\n\\v\\f\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\""],
  [[195, 169], "\"\u00e9\""],
  [[226, 130, 172], "\"\u20ac\""],
  [[240, 159, 152, 128], "\"\ud83d\ude00\""],
  [[194, 160], "\"\\u00a0\""],
  [[238, 128, 128], "\"\\ue000\""],
  [[243, 176, 128, 128], "\"\\U000f0000\""],
  [[192, 128], "\"\\xc0\\x80\""],
  [[237, 160, 128], "\"\\xed\\xa0\\x80\""],
  [[226, 130], "\"\\xe2\\x82\""],
  [[97, 240, 159, 152], "\"a\\xf0\\x9f\\x98\""],
  [[128], "\"\\x80\""],
  [[255], "\"\\xff\""],
  [[195], "\"\\xc3\""],
  [[195, 97], "\"\\xc3a\""],
  [[204, 129], "\"\u0301\""],
  [[226, 128, 139], "\"\\u200b\""],
  [[239, 187, 191], "\"\\ufeff\""],
  [[239, 191, 189], "\"\ufffd\""],
  [[244, 144, 128, 128], "\"\\xf4\\x90\\x80\\x80\""],
  [[248, 136, 128, 128, 128], "\"\\xf8\\x88\\x80\\x80\\x80\""],
  [[194, 133], "\"\\u0085\""],
  [[227, 128, 128], "\"\\u3000\""],
  [[240, 144, 128, 128], "\"\ud800\udc00\""],
  [[224, 160, 128], "\"\u0800\""],
  [[239, 191, 191], "\"\\uffff\""],
  [[239, 191, 190], "\"\\ufffe\""],
  [[244, 143, 191, 191], "\"\\U0010ffff\""],
];

describe('strconv.Quote (go/url.ts goQuote, goQuoteBytes)', () => {
  it('quotes every ASCII character as Go does', () => {
    assert.strictEqual(goQuote(String.fromCharCode(...ALL_ASCII)), QUOTES[0][1]);
  });

  for (const [bytes, quoted] of QUOTES) {
    it(`quotes the bytes ${bytes === ALL_ASCII ? '0x00-0x7f' : Buffer.from(bytes).toString('hex')} as Go does`, () => {
      assert.strictEqual(goQuoteBytes(Buffer.from(bytes)), quoted);
    });
  }
});
