/**
 * One connection as an engine's http.Transport makes it (server/src/core/probe/connect.ts): the
 * TCP dial with its deadline and the TLS handshake with its own, against servers on 127.0.0.1
 * and ::1 started here (node:tls servers with certificates made at test time, and raw TCP
 * servers that answer a ClientHello with chosen bytes). The expected failures are Go's words:
 * net's "dial tcp ADDR: connect: connection refused" / "dial tcp ADDR: i/o timeout" (OpError,
 * IPv6 in brackets), "read tcp LOCAL->REMOTE: read: connection reset by peer", crypto/tls's
 * io.EOF / io.ErrUnexpectedEOF and "remote error: tls: <alert>", net/http's
 * "net/http: TLS handshake timeout" and ErrSchemeMismatch.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Aborted, dial, tlsHandshake } from '../../server/src/core/probe/connect';
import { alertInOpenSslMessage } from '../../server/src/core/probe/goErrors';
import { closedPort, makeProbePki, ProbePki, startSilentServer, startTlsServer } from '../helpers/probeServers';
import { pkcs8Pem, serverCert, TestCert } from '../helpers/pki';

interface RawServer {
  port: number;
  /** The server side of each connection, in order. */
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** A TCP server that runs `onHello` with the first bytes the client sends (its ClientHello). */
async function rawServer(onHello: (s: net.Socket, hello: Buffer) => void, host = '127.0.0.1'): Promise<RawServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.once('data', (b) => onHello(s, b));
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const closed = (s: net.Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the event loop busy past a timer's deadline, so that it fires before any I/O is read. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

async function connected(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  const d = await dial({ host, port }, 5000);
  if (!d.ok) throw new Error(d.error);
  return d.socket;
}

const EARLY = { complete: false, problem: 'the server flight ended early' };

describe('probe: the TCP dial and the TLS handshake (connect.ts)', function () {
  this.timeout(30_000);
  let pki: ProbePki;
  let leaf: TestCert;
  before(async () => {
    pki = await makeProbePki();
    leaf = await serverCert(pki.intermediate, 'reg.probe.test', { key: pki.serverKey });
  });

  describe('dial', () => {
    it('connects, and leaves the socket alone once connected (no later timeout, no later abort)', async () => {
      const server = await startSilentServer();
      try {
        const ac = new AbortController();
        const d = await dial({ host: '127.0.0.1', port: server.port }, 50, ac.signal);
        assert.equal(d.ok, true);
        if (!d.ok) return;
        assert.equal(d.socket.remotePort, server.port);
        assert.equal(d.socket.remoteAddress, '127.0.0.1');
        assert.equal(typeof d.millis, 'number');
        assert.ok(d.millis >= 0 && d.millis < 5000, String(d.millis));
        await wait(120);
        ac.abort();
        assert.equal(d.socket.destroyed, false);
        d.socket.destroy();
      } finally {
        await server.close();
      }
    });

    it('a closed port: "dial tcp ADDR: connect: connection refused", IPv6 in brackets', async () => {
      const port = await closedPort();
      assert.deepStrictEqual(await dial({ host: '127.0.0.1', port }, 5000), { ok: false, error: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
      assert.deepStrictEqual(await dial({ host: '::1', port }, 5000), { ok: false, error: `dial tcp [::1]:${port}: connect: connection refused` });
    });

    it('the deadline passing first: "dial tcp ADDR: i/o timeout", IPv6 in brackets', async () => {
      for (const host of ['127.0.0.1', '::1']) {
        const server = await rawServer(() => undefined, host);
        try {
          // Dialled from the loop's check phase: the connect goes out on the next tick, after which the
          // loop is kept busy past the 1 ms deadline, so the timers phase comes before the poll that
          // would see the connection made.
          const { pending } = await new Promise<{ pending: ReturnType<typeof dial> }>((resolve) =>
            setImmediate(() => {
              const p = dial({ host, port: server.port }, 1);
              process.nextTick(() => busy(20));
              resolve({ pending: p });
            }),
          );
          const addr = host.includes(':') ? `[${host}]:${server.port}` : `${host}:${server.port}`;
          assert.deepStrictEqual(await pending, { ok: false, error: `dial tcp ${addr}: i/o timeout` });
        } finally {
          await server.close();
        }
      }
    });

    it('refuses to start when already cancelled, and stops when cancelled while connecting', async () => {
      const server = await rawServer(() => undefined);
      try {
        const ac = new AbortController();
        ac.abort();
        await assert.rejects(dial({ host: '127.0.0.1', port: server.port }, 5000, ac.signal), (e: unknown) => e instanceof Aborted && e.message === 'the probe was cancelled');
        const ac2 = new AbortController();
        const pending = dial({ host: '127.0.0.1', port: server.port }, 5000, ac2.signal);
        ac2.abort();
        await assert.rejects(pending, Aborted);
      } finally {
        await server.close();
      }
    });
  });

  describe('tlsHandshake', () => {
    it('TLS 1.3: the flight as sent, node\'s protocol and suite, the bytes received, no late error', async () => {
      const server = await startTlsServer({ chain: [leaf, pki.intermediate], key: pki.serverKey });
      try {
        const socket = await connected(server.port);
        const ac = new AbortController();
        const r = await tlsHandshake({ socket, servername: 'reg.probe.test', timeoutMs: 100, signal: ac.signal });
        assert.equal(r.ok, true);
        if (!r.ok) return;
        assert.deepStrictEqual(r.flight, { version: 0x0304, cipherSuite: 0x1302, certificates: [leaf.der, pki.intermediate.der], complete: true });
        assert.equal(r.protocol, 'TLSv1.3');
        assert.equal(r.cipher, 'TLS_AES_256_GCM_SHA384');
        assert.deepStrictEqual(r.received().subarray(0, 3), Buffer.from([22, 3, 3]));
        assert.equal(r.lateError(), undefined);
        assert.ok(r.millis >= 0 && r.millis < 5000, String(r.millis));
        // Neither the handshake deadline nor a cancel touches a connection that is up.
        await wait(200);
        ac.abort();
        assert.equal(r.socket.destroyed, false);
        r.socket.destroy();
      } finally {
        await server.close();
      }
    });

    it('TLS 1.2: the suite by its standard name and the version of the ServerHello', async () => {
      const server = await startTlsServer({ chain: [leaf], key: pki.serverKey, maxVersion: 'TLSv1.2' });
      try {
        const r = await tlsHandshake({ socket: await connected(server.port), servername: 'reg.probe.test', timeoutMs: 5000 });
        assert.equal(r.ok, true);
        if (!r.ok) return;
        assert.deepStrictEqual(r.flight, { version: 0x0303, cipherSuite: 0xc02b, certificates: [leaf.der], complete: true });
        assert.equal(r.protocol, 'TLSv1.2');
        assert.equal(r.cipher, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
        r.socket.destroy();
      } finally {
        await server.close();
      }
    });

    it('sends the SNI it is given and none without, and the client pair it is given', async () => {
      const seen: { servername: string | false | null; peer: Buffer | undefined }[] = [];
      let arrived = () => undefined as void;
      const server = tls.createServer({ key: pkcs8Pem(pki.serverKey), cert: leaf.pem, requestCert: true, rejectUnauthorized: false }, (s) => {
        const peer = s.getPeerCertificate();
        seen.push({ servername: s.servername, peer: peer && peer.raw ? peer.raw : undefined });
        s.destroy();
        arrived();
      });
      server.on('tlsClientError', () => undefined);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as net.AddressInfo).port;
      try {
        for (const o of [{ servername: 'reg.probe.test' }, { servername: undefined, client: { certPem: pki.clientGood.pem, keyPem: pkcs8Pem(pki.clientGood.key) } }]) {
          const there = new Promise<void>((r) => (arrived = r));
          const r = await tlsHandshake({ socket: await connected(port), timeoutMs: 5000, ...o });
          assert.equal(r.ok, true);
          await there;
          if (r.ok) r.socket.destroy();
        }
        assert.deepStrictEqual(seen, [
          { servername: 'reg.probe.test', peer: undefined },
          { servername: false, peer: pki.clientGood.der },
        ]);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('a server that never answers: "net/http: TLS handshake timeout", and the connection is closed', async () => {
      const server = await rawServer(() => undefined);
      try {
        const socket = await connected(server.port);
        assert.deepStrictEqual(await tlsHandshake({ socket, timeoutMs: 200 }), { ok: false, error: 'net/http: TLS handshake timeout', flight: EARLY });
        await closed(server.sockets[0]);
        assert.equal(socket.destroyed, true);
      } finally {
        await server.close();
      }
    });

    const answers: [string, (s: net.Socket) => void, string, object][] = [
      ['a close after the ClientHello: EOF', (s) => s.end(), 'EOF', EARLY],
      ['a close inside a record: unexpected EOF', (s) => s.end(Buffer.from([22, 3, 3, 0, 10, 2, 0])), 'unexpected EOF', EARLY],
      ['a plain HTTP answer: the scheme mismatch', (s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'), 'http: server gave HTTP response to HTTPS client', EARLY],
      ['an SSH banner: not TLS', (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'), 'tls: first record does not look like a TLS handshake', EARLY],
      ['an alert in the clear', (s) => s.end(Buffer.from([21, 3, 3, 0, 2, 2, 40])), 'remote error: tls: handshake failure', { complete: false, alert: 40 }],
      ['an alert of a number Go has no text for', (s) => s.end(Buffer.from([21, 3, 3, 0, 2, 2, 41])), 'remote error: tls: alert(41)', { complete: false, alert: 41 }],
    ];
    for (const [name, answer, error, flight] of answers) {
      it(`${name}: "${error}"`, async () => {
        const server = await rawServer((s) => answer(s));
        try {
          assert.deepStrictEqual(await tlsHandshake({ socket: await connected(server.port), timeoutMs: 5000 }), { ok: false, error, flight });
        } finally {
          await server.close();
        }
      });
    }

    it('a reset: "read tcp LOCAL->REMOTE: read: connection reset by peer", with both addresses (IPv4 and IPv6)', async () => {
      for (const host of ['127.0.0.1', '::1']) {
        const server = await rawServer((s) => s.resetAndDestroy(), host);
        try {
          const socket = await connected(server.port, host);
          const local = host.includes(':') ? `[${socket.localAddress}]:${socket.localPort}` : `${socket.localAddress}:${socket.localPort}`;
          const remote = host.includes(':') ? `[::1]:${server.port}` : `127.0.0.1:${server.port}`;
          assert.deepStrictEqual(await tlsHandshake({ socket, timeoutMs: 5000 }), { ok: false, error: `read tcp ${local}->${remote}: read: connection reset by peer`, flight: EARLY });
        } finally {
          await server.close();
        }
      }
    });

    it("an alert that came after the flight, read from OpenSSL's message (TLS 1.2, a client certificate required and none sent)", async () => {
      const server = await startTlsServer({ chain: [leaf], key: pki.serverKey, maxVersion: 'TLSv1.2', clientCas: [pki.clientCa], clientAuth: 'require' });
      try {
        const r = await tlsHandshake({ socket: await connected(server.port), servername: 'reg.probe.test', timeoutMs: 5000 });
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.equal(r.error, 'remote error: tls: handshake failure');
        assert.equal(r.unmodelled, undefined);
        assert.deepStrictEqual([r.flight.version, r.flight.complete, r.flight.alert, r.flight.certificates], [0x0303, true, undefined, [leaf.der]]);
        assert.deepStrictEqual(r.flight.certificateRequest?.certificateAuthorities.length, 1);
      } finally {
        await server.close();
      }
    });

    it('TLS 1.3, a client certificate required and none sent: the handshake is up, the alert comes as a late error', async () => {
      const server = await startTlsServer({ chain: [leaf], key: pki.serverKey, clientCas: [pki.clientCa], clientAuth: 'require' });
      try {
        const r = await tlsHandshake({ socket: await connected(server.port), servername: 'reg.probe.test', timeoutMs: 5000 });
        assert.equal(r.ok, true);
        if (!r.ok) return;
        r.socket.resume();
        for (let i = 0; i < 100 && !r.lateError(); i++) await wait(20);
        const late = r.lateError();
        r.socket.destroy();
        assert.ok(late instanceof Error);
        assert.equal(alertInOpenSslMessage(late.message), 116);
      } finally {
        await server.close();
      }
    });

    it('what node refuses for reasons of its own is said to be unmodelled, with its code', async () => {
      // A ServerHello choosing TLS_RSA_WITH_RC4_128_SHA (0x0005), which node did not offer.
      const hello = Buffer.concat([Buffer.from([2, 0, 0, 0x26, 3, 3]), Buffer.alloc(32, 1), Buffer.from([0, 0x00, 0x05, 0])]);
      const server = await rawServer((s) => s.write(Buffer.concat([Buffer.from([22, 3, 3, 0, hello.length]), hello])));
      try {
        assert.deepStrictEqual(await tlsHandshake({ socket: await connected(server.port), timeoutMs: 5000 }), {
          ok: false,
          error: 'certsd: the TLS handshake failed in node:tls (ERR_SSL_UNKNOWN_CIPHER_RETURNED)',
          flight: { complete: false, version: 0x0303, cipherSuite: 5, problem: 'the server flight ended early' },
          unmodelled: 'node:tls refused the handshake where Go may not',
        });
        await closed(server.sockets[0]);
      } finally {
        await server.close();
      }
    });

    it('refuses to start when already cancelled (closing the socket), and stops when cancelled mid-handshake', async () => {
      const server = await rawServer(() => undefined);
      try {
        const ac = new AbortController();
        ac.abort();
        const socket = await connected(server.port);
        await assert.rejects(tlsHandshake({ socket, timeoutMs: 5000, signal: ac.signal }), Aborted);
        assert.equal(socket.destroyed, true);
        const ac2 = new AbortController();
        const started = Date.now();
        const pending = tlsHandshake({ socket: await connected(server.port), timeoutMs: 5000, signal: ac2.signal });
        setTimeout(() => ac2.abort(), 50);
        await assert.rejects(pending, Aborted);
        assert.ok(Date.now() - started < 2000);
        await closed(server.sockets[1]);
      } finally {
        await server.close();
      }
    });
  });
});
