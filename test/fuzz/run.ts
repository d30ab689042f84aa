/**
 * `npm run fuzz`: the attacks of cases.ts, at least 100,000 cases, with a random seed (printed, so
 * that a failure can be replayed with FUZZ_SEED=<seed>), within a time bound:
 *   - whole checks of a fuzzed host folder beside a good one, under each engine, every formatter;
 *   - the parsers alone on fuzzed bytes;
 *   - the PEM decoder against Go's own encoding/pem (when a Go toolchain is there).
 * Every case must finish in FUZZ_CASE_MS (default 2,000 ms); the whole run in FUZZ_BUDGET_S (default 900 s).
 *
 *   FUZZ_HOSTS=30000 FUZZ_PARSERS=50000 FUZZ_PEM=40000 npm run fuzz
 */
import fc from 'fast-check';
import { contentArb, goodHostFiles, hostCaseArb, makeSeeds, runHostCase, runParsers } from './cases';
import { buildPemOracle, comparePem, pemLikeArb } from './pemDifferential';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const HOSTS = Number(process.env.FUZZ_HOSTS ?? 30_000);
const PARSERS = Number(process.env.FUZZ_PARSERS ?? 50_000);
const PEM = Number(process.env.FUZZ_PEM ?? 40_000);
const CASE_MS = Number(process.env.FUZZ_CASE_MS ?? 2_000);
const BUDGET_S = Number(process.env.FUZZ_BUDGET_S ?? 900);

interface Tally {
  name: string;
  cases: number;
  ms: number;
  slowest: number;
}

function timed<T>(tally: Tally, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const d = performance.now() - t0;
  tally.cases++;
  tally.slowest = Math.max(tally.slowest, d);
  if (d > CASE_MS) throw new Error(`a case took ${d.toFixed(0)} ms (limit ${CASE_MS} ms)`);
  return r;
}

async function main(): Promise<void> {
  const start = performance.now();
  console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npm run fuzz)`);
  const seeds = await makeSeeds();
  const good = await goodHostFiles();
  const baseline = new Map();
  const tallies: Tally[] = [];
  const run = async (name: string, body: (t: Tally) => void | Promise<void>) => {
    const t: Tally = { name, cases: 0, ms: 0, slowest: 0 };
    const t0 = performance.now();
    await body(t);
    t.ms = performance.now() - t0;
    tallies.push(t);
    console.log(`${name.padEnd(36)} ${String(t.cases).padStart(7)} cases  ${(t.ms / 1000).toFixed(1).padStart(6)} s  slowest case ${t.slowest.toFixed(0)} ms`);
  };

  await run('checks (folder beside a good one)', (t) =>
    fc.assert(
      fc.property(hostCaseArb(seeds), (c) => {
        const problem = timed(t, () => runHostCase(c, good, baseline));
        if (problem) throw new Error(problem);
      }),
      { seed, numRuns: HOSTS },
    ),
  );
  await run('parsers on fuzzed bytes', (t) =>
    fc.assert(
      fc.property(contentArb(seeds), (d) => {
        const problem = timed(t, () => runParsers(d));
        if (problem) throw new Error(problem);
      }),
      { seed: seed + 1, numRuns: PARSERS },
    ),
  );
  const oracle = buildPemOracle();
  if (oracle.binary) {
    await run("PEM decoding vs Go's encoding/pem", (t) => {
      const inputs = [...fc.sample(pemLikeArb, { seed: seed + 2, numRuns: Math.ceil(PEM / 2) }), ...fc.sample(contentArb(seeds), { seed: seed + 3, numRuns: Math.floor(PEM / 2) })];
      for (let i = 0; i < inputs.length; i += 5000) {
        const problem = comparePem(oracle.binary!, inputs.slice(i, i + 5000));
        if (problem) throw new Error(problem);
      }
      t.cases = inputs.length;
    });
  } else {
    console.log(`PEM decoding vs Go: skipped, ${oracle.reason}`);
  }
  const total = tallies.reduce((n, t) => n + t.cases, 0);
  const seconds = (performance.now() - start) / 1000;
  console.log(`${total} cases in ${seconds.toFixed(1)} s (budget ${BUDGET_S} s), no failure`);
  if (seconds > BUDGET_S) {
    console.error(`over the time budget: ${seconds.toFixed(0)} s > ${BUDGET_S} s`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`fuzz seed ${seed}: FAILED\n${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
