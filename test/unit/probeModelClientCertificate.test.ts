/**
 * Which client certificate Go's tls client sends (server/src/core/probe/clientCertificate.ts),
 * checked against Go's crypto/tls: certificateRequestInfoFromMsg (TLS 1.2 filters the server's
 * schemes by its certificate_types), signatureSchemesForPublicKey + isDisabledSignatureAlgorithm +
 * selectSignatureScheme (the scheme picked in the peer's order; SHA-1 only with tlssha1=1 and only
 * in TLS 1.2; PKCS#1 v1.5 never in TLS 1.3; RSA schemes by modulus size), unsupportedCertificateError,
 * CertificateRequestInfo.SupportsCertificate (the CA names against each certificate's raw issuer)
 * and getClientCertificate (the first pair supported, in tls.Config.Certificates order).
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import {
  chooseClientCertificate,
  ClientChain,
  CertificateRequestInfo,
  requestInfo,
  SCHEME,
  selectSignatureScheme,
  supportsCertificate,
} from '../../server/src/core/probe/clientCertificate';
import { TLS12, TLS13 } from '../../server/src/core/probe/tlsRecords';
import { GoCertificate } from '../../server/src/core/go/parseCertificate';
import { parseCertificate } from '../../server/src/core/go/x509';
import { clientCert, ecKey, issuedBy, selfSignedCa, TestCert } from '../helpers/pki';

const S = SCHEME;
/** Every scheme Go knows, and two it does not (RSA-PSS with rsae/pss OIDs 0x0809, a GREASE value). */
const ALL = [
  S.PKCS1WithSHA256,
  S.PKCS1WithSHA384,
  S.PKCS1WithSHA512,
  S.PSSWithSHA256,
  S.PSSWithSHA384,
  S.PSSWithSHA512,
  S.ECDSAWithP256AndSHA256,
  S.ECDSAWithP384AndSHA384,
  S.ECDSAWithP521AndSHA512,
  S.Ed25519,
  S.PKCS1WithSHA1,
  S.ECDSAWithSHA1,
  0x0809,
  0x0a0a,
];

const RSA_TOO_SMALL = 'tls: certificate RSA key size too small for supported signature algorithms';
const NO_COMMON = "tls: peer doesn't support any of the certificate's signature algorithms";

