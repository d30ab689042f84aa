/**
 * What Go's net, crypto/tls and net/http say when a connection fails, worked out from what was
 * seen on the wire (node:tls speaks OpenSSL's words; the report must speak Go's). Each text is
 * the error an engine's http.Client returns inside `Get "https://host/v2/": ...`.
 */
import { recordHeader } from './tlsRecords';

// Go: crypto/tls alert.go alertText
const ALERT_TEXT: Record<number, string> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record MAC',
  21: 'decryption failed',
  22: 'record overflow',
  30: 'decompression failure',
  40: 'handshake failure',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'revoked certificate',
  45: 'expired certificate',
  46: 'unknown certificate',
  47: 'illegal parameter',
  48: 'unknown certificate authority',
  49: 'access denied',
  50: 'error decoding message',
  51: 'error decrypting message',
  60: 'export restriction',
  70: 'protocol version not supported',
  71: 'insufficient security level',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  100: 'no renegotiation',
  109: 'missing extension',
  110: 'unsupported extension',
  111: 'certificate unobtainable',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  114: 'bad certificate hash value',
  115: 'unknown PSK identity',
  116: 'certificate required',
  120: 'no application protocol',
  121: 'encrypted client hello required',
};

/** net.OpError{Op: "remote error", Err: alert}: what Go says when the server sends an alert. */
export function remoteAlert(description: number): string {
  const text = ALERT_TEXT[description];
  return `remote error: tls: ${text ?? `alert(${description})`}`;
}

/** The alert number in an OpenSSL error message ("... SSL alert number 116"). */
export function alertInOpenSslMessage(message: string): number | undefined {
  const m = /SSL alert number (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

export const SCHEME_MISMATCH = 'http: server gave HTTP response to HTTPS client';
export const NOT_TLS = 'tls: first record does not look like a TLS handshake';
export const TLS_HANDSHAKE_TIMEOUT = 'net/http: TLS handshake timeout';
export const RESPONSE_HEADER_TIMEOUT = 'net/http: timeout awaiting response headers';

// Go: crypto/tls conn.go maxCiphertext (2^14 + 2048)
const MAX_CIPHERTEXT = 16384 + 2048;

// Go: crypto/tls conn.go readRecordOrCCS before the version is known, and net/http client.go
// (a RecordHeaderError whose header reads "HTTP/" becomes ErrSchemeMismatch).
export function firstRecordError(received: Buffer): string | undefined {
  const h = recordHeader(received);
  if (!h) return undefined;
  if (received.subarray(0, 5).toString('latin1') === 'HTTP/') return SCHEME_MISMATCH;
  if ((h.type !== 21 && h.type !== 22) || h.version >= 0x1000) return NOT_TLS;
  if (h.length > MAX_CIPHERTEXT) return `tls: oversized record received with length ${h.length}`;
  return undefined;
}

/** io.EOF or io.ErrUnexpectedEOF: where in a record the server closed the connection. */
export function eofError(received: Buffer): string {
  let at = 0;
  while (at < received.length) {
    const h = recordHeader(received, at);
    if (!h || at + 5 + h.length > received.length) return 'unexpected EOF';
    at += 5 + h.length;
  }
  return 'EOF';
}

/** An address as Go prints it in errors: IPv6 in brackets. */
export function goHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const CONNECT_ERRNO: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** What Go's net.Dialer says when connect(2) fails, or undefined for errors it words otherwise. */
export function dialError(e: NodeJS.ErrnoException & { address?: string; port?: number }, host: string, port: number): { error: string; approximate?: boolean } {
  const addr = goHostPort(e.address ?? host, e.port ?? port);
  const text = e.code ? CONNECT_ERRNO[e.code] : undefined;
  if (text) return { error: `dial tcp ${addr}: connect: ${text}` };
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    // Go also names the DNS server it asked ("lookup h on 127.0.0.53:53: no such host").
    return { error: `dial tcp: lookup ${host}: ${e.code === 'ENOTFOUND' ? 'no such host' : 'server misbehaving'}`, approximate: true };
  }
  return { error: `dial tcp ${addr}: ${e.code ?? e.message}`, approximate: true };
}
