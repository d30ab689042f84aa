/**
 * certsd/hosts-toml-shadows (rules/hostsTomlShadows.ts): with a hosts.toml that decodes, containerd
 * loads only the files its hosts name under "ca" or "client" (loadHostDir), so a loose .crt, .cert
 * or .key is not used. Checked whole: the finding on the loose file, the reason (a file that sets
 * nothing still takes over), the advice (what to add, or why nothing would help), and the fix.
 */
import * as assert from 'node:assert/strict';
import { Range } from '../../server/src/core/facts';
import { Finding, Fix } from '../../server/src/core/findings';
import { checkTree, describeFindings, findings, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { pkcs8Pem } from '../helpers/pki';
import { applyEdits } from '../helpers/textEdits';
import { tempTrees, TreeSpec } from '../helpers/tree';

const CODE = 'certsd/hosts-toml-shadows';
const TAKES_OVER = 'hosts.toml takes over in this folder, and then only the files it names under "ca" or "client" are loaded';
const SETS_NOTHING = 'this folder has a hosts.toml that sets nothing (only comments or blank lines), yet it parses, so it takes over from the loose files';
/** The first line of a PEM certificate / PKCS#8 key file. */
const CERT_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } };
const KEY_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } };
const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });

describe('certsd/hosts-toml-shadows', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let keyPem: string;
  before(async () => {
    pki = await commonPki();
    keyPem = pkcs8Pem(pki.client.key);
  });

  function run(files: TreeSpec): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, 'containerd');
  }

  const found = (r: TreeRun) => findings(r.report, CODE);

  function expected(r: TreeRun, name: string, range: Range, message: string, fixes: Fix[]): Finding {
    return { code: CODE, severity: 'warning', path: r.file(name), hostPath: r.file(''), range, summary: `${name} is not used: hosts.toml takes over and does not name it`, message, fixes };
  }

  const addFix = (r: TreeRun, item: string, range: Range, newText: string): Fix => ({ kind: 'edit', title: `Add ${item} to hosts.toml`, path: r.file('hosts.toml'), edits: [{ range, newText }], preferred: true });

  it('a loose .crt: added as a new top-level line, naming the host it applies to (the last, the server)', () => {
    const r = run({ 'hosts.toml': 'server = "http://other.example.com:5000"\n[host."https://mirror.example.com"]\n  ca = "m.crt"\n', 'm.crt': pki.ca.pem, 'ca.crt': pki.ca.pem });
    assert.deepEqual(found(r), [
      expected(
        r,
        'ca.crt',
        CERT_LINE,
        `containerd does not use ca.crt: ${TAKES_OVER}. Add ca = "ca.crt" to the top level of hosts.toml (it applies to http://other.example.com:5000, tried last).`,
        [addFix(r, 'ca = "ca.crt"', at(1, 0), 'ca = "ca.crt"\n')],
      ),
    ]);
  });

  it('a .cert/.key pair: one client pair, reported on both files', () => {
    const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n', 'client.cert': pki.client.pem, 'client.key': keyPem });
    const item = 'client = [["client.cert", "client.key"]]';
    const fix = addFix(r, item, at(1, 0), `${item}\n`);
    const advice = ` Add ${item} to the top level of hosts.toml (it applies to https://reg.example.com:5000, tried last).`;
    assert.deepEqual(found(r), [
      expected(r, 'client.cert', CERT_LINE, `containerd does not use client.cert: ${TAKES_OVER}.${advice}`, [fix]),
      expected(r, 'client.key', KEY_LINE, `containerd does not use client.key: ${TAKES_OVER}.${advice}`, [fix]),
    ]);
  });

  it('a lone .cert: the string form when it holds its key, else why it would not load either', () => {
    const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n', 'both.cert': pki.client.pem + keyPem, 'only.cert': pki.client.pem });
    assert.deepEqual(found(r), [
      expected(
        r,
        'both.cert',
        CERT_LINE,
        `containerd does not use both.cert: ${TAKES_OVER}. Add client = "both.cert" to the top level of hosts.toml (it applies to https://reg.example.com:5000, tried last).`,
        [addFix(r, 'client = "both.cert"', at(1, 0), 'client = "both.cert"\n')],
      ),
      expected(r, 'only.cert', CERT_LINE, `containerd does not use only.cert: ${TAKES_OVER}. only.cert holds no private key and has no only.key beside it, so it would not load as a client certificate either.`, []),
    ]);
  });

  it('a hosts.toml of only comments: says it sets nothing yet takes over', () => {
    const r = run({ 'hosts.toml': '# nothing yet\n\n', 'ca.crt': pki.ca.pem });
    assert.deepEqual(found(r), [
      expected(r, 'ca.crt', CERT_LINE, `containerd does not use ca.crt: ${SETS_NOTHING}. Add ca = "ca.crt" to the top level of hosts.toml (it applies to https://${REGISTRY}, tried last).`, [
        addFix(r, 'ca = "ca.crt"', at(2, 0), 'ca = "ca.crt"\n'),
      ]),
    ]);
  });

  it('a key whose .cert hosts.toml names (the string form): read as its pair\'s, not reported', () => {
    const r = run({ 'hosts.toml': 'client = "client.cert"\n', 'client.cert': pki.client.pem + keyPem, 'client.key': keyPem });
    assert.deepEqual(found(r), [], describeFindings(r.report));
  });

  it('files hosts.toml names, in any host, are not reported; nor a lone key, a folder, another extension', () => {
    const r = run({
      'hosts.toml': '[host."https://m.example.com"]\n  ca = "a.crt"\n  client = [["c.cert", "c.key"]]\n',
      'a.crt': pki.ca.pem,
      'c.cert': pki.client.pem,
      'c.key': keyPem,
      'lone.key': keyPem,
      'dir.crt': { 'x.crt': pki.ca.pem },
      'ca.pem': pki.ca.pem,
    });
    assert.deepEqual(found(r), [], describeFindings(r.report));
    assert.deepEqual(findings(r.report, 'certsd/internal-error'), []);
  });

  it('a folder named x.cert does not pair with x.key: the key stays a lone key', () => {
    const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\n', 'x.cert': { 'inner.crt': pki.ca.pem }, 'x.key': keyPem });
    assert.deepEqual(found(r), [], describeFindings(r.report));
  });

  it('applies the fix to a top-level ca array, keeping the rest of the file', () => {
    const text = 'ca = ["a.crt"]\n[host."https://m.example.com"]\n';
    const r = run({ 'hosts.toml': text, 'a.crt': pki.ca.pem, 'b.crt': pki.ca.pem });
    const [f] = found(r);
    assert.deepEqual(f.fixes, [addFix(r, 'ca = "b.crt"', at(0, 13), ', "b.crt"')]);
    assert.equal(applyEdits(text, [{ range: at(0, 13), newText: ', "b.crt"' }]), 'ca = ["a.crt", "b.crt"]\n[host."https://m.example.com"]\n');
  });

  it('no fix when the top-level ca is spelled in two ways; the advice stays', () => {
    const r = run({ 'hosts.toml': 'ca = "a.crt"\nCA = "a.crt"\n', 'a.crt': pki.ca.pem, 'b.crt': pki.ca.pem });
    assert.deepEqual(found(r), [
      expected(r, 'b.crt', CERT_LINE, `containerd does not use b.crt: ${TAKES_OVER}. Add ca = "b.crt" to the top level of hosts.toml (it applies to https://${REGISTRY}, tried last).`, []),
    ]);
  });
});
