/**
 * A real VS Code (1.100.3) without internet: the npm package code-server, installed by hand into
 * a cache outside the source tree, as shared/notes/real-vscode-offline.md describes. Its own
 * install script would download ripgrep, which cannot work here, so the steps are done one by one.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where code-server is installed: `CERTSD_CODE_SERVER_CACHE`, else ~/.cache/certsd/code-server-VERSION. */
export function codeServerCacheDir(): string {
  return process.env.CERTSD_CODE_SERVER_CACHE || path.join(os.homedir(), '.cache', 'certsd', `code-server-${CODE_SERVER_VERSION}`);
}

/** Written last: a cache without it is a broken install and is made again. */
const MARKER = '.certsd-install-complete';

interface Prerequisite {
  what: string;
  /** An absolute path, or a bare command name looked up on the PATH. */
  path: string;
  debianPackage: string;
}

/** What the install needs from Debian (node-pty, kerberos, @vscode/spdlog build against these headers). */
const PREREQUISITES: Prerequisite[] = [
  { what: 'ripgrep (rg)', path: '/usr/bin/rg', debianPackage: 'ripgrep' },
  { what: 'Chromium', path: '/usr/bin/chromium', debianPackage: 'chromium' },
  { what: 'Kerberos headers', path: '/usr/include/krb5.h', debianPackage: 'libkrb5-dev' },
  { what: 'libsecret headers', path: '/usr/include/libsecret-1/libsecret/secret.h', debianPackage: 'libsecret-1-dev' },
  { what: 'X11 headers', path: '/usr/include/X11/Xlib.h', debianPackage: 'libx11-dev' },
  { what: 'xkbfile headers', path: '/usr/include/X11/extensions/XKBfile.h', debianPackage: 'libxkbfile-dev' },
  // node-gyp, for the native modules.
  { what: 'a C++ compiler', path: 'g++', debianPackage: 'g++' },
  { what: 'make', path: 'make', debianPackage: 'make' },
  { what: 'Python 3', path: 'python3', debianPackage: 'python3' },
];

function present(p: Prerequisite): boolean {
  if (path.isAbsolute(p.path)) return fs.existsSync(p.path);
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, p.path)));
}


/** Throws, naming every missing Debian package, when a prerequisite is absent. */
export function checkPrerequisites(): void {
  const missing = PREREQUISITES.filter((p) => !present(p));
  if (missing.length === 0) return;
  const lines = missing.map((p) => `  - ${p.what}: ${p.path} not found${path.isAbsolute(p.path) ? '' : ' on the PATH'} (Debian package ${p.debianPackage})`);
  const pkgs = missing.map((p) => p.debianPackage).join(' ');
  throw new Error(
    `code-server cannot be installed or run: missing prerequisites\n${lines.join('\n')}\n` +
      `Install them with: apt-get update && apt-get install -y --no-install-recommends ${pkgs}`,
  );
}

function log(message: string): void {
  process.stderr.write(`[code-server] ${message}\n`);
}

/** Runs a command with its output passed through; throws with the command and folder on failure. */
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const started = Date.now();
  log(`$ (cd ${cwd} && ${command} ${args.join(' ')})`);
  const r = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.error) throw new Error(`could not run ${command} in ${cwd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd} (exit ${r.status ?? r.signal}); see the output above`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * node-gyp needs Node's headers; it downloads them unless told where they are. Debian's and the
 * official Node builds ship them beside the binary (PREFIX/include/node).
 */
function nodeGypEnv(): NodeJS.ProcessEnv {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const env: NodeJS.ProcessEnv = { npm_config_yes: 'true' };
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = prefix;
  }
  return env;
}

/** The JavaScript entry point of an installed code-server. */
export function codeServerEntry(cacheDir = codeServerCacheDir()): string {
  return path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

const CACHE_PACKAGE_NAME = 'certsd-code-server-cache';

function ownCache(cacheDir: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(cacheDir, 'package.json'), 'utf8')) as { name?: string }).name === CACHE_PACKAGE_NAME;
  } catch {
    return false;
  }
}

function isComplete(cacheDir: string): boolean {
  const marker = path.join(cacheDir, MARKER);
  return fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION && fs.existsSync(codeServerEntry(cacheDir));
}

/**
 * Installs code-server into the cache unless a complete install is there already; returns the
 * cache folder. Offline: only the npm registry and Debian's packages are used.
 */
