/**
 * `npm run bench` (memory and scale, issue 9): peak memory and time of `certsd check` (the built
 * CLI, server/out) on 10,000 and 20,000 host folders in text, JSON and SARIF, on one folder of
 * 50,000 files, against the floor (node requiring the CLI's modules and doing nothing); the ratios
 * 20k / 10k (linear: ~2); and the language server on the 10,000 folders (peak memory, time to the
 * first complete check). Target: < 120 MB peak RSS at 10,000 host folders.
 *
 *   node --import tsx test/bench/scale.ts   (BENCH_SCALE_HOSTS=10000; BENCH_SCALE_KEEP=dir keeps the trees there and reuses them)
 *
 * Each measured process runs alone, its stdout to /dev/null; its peak RSS is its own VmHWM (read at
 * exit by a preloaded probe), its heap V8's at exit: committed (the heap V8 grew to) and live.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HOSTS = Number(process.env.BENCH_SCALE_HOSTS ?? 10_000);
const FILES = 50_000;
// BENCH_SCALE_CLI: another build's main.js (to measure the one before a change); the LSP part is this tree's.
const CLI = path.resolve(process.env.BENCH_SCALE_CLI ?? path.join(__dirname, '../../server/out/cli/main.js'));

const PROBE = `
process.on('exit', () => {
  const v8 = require('v8');
  const committed = v8.getHeapStatistics().total_heap_size;
  v8.setFlagsFromString('--expose-gc');
  require('vm').runInNewContext('gc')();
  const live = v8.getHeapStatistics().used_heap_size;
  let rss;
  try { rss = Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch { rss = process.resourceUsage().maxRSS * 1024; }
  require('fs').writeSync(2, '\\ncertsd-bench-probe ' + JSON.stringify({ rss, committed, live }) + '\\n');
});`;

interface Measure {
  ms: number;
  rssMb: number;
  committedMb: number;
  liveMb: number;
  status: number | null;
  /** Relaunched: the peak RSS of the parent that started the checking child. */
  parentRssMb?: number;
}

const mb = (b: number) => b / 1048576;

