/**
 * Client keys, certificates and certificate requests made in-process with WebCrypto and
 * @peculiar/x509: no OpenSSL, so no dependence on whichever one (LibreSSL on macOS, 1.x, 3.x) the
 * user has, which Docker's documentation warns about.
 *
 * What Docker's documentation makes (`openssl genrsa 4096` + `openssl req -new -x509`) is a CA
 * certificate (OpenSSL's default v3_ca section) used as a client certificate. Here the self-signed
 * certificate is a proper client certificate instead: CA:FALSE, digitalSignature, clientAuth.
 */
import { x509 } from './peculiar';
import * as crypto from 'node:crypto';
import { GenerateMode, KeyAlgorithm, MAX_COMMON_NAME, MAX_VALIDITY_DAYS } from './keyOptions';
import { decodeOne, encodePem, isEncryptedKey, isPrivateKeyType, PemBlock } from '../go/pem';
import { curveByName, curveByNodeName, GO_CURVES } from '../go/curves';

const { subtle } = crypto.webcrypto;

export type { GenerateMode, KeyAlgorithm };

export interface CertificateParams {
  commonName: string;
  /** Days from `now` to notAfter (self-signed only; a CA sets its own validity). */
  validityDays: number;
  /** The injected clock's time. */
  now: Date;
  mode: GenerateMode;
}

export interface ClientPairParams extends CertificateParams {
  algorithm: KeyAlgorithm;
}

export interface CertificateOutput {
  /** Set in 'self-signed' mode. PEM with a final newline. */
  certPem?: string;
  /** Set in 'csr' mode. PEM (`CERTIFICATE REQUEST`) with a final newline. */
  csrPem?: string;
}

export interface ClientPairOutput extends CertificateOutput {
  /** PKCS#8 `PRIVATE KEY` PEM with a final newline. */
  keyPem: string;
}

/** A problem the user can act on. The message never contains key material. */
export class GenerateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerateError';
  }
}

/** notBefore lies a little in the past, so that a registry whose clock is behind accepts it too. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

type WebCryptoKey = crypto.webcrypto.CryptoKey;
type KeyKind = 'rsa' | 'ec' | 'ed25519';

interface SigningKeys {
  kind: KeyKind;
  privateKey: WebCryptoKey;
  publicKey: WebCryptoKey;
  /** Passed to @peculiar/x509 as the signature algorithm. */
  signingAlgorithm: { name: string; hash?: string };
}

const P256 = curveByName('P-256');

