/**
 * crypto/x509 Verify as modelled in server/src/core/go/verify.ts: chains made at test time
 * (test/helpers/verifyCases.ts, whose texts were checked against Go 1.26's own Verify), and the
 * name, address and time rules underneath.
 */
import * as assert from 'node:assert/strict';
import { GoCertPool, sha256Of } from '../../server/src/core/go/certPool';
import { goParseCertificate, GoCertificate } from '../../server/src/core/go/parseCertificate';
import { formatRfc3339, goVerify, verifyHostname } from '../../server/src/core/go/verify';
import { goParseIP, ipString } from '../../server/src/core/go/x509';
import { ecKey, issuedBy, selfSignedCa, serverCert, TestCert } from '../helpers/pki';
import { verifyCases } from '../helpers/verifyCases';

function go(c: TestCert): GoCertificate {
  const r = goParseCertificate(c.der);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function pool(certs: TestCert[], kind: 'folder' | 'server'): GoCertPool {
  const p = new GoCertPool();
  certs.forEach((c, i) => p.add(go(c), { kind, path: kind === 'folder' ? `/certs.d/reg/ca${i}.crt` : undefined, index: i }));
  return p;
}

describe('Go Verify', () => {
  let cases: Awaited<ReturnType<typeof verifyCases>>;
  before(async () => {
    cases = await verifyCases();
  });

  it('gives Go 1.26 verdict and error text on every corner case', () => {
    for (const c of cases) {
      const leaf = go(c.leaf);
      const r = goVerify({ cert: leaf, sha256: sha256Of(leaf.der), source: { kind: 'server', index: 0 } }, { dnsName: c.dnsName, roots: pool(c.roots, 'folder'), intermediates: pool(c.intermediates, 'server'), now: new Date() });
      const got = r.ok ? `ok ${r.chains[0].length}` : r.error;
      if (c.expect instanceof RegExp) assert.match(got, c.expect, c.name);
      else assert.equal(got, c.expect, c.name);
    }
  });

  it('says which pool certificate anchored the chain', () => {
    const c = cases.find((x) => x.name === 'a chain through the intermediate')!;
    const leaf = go(c.leaf);
    const r = goVerify({ cert: leaf, sha256: sha256Of(leaf.der), source: { kind: 'server', index: 0 } }, { dnsName: c.dnsName, roots: pool(c.roots, 'folder'), intermediates: pool(c.intermediates, 'server'), now: new Date() });
    assert.ok(r.ok);
    const chain = r.chains[0];
    assert.deepEqual(chain.map((p) => p.source.kind), ['server', 'server', 'folder']);
    assert.equal(chain[2].source.path, '/certs.d/reg/ca0.crt');
    assert.equal(chain[2].sha256, sha256Of(c.roots[0].der));
  });

  it('prints the current time in the local offset and the certificate times in UTC, as time.Format(RFC3339)', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    assert.equal(formatRfc3339(t), '2026-01-02T03:04:05Z');
    assert.equal(formatRfc3339(t, 60), '2026-01-02T04:04:05+01:00');
    assert.equal(formatRfc3339(t, -330), '2026-01-01T21:34:05-05:30');
  });
});

describe('Go VerifyHostname', () => {
  let ca: TestCert;
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Hostname CA', key: ecKey('P-256', 41) });
  });
  const cert = async (o: { sans?: string[]; commonName?: string }) => go(await serverCert(ca, o.commonName ?? 'x', { key: ecKey('P-256', 42), ...o }));

  it('matches a wildcard only as the whole left-most label, one label deep', async () => {
    const c = await cert({ sans: ['*.wild.test'] });
    assert.deepEqual(verifyHostname(c, 'a.wild.test'), { ok: true, matched: '*.wild.test' });
    assert.equal(verifyHostname(c, 'wild.test').ok, false);
    assert.equal(verifyHostname(c, 'a.b.wild.test').ok, false);
    assert.deepEqual(verifyHostname(c, 'a.wild.test.'), { ok: true, matched: '*.wild.test' });
    const partial = await cert({ sans: ['a*.wild.test'] });
    // Not a valid pattern: only an exact (case-insensitive) match would do.
    assert.equal(verifyHostname(partial, 'ab.wild.test').ok, false);
    assert.equal(verifyHostname(partial, 'A*.WILD.test').ok, true);
  });

  it('checks IP addresses against IP SANs only, IPv4 also in its IPv6-mapped form', async () => {
    const c = await cert({ sans: ['10.1.2.3', 'fe80::1', '10.1.2.3.example'] });
    assert.equal(verifyHostname(c, '10.1.2.3').ok, true);
    assert.equal(verifyHostname(c, '::ffff:10.1.2.3').ok, true);
    assert.equal(verifyHostname(c, '[fe80::1]').ok, true);
    assert.deepEqual(verifyHostname(c, '10.1.2.4'), { ok: false, error: 'x509: certificate is valid for 10.1.2.3, fe80::1, not 10.1.2.4' });
    const dnsOnly = await cert({ sans: ['reg.test'] });
    assert.deepEqual(verifyHostname(dnsOnly, '10.1.2.3'), { ok: false, error: "x509: cannot validate certificate for 10.1.2.3 because it doesn't contain any IP SANs" });
  });

  it('names the legacy Common Name only when there is no SAN extension and the CN would match', async () => {
    const noSan = go(await issuedBy(ca, { commonName: 'Legacy.Test', extKeyUsage: ['serverAuth'], key: ecKey('P-256', 43) }));
    assert.deepEqual(verifyHostname(noSan, 'legacy.test'), { ok: false, error: 'x509: certificate relies on legacy Common Name field, use SANs instead' });
    assert.deepEqual(verifyHostname(noSan, 'other.test'), { ok: false, error: 'x509: certificate is not valid for any names, but wanted to match other.test' });
  });

  it('reads and prints addresses as the net package does', () => {
    assert.equal(goParseIP('010.1.2.3'), undefined, 'Go refuses leading zeros');
    assert.equal(goParseIP('fe80::1%eth0'), undefined, 'ParseIP takes no zone');
    assert.equal(ipString(goParseIP('::ffff:1.2.3.4')!), '1.2.3.4');
    assert.equal(ipString(goParseIP('2001:db8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1');
    assert.equal(ipString(goParseIP('::')!), '::');
    assert.equal(ipString(Uint8Array.from([192, 0, 2, 1])), '192.0.2.1');
  });
});
