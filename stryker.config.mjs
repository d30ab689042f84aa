// Mutation testing (`npm run mutate`; not part of `npm test` or CI: it takes hours over all of
// server/src). MUTATE_SLICE picks what to mutate (see SLICES); each slice keeps its own report and
// incremental file under reports/mutation/, so running one slice never throws away another's results.
//
//   MUTATE_SLICE=lsp npm run mutate          one slice
//   npm run mutate                           all of server/src
//   npm run mutate -- --force                ignore the incremental file, run every mutant again
//
// @ts-check

/** Slices, most important first (issue 9): what a run mutates. */
const SLICES = {
  lsp: ['server/src/lsp/**/*.ts', 'server/src/server.ts'],
  cli: ['server/src/cli/**/*.ts'],
  check: ['server/src/core/check.ts'],
  rules: ['server/src/core/rules/**/*.ts'],
  simulate: ['server/src/core/engines/simulate.ts'],
  parsePrivateKey: ['server/src/core/go/parsePrivateKey.ts'],
  tls: ['server/src/core/go/tls.ts'],
  all: ['server/src/**/*.ts'],
};

const slice = process.env.MUTATE_SLICE || 'all';
if (!(slice in SLICES)) throw new Error(`MUTATE_SLICE=${slice}: choose one of ${Object.keys(SLICES).join(', ')}`);
/** Report and incremental file names. */
const name = process.env.MUTATE_ALL_TESTS ? `${slice}-alltests` : slice;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  // The tests are TypeScript loaded by tsx, as `.mocharc.json` does with node-option (which Stryker's
  // in-process mocha runner does not apply): the same loader in the runner's own process.
  testRunnerNodeArgs: ['--import', 'tsx'],
  mochaOptions: {
    spec: ['test/unit/**/*.test.ts', 'test/protocol/**/*.test.ts'],
    // Left out unless MUTATE_ALL_TESTS=1: the fixed-seed fuzz sample (70 s) and the FIFOs / special
    // files suite (43 s, its children wait on timers) are most of the suite's time and killed no
    // mutant the other tests let live (compared on the tls slice, see README "Tests").
    ignore: process.env.MUTATE_ALL_TESTS ? [] : ['test/unit/fuzzSample.test.ts', 'test/unit/hostileFiles.test.ts'],
    extension: ['ts'],
    // Copies the active mutant into the environment, for the tests that spawn a child.
    require: ['test/mutation/rootHooks.ts'],
  },
  // Some tests spawn the compiled CLI and server (server/out): compile the instrumented sources in
  // the sandbox, so that those children run the mutant too.
  buildCommand: 'npx tsc -b',
  mutate: SLICES[/** @type {keyof typeof SLICES} */ (slice)],
  coverageAnalysis: 'perTest',
  // A static mutant (one only run while a module loads: top-level constants) needs a fresh process
  // and the whole suite (about 2.5 minutes here) each; they are left out and counted as ignored.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Two cores shared with others: one test process, and generous timeouts, so that a slow machine
  // does not turn a surviving mutant into a "timeout" (which Stryker counts as detected).
  concurrency: 1,
  timeoutMS: 20000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['/test/e2e', '/reports', '/.vscode-test', '/test-artifacts', '/.package', '/.cache'],
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
};
