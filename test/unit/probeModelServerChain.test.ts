/**
 * What Go's tls client does with the certificates the server sent (server/src/core/probe/
 * serverChain.ts, crypto/tls handshake_client.go verifyServerCertificate): each parsed
 * ("tls: failed to parse certificate from server: "), RSA keys over 8192 bits refused, then
 * Verify(DNSName, Intermediates = the rest, Roots) unless InsecureSkipVerify
 * ("tls: failed to verify certificate: "), then key types the handshake cannot use refused
 * ("unsupported type of public key: %T"). Also the report's view of it: the chain described,
 * VerifyHostname on the leaf, the trust anchor and where it came from, a CA name as text.
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { GoCertPool } from '../../server/src/core/go/certPool';
import { GO_DEFAULTS } from '../../server/src/core/go/godebug';
import { checkServerChain, describeCertificate, nameText, ServerChainOptions } from '../../server/src/core/probe/serverChain';
import { parseCertificate } from '../../server/src/core/go/x509';
import * as d from '../helpers/der';
import { ecKey, ed25519Key, issuedBy, rsaKey, selfSignedCa, serverCert, TestCert, x25519Key } from '../helpers/pki';

const NOW = new Date('2027-06-01T00:00:00Z');
const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2030-01-01T00:00:00Z');
const CA_FILE = '/etc/docker/certs.d/reg.example.com/ca.crt';

const sha = (der: Uint8Array) => crypto.createHash('sha256').update(der).digest('hex');
/** node's view of a certificate, the oracle for subjects, issuers and dates. */
function described(der: Buffer, isCA: boolean) {
  const c = new crypto.X509Certificate(der);
  const iso = (s: string) => new Date(s).toISOString().replace('.000Z', 'Z');
  return { subject: c.subject, issuer: c.issuer, notBefore: iso(c.validFrom), notAfter: iso(c.validTo), sha256: sha(der), isCA };
}

function go(der: Buffer) {
  const p = parseCertificate(der);
  assert.ok(p.ok && p.value.go);
  return p.value.go;
}

