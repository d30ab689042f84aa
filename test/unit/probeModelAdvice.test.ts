/**
 * The advice the probe gives (server/src/core/probe/advice.ts), word for word, on engine
 * configurations built from an in-memory disk and on chains checked by our model of Go's
 * verifier, with a fixed clock. What each advice must say comes from the engines' behaviour
 * (../shared/spec/engine-rules.md): moby never reads certs.d for Docker Hub or a loopback
 * registry; the folder name is the reference's registry part verbatim (a `:443` folder is read
 * only for references that say `:443`); Go ignores the Common Name (C9), refuses expired
 * certificates (C7), needs serverAuth, and fails with "unknown authority" when the server omits
 * an intermediate the folder does not hold as a CA (C8, C1: a DER or `.pem` file is skipped);
 * a registry refuses a client certificate with a TLS alert, or nginx with a 400 page (K10); the
 * connection errors are Go's net and net/http texts.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { Advice, EndpointReport, TlsReport } from '../../server/src/core/probe/report';
import { actorOf, adviseProbe, EndpointOutcome } from '../../server/src/core/probe/advice';
import { buildEngineConfig, EngineConfig, ProbeEndpoint } from '../../server/src/core/probe/engineConfig';
import { parseReference, Reference } from '../../server/src/core/probe/reference';
import { checkServerChain } from '../../server/src/core/probe/serverChain';
import { findRelease } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { MemFileSystem } from '../fuzz/memFs';
import { basicConstraints, buildCertificate, cn, extension, octets, sanExtension, utcTime } from '../helpers/der';
import { CertOptions, clientCert, issuedBy, pemBlock, pkcs8Pem, rsaKey, selfSigned, selfSignedCa, serverCert, TestCert } from '../helpers/pki';

const DOCKER_ROOT = '/etc/docker/certs.d';
const ENV = { SSL_CERT_FILE: '/sys-roots/bundle.pem', SSL_CERT_DIR: '/sys-roots/none' };
const NOW = new Date('2026-06-01T12:00:00Z');
/** Every certificate gets these dates unless a test says otherwise: the real clock plays no part. */
const VALID: CertOptions = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:00Z') };
const FOLDER = `${DOCKER_ROOT}/reg.example.com`;
const sha = (c: TestCert) => crypto.createHash('sha256').update(c.der).digest('hex');
const oneLine = (c: TestCert) => new crypto.X509Certificate(c.der).subject.split('\n').join(', ');

function ref(s: string): Reference {
  const r = parseReference(s);
  if ('error' in r) throw new Error(r.error);
  return r;
}

interface World {
  cfg: EngineConfig;
  fs: MemFileSystem;
  ref: Reference;
}

