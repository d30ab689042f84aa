/**
 * Go 1.26's three x509 private-key parsers one field at a time (server/src/core/go/parsePrivateKey.ts,
 * Stryker survivors of the parsePrivateKey slice): for each input built here, what
 * ParsePKCS1PrivateKey, ParsePKCS8PrivateKey and ParseECPrivateKey each say, and what crypto/tls's
 * parsePrivateKey (the three in turn) makes of it.
 *
 * Where the texts come from: every case is recorded with recordGoVector (test/helpers/goVectors.ts)
 * and was fed, with CERTSD_GO_VECTORS, to a small Go 1.26.8 program calling the real
 * x509.ParsePKCS1PrivateKey / ParsePKCS8PrivateKey / ParseECPrivateKey and tls's order; all four
 * answers matched the ones written here. A text ending in "…" is encoding/asn1's "tags don't match"
 * error, which Go goes on to print with its field parameters and Go type name; the model stops at
 * the closing parenthesis on purpose (see unmarshal.ts), so the model must give exactly the part
 * before the "…", and Go's text starts with it.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { goDefaults, parseGodebug } from '../../server/src/core/go/godebug';
import { goParseECPrivateKey, goParsePKCS1PrivateKey, goParsePKCS8PrivateKey, goTlsParsePrivateKey } from '../../server/src/core/go/parsePrivateKey';
import * as d from '../helpers/der';
import { recordGoVector } from '../helpers/goVectors';

const GENERIC = 'tls: failed to parse private key';
const USE_PKCS1 = 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)';
const USE_PKCS8 = 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
const USE_EC = 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
const ZERO_OR_NEGATIVE = 'x509: private key contains zero or negative value';
const EC_ERR = 'x509: failed to parse EC private key: ';
const TOO_LARGE = 'asn1: structure error: integer too large';
const NOT_MINIMAL = 'asn1: structure error: integer not minimally-encoded';
/** encoding/asn1's error for an element of another tag than the field's (universal class); see "…" above. */
const tags = (want: number, tag: number, length: number, compound = false) => `asn1: structure error: tags don't match (${want} vs {class:0 tag:${tag} length:${length} isCompound:${compound}})…`;

const rsaKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa = d.rsaComponents(rsaKey.privateKey);
const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ed = crypto.generateKeyPairSync('ed25519');
const x25519 = crypto.generateKeyPairSync('x25519');

const jwkBytes = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
/** The P-256 scalar, with its top octet forced non-zero so that its length is always 32. */
const scalar = (() => {
  const b = jwkBytes(p256.privateKey.export({ format: 'jwk' }).d);
  return b[0] === 0 ? Buffer.concat([Buffer.from([1]), b.subarray(1)]) : b;
})();
const point = (() => {
  const jwk = p256.publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
})();
const edSeed = jwkBytes(ed.privateKey.export({ format: 'jwk' }).d);
const x25519Raw = jwkBytes(x25519.privateKey.export({ format: 'jwk' }).d);

/** An INTEGER of 9 content octets: too large for Go's int fields (Version, E). */
const int9 = () => d.intRaw([1, 0, 0, 0, 0, 0, 0, 0, 0]);
/** An INTEGER with a superfluous leading zero octet. */
const nonMinimal = (v: bigint) => d.intRaw([0, ...d.intBytes(v)]);
/** PKCS#1 fields in order, each replaceable. */
function pkcs1(over: Partial<Record<'version' | 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', d.Der>> = {}, ...extra: d.Der[]): d.Der {
  const f = { version: d.int(0), n: d.int(rsa.n), e: d.int(rsa.e), d: d.int(rsa.d), p: d.int(rsa.p), q: d.int(rsa.q), dp: d.int(rsa.dp), dq: d.int(rsa.dq), qi: d.int(rsa.qi), ...over };
  return d.seq(f.version, f.n, f.e, f.d, f.p, f.q, f.dp, f.dq, f.qi, ...extra);
}
const rsaAlgo = () => d.seq(d.oid(d.OID.rsaEncryption), d.nul());
const ecAlgo = (params: d.Der) => d.seq(d.oid(d.OID.ecPublicKey), params);
/** ECPrivateKey with the P-256 curve and an arbitrary [1] element. */
const sec1With = (...tail: d.Der[]) => d.seq(d.int(1), d.octets(scalar), d.ctx(0, d.oid(d.OID.p256)), ...tail);

