/**
 * The sample certs.d folder (scripts/make-sample.ts): each mistake folder shows the finding it is
 * there for, and nothing else worth a warning; the good folders load cleanly.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRoot, RootReport } from '../../server/src/core/check';
import { Finding } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { DockerStore } from '../../server/src/core/engines/releases';
import { Engine } from '../../server/src/core/tree';
import { tomlHostLines } from '../../server/src/core/verdict';
import { makeSample, SampleExistsError } from '../../scripts/make-sample';
import { describeFindings, loadOf } from '../helpers/check';

/** Docker with graph drivers unless told: moby's own loader, the one MISTAKES describes. */
function check(root: string, engine: Engine, store: DockerStore = 'graphdriver'): RootReport {
  const now = new Date();
  return checkRoot({ path: root, engine, engineFromPath: false, misnamed: false }, { fs: nodeFileSystem, now: () => now }, { dockerStore: { store, assumed: false } });
}

/** Findings about a host folder or anything in it. */
function inFolder(report: RootReport, root: string, host: string): Finding[] {
  const dir = path.join(root, host);
  return report.findings.filter((f) => f.path === dir || f.path.startsWith(dir + path.sep));
}

function serious(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
}

function list(findings: Finding[]): string {
  return findings.map((f) => `  ${f.severity} ${f.code} ${f.path}: ${f.message}`).join('\n') || '  (none)';
}

interface Mistake {
  /** The file (or, for '', the folder itself) the finding is on. */
  file: string;
  code: string;
  /** Words the message must hold, when the code alone does not tell the case apart. */
  says?: RegExp;
}

/** Each mistake folder, and what the checker must say about it with the docker profile (graph drivers). */
const MISTAKES: Record<string, Mistake[]> = {
  'registry.example.com:443': [{ file: '', code: 'certsd/port-443' }],
  'ca-as-cert.example.com': [{ file: 'ca.cert', code: 'certsd/ca-as-cert' }],
  'server-key.example.com': [{ file: 'ca.key', code: 'certsd/server-key' }],
  'der.example.com': [{ file: 'ca.crt', code: 'certsd/ca-unusable', says: /DER/ }],
  'bom.example.com': [{ file: 'ca.crt', code: 'certsd/ca-unusable', says: /byte order mark/ }],
  'ext.example.com': [
    { file: 'CA.CRT', code: 'certsd/ignored-extension' },
    { file: 'ca.pem', code: 'certsd/ignored-extension' },
  ],
  'expired.example.com': [{ file: 'ca.crt', code: 'certsd/expired' }],
  'expiring.example.com': [{ file: 'ca.crt', code: 'certsd/expiring', says: /expires in 10 days/ }],
  'cn-only.example.com': [{ file: 'registry.crt', code: 'certsd/cn-without-san' }],
  'mismatch.example.com': [{ file: 'client.key', code: 'certsd/invalid-key-pair', says: /does not match/ }],
  'missing-key.example.com': [{ file: 'client.cert', code: 'certsd/missing-key' }],
  'subfolder.example.com': [{ file: path.join('sub', 'ca.crt'), code: 'certsd/file-in-subfolder' }],
};

/** Good folders (for docker), and what the engine loads from each. */
const GOOD: Record<string, { caRoots: number; clientPairs: number }> = {
  'registry.example.com:5000': { caRoots: 1, clientPairs: 1 },
  'mirror.example.com': { caRoots: 1, clientPairs: 0 },
  'docs-style.example.com': { caRoots: 1, clientPairs: 1 },
  'hosts-toml.example.com': { caRoots: 1, clientPairs: 0 },
  // moby reads the two .crt files and never hosts.toml.
  'mirrors.example.com': { caRoots: 2, clientPairs: 0 },
  'to-hosts-toml.example.com': { caRoots: 1, clientPairs: 1 },
};

