/**
 * containerd's hosts.toml as decodeHostsToml models it (core/engines/hostsToml.ts): the value errors
 * spec/engine-rules.md "containerd hosts.toml" lists (`unknown capability %v`, `invalid type %v for
 * "ca"`, `invalid pair %v for "client"`, `invalid type %T for "client"`, `invalid type %v for header
 * %q`, `unable to parse server %v: %w`), each with the key it points at; what each release line
 * reads (referrers from 2.2, dial_timeout from 2.1); capabilities, ca and client as parseHostConfig
 * reads them. %v of a TOML array is Go's `[a b]`, of a table `map[k:v]`; %T of an int64 is `int64`.
 * Ranges are zero-based (line, character) of the whole `key = value`, counted by hand.
 */
import * as assert from 'node:assert/strict';
import { decodeHostsToml, hostsTomlDialect, HostsTomlDialect, hostsTomlUrl, TomlHost } from '../../server/src/core/engines/hostsToml';

const DIR = '/etc/containerd/certs.d/reg.example.com';
const V2 = hostsTomlDialect('2.4');
const V17 = hostsTomlDialect('1.7', false);

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const at = (line: number, from: number, to: number, endLine = line): Range => ({ start: { line, character: from }, end: { line: endLine, character: to } });

function hosts(text: string, dialect: HostsTomlDialect = V2): TomlHost[] {
  const d = decodeHostsToml(text, DIR, dialect);
  assert.ok(d.ok, `should decode: ${d.ok ? '' : d.error}`);
  return d.hosts;
}

function fails(text: string, dialect: HostsTomlDialect = V2): { error: string; range?: Range } {
  const d = decodeHostsToml(text, DIR, dialect);
  assert.ok(!d.ok, 'should not decode');
  return { error: d.error, range: d.range };
}

