/**
 * Servers on 127.0.0.1 for the connection probe, with chains generated at test time, and the
 * scenarios of issue 8's Proof list: each a server, a certs.d host folder, the reference to probe
 * and what Go says. The unit tests (test/unit/probe.test.ts) and the conformance suite
 * (test/conformance/probe.ts, which asks Go itself) share them.
 *
 * The expected texts are Go's own error strings (crypto/x509 verify.go, crypto/tls, net/http),
 * written here by hand; the conformance suite checks them against Go.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { clientCert, ecKey, issuedBy, pkcs8Pem, selfSignedCa, serverCert, TestCert, TestKey } from './pki';

export interface TestServer {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return sockets;
}

export interface TlsServerOptions {
  /** What the server sends: its certificate first, then whatever else (intermediates, a root). */
  chain: TestCert[];
  key: TestKey;
  /** Ask for a client certificate, naming these CAs (and trusting them). */
  clientCas?: TestCert[];
  /**
   * With clientCas, what happens without an acceptable certificate: 'require' fails the handshake
   * (no certificate: alert certificate_required; a bad one: node closes the connection), 'nginx'
   * answers 400 as nginx with `ssl_verify_client on` does, 'close' reads the request and closes.
   */
  clientAuth?: 'require' | 'nginx' | 'close';
  maxVersion?: tls.SecureVersion;
}

/**
 * A registry-like HTTPS server: `GET /v2/` gets 401 with Docker's API version header. With
 * client CAs and `clientAuth: 'nginx'`, it answers as nginx does with `ssl_verify_client on`:
 * 400 "No required SSL certificate was sent" / "The SSL certificate error".
 */
