/**
 * certsd/hosts-toml-file (rules/hostsTomlFile.ts): a file hosts.toml names under "ca" or "client"
 * that containerd cannot use fails every lookup of the registry (updateTLSConfigFromHost). Checked
 * whole: the finding sits on the path string in hosts.toml, quotes containerd's own error (Go's
 * os.ReadFile / tls.X509KeyPair wording), and says why in one sentence per cause.
 */
import * as assert from 'node:assert/strict';
import { Range } from '../../server/src/core/facts';
import { Finding } from '../../server/src/core/findings';
import { checkTree, deniedFileSystem, describeFindings, findings, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const CODE = 'certsd/hosts-toml-file';

/** The range of `"value"` (quotes included) on line `line`, starting at `character`. */
function str(line: number, character: number, value: string): Range {
  return { start: { line, character }, end: { line, character: character + value.length + 2 } };
}

describe('certsd/hosts-toml-file', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function run(files: TreeSpec, o: TreeRunOptions & { engine?: 'containerd' | 'docker' } = {}): TreeRun {
    const { engine = 'containerd', ...rest } = o;
    return checkTree(makeTree, { [REGISTRY]: files }, engine, rest);
  }

  function expected(r: TreeRun, range: Range, named: string, message: string): Finding {
    return {
      code: CODE,
      severity: 'error',
      path: r.file('hosts.toml'),
      hostPath: r.file(''),
      range,
      summary: `The whole folder is refused: ${named} named here cannot be used`,
      message,
    };
  }

  const found = (r: TreeRun) => findings(r.report, CODE);

  it('an absolute path that names nothing: no word about joining to the host folder', () => {
    const missing = '/nonexistent-certsd-test/ca.crt';
    const r = run({ 'hosts.toml': `ca = ${JSON.stringify(missing)}\n` });
    assert.deepEqual(found(r), [
      expected(r, str(0, 5, missing), 'ca.crt', `containerd refuses the whole folder: 'unable to read CA cert "${missing}": open ${missing}: no such file or directory'. There is no ${missing}. Fix the path, or put the file there.`),
    ]);
  });

  it('a path through a file (ENOTDIR) is a path that names nothing', () => {
    const r = run({ 'hosts.toml': 'ca = "ca.crt/inner.crt"\n', 'ca.crt': pki.ca.pem });
    const p = r.file('ca.crt/inner.crt');
    assert.deepEqual(found(r), [
      expected(r, str(0, 5, 'ca.crt/inner.crt'), 'inner.crt', `containerd refuses the whole folder: 'unable to read CA cert "${p}": open ${p}: not a directory'. There is no ${p} (relative paths are joined to the host folder). Fix the path, or put the file there.`),
    ]);
  });

  it('a folder named as a CA file', () => {
    const r = run({ 'hosts.toml': 'ca = ["sub"]\n', sub: { 'ca.crt': pki.ca.pem } });
    const p = r.file('sub');
    assert.deepEqual(found(r), [expected(r, str(0, 6, 'sub'), 'sub', `containerd refuses the whole folder: 'unable to read CA cert "${p}": read ${p}: is a directory'. ${p} is a folder, not a file.`)]);
  });

  it('a file the engine may not read: names who cannot read it (Docker through its containerd image store)', () => {
    let denied = '';
    const r = run(
      { 'hosts.toml': '[host."https://m.example.com"]\n  ca = "ca.crt"\n', 'ca.crt': pki.ca.pem },
      { engine: 'docker', dockerStore: 'containerd', fs: (t) => deniedFileSystem([(denied = t.path('certs.d', REGISTRY, 'ca.crt'))]) },
    );
    assert.deepEqual(found(r), [
      expected(r, str(1, 7, 'ca.crt'), 'ca.crt', `Docker (pulls and pushes) refuses the whole folder: 'unable to read CA cert "${denied}": open ${denied}: permission denied'. Docker (pulls and pushes) cannot read it: make it readable by the user the engine runs as.`),
    ]);
  });

  it('a CA file that holds no certificate: says what it holds', () => {
    const r = run({ 'hosts.toml': 'ca = "empty.crt"\n', 'empty.crt': '' });
    const p = r.file('empty.crt');
    assert.deepEqual(found(r), [expected(r, str(0, 5, 'empty.crt'), 'empty.crt', `containerd refuses the whole folder: 'unable to load CA cert "${p}"'. empty.crt is empty.`)]);
  });

  it('a key that does not match: on the key string, pointing at the key', () => {
    const r = run({ 'hosts.toml': 'client = [["client.cert", "other.key"]]\n', 'client.cert': pki.client.pem, 'other.key': pkcs8Pem(rsaKey(2048, 5)) });
    assert.deepEqual(found(r), [
      expected(r, str(0, 26, 'other.key'), 'other.key', 'containerd refuses the whole folder: "failed to load X509 key pair: tls: private key does not match public key". The key and its certificate do not load as a pair (see the finding on other.key).'),
    ]);
  });

  it('a certificate and key swapped: on the certificate string, pointing at the certificate', () => {
    const r = run({ 'hosts.toml': 'client = [["c.cert", "c.key"]]\n', 'c.cert': pkcs8Pem(pki.client.key), 'c.key': pki.client.pem });
    assert.deepEqual(found(r), [
      expected(
        r,
        str(0, 11, 'c.cert'),
        'c.cert',
        'containerd refuses the whole folder: "failed to load X509 key pair: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched". The certificate and its key do not load as a pair (see the finding on c.cert).',
      ),
    ]);
  });

  it('a missing client certificate: on its string only, not on the key beside it', () => {
    const r = run({ 'hosts.toml': 'client = [["gone.cert", "c.key"]]\n', 'c.key': pkcs8Pem(pki.client.key) });
    const p = r.file('gone.cert');
    assert.deepEqual(found(r), [
      expected(r, str(0, 11, 'gone.cert'), 'gone.cert', `containerd refuses the whole folder: 'unable to read CERT file "${p}": open ${p}: no such file or directory'. There is no ${p} (relative paths are joined to the host folder). Fix the path, or put the file there.`),
    ]);
  });

  it('an empty key path names the host folder itself', () => {
    const r = run({ 'hosts.toml': 'client = [["client.cert", ""]]\n', 'client.cert': pki.client.pem });
    const dir = r.file('');
    assert.deepEqual(found(r), [
      expected(
        r,
        str(0, 26, ''),
        REGISTRY,
        `containerd refuses the whole folder: 'unable to read CERT file "${dir}": read ${dir}: is a directory'. An empty path is joined to the host folder, so the folder itself is read as the key. Name the key file, or use the string form (client = "x.cert") when the key is in the certificate file.`,
      ),
    ]);
  });

  it('one missing file named as a client certificate, then as a CA file: each string quotes the error of its own step', () => {
    const toml = '[host."https://a.example.com"]\nclient = "m.crt"\n[host."https://b.example.com"]\nca = "m.crt"\n';
    const r = run({ 'hosts.toml': toml });
    const p = r.file('m.crt');
    assert.deepEqual(r.load.errors.map((e) => e.message), [`unable to read CERT file "${p}": open ${p}: no such file or directory`, `unable to read CA cert "${p}": open ${p}: no such file or directory`]);
    const why = `There is no ${p} (relative paths are joined to the host folder). Fix the path, or put the file there.`;
    assert.deepEqual(found(r), [
      expected(r, str(1, 9, 'm.crt'), 'm.crt', `containerd refuses the whole folder: 'unable to read CERT file "${p}": open ${p}: no such file or directory'. ${why}`),
      expected(r, str(3, 5, 'm.crt'), 'm.crt', `containerd would also refuse the whole folder once m.crt is fixed: 'unable to read CA cert "${p}": open ${p}: no such file or directory'. ${why}`),
    ]);
  });

  it('the same, CA first: the client string is not given the CA error', () => {
    const toml = '[host."https://a.example.com"]\nca = "m.crt"\n[host."https://b.example.com"]\nclient = "m.crt"\n';
    const r = run({ 'hosts.toml': toml });
    const p = r.file('m.crt');
    const why = `There is no ${p} (relative paths are joined to the host folder). Fix the path, or put the file there.`;
    assert.deepEqual(found(r), [
      expected(r, str(1, 5, 'm.crt'), 'm.crt', `containerd refuses the whole folder: 'unable to read CA cert "${p}": open ${p}: no such file or directory'. ${why}`),
      expected(r, str(3, 9, 'm.crt'), 'm.crt', `containerd would also refuse the whole folder once m.crt is fixed: 'unable to read CERT file "${p}": open ${p}: no such file or directory'. ${why}`),
    ]);
  });

  it('a file that is neither a certificate nor a key, named as a client and as a CA file: the pair error and the CA error', () => {
    const toml = '[host."https://a.example.com"]\nclient = "x.crt"\n[host."https://b.example.com"]\nca = "x.crt"\n';
    const r = run({ 'hosts.toml': toml, 'x.crt': 'hello\n' });
    const p = r.file('x.crt');
    assert.deepEqual(found(r), [
      expected(r, str(1, 9, 'x.crt'), 'x.crt', 'containerd refuses the whole folder: "failed to load X509 key pair: tls: failed to find any PEM data in certificate input". The certificate and its key do not load as a pair (see the finding on x.crt).'),
      expected(
        r,
        str(3, 5, 'x.crt'),
        'x.crt',
        `containerd would also refuse the whole folder once x.crt is fixed: 'unable to load CA cert "${p}"'. x.crt holds no PEM block: it must contain -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.`,
      ),
    ]);
  });

  it('says nothing of a host containerd never tries (a dotted key in 2.x), even when it names the failing file', () => {
    const r = run({ 'hosts.toml': 'ca = "missing.crt"\nhost."https://m.example.com".ca = "missing.crt"\n' });
    const p = r.file('missing.crt');
    assert.deepEqual(r.load.tomlDropped?.map((d) => d.name), ['https://m.example.com']);
    assert.deepEqual(found(r), [
      expected(r, str(0, 5, 'missing.crt'), 'missing.crt', `containerd refuses the whole folder: 'unable to read CA cert "${p}": open ${p}: no such file or directory'. There is no ${p} (relative paths are joined to the host folder). Fix the path, or put the file there.`),
    ]);
  });

  it('says nothing when every named file loads, nor without hosts.toml (read-error speaks of loose files)', () => {
    const ok = run({ 'hosts.toml': 'ca = "ca.crt"\nclient = [["c.cert", "c.key"]]\n', 'ca.crt': pki.ca.pem, 'c.cert': pki.client.pem, 'c.key': pkcs8Pem(pki.client.key) });
    assert.deepEqual(found(ok), [], describeFindings(ok.report));
    const loose = run({ 'a.crt': '', 'c.cert': pki.client.pem });
    assert.equal(loose.load.errors.length > 0, true);
    assert.deepEqual(found(loose), [], describeFindings(loose.report));
    assert.deepEqual(
      loose.report.findings.filter((f) => f.code === 'certsd/internal-error'),
      [],
    );
  });
});