describe("probe model: Go's client certificate choice", () => {
  describe('requestInfo (certificateRequestInfoFromMsg)', () => {
    it('TLS 1.3 keeps the signature_algorithms and the CA names as sent, unknown schemes included', () => {
      const cas = [Buffer.from('3000', 'hex')];
      assert.deepStrictEqual(requestInfo(TLS13, { signatureSchemes: [0x0a0a, S.PKCS1WithSHA1, S.Ed25519], certificateAuthorities: cas, certificateTypes: [] }), {
        version: TLS13,
        signatureSchemes: [0x0a0a, S.PKCS1WithSHA1, S.Ed25519],
        acceptableCAs: cas,
      });
    });

    it('TLS 1.2 with rsa_sign only keeps the PKCS#1 v1.5 and PSS schemes, in the server order', () => {
      const cas = [Buffer.from('3000', 'hex')];
      assert.deepStrictEqual(requestInfo(TLS12, { certificateTypes: [1], signatureSchemes: ALL, certificateAuthorities: cas }), {
        version: TLS12,
        signatureSchemes: [S.PKCS1WithSHA256, S.PKCS1WithSHA384, S.PKCS1WithSHA512, S.PSSWithSHA256, S.PSSWithSHA384, S.PSSWithSHA512, S.PKCS1WithSHA1],
        acceptableCAs: cas,
      });
    });

    it('TLS 1.2 with ecdsa_sign only keeps the ECDSA and Ed25519 schemes', () => {
      assert.deepStrictEqual(requestInfo(TLS12, { certificateTypes: [64], signatureSchemes: ALL, certificateAuthorities: [] }).signatureSchemes, [
        S.ECDSAWithP256AndSHA256,
        S.ECDSAWithP384AndSHA384,
        S.ECDSAWithP521AndSHA512,
        S.Ed25519,
        S.ECDSAWithSHA1,
      ]);
    });

    it('TLS 1.2 with both types keeps every scheme Go knows and drops the others', () => {
      assert.deepStrictEqual(requestInfo(TLS12, { certificateTypes: [2, 64, 1], signatureSchemes: ALL, certificateAuthorities: [] }).signatureSchemes, ALL.slice(0, 12));
    });

    it('TLS 1.2 with no usable certificate type (or none at all) keeps no scheme', () => {
      assert.deepStrictEqual(requestInfo(TLS12, { certificateTypes: [2, 65], signatureSchemes: ALL, certificateAuthorities: [] }).signatureSchemes, []);
      assert.deepStrictEqual(requestInfo(TLS12, { signatureSchemes: ALL, certificateAuthorities: [] }).signatureSchemes, []);
    });
  });

  describe('selectSignatureScheme', () => {
    const rsa = (bits: number) => ({ type: 'rsa', bits });

    it('TLS 1.3: an RSA key signs with PSS only, the first the peer lists', () => {
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(2048), [S.PKCS1WithSHA256, S.PSSWithSHA384, S.PSSWithSHA256], false), { scheme: S.PSSWithSHA384 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(2048), [S.PKCS1WithSHA256, S.PKCS1WithSHA1], true), { error: NO_COMMON });
    });

    it('TLS 1.2: PKCS#1 v1.5 is allowed, SHA-1 only with tlssha1=1', () => {
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [S.PKCS1WithSHA256, S.PSSWithSHA256], false), { scheme: S.PKCS1WithSHA256 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [S.PKCS1WithSHA1, S.PSSWithSHA512], false), { scheme: S.PSSWithSHA512 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [S.PKCS1WithSHA1, S.PSSWithSHA512], true), { scheme: S.PKCS1WithSHA1 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [S.PKCS1WithSHA1], false), { error: NO_COMMON });
    });

    it('RSA schemes by modulus size in bytes ((bits + 7) / 8): PSS-SHA512 needs 130, PSS-SHA384 98, PKCS1-SHA512 94', () => {
      const peer = [S.PSSWithSHA512, S.PKCS1WithSHA512, S.PSSWithSHA384, S.PSSWithSHA256];
      // 1033 bits are 130 bytes: just enough for PSS with SHA-512.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(1033), peer, false), { scheme: S.PSSWithSHA512 });
      // 1032 bits are 129 bytes.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(1032), peer, false), { scheme: S.PKCS1WithSHA512 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(1032), peer, false), { scheme: S.PSSWithSHA384 });
      // 94 bytes: PKCS1-SHA512 (19 + 64 + 11) yes, PSS-SHA384 (98) no.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(752), peer, false), { scheme: S.PKCS1WithSHA512 });
      // 745 bits round up to 94 bytes, 744 bits are 93.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(745), [S.PKCS1WithSHA512, S.PSSWithSHA256], false), { scheme: S.PKCS1WithSHA512 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(744), [S.PKCS1WithSHA512, S.PSSWithSHA256], false), { scheme: S.PSSWithSHA256 });
      // 98 bytes: PSS-SHA384.
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(784), [S.PSSWithSHA512, S.PSSWithSHA384], false), { scheme: S.PSSWithSHA384 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(776), [S.PSSWithSHA384, S.PSSWithSHA256], false), { scheme: S.PSSWithSHA256 });
      // 66 bytes: PSS-SHA256; 65 bytes: only PKCS#1 v1.5 (SHA-256 needs 62).
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(528), [S.PSSWithSHA256], false), { scheme: S.PSSWithSHA256 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(520), [S.PSSWithSHA256, S.PKCS1WithSHA384, S.PKCS1WithSHA256], false), { scheme: S.PKCS1WithSHA256 });
      // 80 bytes: PKCS1-SHA384 (19 + 48 + 11 = 78) yes.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(640), [S.PKCS1WithSHA384], false), { scheme: S.PKCS1WithSHA384 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(616), [S.PKCS1WithSHA384, S.PKCS1WithSHA256], false), { scheme: S.PKCS1WithSHA256 });
      // 46 bytes: PKCS1-SHA1 (15 + 20 + 11) and nothing else.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(368), [S.PKCS1WithSHA256, S.PKCS1WithSHA1], true), { scheme: S.PKCS1WithSHA1 });
    });

    it('an RSA key too small for every scheme left: Go\'s unsupportedCertificateError', () => {
      // 512 bits (64 bytes) under TLS 1.3: PSS needs 66 bytes and PKCS#1 v1.5 is not allowed.
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(512), ALL, true), { error: RSA_TOO_SMALL });
      // 46 bytes in TLS 1.2 without tlssha1=1: PKCS1-SHA1 only, and it is disabled.
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(368), ALL, false), { error: RSA_TOO_SMALL });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(360), ALL, true), { error: RSA_TOO_SMALL });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'rsa' }, ALL, true), { error: RSA_TOO_SMALL });
    });

    it('ECDSA in TLS 1.2: any of the four schemes whatever the curve, SHA-1 only with tlssha1=1', () => {
      const p256 = { type: 'ec', curve: 'prime256v1' };
      assert.deepStrictEqual(selectSignatureScheme(TLS12, p256, [S.PSSWithSHA256, S.ECDSAWithSHA1, S.ECDSAWithP521AndSHA512], false), { scheme: S.ECDSAWithP521AndSHA512 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, p256, [S.ECDSAWithP384AndSHA384], false), { scheme: S.ECDSAWithP384AndSHA384 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, p256, [S.ECDSAWithSHA1, S.ECDSAWithP256AndSHA256], true), { scheme: S.ECDSAWithSHA1 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'ec', curve: 'secp224r1' }, [S.ECDSAWithP256AndSHA256], false), { scheme: S.ECDSAWithP256AndSHA256 });
    });

    it("ECDSA in TLS 1.3: only the key's curve's scheme; P-224 has none", () => {
      const peer = [S.ECDSAWithSHA1, S.ECDSAWithP521AndSHA512, S.ECDSAWithP384AndSHA384, S.ECDSAWithP256AndSHA256];
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'prime256v1' }, peer, true), { scheme: S.ECDSAWithP256AndSHA256 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'secp384r1' }, peer, true), { scheme: S.ECDSAWithP384AndSHA384 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'secp521r1' }, peer, true), { scheme: S.ECDSAWithP521AndSHA512 });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'prime256v1' }, [S.ECDSAWithP384AndSHA384], false), { error: NO_COMMON });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'secp224r1' }, peer, true), { error: 'tls: unsupported certificate curve (P-224)' });
      // A curve Go does not implement (X509KeyPair would refuse it first): named as node names it.
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ec', curve: 'secp256k1' }, peer, true), { error: 'tls: unsupported certificate curve (secp256k1)' });
    });

    it('a key type the model does not know: no scheme', () => {
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'dsa' }, ALL, true), { error: 'tls: unsupported certificate key (dsa)' });
    });

    it('Ed25519 signs with Ed25519 in both versions', () => {
      assert.deepStrictEqual(selectSignatureScheme(TLS13, { type: 'ed25519' }, [S.ECDSAWithP256AndSHA256, S.Ed25519], false), { scheme: S.Ed25519 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'ed25519' }, [S.ECDSAWithP256AndSHA256, S.Ed25519], false), { scheme: S.Ed25519 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'ed25519' }, [S.ECDSAWithP256AndSHA256], false), { error: NO_COMMON });
    });

    it('a TLS 1.2 peer that sent no signature_algorithms: an error, or SHA-1 assumed with tlssha1=1', () => {
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [], false), { error: 'tls: missing signature_algorithms from TLS 1.2 peer' });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, rsa(2048), [], true), { scheme: S.PKCS1WithSHA1 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'ec', curve: 'secp384r1' }, [], true), { scheme: S.ECDSAWithSHA1 });
      assert.deepStrictEqual(selectSignatureScheme(TLS12, { type: 'ed25519' }, [], true), { error: NO_COMMON });
      // TLS 1.3 assumes nothing, and asks for nothing.
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(2048), [], true), { error: NO_COMMON });
      assert.deepStrictEqual(selectSignatureScheme(TLS13, rsa(2048), [], false), { error: NO_COMMON });
    });
  });

  describe('supportsCertificate and the choice (getClientCertificate)', () => {
    let root: TestCert;
    let intermediate: TestCert;
    let leaf: TestCert;
    let other: TestCert;
    const go = (c: TestCert): GoCertificate => {
      const p = parseCertificate(c.der);
      assert.ok(p.ok && p.value.go);
      return p.value.go;
    };
    /** The DER of a certificate's issuer Name, read by @peculiar/x509 (Go's RawIssuer). */
    const issuerDer = (c: TestCert) => Buffer.from(new x509.X509Certificate(c.der).issuerName.toArrayBuffer());
    const subjectDer = (c: TestCert) => Buffer.from(new x509.X509Certificate(c.der).subjectName.toArrayBuffer());
    const ec = { type: 'ec', curve: 'prime256v1' };
    const pair = (certs: TestCert[], rest?: (GoCertificate | string)[]): ClientChain => ({
      chain: certs.map((c) => c.der),
      leaf: go(certs[0]),
      parsedRest: rest ?? certs.slice(1).map(go),
      key: ec,
    });
    const cri = (acceptableCAs: Buffer[], version = TLS13, signatureSchemes: number[] = [S.ECDSAWithP256AndSHA256]): CertificateRequestInfo => ({ version, signatureSchemes, acceptableCAs });

    before(async () => {
      root = await selfSignedCa({ commonName: 'Client Root CA', key: ecKey('P-256', 61) });
      intermediate = await issuedBy(root, { commonName: 'Client Intermediate CA', ca: true, key: ecKey('P-256', 62) });
      leaf = await clientCert(intermediate, { commonName: 'client one', key: ecKey('P-256', 63) });
      other = await selfSignedCa({ commonName: 'Other CA', key: ecKey('P-256', 64) });
    });

    it('no CA names: any pair with a usable scheme is supported', () => {
      assert.equal(supportsCertificate(cri([]), pair([leaf]), false), undefined);
    });

    it("the leaf's issuer among the CA names", () => {
      assert.deepStrictEqual(issuerDer(leaf), subjectDer(intermediate));
      assert.equal(supportsCertificate(cri([subjectDer(other), issuerDer(leaf)]), pair([leaf]), false), undefined);
    });

    it("a later certificate's issuer among the CA names (the root above the intermediate in the file)", () => {
      assert.equal(supportsCertificate(cri([subjectDer(root)]), pair([leaf, intermediate]), false), undefined);
      assert.equal(supportsCertificate(cri([subjectDer(root)]), pair([leaf]), false), 'chain is not signed by an acceptable CA');
    });

    it('no certificate of the chain issued by a named CA', () => {
      assert.equal(supportsCertificate(cri([subjectDer(other), subjectDer(leaf)]), pair([leaf, intermediate]), false), 'chain is not signed by an acceptable CA');
    });

    it('a later certificate that does not parse: Go stops there, unless an earlier one matched', () => {
      const broken = pair([leaf, intermediate, root], [go(intermediate), 'x509: malformed certificate']);
      assert.equal(supportsCertificate(cri([subjectDer(other)]), broken, false), 'failed to parse certificate #2 in the chain: x509: malformed certificate');
      assert.equal(supportsCertificate(cri([subjectDer(root)]), broken, false), undefined);
      assert.equal(supportsCertificate(cri([subjectDer(other)]), pair([leaf], ['asn1: syntax error']), false), 'failed to parse certificate #1 in the chain: asn1: syntax error');
    });

    it('the scheme is checked before the CA names', () => {
      assert.equal(supportsCertificate(cri([issuerDer(leaf)], TLS13, [S.Ed25519]), pair([leaf]), false), NO_COMMON);
    });

    it('the first supported pair is sent; the reasons for the ones before it are kept in order', () => {
      const ed = { ...pair([leaf]), key: { type: 'ed25519' } };
      const wrongCa = pair([other]);
      const good = pair([leaf, intermediate]);
      const request = cri([subjectDer(root)]);
      assert.deepStrictEqual(chooseClientCertificate(request, [ed, wrongCa, good, pair([leaf, intermediate])], false), {
        index: 2,
        rejected: [NO_COMMON, 'chain is not signed by an acceptable CA'],
      });
      assert.deepStrictEqual(chooseClientCertificate(request, [good, ed], false), { index: 0, rejected: [] });
      assert.deepStrictEqual(chooseClientCertificate(request, [ed, wrongCa], false), { index: -1, rejected: [NO_COMMON, 'chain is not signed by an acceptable CA'] });
      assert.deepStrictEqual(chooseClientCertificate(request, [], false), { index: -1, rejected: [] });
    });
  });
});
