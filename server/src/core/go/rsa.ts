/**
 * The checks an RSA private key goes through in Go 1.26 when x509.ParsePKCS1PrivateKey calls
 * rsa.PrivateKey.Precompute and Validate: crypto/rsa precompute / precomputeLegacy and
 * crypto/internal/fips140/rsa NewPrivateKey, NewPrivateKeyWithPrecomputation, checkPrivateKey and
 * checkPublicKey. Plain bigint arithmetic gives the same answers as Go's constant-time code.
 */

export interface RsaPrivateValues {
  n: bigint;
  e: bigint;
  d: bigint;
  primes: bigint[];
  /** The CRT values as the file gives them (undefined when absent). */
  dp?: bigint;
  dq?: bigint;
  qinv?: bigint;
}

/** Primes above this size are not checked (Go's inverse by exponentiation would cost seconds here). */
export const MAX_CHECKED_PRIME_BITS = 8192;

export function bitLength(v: bigint): number {
  if (v <= 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n % m;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Modular inverse, or undefined when gcd(a, m) != 1 (big.Int.ModInverse). */
function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) return undefined;
  return ((s0 % m) + m) % m;
}

// Go: fips140/rsa checkPublicKey
function checkPublicKey(n: bigint, e: bigint): string | undefined {
  if ((n & 1n) === 0n) return 'crypto/rsa: public modulus is even';
  if (e < 2n) return 'crypto/rsa: public exponent too small or negative';
  if ((e & 1n) === 0n) return 'crypto/rsa: public exponent is even';
  if (e > 0x7fffffffn) return 'crypto/rsa: public exponent too large';
  return undefined;
}

/** bigmod.Nat.SetBytes: below the modulus (Go also says "modulus size" when it has more limbs). */
function setBytesError(v: bigint, m: bigint): string | undefined {
  if (v < m) return undefined;
  const limbs = (x: bigint) => Math.ceil(Math.ceil(bitLength(x) / 8) / 8);
  return limbs(v) > limbs(m) ? 'input overflows the modulus size' : 'input overflows the modulus';
}

// Go: fips140/rsa checkPrivateKey (the CRT form)
function checkPrivateKey(n: bigint, e: bigint, d: bigint, p: bigint, q: bigint, dp: bigint, dq: bigint, qinv: bigint): string | undefined {
  const pub = checkPublicKey(n, e);
  if (pub) return pub;
  if (p >= n || q >= n) return 'crypto/rsa: invalid prime';
  if ((p * q) % n !== 0n) return 'crypto/rsa: p * q != n';
  const pm1 = p - 1n;
  if (pm1 <= 1n) return 'crypto/rsa: invalid prime';
  if (dp >= pm1) return 'crypto/rsa: invalid CRT exponent';
  if ((e * dp) % pm1 !== 1n) return 'crypto/rsa: invalid CRT exponent';
  const qm1 = q - 1n;
  if (qm1 <= 1n) return 'crypto/rsa: invalid prime';
  if (dq >= qm1) return 'crypto/rsa: invalid CRT exponent';
  if ((e * dq) % qm1 !== 1n) return 'crypto/rsa: invalid CRT exponent';
  if (((q % p) * qinv) % p !== 1n) return 'crypto/rsa: invalid CRT coefficient';
  if (d % pm1 !== dp) return 'crypto/rsa: d does not match dP';
  if (d % qm1 !== dq) return 'crypto/rsa: d does not match dQ';
  if (p === q) return 'crypto/rsa: p == q';
  const diff = p > q ? p - q : q - p;
  const half = Math.trunc(bitLength(n) / 2);
  if (bitLength(diff) <= half - 100) return 'crypto/rsa: |p - q| too small';
  if (bitLength(d) <= half) return 'crypto/rsa: d too small';
  return undefined;
}

const MODULUS_TOO_SMALL = 'modulus must be > 1';

// Go: fips140/rsa NewPrivateKeyWithPrecomputation
function withPrecomputation(k: RsaPrivateValues, dp: bigint, dq: bigint, qinv: bigint): string | undefined {
  const [p, q] = k.primes;
  if (k.n <= 1n || p <= 1n || q <= 1n) return MODULUS_TOO_SMALL;
  const dErr = setBytesError(k.d, k.n) ?? setBytesError(qinv, p);
  if (dErr) return dErr;
  return checkPrivateKey(k.n, k.e, k.d, p, q, dp, dq, qinv);
}

// Go: fips140/rsa NewPrivateKey / newPrivateKey
function recomputed(k: RsaPrivateValues): string | undefined {
  const [p, q] = k.primes;
  if (k.n <= 1n || p <= 1n || q <= 1n) return MODULUS_TOO_SMALL;
  const dErr = setBytesError(k.d, k.n);
  if (dErr) return dErr;
  if (p - 1n <= 1n || q - 1n <= 1n) return MODULUS_TOO_SMALL;
  const dp = k.d % (p - 1n);
  const dq = k.d % (q - 1n);
  if ((p & 1n) === 0n) return 'crypto/rsa: p is even';
  if (bitLength(p) > MAX_CHECKED_PRIME_BITS) return `certsd: RSA prime of ${bitLength(p)} bits is too large to check`;
  // q⁻¹ mod p by Fermat's little theorem, as Go computes it (so a composite p fails the check below).
  const qinv = modPow(q % p, p - 2n, p);
  return checkPrivateKey(k.n, k.e, k.d, p, q, dp, dq, qinv);
}

// Go: crypto/rsa precomputeLegacy (keys with more than two primes)
function legacy(k: RsaPrivateValues): string | undefined {
  if (k.n <= 1n) return MODULUS_TOO_SMALL;
  const dErr = setBytesError(k.d, k.n);
  if (dErr) return dErr;
  const pub = checkPublicKey(k.n, k.e);
  if (pub) return pub;
  for (const prime of k.primes) if (prime <= 1n) return 'crypto/rsa: prime factor is <= 1';
  if (k.primes.some((x) => bitLength(x) > MAX_CHECKED_PRIME_BITS * 2)) return 'certsd: RSA prime too large to check';
  if (modInverse(k.primes[1], k.primes[0]) === undefined) return 'crypto/rsa: prime factors are not relatively prime';
  let r = k.primes[0] * k.primes[1];
  for (const prime of k.primes.slice(2)) {
    if (modInverse(r, prime) === undefined) return 'crypto/rsa: prime factors are not relatively prime';
    r *= prime;
  }
  return undefined;
}

// Go: crypto/rsa PrivateKey.precompute
function precompute(k: RsaPrivateValues): string | undefined {
  if (k.primes.length !== 2) return legacy(k);
  if (k.dp !== undefined && k.dq !== undefined && k.qinv !== undefined) return withPrecomputation(k, k.dp, k.dq, k.qinv);
  return recomputed(k);
}

/**
 * Precompute + Validate as ParsePKCS1PrivateKey runs them; with `rsaCrt` false (x509rsacrt=0), a key
 * whose CRT values fail is tried again with them recomputed. The error is the first attempt's.
 */
// Go: x509 ParsePKCS1PrivateKey (after decoding)
export function validateRsaPrivateKey(k: RsaPrivateValues, rsaCrt: boolean): string | undefined {
  const err = precompute(k);
  if (!err || rsaCrt) return err;
  return precompute({ ...k, dp: undefined, dq: undefined, qinv: undefined }) === undefined ? undefined : err;
}
