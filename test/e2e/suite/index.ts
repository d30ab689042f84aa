/**
 * Entry point that VS Code's extension host loads as `extensionTestsPath`, under either launcher
 * (runCodeServer.ts offline, runElectron.ts with @vscode/test-electron). It runs the mocha suite
 * and reports to the results file named in the launcher's config (see fixture.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { E2eResults } from '../fixture';
import { loadConfig } from './config';

/**
 * Files that run before all others, in this order. The harness check (workspace.test) looks at the
 * workspace as the launcher wrote it, so it must run before extension.test's quick fixes change it.
 */
const FIRST = ['workspace.test.js'];

/** The compiled test files in `names`: those of FIRST first, then the rest by name. */
export function testFiles(names: string[]): string[] {
  const tests = names.filter((n) => n.endsWith('.test.js'));
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return tests.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export async function run(): Promise<void> {
  const { config, fromEnv } = loadConfig();
  const results: E2eResults = {
    state: 'running',
    passed: 0,
    failed: 0,
    pending: 0,
    tests: [],
    output: '',
    configFromEnv: fromEnv,
    vscodeVersion: vscode.version,
  };
  const write = (): void => {
    if (!config) return;
    // Written whole and renamed, so that the launcher never reads half a file.
    const tmp = `${config.resultsFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
    fs.renameSync(tmp, config.resultsFile);
  };
  write();

  // Keep mocha's spec output for the launcher, which cannot see this process's console.
  const lines: string[] = [];
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    lines.push(util.format(...args));
    consoleLog(...args);
  };

  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    // A regular expression (mocha escapes a string grep): the launcher leaves out several titles at once.
    if (config?.grep) mocha.grep(new RegExp(config.grep));
    if (config?.grep && config.invert) mocha.invert();
    for (const name of testFiles(fs.readdirSync(__dirname))) mocha.addFile(path.join(__dirname, name));
    await mocha.loadFilesAsync();
    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      runner.on('pass', (test) => {
        results.passed++;
        results.tests.push({ fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration });
        write();
      });
      runner.on('fail', (test, err: Error) => {
        results.failed++;
        results.tests.push({ fullTitle: test.fullTitle(), state: 'failed', durationMs: test.duration, error: err.stack ?? String(err) });
        write();
      });
      runner.on('pending', (test) => {
        results.pending++;
        results.tests.push({ fullTitle: test.fullTitle(), state: 'pending' });
        write();
      });
    });
    results.output = lines.join('\n');
    results.state = 'done';
    write();
    if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
    if (results.passed === 0) throw new Error('no e2e test ran');
  } catch (err) {
    if (results.state !== 'done') {
      results.crash = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.output = lines.join('\n');
      results.state = 'done';
      write();
    }
    throw err;
  } finally {
    Mocha.reporters.Base.consoleLog = consoleLog;
  }
}