describe("probe model: the server's chain as Go's tls client checks it", () => {
  let root: TestCert;
  let intermediate: TestCert;
  let leaf: TestCert;
  let other: TestCert;
  const signer = { privateKey: ecKey('P-256', 75).privateKey, publicKey: ecKey('P-256', 75).publicKey };
  const roots = (source: { kind: 'folder' | 'system'; path?: string } = { kind: 'folder', path: CA_FILE }, ...certs: TestCert[]) => {
    const p = new GoCertPool();
    for (const c of certs.length ? certs : [root]) p.add(go(c.der), source);
    return p;
  };
  const opts = (over: Partial<ServerChainOptions> = {}): ServerChainOptions => ({ serverName: 'reg.example.com', roots: roots(), skipVerify: false, now: NOW, go: GO_DEFAULTS, localOffsetMinutes: 0, ...over });
  /** A certificate with this subjectPublicKeyInfo, signed by a key that has nothing to do with it. */
  const withSpki = (spki: Buffer) => d.buildCertificate(signer, { spki, notBefore: d.utcTime('260101000000Z'), notAfter: d.utcTime('300101000000Z'), subject: d.cn('odd key'), issuer: d.cn('Odd Issuer') });

  before(async () => {
    root = await selfSignedCa({ subject: 'CN=Chain Root CA, O=Example', key: ecKey('P-256', 71), notBefore: FROM, notAfter: TO });
    intermediate = await issuedBy(root, { commonName: 'Chain Intermediate CA', ca: true, key: ecKey('P-256', 72), notBefore: FROM, notAfter: TO });
    leaf = await serverCert(intermediate, 'reg.example.com', { key: ecKey('P-256', 73), notBefore: FROM, notAfter: TO });
    other = await selfSignedCa({ commonName: 'Other Root CA', key: ecKey('P-256', 74), notBefore: FROM, notAfter: TO });
  });

  describe('accepted', () => {
    it('leaf and intermediate sent, the root in the folder: verified, anchored in the CA file', () => {
      assert.deepStrictEqual(
        (({ certs: _c, ...rest }) => rest)(checkServerChain([leaf.der, intermediate.der], opts())),
        {
          chain: [described(leaf.der, false), described(intermediate.der, true)],
          verified: true,
          anchor: { subject: new crypto.X509Certificate(root.der).subject, sha256: sha(root.der), source: 'folder', path: CA_FILE },
          nameCheck: { name: 'reg.example.com', ok: true, matched: 'reg.example.com', error: null },
          unmodelled: [],
        },
      );
    });

    it('the parsed certificates, in the order sent', () => {
      const r = checkServerChain([leaf.der, intermediate.der], opts());
      assert.deepStrictEqual(
        r.certs.map((c) => c.der),
        [leaf.der, intermediate.der],
      );
    });

    it('a root among the system certificates: anchored there, with or without a file', () => {
      const sys = checkServerChain([leaf.der, intermediate.der], opts({ roots: roots({ kind: 'system', path: '/etc/ssl/certs/ca-certificates.crt' }) }));
      assert.deepStrictEqual(sys.anchor, { subject: new crypto.X509Certificate(root.der).subject, sha256: sha(root.der), source: 'system', path: '/etc/ssl/certs/ca-certificates.crt' });
      const bare = checkServerChain([leaf.der, intermediate.der], opts({ roots: roots({ kind: 'system' }) }));
      assert.deepStrictEqual(bare.anchor, { subject: new crypto.X509Certificate(root.der).subject, sha256: sha(root.der), source: 'system', path: null });
    });

    it('the intermediate in the folder and only the leaf sent', () => {
      const r = checkServerChain([leaf.der], opts({ roots: roots({ kind: 'folder', path: CA_FILE }, intermediate) }));
      assert.equal(r.error, undefined);
      assert.deepStrictEqual(r.anchor, { subject: 'CN=Chain Intermediate CA', sha256: sha(intermediate.der), source: 'folder', path: CA_FILE });
    });

    it('InsecureSkipVerify: nothing verified, no anchor, the name still checked for the report', () => {
      const r = checkServerChain([leaf.der], opts({ skipVerify: true, roots: new GoCertPool(), serverName: 'other.example.com' }));
      assert.deepStrictEqual(
        (({ certs: _c, ...rest }) => rest)(r),
        {
          chain: [described(leaf.der, false)],
          verified: false,
          anchor: null,
          nameCheck: { name: 'other.example.com', ok: false, matched: null, error: 'x509: certificate is valid for reg.example.com, not other.example.com' },
          unmodelled: [],
        },
      );
    });
  });

  describe('refused', () => {
    it('no root for the chain: unknown authority, with the Verify error kept', () => {
      const r = checkServerChain([leaf.der, intermediate.der], opts({ roots: roots({ kind: 'folder', path: CA_FILE }, other) }));
      assert.equal(r.error, 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
      assert.equal(r.verifyError?.error, 'x509: certificate signed by unknown authority');
      assert.equal(r.verifyError?.kind, 'unknown-authority');
      assert.deepStrictEqual(r.verifyError && Buffer.from(r.verifyError.cert.der), intermediate.der);
      // The Verify error only: no ok or unmodelled of the result around it; no hint (no candidate issuer was tried).
      assert.equal(r.verifyError?.hint, undefined);
      assert.deepStrictEqual(Object.keys(r.verifyError ?? {}).filter((k) => k !== 'hint').sort(), ['cert', 'error', 'kind']);
      assert.equal(r.verified, false);
      assert.equal(r.anchor, null);
      assert.deepStrictEqual(r.chain, [described(leaf.der, false), described(intermediate.der, true)]);
    });

    it('the name does not match: Verify refuses it (DNSName is set)', () => {
      const r = checkServerChain([leaf.der, intermediate.der], opts({ serverName: 'registry.example.com' }));
      assert.equal(r.error, 'tls: failed to verify certificate: x509: certificate is valid for reg.example.com, not registry.example.com');
      assert.equal(r.verifyError?.kind, 'hostname');
      assert.deepStrictEqual(r.nameCheck, { name: 'registry.example.com', ok: false, matched: null, error: 'x509: certificate is valid for reg.example.com, not registry.example.com' });
    });

    it('expired, with the current time in the local zone given', () => {
      const r = checkServerChain([leaf.der, intermediate.der], opts({ now: new Date('2031-02-03T04:05:06Z'), localOffsetMinutes: 120 }));
      assert.equal(r.error, 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2031-02-03T06:05:06+02:00 is after 2030-01-01T00:00:00Z');
    });

    it('a certificate that does not parse; the ones before it are described', () => {
      const r = checkServerChain([leaf.der, Buffer.from('3003020101', 'hex')], opts());
      assert.equal(r.error, 'tls: failed to parse certificate from server: x509: malformed tbs certificate');
      assert.deepStrictEqual(r.chain, [described(leaf.der, false)]);
      assert.equal(r.nameCheck, null);
      assert.equal(checkServerChain([Buffer.from('nope')], opts()).error, 'tls: failed to parse certificate from server: x509: malformed certificate');
    });

    it('no certificate at all', () => {
      assert.deepStrictEqual(checkServerChain([], opts()), { certs: [], chain: [], verified: false, anchor: null, nameCheck: null, unmodelled: [], error: 'tls: server sent no certificate' });
    });

    it('an RSA key over 8192 bits, anywhere in the chain, before anything is verified; 8192 bits pass', () => {
      const big = withSpki(d.rsaSpki(d.int(2n ** 8192n + 1n), d.int(65537)));
      const r = checkServerChain([leaf.der, big], opts());
      assert.equal(r.error, 'tls: server sent certificate containing RSA key larger than 8192 bits');
      assert.deepStrictEqual(r.chain, [described(leaf.der, false), described(big, false)]);
      assert.equal(r.nameCheck, null);
      assert.equal(checkServerChain([big], opts({ skipVerify: true })).error, 'tls: server sent certificate containing RSA key larger than 8192 bits');
      const max = withSpki(d.rsaSpki(d.int(2n ** 8191n + 1n), d.int(65537)));
      const ok = checkServerChain([max], opts({ skipVerify: true, serverName: 'odd key' }));
      assert.equal(ok.error, undefined);
      // Verified, the same leaf fails in Verify, not on its size.
      assert.equal(checkServerChain([max], opts()).error, 'tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match reg.example.com');
    });

    it('a leaf key the handshake cannot use, after Verify: a DSA key, an algorithm Go does not parse (X25519)', () => {
      const dsa = withSpki(d.seq(d.seq(d.oid('1.2.840.10040.4.1'), d.seq(d.int(23n), d.int(11n), d.int(4n))), d.bitString(d.int(8n))));
      assert.equal(checkServerChain([dsa], opts({ skipVerify: true })).error, "tls: server's certificate contains an unsupported type of public key: *dsa.PublicKey");
      const x25519 = withSpki(Buffer.from(x25519Key(76).publicKey.export({ type: 'spki', format: 'der' })));
      const r = checkServerChain([x25519], opts({ skipVerify: true }));
      assert.equal(r.error, "tls: server's certificate contains an unsupported type of public key: <nil>");
      assert.deepStrictEqual(r.chain, [described(x25519, false)]);
      assert.equal(r.verified, false);
      // Verify comes first.
      assert.equal(checkServerChain([x25519], opts()).error, 'tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match reg.example.com');
    });

    it('an Ed25519 or RSA leaf is fine', async () => {
      for (const key of [ed25519Key(77), rsaKey(2048, 7)]) {
        const c = await serverCert(intermediate, 'reg.example.com', { key, notBefore: FROM, notAfter: TO });
        assert.equal(checkServerChain([c.der, intermediate.der], opts()).error, undefined, key.kind);
      }
    });
  });

  describe('describeCertificate and nameText', () => {
    it('a certificate as the report lists it', () => {
      const p = parseCertificate(root.der);
      assert.ok(p.ok);
      assert.deepStrictEqual(describeCertificate(p.value), described(root.der, true));
    });

    it('a CA name from a CertificateRequest as one line, or its hex when it is not a Name', () => {
      const der = Buffer.from(new x509.X509Certificate(root.der).subjectName.toArrayBuffer());
      assert.equal(nameText(der), new crypto.X509Certificate(root.der).subject.split('\n').join(', '));
      assert.equal(nameText(der), 'CN=Chain Root CA, O=Example');
      assert.equal(nameText(Buffer.from('3000', 'hex')), '');
      assert.equal(nameText(Buffer.from('0400', 'hex')), '0400');
      assert.equal(nameText(Buffer.from('3003020101', 'hex')), '3003020101');
      assert.equal(nameText(Buffer.alloc(0)), '');
    });
  });
});
