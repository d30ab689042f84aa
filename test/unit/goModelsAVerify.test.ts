/**
 * crypto/x509 Certificate.Verify, VerifyHostname and CheckSignatureFrom as modelled in
 * server/src/core/go/ (verify.ts, checkSignature.ts, certPool.ts): chains built at test time at
 * fixed dates (test/helpers/goModelsAVerifyCases.ts), each with the whole text Go 1.26 gives
 * (recorded for the conformance suite's re-check against real Go, test/helpers/goVectors.ts).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { GoCertPool } from '../../server/src/core/go/certPool';
import { checkSignatureFrom } from '../../server/src/core/go/checkSignature';
import { parseGodebug, goDefaults } from '../../server/src/core/go/godebug';
import { goVerify, verifyHostname } from '../../server/src/core/go/verify';
import { build, caExtensions, go, leafExtensions, leafOf, NOW, p256, pool } from '../helpers/goModelsA';
import { hostnameCasesA, rfc3339At, signatureCasesA, verifyCasesA } from '../helpers/goModelsAVerifyCases';
import { recordGoVector } from '../helpers/goVectors';

describe('Go Verify (goModelsA)', () => {
  for (const c of verifyCasesA()) {
    it(`${c.name}: ${c.expect}`, () => {
      recordGoVector({ name: `goModelsA: ${c.name}`, kind: 'verify', der: c.leaf, roots: c.roots, intermediates: c.intermediates, dnsName: c.dnsName, now: rfc3339At(c.now, c.offset), expect: c.expect });
      const r = goVerify(leafOf(c.leaf), { dnsName: c.dnsName, roots: pool(c.roots), intermediates: pool(c.intermediates), now: c.now, localOffsetMinutes: c.offset });
      assert.deepStrictEqual({ verdict: r.ok ? `ok ${r.chains[0].length}` : r.error, unmodelled: r.unmodelled }, { verdict: c.expect, unmodelled: c.unmodelled ?? [] });
    });
  }

  it('returns every chain, in pool order, each ending in the pool certificate that anchored it', () => {
    const rootKey = p256(1);
    const root = build({ signer: rootKey, subject: 'Verify A Root', issuer: 'Verify A Root', extensions: caExtensions() });
    // A second root of the same name and key (another serial), and the same again as an
    // intermediate: a chain through it would meet a root already in the chain (alreadyInChain).
    const root2 = build({ signer: rootKey, subject: 'Verify A Root', issuer: 'Verify A Root', extensions: caExtensions(), serial: 98n });
    const inter = build({ signer: rootKey, subject: 'Verify A Root', issuer: 'Verify A Root', extensions: caExtensions(), serial: 99n });
    const leaf = build({ signer: rootKey, key: p256(3), subject: 'leaf', issuer: 'Verify A Root', extensions: leafExtensions(['leaf.verify-a.test']) });
    const r = goVerify(leafOf(leaf), { dnsName: 'leaf.verify-a.test', roots: pool([root, root2]), intermediates: pool([inter]), now: NOW, localOffsetMinutes: 0 });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepStrictEqual(
      r.chains.map((chain) => chain.map((p) => `${p.source.kind}:${p.source.path ?? p.source.index}`)),
      [
        ['server:0', 'folder:/certs.d/reg/ca0.crt'],
        ['server:0', 'folder:/certs.d/reg/ca1.crt'],
      ],
    );
  });

  it('reports the leaf the error is about and the hint candidate', () => {
    const leaf = build({ signer: p256(4), key: p256(3), subject: 'leaf', issuer: 'Verify A Root', extensions: leafExtensions(['leaf.verify-a.test']) });
    const root = build({ signer: p256(1), subject: 'Verify A Root', issuer: 'Verify A Root', extensions: caExtensions() });
    const r = goVerify(leafOf(leaf), { roots: pool([root]), intermediates: new GoCertPool(), now: NOW, localOffsetMinutes: 0 });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepStrictEqual({ kind: r.kind, cert: r.cert.der, hint: r.hint && { error: r.hint.error, cert: r.hint.cert.der } }, { kind: 'unknown-authority', cert: leaf, hint: { error: 'x509: ECDSA verification failure', cert: root } });
  });

  it('takes the local offset from the Date when none is given (Go prints time.Now() in time.Local)', () => {
    const leaf = build({ signer: p256(1), key: p256(3), subject: 'leaf', issuer: 'Verify A Root', extensions: leafExtensions(['leaf.verify-a.test']), notAfter: '260101000000Z' });
    // A Date whose getTimezoneOffset says UTC-03:00, whatever the machine's zone.
    const now = Object.assign(new Date(NOW), { getTimezoneOffset: () => 180 });
    const r = goVerify(leafOf(leaf), { roots: new GoCertPool(), intermediates: new GoCertPool(), now });
    assert.equal(r.ok ? 'ok' : r.error, 'x509: certificate has expired or is not yet valid: current time 2026-05-31T21:00:00-03:00 is after 2026-01-01T00:00:00Z');
  });
});

describe('Go VerifyHostname (goModelsA)', () => {
  for (const c of hostnameCasesA()) {
    it(`${c.name}: ${JSON.stringify(c.host)} -> ${c.expect}`, () => {
      recordGoVector({ name: `goModelsA: ${c.name}`, kind: 'hostname', der: c.cert, dnsName: c.host, expect: c.expect });
      const r = verifyHostname(go(c.cert), c.host);
      assert.deepStrictEqual(r, c.expect === 'ok' ? { ok: true, matched: c.matched } : { ok: false, error: c.expect });
    });
  }
});

describe('Go CheckSignatureFrom (goModelsA)', () => {
  for (const c of signatureCasesA()) {
    it(`${c.name}: ${c.expect}`, () => {
      recordGoVector({ name: `goModelsA: ${c.name}`, kind: 'signature', der: c.child, parent: c.parent, expect: c.expect });
      const r = checkSignatureFrom(go(c.child), go(c.parent));
      assert.deepStrictEqual(r, c.expect === 'ok' ? undefined : { error: c.expect });
    });
  }

  it('refuses a 1023-bit RSA parent key only with rsa1024min=1 (the Go 1.24 default)', () => {
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1023 });
    const parent = go(build({ signer: small, subject: 'Small CA', issuer: 'Small CA', extensions: caExtensions() }));
    const child = go(build({ signer: small, key: p256(3), subject: 'child', issuer: 'Small CA', extensions: leafExtensions(['child.test']) }));
    assert.deepStrictEqual(checkSignatureFrom(child, parent, goDefaults('1.26')), { error: 'crypto/rsa: 1023-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)' });
    assert.deepStrictEqual(checkSignatureFrom(child, parent, parseGodebug('rsa1024min=0', goDefaults('1.26'))), undefined);
  });
});
