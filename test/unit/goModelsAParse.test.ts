/**
 * x509.ParseCertificate's extension and name-constraint checks (server/src/core/go/extensions.ts,
 * nameConstraints.ts, parseCertificate.ts, publicKey.ts) on certificates built here at fixed
 * dates: octet tables (test/helpers/goModelsATables.ts, Go 1.26's verdicts), cases with Go's
 * whole error text (recorded for the conformance suite's re-check against real Go, see
 * test/helpers/goVectors.ts), and what the parse keeps of each extension.
 */
import * as assert from 'node:assert/strict';
import { goParseCertificate, GoCertificate } from '../../server/src/core/go/parseCertificate';
import { domainNameValid, rfc2821MailboxValid } from '../../server/src/core/go/nameConstraints';
import * as d from '../helpers/der';
import { build, caExtensions, p256 } from '../helpers/goModelsA';
import { TABLES } from '../helpers/goModelsATables';
import { recordGoVector } from '../helpers/goVectors';

const cert = (extensions: d.Der[]) => build({ signer: p256(1), subject: 'parse', issuer: 'parse', extensions });
const ext = (oid: string, value: d.Der, critical?: boolean) => cert([d.extension(oid, value, critical)]);
const nc = (...subtrees: d.Der[]) => ext(d.OID.nameConstraints, d.seq(...subtrees), true);
const permitted = (tag: number, value: string | Uint8Array) => nc(d.ctx(0, d.seq(d.ctxPrim(tag, typeof value === 'string' ? Buffer.from(value, 'latin1') : value))));

function verdict(der: Buffer): string {
  const r = goParseCertificate(der);
  return r.ok ? 'ok' : r.error;
}

