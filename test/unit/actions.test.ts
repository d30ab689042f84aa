/**
 * Every action agrees with the problem (server/src/core/actions.ts, core/lensVerdict.ts): over the
 * sample folder and a few more generated trees, under every engine, each finding that calls for a
 * rename, a deletion or a new CA leaves no "Generate" action where it applies; a deletion the
 * findings call for is offered; every lens verdict fits in MAX_LENS_VERDICT characters and leads
 * with an expired or unusable CA. What "calls for" means is read here from the finding itself
 * (its fixes, its code and file), not from the module under test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { offeredActions, REMEDIES } from '../../server/src/core/actions';
import { checkRoot, HostCheck, RootReport } from '../../server/src/core/check';
import { DockerStore } from '../../server/src/core/engines/releases';
import { Finding } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { lensVerdict, MAX_LENS_VERDICT } from '../../server/src/core/lensVerdict';
import { RULES } from '../../server/src/core/rules';
import { INTERNAL_ERROR } from '../../server/src/core/rules/guard';
import { Engine } from '../../server/src/core/tree';
import { makeSample } from '../../scripts/make-sample';
import { Commands, ContextKeys } from '../../server/src/protocol';
import { certDer, clientCert, ecKey, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const DAY = 86_400_000;

const PASSES: { engine: Engine; store?: DockerStore }[] = [
  { engine: 'docker', store: 'graphdriver' },
  { engine: 'docker', store: 'containerd' },
  { engine: 'podman' },
  { engine: 'containerd' },
];

function check(root: string, engine: Engine, store: DockerStore = 'graphdriver'): RootReport {
  const now = new Date();
  return checkRoot({ path: root, engine, engineFromPath: false, misnamed: false }, { fs: nodeFileSystem, now: () => now }, { dockerStore: { store, assumed: false } });
}

const serious = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

/** The finding's advice is to rename, move, convert or delete a file: its fixes say so, or its rule is about a file to delete. */
function callsForRenameOrDelete(f: Finding): boolean {
  return (f.fixes ?? []).some((x) => x.kind === 'rename' || x.kind === 'move' || x.kind === 'der-to-pem' || x.kind === 'delete') || f.code === 'certsd/server-key' || f.code === 'certsd/ca-as-cert';
}

/** The folder's CA (a .crt) is expired, not yet valid, or holds nothing Go can use: a new CA first. */
function callsForNewCa(f: Finding): boolean {
  return f.severity === 'error' && f.path.endsWith('.crt') && ['certsd/expired', 'certsd/not-yet-valid', 'certsd/ca-unusable'].includes(f.code);
}

const isGenerate = (kind: string) => kind === 'generate-client-pair' || kind === 'generate-certificate-for-key';

/** Every file of the folder and the folder itself: where lenses and actions may be asked for. */
function placesOf(host: HostCheck): string[] {
  return [host.dir.path, ...host.dir.entries.map((e) => e.path)];
}

