/**
 * crypto/x509 Certificate.CheckSignatureFrom (Go 1.26): may the parent sign certificates, which
 * SignatureAlgorithm the child names (getSignatureAlgorithmFromAI, strict about RSA-PSS
 * parameters), and the signature itself, with Go's error texts. The arithmetic is node:crypto's;
 * every decision around it is Go's.
 */
import * as crypto from 'node:crypto';
import { DerInput, Element, TAG } from './asn1';
import { GO_DEFAULTS, goRsaKeySizeError, GoParseOptions } from './godebug';
import type { GoCertificate } from './parseCertificate';

type PublicKeyAlgorithm = 'RSA' | 'DSA' | 'ECDSA' | 'Ed25519';

export interface SignatureAlgorithm {
  /** Go's SignatureAlgorithm.String(): `SHA256-RSA`, `ECDSA-SHA384`, `Ed25519`; undefined for UnknownSignatureAlgorithm. */
  name?: string;
  pubKeyAlgo?: PublicKeyAlgorithm;
  /** node:crypto's digest name; undefined for Ed25519 (no pre-hash). */
  hash?: 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
  pss?: boolean;
}

// Go: x509.go signatureAlgorithmDetails (OID -> name, key algorithm, hash)
const DETAILS: Record<string, SignatureAlgorithm> = {
  '1.2.840.113549.1.1.4': { name: 'MD5-RSA', pubKeyAlgo: 'RSA', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'SHA1-RSA', pubKeyAlgo: 'RSA', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'SHA1-RSA', pubKeyAlgo: 'RSA', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'SHA256-RSA', pubKeyAlgo: 'RSA', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'SHA384-RSA', pubKeyAlgo: 'RSA', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'SHA512-RSA', pubKeyAlgo: 'RSA', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'DSA-SHA1', pubKeyAlgo: 'DSA', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'DSA-SHA256', pubKeyAlgo: 'DSA', hash: 'sha256' },
  '1.2.840.10045.4.1': { name: 'ECDSA-SHA1', pubKeyAlgo: 'ECDSA', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA-SHA256', pubKeyAlgo: 'ECDSA', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA-SHA384', pubKeyAlgo: 'ECDSA', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA-SHA512', pubKeyAlgo: 'ECDSA', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', pubKeyAlgo: 'Ed25519' },
};

const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const PSS_HASHES: Record<string, { hash: 'sha256' | 'sha384' | 'sha512'; salt: number; name: string }> = {
  '2.16.840.1.101.3.4.2.1': { hash: 'sha256', salt: 32, name: 'SHA256-RSAPSS' },
  '2.16.840.1.101.3.4.2.2': { hash: 'sha384', salt: 48, name: 'SHA384-RSAPSS' },
  '2.16.840.1.101.3.4.2.3': { hash: 'sha512', salt: 64, name: 'SHA512-RSAPSS' },
};

/** An AlgorithmIdentifier's parameters are absent or exactly NULL (asn1.Unmarshal ignores what follows them). */
function nullOrAbsent(d: DerInput): boolean {
  if (d.empty) return true;
  const p = d.read(TAG.NULL);
  return !!p && p.end === p.start;
}

/** AlgorithmIdentifier { OID, params } read from an element's contents. */
function algorithm(bytes: Uint8Array, e: Element): { oid: string; params: DerInput } | undefined {
  const d = new DerInput(bytes, e.start, e.end);
  const oid = d.readOid();
  return oid === undefined ? undefined : { oid, params: d };
}

// Go: x509.go getSignatureAlgorithmFromAI, RSA-PSS branch: MGF1 with the same hash, salt = hash
// length, trailer 1; anything else is UnknownSignatureAlgorithm.
function pssAlgorithm(bytes: Uint8Array, params: DerInput): SignatureAlgorithm {
  const unknown: SignatureAlgorithm = {};
  const seqEl = params.read(TAG.SEQUENCE);
  if (!seqEl || !params.empty) return unknown;
  const seq = params.inner(seqEl);
  // Defaults as asn1.Unmarshal fills them: SHA-1 (never one of the three buckets), salt 20, trailer 1.
  let hashOid = '1.3.14.3.2.26';
  let mgfOid = MGF1;
  let mgfHashOid = '1.3.14.3.2.26';
  let salt = 20n;
  let trailer = 1n;
  const hashWrap = seq.read(0xa0);
  if (hashWrap) {
    const inner = seq.inner(hashWrap);
    const ai = inner.read(TAG.SEQUENCE);
    const a = ai && algorithm(bytes, ai);
    if (!a || !nullOrAbsent(a.params)) return unknown;
    hashOid = a.oid;
  }
  const mgfWrap = seq.read(0xa1);
  if (mgfWrap) {
    const inner = seq.inner(mgfWrap);
    const ai = inner.read(TAG.SEQUENCE);
    const a = ai && algorithm(bytes, ai);
    if (!a) return unknown;
    mgfOid = a.oid;
    const hashAi = a.params.read(TAG.SEQUENCE);
    const h = hashAi && algorithm(bytes, hashAi);
    if (!h || !nullOrAbsent(h.params)) return unknown;
    mgfHashOid = h.oid;
  }
  const saltWrap = seq.read(0xa2);
  if (saltWrap) {
    const v = seq.inner(saltWrap).readInt64();
    if (v === undefined) return unknown;
    salt = v;
  }
  const trailerWrap = seq.read(0xa3);
  // asn1.Unmarshal: an optional field whose inner tag does not match keeps its default.
  const trailerInput = trailerWrap && seq.inner(trailerWrap);
  if (trailerInput?.peekTag(TAG.INTEGER)) {
    const v = trailerInput.readInt64();
    if (v === undefined) return unknown;
    trailer = v;
  }
  // asn1.Unmarshal allows more elements at the end of a SEQUENCE.
  if (mgfOid !== MGF1 || mgfHashOid !== hashOid || trailer !== 1n) return unknown;
  const bucket = PSS_HASHES[hashOid];
  if (!bucket || BigInt(bucket.salt) !== salt) return unknown;
  return { name: bucket.name, pubKeyAlgo: 'RSA', hash: bucket.hash, pss: true };
}