function parsed(der: Buffer): GoCertificate {
  const r = goParseCertificate(der);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The refused octets as ranges; each octet's certificate is recorded for the re-check against Go (any x509 error when refused). */
function refusedRanges(t: { name: string; upTo: number; der: (b: number) => Buffer; refused: string }): string {
  const out: [number, number][] = [];
  const expected = octetsOf(t.refused);
  for (let b = 0; b < t.upTo; b++) {
    const der = t.der(b);
    recordGoVector({ name: `goModelsA: ${t.name}, octet ${b.toString(16)}`, kind: 'cert', der, expect: expected.has(b) ? 'x509: …' : 'ok' });
    if (goParseCertificate(der).ok) continue;
    const last = out[out.length - 1];
    if (last && last[1] === b - 1) last[1] = b;
    else out.push([b, b]);
  }
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return out.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join(' ');
}

/** The octets of a range list ('00-20 2e 7f'). */
function octetsOf(ranges: string): Set<number> {
  const out = new Set<number>();
  for (const r of ranges.split(' ').filter(Boolean)) {
    const [a, b = a] = r.split('-').map((h) => parseInt(h, 16));
    for (let x = a; x <= b; x++) out.add(x);
  }
  return out;
}

interface Case {
  name: string;
  der: () => Buffer;
  expect: string;
}

const OID_POLICY = (bytes: number[]) => ext(d.OID.certificatePolicies, d.seq(d.seq(d.tlv(0x06, bytes))));

const CASES: Case[] = [
  // Name constraints
  { name: 'an excluded subtree only', der: () => nc(d.ctx(1, d.seq(d.ctxPrim(2, Buffer.from('bad.test'))))), expect: 'ok' },
  { name: 'an empty excluded subtree only', der: () => nc(d.ctx(1)), expect: 'x509: empty name constraints extension' },
  { name: 'an empty permitted and a non-empty excluded subtree', der: () => nc(d.ctx(0), d.ctx(1, d.seq(d.ctxPrim(2, Buffer.from('bad.test'))))), expect: 'ok' },
  { name: 'excluded before permitted', der: () => nc(d.ctx(1, d.seq(d.ctxPrim(2, Buffer.from('a.test')))), d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('b.test'))))), expect: 'x509: invalid NameConstraints extension' },
  { name: 'a third element in NameConstraints', der: () => nc(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test')))), d.nul()), expect: 'x509: invalid NameConstraints extension' },
  { name: 'NameConstraints that is a SET', der: () => ext(d.OID.nameConstraints, d.set(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test'))))), true), expect: 'x509: invalid NameConstraints extension' },
  { name: 'a truncated permitted subtree', der: () => ext(d.OID.nameConstraints, d.seq(Buffer.from([0xa0, 0x05, 0x30, 0x03])), true), expect: 'x509: invalid NameConstraints extension' },
  { name: 'a truncated excluded subtree', der: () => ext(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test')))), Buffer.from([0xa1, 0x05, 0x30, 0x03])), true), expect: 'x509: invalid NameConstraints extension' },
  { name: 'a subtree that is not a SEQUENCE', der: () => nc(d.ctx(0, d.set(d.ctxPrim(2, Buffer.from('a.test'))))), expect: 'x509: invalid NameConstraints extension' },
  { name: 'an empty subtree SEQUENCE', der: () => nc(d.ctx(0, d.seq())), expect: 'x509: invalid NameConstraints extension' },
  { name: 'a bad excluded subtree after a good permitted one', der: () => nc(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test')))), d.ctx(1, d.seq(d.ctxPrim(2, Buffer.from('b.test.'))))), expect: 'x509: failed to parse dnsName constraint "b.test."' },
  { name: 'a second subtree that is bad', der: () => nc(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test'))), d.seq(d.ctxPrim(2, Buffer.from('a..test'))))), expect: 'x509: failed to parse dnsName constraint "a..test"' },
  { name: 'an empty DNS constraint', der: () => permitted(2, ''), expect: 'ok' },
  { name: 'a DNS constraint "."', der: () => permitted(2, '.'), expect: 'x509: failed to parse dnsName constraint "."' },
  { name: 'a DNS constraint "..a"', der: () => permitted(2, '..a'), expect: 'x509: failed to parse dnsName constraint "..a"' },
  { name: 'a DNS constraint with an empty label inside', der: () => permitted(2, '.a..b'), expect: 'x509: failed to parse dnsName constraint ".a..b"' },
  { name: 'a DNS constraint with a space', der: () => permitted(2, 'a b.test'), expect: 'x509: failed to parse dnsName constraint "a b.test"' },
  { name: 'a non-ASCII mailbox constraint', der: () => permitted(1, Buffer.from('é@x.test', 'utf8')), expect: 'x509: invalid constraint value: x509: "é@x.test" cannot be encoded as an IA5String' },
  { name: 'a non-ASCII URI constraint', der: () => permitted(6, Buffer.from('é.test', 'utf8')), expect: 'x509: invalid constraint value: x509: "é.test" cannot be encoded as an IA5String' },
  { name: 'a URI constraint that is an IPv6 address', der: () => permitted(6, '::1'), expect: 'x509: failed to parse URI constraint "::1": cannot be IP address' },
  { name: 'a URI constraint that is an IPv4-mapped address', der: () => permitted(6, '::ffff:1.2.3.4'), expect: 'x509: failed to parse URI constraint "::ffff:1.2.3.4": cannot be IP address' },
  { name: 'a URI constraint "1:2:3:4:5:6:7::"', der: () => permitted(6, '1:2:3:4:5:6:7::'), expect: 'x509: failed to parse URI constraint "1:2:3:4:5:6:7::": cannot be IP address' },
  { name: 'a URI constraint that is an IPv6 address with a zone', der: () => permitted(6, 'fe80::1%eth0'), expect: 'ok' },
  { name: 'a URI constraint "1::2::3"', der: () => permitted(6, '1::2::3'), expect: 'ok' },
  { name: 'a URI constraint "255.255.255.255"', der: () => permitted(6, '255.255.255.255'), expect: 'x509: failed to parse URI constraint "255.255.255.255": cannot be IP address' },
  { name: 'a URI constraint "249.199.99.9"', der: () => permitted(6, '249.199.99.9'), expect: 'x509: failed to parse URI constraint "249.199.99.9": cannot be IP address' },
  { name: 'a URI constraint "0.0.0.0"', der: () => permitted(6, '0.0.0.0'), expect: 'x509: failed to parse URI constraint "0.0.0.0": cannot be IP address' },
  { name: 'a URI constraint "256.1.1.1" (no address: a name)', der: () => permitted(6, '256.1.1.1'), expect: 'ok' },
  { name: 'a URI constraint "01.1.1.1" (no address: a name)', der: () => permitted(6, '01.1.1.1'), expect: 'ok' },
  { name: 'a URI constraint "1.2.3" (no address: a name)', der: () => permitted(6, '1.2.3'), expect: 'ok' },
  { name: 'a URI constraint with a leading dot', der: () => permitted(6, '.x.test'), expect: 'ok' },
  { name: 'a URI constraint ending in a dot', der: () => permitted(6, 'x.test.'), expect: 'x509: failed to parse URI constraint "x.test."' },
  { name: 'an IPv6 constraint', der: () => permitted(7, Uint8Array.from([...new Array(16).fill(0x20), ...new Array(8).fill(0xff), ...new Array(8).fill(0)])), expect: 'ok' },
  { name: 'an IP constraint of 16 octets', der: () => permitted(7, new Uint8Array(16)), expect: 'x509: IP constraint contained value of length 16' },
  { name: 'an IPv6 constraint with a mask hole', der: () => permitted(7, Uint8Array.from([...new Array(16).fill(0), 0xff, 0, 0xff, ...new Array(13).fill(0)])), expect: 'x509: IP constraint contained invalid mask ff00ff00000000000000000000000000' },
  { name: 'a mailbox constraint "a@"', der: () => permitted(1, 'a@'), expect: 'ok' },
  { name: 'a mailbox constraint "@x.test"', der: () => permitted(1, '@x.test'), expect: 'x509: failed to parse rfc822Name constraint "@x.test"' },
  { name: 'a mailbox constraint "a.@x.test"', der: () => permitted(1, 'a.@x.test'), expect: 'x509: failed to parse rfc822Name constraint "a.@x.test"' },
  { name: 'a mailbox constraint ".a@x.test"', der: () => permitted(1, '.a@x.test'), expect: 'x509: failed to parse rfc822Name constraint ".a@x.test"' },
  { name: 'a mailbox constraint with a backslash in its domain', der: () => permitted(1, 'a@x\\'), expect: 'ok' },
  { name: 'a mailbox constraint ending in a backslash', der: () => permitted(1, '@a\\'), expect: 'x509: failed to parse rfc822Name constraint "@a\\\\"' },
  { name: 'a quoted mailbox constraint, unterminated', der: () => permitted(1, '"a@x.test'), expect: 'x509: failed to parse rfc822Name constraint "\\"a@x.test"' },
  { name: 'a quoted mailbox constraint ending in a backslash', der: () => permitted(1, '"@\\'), expect: 'x509: failed to parse rfc822Name constraint "\\"@\\\\"' },
  { name: 'an empty quoted local part', der: () => permitted(1, '""@x.test'), expect: 'ok' },
  { name: 'text after the closing quote', der: () => permitted(1, '"a"b@x.test'), expect: 'x509: failed to parse rfc822Name constraint "\\"a\\"b@x.test"' },
  { name: 'a quoted local part with an escaped quote', der: () => permitted(1, '"a\\"b"@x.test'), expect: 'ok' },
  { name: 'a mailbox with a domain ending in a dot', der: () => permitted(1, 'a@x.test.'), expect: 'x509: failed to parse rfc822Name constraint "a@x.test."' },
  { name: 'a mailbox with an empty domain label', der: () => permitted(1, 'a@x..test'), expect: 'x509: failed to parse rfc822Name constraint "a@x..test"' },
  { name: 'a mailbox with a domain starting with a dot', der: () => permitted(1, 'a@.x.test'), expect: 'x509: failed to parse rfc822Name constraint "a@.x.test"' },
  { name: 'a domain rfc822Name constraint with a leading dot', der: () => permitted(1, '.x.test'), expect: 'ok' },
  { name: 'a domain rfc822Name constraint ending in a dot', der: () => permitted(1, 'x.test.'), expect: 'x509: failed to parse rfc822Name constraint "x.test."' },
  { name: 'a directoryName constraint (not checked, unhandled)', der: () => nc(d.ctx(0, d.seq(d.ctx(4, d.cn('x'))))), expect: 'ok' },
  // Subject alternative names
  { name: 'a URI SAN without a host', der: () => ext(d.OID.subjectAltName, d.seq(d.ctxPrim(6, Buffer.from('urn:x:y')))), expect: 'ok' },
  { name: 'a URI SAN whose host has an empty label', der: () => ext(d.OID.subjectAltName, d.seq(d.ctxPrim(6, Buffer.from('https://a..b/')))), expect: 'x509: cannot parse URI "https://a..b/": invalid domain' },
  { name: 'a URI SAN whose host starts with a dot', der: () => ext(d.OID.subjectAltName, d.seq(d.ctxPrim(6, Buffer.from('https://.a/')))), expect: 'x509: cannot parse URI "https://.a/": invalid domain' },
  { name: 'a constructed dNSName (not a DNS name for Go)', der: () => ext(d.OID.subjectAltName, d.seq(d.ctx(2, d.ia5('a.test')))), expect: 'ok' },
  { name: 'an IP SAN of 16 octets', der: () => ext(d.OID.subjectAltName, d.seq(d.ctxPrim(7, new Uint8Array(16)))), expect: 'ok' },
  { name: 'an IP SAN of 0 octets', der: () => ext(d.OID.subjectAltName, d.seq(d.ctxPrim(7, new Uint8Array(0)))), expect: 'x509: cannot parse IP address of length 0' },
  { name: 'an empty SAN SEQUENCE', der: () => ext(d.OID.subjectAltName, d.seq()), expect: 'ok' },
  // Basic constraints
  { name: 'a pathLenConstraint of 2^63-1', der: () => ext(d.OID.basicConstraints, d.seq(d.bool(true), d.int(2n ** 63n - 1n)), true), expect: 'ok' },
  { name: 'a pathLenConstraint of 2^63', der: () => ext(d.OID.basicConstraints, d.seq(d.bool(true), d.int(2n ** 63n)), true), expect: 'x509: invalid basic constraints' },
  { name: 'a pathLenConstraint not minimally encoded', der: () => ext(d.OID.basicConstraints, d.seq(d.bool(true), d.intRaw([0, 1])), true), expect: 'x509: invalid basic constraints' },
  { name: 'basicConstraints followed by data', der: () => ext(d.OID.basicConstraints, Buffer.concat([d.seq(d.bool(true)), d.nul()]), true), expect: 'ok' },
  // Key identifiers, policies, access
  { name: 'an authority key identifier with a malformed keyIdentifier', der: () => ext(d.OID.authorityKeyId, d.seq(Buffer.from([0x80, 0x05, 0x01]))), expect: 'x509: invalid authority key identifier' },
  { name: 'an authority key identifier with only an issuer', der: () => ext(d.OID.authorityKeyId, d.seq(d.ctx(1, d.ctx(4, d.cn('x'))), d.ctxPrim(2, Buffer.from([1])))), expect: 'ok' },
  { name: 'a policy OID that is empty', der: () => OID_POLICY([]), expect: 'x509: invalid certificate policies' },
  { name: 'a policy OID ending in a continuation octet', der: () => OID_POLICY([0x2a, 0x81]), expect: 'x509: invalid certificate policies' },
  { name: 'a policy OID with an arc starting 0x80', der: () => OID_POLICY([0x2a, 0x01, 0x80, 0x01]), expect: 'x509: invalid certificate policies' },
  { name: 'a policy OID starting 0x80', der: () => OID_POLICY([0x80, 0x01]), expect: 'x509: invalid certificate policies' },
  { name: 'a policy OID with 0x80 inside an arc', der: () => OID_POLICY([0x2a, 0x81, 0x80, 0x01]), expect: 'ok' },
  { name: 'a policy that is not a SEQUENCE', der: () => ext(d.OID.certificatePolicies, d.seq(d.oid('1.2.3'))), expect: 'x509: invalid certificate policies' },
  { name: 'certificate policies that are a SET', der: () => ext(d.OID.certificatePolicies, d.set(d.seq(d.oid('1.2.3')))), expect: 'x509: invalid certificate policies' },
  { name: 'two policies with qualifiers', der: () => ext(d.OID.certificatePolicies, d.seq(d.seq(d.oid('1.2.3'), d.seq(d.seq(d.oid('1.3.6.1.5.5.7.2.1'), d.ia5('https://x/')))), d.seq(d.oid('1.2.4')))), expect: 'ok' },
  { name: 'policy mappings that are a SET', der: () => ext(d.OID.policyMappings, d.set(d.seq(d.oid('1.2.3'), d.oid('1.2.4')))), expect: 'x509: invalid policy mappings extension' },
  { name: 'a policy mapping that is not a SEQUENCE', der: () => ext(d.OID.policyMappings, d.seq(d.oid('1.2.3'))), expect: 'x509: invalid policy mappings extension' },
  { name: 'two policy mappings', der: () => ext(d.OID.policyMappings, d.seq(d.seq(d.oid('1.2.3'), d.oid('1.2.4')), d.seq(d.oid('1.2.5'), d.oid('1.2.6')))), expect: 'ok' },
  { name: 'policy constraints that are a SET', der: () => ext(d.OID.policyConstraints, d.set()), expect: 'x509: invalid policy constraints extension' },
  { name: 'an inhibitPolicyMapping not minimally encoded', der: () => ext(d.OID.policyConstraints, d.seq(d.ctxPrim(1, Buffer.from([0, 1])))), expect: 'x509: invalid policy constraints extension' },
  { name: 'both policy constraints', der: () => ext(d.OID.policyConstraints, d.seq(d.ctxPrim(0, Buffer.from([1])), d.ctxPrim(1, Buffer.from([2])))), expect: 'ok' },
  { name: 'an inhibitAnyPolicy of 9 octets', der: () => ext(d.OID.inhibitAnyPolicy, d.intRaw([1, 0, 0, 0, 0, 0, 0, 0, 0])), expect: 'x509: invalid inhibit any policy extension' },
  { name: 'an authority info access that is a SET', der: () => ext(d.OID.authorityInfoAccess, d.set()), expect: 'x509: invalid authority info access' },
  { name: 'an access description that is not a SEQUENCE', der: () => ext(d.OID.authorityInfoAccess, d.seq(d.oid('1.3.6.1.5.5.7.48.1'))), expect: 'x509: invalid authority info access' },
  { name: 'an access location that is a DNS name', der: () => ext(d.OID.authorityInfoAccess, d.seq(d.seq(d.oid('1.3.6.1.5.5.7.48.1'), d.ctxPrim(2, Buffer.from('x.test'))))), expect: 'ok' },
  { name: 'a truncated access location URI', der: () => ext(d.OID.authorityInfoAccess, d.seq(d.seq(d.oid('1.3.6.1.5.5.7.48.1'), Buffer.from([0x86, 0x05, 0x61])))), expect: 'x509: invalid authority info access' },
  { name: 'two access descriptions', der: () => ext(d.OID.authorityInfoAccess, d.seq(d.seq(d.oid('1.3.6.1.5.5.7.48.1'), d.ctxPrim(6, Buffer.from('http://o/'))), d.seq(d.oid('1.3.6.1.5.5.7.48.2'), d.ctxPrim(6, Buffer.from('http://c/'))))), expect: 'ok' },
  { name: 'a CRL distribution point with a relative name', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(d.ctx(0, d.ctx(1, d.set(d.seq(d.oid('2.5.4.3'), d.utf8('x')))))))), expect: 'x509: invalid CRL distribution point' },
  { name: 'a CRL distribution point with reasons only', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(d.ctxPrim(1, Buffer.from([0x07, 0x80]))))), expect: 'ok' },
  { name: 'a truncated CRL distribution point name', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(Buffer.from([0xa0, 0x05, 0xa0])))), expect: 'x509: invalid CRL distribution point' },
  { name: 'a truncated CRL URI', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(d.ctx(0, d.ctx(0, Buffer.from([0x86, 0x05, 0x61])))))), expect: 'x509: invalid CRL distribution point' },
  { name: 'a CRL URI after a directory name (not read)', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(d.ctx(0, d.ctx(0, d.ctx(4, d.cn('x')), Buffer.from([0x86, 0x05, 0x61])))))), expect: 'ok' },
  { name: 'two CRL URIs', der: () => ext(d.OID.crlDistributionPoints, d.seq(d.seq(d.ctx(0, d.ctx(0, d.ctxPrim(6, Buffer.from('http://a/')), d.ctxPrim(6, Buffer.from('http://b/'))))))), expect: 'ok' },
  { name: 'a subject key identifier followed by data', der: () => ext(d.OID.subjectKeyId, Buffer.concat([d.octets(Buffer.from('k')), d.nul()])), expect: 'ok' },
  { name: 'an extKeyUsage OID that is malformed', der: () => ext(d.OID.extKeyUsage, d.seq(d.oid('1.3.6.1.5.5.7.3.1'), d.tlv(0x06, []))), expect: 'x509: invalid extended key usages' },
  { name: 'a keyUsage of two octets', der: () => ext(d.OID.keyUsage, d.bitString(Buffer.from([0x80, 0x80]), 7), true), expect: 'ok' },
  // Public keys
  { name: 'a DSA key with a negative parameter', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(-11), d.int(4))), d.bitString(d.int(8))) }), expect: 'x509: zero or negative DSA parameter' },
  { name: 'a DSA key with two parameters', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11))), d.bitString(d.int(8))) }), expect: 'x509: invalid DSA parameters' },
  { name: 'a negative DSA key', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.int(-8))) }), expect: 'x509: zero or negative DSA parameter' },
  { name: 'a DSA key with small positive parameters', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(d.OID.dsa), d.seq(d.int(23), d.int(11), d.int(4))), d.bitString(d.int(8))) }), expect: 'ok' },
  { name: 'an RSA exponent of 1', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.rsaSpki(d.int(0xc5n), d.int(1)) }), expect: 'ok' },
  { name: 'an RSA modulus of 1', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.rsaSpki(d.int(1), d.int(3)) }), expect: 'ok' },
  { name: 'RSA parameters that are NULL and more', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.rsaSpki(d.int(0xc5n), d.int(3), [d.nul(), d.nul()]) }), expect: 'ok' },
  { name: 'an Ed25519 key of 33 octets', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.seq(d.seq(d.oid(d.OID.ed25519)), d.bitString(new Uint8Array(33))) }), expect: 'x509: wrong Ed25519 public key size' },
  { name: 'an EC key with an OID that is not a curve', der: () => build({ signer: p256(1), subject: 'k', issuer: 'k', spki: d.ecSpki('1.2.3.4', new Uint8Array(65)) }), expect: 'x509: unsupported elliptic curve' },
];

