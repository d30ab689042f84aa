/**
 * hosts.toml keys and containerd 1.7's go-toml v1 (core/engines/hostsTomlKeys.ts, hostsTomlV1.ts).
 * Known keys: containerd's hostFileConfig tags (capabilities, ca, client, skip_verify, header,
 * override_path, dial_timeout) in a `[host."..."]` table, and `server` / `host` at the top too
 * (spec/engine-rules.md "containerd hosts.toml": unknown keys are ignored silently). go-toml v1 sets a
 * field from its tag as written or in capitals only (`ca`, `CA`; not `Ca`), and lexes a table header
 * raw up to its `]`, reading what follows on that line as a new line. dial_timeout is read from 2.1 on.
 */
import * as assert from 'node:assert/strict';
import { decodeHostsToml, hostsTomlDialect, hostsTomlEntries, keysIgnoredByLine, unknownKeys } from '../../server/src/core/engines/hostsToml';
import { relaxForGoTomlV1 } from '../../server/src/core/engines/hostsTomlV1';

const V2 = hostsTomlDialect('2.4');
const V20 = hostsTomlDialect('2.0');
const V17 = hostsTomlDialect('1.7', false);

function unknown(text: string): [string, string | undefined][] {
  return unknownKeys(hostsTomlEntries(text)!).map((u) => [u.entry.path.join('.'), u.suggestion]);
}

function ignored(text: string, dialect = V17): [string, string][] {
  return keysIgnoredByLine(hostsTomlEntries(text)!, dialect).map((u) => [u.entry.path.join('.'), u.key]);
}

