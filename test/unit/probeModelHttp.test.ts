/**
 * `GET /v2/` on an open connection (server/src/core/probe/http.ts) on a fake socket, with the
 * clock and timers mocked: the request written, the status line and headers as Go's net/http reads
 * them (ReadResponse, ParseHTTPVersion, Header.Get's first value), the body read up to its
 * Content-Length or 4 KiB or for at most a second, and the failures in Go's Transport's words:
 * `EOF` when the server sent nothing, `net/http: HTTP/1.x transport connection broken: ...` once it
 * has sent something (malformed status lines quoted with %q, io.ErrUnexpectedEOF), the response
 * header timeout, a reset with its addresses, a TLS alert.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { mock } from 'node:test';
import { Aborted } from '../../server/src/core/probe/connect';
import { getV2, GetOptions, HttpResult } from '../../server/src/core/probe/http';

class FakeSocket extends EventEmitter {
  written: string[] = [];
  destroyed = 0;
  write(s: string): boolean {
    this.written.push(s);
    return true;
  }
  destroy(): this {
    this.destroyed++;
    return this;
  }
  send(s: string | Buffer): void {
    this.emit('data', typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  }
}

const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';
const base: GetOptions = { hostHeader: 'reg.example.com:5000', path: '/v2', timeoutMs: 5000 };

/** Starts the request; `state()` says whether it has settled, and how. */
function start(o: Partial<GetOptions> = {}) {
  const socket = new FakeSocket();
  let settled: { value?: HttpResult; error?: unknown } | undefined;
  const promise = getV2(socket as unknown as Duplex, { ...base, ...o }).then(
    (value) => (settled = { value }),
    (error) => (settled = { error }),
  );
  const flush = () => new Promise((r) => setImmediate(r));
  return {
    socket,
    async state() {
      await flush();
      return settled;
    },
    async result(): Promise<HttpResult> {
      await promise;
      assert.ok(settled && 'value' in settled && settled.value, `rejected: ${String(settled?.error)}`);
      return settled.value;
    },
  };
}

const answer = (status: number, statusText: string, headers: Record<string, string>, body: string, millis = 0): HttpResult => ({ ok: true, answer: { status, statusText, headers, body }, millis });