function measure(args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const probe = path.join(os.tmpdir(), `certsd-bench-probe-${process.pid}.js`);
  fs.writeFileSync(probe, PROBE);
  const devNull = fs.openSync('/dev/null', 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', probe, ...args], { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(devNull);
  // The probe is in execArgv, so a relaunched CLI's child has it too: the child ends first, the parent (which only waits) after.
  const lines = [...r.stderr.matchAll(/certsd-bench-probe (.*)/g)].map((m) => JSON.parse(m[1]) as { rss: number; committed: number; live: number });
  if (!lines.length) throw new Error(`no probe line from ${args.join(' ')} (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const p = lines[0];
  return { ms, rssMb: mb(p.rss), committedMb: mb(p.committed), liveMb: mb(p.live), status: r.status, parentRssMb: lines[1] && mb(lines[1].rss) };
}

/** The 10k tree (generate.ts: distinct certificates), with some folders broken. */
function brokenSome(root: string): void {
  const names = fs.readdirSync(root).sort();
  names.forEach((n, i) => {
    const dir = path.join(root, n);
    if (i % 10 === 3) fs.rmSync(path.join(dir, 'client.key'));
    else if (i % 25 === 7) fs.writeFileSync(path.join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nnot base64\n');
    else if (i % 50 === 11) fs.truncateSync(path.join(dir, 'client.cert'), 200);
  });
}

function copyAs(from: string, to: string, prefix: string): void {
  for (const n of fs.readdirSync(from)) fs.cpSync(path.join(from, n), path.join(to, `${prefix}${n}`), { recursive: true });
}

function row(label: string, m: Measure, floor?: Measure): string {
  const over = (floor ? `  (+${(m.rssMb - floor.rssMb).toFixed(0)} MB over the floor)` : '') + (m.parentRssMb ? `; its relaunching parent ${m.parentRssMb.toFixed(0)} MB` : '');
  return `${label.padEnd(34)} ${(m.ms / 1000).toFixed(1).padStart(6)} s  peak RSS ${m.rssMb.toFixed(0).padStart(4)} MB  heap committed ${m.committedMb.toFixed(0).padStart(4)} MB (live after the run ${m.liveMb.toFixed(0)} MB)${over}`;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_SCALE_KEEP;
  const work = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-scale-'));
  const root10 = path.join(work, 'h10k', 'certs.d');
  const root20 = path.join(work, 'h20k', 'certs.d');
  const rootFiles = path.join(work, 'f50k', 'certs.d');
  try {
    if (!fs.existsSync(root10)) {
      const t0 = Date.now();
      execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'generate.ts'), root10, String(HOSTS)], { stdio: 'inherit' });
      brokenSome(root10);
      // 20k: the 10k folders twice over, under other names (each folder is checked on its own).
      copyAs(root10, root20, '');
      copyAs(root10, root20, 'mirror-');
      const many = path.join(rootFiles, 'many.example.com');
      fs.mkdirSync(many, { recursive: true });
      for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(many, i % 2 === 0 ? `ca-${i}.crt` : `note-${i}.txt`), 'x\n');
      console.log(`generated ${HOSTS} and ${2 * HOSTS} host folders and a folder of ${FILES} files in ${((Date.now() - t0) / 1000).toFixed(0)} s at ${work}`);
    }
    const check = (root: string, format: string, flags: string[] = [], env: NodeJS.ProcessEnv = {}) => measure([...flags, CLI, 'check', root, '--format', format], env);
    const floor = measure(['-e', `require(${JSON.stringify(CLI)})`]);
    const lines: string[] = [];
    lines.push(row('floor (node, the CLI\'s modules)', floor));
    const at10: Record<string, Measure> = {};
    for (const format of ['text', 'json', 'sarif']) lines.push(row(`${HOSTS} host folders, ${format}`, (at10[format] = check(root10, format)), floor));
    const at20 = check(root20, 'text');
    lines.push(row(`${2 * HOSTS} host folders, text`, at20, floor));
    lines.push(row(`${FILES} files in one folder, text`, check(rootFiles, 'text'), floor));
    lines.push(`ratio ${2 * HOSTS} / ${HOSTS} (text): time ${(at20.ms / at10.text.ms).toFixed(2)}x, peak RSS ${(at20.rssMb / at10.text.rssMb).toFixed(2)}x, over the floor ${((at20.rssMb - floor.rssMb) / (at10.text.rssMb - floor.rssMb)).toFixed(2)}x  (linear: time ~2x, memory flat)`);
    // The V8 flags the CLI runs with (main.ts relaunch), against the same CLI run without them.
    lines.push(row(`${HOSTS}, text, without the relaunch`, check(root10, 'text', [], { CERTSD_NO_RELAUNCH: '1' }), floor));
    for (const flags of [['--max-semi-space-size=2'], ['--optimize-for-size'], ['--max-old-space-size=64'], ['--max-semi-space-size=2', '--max-old-space-size=64']]) {
      lines.push(row(`${HOSTS}, text, node ${flags.join(' ')}`, check(root10, 'text', flags, { CERTSD_NO_RELAUNCH: '1' }), floor));
    }
    const lsp = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lspScale.ts'), path.dirname(root10), String(HOSTS)], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()!) as { ms: number; rss: number; floorRss: number; committed: number; live: number };
    lines.push(
      `LSP, ${HOSTS} host folders as a workspace: first complete check ${(lsp.ms / 1000).toFixed(1)} s, peak RSS ${mb(lsp.rss).toFixed(0)} MB (its process before initialize: ${mb(lsp.floorRss).toFixed(0)} MB), heap committed ${mb(lsp.committed).toFixed(0)} MB, live ${mb(lsp.live).toFixed(0)} MB`,
    );
    console.log('');
    for (const l of lines) console.log(l);
    console.log(`target: peak RSS < 120 MB at ${HOSTS} host folders`);
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