describe('engines model: hosts.toml keys', () => {
  describe('unknownKeys', () => {
    it('knows every hostFileConfig key in a host table and at the top, whatever the case', () => {
      const keys = 'capabilities = ["pull"]\nca = "a"\nclient = "c"\nskip_verify = true\nheader = { a = "b" }\noverride_path = true\ndial_timeout = "1s"\n';
      const upper = 'SERVER = "https://r"\nCAPABILITIES = ["pull"]\nCa = "a"\nClient = "c"\nSKIP_VERIFY = true\nHeader = { a = "b" }\nOverride_Path = true\nDIAL_TIMEOUT = "1s"\nHOST = {}\n';
      assert.deepEqual(unknown(`${upper}[host."https://m"]\n${keys}`), []);
    });

    it('server and host are known at the top only', () => {
      assert.deepEqual(unknown('[host."https://m"]\nserver = "https://x"\n'), [['host.https://m.server', undefined]]);
      assert.deepEqual(unknown('Server = "https://x"\n'), []);
    });

    it('suggests the key a stray one was meant to be (insecure* -> skip_verify, within two edits)', () => {
      assert.deepEqual(
        unknown('insecure_skip_verify = true\ninsecure = true\nInsecure-Skip-Verify = true\n[host."https://m"]\n  cas = ["a"]\n  capabilites = ["pull"]\n  dial-timeout = "1s"\n  skipverify = true\n  cxx = "a"\n  zzz = "a"\n  mirrors = ["x"]\n'),
        [
          ['insecure_skip_verify', 'skip_verify'],
          ['insecure', 'skip_verify'],
          ['Insecure-Skip-Verify', 'skip_verify'],
          ['host.https://m.cas', 'ca'],
          ['host.https://m.capabilites', 'capabilities'],
          ['host.https://m.dial-timeout', 'dial_timeout'],
          ['host.https://m.skipverify', 'skip_verify'],
          ['host.https://m.cxx', 'ca'],
          ['host.https://m.zzz', undefined],
          ['host.https://m.mirrors', undefined],
        ],
      );
    });

    it('suggests server only at the top', () => {
      assert.deepEqual(unknown('servr = "https://x"\n[host."https://m"]\n  servr = "https://x"\n'), [
        ['servr', 'server'],
        ['host.https://m.servr', undefined],
      ]);
    });

    it('judges neither header names nor the host tables themselves', () => {
      assert.deepEqual(unknown('[host."https://m"]\n[host."https://m".header]\n  X-Anything = "1"\n'), []);
    });

    it('judges keys under HOST as host keys too', () => {
      assert.deepEqual(unknown('[HOST."https://m"]\n  kapabilities = ["pull"]\n'), [['HOST.https://m.kapabilities', 'capabilities']]);
    });
  });

  describe('keysIgnoredByLine', () => {
    it('dial_timeout is no setting before 2.1, in any case', () => {
      const text = 'dial_timeout = "1s"\n[host."https://m"]\n  Dial_Timeout = "2s"\n';
      assert.deepEqual(ignored(text, V20), [
        ['dial_timeout', 'dial_timeout'],
        ['host.https://m.Dial_Timeout', 'Dial_Timeout'],
      ]);
      assert.deepEqual(ignored(text, V2), []);
      const [first] = keysIgnoredByLine(hostsTomlEntries(text)!, V20);
      assert.equal(first.why, 'containerd 2.0 has no such setting (it is read from containerd 2.1 on), so this timeout has no effect');
    });

    it('1.7 reads a known key only as written or in capitals', () => {
      const text = 'Server = "https://r"\nSERVER = "https://r"\n[host."https://m"]\n  Ca = "a"\n  CA = "a"\n  ca = "a"\n  Skip_Verify = true\n  nope = 1\n';
      assert.deepEqual(ignored(text), [
        ['Server', 'Server'],
        ['host.https://m.Ca', 'Ca'],
        ['host.https://m.Skip_Verify', 'Skip_Verify'],
      ]);
      const why = keysIgnoredByLine(hostsTomlEntries(text)!, V17).map((u) => u.why);
      assert.equal(why[1], 'containerd 1.7 (go-toml v1) reads this setting only as "ca" or "CA"');
      // go-toml v2 (2.x) matches any case.
      assert.deepEqual(ignored(text, V2), []);
    });

    it('a dial_timeout in 1.7 is reported once, as no setting (not as a spelling)', () => {
      assert.deepEqual(ignored('[host."https://m"]\n  Dial_timeout = "1s"\n'), [['host.https://m.Dial_timeout', 'Dial_timeout']]);
      assert.equal(keysIgnoredByLine(hostsTomlEntries('Dial_timeout = "1s"\n')!, V17)[0].why, 'containerd 1.7 has no such setting (it is read from containerd 2.1 on), so this timeout has no effect');
    });

    it('server is a spelling question at the top only', () => {
      assert.deepEqual(ignored('[host."https://m"]\n  Server = "x"\n'), []);
    });
  });

  describe('relaxForGoTomlV1', () => {
    it('puts a key written on a header\'s line on a line of its own, and maps positions back', () => {
      const r = relaxForGoTomlV1('[host."m"] ca = "x"\nclient = "c"\n')!;
      assert.equal(r.text, '[host."m"]\nca = "x"\nclient = "c"\n');
      // Line 2 of the text parsed (1-based, as the parser counts) is the user's line 0 from character 11.
      assert.deepEqual(r.rangeOf({ start: { line: 2, column: 0 }, end: { line: 2, column: 8 } }), { start: { line: 0, character: 11 }, end: { line: 0, character: 19 } });
      assert.deepEqual(r.rangeOf({ start: { line: 3, column: 0 }, end: { line: 3, column: 6 } }), { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
      assert.deepEqual(r.rangeOf({ start: { line: 1, column: 1 }, end: { line: 1, column: 9 } }), { start: { line: 0, character: 1 }, end: { line: 0, character: 9 } });
    });

    it('keeps the indentation of the header and counts the blanks after it', () => {
      const r = relaxForGoTomlV1('  [host."m"]\t  ca = "x"')!;
      assert.equal(r.text, '  [host."m"]\nca = "x"');
      assert.deepEqual(r.rangeOf({ start: { line: 2, column: 0 }, end: { line: 2, column: 2 } }), { start: { line: 0, character: 15 }, end: { line: 0, character: 17 } });
    });

    it('reads an array table header the same way', () => {
      assert.equal(relaxForGoTomlV1('[[xy]] a = 1\n')!.text, '[[xy]]\na = 1\n');
    });

    it('changes nothing when every header ends its line (blanks, a comment, a CR)', () => {
      assert.equal(relaxForGoTomlV1('[host."m"]\nca = "x"\n'), undefined);
      assert.equal(relaxForGoTomlV1('[host."m"]   \nca = "x"\n'), undefined);
      assert.equal(relaxForGoTomlV1('[host."m"] # mirror\n'), undefined);
      assert.equal(relaxForGoTomlV1('[host."m"]\r\nca = "x"\r\n'), undefined);
      assert.equal(relaxForGoTomlV1('ca = "x" # [a] b\n'), undefined);
    });

    it('leaves a header holding a bracket to the parser', () => {
      assert.equal(relaxForGoTomlV1('[host."https://[::1]"] ca = "x"\n'), undefined);
    });
  });
  describe('1.7 host order (getSortedHosts: by the line each host\'s tree was created)', () => {
    const names = (text: string) => {
      const d = decodeHostsToml(text, '/h', V17);
      assert.ok(d.ok, d.ok ? '' : d.error);
      return d.hosts.map((h) => h.name);
    };

    it('inline tables on one line: file order', () => {
      assert.deepEqual(names('[host]\n"https://b" = { ca = "x" }\n"https://a" = { ca = "y" }\n'), ['https://b', 'https://a', undefined]);
    });

    it('a dotted key creates the tree where it stands', () => {
      assert.deepEqual(names('host."https://b".ca = "x"\n[host."https://a"]\n'), ['https://b', 'https://a', undefined]);
    });

    it('the first mention counts, not a later sub-table', () => {
      assert.deepEqual(names('[host."https://a"]\nca = "x"\n[host."https://b"]\n[host."https://a".header]\nx = "1"\n'), ['https://a', 'https://b', undefined]);
    });

    it('a dotted key under [host] is at its own line, an inline table at none', () => {
      assert.deepEqual(names('[host."https://a"]\n[host]\n"https://c".ca = "x"\n"https://b" = { ca = "y" }\n'), ['https://b', 'https://a', 'https://c', undefined]);
    });

    it('a key on a header\'s line (relaxed) keeps the header\'s line', () => {
      assert.deepEqual(names('\n[host."https://b"] ca = "x"\n[host."https://a"]\n'), ['https://b', 'https://a', undefined]);
    });
  });
  describe('1.7 table headers (v1Headers)', () => {
    it('a header holding [ fails the file at its key (go-toml v1 lexes up to the first ])', () => {
      const d = decodeHostsToml('\n[host."https://[fd00::1]:5000"]\nca = "ca.crt"\n', '/h', V17);
      assert.deepEqual(d, {
        ok: false,
        error: "failed to parse TOML: (2, 2): unexpected token table key cannot contain ']', was expecting a table key",
        range: { start: { line: 1, character: 1 }, end: { line: 1, character: 30 } },
      });
    });

    it('an escape in the name part is kept as written; in a literal string there is none to keep', () => {
      const basic = decodeHostsToml('[host."https://m\\u0031"]\n', '/h', hostsTomlDialect('1.7', false));
      assert.deepEqual(basic.ok ? [] : [basic.error], ['unable to parse server https://m\\u0031: parse "https://m\\\\u0031": invalid character "\\\\" in host name']);
      const literal = decodeHostsToml("[host.'https://m1']\n", '/h', V17);
      assert.deepEqual(literal.ok ? literal.hosts.map((h) => h.host) : literal.error, ['m1', '']);
    });
  });
  describe('1.7 host order: what is not a host tree', () => {
    const names = (text: string) => {
      const d = decodeHostsToml(text, '/h', V17);
      assert.ok(d.ok, d.ok ? '' : d.error);
      return d.hosts.map((h) => h.name);
    };

    it('a table of another name holding the same key does not place the host', () => {
      assert.deepEqual(names('[x."https://b"]\n[host."https://a"]\n[host."https://b"]\n'), ['https://a', 'https://b', undefined]);
    });

    it('an inline table deeper than the host has the line of its key', () => {
      assert.deepEqual(names('[host."https://a"]\n[host]\n"https://b".header = { x = "1" }\n'), ['https://a', 'https://b', undefined]);
    });

    it('a top-level dotted key has its line, after an inline host (no line)', () => {
      assert.deepEqual(names('host."https://b".ca = "x"\nhost."https://a" = { ca = "y" }\n'), ['https://a', 'https://b', undefined]);
    });

    it('three inline hosts on one line: file order', () => {
      assert.deepEqual(names('host = { "https://c" = {}, "https://a" = {}, "https://b" = {} }\n'), ['https://c', 'https://a', 'https://b', undefined]);
    });

    it('a key holding [ is no table header', () => {
      assert.deepEqual(names('"a[b" = 1\n[host."https://m"]\n'), ['https://m', undefined]);
    });

    // go-toml v1 lexes an array table header up to its first ']' too; the wording is the model's (not seen in the harness).
    it('an array table header holding ] fails the file at its key', () => {
      assert.deepEqual(decodeHostsToml('[[host."https://m]x"]]\n', '/h', V17), {
        ok: false,
        error: 'failed to parse TOML: (1, 3): invalid table array key: unclosed double-quoted key',
        range: { start: { line: 0, character: 2 }, end: { line: 0, character: 20 } },
      });
      assert.equal((decodeHostsToml("[[host.'https://m]x']]\n", '/h', V17) as { error: string }).error, 'failed to parse TOML: (1, 3): invalid table array key: unclosed single-quoted key');
    });
  });
  describe('keys outside hosts.toml\'s schema', () => {
    it('a table of another name holds no host keys to judge', () => {
      assert.deepEqual(unknown('[other."https://m"]\n  cas = 1\n'), []);
    });

    it('1.7: host spelled Host at the top is ignored too', () => {
      assert.deepEqual(ignored('Host = { "https://m" = {} }\n'), [['Host', 'Host']]);
    });
  });
});
