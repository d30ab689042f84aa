/**
 * A fixed-seed sample of the fuzz attacks (test/fuzz/cases.ts) in every `npm test`: a few thousand
 * cases, the same each run. `npm run fuzz` runs 100,000+ with a random seed.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentArb, goodHostFiles, hostCaseArb, makeSeeds, runHostCase, runParsers, Seeds } from '../fuzz/cases';
import { buildPemOracle, comparePem, pemLikeArb } from '../fuzz/pemDifferential';

describe('fuzz sample (fixed seed)', function () {
  this.timeout(120_000);
  let seeds: Seeds;
  let good: Record<string, Buffer>;
  before(async () => {
    seeds = await makeSeeds();
    good = await goodHostFiles();
  });

  it('1,000 fuzzed folders beside a good one: no throw, no internal error, the good one unchanged, no control character in the text output', () => {
    const baseline = new Map();
    fc.assert(
      fc.property(hostCaseArb(seeds), (c) => {
        const problem = runHostCase(c, good, baseline);
        if (problem) throw new Error(problem);
      }),
      { seed: 20260601, numRuns: 1000 },
    );
  });

  it('2,000 fuzzed inputs to every parser: none throws', () => {
    fc.assert(
      fc.property(contentArb(seeds), (d) => {
        const problem = runParsers(d);
        if (problem) throw new Error(problem);
      }),
      { seed: 20260602, numRuns: 2000 },
    );
  });

  it("3,000 PEM-like inputs decode as Go's encoding/pem decodes them", function () {
    const oracle = buildPemOracle();
    if (!oracle.binary) this.skip();
    const inputs = [...fc.sample(pemLikeArb, { seed: 20260603, numRuns: 2000 }), ...fc.sample(contentArb(seeds), { seed: 20260604, numRuns: 1000 })];
    assert.equal(comparePem(oracle.binary!, inputs), undefined);
  });
});
