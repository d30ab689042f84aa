/**
 * The choices offered when generating a client key and certificate, and their limits. No imports:
 * the extension (client) reads these too, through protocol.ts, without loading the generator.
 */
export const KEY_ALGORITHMS = ['rsa-4096', 'rsa-2048', 'ecdsa-p256', 'ed25519'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** Self-signed (as Docker's documentation does it) or a CSR for the registry's administrator. */
export type GenerateMode = 'self-signed' | 'csr';

/** X.520 ub-common-name; OpenSSL and many CAs refuse longer. Counted in characters (code points). */
export const MAX_COMMON_NAME = 64;
/** Ten years: longer client certificates are refused by many registries and are a liability anyway. */
export const MAX_VALIDITY_DAYS = 3650;
