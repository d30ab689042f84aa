/** hosts.toml as text: the paths and capabilities it names, with ranges, and edits that keep it valid. */
import * as assert from 'node:assert/strict';
import { decodeHostsToml, hostsTomlCapabilities, hostsTomlDialect, hostsTomlReferences } from '../../server/src/core/engines/hostsToml';
import { addTopLevelItemEdit, insertKeyEdit, tomlString } from '../../server/src/core/engines/hostsTomlSyntax';
import { applyEdits } from '../helpers/textEdits';

const DIR = '/etc/containerd/certs.d/reg.example.com';

/** The text a range covers (single-line ranges). */
function at(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  assert.equal(r.start.line, r.end.line);
  return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
}

describe('hosts.toml text', () => {
  describe('hostsTomlReferences', () => {
    const text = [
      'server = "https://reg.example.com"',
      "ca = ['ca.crt', \"/etc/ssl/corp.pem\"]",
      'client = "both.pem"',
      '',
      '[host."https://mirror.example.com"]',
      '  CA = "../shared/mirror-ca.crt"',
      '  client = [["c.cert", "c.key"], "combined.cert", ["nokey.cert", ""]]',
      '[host."https://mirror.example.com".header]',
      '  ca = "not-a-file"',
    ].join('\n');

    it('lists each path with its role, host, absolute path and range, in file order', () => {
      const refs = hostsTomlReferences(text, DIR);
      assert.deepEqual(
        refs.map((r) => [r.role, r.value, r.absolute, r.host ?? '(top)', at(text, r.range)]),
        [
          ['ca', 'ca.crt', `${DIR}/ca.crt`, '(top)', "'ca.crt'"],
          ['ca', '/etc/ssl/corp.pem', '/etc/ssl/corp.pem', '(top)', '"/etc/ssl/corp.pem"'],
          ['client-cert', 'both.pem', `${DIR}/both.pem`, '(top)', '"both.pem"'],
          ['ca', '../shared/mirror-ca.crt', '/etc/containerd/certs.d/shared/mirror-ca.crt', 'https://mirror.example.com', '"../shared/mirror-ca.crt"'],
          ['client-cert', 'c.cert', `${DIR}/c.cert`, 'https://mirror.example.com', '"c.cert"'],
          ['client-key', 'c.key', `${DIR}/c.key`, 'https://mirror.example.com', '"c.key"'],
          ['client-cert', 'combined.cert', `${DIR}/combined.cert`, 'https://mirror.example.com', '"combined.cert"'],
          ['client-cert', 'nokey.cert', `${DIR}/nokey.cert`, 'https://mirror.example.com', '"nokey.cert"'],
          // An empty key names the folder itself (makeAbsPath joins it), which containerd then fails to read.
          ['client-key', '', DIR, 'https://mirror.example.com', '""'],
        ],
      );
    });

    it('finds nothing in a file that is not TOML', () => {
      assert.deepEqual(hostsTomlReferences('ca = "x', DIR), []);
    });

    it('finds references in inline tables and dotted keys too', () => {
      const t = '[host]\n"https://m" = { ca = "a.crt" }\nhost2 = 1\n';
      assert.deepEqual(hostsTomlReferences(t, DIR).map((r) => [r.host, r.value]), [['https://m', 'a.crt']]);
      assert.deepEqual(hostsTomlReferences('host."https://m".ca = "b.crt"\n', DIR).map((r) => [r.host, r.value]), [['https://m', 'b.crt']]);
    });
  });

  describe('hostsTomlCapabilities', () => {
    it('gives each capability string its range', () => {
      const text = 'capabilities = ["pull"]\n[host."https://m"]\n  capabilities = ["pull", \'resolve\', "fetch"]\n';
      assert.deepEqual(
        hostsTomlCapabilities(text).map((c) => [c.value, c.range.start.line, at(text, c.range)]),
        [
          ['pull', 0, '"pull"'],
          ['pull', 2, '"pull"'],
          ['resolve', 2, "'resolve'"],
          ['fetch', 2, '"fetch"'],
        ],
      );
    });
  });

  describe('edits', () => {
    const decodes = (text: string) => {
      const d = decodeHostsToml(text, DIR, hostsTomlDialect('2.4'));
      assert.ok(d.ok, `${d.ok ? '' : d.error}\n${text}`);
      return d.hosts;
    };

    it('inserts a key after the last key of a host table, with its indentation', () => {
      const text = '[host."https://a"]\n    capabilities = ["pull"]\n\n[host."https://b"]\n';
      const out = applyEdits(text, [insertKeyEdit(text, 'https://a', 'override_path', 'true')!]);
      assert.equal(out, '[host."https://a"]\n    capabilities = ["pull"]\n    override_path = true\n\n[host."https://b"]\n');
      assert.equal(decodes(out)[0].overridePath, true);
    });

    it('inserts after a header with no keys, and at the end of a file without a final newline', () => {
      assert.equal(applyEdits('[host."https://a"]', [insertKeyEdit('[host."https://a"]', 'https://a', 'ca', '"x.crt"')!]), '[host."https://a"]\n  ca = "x.crt"\n');
      assert.equal(applyEdits('server = "https://r"', [insertKeyEdit('server = "https://r"', undefined, 'ca', '"x.crt"')!]), 'server = "https://r"\nca = "x.crt"\n');
    });

    it('inserts after a multi-line value, not inside it', () => {
      const text = 'ca = [\n  "a.crt",\n]\n[host."https://m"]\n';
      const out = applyEdits(text, [insertKeyEdit(text, undefined, 'override_path', 'true')!]);
      assert.equal(out, 'ca = [\n  "a.crt",\n]\noverride_path = true\n[host."https://m"]\n');
      decodes(out);
    });

    it('offers no insert into a host that has no table header, or into text that is not TOML', () => {
      assert.equal(insertKeyEdit('[host]\n"https://m" = { ca = "a" }\n', 'https://m', 'override_path', 'true'), undefined);
      assert.equal(insertKeyEdit('[host."https://m"\n', 'https://m', 'override_path', 'true'), undefined);
    });

    it('appends to an empty array and to a client string', () => {
      assert.equal(applyEdits('ca = []\n', [addTopLevelItemEdit('ca = []\n', 'ca', '"x.crt"', '"x.crt"')!]), 'ca = ["x.crt"]\n');
      const text = 'client = "both.pem"\n';
      const out = applyEdits(text, [addTopLevelItemEdit(text, 'client', '["c.cert", "c.key"]', '[["c.cert", "c.key"]]')!]);
      assert.equal(out, 'client = ["both.pem", ["c.cert", "c.key"]]\n');
      assert.deepEqual(decodes(out)[0].clientPairs, [[`${DIR}/both.pem`, ''], [`${DIR}/c.cert`, `${DIR}/c.key`]]);
    });

    it('refuses to edit a key of another type', () => {
      assert.equal(addTopLevelItemEdit('ca = 1\n', 'ca', '"x.crt"', '"x.crt"'), undefined);
    });

    it('writes TOML strings TOML reads back', () => {
      for (const s of ['a"b', 'c\\d', 'tab\there', 'del\u007f', 'é']) {
        const d = decodeHostsToml(`ca = ${tomlString(s)}\n`, DIR, hostsTomlDialect('2.4'));
        assert.ok(d.ok, s);
        assert.deepEqual(d.hosts[0].caCerts, [`${DIR}/${s}`]);
      }
    });
  });
});
