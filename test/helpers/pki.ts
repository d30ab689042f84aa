/**
 * Keys and certificates made at test time (committed fixtures expire; generated ones never do).
 * Keys are node:crypto KeyObjects, so that every file format the engines meet can be written
 * (PKCS#1, SEC1, PKCS#8, encrypted); certificates are signed through WebCrypto by @peculiar/x509.
 * RSA generation is slow, so RSA keys are cached per size and slot for the whole process.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';

const { subtle } = crypto.webcrypto;
x509.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type Curve = 'P-256' | 'P-384';
export type KeyKind = 'rsa' | 'ec' | 'ed25519' | 'x25519';

export interface TestKey {
  kind: KeyKind;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  bits?: number;
  curve?: Curve;
}

const NODE_CURVE: Record<Curve, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const rsaCache = new Map<string, TestKey>();
const otherCache = new Map<string, TestKey>();

/**
 * An RSA key of `bits` bits. The same (bits, slot) gives the same key for the whole run; use
 * another slot when a test needs two different keys of one size.
 */
export function rsaKey(bits = 2048, slot = 0): TestKey {
  const id = `${bits}/${slot}`;
  let key = rsaCache.get(id);
  if (!key) {
    const kp = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
    key = { kind: 'rsa', bits, ...kp };
    rsaCache.set(id, key);
  }
  return key;
}

function cached(id: string, make: () => TestKey): TestKey {
  let key = otherCache.get(id);
  if (!key) {
    key = make();
    otherCache.set(id, key);
  }
  return key;
}

export function ecKey(curve: Curve = 'P-256', slot = 0): TestKey {
  return cached(`ec/${curve}/${slot}`, () => ({ kind: 'ec', curve, ...crypto.generateKeyPairSync('ec', { namedCurve: NODE_CURVE[curve] }) }));
}

export function ed25519Key(slot = 0): TestKey {
  return cached(`ed25519/${slot}`, () => ({ kind: 'ed25519', ...crypto.generateKeyPairSync('ed25519') }));
}

/** A key-agreement key: it cannot sign, and Go's tls refuses it as a client key. */
export function x25519Key(slot = 0): TestKey {
  return cached(`x25519/${slot}`, () => ({ kind: 'x25519', ...crypto.generateKeyPairSync('x25519') }));
}

// ---------------------------------------------------------------------------------------------
// Certificates

export type SignatureHash = 'SHA-1' | 'SHA-256' | 'SHA-384';
export type Eku = 'serverAuth' | 'clientAuth';

export interface CertOptions {
  /** The subject's common name; leave out `commonName` and `subject` for an empty subject. */
  commonName?: string;
  /** A full distinguished name, instead of `commonName`. */
  subject?: string;
  /** DNS names and IP addresses; undefined means no subjectAltName extension at all. */
  sans?: string[];
  /** BasicConstraints CA:TRUE (critical). Leaves get CA:FALSE unless `basicConstraints` is false. */
  ca?: boolean;
  /** Set false to leave out the BasicConstraints extension. */
  basicConstraints?: boolean;
  extKeyUsage?: Eku[];
  notBefore?: Date;
  notAfter?: Date;
  /** The subject's key. Default: a cached RSA 2048 key. */
  key?: TestKey;
  /** Hash of the signature; 'SHA-1' makes sha1WithRSAEncryption / ecdsa-with-SHA1. */
  hash?: SignatureHash;
}

export interface TestCert {
  x509: x509.X509Certificate;
  key: TestKey;
  subject: string;
  /** PEM with a final newline. */
  pem: string;
  der: Buffer;
}

const DAY = 86_400_000;
let serial = 1;

function nextSerial(): string {
  // A positive serial: the first byte stays below 0x80.
  return (0x10000000 + serial++).toString(16);
}

type ImportAlgorithm = Parameters<typeof subtle.importKey>[2];

