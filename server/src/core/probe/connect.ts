/**
 * One connection the way an engine's http.Transport makes it, with node:net and node:tls doing
 * the I/O: a TCP dial with a deadline, then a TLS handshake with verification off (Go's checks
 * are made afterwards on what the server sent, see probe.ts) and a handshake deadline. The bytes
 * the server sends are kept, so that its first flight can be read as Go reads it
 * (tlsRecords.ts) and failures can be worded as Go words them (goErrors.ts).
 */
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { alertInOpenSslMessage, dialError, eofError, firstRecordError, goHostPort, remoteAlert, TLS_HANDSHAKE_TIMEOUT } from './goErrors';
import { readServerFlight, ServerFlight } from './tlsRecords';

export interface DialTarget {
  host: string;
  port: number;
}

export type DialResult = { ok: true; socket: net.Socket; millis: number } | { ok: false; error: string; approximate?: boolean };

export class Aborted extends Error {
  constructor() {
    super('the probe was cancelled');
  }
}

/** net.Dialer.DialContext with Timeout: "dial tcp ADDR: i/o timeout" when the deadline passes. */
export function dial(target: DialTarget, timeoutMs: number, signal?: AbortSignal): Promise<DialResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Aborted());
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = (r: DialResult | Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('connect');
      socket.removeAllListeners('error');
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const onAbort = () => {
      socket.destroy();
      finish(new Aborted());
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish({ ok: false, error: `dial tcp ${goHostPort(socket.remoteAddress ?? target.host, target.port)}: i/o timeout` });
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort);
    socket.once('connect', () => finish({ ok: true, socket, millis: Date.now() - started }));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.destroy();
      finish({ ok: false, ...dialError(e, target.host, target.port) });
    });
  });
}

export interface TlsAttemptOptions {
  socket: net.Socket;
  /** SNI; undefined for IP addresses, which Go does not send (hostnameInSNI). */
  servername?: string;
  timeoutMs: number;
  /** The client pair to offer, PEM (never logged). */
  client?: { certPem: string; keyPem: string };
  signal?: AbortSignal;
}

export type TlsAttempt =
  | {
      ok: true;
      socket: tls.TLSSocket;
      flight: ServerFlight;
      protocol: string | null;
      cipher: string | null;
      received: () => Buffer;
      /** An error the socket reported after the handshake, before anyone listened again. */
      lateError: () => Error | undefined;
      millis: number;
    }
  | { ok: false; error: string; flight: ServerFlight; unmodelled?: string };

/**
 * A duplex over the TCP socket that keeps a copy of everything the server sends: node:tls reads
 * through it, the record reader reads the copy.
 */
function capturing(raw: net.Socket): { stream: Duplex; received: () => Buffer; ended: () => boolean; reset: () => boolean } {
  const chunks: Buffer[] = [];
  let ended = false;
  let reset = false;
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      if (raw.destroyed) return cb();
      raw.write(chunk, (e) => cb(e ?? undefined));
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.on('data', (b: Buffer) => {
    chunks.push(b);
    stream.push(b);
  });
  raw.on('end', () => {
    ended = true;
    stream.push(null);
  });
  raw.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'ECONNRESET') reset = true;
    ended = true;
    stream.push(null);
  });
  raw.on('close', () => {
    ended = true;
    stream.push(null);
  });
  return { stream, received: () => Buffer.concat(chunks), ended: () => ended, reset: () => reset };
}

/** The TLS handshake on a connected socket, as far as the server's first flight and node's own end of it. */
export function tlsHandshake(o: TlsAttemptOptions): Promise<TlsAttempt> {
  const started = Date.now();
  // Taken now: once the peer resets the connection the socket is destroyed and forgets them.
  const addresses = `${goHostPort(o.socket.localAddress ?? '', o.socket.localPort ?? 0)}->${goHostPort(o.socket.remoteAddress ?? '', o.socket.remotePort ?? 0)}`;
  const cap = capturing(o.socket);
  const keylog: string[] = [];
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) {
      o.socket.destroy();
      return reject(new Aborted());
    }
    const socket = tls.connect({
      socket: cap.stream as unknown as net.Socket,
      servername: o.servername,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      minVersion: 'TLSv1.2',
      ...(o.client ? { cert: o.client.certPem, key: o.client.keyPem } : {}),
    });
    socket.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1')));
    let settled = false;
    const flight = () => readServerFlight(cap.received(), keylog);
    const finish = (r: TlsAttempt | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      if (r instanceof Error || !r.ok) socket.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const failure = (nodeError?: Error & { code?: string }): TlsAttempt => {
      const received = cap.received();
      const f = flight();
      const first = firstRecordError(received);
      if (first) return { ok: false, error: first, flight: f };
      if (f.alert !== undefined) return { ok: false, error: remoteAlert(f.alert), flight: f };
      const alert = nodeError ? alertInOpenSslMessage(nodeError.message) : undefined;
      if (alert !== undefined) return { ok: false, error: remoteAlert(alert), flight: f };
      if (cap.reset()) {
        return { ok: false, error: `read tcp ${addresses}: read: connection reset by peer`, flight: f };
      }
      if (cap.ended()) return { ok: false, error: eofError(received), flight: f };
      return { ok: false, error: `certsd: the TLS handshake failed in node:tls (${nodeError?.code ?? nodeError?.message ?? 'unknown'})`, flight: f, unmodelled: 'node:tls refused the handshake where Go may not' };
    };
    const onError = (e: Error) => finish(failure(e));
    const onClose = () => finish(failure());
    const onAbort = () => finish(new Aborted());
    const timer = setTimeout(() => finish({ ok: false, error: TLS_HANDSHAKE_TIMEOUT, flight: flight() }), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort);
    socket.once('error', onError);
    socket.once('close', onClose);
    let late: Error | undefined;
    socket.on('error', (e) => {
      late ??= e;
    });
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      finish({
        ok: true,
        socket,
        flight: flight(),
        protocol: socket.getProtocol(),
        cipher: cipher?.standardName ?? cipher?.name ?? null,
        received: cap.received,
        lateError: () => late,
        millis: Date.now() - started,
      });
    });
  });
}
