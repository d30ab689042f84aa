/**
 * The TLS configuration each engine builds for one registry reference
 * (server/src/core/probe/engineConfig.ts), on an in-memory disk. Expected values from the engines'
 * sources: moby's Service (lookupV2Endpoints, newTLSConfig, isSecureIndex: Docker Hub goes to
 * registry-1.docker.io with the system roots only; a loopback registry, by name or by what the
 * name resolves to, is not verified, its folder is never read, and plain HTTP is tried after
 * HTTPS); containers/image newDockerClient (docker.io is read as certs.d/docker.io and reached at
 * registry-1.docker.io); containerd's ConfigureHosts (docker.io -> registry-1.docker.io;
 * localhost: https only on no port or 443, else http upgraded to https with an HTTP fallback,
 * skip_verify forced on unless the port is 80; an http host with TLS settings tries https first
 * unless on port 80; the `server`-less last host takes these defaults). RootCAs start from the
 * system pool (CertPool.Clone) and get each CA file's certificates; tls.Config.Certificates in
 * pair order.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { getEventListeners } from 'node:events';
import { buildEngineConfig, BuildOptions, EngineConfig, ProbeEndpoint } from '../../server/src/core/probe/engineConfig';
import { Aborted } from '../../server/src/core/probe/connect';
import { parseReference, Reference } from '../../server/src/core/probe/reference';
import { EngineRelease, findRelease } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { MemFileSystem } from '../fuzz/memFs';
import { bundle, clientCert, issuedBy, pemBlock, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';

const DOCKER_ROOT = '/etc/docker/certs.d';
const CONTAINERD_ROOT = '/etc/containerd/certs.d';
const ENV = { SSL_CERT_FILE: '/sys-roots/bundle.pem', SSL_CERT_DIR: '/sys-roots/none' };
const sha = (c: TestCert) => crypto.createHash('sha256').update(c.der).digest('hex');

function ref(s: string): Reference {
  const r = parseReference(s);
  if ('error' in r) throw new Error(r.error);
  return r;
}

function release(engine: Engine, r: string): EngineRelease {
  return findRelease(engine, r)!;
}

/** An endpoint without its pool, and the pool as [sha256, source] of what the folder added. */
function view(e: ProbeEndpoint) {
  const { pool, clients, ...rest } = e;
  return { ...rest, clients: clients.map((c) => c.certPath), folderCas: pool.all().filter((p) => p.source.kind === 'folder').map((p) => [p.sha256, (p.source as { path: string }).path]) };
}

function ep(host: string, hostname: string, port: number, more: Partial<ReturnType<typeof view>> = {}): ReturnType<typeof view> {
  return { host, hostname, port, scheme: 'https', path: '/v2', role: 'registry', skipVerify: false, httpFallback: false, notes: [], clients: [], folderCas: [], ...more };
}

