/**
 * certsd/hosts-toml-unknown-key (keys containerd drops without a word: unknown ones, ones this
 * release does not read, top-level settings with no server to apply to) and certsd/hosts-toml-ignored
 * (a file containerd cannot decode, so it falls back to the loose files), checked whole.
 */
import * as assert from 'node:assert/strict';
import { Range } from '../../server/src/core/facts';
import { Finding } from '../../server/src/core/findings';
import { checkTree, describeFindings, findings, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { tempTrees, TreeSpec } from '../helpers/tree';

const range = (line: number, from: number, to: number): Range => ({ start: { line, character: from }, end: { line, character: to } });
const KNOWN = 'server, capabilities, ca, client, skip_verify, header, override_path, dial_timeout';

describe('hosts.toml keys, whole', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function run(files: TreeSpec, o: TreeRunOptions & { engine?: 'containerd' | 'docker'; folder?: string } = {}): TreeRun {
    const { engine = 'containerd', folder = REGISTRY, ...rest } = o;
    return checkTree(makeTree, { [folder]: files }, engine, { ...rest, host: folder });
  }

  function finding(r: TreeRun, code: string, severity: 'warning' | 'error', at: Range, summary: string, message: string): Finding {
    return { code, severity, path: r.file('hosts.toml'), hostPath: r.file(''), range: at, summary, message };
  }

  describe('certsd/hosts-toml-unknown-key', () => {
    const CODE = 'certsd/hosts-toml-unknown-key';
    const unknown = (key: string) => `"${key}" is not a hosts.toml key, so it is ignored`;

    it('a misspelling with the key meant; an unknown key with the known ones; a key of a host table', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\nskip-verify = true\ncolour = "red"\n[host."https://m"]\n  capabilitys = ["pull"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(r, CODE, 'warning', range(1, 0, 11), unknown('skip-verify'), 'containerd ignores "skip-verify" without a word: it is not a hosts.toml key. Did you mean "skip_verify"?'),
        finding(r, CODE, 'warning', range(2, 0, 6), unknown('colour'), `containerd ignores "colour" without a word: it is not a hosts.toml key (known: ${KNOWN}).`),
        finding(r, CODE, 'warning', range(4, 2, 13), unknown('capabilitys'), 'containerd ignores "capabilitys" without a word: it is not a hosts.toml key. Did you mean "capabilities"?'),
      ]);
    });

    it('a key this release does not read: dial_timeout in 1.7, under its own summary', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  dial_timeout = "5s"\n' }, { releases: { containerd: '1.7' } });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(1, 2, 14),
          '"dial_timeout" is ignored by this containerd release',
          'containerd ignores "dial_timeout" without a word: containerd 1.7 has no such setting (it is read from containerd 2.1 on), so this timeout has no effect.',
        ),
      ]);
    });

    it('top-level settings with a server that names no host: the key as written, the server quoted', () => {
      const r = run({ 'hosts.toml': 'server = "httpcache.local:5000"\nCAPABILITIES = ["pull"]\n' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(1, 0, 12),
          'The top-level "CAPABILITIES" is ignored: there is no server for it to apply to',
          'containerd ignores the top-level "CAPABILITIES": server = "httpcache.local:5000" names no host, so the registry itself is used with every capability and the path /v2. Set server = "https://reg.example.com:5000" to make it apply.',
        ),
      ]);
    });

    it('in _default: no server to suggest', () => {
      const r = run({ 'hosts.toml': 'override_path = true\n[host."https://m"]\n  override_path = true\n' }, { folder: '_default' });
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'warning',
          range(0, 0, 13),
          'The top-level "override_path" is ignored: there is no server for it to apply to',
          'containerd ignores the top-level "override_path": there is no server, so the registry itself is used with every capability and the path /v2.',
        ),
      ]);
    });

    it('says nothing of known keys, of a header table\'s names, nor of a 0-byte hosts.toml', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\ncapabilities = ["pull"]\nca = "ca.crt"\n[host."https://m"]\n  skip_verify = true\n[host."https://m".header]\n  x-custom = "y"\n', 'ca.crt': pki.ca.pem });
      assert.deepEqual(findings(r.report, CODE), [], describeFindings(r.report));
      const empty = run({ 'hosts.toml': '' });
      assert.deepEqual(findings(empty.report, CODE), [], describeFindings(empty.report));
    });
  });

  describe('certsd/hosts-toml-ignored', () => {
    const CODE = 'certsd/hosts-toml-ignored';
    const summary = 'hosts.toml does not decode, so it is ignored and the loose files are used';

    it('a value containerd refuses: its error, the loose files it uses instead, "Fix the file."', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\ncapabilities = ["fly"]\n', 'ca.crt': pki.ca.pem });
      assert.equal(r.load.caRoots, 1);
      // The other hosts.toml rules run on a file that does not decode without failing.
      assert.deepEqual(r.report.findings.filter((f) => f.code !== CODE).map((f) => f.code), []);
      assert.deepEqual(findings(r.report, CODE), [
        finding(
          r,
          CODE,
          'error',
          range(1, 0, 22),
          summary,
          `containerd cannot decode hosts.toml (unknown capability fly): it only logs "failed to decode" and uses the loose *.crt/*.cert/*.key files in ${REGISTRY} instead, so mirrors and settings in this file are ignored. Fix the file.`,
        ),
      ]);
    });

    it('an IPv6 mirror in a 1.7 table header: how to write it instead', () => {
      const r = run({ 'hosts.toml': '[host."https://[fd00::1]:5000"]\n  ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }, { releases: { containerd: '1.7' } });
      const [f] = findings(r.report, CODE);
      assert.equal(
        f.message,
        `containerd cannot decode hosts.toml (failed to parse TOML: (1, 2): unexpected token table key cannot contain ']', was expecting a table key): it only logs "failed to decode" and uses the loose *.crt/*.cert/*.key files in ${REGISTRY} instead, so mirrors and settings in this file are ignored. containerd 1.7 cannot read "[" or "]" inside a table header (an IPv6 address): write that host as a key under [host] instead, e.g. "https://[fd00::1]:5000" = { ca = "ca.crt" }.`,
      );
    });

    it('says nothing of a file that decodes', () => {
      const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n' });
      assert.deepEqual(findings(r.report, CODE), [], describeFindings(r.report));
    });
  });
});
