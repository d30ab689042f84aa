/**
 * x509.ParseCertificate (Go 1.26), step by step, with Go's error texts: what an engine makes of one
 * CERTIFICATE block. A certificate this accepts is one the engine uses; one it refuses is skipped by
 * AppendCertsFromPEM and fails tls.X509KeyPair with the error given here.
 */
import { contextConstructed, contextTag, DerInput, Element, IntegerView, TAG } from './asn1';
import { ExtensionFacts, processExtensions, RawExtension } from './extensions';
import { GO_DEFAULTS, GoParseOptions } from './godebug';
import { parseName, Rdn } from './name';
import { AlgorithmIdentifier, KEY_OIDS, parsePublicKey, PublicKey } from './publicKey';
import { parseGeneralizedTime, parseUtcTime } from './time';

export interface GoCertificate {
  /** The DER the certificate was read from. */
  der: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  serial: IntegerView;
  signatureAlgorithm: AlgorithmIdentifier;
  issuer: Rdn[];
  subject: Rdn[];
  /** RawIssuer / RawSubject: the Name elements, header included. */
  rawIssuer: Element;
  rawSubject: Element;
  /** Milliseconds since the epoch. */
  notBefore: number;
  notAfter: number;
  /** The SPKI algorithm OID, and the key (type 'unknown' for algorithms Go leaves unparsed). */
  publicKeyAlgorithm: string;
  publicKey: PublicKey;
  /** subjectPublicKeyInfo, header included. */
  rawSubjectPublicKeyInfo: Element;
  extensions: RawExtension[];
  facts: ExtensionFacts;
}

export type GoParsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

// Go: parser.go parseAI
function parseAlgorithmIdentifier(d: DerInput): { ai: AlgorithmIdentifier } | { error: string } {
  const oid = d.readOid();
  if (oid === undefined) return { error: 'x509: malformed OID' };
  if (d.empty) return { ai: { oid } };
  const params = d.readAny();
  if (!params) return { error: 'x509: malformed parameters' };
  return { ai: { oid, params: { tag: params.tag, header: params.header, end: params.end } } };
}

// Go: parser.go parseTime
function parseTime(d: DerInput): { t: number } | { error: string } {
  if (d.peekTag(TAG.UTCTime)) {
    const e = d.read(TAG.UTCTime);
    const t = e ? parseUtcTime(Buffer.from(d.bytes.buffer, d.bytes.byteOffset + e.start, e.end - e.start).toString('latin1')) : undefined;
    return t === undefined ? { error: 'x509: malformed UTCTime' } : { t };
  }
  if (d.peekTag(TAG.GeneralizedTime)) {
    const e = d.read(TAG.GeneralizedTime);
    const t = e ? parseGeneralizedTime(Buffer.from(d.bytes.buffer, d.bytes.byteOffset + e.start, e.end - e.start).toString('latin1')) : undefined;
    return t === undefined ? { error: 'x509: malformed GeneralizedTime' } : { t };
  }
  return { error: 'x509: unsupported time format' };
}

const KNOWN_KEY_ALGORITHMS = new Set<string>([KEY_OIDS.rsa, KEY_OIDS.dsa, KEY_OIDS.ec, KEY_OIDS.ed25519]);

