/**
 * `GET /v2/` on an open connection, as the engines' first request to a registry: the status, the
 * headers that say who answered, and the start of the body (nginx says in it why it refused).
 * Failures are worded as Go's net/http Transport words them.
 */
import type { Duplex } from 'node:stream';
import { alertInOpenSslMessage, remoteAlert, RESPONSE_HEADER_TIMEOUT } from './goErrors';
import { Aborted } from './connect';
import { goQuoteBytes } from '../go/url';

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

/** What Go's Transport puts before an error that comes after the server has started to answer. */
const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';

type StatusLine = { status: number; statusText: string } | { error: string };

// Go: net/http response.go ReadResponse (the status line) and request.go ParseHTTPVersion
function parseStatusLine(line: Buffer): StatusLine {
  const text = line.toString('latin1');
  const space = text.indexOf(' ');
  if (space < 0) return { error: `malformed HTTP response ${goQuoteBytes(line)}` };
  const proto = text.slice(0, space);
  const rest = text.slice(space + 1).replace(/^ +/, '');
  const cut = rest.indexOf(' ');
  const code = cut < 0 ? rest : rest.slice(0, cut);
  if (code.length !== 3 || !/^[+-]?\d+$/.test(code) || Number(code) < 0) return { error: `malformed HTTP status code ${goQuoteBytes(Buffer.from(code, 'latin1'))}` };
  if (!/^HTTP\/\d\.\d$/.test(proto)) return { error: `malformed HTTP version ${goQuoteBytes(Buffer.from(proto, 'latin1'))}` };
  return { status: Number(code), statusText: cut < 0 ? '' : rest.slice(cut + 1) };
}

/** bufio.Reader.ReadLine: the first line without its "\n" or "\r\n" (all of `b` when it has no newline). */
function firstLine(b: Buffer): Buffer {
  const nl = b.indexOf(0x0a);
  if (nl < 0) return b;
  return b.subarray(0, b[nl - 1] === 0x0d ? nl - 1 : nl);
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    // Header.Get: the first of repeated fields.
    if (colon > 0 && !Object.prototype.hasOwnProperty.call(headers, name)) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
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
    let status: Extract<StatusLine, { status: number }> | undefined;
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
    /** The body's bytes read: its Content-Length (nothing after the body counts), at most 4 KiB. */
    const bodyWanted = () => {
      const length = Number(head!.headers['content-length'] ?? NaN);
      return Number.isNaN(length) ? BODY_LIMIT : Math.min(BODY_LIMIT, length);
    };
    const answer = (): HttpResult => ({
      ok: true,
      answer: { ...head!, body: buf.subarray(bodyStart, bodyStart + bodyWanted()).toString('utf8') },
      millis: Date.now() - started,
    });
    const onAbort = () => finish(new Aborted());
    const timer = setTimeout(() => finish({ ok: false, error: RESPONSE_HEADER_TIMEOUT }), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort);
    /**
     * The connection ended (`plain`: Go's error when nothing was read, as its Peek reports it) before
     * the head was complete: once the server has sent something, Go parses what came as the status
     * line and decorates the error (ReadLine's io.EOF becomes io.ErrUnexpectedEOF).
     */
    const cut = (plain: string, afterData: string): HttpResult => {
      if (buf.length === 0) return { ok: false, error: plain };
      const s = status ?? parseStatusLine(firstLine(buf));
      return { ok: false, error: BROKEN + ('error' in s ? s.error : afterData) };
    };
    socket.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      if (!head) {
        // Go reads and checks the status line as soon as its newline arrives.
        if (!status) {
          if (buf.indexOf(0x0a) < 0) return;
          const s = parseStatusLine(firstLine(buf));
          if ('error' in s) return finish({ ok: false, error: BROKEN + s.error });
          status = s;
        }
        // textproto's lines end in "\r\n" or a bare "\n"; the head ends at the first empty one.
        const text = buf.toString('latin1');
        const end = /\r?\n\r?\n/.exec(text);
        if (!end) return;
        head = { ...status, headers: parseHeaders(text.slice(0, end.index)) };
        bodyStart = end.index + end[0].length;
        clearTimeout(timer);
        // The body is only read for what it says; wait for it briefly, never for the whole deadline.
        bodyTimer = setTimeout(() => finish(answer()), Math.min(1000, o.timeoutMs));
      }
      if (buf.length - bodyStart >= bodyWanted()) finish(answer());
    });
    socket.on('error', (e: Error) => finish(head ? answer() : cut(connectionError(e, o), connectionError(e, o))));
    // The server closed the connection before answering: Go's Transport reports io.EOF.
    socket.on('end', () => finish(head ? answer() : cut('EOF', 'unexpected EOF')));
    socket.on('close', () => finish(head ? answer() : cut('EOF', 'unexpected EOF')));
    socket.write(`GET ${o.path.replace(/\/?$/, '/')} HTTP/1.1\r\nHost: ${o.hostHeader}\r\nUser-Agent: certsd-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  });
}
