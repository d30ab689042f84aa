/**
 * Certificates and private keys as Go's crypto/x509 and crypto/tls see them. The parse is a model
 * of Go's own (server/src/core/go/): node:crypto accepts certificates and keys that Go refuses,
 * refuses some Go accepts, and throws on others, so it is used only where Go's answer is already
 * known (deriving a public key from a private one, and lazily for hovers). Each parse happens once
 * per block per check: FileFacts caches the results.
 */
import * as crypto from 'node:crypto';
import { SIGNATURE_ALGORITHMS } from './der';
import { curveByNodeName } from './curves';
import { GO_DEFAULTS, GoParseOptions } from './godebug';
import { commonNameOf, formatName, namesKnown, Rdn } from './name';
import { GoCertificate, goParseCertificate } from './parseCertificate';
import { GoPrivateKey, goTlsParsePrivateKey, TlsKeyAttempts } from './parsePrivateKey';
import { PublicKey } from './publicKey';

export type { GoParseOptions } from './godebug';
export { goDefaults, parseGodebug, GO_DEFAULTS } from './godebug';

export type PublicKeyType = 'rsa' | 'ec' | 'ed25519' | string;

export interface KeyFacts {
  type: PublicKeyType;
  /** RSA modulus length. */
  bits?: number;
  /** EC curve, as node names it (prime256v1, secp384r1, ...). */
  curve?: string;
}

/**
 * The parts of node's X509Certificate that hovers use, read lazily. For a certificate Go accepts
 * and node cannot read, a stand-in answers from Go's parse (its publicKey throws, verify is false).
 */
export type CertificateView = Pick<crypto.X509Certificate, 'serialNumber' | 'fingerprint256' | 'publicKey' | 'verify' | 'checkPrivateKey' | 'raw' | 'toString'>;

export interface CertFacts {
  der: Buffer;
  x509: CertificateView;
  subject: string;
  issuer: string;
  /** pkix.Name.CommonName: the last CN attribute, as Go keeps it. */
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Subject equals issuer: a root, or a self-signed leaf. */
  selfIssued: boolean;
  /** DNS and IP subject alternative names, or undefined when the extension is absent. */
  sans?: string[];
  /** The DNS names of the SAN extension, in order (Go's Certificate.DNSNames); empty without one. */
  dnsNames: string[];
  /** The IP addresses of the SAN extension, 4 or 16 bytes each (Go's Certificate.IPAddresses). Go never matches one with a DNS name. */
  ipAddresses: Uint8Array[];
  /** Extended key usage OIDs, or undefined when the extension is absent. */
  extKeyUsage?: string[];
  publicKey: KeyFacts;
  signatureOid?: string;
  signatureName: string;
  signatureHash: string;
  /** Everything Go's parser read. */
  go: GoCertificate;
}