// Go: x509.go getSignatureAlgorithmFromAI
export function signatureAlgorithmOf(c: GoCertificate): SignatureAlgorithm {
  const ai = c.signatureAlgorithm;
  const params = ai.params ? new DerInput(c.der, ai.params.header, ai.params.end) : new DerInput(c.der, 0, 0);
  if (ai.oid === '1.3.101.112' && !params.empty) return {};
  if (ai.oid === RSA_PSS) return pssAlgorithm(c.der, params);
  return DETAILS[ai.oid] ?? {};
}

/** The TBSCertificate (header included) and the signature's octets. */
export function signedParts(der: Uint8Array): { tbs: Uint8Array; signature: Uint8Array } | undefined {
  const top = DerInput.of(der);
  const cert = top.read(TAG.SEQUENCE);
  if (!cert) return undefined;
  const body = top.inner(cert);
  const tbs = body.read(TAG.SEQUENCE);
  if (!tbs || !body.read(TAG.SEQUENCE)) return undefined;
  const sig = body.readBitString();
  if (!sig) return undefined;
  return { tbs: der.subarray(tbs.header, tbs.end), signature: sig.rightAlign() };
}

const KEY_USAGE_CERT_SIGN = 1 << 5;

export const CONSTRAINT_VIOLATION = 'x509: invalid signature: parent certificate cannot sign this kind of certificate';
export const UNSUPPORTED_ALGORITHM = 'x509: cannot verify signature: algorithm unimplemented';

const GO_KEY_TYPE: Record<string, string> = { rsa: '*rsa.PublicKey', ec: '*ecdsa.PublicKey', ed25519: 'ed25519.PublicKey', dsa: '*dsa.PublicKey' };
const KEY_ALGO: Record<string, PublicKeyAlgorithm> = { rsa: 'RSA', ec: 'ECDSA', ed25519: 'Ed25519', dsa: 'DSA' };

/** What went wrong checking one signature: Go's text, or certsd's own when node:crypto cannot do the arithmetic. */
export interface SignatureFailure {
  error: string;
  /** node:crypto could not check it: the verdict is not Go's. */
  unmodelled?: boolean;
}

// Go: x509.go Certificate.CheckSignatureFrom and checkSignature(allowSHA1 = false)
export function checkSignatureFrom(child: GoCertificate, parent: GoCertificate, o: GoParseOptions = GO_DEFAULTS): SignatureFailure | undefined {
  const f = parent.facts;
  if ((parent.version === 3 && !f.basicConstraintsValid) || (f.basicConstraintsValid && !f.isCA)) return { error: CONSTRAINT_VIOLATION };
  if (f.keyUsage !== 0 && (f.keyUsage & KEY_USAGE_CERT_SIGN) === 0) return { error: CONSTRAINT_VIOLATION };
  const key = parent.publicKey;
  if (key.type === 'unknown') return { error: UNSUPPORTED_ALGORITHM };

  const algo = signatureAlgorithmOf(child);
  if (!algo.name) return { error: UNSUPPORTED_ALGORITHM };
  if (algo.hash === 'md5' || algo.hash === 'sha1') return { error: `x509: cannot verify signature: insecure algorithm ${algo.name}` };
  if (key.type === 'dsa') return { error: UNSUPPORTED_ALGORITHM };
  if (algo.pubKeyAlgo !== KEY_ALGO[key.type]) {
    return { error: `x509: signature algorithm specifies an ${algo.pubKeyAlgo} public key, but have public key of type ${GO_KEY_TYPE[key.type]}` };
  }
  if (key.type === 'rsa') {
    const small = goRsaKeySizeError(key.bits, o);
    if (small) return { error: small };
  }
  const parts = signedParts(child.der);
  if (!parts) return { error: 'certsd could not find the signed part of this certificate', unmodelled: true };
  let publicKey: crypto.KeyObject;
  try {
    const spki = parent.rawSubjectPublicKeyInfo;
    publicKey = crypto.createPublicKey({ key: Buffer.from(parent.der.subarray(spki.header, spki.end)), format: 'der', type: 'spki' });
  } catch {
    return { error: 'certsd could not read the issuer key to check this signature', unmodelled: true };
  }
  let good: boolean;
  try {
    if (key.type === 'rsa') {
      const padding = algo.pss ? crypto.constants.RSA_PKCS1_PSS_PADDING : crypto.constants.RSA_PKCS1_PADDING;
      const saltLength = algo.pss ? crypto.createHash(algo.hash!).digest().length : undefined;
      good = crypto.verify(algo.hash!, parts.tbs, { key: publicKey, padding, saltLength }, parts.signature);
    } else if (key.type === 'ec') {
      good = crypto.verify(algo.hash!, parts.tbs, { key: publicKey, dsaEncoding: 'der' }, parts.signature);
    } else {
      good = crypto.verify(null, parts.tbs, publicKey, parts.signature);
    }
  } catch {
    // OpenSSL throws on malformed signatures (a bad DER ECDSA value); Go just says it does not verify.
    good = false;
  }
  if (good) return undefined;
  switch (key.type) {
    case 'rsa':
      return { error: 'crypto/rsa: verification error' };
    case 'ec':
      return { error: 'x509: ECDSA verification failure' };
    default:
      return { error: 'x509: Ed25519 verification failure' };
  }
}