describe('probe: the TLS configuration each engine builds (engineConfig)', () => {
  let systemCa: TestCert;
  let folderCa: TestCert;
  let otherCa: TestCert;
  let client: TestCert;
  let client2: TestCert;
  let intermediate: TestCert;

  before(async () => {
    systemCa = await selfSignedCa({ commonName: 'System Root' });
    folderCa = await selfSignedCa({ commonName: 'Folder CA' });
    otherCa = await selfSignedCa({ commonName: 'Mirror CA' });
    intermediate = await issuedBy(folderCa, { commonName: 'Client Intermediate', ca: true });
    client = await clientCert(intermediate, { commonName: 'client-1' });
    client2 = await clientCert(folderCa, { commonName: 'client-2' });
  });

  function disk(files: Record<string, string> = {}): MemFileSystem {
    return new MemFileSystem({ [ENV.SSL_CERT_FILE]: systemCa.pem, '/sys-roots/none': { dir: true }, ...files });
  }

  async function build(engine: Engine, r: string, host: string, fs: MemFileSystem, more: Partial<BuildOptions> = {}): Promise<EngineConfig> {
    const roots = engine === 'containerd' ? [CONTAINERD_ROOT, DOCKER_ROOT] : engine === 'podman' ? ['/home/u/.config/containers/certs.d', '/etc/containers/certs.d', DOCKER_ROOT] : [DOCKER_ROOT];
    return buildEngineConfig({ ref: ref(host), engine, release: release(engine, r), roots, fs, env: ENV, ...(engine === 'docker' ? { dockerStore: { store: 'graphdriver', assumed: false } } : {}), ...more });
  }

  describe('Docker (moby)', () => {
    for (const hub of ['docker.io', 'index.docker.io']) {
      it(`never reads certs.d for ${hub}: registry-1.docker.io with the system roots only, no name lookup`, async () => {
        const looked: string[] = [];
        const fs = disk({ [`${DOCKER_ROOT}/${hub}/ca.crt`]: folderCa.pem });
        const cfg = await build('docker', '29', hub, fs, { lookup: async (h) => (looked.push(h), ['127.0.0.1']) });
        assert.deepEqual(cfg.folder, { tried: [], read: false, skipped: 'docker-hub' });
        assert.equal(cfg.load, undefined);
        assert.deepEqual(cfg.endpoints.map(view), [ep('registry-1.docker.io', 'registry-1.docker.io', 443, { notes: ['Docker connects to registry-1.docker.io for Docker Hub and never reads certs.d for it'] })]);
        assert.equal(cfg.endpoints[0].pool, cfg.systemRoots.pool);
        assert.deepEqual(looked, []);
      });
    }

    for (const [host, hostname, port] of [
      ['localhost:5000', 'localhost', 5000],
      ['localhost', 'localhost', 443],
      ['127.0.0.1:5000', '127.0.0.1', 5000],
      ['127.8.9.10', '127.8.9.10', 443],
      ['[::1]:5000', '::1', 5000],
      ['[::1]', '::1', 443],
    ] as const) {
      it(`treats ${host} as insecure: HTTPS without verification, then plain HTTP, the folder never read`, async () => {
        const fs = disk({ [`${DOCKER_ROOT}/${host}/ca.crt`]: folderCa.pem });
        const cfg = await build('docker', '29', host, fs);
        assert.deepEqual(cfg.folder, { tried: [], read: false, skipped: 'loopback' });
        const note = `Docker treats ${hostname} as an insecure registry: it does not verify the certificate and never reads certs.d for it`;
        assert.deepEqual(cfg.endpoints.map(view), [
          ep(host, hostname, port, { skipVerify: true, notes: [note] }),
          ep(host, hostname, port === 443 ? 80 : port, { scheme: 'http', role: 'fallback', notes: ['Docker tries plain HTTP when HTTPS fails'] }),
        ]);
        assert.equal(cfg.endpoints[0].pool, cfg.systemRoots.pool);
        assert.equal(cfg.endpoints[1].pool, cfg.systemRoots.pool);
      });
    }

    it('asks the name lookup: a name that resolves to a loopback address is insecure too, any other is not', async () => {
      const fs = disk({ [`${DOCKER_ROOT}/reg.internal/ca.crt`]: folderCa.pem });
      const looked: string[] = [];
      const loop = await build('docker', '29', 'reg.internal', fs, { lookup: async (h) => (looked.push(h), ['10.1.2.3', '127.0.0.1']) });
      assert.equal(loop.folder.skipped, 'loopback');
      assert.deepEqual(looked, ['reg.internal']);
      assert.deepEqual(loop.endpoints.map((e) => [e.scheme, e.role, e.skipVerify]), [['https', 'registry', true], ['http', 'fallback', false]]);
      const v6 = await build('docker', '29', 'reg.internal', fs, { lookup: async () => ['::1'] });
      assert.equal(v6.folder.skipped, 'loopback');
      const other = await build('docker', '29', 'reg.internal', fs, { lookup: async () => ['10.1.2.3', '::2'] });
      assert.deepEqual(other.folder, { tried: [`${DOCKER_ROOT}/reg.internal`], path: `${DOCKER_ROOT}/reg.internal`, root: DOCKER_ROOT, name: 'reg.internal', read: true });
      assert.deepEqual(other.endpoints.map(view), [ep('reg.internal', 'reg.internal', 443, { folderCas: [[sha(folderCa), `${DOCKER_ROOT}/reg.internal/ca.crt`]] })]);
    });

    it('a lookup that fails counts as "not loopback" (moby does not fail on an unresolvable name)', async () => {
      const fs = disk();
      const cfg = await build('docker', '29', 'reg.internal', fs, { lookup: () => Promise.reject(new Error('no such host')) });
      assert.deepEqual(cfg.folder, { tried: [`${DOCKER_ROOT}/reg.internal`], read: false });
      assert.deepEqual(cfg.endpoints.map(view), [ep('reg.internal', 'reg.internal', 443)]);
      assert.equal(cfg.endpoints[0].pool, cfg.systemRoots.pool);
    });

    it('a cancelled probe does not wait for the name lookup', async () => {
      const fs = disk();
      const already = new AbortController();
      already.abort();
      await assert.rejects(build('docker', '29', 'reg.internal', fs, { lookup: async () => ['10.0.0.1'], signal: already.signal }), Aborted);
      const later = new AbortController();
      const pending = build('docker', '29', 'reg.internal', fs, { lookup: () => new Promise<string[]>(() => {}), signal: later.signal });
      setTimeout(() => later.abort(), 10);
      await assert.rejects(pending, Aborted);
      // A signal that is never aborted lets the lookup's answer through.
      const quiet = new AbortController();
      const cfg = await build('docker', '29', 'reg.internal', fs, { lookup: async () => ['127.0.0.2'], signal: quiet.signal });
      assert.equal(cfg.folder.skipped, 'loopback');
      // The abort listener is taken off once the lookup has answered (a long-lived signal does not collect them).
      assert.equal(getEventListeners(quiet.signal, 'abort').length, 0);
      await build('docker', '29', 'reg.internal', fs, { lookup: () => Promise.reject(new Error('no such host')), signal: quiet.signal });
      assert.equal(getEventListeners(quiet.signal, 'abort').length, 0);
      // Without a lookup, an aborted signal does not matter here: nothing is waited for.
      const none = await build('docker', '29', 'reg.internal', fs, { signal: already.signal });
      assert.deepEqual(none.folder, { tried: [`${DOCKER_ROOT}/reg.internal`], read: false });
    });

    it('reads only the first root, starts RootCAs from the system pool, and sends the pairs in file order', async () => {
      const fs = disk({
        [`${DOCKER_ROOT}/reg.example.com/ca.crt`]: folderCa.pem,
        [`${DOCKER_ROOT}/reg.example.com/b.cert`]: client2.pem,
        [`${DOCKER_ROOT}/reg.example.com/b.key`]: pkcs8Pem(client2.key),
        [`${DOCKER_ROOT}/reg.example.com/a.cert`]: bundle(client, intermediate),
        [`${DOCKER_ROOT}/reg.example.com/a.key`]: pkcs8Pem(client.key),
        ['/second/reg.example.com/ca.crt']: otherCa.pem,
      });
      const cfg = await buildEngineConfig({ ref: ref('reg.example.com'), engine: 'docker', release: release('docker', '29'), dockerStore: { store: 'graphdriver', assumed: false }, roots: [DOCKER_ROOT, '/second'], fs, env: ENV });
      assert.equal(cfg.loader, 'docker');
      assert.deepEqual(cfg.folder.tried, [`${DOCKER_ROOT}/reg.example.com`]);
      assert.equal(cfg.folder.read, true);
      assert.deepEqual(cfg.endpoints.map(view), [
        ep('reg.example.com', 'reg.example.com', 443, {
          clients: [`${DOCKER_ROOT}/reg.example.com/a.cert`, `${DOCKER_ROOT}/reg.example.com/b.cert`],
          folderCas: [[sha(folderCa), `${DOCKER_ROOT}/reg.example.com/ca.crt`]],
        }),
      ]);
      const pool = cfg.endpoints[0].pool;
      assert.deepEqual(pool.all().map((p) => p.sha256), [sha(systemCa), sha(folderCa)]);
      // The system pool itself is left alone (CertPool.Clone).
      assert.deepEqual(cfg.systemRoots.pool.all().map((p) => p.sha256), [sha(systemCa)]);
      const [a, b] = cfg.endpoints[0].clients;
      assert.deepEqual(
        { certPath: a.certPath, keyPath: a.keyPath, chain: a.chain, leaf: a.leaf.der, rest: a.parsedRest.map((r) => (typeof r === 'string' ? r : r.der)), key: a.key, certPem: a.certPem, keyPem: a.keyPem, sha256: a.sha256 },
        {
          certPath: `${DOCKER_ROOT}/reg.example.com/a.cert`,
          keyPath: `${DOCKER_ROOT}/reg.example.com/a.key`,
          chain: [client.der, intermediate.der],
          leaf: client.der,
          rest: [intermediate.der],
          key: { type: 'rsa', bits: 2048, curve: undefined },
          certPem: client.pem + intermediate.pem,
          keyPem: pkcs8Pem(client.key),
          sha256: sha(client),
        },
      );
      assert.deepEqual([b.certPath, b.keyPath, b.chain, b.parsedRest, b.sha256], [`${DOCKER_ROOT}/reg.example.com/b.cert`, `${DOCKER_ROOT}/reg.example.com/b.key`, [client2.der], [], sha(client2)]);
    });

    it('a folder only in a later root is not read (moby has one root); without dockerStore, moby reads', async () => {
      const fs = disk({ ['/second/reg.example.com/ca.crt']: otherCa.pem });
      const cfg = await buildEngineConfig({ ref: ref('reg.example.com'), engine: 'docker', release: release('docker', '29'), roots: [DOCKER_ROOT, '/second'], fs, env: ENV });
      assert.equal(cfg.loader, 'docker');
      assert.deepEqual(cfg.folder, { tried: [`${DOCKER_ROOT}/reg.example.com`], read: false });
      // Podman with a dockerStore (which only Docker has) keeps its own loader.
      const podman = await buildEngineConfig({ ref: ref('reg.example.com'), engine: 'podman', release: release('podman', '6'), dockerStore: { store: 'containerd', assumed: false }, roots: ['/second'], fs, env: ENV });
      assert.equal(podman.loader, 'podman');
      assert.deepEqual(podman.folder.tried, ['/second/reg.example.com']);
    });

    it('a chain block that does not parse after the leaf is kept, with its parse error', async () => {
      const junk = pemBlock('CERTIFICATE', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
      const fs = disk({ [`${DOCKER_ROOT}/reg.example.com/c.cert`]: client2.pem + junk, [`${DOCKER_ROOT}/reg.example.com/c.key`]: pkcs8Pem(client2.key) });
      const cfg = await build('docker', '29', 'reg.example.com', fs);
      const [c] = cfg.endpoints[0].clients;
      assert.deepEqual(c.chain, [client2.der, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])]);
      // Go's parseCertificate: the SEQUENCE holds an INTEGER where the TBSCertificate SEQUENCE must be.
      assert.deepEqual(c.parsedRest, ['x509: malformed tbs certificate']);
    });

    it('a folder the engine refuses: its error, the load, and no endpoint', async () => {
      const fs = disk({ [`${DOCKER_ROOT}/reg.example.com/client.cert`]: client.pem });
      const cfg = await build('docker', '29', 'reg.example.com', fs);
      assert.equal(cfg.error, 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt');
      assert.equal(cfg.load?.ok, false);
      assert.deepEqual(cfg.endpoints, []);
      assert.deepEqual(cfg.folder, { tried: [`${DOCKER_ROOT}/reg.example.com`], path: `${DOCKER_ROOT}/reg.example.com`, root: DOCKER_ROOT, name: 'reg.example.com', read: true });
    });

    it("with the containerd image store, containerd's code reads the folder (localhost is not skipped)", async () => {
      const fs = disk();
      const cfg = await build('docker', '29', 'localhost:5000', fs, { dockerStore: { store: 'containerd', assumed: false } });
      assert.equal(cfg.loader, 'containerd');
      assert.equal(cfg.folder.skipped, undefined);
      assert.deepEqual(cfg.folder.tried, [`${DOCKER_ROOT}/localhost_5000_`, `${DOCKER_ROOT}/localhost:5000`, `${DOCKER_ROOT}/_default`]);
      assert.deepEqual(cfg.endpoints.map((e) => [e.scheme, e.skipVerify, e.httpFallback]), [['https', true, true]]);
    });

    it('records the engine, its release, Go options, roots and system roots; tlssha1 below Go 1.25 only', async () => {
      const fs = disk();
      const cfg = await build('docker', '29', 'reg.example.com', fs);
      assert.equal(cfg.engine, 'docker');
      assert.equal(cfg.release, release('docker', '29'));
      assert.deepEqual(cfg.dockerStore, { store: 'graphdriver', assumed: false });
      assert.deepEqual(cfg.roots, [DOCKER_ROOT]);
      assert.equal(cfg.systemRoots.file, ENV.SSL_CERT_FILE);
      const podman5 = await build('podman', '5', 'reg.example.com', fs);
      assert.equal(podman5.release.go, '1.24');
      assert.equal(podman5.tlsSha1, true);
      const podman6 = await build('podman', '6', 'reg.example.com', fs);
      assert.equal(podman6.release.go, '1.25');
      assert.equal(podman6.tlsSha1, false);
      const devel = await buildEngineConfig({ ref: ref('reg.example.com'), engine: 'podman', release: { ...release('podman', '5'), go: 'devel' }, roots: [], fs, env: ENV });
      assert.equal(devel.tlsSha1, false);
    });
  });

  describe('Podman (containers/image)', () => {
    it('reads certs.d/docker.io for Docker Hub and connects to registry-1.docker.io', async () => {
      const fs = disk({ [`${DOCKER_ROOT}/docker.io/ca.crt`]: folderCa.pem });
      const cfg = await build('podman', '6', 'docker.io', fs);
      assert.equal(cfg.folder.path, `${DOCKER_ROOT}/docker.io`);
      assert.deepEqual(cfg.endpoints.map(view), [ep('registry-1.docker.io', 'registry-1.docker.io', 443, { folderCas: [[sha(folderCa), `${DOCKER_ROOT}/docker.io/ca.crt`]] })]);
    });

    it('the first root with the folder wins, over every root; localhost is verified like any host', async () => {
      const fs = disk({ [`/etc/containers/certs.d/localhost:5000/ca.crt`]: folderCa.pem, [`${DOCKER_ROOT}/localhost:5000/ca.crt`]: otherCa.pem });
      const cfg = await build('podman', '6', 'localhost:5000', fs);
      assert.deepEqual(cfg.folder.tried, ['/home/u/.config/containers/certs.d/localhost:5000', '/etc/containers/certs.d/localhost:5000']);
      assert.deepEqual(cfg.endpoints.map(view), [ep('localhost:5000', 'localhost', 5000, { folderCas: [[sha(folderCa), '/etc/containers/certs.d/localhost:5000/ca.crt']] })]);
    });
  });

  describe("containerd's ConfigureHosts", () => {
    const LOCAL_NOTE = (h: string) => `containerd skips TLS verification for ${h} (a loopback registry) unless hosts.toml names a server for it`;
    const FALLBACK_NOTE = 'containerd tries HTTPS first and falls back to plain HTTP after a TLS error';

    it('without a folder: docker.io -> registry-1.docker.io, another host over https', async () => {
      const fs = disk();
      const hub = await build('containerd', '2', 'docker.io', fs);
      assert.deepEqual(hub.endpoints.map(view), [ep('registry-1.docker.io', 'registry-1.docker.io', 443)]);
      assert.equal(hub.endpoints[0].pool, hub.systemRoots.pool);
      const other = await build('containerd', '2', 'reg.example.com:5000', fs);
      assert.deepEqual(other.endpoints.map(view), [ep('reg.example.com:5000', 'reg.example.com', 5000)]);
      assert.deepEqual(other.folder, { tried: [CONTAINERD_ROOT, DOCKER_ROOT].flatMap((r) => ['reg.example.com_5000_', 'reg.example.com:5000', '_default'].map((n) => `${r}/${n}`)), read: false });
    });

    for (const [host, hostname, port, more] of [
      ['localhost', 'localhost', 443, { skipVerify: true, notes: [LOCAL_NOTE('localhost')] }],
      ['localhost:443', 'localhost', 443, { skipVerify: true, notes: [LOCAL_NOTE('localhost')] }],
      ['localhost:5000', 'localhost', 5000, { skipVerify: true, httpFallback: true, notes: [LOCAL_NOTE('localhost'), FALLBACK_NOTE] }],
      ['127.0.0.1:5000', '127.0.0.1', 5000, { skipVerify: true, httpFallback: true, notes: [LOCAL_NOTE('127.0.0.1'), FALLBACK_NOTE] }],
      ['[::1]:5000', '::1', 5000, { skipVerify: true, httpFallback: true, notes: [LOCAL_NOTE('::1'), FALLBACK_NOTE] }],
      ['localhost:80', 'localhost', 80, { scheme: 'http' as const }],
    ] as [string, string, number, Partial<ReturnType<typeof view>>][]) {
      it(`the loopback default for ${host}`, async () => {
        const cfg = await build('containerd', '2', host, disk());
        assert.deepEqual(cfg.endpoints.map(view), [ep(host, hostname, port, more)]);
      });
    }

    it('localhost:80 stays plain HTTP even with a CA file and a client pair (the protocol is not ambiguous)', async () => {
      const dir = `${CONTAINERD_ROOT}/localhost_80_`;
      const fs = disk({ [`${dir}/ca.crt`]: folderCa.pem, [`${dir}/c.cert`]: client2.pem, [`${dir}/c.key`]: pkcs8Pem(client2.key) });
      const cfg = await build('containerd', '2', 'localhost:80', fs);
      assert.deepEqual(cfg.endpoints.map(view), [ep('localhost:80', 'localhost', 80, { scheme: 'http', clients: [`${dir}/c.cert`], folderCas: [[sha(folderCa), `${dir}/ca.crt`]] })]);
    });

    it('loose files without hosts.toml: the CA files that added something, and every pair', async () => {
      const dir = `${CONTAINERD_ROOT}/reg.example.com`;
      const fs = disk({ [`${dir}/ca.crt`]: folderCa.pem, [`${dir}/c.cert`]: client2.pem, [`${dir}/c.key`]: pkcs8Pem(client2.key) });
      const cfg = await build('containerd', '2', 'reg.example.com', fs);
      assert.deepEqual(cfg.endpoints.map(view), [ep('reg.example.com', 'reg.example.com', 443, { clients: [`${dir}/c.cert`], folderCas: [[sha(folderCa), `${dir}/ca.crt`]] })]);
      assert.deepEqual(cfg.endpoints[0].pool.all().map((p) => p.sha256), [sha(systemCa), sha(folderCa)]);
      // Only a client pair: RootCAs stay the system pool.
      const fs2 = disk({ [`${dir}/c.cert`]: client2.pem, [`${dir}/c.key`]: pkcs8Pem(client2.key) });
      const only = await build('containerd', '2', 'reg.example.com', fs2);
      assert.equal(only.endpoints[0].pool, only.systemRoots.pool);
      assert.deepEqual(only.endpoints[0].clients.map((c) => c.certPath), [`${dir}/c.cert`]);
    });

    it('hosts.toml: every host in file order with its own TLS settings, the server last; http hosts with TLS settings try https first unless on port 80', async () => {
      const dir = `${CONTAINERD_ROOT}/reg.example.com_5000_`;
      const toml = [
        'server = "https://reg.example.com:5000"',
        'ca = "ca.crt"',
        'client = [["c.cert", "c.key"]]',
        '',
        '[host."https://mirror.example.com"]',
        '  ca = "mirror-ca.pem"',
        '[host."http://plain.example.com:8080/sub"]',
        '  ca = "/abs/mirror-ca.pem"',
        '[host."http://port80.example.com:80"]',
        '  skip_verify = true',
        '[host."http://nottls.example.com"]',
        '[host."https://[::1]:5001"]',
        '  skip_verify = false',
        '  client = "both.pem"',
        '',
      ].join('\n');
      const fs = disk({
        [`${dir}/hosts.toml`]: toml,
        [`${dir}/ca.crt`]: folderCa.pem,
        [`${dir}/mirror-ca.pem`]: otherCa.pem,
        ['/abs/mirror-ca.pem']: otherCa.pem,
        [`${dir}/c.cert`]: client2.pem,
        [`${dir}/c.key`]: pkcs8Pem(client2.key),
        // The same certificate as c.cert, cert and key in one file: the registry still sends c.cert, the mirror both.pem.
        [`${dir}/both.pem`]: client2.pem + pkcs8Pem(client2.key),
        [`${dir}/loose.crt`]: systemCa.pem,
      });
      const cfg = await build('containerd', '2', 'reg.example.com:5000', fs);
      assert.equal(cfg.folder.path, dir);
      assert.deepEqual(cfg.endpoints.map(view), [
        ep('mirror.example.com', 'mirror.example.com', 443, { role: 'mirror', folderCas: [[sha(otherCa), `${dir}/mirror-ca.pem`]] }),
        ep('plain.example.com:8080', 'plain.example.com', 8080, {
          role: 'mirror',
          path: '/sub/v2',
          httpFallback: true,
          notes: ['hosts.toml says http://plain.example.com:8080 with TLS settings: containerd tries HTTPS first, then plain HTTP'],
          folderCas: [[sha(otherCa), '/abs/mirror-ca.pem']],
        }),
        ep('port80.example.com:80', 'port80.example.com', 80, { role: 'mirror', scheme: 'http', skipVerify: true }),
        ep('nottls.example.com', 'nottls.example.com', 80, { role: 'mirror', scheme: 'http' }),
        ep('[::1]:5001', '::1', 5001, { role: 'mirror', clients: [`${dir}/both.pem`] }),
        ep('reg.example.com:5000', 'reg.example.com', 5000, { clients: [`${dir}/c.cert`], folderCas: [[sha(folderCa), `${dir}/ca.crt`]] }),
      ]);
      // Hosts without TLS settings of their own use the system pool itself.
      for (const i of [2, 3]) assert.equal(cfg.endpoints[i].pool, cfg.systemRoots.pool);
      // The key of a `client` string is read from the certificate file itself; the chain is its CERTIFICATE blocks only.
      assert.equal(cfg.endpoints[4].clients[0].keyPath, `${dir}/both.pem`);
      assert.deepEqual(cfg.endpoints[4].clients[0].chain, [client2.der]);
      assert.equal(cfg.endpoints[4].clients[0].certPem, client2.pem);
    });

    it('a `server` is used as written, even when it names the folder\'s own host over plain HTTP', async () => {
      const dir = `${CONTAINERD_ROOT}/reg.example.com`;
      const plain = await build('containerd', '2', 'reg.example.com', disk({ [`${dir}/hosts.toml`]: 'server = "http://reg.example.com"\n' }));
      assert.deepEqual(plain.endpoints.map(view), [ep('reg.example.com', 'reg.example.com', 80, { scheme: 'http' })]);
      const other = await build('containerd', '2', 'reg.example.com', disk({ [`${dir}/hosts.toml`]: 'server = "https://other.example.com:8443"\n' }));
      assert.deepEqual(other.endpoints.map(view), [ep('other.example.com:8443', 'other.example.com', 8443)]);
      // A server on localhost is not given the loopback default either: it is verified.
      const ldir = `${CONTAINERD_ROOT}/localhost_5000_`;
      const local = await build('containerd', '2', 'localhost:5000', disk({ [`${ldir}/hosts.toml`]: 'server = "https://localhost:5000"\n' }));
      assert.deepEqual(local.endpoints.map(view), [ep('localhost:5000', 'localhost', 5000)]);
    });

    it("hosts.toml without `server`: the last host is the registry itself with ConfigureHosts' defaults", async () => {
      const dir = `${CONTAINERD_ROOT}/reg.example.com_5000_`;
      const fs = disk({ [`${dir}/hosts.toml`]: 'ca = "ca.crt"\nskip_verify = true\n\n[host."https://mirror.example.com"]\n', [`${dir}/ca.crt`]: folderCa.pem });
      const cfg = await build('containerd', '2', 'reg.example.com:5000', fs);
      assert.deepEqual(cfg.endpoints.map(view), [
        ep('mirror.example.com', 'mirror.example.com', 443, { role: 'mirror' }),
        ep('reg.example.com:5000', 'reg.example.com', 5000, { skipVerify: true, folderCas: [[sha(folderCa), `${dir}/ca.crt`]] }),
      ]);
      // docker.io's own folder: the registry part is registry-1.docker.io.
      const hub = disk({ [`${CONTAINERD_ROOT}/docker.io/hosts.toml`]: '[host."https://mirror.example.com"]\n' });
      const hubCfg = await build('containerd', '2', 'docker.io', hub);
      assert.deepEqual(hubCfg.endpoints.map((e) => [e.host, e.role]), [['mirror.example.com', 'mirror'], ['registry-1.docker.io', 'registry']]);
    });

    it('the _default folder serves a registry without its own, under its own name', async () => {
      const fs = disk({ [`${CONTAINERD_ROOT}/_default/hosts.toml`]: 'ca = "ca.crt"\n', [`${CONTAINERD_ROOT}/_default/ca.crt`]: folderCa.pem });
      const cfg = await build('containerd', '2', 'reg.example.com', fs);
      assert.equal(cfg.folder.path, `${CONTAINERD_ROOT}/_default`);
      assert.deepEqual(cfg.endpoints.map(view), [ep('reg.example.com', 'reg.example.com', 443, { folderCas: [[sha(folderCa), `${CONTAINERD_ROOT}/_default/ca.crt`]] })]);
    });

    it('a loopback registry without `server` is not verified even when the top level says skip_verify = false (the default overrides it)', async () => {
      const dir = `${CONTAINERD_ROOT}/localhost_5000_`;
      const fs = disk({ [`${dir}/hosts.toml`]: 'skip_verify = false\nca = "ca.crt"\n', [`${dir}/ca.crt`]: folderCa.pem });
      const cfg = await build('containerd', '2', 'localhost:5000', fs);
      assert.deepEqual(cfg.endpoints.map(view), [ep('localhost:5000', 'localhost', 5000, { skipVerify: true, httpFallback: true, notes: [LOCAL_NOTE('localhost'), FALLBACK_NOTE], folderCas: [[sha(folderCa), `${dir}/ca.crt`]] })]);
      // With a server named, its skip_verify holds.
      const fs2 = disk({ [`${dir}/hosts.toml`]: 'server = "https://localhost:5000"\nskip_verify = false\n' });
      const named = await build('containerd', '2', 'localhost:5000', fs2);
      assert.deepEqual(named.endpoints.map(view), [ep('localhost:5000', 'localhost', 5000)]);
      // On port 80 the top-level skip_verify is kept, and the scheme stays http.
      const dir80 = `${CONTAINERD_ROOT}/localhost_80_`;
      const fs3 = disk({ [`${dir80}/hosts.toml`]: 'skip_verify = true\n' });
      const p80 = await build('containerd', '2', 'localhost:80', fs3);
      assert.deepEqual(p80.endpoints.map(view), [ep('localhost:80', 'localhost', 80, { scheme: 'http', skipVerify: true })]);
    });

    it('a hosts.toml that does not decode: the loose files, as loadCertFiles reads them', async () => {
      const dir = `${CONTAINERD_ROOT}/reg.example.com`;
      const fs = disk({ [`${dir}/hosts.toml`]: 'server = [\n', [`${dir}/ca.crt`]: folderCa.pem });
      const cfg = await build('containerd', '2', 'reg.example.com', fs);
      assert.deepEqual(cfg.endpoints.map(view), [ep('reg.example.com', 'reg.example.com', 443, { folderCas: [[sha(folderCa), `${dir}/ca.crt`]] })]);
    });
  });

});
