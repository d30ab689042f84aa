/**
 * Which client certificate Go's crypto/tls client sends (Go 1.26 handshake_client.go
 * getClientCertificate): the first of tls.Config.Certificates that CertificateRequestInfo.
 * SupportsCertificate accepts, else none. SupportsCertificate needs a signature scheme both sides
 * can use for the key (auth.go selectSignatureScheme) and, when the server named acceptable CAs,
 * a certificate of the chain whose raw issuer is one of them.
 */
import { Curve, curveByNodeName } from '../go/curves';
import { GoCertificate } from '../go/parseCertificate';
import { CertificateRequest, TLS12, TLS13 } from './tlsRecords';

export const SCHEME = {
  PKCS1WithSHA256: 0x0401,
  PKCS1WithSHA384: 0x0501,
  PKCS1WithSHA512: 0x0601,
  PSSWithSHA256: 0x0804,
  PSSWithSHA384: 0x0805,
  PSSWithSHA512: 0x0806,
  ECDSAWithP256AndSHA256: 0x0403,
  ECDSAWithP384AndSHA384: 0x0503,
  ECDSAWithP521AndSHA512: 0x0603,
  Ed25519: 0x0807,
  PKCS1WithSHA1: 0x0201,
  ECDSAWithSHA1: 0x0203,
} as const;

const TLS13_ECDSA_SCHEME: Record<NonNullable<Curve['hash']>, number> = {
  'SHA-256': SCHEME.ECDSAWithP256AndSHA256,
  'SHA-384': SCHEME.ECDSAWithP384AndSHA384,
  'SHA-512': SCHEME.ECDSAWithP521AndSHA512,
};

type SigType = 'pkcs1' | 'pss' | 'ecdsa' | 'ed25519';

// Go: auth.go typeAndHashFromSignatureScheme (undefined for schemes Go does not know)
function typeAndHash(s: number): { type: SigType; sha1: boolean } | undefined {
  switch (s) {
    case SCHEME.PKCS1WithSHA1:
      return { type: 'pkcs1', sha1: true };
    case SCHEME.PKCS1WithSHA256:
    case SCHEME.PKCS1WithSHA384:
    case SCHEME.PKCS1WithSHA512:
      return { type: 'pkcs1', sha1: false };
    case SCHEME.PSSWithSHA256:
    case SCHEME.PSSWithSHA384:
    case SCHEME.PSSWithSHA512:
      return { type: 'pss', sha1: false };
    case SCHEME.ECDSAWithSHA1:
      return { type: 'ecdsa', sha1: true };
    case SCHEME.ECDSAWithP256AndSHA256:
    case SCHEME.ECDSAWithP384AndSHA384:
    case SCHEME.ECDSAWithP521AndSHA512:
      return { type: 'ecdsa', sha1: false };
    case SCHEME.Ed25519:
      return { type: 'ed25519', sha1: false };
    default:
      return undefined;
  }
}

/** Go's CertificateRequestInfo. */
export interface CertificateRequestInfo {
  version: number;
  signatureSchemes: number[];
  acceptableCAs: Buffer[];
}

// Go: handshake_client.go certificateRequestInfoFromMsg (TLS 1.2; the message always has signature algorithms)
export function requestInfo(version: number, req: CertificateRequest): CertificateRequestInfo {
  if (version >= TLS13) return { version, signatureSchemes: req.signatureSchemes, acceptableCAs: req.certificateAuthorities };
  const types = req.certificateTypes ?? [];
  const rsaAvail = types.includes(1);
  const ecAvail = types.includes(64);
  const signatureSchemes = req.signatureSchemes.filter((s) => {
    const t = typeAndHash(s);
    if (!t) return false;
    return t.type === 'ecdsa' || t.type === 'ed25519' ? ecAvail : rsaAvail;
  });
  return { version, signatureSchemes, acceptableCAs: req.certificateAuthorities };
}

/** A client pair as tls.Config.Certificates holds it: the chain from the .cert file and the key's kind. */
export interface ClientChain {
  /** Every CERTIFICATE block of the .cert file, in order (tls.X509KeyPair keeps them all). */
  chain: Buffer[];
  /** The leaf as Go parsed it. */
  leaf: GoCertificate;
  /** Go's parse of each later certificate, or its error. */
  parsedRest: (GoCertificate | string)[];
  key: { type: 'rsa' | 'ec' | 'ed25519' | string; bits?: number; curve?: string };
}