function signing(key: TestKey, hash: SignatureHash): { importAlg: ImportAlgorithm; signAlg: object } {
  switch (key.kind) {
    case 'rsa':
      return { importAlg: { name: 'RSASSA-PKCS1-v1_5', hash }, signAlg: { name: 'RSASSA-PKCS1-v1_5', hash } };
    case 'ec':
      return { importAlg: { name: 'ECDSA', namedCurve: key.curve ?? 'P-256' }, signAlg: { name: 'ECDSA', hash } };
    case 'ed25519':
      return { importAlg: { name: 'Ed25519' }, signAlg: { name: 'Ed25519' } };
    default:
      throw new Error(`a ${key.kind} key cannot sign a certificate`);
  }
}

type WebCryptoKey = crypto.webcrypto.CryptoKey;

async function signingKeys(key: TestKey, hash: SignatureHash): Promise<{ privateKey: WebCryptoKey; publicKey: WebCryptoKey; signAlg: object }> {
  const { importAlg, signAlg } = signing(key, hash);
  const privateKey = await subtle.importKey('pkcs8', key.privateKey.export({ type: 'pkcs8', format: 'der' }), importAlg, true, ['sign']);
  const publicKey = await subtle.importKey('spki', key.publicKey.export({ type: 'spki', format: 'der' }), importAlg, true, ['verify']);
  return { privateKey, publicKey, signAlg };
}

function subjectOf(o: CertOptions): string {
  if (o.subject !== undefined) return o.subject;
  return o.commonName !== undefined ? `CN=${o.commonName}` : '';
}

function generalName(name: string): { type: 'dns' | 'ip'; value: string } {
  return isIP(name) ? { type: 'ip', value: name } : { type: 'dns', value: name };
}

function extensions(o: CertOptions): x509.Extension[] {
  const ext: x509.Extension[] = [];
  if (o.basicConstraints !== false) ext.push(new x509.BasicConstraintsExtension(!!o.ca, undefined, true));
  if (o.ca) ext.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  if (o.sans) ext.push(new x509.SubjectAlternativeNameExtension(o.sans.map(generalName), !subjectOf(o)));
  if (o.extKeyUsage) ext.push(new x509.ExtendedKeyUsageExtension(o.extKeyUsage.map((u) => x509.ExtendedKeyUsage[u])));
  return ext;
}

function wrap(cert: x509.X509Certificate, key: TestKey, subject: string): TestCert {
  return { x509: cert, key, subject, pem: cert.toString('pem') + '\n', der: Buffer.from(cert.rawData) };
}

function validity(o: CertOptions): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: o.notBefore ?? new Date(now - DAY), notAfter: o.notAfter ?? new Date(now + 365 * DAY) };
}

/** A self-signed certificate: a CA with `ca: true`, else a self-signed leaf. */
export async function selfSigned(o: CertOptions = {}): Promise<TestCert> {
  const key = o.key ?? rsaKey();
  const keys = await signingKeys(key, o.hash ?? 'SHA-256');
  const subject = subjectOf(o);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: subject,
    ...validity(o),
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey } as unknown as CryptoKeyPairParam,
    signingAlgorithm: keys.signAlg as AlgorithmParam,
    extensions: extensions(o),
  });
  return wrap(cert, key, subject);
}

/** A self-signed CA (BasicConstraints CA:TRUE, keyCertSign). */
export function selfSignedCa(o: CertOptions = {}): Promise<TestCert> {
  return selfSigned({ commonName: 'Test Root CA', ...o, ca: true });
}

/** A certificate for `o.key` signed by `issuer`. */
export async function issuedBy(issuer: TestCert, o: CertOptions = {}): Promise<TestCert> {
  const key = o.key ?? rsaKey(2048, 1);
  const signer = await signingKeys(issuer.key, o.hash ?? 'SHA-256');
  const subject = subjectOf(o);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject,
    issuer: issuer.subject,
    ...validity(o),
    publicKey: new Uint8Array(key.publicKey.export({ type: 'spki', format: 'der' })),
    signingKey: signer.privateKey as unknown as SigningKeyParam,
    signingAlgorithm: signer.signAlg as AlgorithmParam,
    extensions: extensions(o),
  });
  return wrap(cert, key, subject);
}