export async function startTlsServer(o: TlsServerOptions): Promise<TestServer> {
  const server = https.createServer(
    {
      key: pkcs8Pem(o.key),
      cert: o.chain.map((c) => c.pem).join(''),
      ...(o.clientCas ? { requestCert: true, rejectUnauthorized: (o.clientAuth ?? 'require') === 'require', ca: o.clientCas.map((c) => c.pem) } : {}),
      ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
    },
    (req, res) => {
      const socket = req.socket as tls.TLSSocket;
      if (o.clientCas && o.clientAuth === 'close' && !socket.authorized) {
        // Node's own rejection (rejectUnauthorized) closes before reading: the client then sees
        // EOF or a reset depending on timing. Closing after the request makes it always EOF.
        socket.destroy();
        return;
      }
      if (o.clientCas && o.clientAuth === 'nginx' && !socket.authorized) {
        const peer = socket.getPeerCertificate();
        const why = peer && Object.keys(peer).length ? 'The SSL certificate error' : 'No required SSL certificate was sent';
        res.writeHead(400, { 'Content-Type': 'text/html', Server: 'nginx' });
        res.end(`<html>\r\n<head><title>400 ${why}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>${why}</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`);
        return;
      }
      res.writeHead(401, { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Www-Authenticate': 'Basic realm="test"', 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}\n');
    },
  );
  server.on('tlsClientError', () => undefined);
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** A plain HTTP server (what a TLS client meets on a registry's HTTP port). */
export async function startHttpServer(): Promise<TestServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Docker-Distribution-Api-Version': 'registry/2.0' });
    res.end('{}');
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** Accepts TCP connections and never sends a byte. */
export async function startSilentServer(): Promise<TestServer> {
  const server = net.createServer(() => undefined);
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The scenarios

export interface ProbePki {
  root: TestCert;
  intermediate: TestCert;
  otherRoot: TestCert;
  clientCa: TestCert;
  clientGood: TestCert;
  clientOtherCa: TestCert;
  /**
   * Issued by clientCa, expired: Go sends it (it does not look at dates), the server refuses it.
   * (A certificate from a same-name CA with another key would do too, but a node server that met
   * a client signature it cannot verify keeps OpenSSL's error queued and fails its next read.)
   */
  clientExpired: TestCert;
  serverKey: TestKey;
}

const DAY = 86_400_000;

export async function makeProbePki(): Promise<ProbePki> {
  const root = await selfSignedCa({ commonName: 'Probe Root CA', key: ecKey('P-256', 11) });
  const intermediate = await issuedBy(root, { commonName: 'Probe Intermediate CA', ca: true, key: ecKey('P-256', 12) });
  const otherRoot = await selfSignedCa({ commonName: 'Some Other Root CA', key: ecKey('P-256', 13) });
  const clientCa = await selfSignedCa({ commonName: 'Probe Client CA', key: ecKey('P-256', 14) });
  const clientKey = ecKey('P-256', 16);
  return {
    root,
    intermediate,
    otherRoot,
    clientCa,
    clientGood: await clientCert(clientCa, { commonName: 'probe client', key: clientKey }),
    clientOtherCa: await clientCert(otherRoot, { commonName: 'probe client', key: clientKey }),
    clientExpired: await clientCert(clientCa, { commonName: 'probe client', key: clientKey, notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - 2 * DAY) }),
    serverKey: ecKey('P-256', 17),
  };
}

export type ServerSpec =
  | { kind: 'tls'; options: TlsServerOptions }
  | { kind: 'http' }
  | { kind: 'closed' }
  | { kind: 'silent' };

export interface ProbeScenario {
  name: string;
  /** The registry reference probed (HOST[:PORT]; `{port}` is the server's port); the connection goes to the scenario's server. */
  host: string;
  /** Files of the host folder named after `host` (name -> content). */
  folder: Record<string, string>;
  server: ServerSpec;
  /** Go's verdict for an engine that reads the folder (every engine here: no loopback, no Docker Hub). */
  ok: boolean;
  /** Go's error, or a pattern where it holds a time or an address. */
  error: string | RegExp | null;
  /** Where an engine's code decides otherwise: by loader (moby, containers-image, containerd). */
  byLoader?: Partial<Record<'moby' | 'containers-image' | 'containerd', { ok: boolean; error: string | RegExp | null }>>;
  /** The .cert file Go sends. */
  clientCertificate?: string;
  httpStatus?: number;
  /** Advice codes the probe must give. */
  advice?: string[];
  /** Needs this timeout (seconds) to finish quickly. */
  timeoutSeconds?: number;
}

/** Every scenario of the Proof list (and a few more), with its certificates made now. */
export async function probeScenarios(pki?: ProbePki): Promise<ProbeScenario[]> {
  const p = pki ?? (await makeProbePki());
  const leaf = (host: string, extra = {}) => serverCert(p.intermediate, host, { key: p.serverKey, ...extra });
  const withInter = async (host: string, extra = {}) => [await leaf(host, extra), p.intermediate];
  const tlsSpec = async (chain: TestCert[] | Promise<TestCert[]>, more: Partial<TlsServerOptions> = {}): Promise<ServerSpec> => ({ kind: 'tls', options: { chain: await chain, key: p.serverKey, ...more } });
  const ca = { 'ca.crt': p.root.pem };
  const clientFiles = (c: TestCert) => ({ 'client.cert': c.pem, 'client.key': pkcs8Pem(c.key) });
  const mtls = (more: Partial<TlsServerOptions> = {}): Partial<TlsServerOptions> => ({ clientCas: [p.clientCa], clientAuth: 'require', ...more });
  return [
    { name: 'good chain', host: 'good.probe.test', folder: ca, server: await tlsSpec(withInter('good.probe.test')), ok: true, error: null, httpStatus: 401 },
    {
      name: 'server omits the intermediate',
      host: 'nointer.probe.test',
      folder: ca,
      server: await tlsSpec([await leaf('nointer.probe.test')]),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      advice: ['ca-mismatch-or-missing-intermediate'],
    },
    {
      name: 'server omits the intermediate, the folder has it in a file the engine skips',
      host: 'nointer-pem.probe.test',
      folder: { ...ca, 'intermediate.pem': p.intermediate.pem },
      server: await tlsSpec([await leaf('nointer-pem.probe.test')]),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      advice: ['missing-intermediate'],
    },
    { name: 'server sends leaf, intermediate and root', host: 'fullchain.probe.test', folder: ca, server: await tlsSpec([...(await withInter('fullchain.probe.test')), p.root]), ok: true, error: null, httpStatus: 401 },
    {
      name: 'the folder trusts another CA',
      host: 'otherca.probe.test',
      folder: { 'ca.crt': p.otherRoot.pem },
      server: await tlsSpec(withInter('otherca.probe.test')),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      advice: ['ca-mismatch-or-missing-intermediate'],
    },
    {
      name: 'wrong SAN',
      host: 'wrongsan.probe.test',
      folder: ca,
      server: await tlsSpec(withInter('other.probe.test')),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate is valid for other.probe.test, not wrongsan.probe.test',
      advice: ['name-mismatch'],
    },
    {
      name: 'CN only, no SAN',
      host: 'cnonly.probe.test',
      folder: ca,
      server: await tlsSpec([await issuedBy(p.intermediate, { commonName: 'cnonly.probe.test', extKeyUsage: ['serverAuth'], key: p.serverKey }), p.intermediate]),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate relies on legacy Common Name field, use SANs instead',
      advice: ['cn-only'],
    },
    { name: 'IP address host with an IP SAN', host: '192.0.2.10', folder: ca, server: await tlsSpec(withInter('192.0.2.10')), ok: true, error: null, httpStatus: 401 },
    {
      name: 'IP address host without an IP SAN',
      host: '192.0.2.11',
      folder: ca,
      server: await tlsSpec(withInter('ip-less.probe.test')),
      ok: false,
      error: "tls: failed to verify certificate: x509: cannot validate certificate for 192.0.2.11 because it doesn't contain any IP SANs",
      advice: ['name-mismatch'],
    },
    {
      name: 'expired server certificate',
      host: 'expired.probe.test',
      folder: ca,
      server: await tlsSpec(withInter('expired.probe.test', { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - 2 * DAY) })),
      ok: false,
      error: /^tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time \S+ is after \S+$/,
      advice: ['expired'],
    },
    { name: 'a wildcard certificate', host: 'reg.wild.probe.test', folder: ca, server: await tlsSpec(withInter('*.wild.probe.test')), ok: true, error: null, httpStatus: 401 },
    {
      name: 'mutual TLS with the right client certificate',
      host: 'mtls-good.probe.test',
      folder: { ...ca, ...clientFiles(p.clientGood) },
      server: await tlsSpec(withInter('mtls-good.probe.test'), mtls()),
      ok: true,
      error: null,
      clientCertificate: 'client.cert',
      httpStatus: 401,
    },
    {
      name: 'mutual TLS with a client certificate of another CA (Go does not send it)',
      host: 'mtls-otherca.probe.test',
      folder: { ...ca, ...clientFiles(p.clientOtherCa) },
      server: await tlsSpec(withInter('mtls-otherca.probe.test'), mtls()),
      ok: false,
      error: 'remote error: tls: certificate required',
      advice: ['client-certificate-unfit'],
    },
    {
      name: 'mutual TLS with a client certificate the server rejects (expired)',
      host: 'mtls-expired.probe.test',
      folder: { ...ca, ...clientFiles(p.clientExpired) },
      server: await tlsSpec(withInter('mtls-expired.probe.test'), mtls({ clientAuth: 'close' })),
      ok: false,
      error: 'EOF',
      clientCertificate: 'client.cert',
      advice: ['client-certificate-rejected'],
    },
    {
      name: 'mutual TLS without a client certificate',
      host: 'mtls-none.probe.test',
      folder: ca,
      server: await tlsSpec(withInter('mtls-none.probe.test'), mtls()),
      ok: false,
      error: 'remote error: tls: certificate required',
      advice: ['client-certificate-required'],
    },
    {
      name: 'mutual TLS 1.2 with the right client certificate',
      host: 'mtls12-good.probe.test',
      folder: { ...ca, ...clientFiles(p.clientGood) },
      server: await tlsSpec(withInter('mtls12-good.probe.test'), mtls({ maxVersion: 'TLSv1.2' })),
      ok: true,
      error: null,
      clientCertificate: 'client.cert',
      httpStatus: 401,
    },
    {
      name: 'mutual TLS 1.2 without a client certificate',
      host: 'mtls12-none.probe.test',
      folder: ca,
      server: await tlsSpec(withInter('mtls12-none.probe.test'), mtls({ maxVersion: 'TLSv1.2' })),
      ok: false,
      error: /^remote error: tls: /,
      advice: ['client-certificate-required'],
    },
    {
      name: 'nginx-style optional client certificate, none sent',
      host: 'nginx.probe.test',
      folder: ca,
      server: await tlsSpec(withInter('nginx.probe.test'), mtls({ clientAuth: 'nginx' })),
      ok: false,
      error: /^GET https:\/\/nginx\.probe\.test\/v2\/: 400/,
      httpStatus: 400,
      advice: ['client-certificate-required'],
    },
    {
      name: 'nginx-style optional client certificate, an expired one sent',
      host: 'nginx-expired.probe.test',
      folder: { ...ca, ...clientFiles(p.clientExpired) },
      server: await tlsSpec(withInter('nginx-expired.probe.test'), mtls({ clientAuth: 'nginx' })),
      ok: false,
      error: /^GET https:\/\/nginx-expired\.probe\.test\/v2\/: 400/,
      clientCertificate: 'client.cert',
      httpStatus: 400,
      advice: ['client-certificate-rejected'],
    },
    {
      name: 'a loopback registry (Docker and containerd do not verify it)',
      host: 'localhost:{port}',
      folder: ca,
      server: await tlsSpec(withInter('not-localhost.probe.test')),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate is valid for not-localhost.probe.test, not localhost',
      byLoader: { moby: { ok: true, error: null }, containerd: { ok: true, error: null } },
    },
    {
      name: 'containerd hosts.toml: a mirror with its own CA, the registry without',
      host: 'toml.probe.test',
      folder: {
        'hosts.toml': 'server = "https://toml.probe.test"\n\n[host."https://mirror.probe.test"]\n  capabilities = ["pull", "resolve"]\n  ca = "mirror-ca.pem"\n',
        'mirror-ca.pem': p.root.pem,
      },
      server: await tlsSpec(withInter('toml.probe.test', { sans: ['toml.probe.test', 'mirror.probe.test'] })),
      ok: false,
      error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    },
    { name: 'a plain HTTP port', host: 'plainhttp.probe.test', folder: ca, server: { kind: 'http' }, ok: false, error: 'http: server gave HTTP response to HTTPS client', advice: ['plain-http'] },
    { name: 'a closed port', host: 'closed.probe.test', folder: ca, server: { kind: 'closed' }, ok: false, error: /^dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/, advice: ['refused'] },
    { name: 'a server that accepts TCP and never answers', host: 'silent.probe.test', folder: ca, server: { kind: 'silent' }, ok: false, error: 'net/http: TLS handshake timeout', advice: ['timeout'], timeoutSeconds: 1 },
  ];
}

/** The reference of a scenario once its server listens. */
export function scenarioHost(s: ProbeScenario, port: number): string {
  return s.host.replace('{port}', String(port));
}

/** Starts a scenario's server; `port` is where to connect (for a closed port: one nothing listens on). */
export async function startScenarioServer(s: ServerSpec): Promise<TestServer> {
  switch (s.kind) {
    case 'tls':
      return startTlsServer(s.options);
    case 'http':
      return startHttpServer();
    case 'silent':
      return startSilentServer();
    case 'closed':
      return { port: await closedPort(), close: async () => undefined };
  }
}
