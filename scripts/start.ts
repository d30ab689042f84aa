/**
 * `npm start`: try the extension by hand on the sample folder.
 *
 * Builds, writes examples/certs.d if it is not there (scripts/make-sample.ts), then opens it with
 * this repository loaded as the extension under development:
 *   - in desktop VS Code when `code` is on the PATH;
 *   - else in code-server (VS Code in the browser, installed offline into a cache, see
 *     test/e2e/codeServer.ts) on http://127.0.0.1:8765 (PORT to change it), until Ctrl-C.
 * CERTSD_START_CODE_SERVER=1 picks code-server even when `code` is there.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { codeServerCacheDir, ensureCodeServer, startCodeServer } from '../test/e2e/codeServer';
import { makeSample } from './make-sample';

const REPO = path.resolve(__dirname, '..');
const SAMPLE = path.join(REPO, 'examples', 'certs.d');
const DEFAULT_PORT = 8765;

function say(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function main(): Promise<number> {
  say('npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) {
    say('the build failed; nothing started');
    return build.status ?? 1;
  }

  if (!fs.existsSync(SAMPLE)) {
    say(`writing the sample folder ${path.relative(REPO, SAMPLE)}`);
    await makeSample(SAMPLE);
  }

  if (onPath('code') && process.env.CERTSD_START_CODE_SERVER !== '1') {
    say(`code --extensionDevelopmentPath=${REPO} ${SAMPLE}`);
    const r = spawnSync('code', [`--extensionDevelopmentPath=${REPO}`, SAMPLE], { stdio: 'inherit' });
    return r.status ?? 1;
  }

  const port = Number(process.env.PORT || DEFAULT_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  if (!(await portFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use; pick another with PORT=NNNN npm start`);

  say('no `code` on the PATH: starting VS Code in the browser (code-server)');
  ensureCodeServer();
  // Beside the code-server install, so that settings and window state survive between starts.
  const stateDir = path.join(path.dirname(codeServerCacheDir()), 'start');
  const logFile = path.join(stateDir, 'code-server.log');
  fs.mkdirSync(stateDir, { recursive: true });
  const server = await startCodeServer({
    port,
    userDataDir: path.join(stateDir, 'user-data'),
    extensionsDir: path.join(stateDir, 'extensions'),
    logFile,
  });
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(REPO)],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(SAMPLE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`open this address in a browser on this machine (through an SSH tunnel: ssh -L ${port}:127.0.0.1:${port} ...):`);
  process.stdout.write(`\n  ${url}\n\n`);
  say(`code-server's output: ${logFile}. Rebuild (npm run build) and reload the window to load changes. Ctrl-C to stop.`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      stopping = true;
      say(`${signal}: stopping code-server`);
      void server.stop().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void server.exited.then((code) => {
      if (stopping) return;
      say(`code-server exited by itself (code ${code}); see ${logFile}`);
      resolve(1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[start] ${err.message}\n`);
    process.exit(1);
  },
);