/** WebCrypto's parameters for each algorithm offered to the user. */
const GENERATE: Record<KeyAlgorithm, { kind: KeyKind; params: crypto.webcrypto.RsaHashedKeyGenParams | crypto.webcrypto.EcKeyGenParams | crypto.webcrypto.Algorithm; sign: { name: string; hash?: string } }> = {
  'rsa-4096': {
    kind: 'rsa',
    params: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
  'rsa-2048': {
    kind: 'rsa',
    params: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
  'ecdsa-p256': { kind: 'ec', params: { name: 'ECDSA', namedCurve: P256.name }, sign: { name: 'ECDSA', hash: P256.hash } },
  'ed25519': { kind: 'ed25519', params: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

/** A new key pair and, per `mode`, a self-signed client certificate or a CSR for it. */
export async function generateClientPair(p: ClientPairParams): Promise<ClientPairOutput> {
  checkParams(p);
  const g = GENERATE[p.algorithm];
  if (!g) throw new GenerateError(`Unknown key algorithm "${String(p.algorithm)}"; choose one of ${Object.keys(GENERATE).join(', ')}.`);
  // extractable: the private key has to be written to the .key file.
  const pair = (await subtle.generateKey(g.params, true, ['sign', 'verify'])) as crypto.webcrypto.CryptoKeyPair;
  const keys: SigningKeys = { kind: g.kind, privateKey: pair.privateKey, publicKey: pair.publicKey, signingAlgorithm: g.sign };
  // PKCS#8 for every algorithm: Go's tls.X509KeyPair reads PKCS#8 RSA, ECDSA and Ed25519 keys.
  const keyPem = pem('PRIVATE KEY', new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey)));
  return { keyPem, ...(await certificateOrRequest(keys, p)) };
}

/** A self-signed certificate or a CSR for the key in an existing key file's text. */
export async function certificateForKey(keyPem: string, p: CertificateParams): Promise<CertificateOutput> {
  checkParams(p);
  return certificateOrRequest(await importPrivateKey(keyPem), p);
}

function checkParams(p: CertificateParams): void {
  const cn = p.commonName;
  if (typeof cn !== 'string' || cn.trim() === '') throw new GenerateError('The common name (CN) is empty; give the name the registry should know this client by.');
  if ([...cn].length > MAX_COMMON_NAME) throw new GenerateError(`The common name (CN) has ${[...cn].length} characters; X.509 allows at most ${MAX_COMMON_NAME}.`);
  if (p.mode === 'self-signed' && !(Number.isInteger(p.validityDays) && p.validityDays > 0 && p.validityDays <= MAX_VALIDITY_DAYS)) {
    throw new GenerateError(`The validity must be a whole number of days from 1 to ${MAX_VALIDITY_DAYS} (got ${String(p.validityDays)}).`);
  }
  if (!(p.now instanceof Date) || Number.isNaN(p.now.getTime())) throw new GenerateError('The current time is not a valid date.');
  if (p.mode !== 'self-signed' && p.mode !== 'csr') throw new GenerateError(`Unknown mode "${String(p.mode)}": expected self-signed or csr.`);
}

// ---------------------------------------------------------------------------------------------
// Certificates and requests

function subjectName(commonName: string): x509.Name {
  // An explicit UTF8String (RFC 5280's choice): @peculiar/x509 would otherwise parse the text as
  // an escaped DN value (quotes, backslashes, a leading "#" as hex).
  return new x509.Name([{ CN: [{ utf8String: commonName }] }]);
}

function keyUsage(kind: KeyKind): x509.KeyUsagesExtension {
  // keyEncipherment only means something for RSA (TLS 1.2 RSA key exchange); OpenSSL and Go set it too.
  const flags = x509.KeyUsageFlags.digitalSignature | (kind === 'rsa' ? x509.KeyUsageFlags.keyEncipherment : 0);
  return new x509.KeyUsagesExtension(flags, true);
}

function clientAuth(): x509.ExtendedKeyUsageExtension {
  return new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false);
}

/** 16 random bytes, high bit clear (a positive INTEGER) and first byte non-zero (so it stays 16 bytes). */
function randomSerial(): string {
  const b = crypto.randomBytes(16);
  b[0] &= 0x7f;
  if (b[0] === 0) b[0] = 0x01;
  return b.toString('hex');
}

async function certificateOrRequest(keys: SigningKeys, p: CertificateParams): Promise<CertificateOutput> {
  const name = subjectName(p.commonName);
  // @peculiar/x509 types its parameters with the DOM's WebCrypto types, which this project does not load.
  const cryptoKeys = { privateKey: keys.privateKey, publicKey: keys.publicKey } as unknown as x509.X509CertificateCreateSelfSignedParams['keys'];
  const signingAlgorithm = keys.signingAlgorithm as unknown as NonNullable<x509.X509CertificateCreateSelfSignedParams['signingAlgorithm']>;
  if (p.mode === 'csr') {
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name,
      keys: cryptoKeys,
      signingAlgorithm,
      // Sent as the PKCS#9 extensionRequest attribute; the CA decides what it copies.
      extensions: [keyUsage(keys.kind), clientAuth()],
    });
    return { csrPem: csr.toString('pem') + '\n' };
  }
  const now = p.now.getTime();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + p.validityDays * DAY_MS),
    keys: cryptoKeys,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      keyUsage(keys.kind),
      clientAuth(),
      await x509.SubjectKeyIdentifierExtension.create(cryptoKeys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n' };
}

/** PEM armor, 64 characters a line, final newline. */
const pem = encodePem;

// ---------------------------------------------------------------------------------------------
// Reading an existing key

const LABEL_FORMAT: Record<string, 'pkcs1' | 'pkcs8' | 'sec1'> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
};

const SIGNING_CURVES = GO_CURVES.filter((c) => c.hash).map((c) => c.name).join(', ');
const NOT_USABLE = `Docker, Podman and containerd (Go crypto/tls) accept RSA, ECDSA (${SIGNING_CURVES}) and Ed25519 client keys`;