describe('x509.ParseCertificate: name constraints octet by octet (goModelsA)', () => {
  for (const t of TABLES) {
    it(`${t.name}: Go refuses ${t.refused || 'nothing'}`, () => {
      assert.equal(refusedRanges(t), t.refused);
    });
  }
});

describe('x509.ParseCertificate: extensions and keys, Go\'s texts (goModelsA)', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.expect}`, () => {
      const der = c.der();
      recordGoVector({ name: `goModelsA: ${c.name}`, kind: 'cert', der, expect: c.expect });
      assert.equal(verdict(der), c.expect);
    });
  }
});

describe('what the parse keeps of each extension (goModelsA)', () => {
  const facts = (extensions: d.Der[]) => parsed(cert(extensions)).facts;

  it('reads the nine keyUsage bits, most significant first, and nothing past them', () => {
    const ku = (octets: number[], unused: number) => facts([d.extension(d.OID.keyUsage, d.bitString(Buffer.from(octets), unused), true)]).keyUsage;
    assert.deepStrictEqual([ku([0x80], 7), ku([0x04], 2), ku([0x00, 0x80], 7), ku([0xff, 0x80], 7), ku([0xff, 0xff], 0), ku([0x01], 0), ku([], 0)], [1, 32, 256, 511, 511, 128, 0]);
  });

  it('reads basicConstraints: cA, and pathLen or -1', () => {
    const bc = (...v: d.Der[]) => {
      const f = facts([d.extension(d.OID.basicConstraints, d.seq(...v), true)]);
      return [f.basicConstraintsValid, f.isCA, f.maxPathLen];
    };
    const none = facts([]);
    assert.deepStrictEqual([bc(), bc(d.bool(true)), bc(d.bool(true), d.int(0)), bc(d.bool(false), d.int(3)), bc(d.int(5)), [none.basicConstraintsValid, none.isCA, none.maxPathLen]], [
      [true, false, -1],
      [true, true, -1],
      [true, true, 0],
      [true, false, 3],
      [true, false, 5],
      [false, false, -1],
    ]);
  });

  it('records critical extensions it does not handle, and only those', () => {
    const critical = (e: d.Der[]) => facts(e).unhandledCritical;
    const otherNameOnly = d.extension(d.OID.subjectAltName, d.seq(d.ctx(0, d.oid('1.2.3'), d.ctx(0, d.utf8('x')))), true);
    assert.deepStrictEqual(
      [
        critical([otherNameOnly]),
        critical([d.extension(d.OID.subjectAltName, d.seq(), true)]),
        critical([d.sanExtension([{ dns: 'a.test' }], true)]),
        critical([d.sanExtension([{ email: 'a@a.test' }], true)]),
        critical([d.extension(d.OID.subjectAltName, d.seq(d.ctx(0, d.oid('1.2.3'), d.ctx(0, d.utf8('x')))), false)]),
        critical([d.extension(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctx(4, d.cn('x'))))), true)]),
        critical([d.extension(d.OID.nameConstraints, d.seq(d.ctx(1, d.seq(d.ctx(0, d.oid('1.2.3'), d.ctx(0, d.utf8('x')))))), true)]),
        critical([d.extension(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('a.test'))))), true)]),
        critical([d.extension(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctx(4, d.cn('x'))))), false)]),
        critical([d.extension('2.5.29.99', d.nul(), true), d.extension('2.5.29.15.1', d.nul(), true), d.extension('1.3.6.1.5.5.7.1.2', d.nul(), true), d.extension('1.2.3', d.nul(), false)]),
        critical([d.extension(d.OID.extKeyUsage, d.seq(d.oid(d.OID.serverAuth)), true), ...caExtensions(), d.extension(d.OID.inhibitAnyPolicy, d.int(0), true), d.extension(d.OID.policyConstraints, d.seq(), true)]),
      ],
      [['2.5.29.17'], ['2.5.29.17'], [], [], [], ['2.5.29.30'], ['2.5.29.30'], [], [], ['2.5.29.99', '2.5.29.15.1', '1.3.6.1.5.5.7.1.2'], []],
    );
  });

  it('keeps the SANs in order and the extended key usages as listed, an empty list as empty', () => {
    const f = facts([d.sanExtension([{ uri: 'spiffe://x/y' }, { dns: 'a.test' }, { email: 'e@a.test' }, { ip: Uint8Array.of(1, 2, 3, 4) }]), d.extension(d.OID.extKeyUsage, d.seq(d.oid('1.2.3'), d.oid(d.OID.serverAuth)))]);
    const sans = f.sans?.map((n) => ({ type: n.type, value: n.type === 'ip' ? Buffer.from(n.value).toString('hex') : n.value }));
    assert.deepStrictEqual({ sans, ekus: f.extKeyUsage }, { sans: [{ type: 'uri', value: 'spiffe://x/y' }, { type: 'dns', value: 'a.test' }, { type: 'email', value: 'e@a.test' }, { type: 'ip', value: '01020304' }], ekus: ['1.2.3', d.OID.serverAuth] });
    assert.deepStrictEqual(facts([d.extension(d.OID.extKeyUsage, d.seq())]).extKeyUsage, []);
  });

  it('keeps version, serial, algorithms, the raw fields and each extension\'s place', () => {
    const k = p256(2);
    const der = build({ signer: p256(1), key: k, subject: 'sub', issuer: 'iss', serial: 77n, extensions: [d.extension('1.2.3', d.octets(Buffer.from('v')), true)] });
    const c = parsed(der);
    const slice = (e: { header: number; end: number }) => der.subarray(e.header, e.end);
    const value = (e: { start: number; end: number }) => der.subarray(e.start, e.end);
    assert.deepStrictEqual(
      {
        version: c.version,
        serial: c.serial.toBigInt(),
        sig: c.signatureAlgorithm.oid,
        params: c.signatureAlgorithm.params,
        keyAlg: c.publicKeyAlgorithm,
        rawIssuer: slice(c.rawIssuer),
        rawSubject: slice(c.rawSubject),
        spki: slice(c.rawSubjectPublicKeyInfo),
        extensions: c.extensions.map((e) => ({ oid: e.oid, critical: e.critical, value: value(e) })),
        notBefore: new Date(c.notBefore).toISOString(),
        notAfter: new Date(c.notAfter).toISOString(),
        point: Buffer.from(c.publicKey.type === 'ec' ? c.publicKey.point : []),
      },
      {
        version: 3,
        serial: 77n,
        sig: '1.2.840.10045.4.3.2',
        params: undefined,
        keyAlg: d.OID.ecPublicKey,
        rawIssuer: d.cn('iss'),
        rawSubject: d.cn('sub'),
        spki: k.publicKey.export({ type: 'spki', format: 'der' }),
        extensions: [{ oid: '1.2.3', critical: true, value: d.octets(Buffer.from('v')) }],
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        point: Buffer.from(k.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65)),
      },
    );
    const v1 = parsed(build({ signer: p256(1), subject: 'sub', issuer: 'iss', version: null }));
    const rsa = parsed(build({ signer: p256(1), subject: 'sub', issuer: 'iss', signature: d.seq(d.oid(d.OID.sha256WithRSA), d.nul()) }));
    const params = rsa.signatureAlgorithm.params;
    assert.deepStrictEqual([v1.version, v1.extensions, params && { tag: params.tag, bytes: rsa.der.subarray(params.header, params.end) }], [1, [], { tag: 0x05, bytes: d.nul() }]);
  });
});

describe('domainNameValid and parseRFC2821Mailbox (goModelsA)', () => {
  it('takes a leading dot only in a constraint', () => {
    assert.deepStrictEqual([domainNameValid('.a.test', true), domainNameValid('.a.test', false), domainNameValid('', false), domainNameValid('a', false), domainNameValid('a.', true)], [true, false, true, true, false]);
  });

  it('reads a mailbox as Go does', () => {
    assert.deepStrictEqual(
      ['', 'a@b', '"a"@b', '"a', 'a', 'a@', 'a\\@b@c', '"\\\u0001"@b', '"\\\u0000"@b', 'a..b@c', '"a..b"@c'].map(rfc2821MailboxValid),
      [false, true, true, false, false, true, true, true, false, false, true],
    );
  });
});

