/**
 * What the server sent in its first flight, read from the bytes on the wire: the certificate list
 * in the order sent, and its CertificateRequest (acceptable CA names, signature schemes), which
 * node:tls does not expose and Go's client decides with. TLS 1.2 sends these in the clear; TLS 1.3
 * encrypts them, so they are decrypted with the server handshake traffic secret node:tls reports
 * through its 'keylog' event (RFC 8446 7.1-7.3, 5.2). Nothing here is sent anywhere.
 */
import * as crypto from 'node:crypto';

export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

const RECORD_CCS = 20;
const RECORD_ALERT = 21;
const RECORD_HANDSHAKE = 22;
const RECORD_APPLICATION_DATA = 23;

const HS_SERVER_HELLO = 2;
const HS_ENCRYPTED_EXTENSIONS = 8;
const HS_CERTIFICATE = 11;
const HS_CERTIFICATE_REQUEST = 13;
const HS_SERVER_HELLO_DONE = 14;
const HS_FINISHED = 20;

/** SHA-256 of "HelloRetryRequest": the random of a ServerHello that is really a HelloRetryRequest. */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** A CertificateRequest as Go's client decodes it (certificateRequestMsg / certificateRequestMsgTLS13). */
export interface CertificateRequest {
  /** TLS 1.2: certificate_types (1 rsa_sign, 64 ecdsa_sign, ...). */
  certificateTypes?: number[];
  /** TLS 1.2 `supported_signature_algorithms`, TLS 1.3 `signature_algorithms`. */
  signatureSchemes: number[];
  /** DER Names (header included), in the server's order. */
  certificateAuthorities: Buffer[];
}

export interface ServerFlight {
  /** The negotiated version from the ServerHello (supported_versions for TLS 1.3). */
  version?: number;
  cipherSuite?: number;
  /** The Certificate message's certificates, DER, as sent. */
  certificates?: Buffer[];
  certificateRequest?: CertificateRequest;
  /** An alert the server sent in the clear (level, description). */
  alert?: number;
  /** The flight was read to its end (ServerHelloDone, or Finished for TLS 1.3). */
  complete: boolean;
  /** Why the flight could not be read (records cut short, no key, decryption failed). */
  problem?: string;
}

/** A TLS record header at `at`: type, version, length. */
export function recordHeader(b: Buffer, at = 0): { type: number; version: number; length: number } | undefined {
  if (b.length - at < 5) return undefined;
  return { type: b[at], version: b.readUInt16BE(at + 1), length: b.readUInt16BE(at + 3) };
}

/** Handshake messages out of a byte stream: [type, body] for each complete one. */
class HandshakeReader {
  private buf = Buffer.alloc(0);
  push(b: Buffer): void {
    this.buf = Buffer.concat([this.buf, b]);
  }
  next(): { type: number; body: Buffer; raw: Buffer } | undefined {
    if (this.buf.length < 4) return undefined;
    const len = this.buf.readUIntBE(1, 3);
    if (this.buf.length < 4 + len) return undefined;
    const raw = this.buf.subarray(0, 4 + len);
    this.buf = this.buf.subarray(4 + len);
    return { type: raw[0], body: raw.subarray(4), raw };
  }
}