function tls(more: Partial<TlsReport> = {}): TlsReport {
  return { version: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256', serverName: 'reg.example.com', chain: [], verified: false, skipVerify: false, anchor: null, nameCheck: null, clientCertificateRequested: false, acceptableCAs: [], unmodelled: [], ...more };
}

function report(e: ProbeEndpoint, more: Partial<EndpointReport> = {}): EndpointReport {
  return { url: `${e.scheme}://${e.host}${e.path}/`, role: e.role, address: '192.0.2.7:443', ok: false, error: null, tls: null, http: { status: null }, clientCertificate: null, clientCertificatesPassedOver: [], notes: [], millis: 3, ...more };
}

describe('probe advice, word for word', () => {
  let systemCa: TestCert;
  let root: TestCert;
  let inter: TestCert;
  let leaf: TestCert;
  let clientCa: TestCert;

  before(async () => {
    systemCa = await selfSignedCa({ ...VALID, commonName: 'System Root' });
    root = await selfSignedCa({ ...VALID, commonName: 'Registry Root', key: rsaKey(2048, 4) });
    inter = await issuedBy(root, { ...VALID, commonName: 'Registry Intermediate', ca: true, key: rsaKey(2048, 5) });
    leaf = await serverCert(inter, 'reg.example.com', VALID);
    clientCa = await selfSignedCa({ ...VALID, commonName: 'Client CA', key: rsaKey(2048, 6) });
  });

  async function world(host: string, files: Record<string, string | Buffer> = {}, engine: Engine = 'docker', roots = engine === 'docker' ? [DOCKER_ROOT] : ['/etc/containerd/certs.d'], more: { store?: 'containerd' | 'graphdriver' } = {}): Promise<World> {
    const fs = new MemFileSystem({ [ENV.SSL_CERT_FILE]: systemCa.pem, '/sys-roots/none': { dir: true }, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v) : v])) });
    const r = ref(host);
    const release = findRelease(engine, engine === 'docker' ? '29' : engine === 'podman' ? '6' : '2')!;
    const cfg = await buildEngineConfig({ ref: r, engine, release, roots, fs, env: ENV, ...(engine === 'docker' ? { dockerStore: { store: more.store ?? 'graphdriver', assumed: false } } : {}) });
    return { cfg, fs, ref: r };
  }

  function advise(w: World, outcomes: EndpointOutcome[]): Advice[] {
    return adviseProbe({ ref: w.ref, cfg: w.cfg, outcomes, fs: w.fs });
  }

  /** What the handshake gives when the server sends `certs`: Go's verdict on them, as probe.ts records it. */
  function chainOutcome(w: World, certs: TestCert[], i = 0): EndpointOutcome {
    const e = w.cfg.endpoints[i];
    const chain = checkServerChain(certs.map((c) => c.der), { serverName: e.hostname, roots: e.pool, skipVerify: e.skipVerify, now: NOW, go: w.cfg.go });
    return { endpoint: e, chain, report: report(e, { error: chain.error ?? null, tls: tls({ chain: chain.chain }) }) };
  }

  describe('who acts', () => {
    it('names the engine, and Docker with the containerd image store by what goes through containerd', async () => {
      assert.equal(actorOf((await world('reg.example.com')).cfg), 'Docker');
      assert.equal(actorOf((await world('reg.example.com', {}, 'docker', [DOCKER_ROOT], { store: 'containerd' })).cfg), 'Docker (pulls and pushes)');
      assert.equal(actorOf((await world('reg.example.com', {}, 'podman', [])).cfg), 'Podman');
      assert.equal(actorOf((await world('reg.example.com', {}, 'containerd')).cfg), 'containerd');
    });
  });

  describe('the folder', () => {
    it('Docker Hub under moby: certs.d is never read', async () => {
      const w = await world('docker.io', { [`${DOCKER_ROOT}/docker.io/ca.crt`]: root.pem });
      assert.deepEqual(advise(w, []), [
        { code: 'folder-not-read', message: "Docker never reads certs.d for Docker Hub; it trusts the system roots only. A folder for a mirror must be named after the mirror's host." },
      ]);
    });

    it('a loopback registry under moby: neither verified nor read', async () => {
      const w = await world('127.0.0.1:5000');
      assert.deepEqual(advise(w, []), [{ code: 'folder-not-read', message: 'Docker treats 127.0.0.1 as an insecure registry: it neither verifies the certificate nor reads certs.d for it.' }]);
    });

    it('a folder the engine refuses before connecting', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/client.cert`]: leaf.pem });
      assert.deepEqual(advise(w, []), [
        {
          code: 'folder-refused',
          message: `Docker refuses ${FOLDER} before connecting: missing key client.key for client certificate client.cert. CA certificates must use the extension .crt. Run "certsd check ${FOLDER}" to see every problem in it.`,
        },
      ]);
    });

    it('no folder: the paths looked for, and what the engine then trusts', async () => {
      const w = await world('reg.example.com:5000', {}, 'containerd', ['/etc/containerd/certs.d', DOCKER_ROOT]);
      const tried = ['/etc/containerd/certs.d', DOCKER_ROOT].flatMap((r) => ['reg.example.com_5000_', 'reg.example.com:5000', '_default'].map((n) => `${r}/${n}`));
      assert.deepEqual(advise(w, []), [
        { code: 'no-folder', message: `containerd looks for ${tried.join(', ')} for reg.example.com:5000; none exists, so it trusts the system roots only and sends no client certificate.` },
      ]);
      const none = await world('reg.example.com', {}, 'podman', []);
      assert.deepEqual(advise(none, []), [{ code: 'no-folder', message: 'Podman looks for no folder for reg.example.com; none exists, so it trusts the system roots only and sends no client certificate.' }]);
    });

    it('a folder with :443 for a reference without the port: the rename', async () => {
      const w = await world('reg.example.com', { [`${DOCKER_ROOT}/reg.example.com:443/ca.crt`]: root.pem });
      assert.deepEqual(advise(w, []), [
        {
          code: 'folder-not-read',
          message: `Docker looks for ${FOLDER} for reg.example.com; none exists, so it trusts the system roots only and sends no client certificate. ${DOCKER_ROOT}/reg.example.com:443 is never read for this reference: rename it to reg.example.com.`,
          fix: { kind: 'rename', from: `${DOCKER_ROOT}/reg.example.com:443`, to: FOLDER },
        },
      ]);
    });

    it('a reference that says :443 reads the :443 folder, which images named without the port do not', async () => {
      const w = await world('reg.example.com:443', { [`${DOCKER_ROOT}/reg.example.com:443/ca.crt`]: root.pem });
      assert.deepEqual(advise(w, []), [
        { code: 'port-443', message: 'The reference says :443, so Docker reads the folder reg.example.com:443; images named without the port (the usual way) read reg.example.com instead.' },
      ]);
    });
  });

  describe("the server's chain", () => {
    it('a name the certificate does not have: its names, and both ways out', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const other = await serverCert(inter, 'a.example.com', { ...VALID, sans: ['a.example.com', '10.0.0.9'] });
      const o = chainOutcome(w, [other, inter]);
      assert.equal(o.report.error, 'tls: failed to verify certificate: x509: certificate is valid for a.example.com, not reg.example.com');
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'name-mismatch',
          message:
            'The server\'s certificate is for "a.example.com", "10.0.0.9", not reg.example.com. Use one of those names in image references (and name the certs.d folder after it), or have the certificate reissued to include reg.example.com.',
        },
      ]);
    });

    it('a certificate with no subjectAltName and another Common Name names no host', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const bare = await issuedBy(inter, { ...VALID, commonName: 'other.example.com', extKeyUsage: ['serverAuth'] });
      const o = chainOutcome(w, [bare, inter]);
      assert.equal(o.report.error, 'tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match reg.example.com');
      assert.deepEqual(advise(w, [o]), [{ code: 'name-mismatch', message: "The server's certificate names no host at all. Have it reissued with subjectAltName for reg.example.com." }]);
    });

    for (const [host, hostname, kind] of [
      ['reg.example.com', 'reg.example.com', 'DNS'],
      ['1reg.example.com', '1reg.example.com', 'DNS'],
      ['reg.v2', 'reg.v2', 'DNS'],
      ['10.0.0.5:5000', '10.0.0.5', 'IP'],
      ['[fd00::5]:5000', 'fd00::5', 'IP'],
    ] as const) {
      it(`the name only in the Common Name (${host}): the subjectAltName to ask for is ${kind}`, async () => {
        const w = await world(host, { [`${DOCKER_ROOT}/${host}/ca.crt`]: root.pem });
        const cnOnly = await issuedBy(inter, { ...VALID, commonName: hostname, extKeyUsage: ['serverAuth'] });
        const o = chainOutcome(w, [cnOnly, inter]);
        assert.equal(o.report.error, 'tls: failed to verify certificate: x509: certificate relies on legacy Common Name field, use SANs instead');
        assert.deepEqual(advise(w, [o]), [
          {
            code: 'cn-only',
            message: `The server's certificate names ${hostname} only in its Common Name; Go (and so Docker) ignores the Common Name and needs a subjectAltName. Have the certificate reissued with subjectAltName ${kind}:${hostname}.`,
          },
        ]);
      });
    }

    it("an expired server certificate: its dates, renewed on the server", async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const old = await serverCert(inter, 'reg.example.com', { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
      const o = chainOutcome(w, [old, inter]);
      assert.equal(o.chain!.verifyError!.kind, 'expired');
      assert.deepEqual(advise(w, [o]), [
        { code: 'expired', message: "The server's certificate (valid 2020-01-01 to 2021-01-01) is outside its validity period, so Docker refuses the connection. Renew it on the server." },
      ]);
    });

    it('an expired CA the server sends: its dates, renewed on the server or replaced in the folder', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const oldInter = await issuedBy(root, { commonName: 'Old Intermediate', ca: true, key: rsaKey(2048, 7), notBefore: new Date('2019-03-04T00:00:00Z'), notAfter: new Date('2022-05-06T00:00:00Z') });
      const l = await serverCert(oldInter, 'reg.example.com', VALID);
      const o = chainOutcome(w, [l, oldInter]);
      assert.deepEqual(advise(w, [o]), [
        { code: 'expired', message: 'A certificate of the chain (valid 2019-03-04 to 2022-05-06) is outside its validity period, so Docker refuses the connection. Renew it on the server, or replace the expired CA in the folder.' },
      ]);
    });

    it('an expired CA only the folder has: no dates to show', async () => {
      const oldRoot = await selfSignedCa({ commonName: 'Old Root', key: rsaKey(2048, 8), notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2022-01-01T00:00:00Z') });
      const l = await serverCert(oldRoot, 'reg.example.com', VALID);
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: oldRoot.pem });
      const o = chainOutcome(w, [l]);
      assert.equal(o.chain!.verifyError!.kind, 'expired');
      assert.deepEqual(advise(w, [o]), [
        { code: 'expired', message: 'A certificate of the chain is outside its validity period, so Docker refuses the connection. Renew it on the server, or replace the expired CA in the folder.' },
      ]);
    });

    it('a server certificate for clients only: serverAuth is missing', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const clientOnly = await serverCert(inter, 'reg.example.com', { ...VALID, extKeyUsage: ['clientAuth'] });
      const o = chainOutcome(w, [clientOnly, inter]);
      assert.equal(o.report.error, 'tls: failed to verify certificate: x509: certificate specifies an incompatible key usage');
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'key-usage',
          message: "The server's certificate (or a CA above it) lists extended key usages without serverAuth, so Docker will not accept it for a TLS server. Reissue it with extendedKeyUsage serverAuth.",
        },
      ]);
    });

    it("an issuer the folder trusts signed the last certificate sent: Go's words, not a missing CA", async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const notCa = await issuedBy(root, { ...VALID, commonName: 'Not A CA', key: rsaKey(2048, 9) });
      const l = await serverCert(notCa, 'reg.example.com', VALID);
      const o = chainOutcome(w, [l, notCa]);
      // Go's first candidate issuer for the leaf is "Not A CA", which cannot sign (CheckSignatureFrom: a v3 certificate without CA:TRUE).
      const error = 'x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Not A CA")';
      assert.equal(o.report.error, `tls: failed to verify certificate: ${error}`);
      // "Registry Root", in the folder, did sign "Not A CA": no CA is missing or replaced, Go's words say what is wrong.
      assert.deepEqual(advise(w, [o]), [{ code: 'chain-invalid', message: `Go refuses the server's chain: ${error}.` }]);
      // The server sends its chain with a gap (leaf, root): the folder trusts the root, the intermediate is missing between.
      const gap = chainOutcome(w, [leaf, root]);
      assert.equal(gap.report.error, 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
      assert.deepEqual(advise(w, [gap]), [{ code: 'chain-invalid', message: "Go refuses the server's chain: x509: certificate signed by unknown authority." }]);
    });

    it('a refusal the advice has no words for is quoted from Go (an unhandled critical extension)', async () => {
      const rootKey = rsaKey(2048, 14);
      const leafKey = rsaKey(2048, 15);
      const validity = { notBefore: utcTime('250101000000Z'), notAfter: utcTime('300101000000Z') };
      const extRoot = buildCertificate(rootKey, { ...validity, subject: cn('Ext Root'), issuer: cn('Ext Root'), extensions: [basicConstraints(true)] });
      const extLeaf = buildCertificate(rootKey, { ...validity, subject: cn('reg.example.com'), issuer: cn('Ext Root'), extensions: [sanExtension([{ dns: 'reg.example.com' }]), extension('1.3.6.1.4.1.55555.1', octets(Buffer.from([5, 0])), true)] }, leafKey);
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: pemBlock('CERTIFICATE', extRoot) });
      const e = w.cfg.endpoints[0];
      const chain = checkServerChain([extLeaf], { serverName: e.hostname, roots: e.pool, skipVerify: false, now: NOW, go: w.cfg.go });
      assert.equal(chain.error, 'tls: failed to verify certificate: x509: unhandled critical extension');
      const o: EndpointOutcome = { endpoint: e, chain, report: report(e, { error: chain.error ?? null }) };
      assert.deepEqual(advise(w, [o]), [{ code: 'chain-invalid', message: "Go refuses the server's chain: x509: unhandled critical extension." }]);
    });

    it("no chain, or no verify error: nothing about the chain", async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      const good = chainOutcome(w, [leaf, inter]);
      assert.equal(good.chain!.error, undefined);
      assert.deepEqual(advise(w, [{ ...good, report: { ...good.report, ok: false, error: 'EOF' } }]), []);
      const e = w.cfg.endpoints[0];
      assert.deepEqual(advise(w, [{ endpoint: e, report: report(e, { error: 'EOF' }) }]), []);
    });
  });

  describe('an issuer the engine does not trust', () => {
    it('a self-signed server certificate: put the registry CA in ca.crt, compare its fingerprint', async () => {
      const self = await selfSigned({ ...VALID, subject: 'CN=reg.example.com, O=Example Org', sans: ['reg.example.com'], extKeyUsage: ['serverAuth'], key: rsaKey(2048, 10) });
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem, [`${FOLDER}/more.crt`]: root.pem + clientCa.pem });
      const o = chainOutcome(w, [self]);
      assert.equal(o.report.error, 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'ca-mismatch',
          message: `The server's chain ends at the self-signed "${oneLine(self)}", which Docker does not trust: the folder's CA certificates are CN=Registry Root, CN=Client CA. Put the registry's own CA certificate in ${FOLDER}/ca.crt (get it from the registry's administrator, and compare its SHA-256 fingerprint ${sha(self)}).`,
        },
      ]);
      assert.equal(oneLine(self), 'CN=reg.example.com, O=Example Org');
    });

    it('a root the server sends that no folder holds: the system roots only, ca.crt named where the engine would look', async () => {
      const w = await world('reg.example.com');
      const o = chainOutcome(w, [leaf, inter, root]);
      assert.deepEqual(advise(w, [o]), [
        { code: 'no-folder', message: `Docker looks for ${FOLDER} for reg.example.com; none exists, so it trusts the system roots only and sends no client certificate.` },
        {
          code: 'ca-mismatch',
          message: `The server's chain ends at the self-signed "CN=Registry Root", which Docker does not trust: the folder has no CA certificate, so only the system roots count. Put the registry's own CA certificate in ${FOLDER}/ca.crt (get it from the registry's administrator, and compare its SHA-256 fingerprint ${sha(root)}).`,
        },
      ]);
    });

    it('with no root to look in, the host folder as ca.crt; a CA without a Common Name', async () => {
      const nameless = await selfSignedCa({ ...VALID, subject: 'O=Nameless Org', key: rsaKey(2048, 11) });
      const w0 = await world('reg.example.com', {}, 'podman', []);
      const self = await selfSigned({ ...VALID, commonName: 'reg.example.com', sans: ['reg.example.com'], key: rsaKey(2048, 10) });
      assert.deepEqual(advise(w0, [chainOutcome(w0, [self])]).map((a) => a.message)[1], `The server's chain ends at the self-signed "CN=reg.example.com", which Podman does not trust: the folder has no CA certificate, so only the system roots count. Put the registry's own CA certificate in the host folder as ca.crt (get it from the registry's administrator, and compare its SHA-256 fingerprint ${sha(self)}).`);
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: nameless.pem });
      assert.deepEqual(advise(w, [chainOutcome(w, [self])]), [
        {
          code: 'ca-mismatch',
          message: `The server's chain ends at the self-signed "CN=reg.example.com", which Docker does not trust: the folder's CA certificates are (no common name). Put the registry's own CA certificate in ${FOLDER}/ca.crt (get it from the registry's administrator, and compare its SHA-256 fingerprint ${sha(self)}).`,
        },
      ]);
    });

    it('a CA of the same name that did not sign: regenerated with a new key?', async () => {
      const impostor = await selfSignedCa({ ...VALID, commonName: 'Registry Intermediate', key: rsaKey(2048, 12) });
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: impostor.pem });
      const o = chainOutcome(w, [leaf]);
      assert.equal(o.chain!.verifyError!.hint!.error, 'crypto/rsa: verification error');
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'ca-mismatch',
          message: `The server's certificate says it was issued by "CN=Registry Intermediate", and the folder has a CA of that name, but that CA did not sign it (a CA regenerated with a new key?). Go: crypto/rsa: verification error. Replace ${FOLDER}/ca.crt with the CA that issued the registry's certificate now.`,
        },
      ]);
    });

    it('the same name among the system roots is not "the folder has a CA of that name"', async () => {
      const impostor = await selfSignedCa({ ...VALID, commonName: 'Registry Intermediate', key: rsaKey(2048, 12) });
      const fs = { [ENV.SSL_CERT_FILE]: impostor.pem, [`${FOLDER}/readme.txt`]: 'hello' };
      const w = await world('reg.example.com', fs);
      const o = chainOutcome(w, [leaf]);
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder has no CA certificate, so only the system roots count. If "CN=Registry Intermediate" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"), or add "CN=Registry Intermediate" to ${FOLDER}/ca.crt. If it is the registry's root CA, put it in ${FOLDER}/ca.crt.`,
        },
      ]);
    });

    it('the intermediate the server omits, in a folder file the engine skips: the fix adds it to ca.crt', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem, [`${FOLDER}/intermediate.pem`]: inter.pem });
      const o = chainOutcome(w, [leaf]);
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder's CA certificates are CN=Registry Root. "CN=Registry Intermediate" is in ${FOLDER}/intermediate.pem, which Docker does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"). On this machine: add "CN=Registry Intermediate" to ${FOLDER}/ca.crt.`,
          fix: { kind: 'add-ca', path: `${FOLDER}/ca.crt`, subject: 'CN=Registry Intermediate', sha256: sha(inter), pem: inter.pem, createsFile: false },
        },
      ]);
    });

    it('the intermediate as DER in a .crt (silently skipped, C1): found, and ca.crt is created', async () => {
      const junk = pemBlock('CERTIFICATE', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
      // junk.pem comes first: a CERTIFICATE block that does not parse is passed over.
      const w = await world('reg.example.com', { [`${FOLDER}/junk.pem`]: junk, [`${FOLDER}/intermediate.crt`]: inter.der, [`${FOLDER}/sub.pem/x`]: 'a folder named .pem' });
      const o = chainOutcome(w, [leaf]);
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder has no CA certificate, so only the system roots count. "CN=Registry Intermediate" is in ${FOLDER}/intermediate.crt, which Docker does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"). On this machine: add "CN=Registry Intermediate" to ${FOLDER}/ca.crt.`,
          fix: { kind: 'add-ca', path: `${FOLDER}/ca.crt`, subject: 'CN=Registry Intermediate', sha256: sha(inter), pem: inter.pem, createsFile: true },
        },
      ]);
    });

    it('a file over 1 MiB, a dangling link, and a same-named certificate that did not sign are passed over', async () => {
      const impostor = await issuedBy(root, { ...VALID, commonName: 'Registry Intermediate', ca: true, key: rsaKey(2048, 12) });
      // The intermediate's key under another name: Go looks issuers up by name, so it is no fix either.
      const renamed = await issuedBy(root, { ...VALID, commonName: 'Renamed Intermediate', ca: true, key: rsaKey(2048, 5) });
      const big = Buffer.concat([Buffer.from(inter.pem), Buffer.alloc((1 << 20) + 1 - inter.pem.length, 0x0a)]);
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem, [`${FOLDER}/big.pem`]: big, [`${FOLDER}/other.pem`]: impostor.pem, [`${FOLDER}/renamed.pem`]: renamed.pem });
      w.fs.put(`${FOLDER}/gone.pem`, { link: '/nowhere/inter.pem' });
      assert.equal(big.length, (1 << 20) + 1);
      const o = chainOutcome(w, [leaf]);
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'ca-mismatch-or-missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder's CA certificates are CN=Registry Root. If "CN=Registry Intermediate" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"), or add "CN=Registry Intermediate" to ${FOLDER}/ca.crt. If it is the registry's root CA, put it in ${FOLDER}/ca.crt.`,
        },
      ]);
      // Exactly 1 MiB is still read.
      const edge = Buffer.concat([Buffer.from(inter.pem), Buffer.alloc((1 << 20) - inter.pem.length, 0x0a)]);
      const w2 = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem, [`${FOLDER}/edge.pem`]: edge });
      assert.deepEqual(advise(w2, [chainOutcome(w2, [leaf])]).map((a) => [a.code, a.fix?.kind]), [['missing-intermediate', 'add-ca']]);
    });

    it('two certificates sent, the issuer of the last missing; no folder root to name: plain ca.crt', async () => {
      const w = await world('reg.example.com', {}, 'podman', []);
      const o = chainOutcome(w, [leaf, inter]);
      assert.deepEqual(advise(w, [o]), [
        { code: 'no-folder', message: 'Podman looks for no folder for reg.example.com; none exists, so it trusts the system roots only and sends no client certificate.' },
        {
          code: 'missing-intermediate',
          message:
            'The server sent 2 certificates, issued by "CN=Registry Root"; the folder has no CA certificate, so only the system roots count. If "CN=Registry Root" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "CN=Registry Root"), or add "CN=Registry Root" to ca.crt. If it is the registry\'s root CA, put it in ca.crt.',
        },
      ]);
    });

    it("containerd with hosts.toml: the CA file is hosts.toml's first `ca`, and files it names are searched too", async () => {
      const dir = '/etc/containerd/certs.d/reg.example.com';
      const toml = 'server = "https://reg.example.com"\nca = ["/opt/ca/root.pem", "/opt/ca/other.pem"]\nclient = [["/opt/client/c.pem", "/opt/client/c.key"]]\n';
      const client = await clientCert(clientCa, { ...VALID, key: rsaKey(2048, 13) });
      const w = await world('reg.example.com', { [`${dir}/hosts.toml`]: toml, '/opt/ca/root.pem': root.pem, '/opt/ca/other.pem': clientCa.pem, '/opt/client/c.pem': client.pem + inter.pem, '/opt/client/c.key': pkcs8Pem(client.key) }, 'containerd');
      const o = chainOutcome(w, [leaf]);
      assert.deepEqual(advise(w, [o]), [
        {
          code: 'missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder's CA certificates are CN=Registry Root, CN=Client CA. "CN=Registry Intermediate" is in /opt/client/c.pem, which containerd does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"). On this machine: add "CN=Registry Intermediate" to /opt/ca/root.pem.`,
          fix: { kind: 'add-ca', path: '/opt/ca/root.pem', subject: 'CN=Registry Intermediate', sha256: sha(inter), pem: inter.pem, createsFile: false },
        },
      ]);
    });
  });

  describe('the CA file of a hosts.toml host', () => {
    it("the host without `server`, in a host_port_ folder: the top level's `ca`; a mirror: its own", async () => {
      const dir = '/etc/containerd/certs.d/reg.example.com_5000_';
      const toml = 'ca = "/opt/ca/root.pem"\n\n[host."https://mirror.example.com"]\n  ca = "mirror-ca.pem"\n';
      const w = await world('reg.example.com:5000', { [`${dir}/hosts.toml`]: toml, '/opt/ca/root.pem': root.pem, [`${dir}/mirror-ca.pem`]: root.pem, [`${dir}/inter.pem`]: inter.pem }, 'containerd');
      assert.deepEqual(w.cfg.endpoints.map((e) => e.host), ['mirror.example.com', 'reg.example.com:5000']);
      const mirrorLeaf = await serverCert(inter, 'mirror.example.com', VALID);
      const fixes = advise(w, [chainOutcome(w, [mirrorLeaf], 0), chainOutcome(w, [leaf], 1)]).map((a) => [a.code, a.fix?.kind === 'add-ca' ? a.fix.path : undefined]);
      assert.deepEqual(fixes, [
        ['missing-intermediate', `${dir}/mirror-ca.pem`],
        ['missing-intermediate', '/opt/ca/root.pem'],
      ]);
    });
  });

  describe('a hosts.toml host without `ca`', () => {
    const dir = '/etc/containerd/certs.d/reg.example.com';
    const nameIt = ` With hosts.toml there, containerd reads only the CA files it names: name ${dir}/ca.crt in it too (ca = "${dir}/ca.crt").`;

    it('the CA to add must also be named in hosts.toml (loose files are not read once it decodes)', async () => {
      const w = await world('reg.example.com', { [`${dir}/hosts.toml`]: 'server = "https://reg.example.com"\n', [`${dir}/inter.pem`]: inter.pem }, 'containerd');
      assert.deepEqual(advise(w, [chainOutcome(w, [leaf])]), [
        {
          code: 'missing-intermediate',
          message: `The server sent only its own certificate, issued by "CN=Registry Intermediate"; the folder has no CA certificate, so only the system roots count. "CN=Registry Intermediate" is in ${dir}/inter.pem, which containerd does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "CN=Registry Intermediate"). On this machine: add "CN=Registry Intermediate" to ${dir}/ca.crt.${nameIt}`,
          fix: { kind: 'add-ca', path: `${dir}/ca.crt`, subject: 'CN=Registry Intermediate', sha256: sha(inter), pem: inter.pem, createsFile: true },
        },
      ]);
      const bare = await world('reg.example.com', { [`${dir}/hosts.toml`]: 'server = "https://reg.example.com"\n' }, 'containerd');
      assert.deepEqual(advise(bare, [chainOutcome(bare, [leaf, inter]), chainOutcome(bare, [leaf, inter, root])]), [
        {
          code: 'missing-intermediate',
          message: `The server sent 2 certificates, issued by "CN=Registry Root"; the folder has no CA certificate, so only the system roots count. If "CN=Registry Root" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "CN=Registry Root"), or add "CN=Registry Root" to ${dir}/ca.crt. If it is the registry's root CA, put it in ${dir}/ca.crt.${nameIt}`,
        },
        {
          code: 'ca-mismatch',
          message: `The server's chain ends at the self-signed "CN=Registry Root", which containerd does not trust: the folder has no CA certificate, so only the system roots count. Put the registry's own CA certificate in ${dir}/ca.crt (get it from the registry's administrator, and compare its SHA-256 fingerprint ${sha(root)}).${nameIt}`,
        },
      ]);
    });
  });

  describe('client certificates', () => {
    function clientOutcome(w: World, more: Partial<EndpointReport>, http?: EndpointOutcome['http'], acceptableCAs = ['CN=Client CA']): EndpointOutcome {
      const e = w.cfg.endpoints[0];
      return { endpoint: e, http, report: report(e, { tls: tls({ clientCertificateRequested: true, acceptableCAs }), ...more }) };
    }

    it('none in the folder: generate one there', async () => {
      const w = await world('reg.example.com', { [`${FOLDER}/ca.crt`]: root.pem });
      assert.deepEqual(advise(w, [clientOutcome(w, { error: 'remote error: tls: certificate required' })]), [
        {
          code: 'client-certificate-required',
          message: `The registry wants a client certificate issued by "CN=Client CA", and ${FOLDER} has none, so Docker sends none and the registry refuses (remote error: tls: certificate required). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key.`,
          fix: { kind: 'command', command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: FOLDER }] },
        },
      ]);
    });

    it("nginx's 400 page when none is sent; the folder the engine would read when there is none yet; no CA names", async () => {
      const w = await world('reg.example.com');
      const http = { ok: true as const, answer: { status: 400, statusText: 'Bad Request', headers: {}, body: '<html><center>No required SSL certificate was sent</center></html>' } } as unknown as EndpointOutcome['http'];
      const advice = advise(w, [clientOutcome(w, { error: 'GET https://reg.example.com/v2/: 400 Bad Request' }, http, [])]);
      assert.deepEqual(advice.slice(1), [
        {
          code: 'client-certificate-required',
          message: `The registry wants a client certificate, and ${FOLDER} has none, so Docker sends none and the registry refuses (nginx: "No required SSL certificate was sent"). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key.`,
          fix: { kind: 'command', command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: FOLDER }] },
        },
      ]);
    });

    it('containerd with hosts.toml loads only the files it names: the new pair must be named there too', async () => {
      const dir = '/etc/containerd/certs.d/reg.example.com';
      const w = await world('reg.example.com', { [`${dir}/hosts.toml`]: 'server = "https://reg.example.com"\n', [`${dir}/client.cert`]: 'ignored' }, 'containerd');
      assert.deepEqual(advise(w, [clientOutcome(w, { error: 'remote error: tls: certificate required' })]), [
        {
          code: 'client-certificate-required',
          message: `The registry wants a client certificate issued by "CN=Client CA", and ${dir} has none, so containerd sends none and the registry refuses (remote error: tls: certificate required). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key. With hosts.toml there, containerd reads only the files it names: name the pair in it too (client = [["client.cert", "client.key"]]).`,
          fix: { kind: 'command', command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: dir }] },
        },
      ]);
    });

    it('the folder the engine reads, when it is not in the first root', async () => {
      const second = '/etc/containers/certs.d/reg.example.com';
      const w = await world('reg.example.com', { [`${second}/ca.crt`]: root.pem }, 'podman', ['/home/u/.config/containers/certs.d', '/etc/containers/certs.d']);
      const [a] = advise(w, [clientOutcome(w, { error: 'remote error: tls: certificate required' })]);
      assert.deepEqual(a.fix, { kind: 'command', command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: second }] });
    });

    it('no folder to name: no fix', async () => {
      const w = await world('reg.example.com', {}, 'podman', []);
      assert.deepEqual(advise(w, [clientOutcome(w, { error: 'remote error: tls: handshake failure' })]).slice(1), [
        {
          code: 'client-certificate-required',
          message: `The registry wants a client certificate issued by "CN=Client CA", and the folder has none, so Podman sends none and the registry refuses (remote error: tls: handshake failure). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key.`,
        },
      ]);
    });

    it("the folder's certificates do not fit: why Go passed over each", async () => {
      const other = await clientCert(root, { ...VALID, key: rsaKey(2048, 13) });
      const w = await world('reg.example.com', { [`${FOLDER}/a.cert`]: other.pem, [`${FOLDER}/a.key`]: pkcs8Pem(other.key), [`${FOLDER}/b.cert`]: other.pem, [`${FOLDER}/b.key`]: pkcs8Pem(other.key) });
      const passed = [`${FOLDER}/a.cert`, `${FOLDER}/b.cert`].map((file) => ({ file, reason: 'chain is not signed by an acceptable CA' }));
      assert.deepEqual(advise(w, [clientOutcome(w, { error: 'remote error: tls: certificate required', clientCertificatesPassedOver: passed })]), [
        {
          code: 'client-certificate-unfit',
          message: `The registry wants a client certificate issued by "CN=Client CA"; none of the folder's fits, so Go sends none (a.cert: chain is not signed by an acceptable CA; b.cert: chain is not signed by an acceptable CA). Use a certificate signed by one of the CAs the registry names.`,
        },
      ]);
    });

    describe('one sent and refused', () => {
      let w: World;
      before(async () => {
        const c = await clientCert(clientCa, { ...VALID, key: rsaKey(2048, 13) });
        // a.cert, of another CA, comes first in the folder: the advice names the issuer of the one sent.
        const a = await clientCert(root, { ...VALID, key: rsaKey(2048, 16) });
        w = await world('reg.example.com', { [`${FOLDER}/a.cert`]: a.pem, [`${FOLDER}/a.key`]: pkcs8Pem(a.key), [`${FOLDER}/ca.crt`]: root.pem, [`${FOLDER}/client.cert`]: c.pem, [`${FOLDER}/client.key`]: pkcs8Pem(c.key) });
        assert.deepEqual(w.cfg.endpoints[0].clients.map((p) => p.certPath), [`${FOLDER}/a.cert`, `${FOLDER}/client.cert`]);
      });
      const sent = `${FOLDER}/client.cert`;
      const tail = ' Check that the certificate is signed by the CA the registry trusts, is not expired, and allows clientAuth.';

      for (const alert of ['bad certificate', 'unknown certificate authority', 'expired certificate', 'unsupported certificate', 'unknown certificate', 'revoked certificate', 'access denied', 'certificate required', 'handshake failure']) {
        it(`by the alert "${alert}"`, () => {
          const error = `remote error: tls: ${alert}`;
          assert.deepEqual(advise(w, [clientOutcome(w, { error, clientCertificate: sent })]), [
            { code: 'client-certificate-rejected', message: `The registry refused client.cert (issued by "CN=Client CA"): ${error}. It accepts client certificates issued by "CN=Client CA".${tail}` },
          ]);
        });
      }

      it('by closing the connection after it (EOF, or a reset)', () => {
        for (const error of ['EOF', 'read tcp 192.0.2.1:50000->192.0.2.7:443: read: connection reset by peer']) {
          assert.deepEqual(advise(w, [clientOutcome(w, { error, clientCertificate: sent }, undefined, [])]), [
            { code: 'client-certificate-rejected', message: `The registry refused client.cert (issued by "CN=Client CA"): it closed the connection after receiving it (${error}).${tail}` },
          ]);
        }
      });

      it("by nginx's 400 page", () => {
        const http = { ok: true as const, answer: { status: 400, statusText: 'Bad Request', headers: {}, body: '<center>The SSL certificate error</center>' } } as unknown as EndpointOutcome['http'];
        assert.deepEqual(advise(w, [clientOutcome(w, { error: 'GET https://reg.example.com/v2/: 400 Bad Request', clientCertificate: sent }, http)]), [
          { code: 'client-certificate-rejected', message: `The registry refused client.cert (issued by "CN=Client CA"): nginx: "The SSL certificate error". It accepts client certificates issued by "CN=Client CA".${tail}` },
        ]);
      });

      it('not a refusal: another alert, a 400 for something else, EOF before any certificate, or no request', () => {
        const e = w.cfg.endpoints[0];
        const other400 = { ok: true as const, answer: { status: 400, statusText: 'Bad Request', headers: {}, body: 'bad request' } } as unknown as EndpointOutcome['http'];
        const nginx401 = { ok: true as const, answer: { status: 401, statusText: 'Unauthorized', headers: {}, body: 'The SSL certificate error' } } as unknown as EndpointOutcome['http'];
        const missing401 = { ok: true as const, answer: { status: 401, statusText: 'Unauthorized', headers: {}, body: 'No required SSL certificate was sent' } } as unknown as EndpointOutcome['http'];
        const outcomes: EndpointOutcome[] = [
          clientOutcome(w, { error: 'remote error: tls: internal error', clientCertificate: sent }),
          clientOutcome(w, { error: 'remote error: tls: bad certificate!', clientCertificate: sent }),
          clientOutcome(w, { error: 'GET https://reg.example.com/v2/: 400 Bad Request', clientCertificate: sent }, other400),
          clientOutcome(w, { error: 'GET https://reg.example.com/v2/: 401 Unauthorized', clientCertificate: sent }, nginx401),
          clientOutcome(w, { error: 'GET https://reg.example.com/v2/: 401 Unauthorized' }, missing401),
          clientOutcome(w, { error: 'EOF' }),
          clientOutcome(w, { error: 'connection reset by peer!', clientCertificate: sent }),
          { endpoint: e, report: report(e, { error: 'remote error: tls: bad certificate', clientCertificate: sent, tls: tls() }) },
          { endpoint: e, report: report(e, { error: 'remote error: tls: bad certificate', clientCertificate: sent }) },
          clientOutcome(w, { error: null, clientCertificate: sent }),
        ];
        assert.deepEqual(advise(w, outcomes), []);
      });

      it('an issuer without a Common Name', async () => {
        const namelessCa = await selfSignedCa({ ...VALID, subject: 'O=Nameless Org', key: rsaKey(2048, 11) });
        const c = await clientCert(namelessCa, { ...VALID, key: rsaKey(2048, 13) });
        const w2 = await world('reg.example.com', { [`${FOLDER}/client.cert`]: c.pem, [`${FOLDER}/client.key`]: pkcs8Pem(c.key) });
        assert.deepEqual(advise(w2, [clientOutcome(w2, { error: 'remote error: tls: bad certificate', clientCertificate: sent }, undefined, [])]), [
          { code: 'client-certificate-rejected', message: `The registry refused client.cert (issued by "(no common name)"): remote error: tls: bad certificate.${tail}` },
        ]);
      });
    });
  });

  describe('the connection', () => {
    async function connect(error: string, url?: string): Promise<Advice[]> {
      const w = await world('reg.example.com:5000', { [`${DOCKER_ROOT}/reg.example.com:5000/ca.crt`]: root.pem });
      const e = w.cfg.endpoints[0];
      return advise(w, [{ endpoint: e, connectError: error, report: report(e, { error, address: '192.0.2.7:5000', ...(url ? { url } : {}) }) }]);
    }

    it('plain HTTP on the TLS port: how each engine is told, with the host and port of the URL', async () => {
      assert.deepEqual(await connect('http: server gave HTTP response to HTTPS client', 'https://reg.example.com:5000/v2/'), [
        {
          code: 'plain-http',
          message:
            '192.0.2.7:5000 speaks plain HTTP, not TLS. If the registry really is plain HTTP, tell Docker so (Docker: "insecure-registries": ["reg.example.com:5000"] in /etc/docker/daemon.json; containerd: server = "http://reg.example.com:5000" in hosts.toml; Podman: insecure = true for it in registries.conf). Otherwise the TLS port is another one.',
        },
      ]);
    });

    it('something that is not TLS, nothing listening, no answer in time', async () => {
      for (const error of ['tls: first record does not look like a TLS handshake', 'tls: oversized record received with length 20527']) {
        assert.deepEqual(await connect(error), [{ code: 'not-tls', message: 'Something that is not TLS answers on 192.0.2.7:5000. Check the port.' }]);
      }
      assert.deepEqual(await connect('dial tcp 192.0.2.7:5000: connect: connection refused'), [{ code: 'refused', message: 'Nothing listens on 192.0.2.7:5000. Check the host name, the port, and that the registry runs.' }]);
      for (const error of ['dial tcp 192.0.2.7:5000: i/o timeout', 'net/http: TLS handshake timeout', 'net/http: timeout awaiting response headers', 'Get "https://reg.example.com:5000/v2/": net/http: timeout awaiting response headers']) {
        assert.deepEqual(await connect(error), [{ code: 'timeout', message: `192.0.2.7:5000 did not answer in time (${error}). A firewall may drop the packets, or the service accepts connections and hangs.` }]);
      }
      for (const error of ['x tls: oversized record received', 'connect: connection refused (x)', 'i/o timeout (x)', 'TLS handshake timeout (x)', 'timeout awaiting response headers (x)', 'remote error: tls: internal error']) assert.deepEqual(await connect(error), [], error);
    });

    it('an endpoint that worked gives no advice', async () => {
      const w = await world('reg.example.com:5000', { [`${DOCKER_ROOT}/reg.example.com:5000/ca.crt`]: root.pem });
      const e = w.cfg.endpoints[0];
      assert.deepEqual(advise(w, [{ endpoint: e, report: report(e, { ok: true, error: 'dial tcp 192.0.2.7:5000: connect: connection refused' }) }]), []);
    });
  });

  it("what certsd does not model, once per reason, across the endpoints", async () => {
    const w = await world('reg.example.com:5000', { [`${DOCKER_ROOT}/reg.example.com:5000/ca.crt`]: root.pem });
    const e = w.cfg.endpoints[0];
    const o = (ok: boolean, unmodelled: string[]): EndpointOutcome => ({ endpoint: e, report: report(e, { ok, tls: tls({ unmodelled }) }) });
    assert.deepEqual(advise(w, [o(true, ['a', 'b']), o(false, ['b', 'c']), { endpoint: e, report: report(e) }]), [
      { code: 'unmodelled', message: "certsd does not model all of Go's decision here (a; b; c): the engine may answer differently." },
    ]);
  });
});
