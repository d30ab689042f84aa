/**
 * core/hostSummary.ts: the one-line summary of a host folder (the Registries view, the generator's
 * host picker). The severity, problem count and client pairs on host checks written out by hand;
 * the certificate that expires first on real folders checked by the core, with certificates made
 * here and a fixed clock.
 */
import * as assert from 'node:assert/strict';
import type { HostCheck } from '../../server/src/core/check';
import { emptyResult, LoadResult } from '../../server/src/core/engines/result';
import { Finding, Severity, ZERO_RANGE } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { hostSummary, soonestExpiry } from '../../server/src/core/hostSummary';
import { runCheck } from '../helpers/check';
import { clientCert, ecKey, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const H = '/r/certs.d/reg.example.com';
const NOW = new Date('2026-06-01T00:00:00Z');

const finding = (severity: Severity): Finding => ({ code: 'certsd/weak-key', severity, path: `${H}/ca.crt`, range: ZERO_RANGE, summary: 's', message: 'm', hostPath: H });

function host(findings: Finding[], load: Partial<LoadResult> = {}, login?: Partial<LoadResult>): HostCheck {
  return {
    dir: { root: '/r/certs.d', name: 'reg.example.com', path: H, entries: [] },
    report: {
      root: '/r/certs.d',
      name: 'reg.example.com',
      path: H,
      engine: 'docker',
      release: { engine: 'docker', release: '29', source: '', go: '1.26', harness: '' },
      load: { ...emptyResult('docker'), ...load },
      ...(login ? { login: { ...emptyResult('docker'), ...login } } : {}),
    },
    findings,
  };
}

const severityOf = (h: HostCheck) => hostSummary(h, nodeFileSystem).severity;

describe('core/hostSummary: severity, problems, client pairs', () => {
  it('ok without findings; else the worst finding, in whatever order they come', () => {
    const cases: [Severity[], string][] = [
      [[], 'ok'],
      [['hint'], 'hint'],
      [['information', 'hint'], 'information'],
      [['hint', 'information', 'warning'], 'warning'],
      [['error', 'information'], 'error'],
      [['warning', 'error', 'hint'], 'error'],
    ];
    assert.deepEqual(
      cases.map(([s]) => severityOf(host(s.map(finding)))),
      cases.map(([, want]) => want),
    );
  });

  it('error when the engine refuses the folder, for pulls or for docker login, even without a finding', () => {
    assert.equal(severityOf(host([], { ok: false, error: 'x' })), 'error');
    assert.equal(severityOf(host([finding('hint')], {}, { ok: false, error: 'x' })), 'error');
    assert.equal(severityOf(host([finding('hint')], {}, {})), 'hint');
  });

  it('the whole summary of a folder that loads: its verdict, its findings counted, its pairs', () => {
    assert.deepEqual(hostSummary(host([finding('hint'), finding('warning')], { clientPairs: 2 }), nodeFileSystem), {
      verdict: 'Docker: system roots only, 2 client certificates',
      severity: 'warning',
      problems: 2,
      clientPairs: 2,
      soonestExpiry: null,
    });
  });

  it('a folder the engine refuses has no working pair and nothing that expires', () => {
    assert.deepEqual(hostSummary(host([], { ok: false, error: 'open x: permission denied', clientPairs: 1 }), nodeFileSystem), {
      verdict: 'Docker: fails - open x: permission denied',
      severity: 'error',
      problems: 0,
      clientPairs: 0,
      soonestExpiry: null,
    });
  });
});

describe('core/hostSummary: soonestExpiry on checked folders', function () {
  this.timeout(60_000);
  const tree = tempTrees();
  let ca: TestCert;
  let sameDayCa: TestCert;
  let client: TestCert;
  let intermediate: TestCert;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'Summary CA', key: ecKey('P-256', 60), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2030-06-06T07:08:09.500Z') });
    sameDayCa = await selfSignedCa({ commonName: 'Second CA', key: ecKey('P-256', 61), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2030-06-06T07:08:09.500Z') });
    client = await clientCert(ca, { commonName: 'summary client', key: ecKey('P-256', 62), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2029-03-04T05:06:07Z') });
    // Sent along with the client certificate (the chain): it expires first, but the engine trusts nothing from it.
    intermediate = await selfSignedCa({ commonName: 'Chain CA', key: ecKey('P-256', 63), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') });
  });

  function checked(files: Record<string, string | ReturnType<typeof file>>): HostCheck {
    const t = tree({ 'certs.d': { 'reg.example.com': files } });
    const report = runCheck(t.path('certs.d'), { engine: 'docker', now: NOW });
    return report.hostChecks[0];
  }

  it('the client certificate when it expires before the CA; a chain certificate sent along is not counted', () => {
    const h = checked({ 'ca.crt': ca.pem, 'client.cert': client.pem + intermediate.pem, 'client.key': file(pkcs8Pem(client.key), 0o600) });
    assert.equal(h.report.load.ok, true, h.report.load.error);
    assert.deepEqual(soonestExpiry(h, nodeFileSystem), { notAfter: '2029-03-04T05:06:07Z', path: h.dir.path + '/client.cert', subject: '"summary client"' });
  });

  it('the CA, to the second (no milliseconds), the first file of two that expire at the same time', () => {
    const h = checked({ 'a.crt': ca.pem, 'b.crt': sameDayCa.pem });
    assert.deepEqual(soonestExpiry(h, nodeFileSystem), { notAfter: '2030-06-06T07:08:09Z', path: h.dir.path + '/a.crt', subject: '"Summary CA"' });
  });

  it('nothing for a folder the engine refuses (a client certificate without its key)', () => {
    const h = checked({ 'ca.crt': ca.pem, 'client.cert': client.pem });
    assert.equal(h.report.load.ok, false);
    assert.equal(soonestExpiry(h, nodeFileSystem), null);
  });

  it('nothing for a folder without certificates', () => {
    assert.equal(soonestExpiry(checked({ 'README.md': 'x' }), nodeFileSystem), null);
  });
});
