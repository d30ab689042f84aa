/**
 * `npm run test:e2e`: runs the suite in test/e2e/suite inside a real VS Code, offline. code-server
 * serves VS Code 1.100 (web workbench + Node extension host), Debian's Chromium opens it through
 * playwright-core, and the workbench is told to load this repository as the extension under
 * development and the compiled suite as its tests, as @vscode/test-electron's runTests would.
 *
 * The suite reports through a results file (see fixture.ts) and asks for screenshots through
 * request files in test-artifacts/e2e/; everything it leaves is in that folder.
 *
 * Sessions (CERTSD_E2E_SESSIONS, comma-separated; default all three, in this order):
 *   development  this repository as extensionDevelopmentPath, every test but the "Restricted Mode" ones;
 *   restricted   the same, the folder opened untrusted (workspace trust on, never trusted): only those;
 *   installed    the .vsix (`npm run package`, or CERTSD_E2E_VSIX) installed with --install-extension
 *                into a fresh extensions folder, the suite run against it (the development folder is
 *                a placeholder extension with no code, so only the installed certsd can answer).
 * Each session gets a fresh workspace and code-server; its time is printed.
 *
 * Environment: CERTSD_E2E_TIMEOUT_MS (default 300000, per session), CERTSD_E2E_GREP (mocha grep,
 * development and installed), CERTSD_E2E_KEEP=1 (keep the temp workspace), CERTSD_CODE_SERVER_CACHE
 * (see codeServer.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { ensureCodeServer, installExtension, startCodeServer, type RunningCodeServer } from './codeServer';
import { CONFIG_ENV, RESTRICTED_MODE_TITLE, TEST_HOOKS_TITLE, type E2eResults, type E2eSession, type ScreenshotRequest } from './fixture';
import { ARTIFACTS as ARTIFACTS_ROOT, REPO, SUITE_INDEX } from './paths';
import { buildWorkspace, type E2eWorkspace } from './workspace';

const TIMEOUT_MS = Number(process.env.CERTSD_E2E_TIMEOUT_MS || 300_000);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function say(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}

function readResults(file: string): E2eResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eResults;
  } catch {
    return undefined;
  }
}

/** Answers the suite's screenshot requests: `<name>.request` in, `<name>.png` and `<name>.done` out. */
async function serveScreenshots(page: Page, ARTIFACTS: string): Promise<void> {
  for (const entry of fs.readdirSync(ARTIFACTS)) {
    if (!entry.endsWith('.request')) continue;
    const requestFile = path.join(ARTIFACTS, entry);
    const request = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as ScreenshotRequest;
    fs.rmSync(requestFile);
    const name = request.name.replace(/[^\w.-]/g, '_');
    let answer = 'ok';
    try {
      if (request.click) await page.click(request.click, { timeout: 10_000 }).catch((e: Error) => say(`screenshot '${name}': could not click ${request.click}: ${e.message.split('\n')[0]}`));
      if (request.waitFor) {
        await page.waitForSelector(request.waitFor, { state: 'visible', timeout: 10_000 }).catch(() => {
          say(`screenshot '${name}': ${request.waitFor} did not show within 10 s; taking the page as it is`);
        });
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      say(`screenshot ${path.relative(REPO, path.join(ARTIFACTS, `${name}.png`))}`);
    } catch (err) {
      answer = `could not take it: ${(err as Error).message}`;
    }
    fs.writeFileSync(path.join(ARTIFACTS, `${name}.done`), answer + '\n');
  }
}

/** `code N, signal S` once code-server logged that an extension host ended, else undefined. */
function extensionHostExit(codeServerLog: string): string | undefined {
  const text = fs.existsSync(codeServerLog) ? fs.readFileSync(codeServerLog, 'utf8') : '';
  const m = /Extension Host Process exited with code: (\S+?),? signal: (\S+?)\.?$/m.exec(text);
  return m ? `code ${m[1]}, signal ${m[2]}` : undefined;
}

function printResults(results: E2eResults): void {
  if (results.output.trim()) {
    process.stdout.write(results.output.replace(/\n*$/, '\n'));
  } else {
    for (const t of results.tests) {
      process.stdout.write(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.fullTitle}\n`);
      if (t.error) process.stdout.write(`      ${t.error.replace(/\n/g, '\n      ')}\n`);
    }
  }
  if (results.crash) process.stdout.write(`\nThe suite could not run:\n${results.crash}\n`);
}

let interrupted: NodeJS.Signals | undefined;

/** One session: its own workspace, code-server and browser; returns the exit code of its results. */
async function runSession(session: E2eSession, installSeconds: number, vsix: string | undefined): Promise<number> {
  // development keeps the artifacts at the top (the README's pictures); the others in a folder each.
  const ARTIFACTS = session === 'development' ? ARTIFACTS_ROOT : path.join(ARTIFACTS_ROOT, session);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const userGrep = process.env.CERTSD_E2E_GREP || undefined;

  let ws: E2eWorkspace | undefined;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  // One cleanup, whoever asks first (the signal handler or main's finally); both wait for it.
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await browser?.close().catch(() => undefined);
      await server?.stop();
      if (ws && process.env.CERTSD_E2E_KEEP !== '1') ws.remove();
      else if (ws) say(`kept ${ws.runDir}`);
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = signal;
    say(`${signal}: stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const offSignals = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };

  try {
    const extensionsDir = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'certsd-e2e-ext-')), 'extensions');
    // restricted: only the Restricted Mode tests; the others: every test but those (userGrep narrows further).
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leftOut = session === 'installed' ? `${escape(RESTRICTED_MODE_TITLE)}|${escape(TEST_HOOKS_TITLE)}` : escape(RESTRICTED_MODE_TITLE);
    const grep = session === 'restricted' ? { grep: RESTRICTED_MODE_TITLE } : userGrep ? { grep: userGrep } : { grep: leftOut, invert: true };
    ws = await buildWorkspace({ artifactsDir: ARTIFACTS, screenshots: true, ...grep, session, ...(session === 'installed' ? { extensionsDir } : {}) });
    say(`[${session}] workspace ${ws.workspace}`);
    const codeServerLog = path.join(ARTIFACTS, 'code-server.log');
    const userDataDir = path.join(ws.runDir, 'user-data');
    let developmentPath = REPO;
    if (session === 'installed') {
      if (!vsix) throw new Error('no .vsix to install');
      const started = Date.now();
      installExtension(vsix, extensionsDir, userDataDir);
      say(`[installed] code-server --install-extension ${path.relative(REPO, vsix)} into ${extensionsDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // extensionTestsPath needs an extension under development: a placeholder with no code, so that
      // every command, lens and hover the suite sees comes from the installed package.
      developmentPath = path.join(ws.runDir, 'placeholder-extension');
      fs.mkdirSync(developmentPath, { recursive: true });
      fs.writeFileSync(path.join(developmentPath, 'package.json'), JSON.stringify({ name: 'certsd-e2e-placeholder', publisher: 'certsd-test', version: '0.0.0', engines: { vscode: '^1.91.0' } }, null, 2) + '\n');
    }
    server = await startCodeServer({
      userDataDir,
      extensionsDir,
      env: { [CONFIG_ENV]: ws.configFile },
      logFile: codeServerLog,
      workspaceTrust: session === 'restricted',
    });
    say(`code-server ${server.url} (install check ${installSeconds.toFixed(1)} s)`);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The extension host's console is forwarded to the page in extension development mode.
    const consoleLog = fs.createWriteStream(path.join(ARTIFACTS, 'browser-console.log'));
    const suiteErrors: string[] = [];
    page.on('console', (m) => {
      consoleLog.write(`[${m.type()}] ${m.text()}\n`);
      // How a suite that cannot load shows up: the extension host's error, forwarded here.
      if (m.type() === 'error' && (m.text().includes('extensionTestsExecute') || m.text().includes(SUITE_INDEX))) {
        suiteErrors.push(m.text().replace(/^%c\s*ERR color: \S+\s*/, ''));
      }
    });
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e.message}\n`));

    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(developmentPath)],
      ['extensionTestsPath', server.remoteUri(SUITE_INDEX)],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(ws.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const started = Date.now();
    await page.goto(url);
    say(`opened VS Code; waiting for the suite (at most ${TIMEOUT_MS / 1000} s)`);

    /** Takes `<picture>.png`, prints what is known, and gives the error to throw. */
    const failure = async (picture: string, results: E2eResults | undefined, message: string): Promise<Error> => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${picture}.png`) }).catch(() => undefined);
      if (results) printResults(results);
      const said = suiteErrors[0];
      if (said) process.stdout.write(`The extension host said:\n${said.split('\n').slice(0, 12).join('\n')}\n`);
      return new Error(message);
    };
    let serverGone = false;
    void server.exited.then(() => (serverGone = true));
    let results: E2eResults | undefined;
    let announced = false;
    for (;;) {
      await serveScreenshots(page, ARTIFACTS);
      results = readResults(ws.resultsFile);
      if (results && !announced) {
        announced = true;
        say(`suite started in VS Code ${results.vscodeVersion} after ${((Date.now() - started) / 1000).toFixed(1)} s; ${CONFIG_ENV} ${results.configFromEnv ? 'reached' : 'did NOT reach'} the extension host`);
      }
      if (results?.state === 'done') break;
      const hostExit = extensionHostExit(codeServerLog);
      if (hostExit) {
        // VS Code ends the extension host once run() settles; the results were written before that.
        results = readResults(ws.resultsFile);
        if (results?.state === 'done') break;
        throw await failure(
          'host-exit',
          results,
          `the extension host exited (${hostExit}) before the suite ${results ? 'finished' : 'started'}: ` +
            `look for the error in test-artifacts/e2e/browser-console.log (e.g. ${SUITE_INDEX} failing to load) and code-server.log`,
        );
      }
      if (serverGone) throw new Error(`code-server exited while the suite ran; see ${codeServerLog}`);
      if (Date.now() - started > TIMEOUT_MS) {
        const why = results
          ? `the suite started but did not finish within ${TIMEOUT_MS / 1000} s (${results.tests.length} test(s) done)`
          : `the suite never started within ${TIMEOUT_MS / 1000} s: VS Code did not call run() in ${SUITE_INDEX}`;
        throw await failure('timeout', results, `${why}. See test-artifacts/e2e/timeout.png, browser-console.log and code-server.log`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // The last picture, whatever happened.
    await page.screenshot({ path: path.join(ARTIFACTS, 'final.png') }).catch(() => undefined);
    consoleLog.end();

    printResults(results);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(`[${session}] suite finished in ${seconds} s; artifacts in ${path.relative(REPO, ARTIFACTS)}/`);
    process.stdout.write(`e2e ${session}: ${results.passed} passed, ${results.failed} failed${results.pending ? `, ${results.pending} skipped` : ''}\n`);
    if (results.crash) return 1;
    if (results.failed > 0) return 1;
    if (results.passed === 0) {
      say('no test ran');
      return 1;
    }
    return 0;
  } finally {
    offSignals();
    await cleanup();
  }
}

const ALL_SESSIONS: readonly E2eSession[] = ['development', 'restricted', 'installed'];

function sessionsWanted(): E2eSession[] {
  const raw = process.env.CERTSD_E2E_SESSIONS;
  if (!raw) return [...ALL_SESSIONS];
  const wanted = raw.split(',').map((x) => x.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !ALL_SESSIONS.includes(w as E2eSession));
  if (unknown.length) throw new Error(`CERTSD_E2E_SESSIONS: unknown session(s) ${unknown.join(', ')}; known: ${ALL_SESSIONS.join(', ')}`);
  return wanted as E2eSession[];
}

/** The .vsix of the installed session: CERTSD_E2E_VSIX, or `npm run package` now (a fresh build of what is tested). */
function packageVsix(): string {
  if (process.env.CERTSD_E2E_VSIX) return path.resolve(process.env.CERTSD_E2E_VSIX);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'package.ts')], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO, `${manifest.name}-${manifest.version}.vsix`);
  say(`packaged ${path.relative(REPO, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}

async function main(): Promise<number> {
  const sessions = sessionsWanted();
  fs.rmSync(ARTIFACTS_ROOT, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS_ROOT, { recursive: true });
  if (!fs.existsSync(SUITE_INDEX)) throw new Error(`${SUITE_INDEX} is missing: build the suite first (tsc -p test/e2e), or run npm run test:e2e`);
  const cacheStarted = Date.now();
  ensureCodeServer();
  const installSeconds = (Date.now() - cacheStarted) / 1000;
  const vsix = sessions.includes('installed') ? packageVsix() : undefined;
  const times: string[] = [];
  let code = 0;
  for (const session of sessions) {
    const started = Date.now();
    let result: number;
    try {
      result = await runSession(session, installSeconds, vsix);
    } catch (err) {
      if (interrupted) throw err;
      process.stderr.write(`[e2e] ${session} FAILED: ${(err as Error).message}\n`);
      result = 1;
    }
    times.push(`${session} ${((Date.now() - started) / 1000).toFixed(1)} s${result === 0 ? '' : ' (failed)'}`);
    code ||= result;
  }
  say(`sessions: ${times.join(', ')}`);
  // The closing line CI reads.
  process.stdout.write(`e2e: ${code === 0 ? 'all sessions passed' : 'FAILED'} (${sessions.join(', ')})\n`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (interrupted) {
      say(`interrupted by ${interrupted}; no result`);
      process.exit(130);
    }
    process.stderr.write(`[e2e] FAILED: ${err.message}\n`);
    process.exit(1);
  },
);