// Go: parser.go parseCertificate, then ParseCertificate's trailing-data check
export function goParseCertificate(der: Uint8Array, o: GoParseOptions = GO_DEFAULTS): GoParsed<GoCertificate> {
  const top = DerInput.of(der);
  const certEl = top.read(TAG.SEQUENCE);
  if (!certEl) return fail('x509: malformed certificate');
  const input = top.inner(certEl);

  const tbsEl = input.read(TAG.SEQUENCE);
  if (!tbsEl) return fail('x509: malformed tbs certificate');
  const tbs = input.inner(tbsEl);

  let version = 0;
  const v = tbs.readOptional(contextConstructed(0));
  if (!v.ok) return fail('x509: malformed version');
  if (v.element) {
    const inner = tbs.inner(v.element);
    const n = inner.readInt64();
    if (n === undefined || !inner.empty) return fail('x509: malformed version');
    if (n < 0n) return fail('x509: malformed version');
    if (n > 2n) return fail('x509: invalid version');
    version = Number(n);
  }
  version++;

  const serial = tbs.readInteger();
  if (!serial) return fail('x509: malformed serial number');
  if (serial.negative && !o.negativeSerial) return fail('x509: negative serial number');

  const sigAI = tbs.read(TAG.SEQUENCE);
  if (!sigAI) return fail('x509: malformed signature algorithm identifier');
  const outerAI = input.read(TAG.SEQUENCE);
  if (!outerAI) return fail('x509: malformed algorithm identifier');
  if (!Buffer.from(der.buffer, der.byteOffset + sigAI.start, sigAI.end - sigAI.start).equals(Buffer.from(der.buffer, der.byteOffset + outerAI.start, outerAI.end - outerAI.start))) {
    return fail("x509: inner and outer signature algorithm identifiers don't match");
  }
  const sig = parseAlgorithmIdentifier(tbs.inner(sigAI));
  if ('error' in sig) return fail(sig.error);

  const issuerEl = tbs.read(TAG.SEQUENCE);
  if (!issuerEl) return fail('x509: malformed issuer');
  const issuer = parseName(der, issuerEl);
  if (!issuer.ok) return fail(issuer.error);

  const validityEl = tbs.read(TAG.SEQUENCE);
  if (!validityEl) return fail('x509: malformed validity');
  const validity = tbs.inner(validityEl);
  const notBefore = parseTime(validity);
  if ('error' in notBefore) return fail(notBefore.error);
  const notAfter = parseTime(validity);
  if ('error' in notAfter) return fail(notAfter.error);

  const subjectEl = tbs.read(TAG.SEQUENCE);
  // Go says "issuer" here too.
  if (!subjectEl) return fail('x509: malformed issuer');
  const subject = parseName(der, subjectEl);
  if (!subject.ok) return fail(subject.error);

  const spkiEl = tbs.read(TAG.SEQUENCE);
  if (!spkiEl) return fail('x509: malformed spki');
  const spki = tbs.inner(spkiEl);
  const pkAI = spki.read(TAG.SEQUENCE);
  if (!pkAI) return fail('x509: malformed public key algorithm identifier');
  const alg = parseAlgorithmIdentifier(spki.inner(pkAI));
  if ('error' in alg) return fail(alg.error);
  const bits = spki.readBitString();
  if (!bits) return fail('x509: malformed subjectPublicKey');
  let publicKey: PublicKey = { type: 'unknown', oid: alg.ai.oid };
  if (KNOWN_KEY_ALGORITHMS.has(alg.ai.oid)) {
    const k = parsePublicKey(der, alg.ai, bits);
    if ('error' in k) return fail(k.error);
    publicKey = k.key;
  }

  const extensions: RawExtension[] = [];
  let facts: ExtensionFacts = { keyUsage: 0, basicConstraintsValid: false, isCA: false, maxPathLen: -1, unhandledCritical: [] };
  // Version 1 certificates end here for Go: whatever follows in the TBSCertificate is not read.
  if (version > 1) {
    if (!tbs.skipOptional(contextTag(1))) return fail('x509: malformed issuerUniqueID');
    if (!tbs.skipOptional(contextTag(2))) return fail('x509: malformed subjectUniqueID');
    if (version === 3) {
      const wrapper = tbs.readOptional(contextConstructed(3));
      if (!wrapper.ok) return fail('x509: malformed extensions');
      if (wrapper.element) {
        const seqEl = tbs.inner(wrapper.element).read(TAG.SEQUENCE);
        if (!seqEl) return fail('x509: malformed extensions');
        const list = new DerInput(der, seqEl.start, seqEl.end);
        const seen = new Set<string>();
        while (!list.empty) {
          const extEl = list.read(TAG.SEQUENCE);
          if (!extEl) return fail('x509: malformed extension');
          // Go: parser.go parseExtension
          const ext = list.inner(extEl);
          const id = ext.readOid();
          if (id === undefined) return fail('x509: malformed extension OID field');
          let critical = false;
          if (ext.peekTag(TAG.BOOLEAN)) {
            const c = ext.readBoolean();
            if (c === undefined) return fail('x509: malformed extension critical field');
            critical = c;
          }
          const value = ext.read(TAG.OCTET_STRING);
          if (!value) return fail('x509: malformed extension value field');
          if (seen.has(id)) return fail(`x509: certificate contains duplicate extension with OID "${id}"`);
          seen.add(id);
          extensions.push({ oid: id, critical, start: value.start, end: value.end });
        }
        const processed = processExtensions(der, extensions, { strictColons: o.urlStrictColons });
        if ('error' in processed) return fail(processed.error);
        facts = processed;
      }
    }
  }

  if (!input.readBitString()) return fail('x509: malformed signature');
  if (certEl.end !== der.length || certEl.header !== 0) return fail('x509: trailing data');

  return {
    ok: true,
    value: {
      der,
      version,
      serial,
      signatureAlgorithm: sig.ai,
      issuer: issuer.rdns,
      subject: subject.rdns,
      rawIssuer: issuerEl,
      rawSubject: subjectEl,
      notBefore: notBefore.t,
      notAfter: notAfter.t,
      publicKeyAlgorithm: alg.ai.oid,
      publicKey,
      rawSubjectPublicKeyInfo: spkiEl,
      extensions,
      facts,
    },
  };
}
