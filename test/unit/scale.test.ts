/**
 * Huge trees in a child process with a small heap (--max-old-space-size=150): 20,000 host folders,
 * and one folder of 50,000 files. The built CLI (server/out) streams its report; it must finish
 * without running out of memory, and its counts must be those of a small tree of the same folders,
 * scaled (each folder here is checked on its own, so findings add up). Not timed: the speed and
 * memory numbers are in `npm run bench` (test/bench/scale.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { commonPki } from '../helpers/fixtures';

const CLI = path.resolve(__dirname, '../../server/out/cli/main.js');

interface Counts {
  hosts: number;
  findings: Record<string, number>;
}

function countsOf(json: string): Counts {
  const report = JSON.parse(json) as { hosts: unknown[]; findings: { code: string }[] };
  const findings: Record<string, number> = {};
  for (const f of report.findings) findings[f.code] = (findings[f.code] ?? 0) + 1;
  return { hosts: report.hosts.length, findings };
}

/** The built CLI in a child with a 150 MB heap; its report's counts. */
function checkInChild(root: string): Counts {
  const r = spawnSync(process.execPath, ['--max-old-space-size=150', CLI, 'check', root, '--engine', 'docker', '--docker-store', 'graphdriver', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000 });
  assert.equal(r.signal, null, `killed: ${r.signal} ${r.stderr}`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return countsOf(r.stdout);
}

function checkInProcess(root: string): Counts {
  return countsOf(runCli(['check', root, '--engine', 'docker', '--docker-store', 'graphdriver', '--format', 'json']).stdout);
}

const scaled = (c: Record<string, number>, k: number) => Object.fromEntries(Object.entries(c).map(([code, n]) => [code, n * k]));

describe('huge trees in a 150 MB heap', function () {
  this.timeout(120_000);
  let base: string;
  let caPem: string;

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'npm run build first (npm test does)');
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-scale-'));
    caPem = (await commonPki()).ca.pem;
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  /** `n` host folders of two kinds: a good CA file, or a client certificate without its key. */
  function hostsTree(name: string, n: number): string {
    const root = path.join(base, name, 'certs.d');
    for (let i = 0; i < n; i++) {
      const dir = path.join(root, `registry-${i}.example.com`);
      fs.mkdirSync(dir, { recursive: true });
      if (i % 2 === 0) fs.writeFileSync(path.join(dir, 'ca.crt'), caPem);
      else fs.writeFileSync(path.join(dir, 'client.cert'), 'not a certificate\n');
    }
    return root;
  }

  /** One host folder of `n` files: .crt files that hold no certificate, and notes. */
  function filesTree(name: string, n: number): string {
    const dir = path.join(base, name, 'certs.d', 'many.example.com');
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, i % 2 === 0 ? `ca-${i}.crt` : `note-${i}.txt`), 'x\n');
    return path.dirname(dir);
  }

  it('checks 20,000 host folders, with the counts of 2 such folders times 10,000', () => {
    const small = checkInProcess(hostsTree('small', 2));
    assert.equal(small.hosts, 2);
    assert.ok(small.findings['certsd/missing-key'] >= 1, 'the folder without a key has a finding');
    const big = checkInChild(hostsTree('big', 20_000));
    assert.equal(big.hosts, 20_000);
    assert.deepEqual(big.findings, scaled(small.findings, 10_000));
  });

  it('checks a folder of 50,000 files, with the counts of the same folder at 4 and 8 files scaled', () => {
    // Each file's findings are its own, plus some about the folder: f(n) = a + b n, from n = 4 and 8.
    const at4 = checkInProcess(filesTree('f4', 4)).findings;
    const at8 = checkInProcess(filesTree('f8', 8)).findings;
    assert.ok(Object.keys(at8).length > 0, 'the small folder has findings to scale');
    const expected: Record<string, number> = {};
    for (const code of new Set([...Object.keys(at4), ...Object.keys(at8)])) {
      const perFile = ((at8[code] ?? 0) - (at4[code] ?? 0)) / 4;
      const n = (at4[code] ?? 0) + perFile * (50_000 - 4);
      if (n > 0) expected[code] = n;
    }
    const big = checkInChild(filesTree('f50k', 50_000));
    assert.equal(big.hosts, 1);
    assert.deepEqual(big.findings, expected);
  });
});