interface Case {
  name: string;
  der: () => Buffer;
  /** tls's answer: 'ok:<type>' or its error; then each x509 parser's, 'ok' or its error. */
  tls: string;
  pkcs1: string;
  pkcs8: string;
  sec1: string;
  godebug?: string;
  /** The curve of an EC key tls accepts. */
  curve?: string;
}

const said = (x: { key: unknown } | { error: string }) => ('error' in x ? x.error : 'ok');
/** Go's text, or the model's part of it when it ends in "…". */
const modelText = (goText: string) => (goText.endsWith('…') ? goText.slice(0, -1) : goText);

function check(c: Case): void {
  const der = c.der();
  recordGoVector({ name: c.name, kind: 'key', godebug: c.godebug, der, expect: c.tls, detail: { pkcs1: c.pkcs1, pkcs8: c.pkcs8, sec1: c.sec1 } });
  const o = parseGodebug(c.godebug ?? '', goDefaults('1.26'));
  const r = goTlsParsePrivateKey(der, o);
  assert.deepEqual(
    [r.ok ? `ok:${r.key.type}` : r.error, said(goParsePKCS1PrivateKey(der, o)), said(goParsePKCS8PrivateKey(der, o)), said(goParseECPrivateKey(der))],
    [c.tls, c.pkcs1, c.pkcs8, c.sec1].map(modelText),
  );
  if (c.curve !== undefined) assert.equal(r.ok && r.key.type === 'ec' ? r.key.curve.name : undefined, c.curve);
}

function cases(title: string, list: Case[]): void {
  describe(title, () => {
    for (const c of list) it(c.name, () => check(c));
  });
}

