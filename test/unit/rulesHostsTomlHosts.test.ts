/**
 * The hosts.toml rules about the hosts themselves, checked whole (message, summary, range, fixes):
 * certsd/hosts-toml-host-dropped (a host containerd never tries: not a [host."..."] header in 2.x,
 * or under HOST), certsd/hosts-toml-url (a name parseHostConfig does not read as the URL it looks
 * like) and certsd/hosts-toml-v2-path (a path holding /v2/ that gets another /v2).
 */
import * as assert from 'node:assert/strict';
import { Range } from '../../server/src/core/facts';
import { Finding, Fix } from '../../server/src/core/findings';
import { checkTree, describeFindings, findings, TreeRun, TreeRunOptions } from '../helpers/check';
import { REGISTRY } from '../helpers/fixtures';
import { tempTrees, TreeSpec } from '../helpers/tree';

const range = (line: number, from: number, to: number, endLine = line): Range => ({ start: { line, character: from }, end: { line: endLine, character: to } });

describe('hosts.toml host rules, whole', () => {
  const makeTree = tempTrees();

  function run(files: TreeSpec, o: TreeRunOptions & { engine?: 'containerd' | 'docker' } = {}): TreeRun {
    const { engine = 'containerd', ...rest } = o;
    return checkTree(makeTree, { [REGISTRY]: files }, engine, rest);
  }

  function finding(r: TreeRun, code: string, severity: 'warning', at: Range, summary: string, message: string, fixes?: Fix[]): Finding {
    return { code, severity, path: r.file('hosts.toml'), hostPath: r.file(''), range: at, summary, message, ...(fixes ? { fixes } : {}) };
  }

  const edit = (r: TreeRun, title: string, edits: { range: Range; newText: string }[]): Fix => ({ kind: 'edit', title, path: r.file('hosts.toml'), edits, preferred: true });

  describe('certsd/hosts-toml-host-dropped', () => {
    const CODE = 'certsd/hosts-toml-host-dropped';
    const headers = (name: string) => `The host "${name}" is never tried: hosts come only from [host."..."] table headers`;
    const lower = (name: string) => `The host "${name}" is never tried: the key must be "host" in lower case`;
    const asTable = (name: string, how: string, line = '2.4') =>
      `containerd never tries the host "${name}": containerd ${line} takes hosts only from [host."..."] table headers, and this one is written as ${how}. Write it as a table: [host."${name}"] on a line of its own, with its keys below it.`;

    it('an inline table under [host], and one inside an inline host table: both "an inline table"', () => {
      const r = run({ 'hosts.toml': '[host]\n  "https://a.example.com" = { capabilities = ["pull"] }\n' });
      assert.deepEqual(findings(r.report, CODE), [finding(r, CODE, 'warning', range(1, 2, 25), headers('https://a.example.com'), asTable('https://a.example.com', 'an inline table'))]);
      const s = run({ 'hosts.toml': 'host = { "https://b.example.com" = { capabilities = ["pull"] } }\n' });
      assert.deepEqual(findings(s.report, CODE), [finding(s, CODE, 'warning', range(0, 9, 32), headers('https://b.example.com'), asTable('https://b.example.com', 'an inline table'))]);
    });

    it('a dotted key, and a dotted key whose value is an inline table', () => {
      const r = run({ 'hosts.toml': 'host."https://a.example.com".capabilities = ["pull"]\n' });
      assert.deepEqual(findings(r.report, CODE), [finding(r, CODE, 'warning', range(0, 0, 41), headers('https://a.example.com'), asTable('https://a.example.com', 'a dotted key'))]);
      const s = run({ 'hosts.toml': 'host."https://b.example.com" = { capabilities = ["pull"] }\n' });
      assert.deepEqual(findings(s.report, CODE), [finding(s, CODE, 'warning', range(0, 0, 28), headers('https://b.example.com'), asTable('https://b.example.com', 'an inline table'))]);
    });

    it('HOST: the rename fix on every header that writes it, once each; the spelling quoted as written', () => {
      const text = '[Host."https://m"]\n  ca = "a.crt"\n  capabilities = ["pull"]\n[Host."https://m".header]\n  x = "y"\n';
      const r = run({ 'hosts.toml': text });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(0, 1, 5), lower('https://m'), 'containerd never tries the host "https://m": it reads the list of hosts from the key "host" in lower case only, and this one is under "Host". Write [host."https://m"].', [
          edit(r, 'Write "Host" as "host"', [
            { range: range(0, 1, 5), newText: 'host' },
            { range: range(3, 1, 5), newText: 'host' },
          ]),
        ]),
      ]);
    });

    it('HOST as a dotted key: no rename in 2.x (the host would stay dropped), a rename in 1.7', () => {
      const text = 'HOST."https://m".capabilities = ["pull"]\n';
      const message = 'containerd never tries the host "https://m": it reads the list of hosts from the key "host" in lower case only, and this one is under "HOST". Write [host."https://m"].';
      const r = run({ 'hosts.toml': text });
      assert.deepEqual(findings(r.report, CODE), [finding(r, CODE, 'warning', range(0, 0, 4), lower('https://m'), message, [])]);
      const old = run({ 'hosts.toml': text }, { releases: { containerd: '1.7' } });
      assert.deepEqual(findings(old.report, CODE), [
        finding(old, CODE, 'warning', range(0, 0, 4), lower('https://m'), message, [edit(old, 'Write "HOST" as "host"', [{ range: range(0, 0, 4), newText: 'host' }])]),
      ]);
    });

    it('HOST beside a lower-case host of the same name: no rename (the table would be defined twice)', () => {
      const r = run({ 'hosts.toml': 'host."https://m".skip_verify = true\n[HOST."https://m"]\n  capabilities = ["pull"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(0, 0, 28), headers('https://m'), asTable('https://m', 'a dotted key')),
        finding(r, CODE, 'warning', range(1, 1, 5), lower('https://m'), 'containerd never tries the host "https://m": it reads the list of hosts from the key "host" in lower case only, and this one is under "HOST". Write [host."https://m"].', []),
      ]);
    });

    it('a dotted-key host with an inline table deeper down (header = { ... }) is still a dotted key; a dotted key inside host = { ... } is an inline table', () => {
      const r = run({ 'hosts.toml': 'host."https://a.example.com".capabilities = ["pull"]\nhost."https://a.example.com".header = { x = "y" }\n' });
      assert.deepEqual(findings(r.report, CODE), [finding(r, CODE, 'warning', range(0, 0, 41), headers('https://a.example.com'), asTable('https://a.example.com', 'a dotted key'))]);
      // A top-level inline table that is not the host list, and a [host] header, make no host an inline table.
      const t = run({ 'hosts.toml': 'header = { x = "y" }\n[host]\n  "https://c.example.com".capabilities = ["pull"]\n' });
      assert.deepEqual(findings(t.report, CODE), [finding(t, CODE, 'warning', range(2, 2, 38), headers('https://c.example.com'), asTable('https://c.example.com', 'a dotted key'))]);
      const s = run({ 'hosts.toml': 'host = { "https://b.example.com".capabilities = ["pull"] }\n' });
      assert.deepEqual(findings(s.report, CODE), [finding(s, CODE, 'warning', range(0, 9, 45), headers('https://b.example.com'), asTable('https://b.example.com', 'an inline table'))]);
    });

    it('the HOST rename touches only that host\'s own keys: not another table of the same name, nor a host of another name', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n[Host."https://m"]\n  ca = "a.crt"\n[other."https://m"]\n  x = 1\n[host."https://n"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(1, 1, 5), lower('https://m'), 'containerd never tries the host "https://m": it reads the list of hosts from the key "host" in lower case only, and this one is under "Host". Write [host."https://m"].', [
          edit(r, 'Write "Host" as "host"', [{ range: range(1, 1, 5), newText: 'host' }]),
        ]),
      ]);
    });

    it('says nothing of [host."..."] headers', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  capabilities = ["pull"]\n[host."https://n".header]\n  x = "y"\n' });
      assert.deepEqual(findings(r.report, CODE), [], describeFindings(r.report));
    });
  });

  describe('certsd/hosts-toml-url', () => {
    const CODE = 'certsd/hosts-toml-url';
    const table = (name: string) => `The host "${name}" is not read as the server URL it looks like`;

    it('a host name that starts with http but has no usable scheme: read as a path, with the fix', () => {
      const r = run({ 'hosts.toml': '[host."http:/x.example.com"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 6, 27),
          table('http:/x.example.com'),
          'containerd reads the host "http:/x.example.com" as scheme "http", no host, path "/x.example.com/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "http://x.example.com".',
          [edit(r, 'Write http://x.example.com', [{ range: range(0, 6, 27), newText: '"http://x.example.com"' }])],
        ),
      ]);
    });

    it('"http" alone: no guess, the form of a URL instead', () => {
      const r = run({ 'hosts.toml': '[host."http"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(0, 6, 12), table('http'), 'containerd reads the host "http" as no scheme, no host, path "http/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write the URL as https://host[:port][/path].', []),
      ]);
    });

    it('a server with no host: requests go to the registry itself; the fix is offered even onto a host of that name', () => {
      const r = run({ 'hosts.toml': 'server = "httpm.corp"\n[host."https://httpm.corp"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 9, 21),
          'server = "httpm.corp" names no usable host, so requests go to the registry itself',
          `containerd reads server = "httpm.corp" as no scheme, no host, path "httpm.corp/v2": with no usable host in it, it sends requests to the registry itself (https://${REGISTRY}/v2) instead. Write "https://httpm.corp".`,
          [edit(r, 'Write https://httpm.corp', [{ range: range(0, 9, 21), newText: '"https://httpm.corp"' }])],
        ),
      ]);
    });

    it('a scheme other than http(s): https:// is put in front of it, and the host is what precedes the second colon', () => {
      const r = run({ 'hosts.toml': '[host."ftp://m.example.com"]\n' });
      const [f] = findings(r.report, CODE);
      assert.deepEqual([f.range, f.summary, f.fixes], [range(0, 6, 27), table('ftp://m.example.com'), [edit(r, 'Write https://m.example.com', [{ range: range(0, 6, 27), newText: '"https://m.example.com"' }])]]);
    });
    it('a scheme Go reads but containerd cannot talk (httpx), with its path kept by override_path: no path in the words', () => {
      const r = run({ 'hosts.toml': '[host."httpx://m.example.com"]\n  override_path = true\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 6, 29),
          table('httpx://m.example.com'),
          'containerd reads the host "httpx://m.example.com" as scheme "httpx", host "m.example.com", not as the server it looks like: there is nowhere to send requests for this entry. Write "https://m.example.com".',
          [edit(r, 'Write https://m.example.com', [{ range: range(0, 6, 29), newText: '"https://m.example.com"' }])],
        ),
      ]);
    });

    it('http// with no colon: path.Join cleans the slashes; the meant URL keeps the scheme', () => {
      const r = run({ 'hosts.toml': '[host."http//m.example.com"]\n' });
      assert.deepEqual(findings(r.report, CODE).map((f) => f.message), [
        'containerd reads the host "http//m.example.com" as no scheme, no host, path "http/m.example.com/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "http://m.example.com".',
      ]);
    });

    it('a bare path: https:// in front gives no host, and no guess is made', () => {
      const r = run({ 'hosts.toml': '[host."/mirror"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(0, 6, 15), table('/mirror'), 'containerd reads the host "/mirror" as scheme "https", no host, path "/mirror/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write the URL as https://host[:port][/path].', []),
      ]);
    });

    it('another scheme before a host that ends in "http": the host after "://" is meant', () => {
      const r = run({ 'hosts.toml': '[host."ftp://cache-http"]\n' });
      assert.deepEqual(findings(r.report, CODE).map((f) => f.message), [
        'containerd reads the host "ftp://cache-http" as scheme "https", host "ftp:", path "/cache-http/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "https://cache-http".',
      ]);
    });

    it('says nothing of a name with "://" in its path only', () => {
      const r = run({ 'hosts.toml': '[host."m.example.com/p/https://x"]\n' });
      assert.deepEqual(findings(r.report, CODE), [], describeFindings(r.report));
    });
  });

  describe('certsd/hosts-toml-v2-path', () => {
    const CODE = 'certsd/hosts-toml-v2-path';

    it('a mirror path holding /v2/: the message, the summary, and override_path added to its table', () => {
      const r = run({ 'hosts.toml': '[host."https://m.example.com/v2/library"]\n  capabilities = ["pull"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 6, 40),
          '/v2 is appended to the path of "https://m.example.com/v2/library"',
          'containerd appends /v2 to the path of "https://m.example.com/v2/library", so it uses https://m.example.com/v2/library/v2 as the registry API root (requests go to https://m.example.com/v2/library/v2/...). If https://m.example.com/v2/library already is the API root, add override_path = true to this table: requests then go to https://m.example.com/v2/library/... .',
          [edit(r, 'Add override_path = true', [{ range: range(2, 0, 0), newText: '  override_path = true\n' }])],
        ),
      ]);
    });

    it('the server, with /v2 in the middle of its path: "at the top level"', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000/a/v2/b"\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 9, 46),
          '/v2 is appended to the path of "https://reg.example.com:5000/a/v2/b"',
          'containerd appends /v2 to the path of "https://reg.example.com:5000/a/v2/b", so it uses https://reg.example.com:5000/a/v2/b/v2 as the registry API root (requests go to https://reg.example.com:5000/a/v2/b/v2/...). If https://reg.example.com:5000/a/v2/b already is the API root, add override_path = true at the top level: requests then go to https://reg.example.com:5000/a/v2/b/... .',
          [edit(r, 'Add override_path = true', [{ range: range(1, 0, 0), newText: 'override_path = true\n' }])],
        ),
      ]);
    });

    it('override_path = false: the fix turns it to true; spelled twice: no fix', () => {
      const r = run({ 'hosts.toml': '[host."https://m/v2/x"]\noverride_path = false\n' });
      assert.deepEqual(findings(r.report, CODE).map((f) => f.fixes), [[edit(r, 'Add override_path = true', [{ range: range(1, 16, 21), newText: 'true' }])]]);
      const s = run({ 'hosts.toml': '[host."https://m/v2/x"]\noverride_path = false\nOVERRIDE_PATH = false\n' });
      assert.deepEqual(findings(s.report, CODE).map((f) => f.fixes), [[]]);
    });

    it('says nothing of v2 that is not a whole segment, of a path ending in /v2, nor with override_path = true', () => {
      const r = run({ 'hosts.toml': '[host."https://a/av2/x"]\n[host."https://b/x/v2y"]\n[host."https://c/x/v2"]\n[host."https://d/v2/library"]\n  override_path = true\n' });
      assert.deepEqual(findings(r.report, CODE), [], describeFindings(r.report));
    });

    it('a misread URL: hosts-toml-url speaks at that range, not the v2 path', () => {
      const r = run({ 'hosts.toml': '[host."HTTPS://m/v2/x"]\n' });
      assert.deepEqual(
        r.report.findings.filter((f) => f.code.startsWith('certsd/hosts-toml')).map((f) => f.code),
        ['certsd/hosts-toml-url'],
      );
    });
  });
});