const RSA_SCHEMES: [number, number][] = [
  [SCHEME.PSSWithSHA256, 32 * 2 + 2],
  [SCHEME.PSSWithSHA384, 48 * 2 + 2],
  [SCHEME.PSSWithSHA512, 64 * 2 + 2],
  [SCHEME.PKCS1WithSHA256, 19 + 32 + 11],
  [SCHEME.PKCS1WithSHA384, 19 + 48 + 11],
  [SCHEME.PKCS1WithSHA512, 19 + 64 + 11],
  [SCHEME.PKCS1WithSHA1, 15 + 20 + 11],
];

// Go: auth.go signatureSchemesForPublicKey
function schemesForKey(version: number, key: ClientChain['key']): number[] {
  switch (key.type) {
    case 'ec': {
      if (version < TLS13) return [SCHEME.ECDSAWithP256AndSHA256, SCHEME.ECDSAWithP384AndSHA384, SCHEME.ECDSAWithP521AndSHA512, SCHEME.ECDSAWithSHA1];
      // TLS 1.3: the one scheme of the key's curve (go/curves.ts: a curve with no hash has none).
      const hash = curveByNodeName(key.curve)?.hash;
      return hash ? [TLS13_ECDSA_SCHEME[hash]] : [];
    }
    case 'rsa': {
      const size = Math.ceil((key.bits ?? 0) / 8);
      return RSA_SCHEMES.filter(([, min]) => size >= min).map(([s]) => s);
    }
    case 'ed25519':
      return [SCHEME.Ed25519];
    default:
      return [];
  }
}

// Go: common.go isDisabledSignatureAlgorithm(version, s, isCert = false), outside FIPS mode
function disabled(version: number, s: number, tlsSha1: boolean): boolean {
  const t = typeAndHash(s);
  if (version > TLS12) return !t || t.type === 'pkcs1' || t.sha1;
  return !tlsSha1 && !!t?.sha1;
}

// Go: auth.go unsupportedCertificateError, for the keys X509KeyPair lets through (an Ed25519 key
// always has its scheme; the last line stands for Go's "unsupported certificate key (%T)").
function unsupportedCertificateError(key: ClientChain['key']): string {
  if (key.type === 'rsa') return 'tls: certificate RSA key size too small for supported signature algorithms';
  if (key.type === 'ec') return `tls: unsupported certificate curve (${curveByNodeName(key.curve)?.name ?? key.curve})`;
  return `tls: unsupported certificate key (${key.type})`;
}

// Go: auth.go selectSignatureScheme
export function selectSignatureScheme(version: number, key: ClientChain['key'], peer: number[], tlsSha1: boolean): { scheme: number } | { error: string } {
  const supported = schemesForKey(version, key).filter((s) => !disabled(version, s, tlsSha1));
  if (supported.length === 0) return { error: unsupportedCertificateError(key) };
  let peerAlgs = peer;
  if (peerAlgs.length === 0 && version === TLS12) {
    if (!tlsSha1) return { error: 'tls: missing signature_algorithms from TLS 1.2 peer' };
    peerAlgs = [SCHEME.PKCS1WithSHA1, SCHEME.ECDSAWithSHA1];
  }
  const scheme = peerAlgs.find((s) => supported.includes(s));
  return scheme === undefined ? { error: "tls: peer doesn't support any of the certificate's signature algorithms" } : { scheme };
}

const rawIssuer = (c: GoCertificate) => Buffer.from(c.der.subarray(c.rawIssuer.header, c.rawIssuer.end));

// Go: common.go CertificateRequestInfo.SupportsCertificate
export function supportsCertificate(cri: CertificateRequestInfo, c: ClientChain, tlsSha1: boolean): string | undefined {
  const s = selectSignatureScheme(cri.version, c.key, cri.signatureSchemes, tlsSha1);
  if ('error' in s) return s.error;
  if (cri.acceptableCAs.length === 0) return undefined;
  const certs: (GoCertificate | string)[] = [c.leaf, ...c.parsedRest];
  for (let j = 0; j < certs.length; j++) {
    const x = certs[j];
    if (typeof x === 'string') return `failed to parse certificate #${j} in the chain: ${x}`;
    if (cri.acceptableCAs.some((ca) => ca.equals(rawIssuer(x)))) return undefined;
  }
  return 'chain is not signed by an acceptable CA';
}

/** getClientCertificate: the index of the pair sent (-1: none), and why each earlier pair was passed over. */
export function chooseClientCertificate(cri: CertificateRequestInfo, pairs: ClientChain[], tlsSha1: boolean): { index: number; rejected: string[] } {
  const rejected: string[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const why = supportsCertificate(cri, pairs[i], tlsSha1);
    if (!why) return { index: i, rejected };
    rejected.push(why);
  }
  return { index: -1, rejected };
}
