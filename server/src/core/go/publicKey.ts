/**
 * subjectPublicKeyInfo as crypto/x509 parsePublicKey reads it, with the point checks Go 1.26 makes
 * through crypto/ecdsa and crypto/internal/fips140/nistec (uncompressed form only, coordinates
 * reduced modulo p, on the curve).
 */
import { BitStringView, bytesEqual, DerInput, IntegerView, TAG } from './asn1';
import { Curve, curveByOid } from './curves';

export type { Curve };

// Go: x509.go namedCurveFromOID
export function namedCurve(oid: string | undefined): Curve | undefined {
  return curveByOid(oid);
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
