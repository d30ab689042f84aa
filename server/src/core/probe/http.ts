/**
 * `GET /v2/` on an open connection, as the engines' first request to a registry: the status, the
 * headers that say who answered, and the start of the body (nginx says in it why it refused).
 * Failures are worded as Go's net/http Transport words them.
 */
import type { Duplex } from 'node:stream';
import { alertInOpenSslMessage, remoteAlert, RESPONSE_HEADER_TIMEOUT } from './goErrors';
import { Aborted } from './connect';

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Up to 4 KiB of the body, as text. */
  body: string;
}

export type HttpResult = { ok: true; answer: HttpAnswer; millis: number } | { ok: false; error: string };

export interface GetOptions {
  /** The Host header (the URL's host: the port only when not the scheme's default). */
  hostHeader: string;
  /** The endpoint's path: `/v2` (a slash is added, as the engines ask for `/v2/`). */
  path: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** An error the connection reported before this request was made. */
  earlier?: Error;
  /** For "connection reset" texts. */
  addresses?: { local: string; remote: string };
}

const BODY_LIMIT = 4096;

function parseHead(head: string): Omit<HttpAnswer, 'body'> | undefined {
  const lines = head.split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers };
}

function connectionError(e: Error & { code?: string }, o: GetOptions): string {
  const alert = alertInOpenSslMessage(e.message);
  if (alert !== undefined) return remoteAlert(alert);
  if (e.code === 'ECONNRESET' && o.addresses) return `read tcp ${o.addresses.local}->${o.addresses.remote}: read: connection reset by peer`;
  return `certsd: the connection failed (${e.code ?? e.message})`;
}

/** Sends the request and reads the answer's head (and the start of its body). */
export function getV2(socket: Duplex, o: GetOptions): Promise<HttpResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new Aborted());
    if (o.earlier) return resolve({ ok: false, error: connectionError(o.earlier, o) });
    let buf = Buffer.alloc(0);
    let head: Omit<HttpAnswer, 'body'> | undefined;
    let bodyStart = 0;
    let settled = false;
    let bodyTimer: NodeJS.Timeout | undefined;
    const finish = (r: HttpResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(bodyTimer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const answer = (): HttpResult => ({
      ok: true,
      answer: { ...head!, body: buf.subarray(bodyStart, bodyStart + BODY_LIMIT).toString('utf8') },
      millis: Date.now() - started,
    });
    const onAbort = () => finish(new Aborted());
    const timer = setTimeout(() => finish({ ok: false, error: RESPONSE_HEADER_TIMEOUT }), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort);
    socket.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = parseHead(buf.subarray(0, end).toString('latin1'));
        if (!head) return finish({ ok: false, error: `net/http: malformed HTTP response ${JSON.stringify(buf.subarray(0, Math.min(end, 40)).toString('latin1'))}` });
        bodyStart = end + 4;
        clearTimeout(timer);
        // The body is only read for what it says; wait for it briefly, never for the whole deadline.
        bodyTimer = setTimeout(() => finish(answer()), Math.min(1000, o.timeoutMs));
      }
      const length = Number(head.headers['content-length'] ?? NaN);
      if (buf.length - bodyStart >= Math.min(BODY_LIMIT, Number.isNaN(length) ? BODY_LIMIT : length)) finish(answer());
    });
    socket.on('error', (e: Error) => finish(head ? answer() : { ok: false, error: connectionError(e, o) }));
    // The server closed the connection before answering: Go's Transport reports io.EOF.
    socket.on('end', () => finish(head ? answer() : { ok: false, error: 'EOF' }));
    socket.on('close', () => finish(head ? answer() : { ok: false, error: 'EOF' }));
    socket.write(`GET ${o.path.replace(/\/?$/, '/')} HTTP/1.1\r\nHost: ${o.hostHeader}\r\nUser-Agent: certsd-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  });
}
