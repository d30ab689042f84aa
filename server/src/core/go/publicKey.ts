/**
 * subjectPublicKeyInfo as crypto/x509 parsePublicKey reads it, with the point checks Go 1.26 makes
 * through crypto/ecdsa and crypto/internal/fips140/nistec (uncompressed form only, coordinates
 * reduced modulo p, on the curve).
 */
import { BitStringView, bytesEqual, DerInput, IntegerView, TAG } from './asn1';

export interface Curve {
  /** Go's name (elliptic.P256().Params().Name). */
  name: 'P-224' | 'P-256' | 'P-384' | 'P-521';
  /** node:crypto's name. */
  nodeName: string;
  oid: string;
  /** Field element and scalar length in octets. */
  size: number;
  p: bigint;
  b: bigint;
  /** Order of the base point. */
  n: bigint;
}

const P224: Curve = {
  name: 'P-224',
  nodeName: 'secp224r1',
  oid: '1.3.132.0.33',
  size: 28,
  p: 2n ** 224n - 2n ** 96n + 1n,
  b: 0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4n,
  n: 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn,
};
const P256: Curve = {
  name: 'P-256',
  nodeName: 'prime256v1',
  oid: '1.2.840.10045.3.1.7',
  size: 32,
  p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
};
const P384: Curve = {
  name: 'P-384',
  nodeName: 'secp384r1',
  oid: '1.3.132.0.34',
  size: 48,
  p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};
const P521: Curve = {
  name: 'P-521',
  nodeName: 'secp521r1',
  oid: '1.3.132.0.35',
  size: 66,
  p: 2n ** 521n - 1n,
  b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

const CURVES = new Map<string, Curve>([P224, P256, P384, P521].map((c) => [c.oid, c]));

/** Names of curves Go does not implement, for messages (node's names). */
export const OTHER_CURVES: Record<string, string> = {
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
  '1.2.840.10045.3.1.1': 'prime192v1',
};

// Go: x509.go namedCurveFromOID
export function namedCurve(oid: string | undefined): Curve | undefined {
  return oid === undefined ? undefined : CURVES.get(oid);
}

export function bigFromBytes(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));
}

/** y² = x³ - 3x + b (mod p). */
export function onCurve(c: Curve, x: bigint, y: bigint): boolean {
  const { p } = c;
  const rhs = (((x * x) % p) * x - 3n * x + c.b) % p;
  return (y * y - rhs) % p === 0n;
}

// Go: ecdsa.ParseUncompressedPublicKey -> nistec P*Point.SetBytes (error texts as on amd64 and arm64,
// where P-256 uses the assembly implementation)
export function parseUncompressedPoint(c: Curve, data: Uint8Array): string | undefined {
  if (data.length < 1 || data[0] !== 4) return 'ecdsa: invalid uncompressed public key';
  const id = c.name.replace('-', '');
  if (data.length !== 1 + 2 * c.size) return `invalid ${id} point encoding`;
  const x = bigFromBytes(data.subarray(1, 1 + c.size));
  const y = bigFromBytes(data.subarray(1 + c.size));
  if (x >= c.p || y >= c.p) return c.name === 'P-256' ? 'invalid P256 element encoding' : `invalid ${id}Element encoding`;
  if (!onCurve(c, x, y)) return `${id} point not on curve`;
  return undefined;
}

export type PublicKey =
  | { type: 'rsa'; n: Uint8Array; e: bigint; bits: number }
  | { type: 'ec'; curve: Curve; point: Uint8Array }
  | { type: 'ed25519'; key: Uint8Array }
  | { type: 'dsa' }
  | { type: 'unknown'; oid: string };

export const KEY_OIDS = {
  rsa: '1.2.840.113549.1.1.1',
  dsa: '1.2.840.10040.4.1',
  ec: '1.2.840.10045.2.1',
  x25519: '1.3.101.110',
  ed25519: '1.3.101.112',
} as const;

const NULL_PARAMS = Uint8Array.of(0x05, 0x00);

/** The parameters element of an AlgorithmIdentifier, as Go's FullBytes (empty when absent). */
export interface AlgorithmIdentifier {
  oid: string;
  params?: { tag: number; header: number; end: number };
}

// Go: parser.go parsePublicKey (for the algorithms getPublicKeyAlgorithmFromOID knows: X25519 is
// not among them, so a certificate's X25519 key stays unparsed, like any unknown algorithm)
export function parsePublicKey(bytes: Uint8Array, alg: AlgorithmIdentifier, key: BitStringView): { key: PublicKey } | { error: string } {
  const params = alg.params;
  const paramsBytes = params ? bytes.subarray(params.header, params.end) : new Uint8Array(0);
  const data = key.rightAlign();
  switch (alg.oid) {
    case KEY_OIDS.rsa: {
      if (!bytesEqual(paramsBytes, 0, paramsBytes.length, NULL_PARAMS, 0, 2)) return { error: 'x509: RSA key missing NULL parameters' };
      const der = DerInput.of(data);
      const s = der.read(TAG.SEQUENCE);
      if (!s) return { error: 'x509: invalid RSA public key' };
      const inner = der.inner(s);
      const n = inner.readInteger();
      if (!n) return { error: 'x509: invalid RSA modulus' };
      const e = inner.readInt64();
      if (e === undefined) return { error: 'x509: invalid RSA public exponent' };
      if (n.sign <= 0) return { error: 'x509: RSA modulus is not a positive number' };
      if (e <= 0n) return { error: 'x509: RSA public exponent is not a positive number' };
      return { key: { type: 'rsa', n: n.magnitude().slice(), e, bits: n.bitLength } };
    }
    case KEY_OIDS.ec: {
      const curveOid = DerInput.of(paramsBytes).readOid();
      if (curveOid === undefined) return { error: 'x509: invalid ECDSA parameters' };
      const curve = namedCurve(curveOid);
      if (!curve) return { error: 'x509: unsupported elliptic curve' };
      const err = parseUncompressedPoint(curve, data);
      return err ? { error: err } : { key: { type: 'ec', curve, point: data.slice() } };
    }
    case KEY_OIDS.ed25519:
      if (paramsBytes.length !== 0) return { error: 'x509: Ed25519 key encoded with illegal parameters' };
      if (data.length !== 32) return { error: 'x509: wrong Ed25519 public key size' };
      return { key: { type: 'ed25519', key: data.slice() } };
    case KEY_OIDS.dsa: {
      const y = DerInput.of(data).readInteger();
      if (!y) return { error: 'x509: invalid DSA public key' };
      const pd = DerInput.of(paramsBytes);
      const ps = pd.read(TAG.SEQUENCE);
      const inner = ps ? pd.inner(ps) : undefined;
      const pqg: (IntegerView | undefined)[] = [];
      if (inner) for (let i = 0; i < 3; i++) pqg.push(inner.readInteger());
      if (!inner || pqg.some((v) => !v)) return { error: 'x509: invalid DSA parameters' };
      if (y.sign <= 0 || pqg.some((v) => (v as IntegerView).sign <= 0)) return { error: 'x509: zero or negative DSA parameter' };
      return { key: { type: 'dsa' } };
    }
    default:
      return { key: { type: 'unknown', oid: alg.oid } };
  }
}
