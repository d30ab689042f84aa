/**
 * hosts.toml as text (core/engines/hostsTomlSyntax.ts): relative paths joined to the host folder as
 * containerd's makeAbsPath does (filepath.Join: cleaned, no trailing separator), and the edits the
 * quick fixes make, each checked as the exact edit and as the text it gives (which must still be
 * TOML and mean what was asked).
 */
import * as assert from 'node:assert/strict';
import { decodeHostsToml, hostsTomlCapabilities, hostsTomlDialect, hostsTomlReferences } from '../../server/src/core/engines/hostsToml';
import { addTopLevelItemEdit, entriesOf, hostsTomlEntries, hostsTomlPath, insertKeyEdit, parseHostsTomlAst, soleKey } from '../../server/src/core/engines/hostsTomlSyntax';
import { applyEdits } from '../helpers/textEdits';

const DIR = '/etc/containerd/certs.d/reg.example.com';
const pos = (line: number, character: number) => ({ line, character });
const insertAt = (line: number, character: number, newText: string) => ({ range: { start: pos(line, character), end: pos(line, character) }, newText });

describe('engines model: hosts.toml text', () => {
  describe('hostsTomlPath (makeAbsPath)', () => {
    it('keeps an absolute path, joins a relative one, and drops a trailing separator', () => {
      assert.equal(hostsTomlPath('/etc/ssl/ca.pem', DIR), '/etc/ssl/ca.pem');
      assert.equal(hostsTomlPath('ca.crt', DIR), `${DIR}/ca.crt`);
      assert.equal(hostsTomlPath('../shared/ca.crt', DIR), '/etc/containerd/certs.d/shared/ca.crt');
      assert.equal(hostsTomlPath('sub/', DIR), `${DIR}/sub`);
      assert.equal(hostsTomlPath('', DIR), DIR);
      assert.equal(hostsTomlPath('.', '/'), '/');
      assert.equal(hostsTomlPath('./', '/'), '/');
    });
  });

  describe('entriesOf', () => {
    it('walks inline tables, with the ranges of every part of the path', () => {
      const entries = entriesOf(parseHostsTomlAst('[host]\n"https://m" = { ca = "a" }\n'));
      assert.deepEqual(
        entries.map((e) => [e.path.join('|'), e.table, e.inline, e.partRanges.map((r) => `${r.start.line}:${r.start.character}-${r.end.character}`).join(' ')]),
        [
          ['host', true, false, '0:1-5'],
          ['host|https://m', false, false, '0:1-5 1:0-11'],
          ['host|https://m|ca', false, true, '0:1-5 1:0-11 1:16-18'],
        ],
      );
    });

    it('gives nothing for a file that is not TOML', () => {
      assert.equal(hostsTomlEntries('[host."m"\n'), undefined);
    });
  });

  describe('insertKeyEdit', () => {
    it('top level: after the last top-level key, before the first table', () => {
      const text = 'server = "https://r"\n\n[host."https://m"]\n  ca = "a"\n';
      const edit = insertKeyEdit(text, undefined, 'ca', '"b"');
      assert.deepEqual(edit, insertAt(1, 0, 'ca = "b"\n'));
      assert.equal(applyEdits(text, [edit!]), 'server = "https://r"\nca = "b"\n\n[host."https://m"]\n  ca = "a"\n');
    });

    it('top level without keys: before the first table, with a blank line', () => {
      assert.deepEqual(insertKeyEdit('# c\n[host."https://m"]\n', undefined, 'ca', '"b"'), insertAt(1, 0, 'ca = "b"\n\n'));
      assert.deepEqual(insertKeyEdit('[host."https://m"]\r\n', undefined, 'ca', '"b"'), insertAt(0, 0, 'ca = "b"\r\n\r\n'));
    });

    it('an empty file: the key alone', () => {
      assert.deepEqual(insertKeyEdit('', undefined, 'ca', '"b"'), insertAt(0, 0, 'ca = "b"\n'));
      assert.deepEqual(insertKeyEdit('# only a comment\n', undefined, 'ca', '"b"'), insertAt(1, 0, 'ca = "b"\n'));
    });

    it('a host table: after its last key, with that key\'s indentation; between tables too', () => {
      const text = '[host."https://m"]\n    ca = "a"\n[host."https://n"]\n';
      const edit = insertKeyEdit(text, 'https://m', 'skip_verify', 'true');
      assert.deepEqual(edit, insertAt(2, 0, '    skip_verify = true\n'));
      const out = applyEdits(text, [edit!]);
      const d = decodeHostsToml(out, DIR, hostsTomlDialect('2.4'));
      assert.ok(d.ok);
      assert.deepEqual(d.hosts.map((h) => [h.name, h.skipVerify]), [
        ['https://m', true],
        ['https://n', undefined],
        [undefined, undefined],
      ]);
    });

    it('a host table without keys: two spaces after the header', () => {
      assert.deepEqual(insertKeyEdit('[host."https://m"]\n[host."https://n"]\n', 'https://m', 'ca', '"a"'), insertAt(1, 0, '  ca = "a"\n'));
    });

    it('CRLF text gets CRLF', () => {
      assert.deepEqual(insertKeyEdit('[host."https://m"]\r\n  ca = "a"\r\n[x]\r\n', 'https://m', 'override_path', 'true'), insertAt(2, 0, '  override_path = true\r\n'));
    });

    it('no edit for a host written only as a sub-table, an array table or under HOST', () => {
      assert.equal(insertKeyEdit('[host."https://m".header]\n  x = "1"\n', 'https://m', 'ca', '"a"'), undefined);
      assert.equal(insertKeyEdit('[[host."https://m"]]\n', 'https://m', 'ca', '"a"'), undefined);
      assert.equal(insertKeyEdit('[HOST."https://m"]\n', 'https://m', 'ca', '"a"'), undefined);
      assert.equal(insertKeyEdit('[host."https://n"]\n', 'https://m', 'ca', '"a"'), undefined);
    });
  });

  describe('soleKey', () => {
    const entries = (text: string) => hostsTomlEntries(text)!;

    it('the one entry of the key, at the top or in a host table', () => {
      const e = entries('ca = "a"\n[host."https://m"]\n  ca = "b"\n');
      assert.deepEqual((soleKey(e, undefined, 'ca') as { path: string[] }).path, ['ca']);
      assert.deepEqual((soleKey(e, 'https://m', 'ca') as { path: string[] }).path, ['host', 'https://m', 'ca']);
      assert.equal(soleKey(e, 'https://n', 'ca'), undefined);
      assert.equal(soleKey(e, undefined, 'client'), undefined);
    });

    it('ambiguous when spelled otherwise or twice in any case', () => {
      assert.equal(soleKey(entries('CA = "a"\n'), undefined, 'ca'), 'ambiguous');
      assert.equal(soleKey(entries('ca = "a"\nCa = "b"\n'), undefined, 'ca'), 'ambiguous');
    });

    it('a host table under HOST is not the host table', () => {
      assert.equal(soleKey(entries('[HOST."https://m"]\n  ca = "a"\n'), 'https://m', 'ca'), undefined);
    });

    it('a table header named like the key is no key', () => {
      assert.equal(soleKey(entries('[ca]\n'), undefined, 'ca'), undefined);
    });
  });

  describe('addTopLevelItemEdit', () => {
    it('turns a string into an array, keeping the string as written', () => {
      const text = "ca = 'a.crt'\n";
      const edit = addTopLevelItemEdit(text, 'ca', '"b.crt"', '"b.crt"');
      assert.deepEqual(edit, { range: { start: pos(0, 5), end: pos(0, 12) }, newText: `['a.crt', "b.crt"]` });
      assert.equal(applyEdits(text, [edit!]), `ca = ['a.crt', "b.crt"]\n`);
    });

    it('appends to an array after its last element', () => {
      const text = 'ca = [\n  "a.crt",\n  "b.crt"\n]\n';
      const edit = addTopLevelItemEdit(text, 'ca', '"c.crt"', '"c.crt"');
      assert.deepEqual(edit, insertAt(2, 9, ', "c.crt"'));
      assert.deepEqual(hostsTomlReferences(applyEdits(text, [edit!]), DIR).map((r) => r.value), ['a.crt', 'b.crt', 'c.crt']);
    });

    it('adds a new key when there is none at the top (a host\'s does not count)', () => {
      const text = 'server = "https://r"\n[host."https://m"]\n  ca = "a"\n';
      assert.deepEqual(addTopLevelItemEdit(text, 'ca', '"b"', '"b"'), insertAt(1, 0, 'ca = "b"\n'));
    });

    it('no edit for text that is not TOML, an ambiguous key, or a value of another type', () => {
      assert.equal(addTopLevelItemEdit('ca = [\n', 'ca', '"b"', '"b"'), undefined);
      assert.equal(addTopLevelItemEdit('CA = "a"\n', 'ca', '"b"', '"b"'), undefined);
      assert.equal(addTopLevelItemEdit('client = { a = "b" }\n', 'client', '"c"', '"c"'), undefined);
    });
  });
  describe('hostsTomlReferences and hostsTomlCapabilities: what is not a path or a capability', () => {
    it('skips non-strings, pairs of another length, keys outside a host table or the top level', () => {
      const text = [
        'ca = [1, "a.crt"]',
        'client = [["c.cert", 5], ["x", "y", "z"], "d.pem"]',
        'other.ca = "no.crt"',
        '[host."https://m"]',
        '  CLIENT = [["e.cert", "e.key"]]',
        '[host."https://m".header]',
        '  ca = "header.crt"',
        '',
      ].join('\n');
      assert.deepEqual(
        hostsTomlReferences(text, DIR).map((r) => [r.role, r.value, r.absolute, r.host, r.range.start.line, r.range.start.character]),
        [
          ['ca', 'a.crt', `${DIR}/a.crt`, undefined, 0, 9],
          ['client-cert', 'c.cert', `${DIR}/c.cert`, undefined, 1, 11],
          ['client-cert', 'd.pem', `${DIR}/d.pem`, undefined, 1, 42],
          ['client-cert', 'e.cert', `${DIR}/e.cert`, 'https://m', 4, 13],
          ['client-key', 'e.key', `${DIR}/e.key`, 'https://m', 4, 23],
        ],
      );
    });

    it('capabilities: strings of an array only', () => {
      assert.deepEqual(hostsTomlCapabilities('capabilities = "pull"\n[host."https://m"]\n  capabilities = ["push", 1]\n'), [{ value: 'push', range: { start: pos(2, 18), end: pos(2, 24) } }]);
      assert.deepEqual(hostsTomlCapabilities('[x\n'), []);
    });
  });
  describe('references in string form, and what is no owner', () => {
    it('ca and client as single strings; a table of another name owns nothing', () => {
      const text = 'ca = "a.crt"\n[host."https://m"]\n  client = "both.pem"\n[other."https://m"]\n  ca = "no.crt"\n';
      assert.deepEqual(hostsTomlReferences(text, DIR).map((r) => [r.role, r.value, r.host]), [
        ['ca', 'a.crt', undefined],
        ['client-cert', 'both.pem', 'https://m'],
      ]);
    });

    it('capabilities: only the capabilities key, not another array', () => {
      assert.deepEqual(hostsTomlCapabilities('ca = ["pull"]\ncapabilities = ["push"]\n').map((c) => c.value), ['push']);
    });
  });
});
