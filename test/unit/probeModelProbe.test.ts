/**
 * `certsd probe` end to end in-process (server/src/core/probe/probe.ts) against servers on
 * 127.0.0.1 started here, which record what they were sent: the URL and Host header as net/http
 * writes them (the port only when it is not the scheme's default, IPv6 in brackets), the SNI as
 * Go's hostnameInSNI sends it (none for an IP address), Go's words for what went wrong
 * ("GET URL: 404 Not Found", x509's expiry text at the injected time), the plain-HTTP fallbacks
 * (Docker's for an insecure loopback registry, containerd's for localhost), which endpoint decides
 * the verdict, the engine's label, and the parsing of --connect-to and the meaning of a status.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { findRelease } from '../../server/src/core/engines/releases';
import { meaningOf, parseConnectTo, probe, ProbeOptions, ProbeUsageError } from '../../server/src/core/probe/probe';
import { Engine } from '../../server/src/core/tree';
import { closedPort, makeProbePki, ProbePki, startSilentServer } from '../helpers/probeServers';
import { ecKey, pkcs8Pem, selfSignedCa, serverCert, TestCert } from '../helpers/pki';

interface Seen {
  method?: string;
  url?: string;
  host?: string;
  servername?: string | false | null;
}

interface Recording {
  port: number;
  seen: Seen[];
  /** The SNI of each TLS handshake the server completed. */
  sni: (string | false | null)[];
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