describe('sample certs.d (scripts/make-sample.ts)', () => {
  let base: string;
  let root: string;
  let report: RootReport;

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-sample-'));
    root = path.join(base, 'certs.d');
    await makeSample(root);
    report = check(root, 'docker');
  });

  after(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('has a test for every host folder it writes', () => {
    const expected = [...Object.keys(MISTAKES), ...Object.keys(GOOD)].sort();
    assert.deepEqual(report.hosts.map((h) => h.name).sort(), expected);
  });

  for (const [host, mistakes] of Object.entries(MISTAKES)) {
    it(`shows ${[...new Set(mistakes.map((m) => m.code))].join(', ')} in ${host}`, () => {
      const found = inFolder(report, root, host);
      for (const m of mistakes) {
        const at = path.join(root, host, m.file);
        const hit = found.find((f) => f.code === m.code && f.path === at);
        assert.ok(hit, `expected ${m.code} on ${at}, got:\n${list(found)}`);
        if (m.says) assert.match(hit.message, m.says);
      }
      // One mistake per folder: no other error or warning distracts from it.
      const others = serious(found).filter((f) => !mistakes.some((m) => m.code === f.code));
      assert.deepEqual(others, [], `unexpected findings in ${host}:\n${list(others)}`);
    });
  }

  it('shows file-in-root for the ca.crt directly in certs.d', () => {
    const stray = report.findings.filter((f) => f.path === path.join(root, 'ca.crt'));
    assert.deepEqual(stray.map((f) => f.code), ['certsd/file-in-root'], describeFindings(report));
  });

  for (const [host, loads] of Object.entries(GOOD)) {
    it(`loads ${host} with no error or warning`, () => {
      assert.deepEqual(serious(inFolder(report, root, host)), [], list(inFolder(report, root, host)));
      const load = loadOf(report, host);
      assert.equal(load.ok, true, load.error);
      assert.deepEqual({ caRoots: load.caRoots, clientPairs: load.clientPairs }, loads);
    });
  }

  it('puts an openssl -text dump before the PEM in docs-style client.cert, as Docker documents', () => {
    const text = fs.readFileSync(path.join(root, 'docs-style.example.com', 'client.cert'), 'utf8');
    assert.match(text, /^Certificate:\n/);
    assert.match(text, /\n-----BEGIN CERTIFICATE-----\n/);
  });

  it('tells pulls (containerd image store) and docker login apart in missing-key.example.com', () => {
    const store = check(root, 'docker', 'containerd');
    const found = serious(inFolder(store, root, 'missing-key.example.com'));
    const file = path.join(root, 'missing-key.example.com', 'client.cert');
    assert.deepEqual(
      found.map((f) => [f.code, f.path, f.message.split(' refuses')[0]]).sort(),
      [
        ['certsd/invalid-key-pair', file, 'Docker (pulls and pushes)'],
        ['certsd/missing-key', file, 'docker login'],
      ],
      list(found),
    );
  });

  it('shows hosts-toml-shadows for the loose ca.crt beside hosts.toml under containerd', () => {
    const containerd = check(root, 'containerd');
    const file = path.join(root, 'hosts-toml.example.com', 'ca.crt');
    assert.ok(
      containerd.findings.some((f) => f.code === 'certsd/hosts-toml-shadows' && f.path === file),
      describeFindings(containerd),
    );
  });

  it('shows, under containerd, the misspelled key and the loose file of mirrors.example.com, and the mirrors in order', () => {
    const containerd = check(root, 'containerd');
    const dir = path.join(root, 'mirrors.example.com');
    const found = inFolder(containerd, root, 'mirrors.example.com');
    assert.deepEqual(
      found.map((f) => [f.code, path.relative(dir, f.path)]).sort(),
      [
        ['certsd/hosts-toml-shadows', 'extra.crt'],
        ['certsd/hosts-toml-unknown-key', 'hosts.toml'],
      ],
      list(found),
    );
    assert.match(found.find((f) => f.code === 'certsd/hosts-toml-unknown-key')!.message, /"skip-verify".*Did you mean "skip_verify"/);
    assert.deepEqual(tomlHostLines(containerd.hosts.find((h) => h.name === 'mirrors.example.com')!), [
      '1. https://mirror-a.example.com:5000/v2 (pull, resolve; CA mirror-ca.crt)',
      '2. https://mirror-b.example.com/v2 (pull; CA mirror-ca.crt; https, then http)',
      '3. server https://mirrors.example.com/v2 (all)',
    ]);
  });

  it('loads to-hosts-toml.example.com under containerd from its loose files, with no hosts.toml yet', () => {
    const containerd = check(root, 'containerd');
    assert.deepEqual(serious(inFolder(containerd, root, 'to-hosts-toml.example.com')), []);
    const load = loadOf(containerd, 'to-hosts-toml.example.com');
    assert.deepEqual({ ok: load.ok, hostsToml: load.hostsToml, caRoots: load.caRoots, clientPairs: load.clientPairs }, { ok: true, hostsToml: false, caRoots: 1, clientPairs: 1 });
  });

  it('writes private keys readable by their owner only', function () {
    if (process.platform === 'win32') this.skip();
    const keys = report.hosts.flatMap((h) => fs.readdirSync(h.path).filter((n) => n.endsWith('.key')).map((n) => path.join(h.path, n)));
    assert.ok(keys.length >= 4, `found keys: ${keys.join(', ')}`);
    for (const k of keys) assert.equal(fs.statSync(k).mode & 0o777, 0o600, k);
  });

  it('never overwrites: a second run into the same folder writes nothing', async () => {
    const file = path.join(root, 'registry.example.com:5000', 'ca.crt');
    const before = fs.readFileSync(file);
    await assert.rejects(makeSample(root), (e: unknown) => e instanceof SampleExistsError && e.existing.includes(file));
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('is described, folder by folder, in examples/README.md', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'README.md'), 'utf8');
    for (const host of [...Object.keys(MISTAKES), ...Object.keys(GOOD)]) assert.ok(readme.includes(`\`${host}/\``), `examples/README.md does not describe ${host}/`);
  });
});