/** A server certificate for `host` signed by `issuer`. */
export function serverCert(issuer: TestCert, host: string, o: CertOptions = {}): Promise<TestCert> {
  return issuedBy(issuer, { commonName: host, sans: [host], extKeyUsage: ['serverAuth'], ...o });
}

/** A client certificate (extendedKeyUsage clientAuth) signed by `issuer`. */
export function clientCert(issuer: TestCert, o: CertOptions = {}): Promise<TestCert> {
  return issuedBy(issuer, { commonName: 'client', extKeyUsage: ['clientAuth'], ...o });
}

// @peculiar/x509 types its parameters with the DOM's WebCrypto types, which this project does not load.
type CreateSelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];
type CryptoKeyPairParam = CreateSelfSignedParams['keys'];
type AlgorithmParam = NonNullable<CreateSelfSignedParams['signingAlgorithm']>;
type SigningKeyParam = Extract<Parameters<typeof x509.X509CertificateGenerator.create>[0], { signingKey: unknown }>['signingKey'];

// ---------------------------------------------------------------------------------------------
// Files

/** PEM armor around DER, 64 characters a line, with a final newline. */
export function pemBlock(type: string, der: Uint8Array, headers: Record<string, string> = {}): string {
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\n`).join('');
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${type}-----\n${head}${head ? '\n' : ''}${body}-----END ${type}-----\n`;
}

export function certPem(c: TestCert): string {
  return c.pem;
}

export function certDer(c: TestCert): Buffer {
  return c.der;
}

/** Several certificates in one PEM file, in the given order. */
export function bundle(...certs: TestCert[]): string {
  return certs.map((c) => c.pem).join('');
}

/** `-----BEGIN PRIVATE KEY-----` (what `openssl genpkey` and OpenSSL 3 `genrsa` write). */
export function pkcs8Pem(k: TestKey): string {
  return k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function pkcs8Der(k: TestKey): Buffer {
  return k.privateKey.export({ type: 'pkcs8', format: 'der' });
}

/** `-----BEGIN RSA PRIVATE KEY-----` (OpenSSL 1.x `genrsa`). */
export function pkcs1Pem(k: TestKey): string {
  return k.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/** `-----BEGIN EC PRIVATE KEY-----`. */
export function sec1Pem(k: TestKey): string {
  return k.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

const CURVE_OID_DER: Record<Curve, number[]> = {
  'P-256': [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
  'P-384': [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
};

/** What `openssl ecparam -genkey` writes: an EC PARAMETERS block, then the SEC1 key. */
export function sec1WithParamsPem(k: TestKey): string {
  if (k.kind !== 'ec' || !k.curve) throw new Error('sec1WithParamsPem needs an EC key');
  return pemBlock('EC PARAMETERS', Uint8Array.from(CURVE_OID_DER[k.curve])) + sec1Pem(k);
}

/** `-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8 with a passphrase). */
export function encryptedPkcs8Pem(k: TestKey, passphrase = 'secret'): string {
  return k.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}

/** Legacy OpenSSL encryption: `RSA PRIVATE KEY` with `Proc-Type: 4,ENCRYPTED` and `DEK-Info` headers. */
export function encryptedPkcs1Pem(k: TestKey, passphrase = 'secret'): string {
  return k.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}

/** Roughly what `openssl req -x509 -text` prints before the PEM block (see Docker's client-certificate docs). */
export function opensslTextDump(c: TestCert): string {
  const fingerprint = crypto.createHash('sha256').update(c.der).digest('hex').match(/../g)!.join(':');
  return [
    'Certificate:',
    '    Data:',
    '        Version: 3 (0x2)',
    `        Serial Number: ${c.x509.serialNumber}`,
    `        Signature Algorithm: sha256WithRSAEncryption`,
    `        Issuer: ${c.x509.issuer}`,
    '        Validity',
    `            Not Before: ${c.x509.notBefore.toUTCString()}`,
    `            Not After : ${c.x509.notAfter.toUTCString()}`,
    `        Subject: ${c.x509.subject}`,
    '    Signature Value:',
    `        ${fingerprint}`,
    '',
  ].join('\n');
}
