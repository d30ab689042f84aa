/**
 * Tests written against mutants of the core that the rest of the suite let live (issue 9, "Tests
 * that catch regressions"): each `describe` names the mutant it kills. Go's error texts quoted here
 * were checked against the engines' own loaders with the conformance harness (see the report of
 * issue 9): docker28, podman and containerd2 on the same folders.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileFacts } from '../../server/src/core/facts';
import { x509KeyPair } from '../../server/src/core/go/tls';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { Engine } from '../../server/src/core/tree';
import { checkTree, describeFindings, findings, loadOf, theFinding, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { clientCert, ecKey, ed25519Key, pemBlock, pkcs1Pem, pkcs8Pem, rsaKey, sec1Pem, sec1WithParamsPem, selfSigned, selfSignedCa } from '../helpers/pki';
import { file, tempTrees, TreeSpec } from '../helpers/tree';

const ENGINES: Engine[] = ['docker', 'podman', 'containerd'];
/** containerd wraps tls.X509KeyPair's error (hosts.go loadCertFiles). */
const asEngineSays = (engine: Engine, goError: string) => (engine === 'containerd' ? `failed to load X509 key pair: ${goError}` : goError);

describe('mutants of the core', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  const run = (files: TreeSpec, engine: Engine = 'docker'): TreeRun => checkTree(makeTree, { [REGISTRY]: files }, engine);

  describe('weak-key looks at RSA keys only (mutant: the key type test dropped, "RSA key of undefined bits")', () => {
    it('says nothing about ECDSA and Ed25519 certificates and keys', async () => {
      const ca = await selfSignedCa({ commonName: 'EC CA', key: ecKey('P-384', 40) });
      const ec = await clientCert(ca, { commonName: 'ec client', key: ecKey('P-256', 41) });
      const ed = await clientCert(ca, { commonName: 'ed client', key: ed25519Key(42) });
      const r = run({
        'ca.crt': ca.pem,
        'ec.cert': ec.pem,
        'ec.key': file(sec1Pem(ec.key), 0o600),
        'ed.cert': ed.pem,
        'ed.key': file(pkcs8Pem(ed.key), 0o600),
      });
      assert.equal(r.load.clientPairs, 2, describeFindings(r.report));
      assert.deepEqual(findings(r.report, 'certsd/weak-key'), []);
    });

    it('names the real size of a short RSA key beside EC ones', async () => {
      const ec = await selfSignedCa({ commonName: 'EC CA', key: ecKey('P-256', 43) });
      const weak = await selfSigned({ commonName: 'weak client', key: rsaKey(1024, 3), extKeyUsage: ['clientAuth'] });
      const r = run({ 'ca.crt': ec.pem, 'client.cert': weak.pem, 'client.key': file(pkcs8Pem(weak.key), 0o600) });
      const found = findings(r.report, 'certsd/weak-key');
      assert.deepEqual(found.map((f) => path.basename(f.path)).sort(), ['client.cert', 'client.key']);
      for (const f of found) {
        assert.match(f.message, /RSA key of 1024 bits/);
        assert.doesNotMatch(f.message, /undefined/);
      }
    });
  });

  describe('positions are UTF-16 code units (mutant: positionAt counts bytes)', () => {
    it('places every character of a file holding 2-, 3- and 4-byte UTF-8 sequences', () => {
      const lines = ['# Zertifikat für Prüfung ✓ 😀 done', 'ascii only', '€€ 😀😀 x', ''];
      const text = lines.join('\n');
      const t = makeTree({ 'notes.crt': text });
      const facts = new FileFacts(t.path('notes.crt'), nodeFileSystem);
      // Walk the text by code point: the byte offset from Buffer.byteLength, the expected position
      // from JavaScript's own string indices (UTF-16).
      let line = 0;
      let lineStartIndex = 0;
      for (let i = 0; i <= text.length; ) {
        const offset = Buffer.byteLength(text.slice(0, i), 'utf8');
        assert.deepEqual(facts.positionAt(offset), { line, character: i - lineStartIndex }, `at UTF-16 index ${i} (byte ${offset})`);
        if (i === text.length) break;
        const cp = text.codePointAt(i)!;
        i += cp > 0xffff ? 2 : 1;
        if (cp === 0x0a) {
          line++;
          lineStartIndex = i;
        }
      }
      // The first line's range, where whole-file problems are shown, ends after the emoji and "done".
      assert.deepEqual(facts.firstLine, { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0].length } });
      assert.notEqual(lines[0].length, Buffer.byteLength(lines[0]), 'the test line must differ in bytes and UTF-16 units');
    });
  });

  describe('swapped .cert and .key are recognised for every private key type (mutant: only "PRIVATE KEY")', () => {
    const switched = 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    const keyFiles: [string, (c: typeof pki.client) => string][] = [
      ['PKCS#1 (RSA PRIVATE KEY)', (c) => pkcs1Pem(c.key)],
      ['PKCS#8 (PRIVATE KEY)', (c) => pkcs8Pem(c.key)],
    ];
    for (const engine of ENGINES) {
      for (const [label, keyPem] of keyFiles) {
        it(`${engine}: a ${label} key in client.cert`, () => {
          const r = run({ 'client.cert': keyPem(pki.client), 'client.key': file(pki.client.pem, 0o600) }, engine);
          assert.equal(r.load.error, asEngineSays(engine, switched));
          const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.cert'));
          assert.match(f.message, /look swapped/);
        });
      }
      it(`${engine}: a SEC1 key (EC PRIVATE KEY) in client.cert`, async () => {
        const ec = await clientCert(pki.ca, { commonName: 'ec client', key: ecKey('P-256', 44) });
        const r = run({ 'client.cert': sec1Pem(ec.key), 'client.key': file(ec.pem, 0o600) }, engine);
        assert.equal(r.load.error, asEngineSays(engine, switched));
        assert.match(theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.cert')).message, /look swapped/);
      });
      it(`${engine}: EC PARAMETERS before the key is two skipped blocks, not a swap`, async () => {
        const ec = await clientCert(pki.ca, { commonName: 'ec client', key: ecKey('P-256', 44) });
        const r = run({ 'client.cert': sec1WithParamsPem(ec.key), 'client.key': file(ec.pem, 0o600) }, engine);
        assert.equal(
          r.load.error,
          asEngineSays(engine, 'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [EC PARAMETERS EC PRIVATE KEY]'),
        );
      });
    }
  });

  describe('a PKCS#1 key with bytes after its DER is refused (mutant: the trailing-data test dropped)', () => {
    for (const engine of ENGINES) {
      it(`${engine}: refuses the pair, blaming the key`, () => {
        const der = Buffer.from(pki.client.key.privateKey.export({ type: 'pkcs1', format: 'der' }));
        const padded = pemBlock('RSA PRIVATE KEY', Buffer.concat([der, Buffer.from([0])]));
        const r = run({ 'client.cert': pki.client.pem, 'client.key': file(padded, 0o600) }, engine);
        assert.equal(r.load.ok, false);
        assert.equal(r.load.error, asEngineSays(engine, 'tls: failed to parse private key'));
        theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
        // The same key without the extra byte loads: the byte is the only difference.
        const clean = run({ 'client.cert': pki.client.pem, 'client.key': file(pemBlock('RSA PRIVATE KEY', der), 0o600) }, engine);
        assert.equal(clean.load.clientPairs, 1, describeFindings(clean.report));
      });
      // Only x509.ParsePKCS1PrivateKey looks at asn1.Unmarshal's rest: the harness loads both of these.
      it(`${engine}: loads PKCS#8 and SEC1 keys with a byte after their DER`, async () => {
        const ec = await clientCert(pki.ca, { commonName: 'ec client', key: ecKey('P-256', 44) });
        const p8 = Buffer.from(pki.client.key.privateKey.export({ type: 'pkcs8', format: 'der' }));
        const sec1 = Buffer.from(ec.key.privateKey.export({ type: 'sec1', format: 'der' }));
        const r = checkTree(
          makeTree,
          {
            'pkcs8.example.com': { 'client.cert': pki.client.pem, 'client.key': file(pemBlock('PRIVATE KEY', Buffer.concat([p8, Buffer.from([0])])), 0o600) },
            'sec1.example.com': { 'client.cert': ec.pem, 'client.key': file(pemBlock('EC PRIVATE KEY', Buffer.concat([sec1, Buffer.from([0])])), 0o600) },
          },
          engine,
        );
        for (const host of ['pkcs8.example.com', 'sec1.example.com']) assert.equal(loadOf(r.report, host).clientPairs, 1, `${host}:\n${describeFindings(r.report)}`);
      });
    }
  });

  describe('the pair error is put on the file it is about (mutant: blame inverted)', () => {
    const cases: { name: string; files: () => TreeSpec; blamed: 'client.cert' | 'client.key'; says: RegExp }[] = [
      { name: 'a .key that is not PEM', files: () => ({ 'client.cert': pki.client.pem, 'client.key': file('not a key\n', 0o600) }), blamed: 'client.key', says: /failed to find any PEM data in key input/ },
      { name: 'a .cert that is not PEM', files: () => ({ 'client.cert': 'not a certificate\n', 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }), blamed: 'client.cert', says: /failed to find any PEM data in certificate input/ },
      {
        name: 'a CERTIFICATE block that does not parse',
        files: () => ({ 'client.cert': pemBlock('CERTIFICATE', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])), 'client.key': file(pkcs8Pem(pki.client.key), 0o600) }),
        blamed: 'client.cert',
        says: /x509: /,
      },
      { name: 'a key of another certificate', files: () => ({ 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(rsaKey(2048, 1)), 0o600) }), blamed: 'client.key', says: /private key does not match public key/ },
    ];
    for (const c of cases) {
      it(`${c.name}: on ${c.blamed}`, () => {
        const r = run(c.files());
        const all = findings(r.report, 'certsd/invalid-key-pair');
        assert.deepEqual(all.map((f) => path.basename(f.path)), [c.blamed], describeFindings(r.report));
        assert.match(all[0].message, c.says);
        // The range is inside the blamed file.
        const lines = fs.readFileSync(r.file(c.blamed), 'utf8').split('\n').length;
        assert.ok(all[0].range.end.line < lines);
      });
    }
  });

  // Go's crypto/x509 AppendCertsFromPEM and crypto/tls X509KeyPair (go/tls.ts), as the harness runs them.
  describe('go/tls.ts: which PEM blocks count, and the error for each input (Stryker survivors)', () => {
    const CSR = () => pemBlock('CERTIFICATE REQUEST', Buffer.from([0x30, 0x00]));
    const notCert = (types: string) => `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${types}]`;
    const notKey = (types: string) => `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${types}]`;

    for (const engine of ENGINES) {
      it(`${engine}: a CA root is a CERTIFICATE block without headers; TRUSTED CERTIFICATE and headed blocks are skipped`, () => {
        const r = checkTree(
          makeTree,
          {
            'headed.example.com': { 'ca.crt': pemBlock('CERTIFICATE', pki.ca.der, { Comment: 'registry CA' }) },
            'trusted.example.com': { 'ca.crt': pemBlock('TRUSTED CERTIFICATE', pki.ca.der) },
            'mixed.example.com': { 'ca.crt': pemBlock('CERTIFICATE', pki.ca.der, { Comment: 'x' }) + pki.server.pem },
          },
          engine,
        );
        assert.equal(loadOf(r.report, 'mixed.example.com').caRoots, 1);
        for (const host of ['headed.example.com', 'trusted.example.com']) {
          const load = loadOf(r.report, host);
          assert.equal(load.caRoots, 0, host);
          // containerd refuses a CA file that adds nothing to the pool; the others skip it silently.
          if (engine === 'containerd') assert.equal(load.error, `unable to load CA cert "${r.tree.path('certs.d', host, 'ca.crt')}"`);
          else assert.equal(load.ok, true, host);
        }
      });

      it(`${engine}: PEM headers do not matter to X509KeyPair`, () => {
        const r = checkTree(
          makeTree,
          {
            'cert.example.com': { 'client.cert': pemBlock('CERTIFICATE', pki.client.der, { Comment: 'x' }), 'client.key': file(pkcs8Pem(pki.client.key), 0o600) },
            'key.example.com': { 'client.cert': pki.client.pem, 'client.key': file(pemBlock('PRIVATE KEY', pki.client.key.privateKey.export({ type: 'pkcs8', format: 'der' }), { Comment: 'x' }), 0o600) },
          },
          engine,
        );
        for (const host of ['cert.example.com', 'key.example.com']) assert.equal(loadOf(r.report, host).clientPairs, 1, host);
      });

      const pairCases: { name: string; cert: () => string; key: () => string; error: string; blamed: 'client.cert' | 'client.key' }[] = [
        { name: 'a certificate request alone in the .cert', cert: CSR, key: () => pkcs8Pem(pki.client.key), error: notCert('CERTIFICATE REQUEST'), blamed: 'client.cert' },
        { name: 'two keys in the .cert (no swap: more than one block)', cert: () => pkcs8Pem(pki.client.key) + pkcs1Pem(pki.client.key), key: () => pki.client.pem, error: notCert('PRIVATE KEY RSA PRIVATE KEY'), blamed: 'client.cert' },
        { name: 'a certificate request alone in the .key', cert: () => pki.client.pem, key: CSR, error: notKey('CERTIFICATE REQUEST'), blamed: 'client.key' },
        { name: 'a chain of two certificates in the .key', cert: () => pki.client.pem, key: () => pki.client.pem + pki.ca.pem, error: notKey('CERTIFICATE CERTIFICATE'), blamed: 'client.key' },
        { name: 'one certificate in the .key', cert: () => pki.client.pem, key: () => pki.client.pem, error: 'tls: found a certificate rather than a key in the PEM for the private key', blamed: 'client.key' },
      ];
      for (const c of pairCases) {
        it(`${engine}: ${c.name}`, () => {
          const r = run({ 'client.cert': c.cert(), 'client.key': file(c.key(), 0o600) }, engine);
          assert.equal(r.load.error, asEngineSays(engine, c.error));
          assert.deepEqual(findings(r.report, 'certsd/invalid-key-pair').map((f) => path.basename(f.path)), [c.blamed], describeFindings(r.report));
        });
      }
    }

    // A self-signed CA:TRUE client certificate (openssl req -x509) beside a key that fails: the key
    // is at fault (invalid-key-pair), not the extension (ca-as-cert), whatever is wrong with the key.
    const selfSignedKeyCases: [string, () => string][] = [
      ['no PEM', () => 'not a key\n'],
      ['a certificate', () => pki.ca.pem],
      ['a certificate request', CSR],
      ['a key that does not parse', () => pemBlock('PRIVATE KEY', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]))],
    ];
    for (const [what, key] of selfSignedKeyCases) {
      it(`blames a .key holding ${what} beside a self-signed CA:TRUE .cert, not the extension`, () => {
        const r = run({ 'client.cert': pki.ca.pem, 'client.key': file(key(), 0o600) });
        assert.deepEqual(findings(r.report, 'certsd/ca-as-cert'), [], describeFindings(r.report));
        theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
      });
    }
  });

  describe('x509KeyPair says which input its error is about', () => {
    const facts = (name: string, text: string) => {
      const t = makeTree({ [name]: text });
      return new FileFacts(t.path(name), nodeFileSystem);
    };
    const cases: [string, () => [string, string], 'cert' | 'key' | 'pair'][] = [
      ['no PEM in the .cert', () => ['nothing\n', pkcs8Pem(pki.client.key)], 'cert'],
      ['a .cert that does not parse', () => [pemBlock('CERTIFICATE', Buffer.from([0x30, 0x00])), pkcs8Pem(pki.client.key)], 'cert'],
      ['no PEM in the .key', () => [pki.client.pem, 'nothing\n'], 'key'],
      ['a .key that does not parse', () => [pki.client.pem, pemBlock('PRIVATE KEY', Buffer.from([0x30, 0x00]))], 'key'],
      ['a key of another certificate', () => [pki.client.pem, pkcs8Pem(rsaKey(2048, 1))], 'pair'],
    ];
    for (const [name, files, blame] of cases) {
      it(`${name}: ${blame}`, () => {
        const [cert, key] = files();
        const r = x509KeyPair(facts('client.cert', cert), facts('client.key', key));
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.blame, blame);
      });
    }
  });
});