describe('x509 private-key parsers, field by field (Go 1.26 model)', () => {
  cases('PKCS#1 RSAPrivateKey', [
    // Each bad field is one Go rejects after reading it (a too-large or non-minimal INTEGER), so a
    // parser that went on reading would give another answer.
    { name: 'a Version of 9 octets', der: () => pkcs1({ version: int9() }), tls: GENERIC, pkcs1: TOO_LARGE, pkcs8: TOO_LARGE, sec1: EC_ERR + TOO_LARGE },
    { name: 'an E of 9 octets', der: () => pkcs1({ e: int9() }), tls: GENERIC, pkcs1: TOO_LARGE, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a D not minimally encoded', der: () => pkcs1({ d: nonMinimal(rsa.d) }), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a P not minimally encoded', der: () => pkcs1({ p: nonMinimal(rsa.p) }), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a Q not minimally encoded', der: () => pkcs1({ q: nonMinimal(rsa.q) }), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a Dp not minimally encoded', der: () => pkcs1({ dp: nonMinimal(rsa.dp) }), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a Qinv not minimally encoded', der: () => pkcs1({ qi: nonMinimal(rsa.qi) }), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'a non-minimal INTEGER after the three CRT values (not a field: ignored)', der: () => pkcs1({}, nonMinimal(5n)), tls: 'ok:rsa', pkcs1: 'ok', pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a zero D', der: () => pkcs1({ d: d.int(0) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a negative D', der: () => pkcs1({ d: d.int(-rsa.d) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a zero P', der: () => pkcs1({ p: d.int(0) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a zero Q', der: () => pkcs1({ q: d.int(0) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a negative Q', der: () => pkcs1({ q: d.int(-rsa.q) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a zero Dp', der: () => pkcs1({ dp: d.int(0) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a zero Dq', der: () => pkcs1({ dq: d.int(0) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a negative Dq', der: () => pkcs1({ dq: d.int(-1) }), tls: GENERIC, pkcs1: ZERO_OR_NEGATIVE, pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
  ]);

  cases('PKCS#1 AdditionalPrimes (version 1)', [
    { name: 'a zero additional prime', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(d.int(0), d.int(1), d.int(1)))), tls: GENERIC, pkcs1: 'x509: private key contains zero or negative prime', pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'a negative additional prime', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(d.int(-7), d.int(1), d.int(1)))), tls: GENERIC, pkcs1: 'x509: private key contains zero or negative prime', pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'an additional prime not minimally encoded', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(nonMinimal(7n), d.int(1), d.int(1)))), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'an additional prime’s exponent not minimally encoded', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(d.int(7), nonMinimal(1n), d.int(1)))), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'an additional prime’s coefficient not minimally encoded', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(d.int(7), d.int(1), nonMinimal(1n)))), tls: GENERIC, pkcs1: NOT_MINIMAL, pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'an additional prime without its coefficient', der: () => pkcs1({ version: d.int(1) }, d.seq(d.seq(d.int(7), d.int(1)))), tls: GENERIC, pkcs1: 'asn1: syntax error: sequence truncated', pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
    { name: 'an INTEGER among the additional primes', der: () => pkcs1({ version: d.int(1) }, d.seq(d.int(7))), tls: GENERIC, pkcs1: 'asn1: structure error: sequence tag mismatch', pkcs8: tags(16, 2, 257), sec1: EC_ERR + tags(4, 2, 257) },
  ]);

  cases('PKCS#8 PrivateKeyInfo', [
    { name: 'a Version of 9 octets', der: () => d.seq(int9(), rsaAlgo(), d.octets(pkcs1())), tls: GENERIC, pkcs1: TOO_LARGE, pkcs8: TOO_LARGE, sec1: EC_ERR + TOO_LARGE },
    { name: 'an algorithm OID not minimally encoded', der: () => d.seq(d.int(0), d.seq(d.tlv(0x06, [0x2a, 0x80, 0x01]), d.nul()), d.octets(pkcs1())), tls: GENERIC, pkcs1: tags(2, 16, 7, true), pkcs8: 'asn1: syntax error: integer is not minimally encoded', sec1: EC_ERR + tags(4, 16, 7, true) },
    { name: 'parameters longer than the AlgorithmIdentifier', der: () => d.seq(d.int(0), d.seq(d.oid(d.OID.rsaEncryption), Buffer.from([0x05, 0x05])), d.octets(pkcs1())), tls: GENERIC, pkcs1: tags(2, 16, 13, true), pkcs8: 'asn1: syntax error: data truncated', sec1: EC_ERR + tags(4, 16, 13, true) },
    { name: 'an INTEGER where the private key OCTET STRING goes', der: () => d.seq(d.int(0), rsaAlgo(), d.int(5)), tls: GENERIC, pkcs1: tags(2, 16, 13, true), pkcs8: tags(4, 2, 1), sec1: EC_ERR + tags(4, 16, 13, true) },
    { name: 'a SEC1 key given to the PKCS#8 parser', der: () => sec1With(), tls: 'ok:ec', pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'ok' },
    { name: 'a PKCS#8 key given to the EC parser', der: () => d.pkcs8Key(ecAlgo(d.oid(d.OID.p256)), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8 },
    { name: 'a PKCS#1 key given to the EC parser', der: () => pkcs1(), tls: 'ok:rsa', pkcs1: 'ok', pkcs8: USE_PKCS1, sec1: USE_PKCS1 },
    { name: 'bytes that are no structure at all', der: () => Buffer.from([0x04, 0x00]), tls: GENERIC, pkcs1: tags(16, 4, 0), pkcs8: tags(16, 4, 0), sec1: EC_ERR + tags(16, 4, 0) },
  ]);

  cases('the EC curve of a PKCS#8 key: its parameters, when they are an OBJECT IDENTIFIER, else the inner one', [
    // The inner key is P-256's scalar with curve P-256; the parameters carry P-384's OID bytes. The
    // curves were checked with the same Go program (elliptic.Curve Params().Name of the key).
    { name: 'the P-384 OID', der: () => d.pkcs8Key(ecAlgo(d.oid(d.OID.p384)), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8, curve: 'P-384' },
    { name: 'P-384 OID bytes in an OCTET STRING', der: () => d.pkcs8Key(ecAlgo(d.tlv(0x04, d.oidBytes(d.OID.p384))), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8, curve: 'P-256' },
    { name: 'P-384 OID bytes under a context tag [6]', der: () => d.pkcs8Key(ecAlgo(d.tlv(0x86, d.oidBytes(d.OID.p384))), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8, curve: 'P-256' },
    { name: 'P-384 OID bytes in a constructed tag 6', der: () => d.pkcs8Key(ecAlgo(d.tlv(0x26, d.oidBytes(d.OID.p384))), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8, curve: 'P-256' },
    { name: 'an empty OBJECT IDENTIFIER', der: () => d.pkcs8Key(ecAlgo(d.tlv(0x06, [])), sec1With()), tls: 'ok:ec', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8, curve: 'P-256' },
    { name: 'an unknown curve OID in the parameters', der: () => d.pkcs8Key(ecAlgo(d.oid(d.OID.secp256k1)), sec1With()), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve', sec1: USE_PKCS8 },
  ]);

  cases('SEC1 ECPrivateKey', [
    { name: 'a Version of 9 octets', der: () => d.seq(int9(), d.octets(scalar), d.ctx(0, d.oid(d.OID.p256))), tls: GENERIC, pkcs1: TOO_LARGE, pkcs8: TOO_LARGE, sec1: EC_ERR + TOO_LARGE },
    { name: 'version 0', der: () => d.sec1Key(scalar, { version: 0, curveOid: d.OID.p256 }), tls: GENERIC, pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'x509: unknown EC private key version 0' },
    { name: 'an empty OBJECT IDENTIFIER in [0]', der: () => d.seq(d.int(1), d.octets(scalar), d.ctx(0, d.tlv(0x06, []))), tls: GENERIC, pkcs1: tags(2, 4, 32), pkcs8: tags(16, 4, 32), sec1: EC_ERR + 'asn1: syntax error: zero length OBJECT IDENTIFIER' },
    { name: 'an empty [1] at the end', der: () => sec1With(d.ctx(1)), tls: GENERIC, pkcs1: tags(2, 4, 32), pkcs8: tags(16, 4, 32), sec1: EC_ERR + 'asn1: structure error: explicit tag has no child' },
    { name: 'an empty BIT STRING in [1]', der: () => sec1With(d.ctx(1, d.tlv(0x03, []))), tls: GENERIC, pkcs1: tags(2, 4, 32), pkcs8: tags(16, 4, 32), sec1: EC_ERR + 'asn1: syntax error: zero length BIT STRING' },
    { name: 'a BIT STRING of 8 unused bits', der: () => sec1With(d.ctx(1, d.tlv(0x03, [8, 0]))), tls: GENERIC, pkcs1: tags(2, 4, 32), pkcs8: tags(16, 4, 32), sec1: EC_ERR + 'asn1: syntax error: invalid padding bits in BIT STRING' },
    { name: 'a BIT STRING of 7 unused bits, all zero', der: () => sec1With(d.ctx(1, d.tlv(0x03, [7, 0x80]))), tls: 'ok:ec', pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'ok' },
    { name: 'a BIT STRING of 4 unused bits, all zero', der: () => sec1With(d.ctx(1, d.tlv(0x03, [4, 0xf0]))), tls: 'ok:ec', pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'ok' },
    { name: 'a BIT STRING of one octet: no bits, no unused bits', der: () => sec1With(d.ctx(1, d.tlv(0x03, [0]))), tls: 'ok:ec', pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'ok' },
    { name: 'a BIT STRING of one octet claiming 2 unused bits', der: () => sec1With(d.ctx(1, d.tlv(0x03, [2]))), tls: GENERIC, pkcs1: tags(2, 4, 32), pkcs8: tags(16, 4, 32), sec1: EC_ERR + 'asn1: syntax error: invalid padding bits in BIT STRING' },
    { name: 'the real public key', der: () => sec1With(d.ctx(1, d.bitString(point))), tls: 'ok:ec', pkcs1: USE_EC, pkcs8: USE_EC, sec1: 'ok' },
  ]);

  cases('Ed25519 and X25519 in PKCS#8', [
    { name: 'an Ed25519 key whose inner value is an INTEGER', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ed25519)), d.int(5)), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: invalid Ed25519 private key: asn1: structure error: tags don\'t match (4 vs {class:0 tag:2 length:1 isCompound:false})…', sec1: USE_PKCS8 },
    { name: 'an Ed25519 key whose inner value is empty', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ed25519)), Buffer.alloc(0)), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: invalid Ed25519 private key: asn1: syntax error: sequence truncated', sec1: USE_PKCS8 },
    { name: 'a 33-octet Ed25519 seed', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.ed25519)), d.octets(Buffer.alloc(33, 1))), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: invalid Ed25519 private key length: 33', sec1: USE_PKCS8 },
    { name: 'an X25519 key with NULL parameters', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.x25519), d.nul()), d.octets(x25519Raw)), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: invalid X25519 private key parameters', sec1: USE_PKCS8 },
    { name: 'an X25519 key whose inner value is an INTEGER', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.x25519)), d.int(5)), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: invalid X25519 private key: asn1: structure error: tags don\'t match (4 vs {class:0 tag:2 length:1 isCompound:false})…', sec1: USE_PKCS8 },
    { name: 'an X25519 key of 33 octets', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.x25519)), d.octets(Buffer.alloc(33, 1))), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'crypto/ecdh: invalid private key size', sec1: USE_PKCS8 },
    { name: 'a good X25519 key built by hand', der: () => d.pkcs8Key(d.seq(d.oid(d.OID.x25519)), d.octets(x25519Raw)), tls: 'tls: found unknown private key type in PKCS#8 wrapping', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8 },
  ]);

  cases('GODEBUG reaches the RSA key inside PKCS#8', [
    { name: 'a wrong CRT coefficient in PKCS#8', der: () => d.pkcs8Key(rsaAlgo(), pkcs1({ qi: d.int(rsa.qi + 1n) })), tls: GENERIC, pkcs1: USE_PKCS8, pkcs8: 'x509: failed to parse RSA private key embedded in PKCS#8: crypto/rsa: invalid CRT coefficient', sec1: USE_PKCS8 },
    { name: 'a wrong CRT coefficient in PKCS#8 with x509rsacrt=0 (recomputed)', godebug: 'x509rsacrt=0', der: () => d.pkcs8Key(rsaAlgo(), pkcs1({ qi: d.int(rsa.qi + 1n) })), tls: 'ok:rsa', pkcs1: USE_PKCS8, pkcs8: 'ok', sec1: USE_PKCS8 },
  ]);
});

