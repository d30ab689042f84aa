/**
 * certsd/ca-unusable (rules/caUnusable.ts): a .crt that gives the engine no CA certificate, checked
 * whole: the verdict (ignored silently, with or without other roots; containerd's refusal), the
 * severity that follows from it, where it points (a broken base64 line, else the first line) and
 * the DER conversion.
 */
import * as assert from 'node:assert/strict';
import { Finding, Fix } from '../../server/src/core/findings';
import { Engine } from '../../server/src/core/tree';
import { checkTree, describeFindings, findings, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { pkcs8Pem, rsaKey } from '../helpers/pki';
import { symlink, tempTrees, TreeSpec } from '../helpers/tree';

const CODE = 'certsd/ca-unusable';
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const UNKNOWN_AUTHORITY = '"x509: certificate signed by unknown authority"';

/** `pem` with one character of line `line` (0-based, a base64 line) changed to one base64 does not have. */
function breakLine(pem: string, line: number): string {
  const lines = pem.split('\n');
  lines[line] = lines[line].slice(0, 10) + '!' + lines[line].slice(11);
  return lines.join('\n');
}

describe('certsd/ca-unusable', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function run(files: TreeSpec, engine: Engine = 'docker'): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine);
  }

  function unusable(r: TreeRun): Finding[] {
    return findings(r.report, CODE);
  }

  function expected(r: TreeRun, name: string, severity: 'error' | 'warning', summary: string, message: string, range = ZERO, fixes: Fix[] = []): Finding {
    return { code: CODE, severity, path: r.file(name), range, summary, message, hostPath: r.file('').replace(/\/$/, ''), fixes };
  }

  const ignored = (name: string) => `${name} holds no CA certificate Go can use, so it is ignored`;
  const refused = (name: string) => `The whole folder is refused: ${name} holds no CA certificate Go can use`;

  for (const engine of ['docker', 'podman'] as const) {
    const actor = engine === 'docker' ? 'Docker' : 'Podman';

    it(`${engine}: the only .crt is empty: ignored silently, so pulls fail (an error)`, () => {
      const r = run({ 'ca.crt': '' }, engine);
      assert.equal(r.load.ok, true);
      assert.deepEqual(unusable(r), [expected(r, 'ca.crt', 'error', ignored('ca.crt'), `${actor} silently ignores this file, so pulls fail with ${UNKNOWN_AUTHORITY}: ca.crt is empty.`)]);
    });

    it(`${engine}: an empty .crt beside one that loads: a warning, the other still gives roots`, () => {
      const r = run({ 'a.crt': pki.ca.pem, 'b.crt': '\n' }, engine);
      assert.deepEqual(unusable(r), [
        expected(r, 'b.crt', 'warning', ignored('b.crt'), `${actor} silently ignores this file (the other .crt files still give it CA roots): b.crt is empty.`),
      ]);
    });
  }

  it('containerd refuses the folder, even when another .crt loads; a second refusal comes once the first is fixed', () => {
    const r = run({ 'a.crt': '', 'b.crt': pki.ca.pem, 'c.crt': 'hello\n' }, 'containerd');
    const [a, c] = [r.file('a.crt'), r.file('c.crt')];
    assert.deepEqual(unusable(r), [
      expected(r, 'a.crt', 'error', refused('a.crt'), `containerd refuses the whole folder: 'unable to load CA cert "${a}"': a.crt is empty.`),
      expected(
        r,
        'c.crt',
        'error',
        refused('c.crt'),
        `containerd would also refuse the whole folder once a.crt is fixed: 'unable to load CA cert "${c}"': c.crt holds no PEM block: it must contain -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.`,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      ),
    ]);
  });

  it("containerd: quotes the file's own CA refusal, not an earlier pair error on the same file", () => {
    // hosts.toml names x.crt as one host's client certificate, then as another's CA file.
    const toml = '[host."https://a.example.com"]\nclient = "x.crt"\n[host."https://b.example.com"]\nca = "x.crt"\n';
    const r = run({ 'hosts.toml': toml, 'x.crt': 'hello\n' }, 'containerd');
    const x = r.file('x.crt');
    assert.deepEqual(r.load.errors.map((e) => e.kind), ['key-pair', 'ca-unusable']);
    assert.deepEqual(unusable(r), [
      expected(
        r,
        'x.crt',
        'error',
        refused('x.crt'),
        `containerd would also refuse the whole folder once x.crt is fixed: 'unable to load CA cert "${x}"': x.crt holds no PEM block: it must contain -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.`,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      ),
    ]);
  });

  it('a DER certificate: pointed at no line, with a conversion to PEM in place', () => {
    const r = run({ 'ca.crt': pki.ca.der });
    const p = r.file('ca.crt');
    assert.deepEqual(unusable(r), [
      expected(
        r,
        'ca.crt',
        'error',
        ignored('ca.crt'),
        `Docker silently ignores this file, so pulls fail with ${UNKNOWN_AUTHORITY}: ca.crt is a DER (binary) certificate, and the engines read PEM only: convert it to PEM.`,
        ZERO,
        [{ kind: 'der-to-pem', title: 'Convert to PEM', path: p, to: p, preferred: true }],
      ),
    ]);
  });

  it('a broken base64 line is pointed at, not the top of the file', () => {
    const r = run({ 'ca.crt': breakLine(pki.ca.pem, 3) });
    assert.deepEqual(unusable(r), [
      expected(
        r,
        'ca.crt',
        'error',
        ignored('ca.crt'),
        `Docker silently ignores this file, so pulls fail with ${UNKNOWN_AUTHORITY}: line 4 of ca.crt breaks the base64 of its CERTIFICATE block (a character lost, added or changed), so Go skips the block: copy the certificate again.`,
        { start: { line: 3, character: 0 }, end: { line: 3, character: 64 } },
      ),
    ]);
  });

  it('the broken line pointed at is the certificate\'s, not that of a broken key before it', () => {
    const key = breakLine(pkcs8Pem(rsaKey(2048, 3)), 2);
    const keyLines = key.trimEnd().split('\n').length;
    const r = run({ 'ca.crt': key + breakLine(pki.ca.pem, 5) });
    assert.deepEqual(unusable(r), [
      expected(
        r,
        'ca.crt',
        'error',
        ignored('ca.crt'),
        `Docker silently ignores this file, so pulls fail with ${UNKNOWN_AUTHORITY}: line ${keyLines + 6} of ca.crt breaks the base64 of its CERTIFICATE block (a character lost, added or changed), so Go skips the block: copy the certificate again.`,
        { start: { line: keyLines + 5, character: 0 }, end: { line: keyLines + 5, character: 64 } },
      ),
    ]);
  });

  it('a PEM file of something else points at its first line', () => {
    const r = run({ 'ca.crt': pkcs8Pem(rsaKey(2048, 3)) });
    assert.deepEqual(unusable(r), [
      expected(
        r,
        'ca.crt',
        'error',
        ignored('ca.crt'),
        `Docker silently ignores this file, so pulls fail with ${UNKNOWN_AUTHORITY}: ca.crt holds a private key, not a certificate: a CA file holds certificates only.`,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } },
      ),
    ]);
  });

  it('says nothing of a .crt that loads, nor of a dangling link Podman skips (read-error says that)', () => {
    for (const r of [run({ 'ca.crt': pki.ca.pem }), run({ 'ca.crt': pki.ca.pem }, 'containerd'), run({ 'ca.crt': symlink('gone.pem'), 'ok.crt': pki.ca.pem }, 'podman')]) {
      assert.deepEqual(unusable(r), [], describeFindings(r.report));
    }
  });
});
