/**
 * How containerd decodes hosts.toml, per release line. Every expected value here was observed by
 * running containerd's own ConfigureHosts (v2.4.2 and v1.7.35) through the conformance harness on
 * the same text (test/conformance/harness), and typed in by hand.
 */
import * as assert from 'node:assert/strict';
import { decodeHostsToml, hostsTomlDialect, HostsTomlDialect, TomlHost } from '../../server/src/core/engines/hostsToml';
import { parseDurationError } from '../../server/src/core/go/duration';

const DIR = '/etc/containerd/certs.d/reg.example.com';
const V2 = hostsTomlDialect('2.4');
const V17 = hostsTomlDialect('1.7', false);

function hosts(text: string, dialect: HostsTomlDialect): TomlHost[] {
  const d = decodeHostsToml(text, DIR, dialect);
  assert.ok(d.ok, `should decode: ${d.ok ? '' : d.error}`);
  return d.hosts;
}

/** `scheme://host path` of each host but the last (`server`), as the harness prints them. */
function urls(text: string, dialect: HostsTomlDialect): string[] {
  return hosts(text, dialect)
    .slice(0, -1)
    .map((h) => `${h.scheme}|${h.host}|${h.path}`);
}

describe('hosts.toml decode', () => {
  describe('hosts not written as [host."..."] headers', () => {
    const dotted = 'server = "https://reg.example.com"\nhost."https://m".ca = "ca.crt"\n';
    const inline = '[host]\n"https://m" = { ca = "ca.crt" }\n';
    const dottedUnderHost = '[host]\n"https://m".ca = "ca.crt"\n';
    const topInline = 'host = { "https://m" = { ca = "ca.crt" } }\n';

    for (const [what, text] of [['a dotted key', dotted], ['an inline table', inline], ['a dotted key under [host]', dottedUnderHost], ['a top-level inline table', topInline]] as const) {
      it(`drops a host written as ${what} in 2.x, and says which`, () => {
        const d = decodeHostsToml(text, DIR, V2);
        assert.ok(d.ok);
        assert.deepEqual(d.hosts.map((h) => h.name), [undefined]);
        assert.deepEqual(d.dropped.map((x) => [x.name, x.why]), [['https://m', 'not-a-header']]);
      });
      it(`keeps a host written as ${what} in 1.7`, () => {
        const d = decodeHostsToml(text, DIR, V17);
        assert.ok(d.ok);
        assert.deepEqual(d.hosts.map((h) => h.name), ['https://m', undefined]);
        assert.deepEqual(d.dropped, []);
      });
    }

    it('points at the key that defines a dropped host', () => {
      const d = decodeHostsToml('server = "https://r"\n\n[host]\n  "https://m" = { ca = "ca.crt" }\n', DIR, V2);
      assert.ok(d.ok);
      assert.deepEqual(d.dropped[0].nameRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 13 } });
    });

    it('drops a host under HOST or Host in both lines: the host list reads the lower-case key only', () => {
      for (const dialect of [V2, V17]) {
        const d = decodeHostsToml('[HOST."https://m"]\nca = "ca.crt"\n[host."https://n"]\nca = "ca.crt"\n', DIR, dialect);
        assert.ok(d.ok);
        assert.deepEqual(d.hosts.map((h) => h.name), ['https://n', undefined], dialect.line);
        assert.deepEqual(d.dropped.map((x) => [x.name, x.why]), [['https://m', 'key-case']]);
      }
    });

    it('orders 1.7 hosts by where go-toml v1 created them: inline tables (no position) first', () => {
      // Observed: b (inline, line 5) before a (header, line 1); dotted keys keep their lines.
      assert.deepEqual(hosts('[host."https://a"]\nca = "ca.crt"\n\n[host]\n"https://b" = { ca = "ca.crt" }\n', V17).map((h) => h.name), ['https://b', 'https://a', undefined]);
      assert.deepEqual(hosts('\n\n\n[host."https://a"]\nca = "ca.crt"\n[host]\n"https://c".ca = "ca.crt"\n"https://b".ca = "ca.crt"\n', V17).map((h) => h.name), ['https://a', 'https://c', 'https://b', undefined]);
    });

    it('lists a host twice in 2.x when its headers are not adjacent', () => {
      const text = '[host."https://a".header]\nx = "1"\n[host."https://b"]\nca = "ca.crt"\n[host."https://a"]\nca = "ca.crt"\n';
      assert.deepEqual(hosts(text, V2).map((h) => h.name), ['https://a', 'https://b', 'https://a', undefined]);
      assert.deepEqual(hosts(text, V17).map((h) => h.name), ['https://a', 'https://b', undefined]);
    });
  });

  describe('key spelling', () => {
    // Observed: 2.4 takes any case (the last of several wins); 1.7 takes `ca` or `CA` only, preferring `ca`.
    const caOf = (text: string, dialect: HostsTomlDialect) => hosts(text, dialect).at(-1)!.caCerts;
    it('reads Ca in 2.x, not in 1.7', () => {
      assert.deepEqual(caOf('Ca = "ca.crt"\n', V2), [`${DIR}/ca.crt`]);
      assert.equal(caOf('Ca = "ca.crt"\n', V17), undefined);
    });
    it('reads CA in both', () => {
      for (const d of [V2, V17]) assert.deepEqual(caOf('CA = "ca.crt"\n', d), [`${DIR}/ca.crt`]);
    });
    it('prefers ca over CA in 1.7 wherever it stands; 2.x takes the last', () => {
      assert.deepEqual(caOf('CA = "ca.crt"\nca = "missing.crt"\n', V17), [`${DIR}/missing.crt`]);
      assert.deepEqual(caOf('ca = "missing.crt"\nCA = "ca.crt"\n', V17), [`${DIR}/missing.crt`]);
      assert.deepEqual(caOf('ca = "missing.crt"\nCA = "ca.crt"\n', V2), [`${DIR}/ca.crt`]);
    });
    it('ignores Capabilities, Skip_Verify and Server in 1.7, not their capitals', () => {
      const [m] = hosts('[host."https://m"]\nCapabilities = ["pull"]\nSkip_Verify = true\n', V17);
      assert.deepEqual([m.capabilities, m.skipVerify], [['pull', 'resolve', 'push'], undefined]);
      const [n] = hosts('[host."https://m"]\nCAPABILITIES = ["pull"]\nSKIP_VERIFY = true\n', V17);
      assert.deepEqual([n.capabilities, n.skipVerify], [['pull'], true]);
      assert.equal(hosts('Server = "https://other"\n', V17)[0].host, '');
      assert.equal(hosts('SERVER = "https://other"\n', V17)[0].host, 'other');
    });
  });

  describe('go-toml v1 table headers (1.7)', () => {
    it('takes a key on the line of a table header, where TOML 1.0 (and 2.x) want a newline', () => {
      const text = '# c\n[host."https://m"]  capabilities = ["pull"]\n[host."https://n"] [host."https://o"]\nca = "ca.crt"\n';
      const d = decodeHostsToml(text, DIR, V17);
      assert.ok(d.ok, d.ok ? '' : d.error);
      assert.deepEqual(d.hosts.map((h) => [h.name, h.capabilities.join(','), h.caCerts?.length ?? 0]), [
        ['https://m', 'pull', 0],
        ['https://n', 'pull,resolve,push', 0],
        ['https://o', 'pull,resolve,push', 1],
        [undefined, 'pull,resolve,push', 0],
      ]);
      // Ranges are the user's text: "https://o" stands on line 2 after the first header.
      assert.deepEqual(d.hosts[2].nameRange, { start: { line: 2, character: 25 }, end: { line: 2, character: 36 } });
      assert.equal(decodeHostsToml(text, DIR, V2).ok, false);
      // A second key on a key's line is refused by both.
      assert.equal(decodeHostsToml('[host."https://m"]\nca = "ca.crt" capabilities = ["pull"]\n', DIR, V17).ok, false);
    });

    it('refuses a header with brackets inside, as for an IPv6 mirror; 2.x reads it', () => {
      const text = '[host."https://[fd00::1]:5000"]\nca = "ca.crt"\n';
      const old = decodeHostsToml(text, DIR, V17);
      assert.equal(old.ok, false);
      assert.match(old.ok ? '' : old.error, /^failed to parse TOML: \(1, 2\): unexpected token table key cannot contain '\]'/);
      assert.deepEqual(urls(text, V2), ['https|[fd00::1]:5000|/v2']);
      // The same host as a key, not a header, is fine in 1.7.
      assert.deepEqual(urls('[host]\n"https://[fd00::1]:5000" = { ca = "ca.crt" }\n', V17), ['https|[fd00::1]:5000|/v2']);
    });

    it('keeps escapes in a header as written', () => {
      const text = '[host."https://m\\u0031"]\nca = "ca.crt"\n';
      assert.deepEqual(urls(text, V2), ['https|m1|/v2']);
      const old = decodeHostsToml(text, DIR, V17);
      assert.equal(old.ok, false);
      assert.match(old.ok ? '' : old.error, /^unable to parse server https:\/\/m\\u0031: parse "https:\/\/m\\\\u0031": invalid character "\\\\" in host name$/);
    });
  });

  describe('names starting with "http" but not http:// or https://', () => {
    // containerd adds https:// only when the name does not start with "http".
    const cases: [string, string][] = [
      ['httpcache.local:5000', 'httpcache.local||/v2'],
      ['http.corp:5000', 'http.corp||/v2'],
      ['https-mirror.corp', '||https-mirror.corp/v2'],
      ['httpcache.local', '||httpcache.local/v2'],
      ['http//m', '||http/m/v2'],
      ['https:m:5000', 'https||/v2'],
      ['HTTPS://m', 'https|HTTPS:|/m/v2'],
    ];
    for (const [name, expected] of cases) {
      it(`reads ${name} as ${expected}`, () => {
        for (const dialect of [V2, V17]) assert.deepEqual(urls(`[host."${name}"]\n  ca = "ca.crt"\n`, dialect), [expected.replace(/\|/g, '|')], dialect.line);
      });
    }

    it('upgrades http:/x with TLS settings to https with no host', () => {
      assert.deepEqual(hosts('[host."http:/x"]\n  ca = "ca.crt"\n', V2)[0].parsed, { scheme: 'http', host: '', path: '/x/v2' });
    });

    it('leaves a server with no host for the registry itself to fill in', () => {
      const [server] = hosts('server = "httpcache.local:5000"\n', V2);
      assert.deepEqual(server.parsed, { scheme: 'httpcache.local', host: '', path: '/v2' });
      assert.equal(server.host, '');
    });
  });

  describe('paths', () => {
    const cases: [string, string][] = [
      ['https://m/v2/library', 'https|m|/v2/library/v2'],
      ['https://m/v2', 'https|m|/v2'],
      ['https://m/v2/', 'https|m|/v2'],
      ['https://m/foo/v2', 'https|m|/foo/v2'],
      ['https://m//v2//x', 'https|m|/v2/x/v2'],
      ['https://m/./v2/../x', 'https|m|/x/v2'],
      ['m/v2/library', 'https|m|/v2/library/v2'],
      ['https://m/v2/library?x=1', 'https|m|/v2/library/v2'],
      ['https://m/a%2Fb', 'https|m|/a/b/v2'],
      ['https://m/v2#frag', 'https|m|/v2'],
      ['https://m/V2/x', 'https|m|/V2/x/v2'],
    ];
    for (const [name, expected] of cases) {
      it(`makes ${name} ${expected}`, () => assert.deepEqual(urls(`[host."${name}"]\n  ca = "ca.crt"\n`, V2), [expected]));
    }

    it('keeps the path as written with override_path = true (empty when there is none)', () => {
      assert.deepEqual(urls('[host."https://m/v2/library"]\noverride_path = true\n', V2), ['https|m|/v2/library']);
      assert.deepEqual(urls('[host."https://m/v2/"]\noverride_path = true\n', V2), ['https|m|/v2']);
      assert.deepEqual(urls('[host."https://m"]\noverride_path = true\n', V2), ['https|m|']);
      const [server] = hosts('server = "https://s.example.com/v2/library"\noverride_path = true\n', V2);
      assert.equal(server.path, '/v2/library');
    });

    it('marks where containerd appended /v2', () => {
      const [a, b, server] = hosts('[host."https://m/v2/library"]\n[host."https://n/v2"]\n', V2);
      assert.deepEqual([a.pathAppended, b.pathAppended, server.pathAppended], [true, false, false]);
    });
  });

  describe('urlstrictcolons follows the Go of the engine', () => {
    it('refuses several colons in an http(s) host with Go 1.26 defaults, not with 1.25 (containerd 1.7.35)', () => {
      const text = '[host."https://a:b:5000"]\nca = "ca.crt"\n';
      assert.equal(decodeHostsToml(text, DIR, hostsTomlDialect('2.4', true)).ok, false);
      assert.deepEqual(urls(text, V17), ['https|a:b:5000|/v2']);
    });
  });

  describe('client pairs', () => {
    it('joins an empty key in a pair to the host folder, as makeAbsPath does', () => {
      const [h] = hosts('[host."https://m"]\nclient = [["c.cert", ""]]\n', V2);
      assert.deepEqual(h.clientPairs, [[`${DIR}/c.cert`, DIR]]);
    });

    it('accepts a mixed array of strings and pairs in both lines', () => {
      for (const dialect of [V2, V17]) {
        const [server] = hosts('client = ["comb.pem", ["cl.cert", "cl.key"]]\n', dialect);
        assert.deepEqual(server.clientPairs, [[`${DIR}/comb.pem`, ''], [`${DIR}/cl.cert`, `${DIR}/cl.key`]]);
      }
    });
  });

  describe('dial_timeout (time.ParseDuration)', () => {
    const ok = ['0', '-1s', '1.5h', '1h30m', '1µs', '1us', '+5s', '.5s', '5.s', '0s', '-0', '9223372036854775807ns', '2562047h'];
    const bad: [string, string][] = [
      ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
      ['9999999999h', 'time: invalid duration "9999999999h"'],
      ['1m-1s', 'time: unknown unit "m-" in duration "1m-1s"'],
      ['.s', 'time: invalid duration ".s"'],
      ['-', 'time: invalid duration "-"'],
      ['1.2.3s', 'time: missing unit in duration "1.2.3s"'],
      [' 1s', 'time: invalid duration " 1s"'],
      ['1S', 'time: unknown unit "S" in duration "1S"'],
      ['00', 'time: missing unit in duration "00"'],
      ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
      ['2562048h', 'time: invalid duration "2562048h"'],
      ['30', 'time: missing unit in duration "30"'],
    ];
    for (const s of ok) it(`accepts ${JSON.stringify(s)}`, () => assert.equal(parseDurationError(s), undefined));
    for (const [s, e] of bad) it(`refuses ${JSON.stringify(s)}`, () => assert.equal(parseDurationError(s), e));

    it('quotes non-ASCII bytes as time does', () => {
      assert.equal(parseDurationError('1µ'), 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"');
    });

    it('fails the file on a bad dial_timeout only from 2.1; an empty one is no setting', () => {
      assert.equal(decodeHostsToml('[host."https://m"]\ndial_timeout = "1e3s"\n', DIR, V2).ok, false);
      assert.equal(decodeHostsToml('[host."https://m"]\ndial_timeout = "1e3s"\n', DIR, V17).ok, true);
      assert.equal(decodeHostsToml('[host."https://m"]\ndial_timeout = ""\n', DIR, V2).ok, true);
    });
  });
});
