/**
 * The probe's report as text (server/src/core/probe/text.ts), the layout the CLI prints and the
 * editor's output channel shows, on made-up reports: every line of a full report, then each part
 * that appears only in some reports (a mirror's role, no SNI, a name that does not match, a server
 * the engine does not verify, system roots, a client certificate asked for with and without CA
 * names, the folder skipped or missing, colours, the loader's note).
 */
import * as assert from 'node:assert/strict';
import { EndpointReport, ProbeReport, TlsReport } from '../../server/src/core/probe/report';
import { probeText } from '../../server/src/core/probe/text';

function tls(over: Partial<TlsReport> = {}): TlsReport {
  return {
    version: 'TLS 1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    serverName: 'reg.example.com',
    chain: [
      { subject: 'CN=reg.example.com\nO=Example', issuer: 'CN=Example CA\nO=Example', notBefore: '2026-01-02T03:04:05Z', notAfter: '2027-01-02T03:04:05Z', sha256: 'aa11', isCA: false },
      { subject: 'CN=Example CA', issuer: 'CN=Example CA', notBefore: '2025-05-06T00:00:00Z', notAfter: '2035-05-06T00:00:00Z', sha256: 'bb22', isCA: true },
    ],
    verified: true,
    skipVerify: false,
    anchor: { subject: 'CN=Example CA\nO=Example', sha256: 'bb22', source: 'folder', path: '/etc/docker/certs.d/reg.example.com/ca.crt' },
    nameCheck: { name: 'reg.example.com', ok: true, matched: 'DNS:reg.example.com', error: null },
    clientCertificateRequested: false,
    acceptableCAs: [],
    unmodelled: [],
    ...over,
  };
}

function endpoint(over: Partial<EndpointReport> = {}): EndpointReport {
  return {
    url: 'https://reg.example.com/v2/',
    role: 'registry',
    address: '192.0.2.7:443',
    ok: true,
    error: null,
    tls: tls(),
    http: { status: 401, statusText: 'Unauthorized', meaning: 'the registry answered and asks to log in' },
    clientCertificate: null,
    clientCertificatesPassedOver: [],
    notes: [],
    millis: 12,
    ...over,
  };
}

function report(over: Partial<ProbeReport> = {}): ProbeReport {
  return {
    host: 'reg.example.com',
    ok: true,
    error: null,
    engine: 'docker@29',
    loader: 'Docker',
    folder: { path: '/etc/docker/certs.d/reg.example.com', tried: ['/etc/docker/certs.d/reg.example.com'], read: true },
    systemRoots: { file: '/etc/ssl/certs/ca-certificates.crt', directories: ['/etc/ssl/certs'], certificates: 140 },
    tls: null,
    http: { status: 401 },
    clientCertificate: null,
    endpoints: [endpoint()],
    advice: [],
    millis: 34,
    ...over,
  };
}