describe('engines model: hosts.toml', () => {
  describe('release lines (hostsTomlDialect)', () => {
    it('dial_timeout from 2.1, referrers from 2.2, headers-only hosts from 2.0', () => {
      const f = (v: string) => {
        const d = hostsTomlDialect(v);
        return [d.line, d.dialTimeout, d.referrers, d.hostsFromHeadersOnly, d.urlStrictColons];
      };
      assert.deepEqual(f('1.7'), ['1.7', false, false, false, true]);
      assert.deepEqual(f('2.0'), ['2.0', false, false, true, true]);
      assert.deepEqual(f('2.1'), ['2.1', true, false, true, true]);
      assert.deepEqual(f('2.2'), ['2.2', true, true, true, true]);
      assert.deepEqual(f('2'), ['2', false, false, true, true]);
      assert.deepEqual(f('3.0'), ['3.0', true, true, true, true]);
      assert.equal(hostsTomlDialect('2.4', false).urlStrictColons, false);
    });
  });

  describe('capabilities', () => {
    it('refuses an unknown capability, pointing at the capabilities key', () => {
      assert.deepEqual(fails('[host."https://m"]\n  capabilities = ["pull", "fetch"]\n'), { error: 'unknown capability fetch', range: at(1, 2, 34) });
    });

    it('refuses one at the top level too (the server host)', () => {
      assert.deepEqual(fails('capabilities = ["Fetch"]\n'), { error: 'unknown capability Fetch', range: at(0, 0, 24) });
    });

    it('referrers: refused before 2.2, read from 2.2 on', () => {
      const text = '[host."https://m"]\n  capabilities = ["referrers"]\n';
      assert.deepEqual(fails(text, hostsTomlDialect('2.1')), { error: 'unknown capability referrers', range: at(1, 2, 30) });
      assert.deepEqual(fails(text, V17).error, 'unknown capability referrers');
      assert.deepEqual(hosts(text, hostsTomlDialect('2.2'))[0].capabilities, ['referrers']);
    });

    it('any case, each once, in containerd\'s order (pull, resolve, push, referrers)', () => {
      assert.deepEqual(hosts('[host."https://m"]\n  capabilities = ["PUSH", "Pull", "push", "referrers"]\n')[0].capabilities, ['pull', 'push', 'referrers']);
    });

    it('absent or empty means all (without referrers before 2.2)', () => {
      assert.deepEqual(hosts('[host."https://m"]\n  capabilities = []\n')[0].capabilities, ['pull', 'resolve', 'push', 'referrers']);
      assert.deepEqual(hosts('[host."https://m"]\n')[0].capabilities, ['pull', 'resolve', 'push', 'referrers']);
      assert.deepEqual(hosts('[host."https://m"]\n', V17)[0].capabilities, ['pull', 'resolve', 'push']);
    });
  });

  describe('ca', () => {
    it('a string or an array of strings; relative paths joined to the host folder, absolute ones kept', () => {
      const [a, b] = hosts('[host."https://a"]\n  ca = "ca.crt"\n[host."https://b"]\n  ca = ["/etc/ssl/x.pem", "sub/y.crt"]\n');
      assert.deepEqual(a.caCerts, [`${DIR}/ca.crt`]);
      assert.deepEqual(b.caCerts, ['/etc/ssl/x.pem', `${DIR}/sub/y.crt`]);
    });

    it('refuses a number or a table: invalid type %v for "ca"', () => {
      assert.deepEqual(fails('ca = 5\n'), { error: 'invalid type 5 for "ca"', range: at(0, 0, 6) });
      assert.deepEqual(fails('[host."https://m"]\nca = { x = "y" }\n'), { error: 'invalid type map[x:y] for "ca"', range: at(1, 0, 16) });
    });

    it('refuses an array holding a non-string', () => {
      assert.deepEqual(fails('[host."https://m"]\nca = ["a.crt", 1]\n'), { error: 'unable to cast 1 to string', range: at(1, 0, 17) });
    });

    it('no ca: undefined, and no TLS settings of its own', () => {
      const [m] = hosts('[host."https://m"]\n  capabilities = ["pull"]\n');
      assert.deepEqual({ ca: m.caCerts, client: m.clientPairs, skip: m.skipVerify, tls: m.explicitTLS }, { ca: undefined, client: undefined, skip: undefined, tls: false });
    });
  });

  describe('client', () => {
    it('a string: one file holding certificate and key (empty key)', () => {
      assert.deepEqual(hosts('[host."https://m"]\nclient = "c.pem"\n')[0].clientPairs, [[`${DIR}/c.pem`, '']]);
    });

    it('an array of strings and [cert, key] pairs', () => {
      assert.deepEqual(hosts('[host."https://m"]\nclient = ["a.pem", ["/x/b.cert", "b.key"]]\n')[0].clientPairs, [
        [`${DIR}/a.pem`, ''],
        ['/x/b.cert', `${DIR}/b.key`],
      ]);
    });

    it('refuses a pair of one or three: invalid pair %v for "client"', () => {
      assert.deepEqual(fails('[host."https://m"]\nclient = [["a.cert"]]\n'), { error: 'invalid pair [a.cert] for "client"', range: at(1, 0, 21) });
      assert.deepEqual(fails('[host."https://m"]\nclient = [["a", "b", "c"]]\n').error, 'invalid pair [a b c] for "client"');
    });

    it('refuses a pair holding a non-string', () => {
      assert.deepEqual(fails('[host."https://m"]\nclient = [["a.cert", 2]]\n'), { error: 'unable to cast 2 to string', range: at(1, 0, 24) });
      assert.deepEqual(fails('client = [["a.cert", 2]]\n'), { error: 'unable to cast 2 to string', range: at(0, 0, 24) });
    });

    it('refuses other elements by their Go type (%T)', () => {
      const cases: [string, string][] = [
        ['1', 'int64'],
        ['1.5', 'float64'],
        ['true', 'bool'],
        ['{ a = "b" }', 'map[string]interface {}'],
        ['1979-05-27T07:32:00Z', 'time.Time'],
      ];
      for (const [value, type] of cases) assert.equal(fails(`[host."https://m"]\nclient = [${value}]\n`).error, `invalid type ${type} for "client"`, value);
    });

    it('refuses a number as client: invalid type %v', () => {
      assert.deepEqual(fails('client = 7\n'), { error: 'invalid type 7 for "client"', range: at(0, 0, 10) });
    });
  });

  describe('header', () => {
    it('a string or an array of strings per header', () => {
      assert.equal(hosts('[host."https://m"]\n  header = { X-A = "1", X-B = ["2", "3"] }\n').length, 2);
    });

    it('refuses another value: invalid type %v for header %q', () => {
      assert.deepEqual(fails('[host."https://m"]\n  header = { X-A = 1 }\n'), { error: 'invalid type 1 for header "X-A"', range: at(1, 2, 22) });
      assert.deepEqual(fails('[host."https://m"]\n  header = { X-A = ["a", false] }\n'), { error: 'unable to cast false to string', range: at(1, 2, 33) });
    });
  });

  describe('server', () => {
    it('refuses a server url.Parse refuses: unable to parse server %v: %w', () => {
      assert.deepEqual(fails('server = "http://[::1"\n'), { error: 'unable to parse server http://[::1: parse "http://[::1": missing \']\' in host', range: at(0, 0, 22) });
    });

    it('refuses a host name url.Parse refuses, at the name in its table header', () => {
      assert.deepEqual(fails('\n[host."https://[fd00::1"]\n  ca = "a.crt"\n'), { error: 'unable to parse server https://[fd00::1: parse "https://[fd00::1": missing \']\' in host', range: at(1, 6, 24) });
    });

    it('is tried last, after the [host] tables in file order', () => {
      assert.deepEqual(
        hosts('server = "https://s.example.com"\n[host."https://b"]\n[host."https://a"]\n').map((h) => [h.name, h.written, h.host]),
        [
          ['https://b', 'https://b', 'b'],
          ['https://a', 'https://a', 'a'],
          [undefined, 'https://s.example.com', 's.example.com'],
        ],
      );
    });

    it('no server: an empty host for ConfigureHosts to fill in, with all capabilities', () => {
      const [server] = hosts('ca = "ca.crt"\n');
      assert.deepEqual(
        { name: server.name, written: server.written, scheme: server.scheme, host: server.host, path: server.path, caps: server.capabilities, ca: server.caCerts, tls: server.explicitTLS },
        { name: undefined, written: '', scheme: '', host: '', path: '', caps: ['pull', 'resolve', 'push', 'referrers'], ca: [`${DIR}/ca.crt`], tls: true },
      );
    });
  });

  describe('TLS settings of a host (explicitTLS)', () => {
    it('ca, client or skip_verify (true or false) each give the host its own TLS configuration', () => {
      const hs = hosts('[host."https://a"]\n  ca = "a.crt"\n[host."https://b"]\n  client = "c.pem"\n[host."https://c"]\n  skip_verify = false\n[host."https://d"]\n  skip_verify = true\n[host."https://e"]\n  override_path = true\n');
      assert.deepEqual(
        hs.map((h) => [h.host, h.explicitTLS, h.skipVerify]),
        [
          ['a', true, undefined],
          ['b', true, undefined],
          ['c', true, false],
          ['d', true, true],
          ['e', false, undefined],
          ['', false, undefined],
        ],
      );
    });
  });

  describe('dial_timeout', () => {
    it('a Go duration from 2.1; a bad one fails the file there, pointing at dial_timeout', () => {
      const text = '[host."https://m"]\n  dial_timeout = "5 s"\n';
      assert.deepEqual(fails(text, hostsTomlDialect('2.1')), { error: 'time: unknown unit " s" in duration "5 s"', range: at(1, 2, 22) });
      assert.equal(hosts(text, hostsTomlDialect('2.0')).length, 2);
    });

    it('a non-string dial_timeout is a decode error only where the key is read', () => {
      assert.equal(fails('[host."https://m"]\n  dial_timeout = 5\n', V2).range?.start.line, 1);
      assert.equal(hosts('[host."https://m"]\n  dial_timeout = 5\n', V17).length, 2);
    });
  });

  describe('hostsTomlUrl (parseHostConfig\'s URL step)', () => {
    it('adds https:// to a name not starting with "http", and /v2 to the path', () => {
      assert.deepEqual(hostsTomlUrl('m.example.com:5000', false, V2), { full: 'https://m.example.com:5000', scheme: 'https', host: 'm.example.com:5000', path: '/v2', appended: true });
    });

    it('keeps a path ending in /v2, and appends nothing with override_path', () => {
      assert.deepEqual(hostsTomlUrl('http://m/x/v2', false, V2), { full: 'http://m/x/v2', scheme: 'http', host: 'm', path: '/x/v2', appended: false });
      assert.deepEqual(hostsTomlUrl('https://m/x', true, V2), { full: 'https://m/x', scheme: 'https', host: 'm', path: '/x', appended: false });
      assert.deepEqual(hostsTomlUrl('https://m', true, V2), { full: 'https://m', scheme: 'https', host: 'm', path: '', appended: false });
    });

    it('cleans the path as path.Clean does (no trailing slash) before appending /v2', () => {
      assert.deepEqual(hostsTomlUrl('https://m/a/', false, V2), { full: 'https://m/a/', scheme: 'https', host: 'm', path: '/a/v2', appended: true });
      assert.deepEqual(hostsTomlUrl('https://m/', true, V2), { full: 'https://m/', scheme: 'https', host: 'm', path: '/', appended: false });
    });

    it('urlstrictcolons: several colons in the host refused with Go 1.26 defaults only', () => {
      assert.deepEqual(hostsTomlUrl('https://a:b:5000', false, hostsTomlDialect('2.4', true)), { error: 'unable to parse server https://a:b:5000: parse "https://a:b:5000": invalid port ":b:5000" after host' });
      assert.deepEqual(hostsTomlUrl('https://a:b:5000', false, hostsTomlDialect('2.4', false)), { full: 'https://a:b:5000', scheme: 'https', host: 'a:b:5000', path: '/v2', appended: true });
    });
  });
  describe('key spellings and types (go-toml)', () => {
    it('2.x merges the tables of one host under HOST and host; 1.7 reads host alone', () => {
      const text = '[HOST."https://m"]\n  ca = "a.crt"\n[host."https://m".header]\n  x = "1"\n';
      const d2 = decodeHostsToml(text, DIR, V2);
      assert.ok(d2.ok);
      assert.deepEqual([d2.hosts.map((h) => [h.name, h.caCerts]), d2.dropped], [
        [
          ['https://m', [`${DIR}/a.crt`]],
          [undefined, undefined],
        ],
        [],
      ]);
      assert.deepEqual(hosts(text, V17).map((h) => [h.name, h.caCerts]), [
        ['https://m', undefined],
        [undefined, undefined],
      ]);
    });

    it('server: 2.x takes the last spelling, 1.7 server, else SERVER; the range is the value read', () => {
      const text = 'SERVER = "https://a"\nServer = "https://b"\nserver = "https://c"\nsErver = "https://d"\n';
      const [s2] = hosts(text, V2);
      assert.deepEqual([s2.host, s2.nameRange], ['d', at(3, 9, 20)]);
      const [s17] = hosts(text, V17);
      assert.deepEqual([s17.host, s17.nameRange], ['c', at(2, 9, 20)]);
      const [upper] = hosts('Server = "https://b"\nSERVER = "https://a"\n', V17);
      assert.deepEqual([upper.host, upper.nameRange], ['a', at(1, 9, 20)]);
    });

    it('a [host] table\'s name range is its name in the header', () => {
      const [m] = hosts('\n[host."https://m"]\n');
      assert.deepEqual(m.nameRange, at(1, 6, 17));
    });

    // The go-toml type errors are the model's wording (containerd logs them and falls back); what matters
    // is that the file does not decode and which key is pointed at.
    const typeErrors: [string, string, Range][] = [
      ['capabilities = "pull"\n', 'toml: cannot decode capabilities into []string', at(0, 0, 21)],
      ['capabilities = ["pull", 1]\n', 'toml: cannot decode capabilities into []string', at(0, 0, 26)],
      ['skip_verify = "yes"\n', 'toml: cannot decode skip_verify into bool', at(0, 0, 19)],
      ['override_path = 1\n', 'toml: cannot decode override_path into bool', at(0, 0, 17)],
      ['header = 5\n', 'toml: cannot decode header into map[string]any', at(0, 0, 10)],
      ['header = [1]\n', 'toml: cannot decode header into map[string]any', at(0, 0, 12)],
      ['dial_timeout = 5\n', 'toml: cannot decode dial_timeout into string', at(0, 0, 16)],
      ['server = 5\n', 'toml: cannot decode server into string', at(0, 0, 10)],
      ['host = 5\n', 'toml: cannot decode host into map[string]hostFileConfig', at(0, 0, 8)],
      ['[host]\nm = 5\n', 'toml: cannot decode host.m into hostFileConfig', at(1, 0, 5)],
      ['[host."m"]\noverride_path = "x"\n', 'toml: cannot decode host.m.override_path into bool', at(1, 0, 19)],
    ];
    for (const [text, error, range] of typeErrors) {
      it(`does not decode ${JSON.stringify(text)}`, () => assert.deepEqual(fails(text), { error, range }));
    }

    it('dial_timeout of another type is no error where the key is not read (1.7)', () => {
      assert.equal(hosts('dial_timeout = 5\n', V17).length, 1);
    });
  });
  describe('syntax errors', () => {
    // The text after `toml: ` is the TOML parser's; the position is the second `=` (0-based, the user's text).
    it('points at where the parser stopped', () => {
      assert.deepEqual(fails('\nca = = "x"\n'), { error: 'toml: Unexpected token', range: at(1, 5, 5) });
    });

    it('1.7: a position in a relaxed line is mapped back to the user\'s line', () => {
      assert.deepEqual(fails('[host."m"] ca = = "x"\n', V17), { error: 'toml: Unexpected token', range: at(0, 16, 16) });
    });
  });
  describe('more of parseHostConfig and the ranges', () => {
    it('%v of a table lists its entries space-separated', () => {
      assert.equal(fails('ca = { a = "1", b = "2" }\n').error, 'invalid type map[a:1 b:2] for "ca"');
    });

    it('%T of an integer beyond 2^53 is still int64', () => {
      assert.equal(fails('client = [9007199254740993]\n').error, 'invalid type int64 for "client"');
    });

    it('a host with headers is a host like any other', () => {
      const [m] = hosts('[host."https://m"]\n  header = { X-A = "1", X-B = ["2", "3"] }\n');
      assert.deepEqual([m.name, m.host, m.capabilities, m.explicitTLS], ['https://m', 'm', ['pull', 'resolve', 'push', 'referrers'], false]);
    });

    it('dial_timeout: a valid one and an empty one decode', () => {
      assert.deepEqual(hosts('[host."https://m"]\n  dial_timeout = "1.5s"\n[host."https://n"]\n  dial_timeout = ""\n').map((h) => h.host), ['m', 'n', '']);
    });

    it('no server: nothing parsed, nothing appended', () => {
      const [server] = hosts('ca = "ca.crt"\n');
      assert.deepEqual([server.parsed, server.pathAppended, server.overridePath], [{ scheme: '', host: '', path: '' }, false, false]);
    });

    it('the server range is server\'s value, not the last top-level key\'s', () => {
      const [server] = hosts('server = "https://s"\nca = "a.crt"\n');
      assert.deepEqual(server.nameRange, at(0, 9, 20));
    });

    it('a host\'s name range is its own header, not an earlier key naming it', () => {
      const [a, m] = hosts('other."https://m" = 1\n[host."https://a"]\n[host."https://m"]\n');
      assert.deepEqual([a.nameRange, m.nameRange], [at(1, 6, 17), at(2, 6, 17)]);
    });

    it('2.x merges HOST and host tables even beside other top-level keys', () => {
      const [m] = hosts('server = "https://s"\n[HOST."https://m"]\n  ca = "a.crt"\n[host."https://m".header]\n  x = "1"\n');
      assert.deepEqual([m.name, m.caCerts], ['https://m', [`${DIR}/a.crt`]]);
    });
  });
});