describe('offered actions agree with the findings', function () {
  this.timeout(60_000);
  const makeTree = tempTrees();
  const reports: { pass: string; report: RootReport }[] = [];
  let sampleDir: string;

  before(async () => {
    sampleDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-actions-')), 'certs.d');
    await makeSample(sampleDir);
    const ca = await selfSignedCa({ commonName: 'Actions CA', key: ecKey('P-256', 40) });
    const other = await selfSignedCa({ commonName: 'Other CA', key: ecKey('P-256', 41) });
    const expiredClient = await clientCert(ca, { commonName: 'old-client', key: ecKey('P-256', 42), notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
    const extra = makeTree({
      'certs.d': {
        // What "Convert DER certificate to PEM" leaves: the PEM under the name read, the DER kept.
        'converted-cer.example.com': { 'ca.cer': certDer(ca), 'ca.crt': ca.pem },
        'converted-crt.example.com': { 'ca.der': certDer(ca), 'ca.crt': ca.pem },
        // A DER file whose certificate is not the PEM one: still a CA the engine misses.
        'not-twin.example.com': { 'other.der': certDer(other), 'ca.crt': ca.pem },
        'expired-client.example.com': { 'ca.crt': ca.pem, 'client.cert': expiredClient.pem, 'client.key': file(pkcs8Pem(expiredClient.key), 0o600) },
        'ca-only.example.com': { 'ca.crt': ca.pem },
        'lone-key.example.com': { 'ca.crt': ca.pem, 'client.key': file(pkcs8Pem(ecKey('P-256', 43)), 0o600) },
      },
    });
    for (const { engine, store } of PASSES) {
      const pass = `${engine}${store ? ` (${store})` : ''}`;
      reports.push({ pass, report: check(sampleDir, engine, store) }, { pass, report: check(extra.path('certs.d'), engine, store) });
    }
  });

  after(() => fs.rmSync(path.dirname(sampleDir), { recursive: true, force: true }));

  it("shows the Explorer's commands only on the files the server lists (package.json `when` names the protocol's context keys)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const explorer = manifest.contributes.menus['explorer/context'];
    const whenOf = (command: string) => explorer.find((m) => m.command === command)?.when;
    assert.equal(whenOf(Commands.convertDerToPem), `resourcePath in ${ContextKeys.derCertificates}`);
    assert.equal(whenOf(Commands.deleteFile), `resourcePath in ${ContextKeys.deletableFiles}`);
  });

  it('knows the remedy of every rule (a new rule decides what it means for the actions)', () => {
    const missing = [...RULES.map((r) => r.code), INTERNAL_ERROR].filter((c) => !(c in REMEDIES));
    assert.deepEqual(missing, []);
  });

  it('offers no Generate action where a finding calls for a rename, a deletion or a new CA', () => {
    let diagnoses = 0;
    for (const { pass, report } of reports) {
      for (const host of report.hostChecks) {
        for (const f of host.findings) {
          if (!callsForRenameOrDelete(f) && !callsForNewCa(f)) continue;
          diagnoses++;
          // A serious one anywhere in the folder; any one on its own file.
          for (const place of serious(f) ? placesOf(host) : [f.path]) {
            const generate = offeredActions(host, place).filter((a) => isGenerate(a.kind));
            assert.deepEqual(generate, [], `${pass}: ${f.code} on ${f.path} (${f.message}), yet Generate is offered on ${place}`);
          }
        }
      }
    }
    // The sample has a rename, a delete and an expired CA in every pass: the loop is not empty.
    assert.ok(diagnoses >= 4 * 5, `only ${diagnoses} diagnoses looked at`);
  });

  it('still offers Generate where a pair is missing and nothing stands in the way', () => {
    for (const { pass, report } of reports) {
      const caOnly = report.hostChecks.find((h) => h.dir.name === 'ca-only.example.com');
      if (!caOnly) continue;
      assert.ok(offeredActions(caOnly, path.join(caOnly.dir.path, 'ca.crt')).some((a) => a.kind === 'generate-client-pair'), pass);
      // An expired client certificate is replaced by a new pair, unlike an expired CA.
      const expired = report.hostChecks.find((h) => h.dir.name === 'expired-client.example.com')!;
      assert.ok(expired.findings.some((f) => f.code === 'certsd/expired'), pass);
      const lone = report.hostChecks.find((h) => h.dir.name === 'lone-key.example.com')!;
      const key = path.join(lone.dir.path, 'client.key');
      if (lone.findings.some((f) => f.path === key && f.code === 'certsd/missing-client-cert')) {
        assert.ok(offeredActions(lone, key).some((a) => a.kind === 'generate-certificate-for-key'), `${pass}: no "Generate certificate for this key" on a lone client key`);
      }
    }
  });

  it('offers to delete (and move away) a registry key copied in, and to delete a DER original, on that file only', () => {
    let seen = 0;
    for (const { pass, report } of reports) {
      for (const host of report.hostChecks) {
        for (const f of host.findings) {
          if (f.code !== 'certsd/server-key' && f.code !== 'certsd/der-original') continue;
          seen++;
          const kinds = offeredActions(host, f.path).map((a) => a.kind);
          assert.ok(kinds.includes('delete'), `${pass}: ${f.code} on ${f.path} without a delete action: ${kinds}`);
          assert.equal(kinds.includes('move-out'), f.code === 'certsd/server-key', `${pass}: ${f.path}: ${kinds}`);
          for (const other of placesOf(host).filter((p) => p !== f.path)) {
            assert.ok(!offeredActions(host, other).some((a) => a.kind === 'delete' && a.path === f.path), `${pass}: deleting ${f.path} offered on ${other}`);
          }
        }
      }
    }
    assert.ok(seen >= 4 * 2, `only ${seen} delete diagnoses`);
  });

  it('offers "Convert DER certificate to PEM" exactly on the files whose finding converts them', () => {
    for (const { pass, report } of reports) {
      for (const host of report.hostChecks) {
        for (const place of placesOf(host)) {
          const converts = host.findings.some((f) => f.path === place && f.fixes?.some((x) => x.kind === 'der-to-pem'));
          assert.equal(offeredActions(host, place).some((a) => a.kind === 'convert-der-to-pem'), converts, `${pass}: ${place}`);
        }
      }
    }
  });

  it(`keeps every lens verdict within ${MAX_LENS_VERDICT} characters`, () => {
    for (const { pass, report } of reports) {
      for (const host of report.hostChecks) {
        const v = lensVerdict(host);
        assert.ok(v.title.length <= MAX_LENS_VERDICT, `${pass}: ${host.dir.name}: ${v.title.length} characters: ${v.title}`);
        assert.ok(v.title.length > 0);
      }
    }
  });

  it('says an expired or unusable CA in the verdict instead of counting it as a root', () => {
    let seen = 0;
    for (const { pass, report } of reports) {
      for (const host of report.hostChecks) {
        const ca = host.findings.find(callsForNewCa);
        if (!ca) continue;
        seen++;
        const { title } = lensVerdict(host);
        assert.doesNotMatch(title, /CA root/, `${pass}: ${host.dir.name}: ${title}`);
        assert.ok(title.includes(path.basename(ca.path)), `${pass}: ${host.dir.name}: ${title}`);
        assert.match(title, /expired|not valid yet|unusable/, `${pass}: ${host.dir.name}: ${title}`);
      }
    }
    assert.ok(seen >= 4 * 2, `only ${seen} folders with an unusable CA`);
  });
});