describe('what the x509 parsers and tls give back (Go 1.26 model)', () => {
  const jwk = rsaKey.privateKey.export({ format: 'jwk' });
  const rsaKeyValue = (format: string) => ({ type: 'rsa', format, n: jwkBytes(jwk.n), e: 65537n, bits: 2048 });

  it('an RSA key: its modulus octets, exponent and size, and the format it came in', () => {
    assert.deepEqual(goParsePKCS1PrivateKey(pkcs1()), { key: rsaKeyValue('PKCS#1') });
    assert.deepEqual(goParsePKCS8PrivateKey(d.pkcs8Key(rsaAlgo(), pkcs1())), { key: rsaKeyValue('PKCS#8') });
    assert.deepEqual(goTlsParsePrivateKey(pkcs1()), { ok: true, key: rsaKeyValue('PKCS#1') });
    assert.deepEqual(goTlsParsePrivateKey(d.pkcs8Key(rsaAlgo(), pkcs1())), { ok: true, key: rsaKeyValue('PKCS#8') });
  });

  it('a modulus of 1028 bits (an odd number of hex digits): all 129 octets, the first one 0x0?', () => {
    const k = crypto.generateKeyPairSync('rsa', { modulusLength: 1028 }).privateKey;
    const n = jwkBytes(k.export({ format: 'jwk' }).n);
    assert.equal(n.length, 129);
    assert.ok(n[0] < 0x10 && n[0] > 0, `first octet ${n[0]}`);
    const r = goParsePKCS1PrivateKey(k.export({ type: 'pkcs1', format: 'der' }));
    assert.deepEqual(r, { key: { type: 'rsa', format: 'PKCS#1', n, e: 65537n, bits: 1028 } });
  });

  it('an EC key: its curve and its scalar padded to the curve size, and the format', () => {
    const sec1 = goParseECPrivateKey(sec1With());
    assert.ok('key' in sec1);
    assert.deepEqual([sec1.key.type, sec1.key.format, sec1.key.curve.name, Buffer.from(sec1.key.d).toString('hex')], ['ec', 'SEC1', 'P-256', scalar.toString('hex')]);
    const short = goParseECPrivateKey(d.sec1Key(Buffer.from([0x00, 0x05]), { curveOid: d.OID.p256 }));
    assert.ok('key' in short);
    assert.equal(Buffer.from(short.key.d).toString('hex'), '00'.repeat(31) + '05');
    const wrapped = goTlsParsePrivateKey(d.pkcs8Key(ecAlgo(d.oid(d.OID.p256)), sec1With()));
    assert.ok(wrapped.ok && wrapped.key.type === 'ec');
    assert.deepEqual([wrapped.key.format, wrapped.key.curve.name, Buffer.from(wrapped.key.d).toString('hex')], ['PKCS#8', 'P-256', scalar.toString('hex')]);
    const tlsSec1 = goTlsParsePrivateKey(sec1With());
    assert.deepEqual(tlsSec1.ok && [tlsSec1.key.type, tlsSec1.key.format], ['ec', 'SEC1']);
  });

  it('an Ed25519 key: its seed, a copy that does not change with the input', () => {
    const der = Buffer.from(ed.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const r = goParsePKCS8PrivateKey(der);
    der.fill(0);
    assert.deepEqual(r, { key: { type: 'ed25519', format: 'PKCS#8', seed: new Uint8Array(edSeed) } });
  });

  it('an X25519 key: read by ParsePKCS8PrivateKey, refused by tls after PKCS#1 only', () => {
    const der = x25519.privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.deepEqual(goParsePKCS8PrivateKey(der), { key: { type: 'x25519', format: 'PKCS#8' } });
    assert.deepEqual(goTlsParsePrivateKey(der), { ok: false, error: 'tls: found unknown private key type in PKCS#8 wrapping', attempts: { pkcs1: USE_PKCS8 } });
  });

  it('a key tls cannot read: the generic error, and what each of the three parsers said', () => {
    // The three texts are Go's (the "bytes that are no structure at all" case above, checked with Go).
    assert.deepEqual(goTlsParsePrivateKey(Buffer.from([0x04, 0x00])), {
      ok: false,
      error: GENERIC,
      attempts: {
        pkcs1: modelText(tags(16, 4, 0)),
        pkcs8: modelText(tags(16, 4, 0)),
        sec1: EC_ERR + modelText(tags(16, 4, 0)),
      },
    });
  });
});
