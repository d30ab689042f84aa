/**
 * `npm run bench` (last part): activation time in a real VS Code, and the .vsix size.
 *
 * Runs the e2e launcher (test/e2e/runCodeServer.ts: code-server 1.100 offline, Chromium) for the
 * development and installed sessions, with only the tests of suite/status.test.ts, which read the
 * extension's own timings (client/src/extension.ts, command certsd.activationTimes) and write them to
 * test-artifacts/e2e/[installed/]activation.json:
 *  - activate(): the extension's own code in activate(), from its first line until it hands over to
 *    the language client (module loading by VS Code not included). Target < 100 ms.
 *  - ready: from activate()'s first line until the language server answered `initialize` and the
 *    client runs (activate() returns then): starting a Node process and loading the server.
 * The installed session measures the esbuild bundle from the .vsix; development the tsc output.
 * One run each, on a shared machine: read them as orders of magnitude, not to the millisecond.
 * It replaces test-artifacts/e2e/ (as npm run test:e2e does).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
const TARGET_MS = 100;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  for (const line of (r.stdout ?? '').split('\n')) if (/^\[e2e\] (sessions|packaged)|^e2e/.test(line)) process.stdout.write(`  ${line}\n`);
}

function main(): number {
  fs.rmSync(path.join(REPO, 'test', 'e2e', 'out'), { recursive: true, force: true });
  run(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/e2e']);
  run(process.execPath, ['test/e2e/out/test/e2e/runCodeServer.js'], { CERTSD_E2E_SESSIONS: 'development,installed', CERTSD_E2E_GREP: 'language status item' });
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO, `${manifest.name}-${manifest.version}.vsix`);
  let failed = false;
  for (const [session, file] of [['development', path.join(ARTIFACTS, 'activation.json')], ['installed', path.join(ARTIFACTS, 'installed', 'activation.json')]]) {
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as { activateMs: number; readyMs: number };
    const ok = t.activateMs < TARGET_MS;
    failed ||= !ok;
    process.stdout.write(`activation (${session}): activate() ${t.activateMs.toFixed(1)} ms (target < ${TARGET_MS} ms: ${ok ? 'met' : 'MISSED'}), server ready ${t.readyMs.toFixed(0)} ms\n`);
  }
  process.stdout.write(`.vsix: ${path.basename(vsix)} ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB\n`);
  return failed ? 1 : 0;
}

process.exit(main());