type Answer = { status: number; statusText?: string; headers?: Record<string, string>; body?: string };
const REGISTRY_401: Answer = { status: 401, headers: { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Content-Type': 'application/json' }, body: '{"errors":[{"code":"UNAUTHORIZED"}]}\n' };

function serve(server: http.Server | https.Server, answer: Answer, seen: Seen[]): Promise<Recording> {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const s = req.socket as tls.TLSSocket;
    seen.push({ method: req.method, url: req.url, host: req.headers.host, ...('encrypted' in s && s.encrypted ? { servername: s.servername } : {}) });
    if (answer.statusText !== undefined) res.writeHead(answer.status, answer.statusText, answer.headers ?? {});
    else res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  server.on('tlsClientError', () => undefined);
  const sni: (string | false | null)[] = [];
  server.on('secureConnection', (s: tls.TLSSocket) => sni.push(s.servername));
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        seen,
        sni,
        open: () => sockets.size,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

const httpsServer = (chain: TestCert[], key: ProbePki['serverKey'], answer: Answer) => serve(https.createServer({ key: pkcs8Pem(key), cert: chain.map((c) => c.pem).join('') }), answer, []);
const httpServer = (answer: Answer) => serve(http.createServer(), answer, []);

interface World {
  base: string;
  root: string;
  env: NodeJS.ProcessEnv;
}

function world(): World {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-probe-model-'));
  const root = path.join(base, 'certs.d');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(base, 'system.pem'), '');
  fs.mkdirSync(path.join(base, 'system.d'));
  return { base, root, env: { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'system.d') } };
}

function options(w: World, engine: Engine, release: string, host: string, port: number, more: Partial<ProbeOptions> = {}): ProbeOptions {
  return { host, engine, release: findRelease(engine, release)!, roots: [w.root], connectTo: `127.0.0.1:${port}`, env: w.env, timeoutMs: 5000, ...more };
}

const MEANING_401 = 'a registry answered (it wants a login, which is normal)';

describe('probe: one probe end to end, with servers that record what they were sent (probe.ts)', function () {
  this.timeout(60_000);
  let w: World;
  let pki: ProbePki;
  before(async () => {
    w = world();
    pki = await makeProbePki();
  });
  after(() => fs.rmSync(w.base, { recursive: true, force: true }));

  function folder(name: string, files: Record<string, string>): void {
    const dir = path.join(w.root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), c);
  }

  describe('--connect-to and the meaning of a status', () => {
    it('parses ADDR:PORT and [v6]:PORT, ports 1 to 65535', () => {
      assert.deepStrictEqual(parseConnectTo('127.0.0.1:5443'), { host: '127.0.0.1', port: 5443 });
      assert.deepStrictEqual(parseConnectTo('[::1]:1'), { host: '::1', port: 1 });
      assert.deepStrictEqual(parseConnectTo('reg.internal:65535'), { host: 'reg.internal', port: 65535 });
    });

    it('refuses anything else, saying what it wants', () => {
      for (const s of ['nowhere', 'x[::1]:5000', '127.0.0.1:0', '127.0.0.1:65536', '::1:5000', '[::1]', '127.0.0.1:', ':5000', '127.0.0.1:5000x', 'x127.0.0.1:5000]']) {
        assert.throws(
          () => parseConnectTo(s),
          (e: unknown) => e instanceof ProbeUsageError && e.message === `--connect-to must be ADDR:PORT (e.g. 127.0.0.1:5443), not "${s}"`,
          s,
        );
      }
    });

    it('says what a status means for a registry', () => {
      const a = (status: number, statusText: string, body = '') => meaningOf({ status, statusText, headers: {}, body } as Parameters<typeof meaningOf>[0]);
      assert.equal(a(200, 'OK'), 'a registry answered (no login needed for /v2/)');
      assert.equal(a(401, 'Unauthorized'), MEANING_401);
      assert.equal(a(400, 'Bad Request', '<center>No required SSL certificate was sent</center>'), 'nginx: no client certificate was sent');
      assert.equal(a(400, 'Bad Request', '<center>The SSL certificate error</center>'), 'nginx: the client certificate was refused');
      assert.equal(a(400, 'Bad Request', 'bad'), 'the server answered 400 Bad Request');
      assert.equal(a(404, 'Not Found'), 'something answered, but it does not serve the registry API at /v2/');
      assert.equal(a(500, ''), 'the server answered 500');
      assert.equal(a(403, 'No required SSL certificate was sent', 'No required SSL certificate was sent'), 'the server answered 403 No required SSL certificate was sent');
      assert.equal(a(403, 'Forbidden', 'The SSL certificate error'), 'the server answered 403 Forbidden');
    });
  });

  describe('what is sent', () => {
    it('a name on the default port: URL and Host without the port, the SNI, the address connected to, the answer', async () => {
      folder('reg.probe.test', { 'ca.crt': pki.root.pem });
      const server = await httpsServer([await serverCert(pki.intermediate, 'reg.probe.test', { key: pki.serverKey }), pki.intermediate], pki.serverKey, REGISTRY_401);
      try {
        const r = await probe(options(w, 'podman', '6', 'reg.probe.test', server.port));
        assert.deepStrictEqual([r.ok, r.error, r.engine, r.host], [true, null, 'podman@6', 'reg.probe.test']);
        assert.deepStrictEqual(server.seen, [{ method: 'GET', url: '/v2/', host: 'reg.probe.test', servername: 'reg.probe.test' }]);
        const e = r.endpoints[0];
        assert.deepStrictEqual([e.url, e.role, e.address, e.ok, e.error], ['https://reg.probe.test/v2/', 'registry', `127.0.0.1:${server.port}`, true, null]);
        assert.deepStrictEqual(r.http, { status: 401, statusText: 'Unauthorized', apiVersion: 'registry/2.0', meaning: MEANING_401 });
        assert.deepStrictEqual([r.tls!.version, r.tls!.cipher, r.tls!.serverName, r.tls!.verified, r.tls!.skipVerify, r.tls!.clientCertificateRequested, r.tls!.unmodelled], ['TLS 1.3', 'TLS_AES_256_GCM_SHA384', 'reg.probe.test', true, false, false, []]);
        assert.equal(r.tls, e.tls);
        assert.ok(r.millis >= 0 && r.millis < 30_000, String(r.millis));
        assert.ok(e.millis >= 0 && e.millis <= r.millis, `${e.millis} ${r.millis}`);
        assert.deepStrictEqual([e.clientCertificate, e.clientCertificatesPassedOver, e.notes, r.tls!.acceptableCAs], [null, [], [], []]);
        assert.deepStrictEqual(r.folder, { path: path.join(w.root, 'reg.probe.test'), tried: [path.join(w.root, 'reg.probe.test')], read: true });
        assert.deepStrictEqual(r.systemRoots, { file: path.join(w.base, 'system.pem'), directories: [path.join(w.base, 'system.d')], certificates: 0 });
      } finally {
        await server.close();
      }
    });

    it('a name with a port, an IPv4 and an IPv6 address: the port in URL and Host, brackets, no SNI for addresses', async () => {
      const cases: [string, string, string][] = [
        ['reg.probe.test:5000', 'reg.probe.test', 'reg.probe.test:5000'],
        ['192.0.2.10:5000', '192.0.2.10', '192.0.2.10:5000'],
        ['[2001:db8::10]:5000', '2001:db8::10', '[2001:db8::10]:5000'],
      ];
      for (const [host, name, hostHeader] of cases) {
        folder(host, { 'ca.crt': pki.root.pem });
        const server = await httpsServer([await serverCert(pki.intermediate, name, { key: pki.serverKey }), pki.intermediate], pki.serverKey, { status: 200, statusText: 'OK' });
        try {
          const r = await probe(options(w, 'podman', '6', host, server.port));
          assert.deepStrictEqual([r.ok, r.error], [true, null], host);
          const ip = net.isIP(name) !== 0;
          assert.deepStrictEqual(server.seen, [{ method: 'GET', url: '/v2/', host: hostHeader, servername: ip ? false : name }], host);
          assert.equal(r.endpoints[0].url, `https://${hostHeader}/v2/`);
          assert.equal(r.tls!.serverName, ip ? null : name);
          assert.deepStrictEqual(r.http, { status: 200, statusText: 'OK', meaning: 'a registry answered (no login needed for /v2/)' });
        } finally {
          await server.close();
        }
      }
    });

    it('without --connect-to it dials the registry itself; an address gets no SNI', async () => {
      const leaf = await serverCert(pki.intermediate, '127.0.0.1', { key: pki.serverKey });
      const server = await httpsServer([leaf, pki.intermediate], pki.serverKey, REGISTRY_401);
      try {
        const host = `127.0.0.1:${server.port}`;
        folder(host, { 'ca.crt': pki.root.pem });
        const r = await probe(options(w, 'podman', '6', host, server.port, { connectTo: undefined }));
        assert.deepStrictEqual([r.ok, r.error, r.endpoints[0].address, r.tls!.serverName], [true, null, host, null]);
        assert.deepStrictEqual(server.seen, [{ method: 'GET', url: '/v2/', host, servername: false }]);
      } finally {
        await server.close();
      }
    });

    it("drops a name's trailing dots from the SNI, as Go's hostnameInSNI does", async () => {
      const server = await httpsServer([await serverCert(pki.intermediate, 'dots.probe.test', { key: pki.serverKey }), pki.intermediate], pki.serverKey, REGISTRY_401);
      try {
        await probe(options(w, 'podman', '6', 'dots.probe.test..', server.port));
        // The probe is done once its own end of the handshake is; the server's may come a moment later.
        for (let i = 0; i < 50 && server.sni.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
        assert.deepStrictEqual(server.sni, ['dots.probe.test']);
      } finally {
        await server.close();
      }
    });

    it('TLS 1.2; the IPv6 address connected to in brackets; an EOF before any ServerHello leaves no TLS part', async () => {
      folder('tls12.probe.test', { 'ca.crt': pki.root.pem });
      const leaf = await serverCert(pki.intermediate, 'tls12.probe.test', { key: pki.serverKey });
      const server = await serve(https.createServer({ key: pkcs8Pem(pki.serverKey), cert: leaf.pem + pki.intermediate.pem, maxVersion: 'TLSv1.2' }), REGISTRY_401, []);
      try {
        const r = await probe(options(w, 'podman', '6', 'tls12.probe.test', server.port));
        assert.deepStrictEqual([r.ok, r.tls!.version, r.tls!.cipher], [true, 'TLS 1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256']);
      } finally {
        await server.close();
      }
      const v6 = net.createServer((s) => s.resume().end());
      await new Promise<void>((r) => v6.listen(0, '::1', () => r()));
      const port = (v6.address() as net.AddressInfo).port;
      try {
        const r = await probe(options(w, 'podman', '6', 'tls12.probe.test', port, { connectTo: `[::1]:${port}` }));
        assert.deepStrictEqual([r.ok, r.error, r.endpoints[0].address, r.tls], [false, 'EOF', `[::1]:${port}`, null]);
      } finally {
        await new Promise<void>((r) => v6.close(() => r()));
      }
    });
  });

  describe("the server's answer and Go's words for it", () => {
    it('a status other than 200 and 401 fails with "GET URL: STATUS TEXT"', async () => {
      folder('status.probe.test', { 'ca.crt': pki.root.pem });
      const chain = [await serverCert(pki.intermediate, 'status.probe.test', { key: pki.serverKey }), pki.intermediate];
      const cases: [Answer, string, object][] = [
        [{ status: 404, statusText: 'Not Found' }, 'GET https://status.probe.test/v2/: 404 Not Found', { status: 404, statusText: 'Not Found', meaning: 'something answered, but it does not serve the registry API at /v2/' }],
        [{ status: 500, statusText: '', headers: { 'Docker-Distribution-Api-Version': 'registry/2.0' } }, 'GET https://status.probe.test/v2/: 500', { status: 500, statusText: '', apiVersion: 'registry/2.0', meaning: 'the server answered 500' }],
      ];
      for (const [answer, error, httpReport] of cases) {
        const server = await httpsServer(chain, pki.serverKey, answer);
        try {
          const r = await probe(options(w, 'podman', '6', 'status.probe.test', server.port));
          assert.deepStrictEqual([r.ok, r.error, r.endpoints[0].ok, r.endpoints[0].error], [false, error, false, error]);
          assert.deepStrictEqual(r.http, httpReport);
          assert.equal(r.tls!.verified, true);
        } finally {
          await server.close();
        }
      }
    });

    it('checks the dates at the time it is given', async () => {
      const root = await selfSignedCa({ commonName: 'Dated Root CA', key: ecKey('P-256', 21), notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') });
      folder('dated.probe.test', { 'ca.crt': root.pem });
      const leaf = await serverCert(root, 'dated.probe.test', { key: pki.serverKey, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-06-30T12:00:00Z') });
      const server = await httpsServer([leaf], pki.serverKey, REGISTRY_401);
      try {
        const late = await probe(options(w, 'podman', '6', 'dated.probe.test', server.port, { now: () => new Date('2026-07-01T08:30:00Z') }));
        assert.deepStrictEqual(
          [late.ok, late.error, server.seen.length],
          [false, 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-07-01T08:30:00Z is after 2026-06-30T12:00:00Z', 0],
        );
        // The connection is closed at once when the chain fails, as Go's client closes it.
        for (let i = 0; i < 50 && server.open() > 0; i++) await new Promise((res) => setTimeout(res, 20));
        assert.equal(server.open(), 0);
        const early = await probe(options(w, 'podman', '6', 'dated.probe.test', server.port, { now: () => new Date('2025-12-31T23:59:59Z') }));
        assert.equal(early.error, 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-12-31T23:59:59Z is before 2026-01-01T00:00:00Z');
        const inside = await probe(options(w, 'podman', '6', 'dated.probe.test', server.port, { now: () => new Date('2026-03-01T00:00:00Z') }));
        assert.deepStrictEqual([inside.ok, inside.error], [true, null]);
      } finally {
        await server.close();
      }
    });

    it('a handshake node refuses keeps the TLS version it saw and says what is unmodelled', async () => {
      const hello = Buffer.concat([Buffer.from([2, 0, 0, 0x26, 3, 3]), Buffer.alloc(32, 1), Buffer.from([0, 0x00, 0x05, 0])]);
      const raw = net.createServer((s) => {
        s.on('error', () => undefined);
        s.once('data', () => s.write(Buffer.concat([Buffer.from([22, 3, 3, 0, hello.length]), hello])));
      });
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
      const port = (raw.address() as net.AddressInfo).port;
      try {
        const r = await probe(options(w, 'podman', '6', 'odd.probe.test', port));
        assert.deepStrictEqual([r.ok, r.error], [false, 'certsd: the TLS handshake failed in node:tls (ERR_SSL_UNKNOWN_CIPHER_RETURNED)']);
        assert.deepStrictEqual([r.tls!.version, r.tls!.cipher, r.tls!.chain, r.tls!.verified, r.tls!.anchor, r.tls!.unmodelled], ['TLS 1.2', null, [], false, null, ['node:tls refused the handshake where Go may not']]);
        assert.ok(r.endpoints[0].millis >= 0 && r.endpoints[0].millis < 30_000, String(r.endpoints[0].millis));
        assert.deepStrictEqual(r.http, { status: null });
      } finally {
        await new Promise<void>((r) => raw.close(() => r()));
      }
    });
  });

  describe('connections that fail', () => {
    it('a refused dial: the dial error, no TLS part, no answer', async () => {
      const port = await closedPort();
      const r = await probe(options(w, 'podman', '6', 'refused.probe.test', port));
      const error = `dial tcp 127.0.0.1:${port}: connect: connection refused`;
      assert.deepStrictEqual([r.ok, r.error, r.tls, r.http, r.clientCertificate], [false, error, null, { status: null }, null]);
      const e = r.endpoints[0];
      assert.deepStrictEqual([e.ok, e.error, e.tls, e.http, e.address], [false, error, null, { status: null }, `127.0.0.1:${port}`]);
      assert.ok(e.millis >= 0 && e.millis < 30_000, String(e.millis));
    });

    it("containerd's localhost: a TLS handshake timeout also sends it to plain HTTP", async () => {
      const silent = await startSilentServer();
      try {
        const r = await probe(options(w, 'containerd', '2', `localhost:${silent.port}`, silent.port, { timeoutMs: 300 }));
        const e = r.endpoints[0];
        assert.deepStrictEqual(e.notes.slice(-1), ['HTTPS failed (net/http: TLS handshake timeout); containerd retried over plain HTTP']);
        assert.deepStrictEqual([r.ok, e.tls, e.http.plainHttp, r.error === e.error, typeof e.error], [false, null, true, true, 'string']);
        assert.ok(e.millis >= 0 && e.millis < 30_000, String(e.millis));
      } finally {
        await silent.close();
      }
    });
  });

  describe('alerts and refused fallbacks', () => {
    async function alertAfterHello(): Promise<{ port: number; close(): Promise<void> }> {
      const hello = Buffer.concat([Buffer.from([2, 0, 0, 0x26, 3, 3]), Buffer.alloc(32, 1), Buffer.from([0, 0xc0, 0x2b, 0])]);
      const raw = net.createServer((s) => {
        s.on('error', () => undefined);
        s.once('data', () => s.end(Buffer.concat([Buffer.from([22, 3, 3, 0, hello.length]), hello, Buffer.from([21, 3, 3, 0, 2, 2, 40])])));
      });
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
      return { port: (raw.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => raw.close(() => r())) };
    }

    it("an alert after the ServerHello: Go's remote error, the TLS part kept with nothing unmodelled", async () => {
      const server = await alertAfterHello();
      try {
        const r = await probe(options(w, 'podman', '6', 'alert.probe.test', server.port));
        assert.deepStrictEqual([r.ok, r.error, r.tls!.version, r.tls!.unmodelled], [false, 'remote error: tls: handshake failure', 'TLS 1.2', []]);
      } finally {
        await server.close();
      }
    });

    it("containerd's localhost falls back to plain HTTP only after a scheme mismatch or a handshake timeout, not after an alert", async () => {
      const server = await alertAfterHello();
      try {
        const r = await probe(options(w, 'containerd', '2', `localhost:${server.port}`, server.port));
        assert.deepStrictEqual([r.ok, r.error, r.endpoints[0].http.plainHttp, r.endpoints[0].notes.some((n) => n.startsWith('HTTPS failed'))], [false, 'remote error: tls: handshake failure', undefined, false]);
      } finally {
        await server.close();
      }
    });

    it("Docker's fallback whose dial is refused says so", async () => {
      const port = await closedPort();
      const r = await probe(options(w, 'docker', '29', `localhost:${port}`, port, { dockerStore: { store: 'graphdriver', assumed: false } }));
      const error = `dial tcp 127.0.0.1:${port}: connect: connection refused`;
      assert.deepStrictEqual(
        r.endpoints.map((e) => [e.role, e.ok, e.error, e.http]),
        [
          ['registry', false, error, { status: null }],
          ['fallback', false, error, { status: null, plainHttp: true }],
        ],
      );
      assert.deepStrictEqual([r.ok, r.error], [false, error]);
    });
  });

  describe('plain HTTP fallbacks and the endpoint that decides', () => {
    it("Docker's insecure loopback registry: HTTPS fails, the fallback over HTTP answers and decides", async () => {
      const server = await httpServer({ status: 200, statusText: 'OK', headers: { 'Docker-Distribution-Api-Version': 'registry/2.0' } });
      try {
        const host = `localhost:${server.port}`;
        const r = await probe(options(w, 'docker', '29', host, server.port, { dockerStore: { store: 'graphdriver', assumed: false } }));
        assert.deepStrictEqual([r.ok, r.error, r.engine, r.tls], [true, null, 'docker@29 (graph drivers)', null]);
        assert.deepStrictEqual(r.http, { status: 200, statusText: 'OK', apiVersion: 'registry/2.0', meaning: 'a registry answered (no login needed for /v2/)', plainHttp: true });
        assert.deepStrictEqual(
          r.endpoints.map((e) => [e.url, e.role, e.ok, e.error, e.tls, e.http.plainHttp]),
          [
            [`https://${host}/v2/`, 'registry', false, 'http: server gave HTTP response to HTTPS client', null, undefined],
            [`http://${host}/v2/`, 'fallback', true, null, null, true],
          ],
        );
        assert.deepStrictEqual(server.seen, [{ method: 'GET', url: '/v2/', host }]);
      } finally {
        await server.close();
      }
    });

    it("Docker without a known store: the label is the release alone; each endpoint's notes; the folder not read", async () => {
      const server = await httpServer({ status: 200, statusText: 'OK' });
      try {
        const host = `localhost:${server.port}`;
        const r = await probe(options(w, 'docker', '29', host, server.port));
        assert.deepStrictEqual([r.ok, r.engine], [true, 'docker@29']);
        assert.deepStrictEqual(r.folder, { path: null, tried: [], read: false, skipped: 'loopback' });
        assert.deepStrictEqual(
          r.endpoints.map((e) => e.notes),
          [['Docker treats localhost as an insecure registry: it does not verify the certificate and never reads certs.d for it'], ['Docker tries plain HTTP when HTTPS fails']],
        );
      } finally {
        await server.close();
      }
    });

    it('a folder the engine refuses: no endpoint, no TLS part, no answer; a bad --connect-to is refused even then', async () => {
      folder('refused-model.probe.test', { 'client.cert': pki.clientGood.pem });
      const r = await probe(options(w, 'podman', '6', 'refused-model.probe.test', 9));
      assert.deepStrictEqual([r.ok, r.endpoints, r.tls, r.http, r.clientCertificate], [false, [], null, { status: null }, null]);
      await assert.rejects(probe(options(w, 'podman', '6', 'refused-model.probe.test', 9, { connectTo: 'nowhere' })), ProbeUsageError);
    });

    it("Docker's fallback failing too: the registry endpoint's error decides", async () => {
      const server = await httpServer({ status: 404, statusText: 'Not Found' });
      try {
        const host = `127.0.0.1:${server.port}`;
        const r = await probe(options(w, 'docker', '29', host, server.port, { dockerStore: { store: 'graphdriver', assumed: true } }));
        assert.deepStrictEqual([r.ok, r.error, r.engine], [false, 'http: server gave HTTP response to HTTPS client', 'docker@29 (graph drivers, assumed)']);
        assert.deepStrictEqual(r.http, { status: null });
        assert.deepStrictEqual(
          r.endpoints.map((e) => [e.role, e.ok, e.error]),
          [
            ['registry', false, 'http: server gave HTTP response to HTTPS client'],
            ['fallback', false, `GET http://${host}/v2/: 404 Not Found`],
          ],
        );
      } finally {
        await server.close();
      }
    });

    it("containerd's localhost on a port: HTTPS first, then plain HTTP after the scheme mismatch, with a note", async () => {
      const server = await httpServer(REGISTRY_401);
      try {
        const host = `localhost:${server.port}`;
        for (const [engine, release, store, label] of [
          ['containerd', '2', undefined, 'containerd@2'],
          ['docker', '29', 'containerd', 'docker@29 (containerd image store)'],
        ] as const) {
          server.seen.length = 0;
          const r = await probe(options(w, engine, release, host, server.port, store ? { dockerStore: { store, assumed: false } } : {}));
          assert.deepStrictEqual([r.ok, r.error, r.engine, r.tls], [true, null, label, null]);
          assert.deepStrictEqual(r.http, { status: 401, statusText: 'Unauthorized', apiVersion: 'registry/2.0', meaning: MEANING_401, plainHttp: true });
          assert.equal(r.endpoints.length, 1);
          assert.deepStrictEqual(r.endpoints[0].notes.slice(-1), ['HTTPS failed (http: server gave HTTP response to HTTPS client); containerd retried over plain HTTP']);
          assert.equal(r.endpoints[0].url, `https://${host}/v2/`);
          assert.deepStrictEqual(server.seen, [{ method: 'GET', url: '/v2/', host }]);
        }
      } finally {
        await server.close();
      }
    });

    it('containerd hosts.toml: the first endpoint that fails decides (a mirror too); when all answer, the registry decides', async () => {
      folder('mirrored.probe.test', {
        'hosts.toml': 'server = "https://mirrored.probe.test"\n\n[host."http://mirror.probe.test"]\n  capabilities = ["pull", "resolve"]\n',
      });
      const bad = await httpServer({ status: 404, statusText: 'Not Found' });
      try {
        const r = await probe(options(w, 'containerd', '2', 'mirrored.probe.test', bad.port));
        assert.deepStrictEqual(
          r.endpoints.map((e) => [e.url, e.role, e.ok, e.error]),
          [
            ['http://mirror.probe.test/v2/', 'mirror', false, 'GET http://mirror.probe.test/v2/: 404 Not Found'],
            ['https://mirrored.probe.test/v2/', 'registry', false, 'http: server gave HTTP response to HTTPS client'],
          ],
        );
        assert.deepStrictEqual([r.ok, r.error, r.http.status], [false, 'GET http://mirror.probe.test/v2/: 404 Not Found', 404]);
      } finally {
        await bad.close();
      }
      folder('both.probe.test', {
        'hosts.toml': 'server = "https://both.probe.test"\nca = "root.pem"\n\n[host."https://mirror.probe.test"]\n  capabilities = ["pull", "resolve"]\n  ca = "root.pem"\n',
        'root.pem': pki.root.pem,
      });
      const chain = [await serverCert(pki.intermediate, 'both.probe.test', { key: pki.serverKey, sans: ['both.probe.test', 'mirror.probe.test'] }), pki.intermediate];
      const good = await httpsServer(chain, pki.serverKey, REGISTRY_401);
      try {
        const r = await probe(options(w, 'containerd', '2', 'both.probe.test', good.port));
        assert.deepStrictEqual(
          r.endpoints.map((e) => [e.url, e.role, e.ok, e.tls?.serverName]),
          [
            ['https://mirror.probe.test/v2/', 'mirror', true, 'mirror.probe.test'],
            ['https://both.probe.test/v2/', 'registry', true, 'both.probe.test'],
          ],
        );
        assert.deepStrictEqual([r.ok, r.error, r.tls!.serverName], [true, null, 'both.probe.test']);
        assert.equal(r.tls, r.endpoints[1].tls);
      } finally {
        await good.close();
      }
    });
  });
});