/** A cursor over a handshake body; reads return undefined when the bytes run out. */
class Reader {
  constructor(
    private readonly b: Buffer,
    public pos = 0,
    private readonly end = b.length,
  ) {}
  get empty(): boolean {
    return this.pos >= this.end;
  }
  u8(): number | undefined {
    return this.pos + 1 <= this.end ? this.b[this.pos++] : undefined;
  }
  u16(): number | undefined {
    if (this.pos + 2 > this.end) return undefined;
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  bytes(n: number): Buffer | undefined {
    if (this.pos + n > this.end) return undefined;
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** A vector with a length prefix of 1, 2 or 3 octets, as a Reader over its contents. */
  vector(lengthBytes: 1 | 2 | 3): Reader | undefined {
    if (this.pos + lengthBytes > this.end) return undefined;
    const len = this.b.readUIntBE(this.pos, lengthBytes);
    this.pos += lengthBytes;
    if (this.pos + len > this.end) return undefined;
    const r = new Reader(this.b, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }
  rest(): Buffer {
    return this.b.subarray(this.pos, this.end);
  }
}

function parseServerHello(body: Buffer): { version: number; cipherSuite: number; hrr: boolean } | undefined {
  const r = new Reader(body);
  const legacy = r.u16();
  const random = r.bytes(32);
  const session = r.vector(1);
  const suite = r.u16();
  if (legacy === undefined || !random || !session || suite === undefined || r.u8() === undefined) return undefined;
  let version = legacy;
  const exts = r.empty ? undefined : r.vector(2);
  while (exts && !exts.empty) {
    const type = exts.u16();
    const data = exts.vector(2);
    if (type === undefined || !data) return undefined;
    // supported_versions
    if (type === 43) version = data.u16() ?? version;
  }
  return { version, cipherSuite: suite, hrr: random.equals(HRR_RANDOM) };
}

function certificateList(body: Buffer, tls13: boolean): Buffer[] | undefined {
  const r = new Reader(body);
  if (tls13 && !r.vector(1)) return undefined;
  const list = r.vector(3);
  if (!list) return undefined;
  const out: Buffer[] = [];
  while (!list.empty) {
    const cert = list.vector(3);
    if (!cert) return undefined;
    out.push(Buffer.from(cert.rest()));
    if (tls13 && !list.vector(2)) return undefined;
  }
  return out;
}

function names(r: Reader): Buffer[] | undefined {
  const out: Buffer[] = [];
  while (!r.empty) {
    const dn = r.vector(2);
    if (!dn) return undefined;
    out.push(Buffer.from(dn.rest()));
  }
  return out;
}

function schemes(r: Reader): number[] | undefined {
  const out: number[] = [];
  while (!r.empty) {
    const s = r.u16();
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

// Go: handshake_messages.go certificateRequestMsg.unmarshal (TLS 1.2, hasSignatureAlgorithm): at
// least one certificate type, a non-empty even list of schemes, the CA names (empty ones allowed),
// and nothing after them.
function certificateRequest12(body: Buffer): CertificateRequest | undefined {
  const r = new Reader(body);
  const types = r.vector(1);
  const algs = r.vector(2);
  const cas = r.vector(2);
  if (!types || types.empty || !algs || algs.empty || !cas || !r.empty) return undefined;
  const certificateTypes = [...types.rest()];
  const signatureSchemes = schemes(algs);
  const certificateAuthorities = names(cas);
  if (!signatureSchemes || !certificateAuthorities) return undefined;
  return { certificateTypes, signatureSchemes, certificateAuthorities };
}

const EXT_STATUS_REQUEST = 5;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_SCT = 18;
const EXT_CERTIFICATE_AUTHORITIES = 47;
const EXT_SIGNATURE_ALGORITHMS_CERT = 50;

// Go: handshake_messages.go certificateRequestMsgTLS13.unmarshal: an empty context, nothing after the
// extensions; the scheme and CA lists of the extensions it knows non-empty (no empty CA name), each
// extension's data read to its end; repeated extensions add to the lists; unknown ones are skipped.
function certificateRequest13(body: Buffer): CertificateRequest | undefined {
  const r = new Reader(body);
  const context = r.vector(1);
  const exts = r.vector(2);
  if (!context || !context.empty || !exts || !r.empty) return undefined;
  const req: CertificateRequest = { signatureSchemes: [], certificateAuthorities: [] };
  while (!exts.empty) {
    const type = exts.u16();
    const data = exts.vector(2);
    if (type === undefined || !data) return undefined;
    if (type === EXT_SIGNATURE_ALGORITHMS || type === EXT_SIGNATURE_ALGORITHMS_CERT) {
      const list = data.vector(2);
      const found = list && !list.empty ? schemes(list) : undefined;
      if (!found) return undefined;
      if (type === EXT_SIGNATURE_ALGORITHMS) req.signatureSchemes.push(...found);
    } else if (type === EXT_CERTIFICATE_AUTHORITIES) {
      const list = data.vector(2);
      const found = list && !list.empty ? names(list) : undefined;
      if (!found || found.some((n) => n.length === 0)) return undefined;
      req.certificateAuthorities.push(...found);
    } else if (type !== EXT_STATUS_REQUEST && type !== EXT_SCT) continue;
    if (!data.empty) return undefined;
  }
  return req;
}

const SUITES: Record<number, { cipher: string; keyLength: number; hash: string }> = {
  0x1301: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

// RFC 8446 7.1 HKDF-Expand-Label (one HMAC block is enough for keys and IVs)
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0])]);
  return crypto.createHmac(hash, secret).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, length);
}