describe('probe text: the report as the CLI prints it', () => {
  it('a full report that works, line by line', () => {
    assert.equal(
      probeText(report(), false),
      [
        'certsd probe reg.example.com as docker@29',
        'folder: /etc/docker/certs.d/reg.example.com',
        'system roots: 140 certificates (/etc/ssl/certs/ca-certificates.crt, /etc/ssl/certs)',
        '',
        'https://reg.example.com/v2/  (connecting to 192.0.2.7:443)',
        '  TLS 1.3, TLS_AES_128_GCM_SHA256, SNI reg.example.com',
        '  chain the server sent:',
        '    0: CN=reg.example.com, O=Example  (issuer CN=Example CA, O=Example; 2026-01-02 to 2027-01-02; sha256 aa11)',
        '    1: CN=Example CA  (issuer CN=Example CA; 2025-05-06 to 2035-05-06; sha256 bb22)',
        '  name reg.example.com: matches DNS:reg.example.com',
        '  trusted through CN=Example CA, O=Example (/etc/docker/certs.d/reg.example.com/ca.crt)',
        '  HTTP 401 Unauthorized: the registry answered and asks to log in',
        '  OK',
        '',
        'OK: the registry answered (34 ms)',
        '',
      ].join('\n'),
    );
  });

  it('a failing mirror and fallback: roles, no SNI, no cipher, a name that does not match, plain HTTP, notes, advice', () => {
    const mirror = endpoint({
      url: 'https://mirror.example.com/v2/',
      role: 'mirror',
      address: '192.0.2.8:443',
      ok: false,
      error: 'x509: certificate is valid for other.example.com, not mirror.example.com',
      tls: tls({ cipher: null, serverName: null, chain: [], nameCheck: { name: 'mirror.example.com', ok: false, matched: null, error: 'x' }, anchor: null, unmodelled: ['OCSP stapling', 'session tickets'] }),
      http: { status: null },
      notes: ['tried first (hosts.toml)'],
    });
    const fallback = endpoint({ url: 'http://reg.example.com/v2/', role: 'fallback', address: '192.0.2.7:80', tls: null, http: { status: 200, plainHttp: true }, ok: false, error: 'refused' });
    const text = probeText(
      report({ ok: false, error: 'no endpoint worked', endpoints: [mirror, fallback], advice: [{ code: 'a', message: 'Add the CA.' }, { code: 'b', message: 'Check the name.' }] }),
      false,
    );
    assert.equal(
      text,
      [
        'certsd probe reg.example.com as docker@29',
        'folder: /etc/docker/certs.d/reg.example.com',
        'system roots: 140 certificates (/etc/ssl/certs/ca-certificates.crt, /etc/ssl/certs)',
        '',
        'mirror: https://mirror.example.com/v2/  (connecting to 192.0.2.8:443)',
        '  TLS 1.3, no SNI',
        '  name mirror.example.com: does not match',
        '  not modelled: OCSP stapling',
        '  not modelled: session tickets',
        '  note: tried first (hosts.toml)',
        '  FAILED: x509: certificate is valid for other.example.com, not mirror.example.com',
        '',
        'fallback: http://reg.example.com/v2/  (connecting to 192.0.2.7:80)',
        '  HTTP 200 (plain HTTP)',
        '  FAILED: refused',
        '',
        'FAILED: no endpoint worked (34 ms)',
        '',
        'advice:',
        '- Add the CA.',
        '- Check the name.',
        '',
      ].join('\n'),
    );
  });

  it('a server the engine does not verify, and one trusted through the system roots', () => {
    const lines = (tlsOver: Partial<TlsReport>) => probeText(report({ endpoints: [endpoint({ tls: tls({ chain: [], nameCheck: null, version: null, ...tlsOver }), http: { status: null } })] }), false).split('\n').slice(4, -4);
    assert.deepEqual(lines({ skipVerify: true }), ['https://reg.example.com/v2/  (connecting to 192.0.2.7:443)', '  the engine does not verify this server']);
    assert.deepEqual(lines({ anchor: { subject: 'CN=ISRG Root X1\nO=Internet Security Research Group', sha256: 'cc', source: 'system', path: '/etc/ssl/certs/ca-certificates.crt' } }), [
      'https://reg.example.com/v2/  (connecting to 192.0.2.7:443)',
      '  trusted through CN=ISRG Root X1, O=Internet Security Research Group (system roots, /etc/ssl/certs/ca-certificates.crt)',
    ]);
    assert.deepEqual(lines({ anchor: null }), ['https://reg.example.com/v2/  (connecting to 192.0.2.7:443)']);
  });

  it('a client certificate asked for: with the CA names, without them, none sent, and the pairs passed over', () => {
    const lines = (e: Partial<EndpointReport>, tlsOver: Partial<TlsReport>) =>
      probeText(report({ endpoints: [endpoint({ http: { status: null }, ...e, tls: tls({ chain: [], nameCheck: null, version: null, anchor: null, clientCertificateRequested: true, ...tlsOver }) })] }), false).split('\n').slice(5, -4);
    assert.deepEqual(lines({ clientCertificate: 'client.cert' }, { acceptableCAs: ['CN=Client CA', 'CN=Other CA'] }), ['  the server asks for a client certificate issued by "CN=Client CA", "CN=Other CA"; sent: client.cert']);
    assert.deepEqual(lines({ clientCertificatesPassedOver: [{ file: 'old.cert', reason: 'expired' }, { file: 'b.cert', reason: 'not issued by those CAs' }] }, {}), [
      '  the server asks for a client certificate; sent: none',
      '    passed over old.cert: expired',
      '    passed over b.cert: not issued by those CAs',
    ]);
    // Not asked: no line, whatever the endpoint would have sent.
    assert.deepEqual(lines({ clientCertificate: 'client.cert' }, { clientCertificateRequested: false }), []);
  });

  it('the folder: skipped for Docker Hub and for a loopback registry, none of the tried ones, system roots without a file', () => {
    const second = (r: Partial<ProbeReport>) => probeText(report({ endpoints: [], ...r }), false).split('\n').slice(1, 3);
    assert.deepEqual(second({ folder: { path: null, tried: [], read: false, skipped: 'docker-hub' } }), ['folder: none (Docker Hub: certs.d is not read)', 'system roots: 140 certificates (/etc/ssl/certs/ca-certificates.crt, /etc/ssl/certs)']);
    assert.deepEqual(second({ folder: { path: null, tried: [], read: false, skipped: 'loopback' } }), ['folder: none (a loopback registry: certs.d is not read)', 'system roots: 140 certificates (/etc/ssl/certs/ca-certificates.crt, /etc/ssl/certs)']);
    assert.deepEqual(second({ folder: { path: null, tried: ['/etc/docker/certs.d/reg.example.com', '/etc/docker/certs.d/reg.example.com:443'], read: false }, systemRoots: { file: null, directories: ['/etc/ssl/certs', '/etc/pki/tls/certs'], certificates: 0 } }), [
      'folder: none of /etc/docker/certs.d/reg.example.com, /etc/docker/certs.d/reg.example.com:443 exists',
      'system roots: 0 certificates (/etc/ssl/certs, /etc/pki/tls/certs)',
    ]);
  });

  it("names the loader when another engine's code reads the folder, and not when the engine's own does", () => {
    const first = (r: Partial<ProbeReport>) => probeText(report({ endpoints: [], ...r }), false).split('\n')[0];
    assert.equal(first({ engine: 'docker@29', loader: 'containerd' }), "certsd probe reg.example.com as docker@29 (certs.d read by containerd's code)");
    assert.equal(first({ engine: 'podman', loader: 'Podman' }), 'certsd probe reg.example.com as podman');
    assert.equal(first({ engine: 'containerd@2.1', loader: 'containerd' }), 'certsd probe reg.example.com as containerd@2.1');
  });

  it('colours only OK and FAILED, and only when asked, with no error given: "no endpoint answered"', () => {
    const okText = probeText(report(), true).split('\n');
    assert.equal(okText[12], '\u001b[32m  OK\u001b[0m');
    assert.equal(okText[14], '\u001b[32mOK: the registry answered (34 ms)\u001b[0m');
    const failed = probeText(report({ ok: false, error: null, endpoints: [endpoint({ ok: false, error: 'refused', tls: null, http: { status: null } })] }), true).split('\n');
    assert.deepEqual(failed.slice(4), ['https://reg.example.com/v2/  (connecting to 192.0.2.7:443)', '\u001b[31m  FAILED: refused\u001b[0m', '', '\u001b[31mFAILED: no endpoint answered (34 ms)\u001b[0m', '']);
  });
});