/** `internal`: not Go's answer but a failure of certsd's own code (the error says what threw). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; internal?: true };

const KEY_NAMES: Record<string, string> = {
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.3.101.113': 'ed448',
  '1.2.840.113549.1.1.10': 'rsa-pss',
};

function keyFacts(k: PublicKey): KeyFacts {
  switch (k.type) {
    case 'rsa':
      return { type: 'rsa', bits: k.bits, curve: undefined };
    case 'ec':
      return { type: 'ec', bits: undefined, curve: k.curve.nodeName };
    case 'unknown':
      return { type: KEY_NAMES[k.oid] ?? 'unknown', bits: undefined, curve: undefined };
    default:
      return { type: k.type, bits: undefined, curve: undefined };
  }
}

/** net.IP.String(): dotted IPv4 (also for IPv4-mapped IPv6), else the short IPv6 form. */
export function ipString(ip: Uint8Array): string {
  const mapped = ip.length === 16 && ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (ip.length === 4 || mapped) return Array.from(ip.subarray(ip.length - 4)).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  // netip.ParseAddr: decimal, no leading zeros, at most 255.
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  let pos = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return ip;
  }
  while (i < 16) {
    let j = pos;
    let acc = 0;
    while (j < s.length && /[0-9a-fA-F]/.test(s[j])) {
      acc = acc * 16 + parseInt(s[j], 16);
      j++;
      if (j - pos > 4) return undefined;
    }
    if (j === pos) return undefined;
    if (s[j] === '.') {
      // An IPv4 address in the last 32 bits.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(s.slice(pos));
      if (!v4) return undefined;
      ip.set(v4, i);
      i += 4;
      pos = s.length;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    pos = j;
    if (pos === s.length) break;
    if (s[pos] !== ':') return undefined;
    pos++;
    if (pos === s.length) return undefined;
    if (s[pos] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    ip.copyWithin(ellipsis + n, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    // "::" must stand for at least one group of zeros.
    return undefined;
  }
  return ip;
}

const V4_IN_V6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** An address in its 16-byte form (IPv4 as ::ffff:a.b.c.d), as Go's IP.To16. */
function to16(ip: Uint8Array): Uint8Array {
  return ip.length === 4 ? Uint8Array.from([...V4_IN_V6, ...ip]) : ip;
}

/**
 * net.ParseIP (Go 1.26: netip.ParseAddr, zones refused): the address in 16 bytes, or undefined when
 * the text is not an IP address (leading zeros in an IPv4 part, a zone, a bad IPv6 form).
 */
export function goParseIP(s: string): Uint8Array | undefined {
  if (s.includes('%')) return undefined;
  if (s.includes(':')) return parseIPv6(s);
  const v4 = parseIPv4(s);
  return v4 ? to16(Uint8Array.from(v4)) : undefined;
}

/** net.IP.Equal: an IPv4 address equals its IPv4-mapped IPv6 form. */
export function ipEqual(a: Uint8Array, b: Uint8Array): boolean {
  const x = to16(a);
  const y = to16(b);
  return x.length === 16 && y.length === 16 && x.every((v, i) => v === y[i]);
}

function pem(der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

/** node's X509Certificate when node reads the DER, else a stand-in from Go's parse. */
function nodeView(der: Buffer, go: GoCertificate): CertificateView {
  try {
    return new crypto.X509Certificate(der);
  } catch {
    const serial = go.serial;
    const negativeHex = (-serial.toBigInt()).toString(16);
    // An even number of hex digits: Buffer.from(hex) drops an odd last digit.
    const magnitude = serial.negative ? Buffer.from(negativeHex.length % 2 ? '0' + negativeHex : negativeHex, 'hex') : Buffer.from(serial.magnitude());
    const hex = (b: Buffer) => b.toString('hex').toUpperCase();
    return {
      serialNumber: magnitude.length === 0 ? '0' : (serial.negative ? '-' : '') + hex(magnitude),
      fingerprint256: hex(crypto.createHash('sha256').update(der).digest()).replace(/..(?!$)/g, '$&:'),
      get publicKey(): crypto.KeyObject {
        throw new Error("node:crypto cannot read this certificate (Go can)");
      },
      verify: () => false,
      checkPrivateKey: () => false,
      raw: Buffer.from(der),
      toString: () => pem(der),
    };
  }
}

class GoCertFacts implements CertFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly commonName?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCA: boolean;
  readonly selfIssued: boolean;
  readonly sans?: string[];
  readonly dnsNames: string[];
  readonly ipAddresses: Uint8Array[];
  readonly extKeyUsage?: string[];
  readonly publicKey: KeyFacts;
  readonly signatureOid?: string;
  readonly signatureName: string;
  readonly signatureHash: string;
  private view?: CertificateView;

  constructor(
    readonly der: Buffer,
    readonly go: GoCertificate,
  ) {
    this.subject = this.render(go.subject);
    this.issuer = this.render(go.issuer);
    this.commonName = commonNameOf(go.subject);
    this.notBefore = new Date(go.notBefore);
    this.notAfter = new Date(go.notAfter);
    this.isCA = go.facts.isCA;
    this.selfIssued = this.subject === this.issuer;
    // Host names and addresses only: email and URI names play no part in TLS host verification.
    this.sans = go.facts.sans?.flatMap((n) => (n.type === 'dns' ? [n.value] : n.type === 'ip' ? [ipString(n.value)] : []));
    this.dnsNames = go.facts.sans?.flatMap((n) => (n.type === 'dns' ? [n.value] : [])) ?? [];
    this.ipAddresses = go.facts.sans?.flatMap((n) => (n.type === 'ip' ? [n.value] : [])) ?? [];
    this.extKeyUsage = go.facts.extKeyUsage;
    this.publicKey = keyFacts(go.publicKey);
    this.signatureOid = go.signatureAlgorithm.oid;
    const sig = SIGNATURE_ALGORITHMS[this.signatureOid];
    this.signatureName = sig?.name ?? this.signatureOid;
    this.signatureHash = sig?.hash ?? '';
  }

  get x509(): CertificateView {
    this.view ??= nodeView(this.der, this.go);
    return this.view;
  }

  /** node's rendering, which rules and hovers show; node itself is asked only for attribute types the table lacks. */
  private render(rdns: Rdn[]): string {
    if (namesKnown(rdns)) return formatName(rdns);
    const view = this.x509;
    if (view instanceof crypto.X509Certificate) {
      const subject = this.go.subject === rdns;
      return (subject ? view.subject : view.issuer) ?? '';
    }
    return formatName(rdns);
  }
}

/** The result for a throw inside certsd's own parsing code: an internal error, never Go's. */
function internalFailure(e: unknown): { ok: false; internal: true; error: string } {
  return { ok: false, internal: true, error: `${e instanceof Error ? e.name : 'Error'}: ${e instanceof Error ? e.message : String(e)}` };
}

/**
 * x509.ParseCertificate, with Go's error texts. Never throws: a failure of certsd's own code gives
 * an error result that says so.
 */
export function parseCertificate(der: Buffer, options: GoParseOptions = GO_DEFAULTS): Parsed<CertFacts> {
  try {
    const r = goParseCertificate(der, options);
    if (!r.ok) return { ok: false, error: r.error };
    return { ok: true, value: new GoCertFacts(der, r.value) };
  } catch (e) {
    return internalFailure(e);
  }
}

export interface PrivateKeyFacts extends KeyFacts {
  /** node's KeyObject for the same DER, or undefined when node cannot read a key Go accepts. */
  readonly key: crypto.KeyObject | undefined;
  format: 'PKCS#1' | 'PKCS#8' | 'SEC1';
  /** The key as Go parsed it. */
  go?: GoPrivateKey;
}

const NODE_KEY_TYPE = { 'PKCS#1': 'pkcs1', 'PKCS#8': 'pkcs8', SEC1: 'sec1' } as const;

// PKCS#8 prefix for an Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

class GoPrivateKeyFacts implements PrivateKeyFacts {
  readonly type: string;
  readonly bits?: number;
  readonly curve?: string;
  readonly format: PrivateKeyFacts['format'];
  private nodeKey?: crypto.KeyObject | null;
  private publicBytes?: Uint8Array | null;

  constructor(
    private readonly der: Buffer,
    readonly go: GoPrivateKey & { type: 'rsa' | 'ec' | 'ed25519' },
  ) {
    this.type = go.type;
    this.bits = go.type === 'rsa' ? go.bits : undefined;
    this.curve = go.type === 'ec' ? go.curve.nodeName : undefined;
    this.format = go.format;
  }

  get key(): crypto.KeyObject | undefined {
    if (this.nodeKey === undefined) {
      try {
        this.nodeKey = crypto.createPrivateKey({ key: this.der, format: 'der', type: NODE_KEY_TYPE[this.format] });
      } catch {
        this.nodeKey = null;
      }
    }
    return this.nodeKey ?? undefined;
  }

  /** The public key Go derives: the uncompressed EC point d×G, or the Ed25519 public key of the seed. */
  derivedPublicKey(): Uint8Array | undefined {
    if (this.publicBytes === undefined) {
      try {
        if (this.go.type === 'ec') {
          const ecdh = crypto.createECDH(this.go.curve.nodeName);
          ecdh.setPrivateKey(Buffer.from(this.go.d));
          this.publicBytes = ecdh.getPublicKey();
        } else if (this.go.type === 'ed25519') {
          const key = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, this.go.seed]), format: 'der', type: 'pkcs8' });
          this.publicBytes = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32);
        } else this.publicBytes = null;
      } catch {
        this.publicBytes = null;
      }
    }
    return this.publicBytes ?? undefined;
  }
}

