/**
 * Everything a person wants to know about one certificate or key, for hovers. Parsed on demand
 * (never on the check's hot path): @peculiar/x509 for the extensions node:crypto does not expose.
 * Never returns private key material.
 */
import { x509 } from './generate/peculiar';
import { isEncryptedKey, PemBlock } from './go/pem';
import { CertFacts, curveName, EKU_CLIENT_AUTH, EKU_SERVER_AUTH, PrivateKeyFacts } from './go/x509';


export interface CertificateDetails {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  sans: string[];
  publicKey: string;
  signatureAlgorithm: string;
  fingerprint256: string;
  isCA: boolean;
  pathLength?: number;
  keyUsage: string[];
  extKeyUsage: string[];
  selfSigned: boolean;
}

const EKU_NAMES: Record<string, string> = {
  [EKU_SERVER_AUTH]: 'serverAuth',
  [EKU_CLIENT_AUTH]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

function oneLine(dn: string): string {
  return dn.split('\n').join(', ');
}

export function describePublicKey(k: { type: string; bits?: number; curve?: string }): string {
  if (k.type === 'rsa') return `RSA ${k.bits ?? '?'} bits`;
  if (k.type === 'ec') return `ECDSA ${curveName(k.curve)}`;
  if (k.type === 'ed25519') return 'Ed25519';
  return k.type;
}

export function describeCertificate(facts: CertFacts): CertificateDetails {
  let pathLength: number | undefined;
  let keyUsage: string[] = [];
  try {
    const cert = new x509.X509Certificate(facts.der);
    const bc = cert.getExtension(x509.BasicConstraintsExtension);
    pathLength = bc?.pathLength;
    const ku = cert.getExtension(x509.KeyUsagesExtension);
    if (ku) keyUsage = KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name);
  } catch {
    // node:crypto parsed it; the details @peculiar/x509 adds are optional.
  }
  let selfSigned = false;
  if (facts.selfIssued) {
    try {
      selfSigned = facts.x509.verify(facts.x509.publicKey);
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: oneLine(facts.subject),
    issuer: oneLine(facts.issuer),
    // Only hovers need these: read from node's object on demand, not on the check's hot path.
    serialNumber: facts.x509.serialNumber,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    sans: facts.sans ?? [],
    publicKey: describePublicKey(facts.publicKey),
    signatureAlgorithm: facts.signatureName,
    fingerprint256: facts.x509.fingerprint256,
    isCA: facts.isCA,
    pathLength,
    keyUsage,
    extKeyUsage: (facts.extKeyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    selfSigned,
  };
}

export interface KeyDetails {
  type: string;
  format: string;
  encrypted: boolean;
}

/** A private key block, described without its material. */
export function describeKeyBlock(block: PemBlock, parsed: { ok: true; value: PrivateKeyFacts } | { ok: false; error: string }): KeyDetails {
  const encrypted = isEncryptedKey(block);
  if (parsed.ok) return { type: describePublicKey(parsed.value), format: parsed.value.format, encrypted: false };
  const format = block.type === 'RSA PRIVATE KEY' ? 'PKCS#1' : block.type === 'EC PRIVATE KEY' ? 'SEC1' : block.type.includes('ENCRYPTED') ? 'PKCS#8 (encrypted)' : 'PKCS#8';
  return { type: block.type === 'RSA PRIVATE KEY' ? 'RSA' : block.type === 'EC PRIVATE KEY' ? 'ECDSA' : 'unknown', format, encrypted };
}