class RecordDecrypter {
  private seq = 0n;
  private readonly key: Buffer;
  private readonly iv: Buffer;
  constructor(
    private readonly suite: { cipher: string; keyLength: number; hash: string },
    secret: Buffer,
  ) {
    this.key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
    this.iv = expandLabel(suite.hash, secret, 'iv', 12);
  }
  /** The inner content type and plaintext, or undefined when the record does not decrypt. */
  open(header: Buffer, payload: Buffer): { type: number; data: Buffer } | undefined {
    const nonce = Buffer.from(this.iv);
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64BE(this.seq++);
    for (let i = 0; i < 8; i++) nonce[4 + i] ^= seq[i];
    try {
      const d = crypto.createDecipheriv(this.suite.cipher as crypto.CipherGCMTypes, this.key, nonce, { authTagLength: 16 });
      d.setAAD(header);
      d.setAuthTag(payload.subarray(payload.length - 16));
      const plain = Buffer.concat([d.update(payload.subarray(0, payload.length - 16)), d.final()]);
      let end = plain.length;
      while (end > 0 && plain[end - 1] === 0) end--;
      if (end === 0) return undefined;
      return { type: plain[end - 1], data: plain.subarray(0, end - 1) };
    } catch {
      return undefined;
    }
  }
}

/** The secret node's 'keylog' lines give for the server's handshake messages (TLS 1.3). */
export function serverHandshakeSecret(keylog: string[]): Buffer | undefined {
  for (const line of keylog) {
    const [label, , secret] = line.trim().split(' ');
    if (label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET' && secret) return Buffer.from(secret, 'hex');
  }
  return undefined;
}

/** Reads the server's first flight out of the bytes it sent (`received`), with the keylog for TLS 1.3. */
export function readServerFlight(received: Buffer, keylog: string[]): ServerFlight {
  const flight: ServerFlight = { complete: false };
  const plain = new HandshakeReader();
  const sealed = new HandshakeReader();
  let decrypter: RecordDecrypter | undefined;
  let at = 0;
  const handle = (m: { type: number; body: Buffer }, tls13: boolean): boolean => {
    switch (m.type) {
      case HS_SERVER_HELLO: {
        const hello = parseServerHello(m.body);
        if (!hello) {
          flight.problem = 'malformed ServerHello';
          return true;
        }
        if (!hello.hrr) {
          flight.version = hello.version;
          flight.cipherSuite = hello.cipherSuite;
        }
        return false;
      }
      case HS_CERTIFICATE:
        flight.certificates = certificateList(m.body, tls13);
        if (!flight.certificates) flight.problem = 'malformed Certificate message';
        return !flight.certificates;
      case HS_CERTIFICATE_REQUEST:
        flight.certificateRequest = tls13 ? certificateRequest13(m.body) : certificateRequest12(m.body);
        if (!flight.certificateRequest) flight.problem = 'malformed CertificateRequest';
        return !flight.certificateRequest;
      case HS_SERVER_HELLO_DONE:
      case HS_FINISHED:
        flight.complete = true;
        return true;
      case HS_ENCRYPTED_EXTENSIONS:
      default:
        return false;
    }
  };
  while (!flight.complete && !flight.problem) {
    const h = recordHeader(received, at);
    if (!h || received.length < at + 5 + h.length) {
      flight.problem = 'the server flight ended early';
      break;
    }
    const header = received.subarray(at, at + 5);
    const payload = received.subarray(at + 5, at + 5 + h.length);
    at += 5 + h.length;
    if (h.type === RECORD_ALERT && !decrypter) {
      flight.alert = payload[1];
      break;
    }
    if (h.type === RECORD_CCS) continue;
    if (h.type === RECORD_HANDSHAKE && !decrypter) {
      plain.push(payload);
      for (let m = plain.next(); m && !flight.problem && !flight.complete; m = plain.next()) {
        if (handle(m, false)) break;
      }
      continue;
    }
    if (h.type === RECORD_APPLICATION_DATA && flight.version === TLS13) {
      if (!decrypter) {
        const suite = SUITES[flight.cipherSuite ?? -1];
        const secret = serverHandshakeSecret(keylog);
        if (!suite || !secret) {
          flight.problem = suite ? 'no handshake secret from node:tls' : `unknown TLS 1.3 cipher suite 0x${(flight.cipherSuite ?? 0).toString(16)}`;
          break;
        }
        decrypter = new RecordDecrypter(suite, secret);
      }
      const inner = decrypter.open(header, payload);
      if (!inner) {
        flight.problem = 'a TLS 1.3 handshake record did not decrypt';
        break;
      }
      if (inner.type === RECORD_ALERT) {
        flight.alert = inner.data[1];
        break;
      }
      if (inner.type !== RECORD_HANDSHAKE) continue;
      sealed.push(inner.data);
      for (let m = sealed.next(); m && !flight.problem && !flight.complete; m = sealed.next()) {
        if (handle(m, true)) break;
      }
      continue;
    }
    flight.problem = `unexpected record type ${h.type}`;
  }
  return flight;
}
