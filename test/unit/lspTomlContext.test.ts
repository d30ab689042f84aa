/**
 * Where the cursor stands in a hosts.toml being typed (lsp/tomlContext.ts scanToml): the context
 * completion works from (a key of which table, a table header, a value or a string of which key
 * path, at which array index, next to which strings already listed) and the keys each table
 * defines. Written against the mutants of tomlContext.ts: each case is a text a user types, with
 * the cursor at `|`, and the whole context it must give, at each edge of each token.
 */
import * as assert from 'node:assert/strict';
import { CursorContext, scanToml, ScanResult } from '../../server/src/lsp/tomlContext';

/** Scans `marked` with the cursor where its one `|` stands (the `|` taken out). */
function at(marked: string): ScanResult {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) < 0, 'one | in the text');
  return scanToml(marked.slice(0, offset) + marked.slice(offset + 1), offset);
}
const ctx = (marked: string): CursorContext => at(marked).context;
const NONE: CursorContext = { kind: 'none' };
const value = (key: string[], o: { table?: string[]; indices?: number[]; siblings?: string[] } = {}): CursorContext => ({
  kind: 'value',
  table: o.table ?? [],
  key,
  indices: o.indices ?? [],
  siblings: o.siblings ?? [],
});
const str = (key: string[], start: number, o: { table?: string[]; indices?: number[]; siblings?: string[] } = {}): CursorContext => ({
  kind: 'string',
  table: o.table ?? [],
  key,
  start,
  indices: o.indices ?? [],
  siblings: o.siblings ?? [],
});
/** The keys noted per table, as plain arrays. */
const keysOf = (r: ScanResult): Record<string, string[]> => Object.fromEntries([...r.keys].map(([k, v]) => [k, [...v]]));

