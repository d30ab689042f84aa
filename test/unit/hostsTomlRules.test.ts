/**
 * The hosts.toml findings and their quick fixes, on trees built at test time. What containerd does
 * with each file was observed with the conformance harness (containerd 2.4.2 and 1.7.35); the
 * texts are typed here from its output. Every fix is applied and the result decoded again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Finding, Fix } from '../../server/src/core/findings';
import { decodeHostsToml, hostsTomlDialect } from '../../server/src/core/engines/hostsToml';
import { assertNoFinding, checkTree, describeFindings, findings, theFinding, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { certDer, clientCert, pkcs8Pem, rsaKey, selfSignedCa } from '../helpers/pki';
import { applyEdits } from '../helpers/textEdits';
import { file, tempTrees, TreeSpec } from '../helpers/tree';

const DAY = 86_400_000;

describe('hosts.toml rules', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  function run(files: TreeSpec, o: TreeRunOptions & { engine?: 'containerd' | 'docker' } = {}): TreeRun {
    const { engine = 'containerd', ...rest } = o;
    return checkTree(makeTree, { [REGISTRY]: files }, engine, rest);
  }

  function editOf(f: Finding): Extract<Fix, { kind: 'edit' }> {
    const fix = f.fixes?.find((x) => x.kind === 'edit');
    assert.ok(fix && fix.kind === 'edit', `no edit fix on ${f.code}: ${f.message}`);
    return fix;
  }

  /** The file the fix edits, after the edit. */
  function applied(r: TreeRun, f: Finding): string {
    const fix = editOf(f);
    assert.equal(fix.path, r.file('hosts.toml'));
    return applyEdits(fs.readFileSync(fix.path, 'utf8'), fix.edits);
  }

  function decoded(text: string, dir: string, line = '2.4') {
    const d = decodeHostsToml(text, dir, hostsTomlDialect(line));
    assert.ok(d.ok, `the fixed file must still decode: ${d.ok ? '' : d.error}\n${text}`);
    return d;
  }

  describe('certsd/hosts-toml-host-dropped', () => {
    const inline = 'server = "https://reg.example.com:5000"\n\n[host]\n  "https://mirror.example.com" = { capabilities = ["pull"] }\n';

    it('warns at the key of a host containerd 2.x never tries', () => {
      const r = run({ 'hosts.toml': inline });
      const f = theFinding(r.report, 'certsd/hosts-toml-host-dropped');
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.range.start, { line: 3, character: 2 });
      assert.match(f.message, /^containerd never tries the host "https:\/\/mirror\.example\.com": containerd 2\.4 takes hosts only from \[host\."\.\.\."\] table headers, and this one is written as an inline table\. Write it as a table: \[host\."https:\/\/mirror\.example\.com"\]/);
    });

    it('says "a dotted key" for host."m".ca', () => {
      const r = run({ 'hosts.toml': 'host."https://m".capabilities = ["pull"]\n' });
      assert.match(theFinding(r.report, 'certsd/hosts-toml-host-dropped').message, /written as a dotted key/);
    });

    it('says nothing under containerd 1.7, which tries such hosts', () => {
      assertNoFinding(run({ 'hosts.toml': inline }, { releases: { containerd: '1.7' } }).report, 'certsd/hosts-toml-host-dropped');
    });

    it('offers to write HOST as host, and the host is then tried', () => {
      const r = run({ 'hosts.toml': '[HOST."https://m"]\n  capabilities = ["pull"]\n' });
      const f = theFinding(r.report, 'certsd/hosts-toml-host-dropped');
      assert.match(f.message, /reads the list of hosts from the key "host" in lower case only, and this one is under "HOST"/);
      assert.deepEqual(f.range, { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } });
      const text = applied(r, f);
      assert.equal(text, '[host."https://m"]\n  capabilities = ["pull"]\n');
      assert.deepEqual(decoded(text, r.file('')).hosts.map((h) => h.name), ['https://m', undefined]);
    });

    it('names Docker when its containerd image store reads the folder', () => {
      const r = run({ 'hosts.toml': inline }, { engine: 'docker', dockerStore: 'containerd' });
      assert.match(theFinding(r.report, 'certsd/hosts-toml-host-dropped').message, /^Docker \(pulls and pushes\) never tries/);
    });
  });

  describe('certsd/hosts-toml-url', () => {
    it('warns that httpcache.local:5000 is read as a scheme, and offers https://', () => {
      const r = run({ 'hosts.toml': '[host."httpcache.local:5000"]\n  capabilities = ["pull"]\n' });
      const f = theFinding(r.report, 'certsd/hosts-toml-url');
      assert.equal(f.message, 'containerd reads the host "httpcache.local:5000" as scheme "httpcache.local", no host, path "/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "https://httpcache.local:5000".');
      assert.deepEqual(f.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 28 } });
      const text = applied(r, f);
      assert.equal(text, '[host."https://httpcache.local:5000"]\n  capabilities = ["pull"]\n');
      const [h] = decoded(text, r.file('')).hosts;
      assert.deepEqual([h.scheme, h.host, h.path], ['https', 'httpcache.local:5000', '/v2']);
    });

    it('reads https-mirror.corp as a bare path, and a capital HTTPS:// as the host "HTTPS:"', () => {
      const r = run({ 'hosts.toml': '[host."https-mirror.corp"]\n[host."HTTPS://m"]\n' });
      const found = findings(r.report, 'certsd/hosts-toml-url').map((f) => f.message);
      assert.deepEqual(found, [
        'containerd reads the host "https-mirror.corp" as no scheme, no host, path "https-mirror.corp/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "https://https-mirror.corp".',
        'containerd reads the host "HTTPS://m" as scheme "https", host "HTTPS:", path "/m/v2", not as the server it looks like: there is nowhere to send requests for this entry. Write "https://m".',
      ]);
    });

    it('says a server with no host is replaced by the registry itself', () => {
      const r = run({ 'hosts.toml': 'server = "httpcache.local:5000"\n' });
      const f = theFinding(r.report, 'certsd/hosts-toml-url');
      assert.match(f.message, /^containerd reads server = "httpcache\.local:5000" as scheme "httpcache\.local", no host, path "\/v2": with no usable host in it, it sends requests to the registry itself \(https:\/\/reg\.example\.com:5000\/v2\) instead\./);
      assert.deepEqual(f.range.start, { line: 0, character: 9 });
      assert.equal(applied(r, f), 'server = "https://httpcache.local:5000"\n');
    });

    it('offers no rename onto a host that is already there', () => {
      const r = run({ 'hosts.toml': '[host."httpm.corp"]\n[host."https://httpm.corp"]\n' });
      assert.deepEqual(theFinding(r.report, 'certsd/hosts-toml-url').fixes, []);
    });

    it('leaves http:// and https:// names alone', () => {
      assertNoFinding(run({ 'hosts.toml': 'server = "reg.example.com:5000"\n[host."http://cache:5000"]\n[host."https://m/v2"]\n' }).report, 'certsd/hosts-toml-url');
    });
  });

  describe('certsd/hosts-toml-v2-path', () => {
    it('warns that /v2 is appended to a path holding /v2/, and the fix keeps it as written', () => {
      const toml = 'server = "https://reg.example.com:5000"\n\n[host."https://mirror.example.com/v2/library"]\n  capabilities = ["pull"]\n';
      const r = run({ 'hosts.toml': toml });
      const f = theFinding(r.report, 'certsd/hosts-toml-v2-path');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^containerd appends \/v2 to the path of "https:\/\/mirror\.example\.com\/v2\/library", so it uses https:\/\/mirror\.example\.com\/v2\/library\/v2 as the registry API root/);
      assert.match(f.message, /add override_path = true to this table: requests then go to https:\/\/mirror\.example\.com\/v2\/library\/\.\.\. \.$/);
      const text = applied(r, f);
      assert.equal(text, toml + '  override_path = true\n');
      const [mirror] = decoded(text, r.file('')).hosts;
      assert.equal(mirror.path, '/v2/library');
    });

    it('turns override_path = false into true', () => {
      const r = run({ 'hosts.toml': '[host."https://m/v2/x"]\noverride_path = false\nca = []\n' });
      const text = applied(r, theFinding(r.report, 'certsd/hosts-toml-v2-path'));
      assert.equal(text, '[host."https://m/v2/x"]\noverride_path = true\nca = []\n');
    });

    it('adds override_path at the top level for server, before the first table', () => {
      const toml = 'server = "https://reg.example.com:5000/v2/library"\n[host."https://m"]\n';
      const r = run({ 'hosts.toml': toml });
      const f = theFinding(r.report, 'certsd/hosts-toml-v2-path');
      assert.match(f.message, /add override_path = true at the top level/);
      const text = applied(r, f);
      assert.equal(text, 'server = "https://reg.example.com:5000/v2/library"\noverride_path = true\n[host."https://m"]\n');
      const d = decoded(text, r.file(''));
      assert.equal(d.hosts[d.hosts.length - 1].path, '/v2/library');
    });

    it('says nothing of a path that ends in /v2, or has no /v2 segment', () => {
      assertNoFinding(run({ 'hosts.toml': '[host."https://m/v2"]\n[host."https://n/proxy"]\n[host."https://o/v2x/y"]\n' }).report, 'certsd/hosts-toml-v2-path');
    });
  });

  describe('certsd/hosts-toml-file', () => {
    it('reports a missing ca file at its path in hosts.toml, with containerd\'s error, and not on the missing path', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\nca = ["ca.crt", "missing.crt"]\n', 'ca.crt': pki.ca.pem });
      const f = theFinding(r.report, 'certsd/hosts-toml-file');
      const missing = r.file('missing.crt');
      assert.equal(f.severity, 'error');
      assert.equal(f.path, r.file('hosts.toml'));
      assert.deepEqual(f.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 29 } });
      assert.equal(f.message, `containerd refuses the whole folder: 'unable to read CA cert "${missing}": open ${missing}: no such file or directory'. There is no ${missing} (relative paths are joined to the host folder). Fix the path, or put the file there.`);
      assertNoFinding(r.report, 'certsd/read-error');
    });

    it('reports a CA file outside the folder that holds no certificate, on both', () => {
      const r = run({ 'hosts.toml': 'ca = "../../ca.der.crt"\n' });
      const outside = r.tree.path('ca.der.crt');
      fs.writeFileSync(outside, certDer(pki.ca));
      const again = checkTree(() => r.tree, {}, 'containerd');
      const f = theFinding(again.report, 'certsd/hosts-toml-file');
      assert.match(f.message, new RegExp(`^containerd refuses the whole folder: 'unable to load CA cert "${outside.replace(/[.]/g, '\\.')}"'\\. ca\\.der\\.crt is a DER \\(binary\\) certificate`));
      assert.equal(theFinding(again.report, 'certsd/ca-unusable').path, outside);
    });

    it('explains that an empty key names the host folder itself', () => {
      const r = run({ 'hosts.toml': 'client = [["client.cert", ""]]\n', 'client.cert': pki.client.pem });
      const f = theFinding(r.report, 'certsd/hosts-toml-file');
      const dir = r.file('').replace(/\/$/, '');
      assert.match(f.message, new RegExp(`^containerd refuses the whole folder: 'unable to read CERT file "${dir.replace(/[.]/g, '\\.')}": read ${dir.replace(/[.]/g, '\\.')}: is a directory'\\. An empty path is joined to the host folder`));
      assert.deepEqual(f.range, { start: { line: 0, character: 26 }, end: { line: 0, character: 28 } });
    });

    it('reports a key that does not match at the key string', () => {
      const r = run({ 'hosts.toml': 'client = [["client.cert", "other.key"]]\n', 'client.cert': pki.client.pem, 'other.key': pkcs8Pem(rsaKey(2048, 5)) });
      const f = theFinding(r.report, 'certsd/hosts-toml-file');
      assert.match(f.message, /failed to load X509 key pair: tls: private key does not match public key/);
      assert.deepEqual(f.range.start, { line: 0, character: 26 });
    });

    it('runs the certificate rules on files hosts.toml names, inside and outside the folder', async () => {
      const old = await selfSignedCa({ commonName: 'Old CA', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 10 * DAY) });
      const r = run({ 'hosts.toml': 'ca = "old.pem"\n[host."https://m"]\nca = "../../outside-old.pem"\n', 'old.pem': old.pem });
      fs.writeFileSync(r.tree.path('outside-old.pem'), old.pem);
      const again = checkTree(() => r.tree, {}, 'containerd');
      const paths = findings(again.report, 'certsd/expired').map((f) => f.path);
      assert.deepEqual(paths.sort(), [r.tree.path('outside-old.pem'), r.file('old.pem')].sort(), describeFindings(again.report));
    });

    it('checks the mode of a key file hosts.toml names', function () {
      if (process.platform === 'win32') this.skip();
      const r = run({ 'hosts.toml': 'client = [["c.pem", "c-key.pem"]]\n', 'c.pem': pki.client.pem, 'c-key.pem': file(pkcs8Pem(pki.client.key), 0o644) });
      assert.match(theFinding(r.report, 'certsd/key-permissions').message, /^c-key\.pem is a private key readable by every user \(mode 0644\)/);
    });

    it('runs the client rules on a client pair hosts.toml names', async () => {
      const serverOnly = await clientCert(pki.ca, { extKeyUsage: ['serverAuth'], key: rsaKey(2048, 3) });
      const r = run({ 'hosts.toml': 'client = [["c.pem", "c-key.pem"]]\n', 'c.pem': serverOnly.pem, 'c-key.pem': pkcs8Pem(serverOnly.key) });
      assert.equal(theFinding(r.report, 'certsd/client-eku').path, r.file('c.pem'));
    });
  });

  describe('certsd/hosts-toml-shadows', () => {
    const mirror = '[host."https://mirror.example.com"]\n  capabilities = ["pull"]\n';

    it('warns that a loose .crt is not used, and adds it to the top level', () => {
      const r = run({ 'hosts.toml': mirror, 'ca.crt': pki.ca.pem });
      const f = theFinding(r.report, 'certsd/hosts-toml-shadows');
      assert.equal(f.severity, 'warning');
      assert.equal(f.path, r.file('ca.crt'));
      assert.match(f.message, /^containerd does not use ca\.crt: hosts\.toml takes over in this folder, and then only the files it names under "ca" or "client" are loaded\. Add ca = "ca\.crt" to the top level of hosts\.toml \(it applies to https:\/\/reg\.example\.com:5000, tried last\)\.$/);
      const text = applied(r, f);
      assert.equal(text, 'ca = "ca.crt"\n\n' + mirror);
      const d = decoded(text, r.file(''));
      assert.deepEqual(d.hosts[d.hosts.length - 1].caCerts, [r.file('ca.crt')]);
    });

    it('turns a top-level ca string into an array, and appends to an array', () => {
      const r = run({ 'hosts.toml': "server = \"https://reg.example.com:5000\"\nca = 'a.crt'\n", 'a.crt': pki.ca.pem, 'b.crt': pki.ca.pem });
      assert.equal(applied(r, theFinding(r.report, 'certsd/hosts-toml-shadows')), "server = \"https://reg.example.com:5000\"\nca = ['a.crt', \"b.crt\"]\n");
      const s = run({ 'hosts.toml': 'ca = [\n  "a.crt",\n]\n', 'a.crt': pki.ca.pem, 'b.crt': pki.ca.pem });
      const text = applied(s, theFinding(s.report, 'certsd/hosts-toml-shadows'));
      assert.equal(text, 'ca = [\n  "a.crt", "b.crt",\n]\n');
      assert.deepEqual(decoded(text, s.file('')).hosts[0].caCerts, [s.file('a.crt'), s.file('b.crt')]);
    });

    it('adds a .cert/.key pair as a client pair, reported on both files', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n', 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) });
      const found = findings(r.report, 'certsd/hosts-toml-shadows');
      assert.deepEqual(found.map((f) => f.path).sort(), [r.file('client.cert'), r.file('client.key')]);
      const text = applied(r, found[0]);
      assert.equal(text, 'server = "https://reg.example.com:5000"\nclient = [["client.cert", "client.key"]]\n');
      assert.deepEqual(decoded(text, r.file('')).hosts[0].clientPairs, [[r.file('client.cert'), r.file('client.key')]]);
    });

    it('adds a lone .cert that holds its key in the string form, and offers nothing for one that does not', () => {
      const r = run({ 'hosts.toml': 'client = [["x.cert", "x.key"]]\n', 'both.cert': pki.client.pem + pkcs8Pem(pki.client.key), 'only.cert': pki.client.pem });
      const both = theFinding(r.report, 'certsd/hosts-toml-shadows', r.file('both.cert'));
      assert.equal(applied(r, both), 'client = [["x.cert", "x.key"], "both.cert"]\n');
      const only = theFinding(r.report, 'certsd/hosts-toml-shadows', r.file('only.cert'));
      assert.deepEqual(only.fixes, []);
      assert.match(only.message, /only\.cert holds no private key and has no only\.key beside it/);
    });

    it('says a hosts.toml of only comments still takes over', () => {
      const r = run({ 'hosts.toml': '# nothing yet\n', 'ca.crt': pki.ca.pem });
      const f = theFinding(r.report, 'certsd/hosts-toml-shadows');
      assert.match(f.message, /a hosts\.toml that sets nothing \(only comments or blank lines\), yet it parses, so it takes over from the loose files/);
      assert.equal(applied(r, f), '# nothing yet\nca = "ca.crt"\n');
    });

    it('keeps CRLF line ends', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\r\n', 'ca.crt': pki.ca.pem });
      assert.equal(applied(r, theFinding(r.report, 'certsd/hosts-toml-shadows')), 'server = "https://reg.example.com:5000"\r\nca = "ca.crt"\r\n');
    });

    it('is decided by what the hosts reference, not by the text', () => {
      // `ca.crt` appears in a comment and under a misspelled key: still not used.
      const r = run({ 'hosts.toml': '# ca = "ca.crt"\nCA_file = "ca.crt"\n', 'ca.crt': pki.ca.pem });
      assert.equal(theFinding(r.report, 'certsd/hosts-toml-shadows').path, r.file('ca.crt'));
      assertNoFinding(run({ 'hosts.toml': '[host."https://m"]\n  ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }).report, 'certsd/hosts-toml-shadows');
    });

    it('says nothing when hosts.toml is 0 bytes: containerd then uses the loose files', () => {
      const r = run({ 'hosts.toml': '', 'ca.crt': pki.ca.pem });
      assert.equal(r.load.hostsToml, false);
      assert.equal(r.load.caCertificates.length, 1);
      assertNoFinding(r.report, 'certsd/hosts-toml-shadows');
    });

    it('offers no fix when the top level spells ca in two ways', () => {
      const r = run({ 'hosts.toml': 'CA = "a.crt"\n', 'a.crt': pki.ca.pem, 'b.crt': pki.ca.pem });
      assert.deepEqual(theFinding(r.report, 'certsd/hosts-toml-shadows', r.file('b.crt')).fixes, []);
    });
  });

  describe('certsd/hosts-toml-ignored', () => {
    it('tells how to write an IPv6 mirror for containerd 1.7', () => {
      const r = run({ 'hosts.toml': '[host."https://[fd00::1]:5000"]\n  ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }, { releases: { containerd: '1.7' } });
      const f = theFinding(r.report, 'certsd/hosts-toml-ignored');
      assert.match(f.message, /containerd cannot decode hosts\.toml \(failed to parse TOML: \(1, 2\): unexpected token table key cannot contain '\]', was expecting a table key\)/);
      assert.match(f.message, /write that host as a key under \[host\] instead/);
      assert.deepEqual(f.range.start, { line: 0, character: 1 });
      assertNoFinding(run({ 'hosts.toml': '[host."https://[fd00::1]:5000"]\n  ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }).report, 'certsd/hosts-toml-ignored');
    });
  });

  describe('dial_timeout before containerd 2.1', () => {
    it('says containerd 1.7 ignores it', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  dial_timeout = "5s"\n' }, { releases: { containerd: '1.7' } });
      const f = theFinding(r.report, 'certsd/hosts-toml-unknown-key');
      assert.equal(f.message, 'containerd ignores "dial_timeout" without a word: containerd 1.7 has no such setting (it is read from containerd 2.1 on), so this timeout has no effect.');
      assert.deepEqual(f.range.start, { line: 1, character: 2 });
    });

    it('says containerd 1.7 ignores Ca and Capabilities, not CA', () => {
      const r = run({ 'hosts.toml': 'Ca = "x.crt"\nCA = "y.crt"\n[host."https://m"]\n  Capabilities = ["pull"]\n' }, { releases: { containerd: '1.7' } });
      assert.deepEqual(
        findings(r.report, 'certsd/hosts-toml-unknown-key').map((f) => [f.range.start.line, f.message]),
        [
          [0, 'containerd ignores "Ca" without a word: containerd 1.7 (go-toml v1) reads this setting only as "ca" or "CA".'],
          [3, 'containerd ignores "Capabilities" without a word: containerd 1.7 (go-toml v1) reads this setting only as "capabilities" or "CAPABILITIES".'],
        ],
      );
    });

    it('says top-level capabilities and override_path do nothing without a server', () => {
      const r = run({ 'hosts.toml': 'capabilities = ["pull"]\noverride_path = true\nca = "ca.crt"\n', 'ca.crt': pki.ca.pem });
      assert.deepEqual(
        findings(r.report, 'certsd/hosts-toml-unknown-key').map((f) => [f.range.start.line, f.message]),
        [
          [0, 'containerd ignores the top-level "capabilities": there is no server, so the registry itself is used with every capability and the path /v2. Set server = "https://reg.example.com:5000" to make it apply.'],
          [1, 'containerd ignores the top-level "override_path": there is no server, so the registry itself is used with every capability and the path /v2. Set server = "https://reg.example.com:5000" to make it apply.'],
        ],
      );
      // Observed with the harness: the registry itself then has pull, resolve, push (and referrers from 2.2).
      assert.deepEqual(r.load.tomlHosts?.map((h) => [h.host.capabilities, h.host.path]), [[['pull', 'resolve', 'push', 'referrers'], '/v2']]);
      assertNoFinding(run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\ncapabilities = ["pull"]\n' }).report, 'certsd/hosts-toml-unknown-key');
    });

    it('says nothing from 2.1 on', () => {
      assertNoFinding(run({ 'hosts.toml': '[host."https://m"]\n  dial_timeout = "5s"\n' }).report, 'certsd/hosts-toml-unknown-key');
    });
  });
});
