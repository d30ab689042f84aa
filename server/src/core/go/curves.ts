/**
 * The one table of elliptic curves: the four Go implements (crypto/elliptic: P-224, P-256, P-384,
 * P-521; x509.go namedCurveFromOID), each with its OID, the names node:crypto and WebCrypto give
 * it, its parameters (for the point checks in publicKey.ts) and the hash its ECDSA signatures go
 * with; then the curves Go does not implement, named for messages. Everything else that needs a
 * curve (key descriptions, key-pair rules, the generator, the TLS client-certificate choice) looks
 * it up here.
 */

export interface Curve {
  /** Go's name (elliptic.P256().Params().Name), which is WebCrypto's namedCurve too. */
  name: 'P-224' | 'P-256' | 'P-384' | 'P-521';
  /** node:crypto's name (asymmetricKeyDetails.namedCurve). */
  nodeName: 'secp224r1' | 'prime256v1' | 'secp384r1' | 'secp521r1';
  oid: string;
  /** Field element and scalar length in octets. */
  size: number;
  p: bigint;
  b: bigint;
  /** Order of the base point. */
  n: bigint;
  /**
   * The hash an ECDSA signature by a key on this curve goes with where the pair is fixed: TLS 1.3's
   * ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384 and ecdsa_secp521r1_sha512 (RFC 8446 4.2.3),
   * and what certsd's generator signs with. None for P-224: TLS 1.3 has no scheme for it and
   * WebCrypto does not implement it.
   */
  hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

export const GO_CURVES: readonly Curve[] = [
  {
    name: 'P-224',
    nodeName: 'secp224r1',
    oid: '1.3.132.0.33',
    size: 28,
    p: 2n ** 224n - 2n ** 96n + 1n,
    b: 0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4n,
    n: 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn,
  },
  {
    name: 'P-256',
    nodeName: 'prime256v1',
    oid: '1.2.840.10045.3.1.7',
    size: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    hash: 'SHA-256',
  },
  {
    name: 'P-384',
    nodeName: 'secp384r1',
    oid: '1.3.132.0.34',
    size: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    hash: 'SHA-384',
  },
  {
    name: 'P-521',
    nodeName: 'secp521r1',
    oid: '1.3.132.0.35',
    size: 66,
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    hash: 'SHA-512',
  },
];

/** Curves Go does not implement, by OID, with node's names for them (for messages). */
export const OTHER_CURVES: Record<string, string> = {
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
  '1.2.840.10045.3.1.1': 'prime192v1',
};

const BY_OID = new Map(GO_CURVES.map((c) => [c.oid, c]));
const BY_NODE_NAME = new Map<string, Curve>(GO_CURVES.map((c) => [c.nodeName, c]));
const BY_NAME = new Map<string, Curve>(GO_CURVES.map((c) => [c.name, c]));

export function curveByOid(oid: string | undefined): Curve | undefined {
  return oid === undefined ? undefined : BY_OID.get(oid);
}

/** From node:crypto's name (prime256v1, secp384r1, ...). */
export function curveByNodeName(name: string | undefined): Curve | undefined {
  return name === undefined ? undefined : BY_NODE_NAME.get(name);
}

/** From Go's (and WebCrypto's) name: P-256, ... */
export function curveByName(name: Curve['name']): Curve {
  return BY_NAME.get(name)!;
}