/** crypto/tls parsePrivateKey: PKCS#1, then PKCS#8 (RSA, ECDSA, Ed25519; X25519 parses but is refused), then SEC1. */
export function parsePrivateKey(der: Buffer, options: GoParseOptions = GO_DEFAULTS): Parsed<PrivateKeyFacts> {
  try {
    const r = goTlsParsePrivateKey(der, options);
    if (!r.ok) return { ok: false, error: r.error };
    return { ok: true, value: new GoPrivateKeyFacts(der, r.key) };
  } catch (e) {
    return internalFailure(e);
  }
}

/** What each of Go's key parsers says about a block, for explanations (tls itself prints one generic error). */
export function privateKeyAttempts(der: Buffer, options: GoParseOptions = GO_DEFAULTS): TlsKeyAttempts | undefined {
  try {
    const r = goTlsParsePrivateKey(der, options);
    return r.ok ? undefined : r.attempts;
  } catch {
    // Only an explanation: the key's own parse (parsePrivateKey) reports certsd's failure.
    return undefined;
  }
}

const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

/** The last step of tls.X509KeyPair: does the private key belong to the leaf's public key? */
export function keyMatchesCertificate(cert: CertFacts, key: PrivateKeyFacts): string | undefined {
  const pub = cert.go?.publicKey;
  const priv = key.go;
  if (!pub || !priv) return 'tls: unknown public key algorithm';
  const mismatch = 'tls: private key does not match public key';
  switch (pub.type) {
    case 'rsa':
      // Go: rsa.PublicKey.Equal compares N and E.
      if (priv.type !== 'rsa') return 'tls: private key type does not match public key type';
      return bytesEqual(pub.n, priv.n) && pub.e === priv.e ? undefined : mismatch;
    case 'ec': {
      if (priv.type !== 'ec') return 'tls: private key type does not match public key type';
      if (priv.curve !== pub.curve) return mismatch;
      const derived = key instanceof GoPrivateKeyFacts ? key.derivedPublicKey() : undefined;
      return derived && bytesEqual(derived, pub.point) ? undefined : mismatch;
    }
    case 'ed25519': {
      if (priv.type !== 'ed25519') return 'tls: private key type does not match public key type';
      const derived = key instanceof GoPrivateKeyFacts ? key.derivedPublicKey() : undefined;
      return derived && bytesEqual(derived, pub.key) ? undefined : mismatch;
    }
    default:
      return 'tls: unknown public key algorithm';
  }
}

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';

/** Go's name for a curve node names (prime256v1 is P-256), or node's name for one Go does not implement. */
export function curveName(curve: string | undefined): string {
  return curveByNodeName(curve)?.name ?? curve ?? '?';
}