describe('probe model: GET /v2/ as Go sends it and reads the answer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  describe('the request', () => {
    it('GET with a slash added to the endpoint path, Host as given, Connection: close', async () => {
      for (const [p, line] of [
        ['/v2', 'GET /v2/ HTTP/1.1'],
        ['/v2/', 'GET /v2/ HTTP/1.1'],
        ['/mirror/v2', 'GET /mirror/v2/ HTTP/1.1'],
      ]) {
        const r = start({ path: p });
        assert.deepStrictEqual(r.socket.written, [`${line}\r\nHost: reg.example.com:5000\r\nUser-Agent: certsd-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`]);
        r.socket.emit('end');
        await r.result();
      }
    });
  });

  describe('the answer', () => {
    it('a 401 with an empty body: status, reason, headers by lower-case name (trimmed), the time taken', async () => {
      const r = start();
      mock.timers.tick(37);
      r.socket.send('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nWWW-Authenticate:  Bearer realm="https://auth.example.com/token" \r\nDocker-Distribution-API-Version: registry/2.0\r\n\r\n');
      assert.deepStrictEqual(
        await r.result(),
        answer(401, 'Unauthorized', { 'content-length': '0', 'www-authenticate': 'Bearer realm="https://auth.example.com/token"', 'docker-distribution-api-version': 'registry/2.0' }, '', 37),
      );
      assert.equal(r.socket.destroyed, 1);
    });

    it('the head in pieces, the body read up to its Content-Length (what follows it is not the body)', async () => {
      const r = start();
      r.socket.send('HTTP/1.1 400 Bad');
      r.socket.send(' Request\r\nContent-Length: 12\r');
      r.socket.send('\n\r\n<html>');
      assert.equal(await r.state(), undefined);
      r.socket.send('body!');
      assert.equal(await r.state(), undefined);
      r.socket.send('\nmore');
      assert.deepStrictEqual(await r.result(), answer(400, 'Bad Request', { 'content-length': '12' }, '<html>body!\n'));
    });

    it('without Content-Length: 4 KiB of body at most, returned as soon as they are there', async () => {
      const r = start();
      r.socket.send('HTTP/1.0 200 OK\r\nServer: x\r\n\r\n' + 'a'.repeat(4095));
      assert.equal(await r.state(), undefined);
      r.socket.send('bcdef');
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', { server: 'x' }, 'a'.repeat(4095) + 'b'));
    });

    it('a Content-Length over 4 KiB: the first 4 KiB', async () => {
      const r = start();
      r.socket.send('HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n' + 'x'.repeat(4096));
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', { 'content-length': '10000' }, 'x'.repeat(4096)));
    });

    it('a body that does not come: one second after the head, with what came', async () => {
      const r = start();
      mock.timers.tick(100);
      r.socket.send('HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\n404 page');
      mock.timers.tick(999);
      assert.equal(await r.state(), undefined);
      mock.timers.tick(1);
      assert.deepStrictEqual(await r.result(), answer(404, 'Not Found', { 'content-length': '100' }, '404 page', 1100));
    });

    it('the wait for the body is never longer than the deadline, and the header deadline stops with the head', async () => {
      const r = start({ timeoutMs: 800 });
      mock.timers.tick(100);
      r.socket.send('HTTP/1.1 200 OK\r\n\r\n{}');
      // The header deadline (800) passes: the head is there, so it no longer counts.
      mock.timers.tick(799);
      assert.equal(await r.state(), undefined);
      mock.timers.tick(1);
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', {}, '{}', 900));
    });

    it('the connection closed or failing after the head: the answer as far as it came', async () => {
      for (const event of ['end', 'close', 'error']) {
        const r = start();
        r.socket.send('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 50\r\n\r\npart');
        r.socket.emit(event, Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
        assert.deepStrictEqual(await r.result(), answer(502, 'Bad Gateway', { 'content-length': '50' }, 'part'), event);
      }
    });

    it('lines that end in a bare LF, as textproto accepts them', async () => {
      for (const head of ['HTTP/1.1 401 Unauthorized\nServer: tiny\nContent-Length: 3\n\n', 'HTTP/1.1 401 Unauthorized\r\nServer: tiny\nContent-Length: 3\r\n\n', 'HTTP/1.1 401 Unauthorized\nServer: tiny\r\nContent-Length: 3\n\r\n']) {
        const r = start();
        r.socket.send(head + 'abcdef');
        assert.deepStrictEqual(await r.result(), answer(401, 'Unauthorized', { server: 'tiny', 'content-length': '3' }, 'abc'), JSON.stringify(head));
      }
    });

    it('repeated headers: the first value (Header.Get); lines without a name are skipped', async () => {
      const r = start();
      r.socket.send('HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\ndocker-distribution-api-version: other\r\n: no name\r\nno colon\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n');
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', { 'docker-distribution-api-version': 'registry/2.0', 'x-empty': '', 'content-length': '0' }, ''));
    });

    it('status lines Go accepts: no reason, spaces before the code, any HTTP/d.d, a signed code', async () => {
      for (const [line, status, text] of [
        ['HTTP/1.1 204', 204, ''],
        ['HTTP/1.1   418 I am a teapot', 418, 'I am a teapot'],
        ['HTTP/1.2 200 OK', 200, 'OK'],
        ['HTTP/1.1 200 ', 200, ''],
        ['HTTP/1.1 +99 Odd', 99, 'Odd'],
      ] as const) {
        const r = start();
        r.socket.send(`${line}\r\nContent-Length: 0\r\n\r\n`);
        assert.deepStrictEqual(await r.result(), answer(status, text, { 'content-length': '0' }, ''), line);
      }
    });
  });

  describe("failures, in Go's Transport's words", () => {
    it('a status line Go refuses, as soon as its line is there', async () => {
      for (const [line, error] of [
        ['SSH-2.0-OpenSSH_9.6', 'malformed HTTP response "SSH-2.0-OpenSSH_9.6"'],
        ['HTTP/1.1 20 OK', 'malformed HTTP status code "20"'],
        ['HTTP/1.1 2000 OK', 'malformed HTTP status code "2000"'],
        ['HTTP/1.1 abc OK', 'malformed HTTP status code "abc"'],
        ['HTTP/1.1 -12 Minus', 'malformed HTTP status code "-12"'],
        ['HTTP/1.1 ', 'malformed HTTP status code ""'],
        ['HTTP/2 200 OK', 'malformed HTTP version "HTTP/2"'],
        ['http/1.1 200 OK', 'malformed HTTP version "http/1.1"'],
        ['HTTP/1.10 200 OK', 'malformed HTTP version "HTTP/1.10"'],
        ['XHTTP/1.1 200 OK', 'malformed HTTP version "XHTTP/1.1"'],
        ['HTTP/1.1a 200 OK', 'malformed HTTP version "HTTP/1.1a"'],
        ['HTTP/1x1 200 OK', 'malformed HTTP version "HTTP/1x1"'],
      ]) {
        const r = start();
        r.socket.send(`${line}\r\n`);
        assert.deepStrictEqual(await r.result(), { ok: false, error: BROKEN + error }, line);
        assert.equal(r.socket.destroyed, 1);
      }
    });

    it('bytes that are not text are quoted as Go quotes them; a line ending in LF only counts', async () => {
      const r = start();
      r.socket.send(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28, 0xff, 0x0a]));
      assert.deepStrictEqual(await r.result(), { ok: false, error: BROKEN + 'malformed HTTP response "\\x15\\x03\\x01\\x00\\x02\\x02(\\xff"' });
    });

    it('the server closes without a byte: EOF, as the Peek reports it', async () => {
      for (const event of ['end', 'close']) {
        const r = start();
        r.socket.emit(event);
        assert.deepStrictEqual(await r.result(), { ok: false, error: 'EOF' }, event);
      }
    });

    it('the server closes in the middle of the head: unexpected EOF, or what Go says of the line so far', async () => {
      const cases: [string, string][] = [
        ['HTTP/1.1 200 OK', 'unexpected EOF'],
        ['HTTP/1.1 200 OK\r\nContent-Le', 'unexpected EOF'],
        ['HTTP/1.1 200 OK\nServer: x\r\n', 'unexpected EOF'],
        ['garbage', 'malformed HTTP response "garbage"'],
        ['HTTP/1.1 20', 'malformed HTTP status code "20"'],
        ['\r', 'malformed HTTP response "\\r"'],
      ];
      for (const [sent, error] of cases) {
        for (const event of ['end', 'close']) {
          const r = start();
          r.socket.send(sent);
          assert.equal(await r.state(), undefined, sent);
          r.socket.emit(event);
          assert.deepStrictEqual(await r.result(), { ok: false, error: BROKEN + error }, `${JSON.stringify(sent)} ${event}`);
        }
      }
    });

    it('no head within the deadline: the response header timeout', async () => {
      const r = start({ timeoutMs: 3000 });
      r.socket.send('HTTP/1.1 200 OK\r\n');
      mock.timers.tick(2999);
      assert.equal(await r.state(), undefined);
      mock.timers.tick(1);
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'net/http: timeout awaiting response headers' });
      assert.equal(r.socket.destroyed, 1);
    });

    it('a reset: with the addresses as Go prints them, decorated once the server has sent something', async () => {
      const addresses = { local: '192.0.2.1:40000', remote: '192.0.2.7:443' };
      const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      let r = start({ addresses });
      r.socket.emit('error', reset());
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'read tcp 192.0.2.1:40000->192.0.2.7:443: read: connection reset by peer' });
      r = start({ addresses });
      r.socket.send('HTTP/1.1 200 OK\r\n');
      r.socket.emit('error', reset());
      assert.deepStrictEqual(await r.result(), { ok: false, error: BROKEN + 'read tcp 192.0.2.1:40000->192.0.2.7:443: read: connection reset by peer' });
      r = start({ addresses });
      r.socket.send('nonsense');
      r.socket.emit('error', reset());
      assert.deepStrictEqual(await r.result(), { ok: false, error: BROKEN + 'malformed HTTP response "nonsense"' });
      r = start();
      r.socket.emit('error', reset());
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'certsd: the connection failed (ECONNRESET)' });
    });

    it('a TLS alert during the request, and errors without a code', async () => {
      let r = start();
      r.socket.emit('error', new Error('error:0A000412:SSL routines::sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1586:SSL alert number 42'));
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'remote error: tls: bad certificate' });
      r = start();
      r.socket.emit('error', Object.assign(new Error('EPIPE write'), { code: 'EPIPE' }));
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'certsd: the connection failed (EPIPE)' });
      r = start();
      r.socket.emit('error', new Error('socket hang up'));
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'certsd: the connection failed (socket hang up)' });
    });

    it('an error the connection reported earlier: reported without sending the request', async () => {
      const addresses = { local: '[::1]:40000', remote: '[::1]:5000' };
      const r = start({ addresses, earlier: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
      assert.deepStrictEqual(await r.result(), { ok: false, error: 'read tcp [::1]:40000->[::1]:5000: read: connection reset by peer' });
      assert.deepStrictEqual(r.socket.written, []);
    });

    it('only the first outcome counts', async () => {
      const r = start();
      r.socket.send('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      r.socket.emit('error', new Error('late'));
      r.socket.emit('end');
      r.socket.emit('close');
      mock.timers.tick(10_000);
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', { 'content-length': '0' }, ''));
      assert.equal(r.socket.destroyed, 1);
    });
  });

  describe('cancelling', () => {
    it('a signal already aborted: rejected, nothing sent', async () => {
      const c = new AbortController();
      c.abort();
      const r = start({ signal: c.signal });
      const s = await r.state();
      assert.ok(s?.error instanceof Aborted);
      assert.deepStrictEqual(r.socket.written, []);
    });

    it('aborted while waiting: rejected, the connection closed; the timers and the listener are gone', async () => {
      const c = new AbortController();
      const r = start({ signal: c.signal });
      c.abort();
      const s = await r.state();
      assert.ok(s?.error instanceof Aborted);
      assert.equal(r.socket.destroyed, 1);
    });

    it('after the answer, an abort changes nothing', async () => {
      const c = new AbortController();
      const r = start({ signal: c.signal });
      r.socket.send('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      assert.deepStrictEqual(await r.result(), answer(200, 'OK', { 'content-length': '0' }, ''));
      c.abort();
      assert.equal(r.socket.destroyed, 1);
    });
  });
});
