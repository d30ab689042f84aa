/**
 * The Go-model section of the conformance suite: the unit tests of our Go models
 * (server/src/core/go: x509.ParseCertificate, the three x509 key parsers and crypto/tls's order,
 * tls.X509KeyPair) state what Go says for each input they build. Here those tests run once with
 * CERTSD_GO_VECTORS set, so that every case is recorded (test/helpers/goVectors.ts), and the
 * govectors program (test/conformance/govectors, standard library only) asks this machine's Go the
 * same question for each. Any difference fails the suite; so does a run that records nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const PROGRAM = path.join(__dirname, 'govectors');

export interface GoVectorSection {
  /** Cases recorded by the unit tests. */
  recorded: number;
  /** Cases Go checked (all of them, or the run fails). */
  checked: number;
  mismatches: string[];
  /** The unit test files that record cases. */
  files: string[];
}

/** The unit test files that call recordGoVector (found, not listed, so that a new one is not missed). */
export function vectorTestFiles(dir = path.join(REPO, 'test', 'unit')): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && /\brecordGoVector\(/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
    .sort()
    .map((f) => path.join('test', 'unit', f));
}

export function runGoVectorSection(bin: string, log: (s: string) => void): GoVectorSection {
  const files = vectorTestFiles();
  if (files.length === 0) throw new Error('no unit test records Go vectors (recordGoVector): nothing to check');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-govectors-'));
  try {
    const vectors = path.join(work, 'vectors.jsonl');
    const mocha = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '-n', 'import=tsx', '--extension', 'ts', '--timeout', '60000', '--reporter', 'dot', ...files], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CERTSD_GO_VECTORS: vectors },
      maxBuffer: 1 << 26,
    });
    if (mocha.status !== 0) throw new Error(`the Go-model unit tests failed (exit ${mocha.status ?? mocha.signal}):\n${(mocha.stdout + mocha.stderr).slice(-3000)}`);
    const lines = fs.existsSync(vectors) ? fs.readFileSync(vectors, 'utf8').split('\n').filter((l) => l.trim()) : [];
    if (lines.length === 0) throw new Error(`${files.join(', ')} recorded no Go vectors`);

    const exe = path.join(bin, 'certsd-govectors');
    fs.mkdirSync(bin, { recursive: true });
    const build = spawnSync('go', ['build', '-trimpath', '-o', exe, '.'], { cwd: PROGRAM, encoding: 'utf8', env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' } });
    if (build.status !== 0) throw new Error(`go build of ${path.relative(REPO, PROGRAM)} failed: ${build.stderr || build.error?.message}`);

    const godebugs = [...new Set(lines.map((l) => (JSON.parse(l) as { godebug?: string }).godebug ?? ''))].sort();
    let checked = 0;
    const mismatches: string[] = [];
    for (const g of godebugs) {
      const r = spawnSync(exe, ['-godebug', g], { input: lines.join('\n') + '\n', encoding: 'utf8', env: { ...process.env, GODEBUG: g }, maxBuffer: 1 << 26 });
      const last = /govectors: (\d+) checked, (\d+) mismatches/.exec(r.stdout);
      if (!last || (r.status !== 0 && r.status !== 1)) throw new Error(`govectors (GODEBUG=${g || 'none'}) exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
      checked += Number(last[1]);
      for (const m of r.stdout.split(/\n(?=MISMATCH )/).filter((s) => s.startsWith('MISMATCH '))) mismatches.push(`${m.replace(/\ngovectors:.*$/s, '')}${g ? ` [GODEBUG=${g}]` : ''}`);
      log(`  GODEBUG=${(g || '(none)').padEnd(24)} ${last[1]} case(s), ${last[2]} mismatch(es)`);
    }
    if (checked !== lines.length) throw new Error(`govectors checked ${checked} of the ${lines.length} recorded cases`);
    return { recorded: lines.length, checked, mismatches, files };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
