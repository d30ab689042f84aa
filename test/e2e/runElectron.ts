/**
 * The same suite in desktop VS Code, through @vscode/test-electron (2.5.x: 3.x needs Node 22).
 * It downloads VS Code, so it only works on a machine with internet; offline, use
 * `npm run test:e2e` (runCodeServer.ts). Run it after `npm run build && tsc -p test/e2e`:
 *
 *   node test/e2e/out/test/e2e/runElectron.js
 *
 * Environment: CERTSD_VSCODE_VERSION (default 'stable', e.g. '1.100.3' or 'insiders'),
 * CERTSD_VSCODE_EXECUTABLE (a VS Code already installed: no download), CERTSD_E2E_GREP.
 * Under Linux without a display, run it inside `xvfb-run -a`.
 *
 * There is no browser page here, so the suite's screenshot requests are no-ops.
 */
import * as fs from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { CONFIG_ENV, type E2eResults } from './fixture';
import { ARTIFACTS, REPO, SUITE_INDEX } from './paths';
import { buildWorkspace } from './workspace';

async function main(): Promise<number> {
  if (!fs.existsSync(SUITE_INDEX)) throw new Error(`${SUITE_INDEX} is missing: run npm run build && tsc -p test/e2e first`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const ws = await buildWorkspace({ artifactsDir: ARTIFACTS, screenshots: false, grep: process.env.CERTSD_E2E_GREP || undefined });
  try {
    const exitCode = await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE_INDEX,
      // The first launch argument is the folder to open.
      launchArgs: [ws.workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { [CONFIG_ENV]: ws.configFile },
      version: process.env.CERTSD_VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.CERTSD_VSCODE_EXECUTABLE || undefined,
    }).catch((err: unknown) => {
      // runTests rejects when VS Code exits non-zero, which a failing test makes it do.
      process.stderr.write(`[e2e] ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    });
    const results = fs.existsSync(ws.resultsFile) ? (JSON.parse(fs.readFileSync(ws.resultsFile, 'utf8')) as E2eResults) : undefined;
    if (!results) {
      process.stdout.write('[e2e] the suite never started: VS Code did not call run()\n');
      return 1;
    }
    // Mocha's spec output went to VS Code's console (above); this is the closing line.
    process.stdout.write(`e2e: ${results.passed} passed, ${results.failed} failed${results.pending ? `, ${results.pending} skipped` : ''}\n`);
    if (results.crash) process.stdout.write(`The suite could not run:\n${results.crash}\n`);
    return exitCode === 0 && results.state === 'done' && !results.crash && results.failed === 0 && results.passed > 0 ? 0 : 1;
  } finally {
    ws.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[e2e] FAILED: ${err.message}\n`);
    process.exit(1);
  },
);
