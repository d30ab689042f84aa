/**
 * Certificates and private keys as Go's crypto/x509 and crypto/tls see them, parsed with node:crypto
 * (about 6x faster than a full ASN.1 parse; see notes/libraries.md). Each parse happens once per
 * block per check: FileFacts caches the results.
 */
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { certificatePublicKey, certificateSignatureOid, privateKeyDetails, KEY_ALGORITHMS, privateKeyShape, SIGNATURE_ALGORITHMS } from './der';

export type PublicKeyType = 'rsa' | 'ec' | 'ed25519' | string;

export interface KeyFacts {
  type: PublicKeyType;
  /** RSA modulus length. */
  bits?: number;
  /** EC curve, as node names it (prime256v1, secp384r1, ...). */
  curve?: string;
}

export interface CertFacts {
  der: Buffer;
  x509: crypto.X509Certificate;
  subject: string;
  issuer: string;
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Subject equals issuer: a root, or a self-signed leaf. */
  selfIssued: boolean;
  /** DNS and IP subject alternative names, or undefined when the extension is absent. */
  sans?: string[];
  /** Extended key usage OIDs, or undefined when the extension is absent. */
  extKeyUsage?: string[];
  publicKey: KeyFacts;
  signatureOid?: string;
  signatureName: string;
  signatureHash: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function keyFacts(key: crypto.KeyObject): KeyFacts {
  const details = key.asymmetricKeyDetails ?? {};
  return { type: key.asymmetricKeyType ?? 'unknown', bits: details.modulusLength, curve: details.namedCurve };
}

/** The same shape as keyFacts gives, from what der.ts read. */
function fromDer(k: { type: string; bits?: number; curve?: string } | undefined): KeyFacts | undefined {
  return k && { type: k.type, bits: k.bits, curve: k.curve };
}

function firstCommonName(dn: string): string | undefined {
  for (const line of dn.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return undefined;
}

function parseSans(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const sans: string[] = [];
  for (const part of text.split(', ')) {
    // Host names and addresses only: email and URI names play no part in TLS host verification.
    const kind = /^(DNS|IP Address):/.exec(part);
    if (!kind) continue;
    const name = part.slice(kind[0].length);
    // node spells IPv6 in full (0:0:0:0:0:0:0:1); Go compares and prints the short form (::1).
    sans.push(isIP(name) === 6 ? new URL(`http://[${name}]`).hostname.slice(1, -1) : name);
  }
  return sans;
}

/** x509.ParseCertificate. The error text is Go's generic one: node does not say what Go would. */
export function parseCertificate(der: Buffer): Parsed<CertFacts> {
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(der);
  } catch {
    return { ok: false, error: 'x509: malformed certificate' };
  }
  const signatureOid = certificateSignatureOid(der);
  const sig = signatureOid ? SIGNATURE_ALGORITHMS[signatureOid] : undefined;
  // node gives undefined for an empty name (a SAN-only certificate), which Go reads as "".
  const subject = x509.subject ?? '';
  const issuer = x509.issuer ?? '';
  return {
    ok: true,
    value: {
      der,
      x509,
      subject,
      issuer,
      commonName: firstCommonName(subject),
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      isCA: x509.ca,
      selfIssued: subject === issuer,
      sans: parseSans(x509.subjectAltName),
      extKeyUsage: x509.keyUsage,
      publicKey: fromDer(certificatePublicKey(der)) ?? keyFacts(x509.publicKey),
      signatureOid,
      signatureName: sig?.name ?? signatureOid ?? 'unknown',
      signatureHash: sig?.hash ?? '',
    },
  };
}

export interface PrivateKeyFacts extends KeyFacts {
  key: crypto.KeyObject;
  format: 'PKCS#1' | 'PKCS#8' | 'SEC1';
}

// Go's x509.ParseECPrivateKey / ParsePKCS8PrivateKey know these curves only.
const GO_CURVES = new Set(['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1']);

const FAILED_TO_PARSE = 'tls: failed to parse private key';

function importKey(der: Buffer, type: 'pkcs1' | 'pkcs8' | 'sec1'): crypto.KeyObject | undefined {
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

/**
 * crypto/tls parsePrivateKey: PKCS#1, then PKCS#8 (RSA, ECDSA, Ed25519 accepted; X25519 parses but
 * is refused), then SEC1. The structures cannot be confused, so the shape picks the one parser.
 */
export function parsePrivateKey(der: Buffer): Parsed<PrivateKeyFacts> {
  const shape = privateKeyShape(der);
  let key: crypto.KeyObject | undefined;
  let format: PrivateKeyFacts['format'];
  switch (shape.format) {
    case 'pkcs1':
      key = importKey(der, 'pkcs1');
      format = 'PKCS#1';
      break;
    case 'sec1':
      key = importKey(der, 'sec1');
      format = 'SEC1';
      break;
    case 'pkcs8': {
      const alg = KEY_ALGORITHMS[shape.algorithmOid];
      // x509.ParsePKCS8PrivateKey rejects unknown algorithms, so tls falls through to its generic error.
      if (alg !== 'rsa' && alg !== 'ec' && alg !== 'ed25519' && alg !== 'x25519') return { ok: false, error: FAILED_TO_PARSE };
      key = importKey(der, 'pkcs8');
      format = 'PKCS#8';
      if (key && alg === 'x25519') return { ok: false, error: 'tls: found unknown private key type in PKCS#8 wrapping' };
      break;
    }
    default:
      return { ok: false, error: FAILED_TO_PARSE };
  }
  if (!key) return { ok: false, error: FAILED_TO_PARSE };
  const facts = fromDer(privateKeyDetails(der)) ?? keyFacts(key);
  if (facts.type === 'ec' && !GO_CURVES.has(facts.curve ?? '')) return { ok: false, error: FAILED_TO_PARSE };
  return { ok: true, value: { ...facts, key, format } };
}

/** The last step of tls.X509KeyPair: does the private key belong to the leaf's public key? */
export function keyMatchesCertificate(cert: CertFacts, key: PrivateKeyFacts): string | undefined {
  const pub = cert.publicKey.type;
  if (pub !== 'rsa' && pub !== 'ec' && pub !== 'ed25519') return 'tls: unknown public key algorithm';
  if (key.type !== pub) return 'tls: private key type does not match public key type';
  return cert.x509.checkPrivateKey(key.key) ? undefined : 'tls: private key does not match public key';
}

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';

export function curveName(curve: string | undefined): string {
  switch (curve) {
    case 'prime256v1':
      return 'P-256';
    case 'secp384r1':
      return 'P-384';
    case 'secp521r1':
      return 'P-521';
    case 'secp224r1':
      return 'P-224';
    default:
      return curve ?? '?';
  }
}