describe('hosts.toml cursor context (tomlContext scanToml)', () => {
  describe('a key being typed', () => {
    it('is a key at the top of an empty file, and where a word is being typed', () => {
      assert.deepEqual(ctx('|'), { kind: 'key', table: [], start: 0 });
      assert.deepEqual(ctx('ca|'), { kind: 'key', table: [], start: 0 });
      assert.deepEqual(ctx('  ser|ver = 1'), { kind: 'key', table: [], start: 2 });
      assert.deepEqual(ctx('|ca = 1'), { kind: 'key', table: [], start: 0 });
      assert.deepEqual(ctx(' |ca'), { kind: 'key', table: [], start: 1 });
      assert.deepEqual(ctx('skip_verify-x|'), { kind: 'key', table: [], start: 0 });
    });

    it('is a key on the line after a complete key = value, and after a comment line', () => {
      assert.deepEqual(ctx('server = "x"\nca|'), { kind: 'key', table: [], start: 13 });
      assert.deepEqual(ctx('x = 1\nca|'), { kind: 'key', table: [], start: 6 });
      assert.deepEqual(ctx('ca = "x"\r\n|'), { kind: 'key', table: [], start: 10 });
      assert.deepEqual(ctx('# c\n|ca'), { kind: 'key', table: [], start: 4 });
      assert.deepEqual(ctx('|# c'), { kind: 'key', table: [], start: 0 });
    });

    it('is no key once a first part is typed (a dotted key, a space before =)', () => {
      assert.deepEqual(ctx('host.|'), NONE);
      assert.deepEqual(ctx('host.ca|'), NONE);
      assert.deepEqual(ctx('ca |'), NONE);
      assert.deepEqual(ctx('ca |= 1'), NONE);
      assert.deepEqual(ctx('"ca"| = 1'), NONE);
      assert.deepEqual(ctx('"ca" s|'), NONE);
    });

    it('is a key of the table the header names', () => {
      assert.deepEqual(ctx('[host."https://m"]\n  |'), { kind: 'key', table: ['host', 'https://m'], start: 21 });
      assert.deepEqual(ctx('[host."https://m".header]\n|'), { kind: 'key', table: ['host', 'https://m', 'header'], start: 26 });
      assert.deepEqual(ctx("[ host . 'x' ]\n|"), { kind: 'key', table: ['host', 'x'], start: 15 });
      assert.deepEqual(ctx("[host.'https://m']\n|"), { kind: 'key', table: ['host', 'https://m'], start: 19 });
      assert.deepEqual(ctx('[a."b"c]\n|'), { kind: 'key', table: ['a', 'b', 'c'], start: 9 });
      assert.deepEqual(ctx('[host."abc]\n|'), { kind: 'key', table: ['host', 'abc'], start: 12 });
      assert.deepEqual(ctx('[a]\nx = 1\n[b]\n|'), { kind: 'key', table: ['b'], start: 14 });
      assert.deepEqual(ctx('[[x]]\n|'), { kind: 'key', table: ['\u0000array'], start: 6 });
      // A header whose ']' is missing ends at its line.
      assert.deepEqual(ctx('[a\nb]\n|'), { kind: 'key', table: ['a'], start: 6 });
      assert.deepEqual(ctx('[ab]|'), { kind: 'key', table: ['ab'], start: 4 });
    });

    it('is a key of the inline table the cursor is in, at its start and after a comma', () => {
      assert.deepEqual(ctx('h = { |'), { kind: 'key', table: ['h'], start: 6 });
      assert.deepEqual(ctx('h = { ab|'), { kind: 'key', table: ['h'], start: 6 });
      assert.deepEqual(ctx('[host."m"]\nheader = { a = "1", |'), { kind: 'key', table: ['host', 'm', 'header'], start: 31 });
      assert.deepEqual(ctx('[host."m"]\nheader = { a = "1", X-|'), { kind: 'key', table: ['host', 'm', 'header'], start: 31 });
      // A '[' there is no table header.
      assert.deepEqual(ctx('h = { [|'), { kind: 'key', table: ['h'], start: 7 });
      assert.deepEqual(ctx('h = {\n|'), { kind: 'key', table: ['h'], start: 6 });
    });

    it('is no key in an inline table inside an array', () => {
      assert.deepEqual(ctx('x = [{ |'), NONE);
      assert.deepEqual(ctx('x = [{ a|'), NONE);
      assert.deepEqual(ctx('x = [{ a = "1" }, { |'), NONE);
    });

    it('is nothing inside a quoted key', () => {
      assert.deepEqual(ctx('"ca|" = 1'), NONE);
      assert.deepEqual(ctx('"|ca" = 1'), NONE);
      assert.deepEqual(ctx("'c|a' = 1"), NONE);
      assert.deepEqual(ctx('"ca|'), NONE);
      assert.deepEqual(ctx('|"ca" = 1'), { kind: 'key', table: [], start: 0 });
    });
  });

  describe('a table header', () => {
    it('is a header from just after its bracket(s) up to the closing bracket or the end of the line', () => {
      assert.deepEqual(ctx('[ho|]'), { kind: 'header', start: 1 });
      assert.deepEqual(ctx('[|]'), { kind: 'header', start: 1 });
      assert.deepEqual(ctx('[ho|'), { kind: 'header', start: 1 });
      assert.deepEqual(ctx('[[ho|]]'), { kind: 'header', start: 2 });
      assert.deepEqual(ctx('[host."a|\nca = 1'), { kind: 'header', start: 1 });
      assert.deepEqual(ctx('ca = 1\n  [h|]'), { kind: 'header', start: 10 });
    });

    it('is no header after a key part, nor in a value', () => {
      assert.deepEqual(ctx('a [|'), NONE);
      assert.deepEqual(ctx('x = [\n[|'), value(['x'], { indices: [0, 0] }));
    });
  });

  describe('a value', () => {
    it('is a value right after =, with its key path and table', () => {
      assert.deepEqual(ctx('ca = |'), value(['ca']));
      assert.deepEqual(ctx('ca =|'), value(['ca']));
      assert.deepEqual(ctx('ca = |true'), value(['ca']));
      assert.deepEqual(ctx('ca =\t|'), value(['ca']));
      assert.deepEqual(ctx('ca =\r|'), value(['ca']));
      assert.deepEqual(ctx('[host."m"]\n  capabilities = |'), value(['capabilities'], { table: ['host', 'm'] }));
      assert.deepEqual(ctx('host."https://m".ca = |'), value(['host', 'https://m', 'ca']));
      assert.deepEqual(ctx("'ca' = |"), value(['ca']));
    });

    it('is a value for the next key even after a complete one (the value is not yet typed)', () => {
      assert.deepEqual(ctx('a = 1\nb = |'), value(['b']));
      assert.deepEqual(ctx('a = "x"\nb = |'), value(['b']));
    });

    it('is nothing after a complete value, in a comment or past the end', () => {
      assert.deepEqual(ctx('ca = "a.crt" |'), NONE);
      assert.deepEqual(ctx('ca = "a.crt"|'), NONE);
      assert.deepEqual(ctx('x = 1 |'), NONE);
      assert.deepEqual(ctx('x = tr|'), NONE);
      assert.deepEqual(ctx('capabilities = ["pull"] |'), NONE);
      assert.deepEqual(ctx('h = { a = 1 } |'), NONE);
      assert.deepEqual(ctx('h = { } |'), NONE);
      assert.deepEqual(ctx('h = { a = 1, } |'), NONE);
      assert.deepEqual(ctx('h = { a = "1"} |'), NONE);
      assert.deepEqual(ctx('ca = """a""" |'), NONE);
      assert.deepEqual(ctx('ca = "x" # |'), NONE);
      assert.deepEqual(ctx('# ca = "|"'), NONE);
      assert.deepEqual(ctx('#|'), NONE);
      assert.deepEqual(ctx('# c|\nca'), NONE);
    });

    it('is the place in an array: the index at each depth and the strings already listed', () => {
      assert.deepEqual(ctx('capabilities = [|]'), value(['capabilities'], { indices: [0] }));
      assert.deepEqual(ctx('capabilities = ["pull", |]'), value(['capabilities'], { indices: [1], siblings: ['pull'] }));
      assert.deepEqual(ctx('capabilities = ["pull", "resolve", |'), value(['capabilities'], { indices: [2], siblings: ['pull', 'resolve'] }));
      assert.deepEqual(ctx('client = [["a.cert", "a.key"], [|'), value(['client'], { indices: [1, 0] }));
      assert.deepEqual(ctx('capabilities = [\n  "pull",\n  |\n]'), value(['capabilities'], { indices: [1], siblings: ['pull'] }));
      assert.deepEqual(ctx('capabilities = [ # c\n "pull", |]'), value(['capabilities'], { indices: [1], siblings: ['pull'] }));
      assert.deepEqual(ctx('x = [1,|]'), value(['x'], { indices: [1] }));
      assert.deepEqual(ctx('x = [1 |'), value(['x'], { indices: [0] }));
      // A comment right after a number is a comment: what it holds is not listed.
      assert.deepEqual(ctx('capabilities = [1# "pull"\n, |]'), value(['capabilities'], { indices: [1] }));
      assert.deepEqual(ctx('capabilities = ["""pull""", |]'), value(['capabilities'], { indices: [1], siblings: ['pull'] }));
      assert.deepEqual(ctx("capabilities = ['a\\', |]"), value(['capabilities'], { indices: [1], siblings: ['a\\'] }));
    });

    it('ends the array at its bracket: what follows on the next line is a key again', () => {
      assert.deepEqual(ctx('capabilities = ["pull"]\n|'), { kind: 'key', table: [], start: 24 });
      assert.deepEqual(ctx('x = [1]\n|'), { kind: 'key', table: [], start: 8 });
      assert.deepEqual(ctx('h = { a = 1}\n|'), { kind: 'key', table: [], start: 13 });
      assert.deepEqual(ctx('h = {}\n|'), { kind: 'key', table: [], start: 7 });
    });

    it('is a value of the key in an inline table, with the path through each inline table', () => {
      assert.deepEqual(ctx('h = { a = |'), value(['h', 'a']));
      assert.deepEqual(ctx('a = { b = { c = |'), value(['a', 'b', 'c']));
      assert.deepEqual(ctx('x = [{ a = |'), value(['x', 'a'], { indices: [0] }));
    });
  });

  describe('a string value', () => {
    it('is a string from just after the quote up to the closing quote', () => {
      assert.deepEqual(ctx('ca = "|"'), str(['ca'], 6));
      assert.deepEqual(ctx('ca = "x|"'), str(['ca'], 6));
      assert.deepEqual(ctx("ca = '|x'"), str(['ca'], 6));
      assert.deepEqual(ctx('ca = |"x"'), value(['ca']));
      assert.deepEqual(ctx('ca = "#|"'), str(['ca'], 6));
      assert.deepEqual(ctx('[host."m"]\nca = "|"'), str(['ca'], 17, { table: ['host', 'm'] }));
    });

    it('is a string up to the end of the line when it does not close', () => {
      assert.deepEqual(ctx('ca = "ab|'), str(['ca'], 6));
      assert.deepEqual(ctx('ca = "ab|\nserver = "x"'), str(['ca'], 6));
      // The next line is no longer in it: a key again, and a string of its own.
      assert.deepEqual(ctx('ca = "ab\nser|'), { kind: 'key', table: [], start: 9 });
      assert.deepEqual(ctx('ca = "ab\nx = "|"'), str(['x'], 14));
    });

    it('skips an escaped quote in a basic string, not in a literal one', () => {
      assert.deepEqual(ctx('ca = "a\\"b|"'), str(['ca'], 6));
      assert.deepEqual(ctx("ca = 'a\\'|"), NONE);
    });

    it('knows triple-quoted strings', () => {
      assert.deepEqual(ctx('ca = """ab|"""'), str(['ca'], 8));
      assert.deepEqual(ctx("ca = '''|'''"), str(['ca'], 8));
      assert.deepEqual(ctx('ca = """a\nb|"""'), str(['ca'], 8));
      assert.deepEqual(ctx('ca = """ab|'), str(['ca'], 8));
      assert.deepEqual(ctx("ca = '''x'''\n|"), { kind: 'key', table: [], start: 13 });
    });

    it('is a string in an array, with its index and the strings before it', () => {
      assert.deepEqual(ctx('capabilities = ["pull", "|"]'), str(['capabilities'], 25, { indices: [1], siblings: ['pull'] }));
      assert.deepEqual(ctx('client = [["a.cert", "|"]]'), str(['client'], 22, { indices: [0, 1], siblings: ['a.cert'] }));
      assert.deepEqual(ctx('client = [["a.cert", "a.key"], ["|'), str(['client'], 33, { indices: [1, 0] }));
    });

    it('is a string of the key in an inline table, inline tables nested, in an array', () => {
      assert.deepEqual(ctx('h = { a = "|" }'), str(['h', 'a'], 11));
      assert.deepEqual(ctx('[host."m"]\nheader = { "X-A" = "1", x = "|" }'), str(['header', 'x'], 40, { table: ['host', 'm'] }));
      assert.deepEqual(ctx('a = { b = { c = "|" } }'), str(['a', 'b', 'c'], 17));
      assert.deepEqual(ctx('x = [{ a = "|" }]'), str(['x', 'a'], 12, { indices: [0] }));
      assert.deepEqual(ctx('"ca" = "|"'), str(['ca'], 8));
    });
  });

  describe('the first place the cursor is found wins', () => {
    it('keeps the context where the cursor is, whatever comes after it on the line or below', () => {
      assert.deepEqual(ctx('ca = "|" # c'), str(['ca'], 6));
      assert.deepEqual(ctx('ca|\n[h]'), { kind: 'key', table: [], start: 0 });
      assert.deepEqual(ctx('ca|\n"x" = 1'), { kind: 'key', table: [], start: 0 });
      assert.deepEqual(ctx('ca = |\n# c\n[h]\n"x" = "y"\nz = 1'), value(['ca']));
    });

    it('is nothing between the quotes that open a triple-quoted string', () => {
      assert.deepEqual(ctx('ca = ""|"ab"""'), NONE);
    });
  });

  describe('a bare value (number, boolean, date, or a typo)', () => {
    it('runs to the next delimiter: a quote or a bracket in it starts nothing', () => {
      assert.deepEqual(ctx('x = ab"c|"'), NONE);
      assert.deepEqual(ctx('x = 1[|'), NONE);
      assert.deepEqual(ctx('x = 1979-05-27T07:32:00Z|'), NONE);
      assert.deepEqual(ctx('x = [1979-05-27, |'), value(['x'], { indices: [1] }));
    });

    it('is complete: a stray bracket or comma after it opens nothing', () => {
      assert.deepEqual(ctx('x = } |'), NONE);
      assert.deepEqual(ctx('x = ] |'), NONE);
      assert.deepEqual(ctx('x = 1, |'), NONE);
      assert.deepEqual(ctx('x = 1, \n|'), { kind: 'key', table: [], start: 8 });
      // A stray '}' where a key goes closes nothing: the word after it is still a key.
      assert.deepEqual(ctx('} ca|'), { kind: 'key', table: [], start: 2 });
      // A bracket of the other kind closes neither an inline table nor an array.
      assert.deepEqual(ctx('h = { a = ], |'), { kind: 'key', table: ['h'], start: 13 });
      assert.deepEqual(ctx('x = [1 }, |'), value(['x'], { indices: [1] }));
    });
  });

  describe('an unclosed quoted key', () => {
    // A `"ca` left open at the end of its line ends there: the next line starts a key of its own.
    it('ends at its line: the next line is a key path of its own', () => {
      assert.deepEqual(ctx('"ca\nserver = |'), value(['server']));
      assert.deepEqual(ctx('"ca\nser|'), { kind: 'key', table: [], start: 4 });
      assert.deepEqual(keysOf(at('"ca\nserver = 1|')), { '': ['server'] });
    });
  });

  describe('the keys each table defines', () => {
    it('notes the first part of each key, lower-cased, by table, after the cursor too', () => {
      const r = at('|\nserver = "x"\nCA = 1\nhost.x = 1\n[host."m"]\n  CA = "a.crt"\n[[arr]]\nc = 3\n');
      assert.deepEqual(keysOf(r), { '': ['server', 'ca', 'host'], 'host\u0000m': ['ca'], '\u0000array': ['c'] });
    });

    it('notes a quoted key, not the keys of an inline table, nor an = without a key', () => {
      assert.deepEqual(keysOf(at('"Ca" = 1\nh = { a = 1 }\n= 2|')), { '': ['ca', 'h'] });
      assert.deepEqual(keysOf(at('= 1|')), {});
    });
  });
});