export function ensureCodeServer(): string {
  const cacheDir = codeServerCacheDir();
  checkPrerequisites();
  if (isComplete(cacheDir)) {
    log(`code-server ${CODE_SERVER_VERSION} found in ${cacheDir}`);
    return cacheDir;
  }
  if (fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).length > 0) {
    // CERTSD_CODE_SERVER_CACHE may name any folder: remove only what this function made.
    if (!ownCache(cacheDir)) {
      throw new Error(`${cacheDir} is not empty and holds no code-server install of ours; empty it or set CERTSD_CODE_SERVER_CACHE to another folder`);
    }
    log(`${cacheDir} holds an incomplete install (no ${MARKER}); installing again`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (1-2 minutes, about 310 MB; done once)`);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: CACHE_PACKAGE_NAME, private: true }, null, 2) + '\n');

  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];
  const gyp = nodeGypEnv();
  // Its install script would download ripgrep from GitHub.
  log('step 1/7: npm install code-server without its install script');
  run(cacheDir, 'npm', ['install', '--ignore-scripts', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`]);

  const vscodeDir = path.join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode');
  log('step 2/7: the VS Code server\'s own dependencies');
  run(vscodeDir, 'npm', ['install', '--omit=dev', '--ignore-scripts', ...npmFlags]);

  // @vscode/ripgrep's install script skips its download when the binary is already there.
  log('step 3/7: Debian\'s ripgrep in place of the download');
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);

  log('step 4/7: build the native modules (node-pty, spdlog, kerberos, watcher)');
  run(vscodeDir, 'npm', ['rebuild', ...npmFlags], gyp);

  log('step 5/7: links the packaged server expects');
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  log('step 6/7: the built-in extensions\' dependencies');
  run(path.join(vscodeDir, 'extensions'), 'npm', ['install', '--omit=dev', '--ignore-scripts', ...npmFlags]);

  log('step 7/7: argon2 (password hashing; code-server loads it even with --auth none)');
  run(cacheDir, 'npm', ['rebuild', 'argon2', ...npmFlags], gyp);

  if (!fs.existsSync(codeServerEntry(cacheDir))) throw new Error(`code-server install finished but ${codeServerEntry(cacheDir)} is missing`);
  fs.writeFileSync(path.join(cacheDir, MARKER), CODE_SERVER_VERSION + '\n');
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return cacheDir;
}

/** `ln -sfn target link`. */
function symlink(target: string, link: string): void {
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
}

export interface StartOptions {
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  userDataDir: string;
  extensionsDir: string;
  /** Added to this process's environment; the server's extension host inherits it. */
  env?: NodeJS.ProcessEnv;
  /** code-server's output goes here; default: this process's stderr. */
  logFile?: string;
  /** How long to wait for the first HTTP answer. Default 60 s. */
  startTimeoutMs?: number;
  /**
   * Keep VS Code's workspace trust (Restricted Mode for a folder never trusted): no
   * --disable-workspace-trust, and user settings that enable trust without the start-up prompt,
   * so that the folder opens untrusted. Default: trust disabled (everything trusted).
   */
  workspaceTrust?: boolean;
}

/** `code-server --install-extension VSIX --extensions-dir DIR`: installs a package as a user would. */
export function installExtension(vsix: string, extensionsDir: string, userDataDir: string): void {
  const cacheDir = codeServerCacheDir();
  fs.mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(process.execPath, [codeServerEntry(cacheDir), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export interface RunningCodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: a path on this machine as the workbench names it. */
  remoteUri(absPath: string): string;
  /** Resolves when the process has exited (for any reason). */
  exited: Promise<number | null>;
  /** Ends code-server and everything it started (extension host, language server). */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Process groups of servers not stopped yet, killed synchronously if this process exits first. */
const groups = new Set<number>();
process.on('exit', () => {
  for (const pgid of groups) killGroup(pgid, 'SIGKILL');
});

/** Signals a whole process group; it may outlive its leader (an extension host still closing). */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts code-server on 127.0.0.1 and waits until it answers HTTP. */
export async function startCodeServer(opts: StartOptions): Promise<RunningCodeServer> {
  const cacheDir = codeServerCacheDir();
  if (!isComplete(cacheDir)) throw new Error(`code-server is not installed in ${cacheDir}; call ensureCodeServer() first`);
  const port = opts.port ?? (await freePort());
  fs.mkdirSync(opts.userDataDir, { recursive: true });
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  if (opts.workspaceTrust) {
    const user = path.join(opts.userDataDir, 'User');
    fs.mkdirSync(user, { recursive: true });
    const settings = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false };
    fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  }
  const args = [
    codeServerEntry(cacheDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', opts.userDataDir,
    '--extensions-dir', opts.extensionsDir,
  ];
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'inherit';
  // Its own process group, so that stop() also ends the extension host and the language server.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...opts.env },
  });
  if (typeof out === 'number') fs.closeSync(out);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start code-server (${process.execPath} ${args.join(' ')})`);
  groups.add(pgid);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  let stopped = false;
  const url = `http://127.0.0.1:${port}`;
  const server: RunningCodeServer = {
    url,
    port,
    remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`,
    exited,
    async stop() {
      if (stopped) return;
      stopped = true;
      killGroup(pgid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pgid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      killGroup(pgid, 'SIGKILL');
      groups.delete(pgid);
    },
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline) {
    if (done) {
      const where = opts.logFile ? ` (its output: ${opts.logFile})` : '';
      throw new Error(`code-server exited before answering on ${url}${where}`);
    }
    if ((await httpStatus(`${url}/healthz`)) === 200) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`code-server did not answer on ${url} within ${(opts.startTimeoutMs ?? 60_000) / 1000} s` + (opts.logFile ? ` (its output: ${opts.logFile})` : ''));
}
