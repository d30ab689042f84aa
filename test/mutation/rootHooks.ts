/**
 * Loaded by Stryker's mocha runner (stryker.config.mjs, mochaOptions.require), never by `npm test`.
 *
 * The runner switches mutants in-process (`globalThis.__stryker__.activeMutant`); a test that
 * spawns a child (the compiled CLI and server, test/helpers/checkChild.ts) would run the child
 * without it. The instrumented code reads `__STRYKER_ACTIVE_MUTANT__` from its environment when
 * nothing set the mutant in-process, so before each test the active mutant is copied there, and
 * every child started with the default environment runs the same mutant as the test.
 */
const ENV = '__STRYKER_ACTIVE_MUTANT__';

interface StrykerNamespace {
  activeMutant?: string;
}

function syncActiveMutant(): void {
  const active = (globalThis as { __stryker__?: StrykerNamespace }).__stryker__?.activeMutant;
  if (active === undefined) delete process.env[ENV];
  else process.env[ENV] = String(active);
}

export const mochaHooks = {
  beforeAll: syncActiveMutant,
  beforeEach: syncActiveMutant,
};