/** The first PEM block Go's tls.X509KeyPair would take as the key: `PRIVATE KEY` or `* PRIVATE KEY`. */
function findKeyBlock(text: string): PemBlock {
  const data = Buffer.from(text, 'utf8');
  let from = 0;
  let sawCertificate = false;
  for (;;) {
    const r = decodeOne(data, from);
    if (!r) break;
    const { block } = r;
    if (isPrivateKeyType(block.type)) return block;
    if (block.type === 'CERTIFICATE') sawCertificate = true;
    from = r.rest;
  }
  // Go's PEM decoder skips a block whose base64 is broken; say so rather than "no key".
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
    throw new GenerateError('The key file has a PRIVATE KEY block that cannot be decoded (broken base64, or a missing END line). Check that the file was copied whole.');
  }
  if (sawCertificate) throw new GenerateError('The file holds a certificate, not a private key. Pick the .key file.');
  throw new GenerateError('No PEM private key found in the file (expected a "-----BEGIN ... PRIVATE KEY-----" block). A DER (binary) key must be converted to PEM first: openssl pkey -inform DER -in <file> -out <file>.key');
}

/** A private key from a PKCS#1, PKCS#8 or SEC1 PEM file, as WebCrypto signing keys. */
async function importPrivateKey(keyPem: string): Promise<SigningKeys> {
  const block = findKeyBlock(keyPem);
  if (isEncryptedKey(block)) {
    throw new GenerateError(
      'The key is encrypted with a passphrase. Docker, Podman and containerd cannot use an encrypted key either (tls: failed to parse private key). ' +
        'Write a decrypted copy first, e.g. openssl pkey -in <encrypted.key> -out <client.key>, and keep it readable by its owner only.',
    );
  }
  const format = LABEL_FORMAT[block.type];
  if (!format) {
    const what = block.type === 'OPENSSH PRIVATE KEY' ? 'an OpenSSH key' : `a "${block.type}" block`;
    throw new GenerateError(`The file holds ${what}, which Go's crypto/tls does not read. ${NOT_USABLE}, as PKCS#1, PKCS#8 or SEC1 PEM.`);
  }

  // WebCrypto imports only PKCS#8, so PKCS#1 and SEC1 go through node:crypto (OpenSSL's decoders,
  // in-process) and come out as PKCS#8. The public key is derived the same way.
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: block.bytes, format: 'der', type: format });
  } catch (e) {
    // OpenSSL's message says nothing useful and the key must not be echoed: only its code.
    const code = (e as { code?: unknown }).code;
    throw new GenerateError(`The "${block.type}" block is not a valid ${format.toUpperCase()} private key${typeof code === 'string' ? ` (${code})` : ''}. The file may be damaged or not a key.`);
  }
  const type = privateKey.asymmetricKeyType;
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });

  let importAlg: crypto.webcrypto.RsaHashedImportParams | crypto.webcrypto.EcKeyImportParams | crypto.webcrypto.Algorithm;
  let kind: KeyKind;
  let signingAlgorithm: SigningKeys['signingAlgorithm'];
  if (type === 'rsa') {
    kind = 'rsa';
    importAlg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else if (type === 'ec') {
    const curveName = privateKey.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    // WebCrypto signs on the curves that have a hash of their own in the table (not P-224).
    const curve = curveByNodeName(curveName);
    if (!curve?.hash) throw new GenerateError(`The key is an EC key on curve ${curveName}. ${NOT_USABLE}.`);
    kind = 'ec';
    importAlg = { name: 'ECDSA', namedCurve: curve.name };
    signingAlgorithm = { name: 'ECDSA', hash: curve.hash };
  } else if (type === 'ed25519') {
    kind = 'ed25519';
    importAlg = { name: 'Ed25519' };
    signingAlgorithm = { name: 'Ed25519' };
  } else {
    const why = type === 'x25519' || type === 'x448' ? ' (a key-agreement key: it cannot sign)' : '';
    throw new GenerateError(`The key is a ${(type ?? 'unknown').toUpperCase()} key${why}. ${NOT_USABLE}.`);
  }
  try {
    return {
      kind,
      privateKey: await subtle.importKey('pkcs8', pkcs8, importAlg, false, ['sign']),
      publicKey: await subtle.importKey('spki', spki, importAlg, true, ['verify']),
      signingAlgorithm,
    };
  } catch {
    throw new GenerateError(`The ${kind.toUpperCase()} key could not be used for signing. ${NOT_USABLE}.`);
  }
}
