#!/usr/bin/env node
/** `certsd`: the command-line front end over the same core as the language server. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckEnv, defaultEnv } from '../core/check';
import { escapeControls } from '../core/fsNames';
import { resolveDockerStore } from '../core/engines/dockerStore';
import { defaultRelease, findRelease } from '../core/engines/releases';
import { engineFromPath } from '../core/roots';
import { Command, parseCommand, USAGE, UsageError } from './args';
import { runDockerInfo } from './dockerInfo';
import { toJson } from './formatJson';
import { resolutionJson, resolutionText } from './formatResolve';
import { toSarif } from './formatSarif';
import { toText } from './formatText';
import { resolveHost } from '../core/engines/resolve';
import { dnsLookup, probeMain, terminalConfirm } from './probe';
import { locateRoots, orderEngineOf, runCheck } from './run';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  checkEnv: CheckEnv;
  /** Runs `docker info` for `--docker-store auto`; undefined when docker is not there. */
  dockerInfo?: () => string | undefined;
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI and returns its exit status: 0 clean, 1 errors found, 2 usage or I/O error. */
export function main(argv: string[], io: CliIo): number {
  let cmd: Command;
  try {
    cmd = parseCommand(argv, io.isTTY, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`certsd: ${escapeControls(e.message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (cmd.command === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (cmd.command === 'version') {
    io.stdout(version() + '\n');
    return 0;
  }
  try {
    const releases = cmd.engine && cmd.release ? { [cmd.engine]: cmd.release } : {};
    const dockerRelease = findRelease('docker', releases.docker) ?? defaultRelease('docker');
    if (cmd.command === 'resolve') {
      const engine = cmd.engine ?? (cmd.roots.length ? engineFromPath(cmd.roots[0]) : undefined) ?? 'docker';
      if (engine === 'docker' && cmd.roots.length > 1) throw new UsageError('Docker reads one root (registry.CertsDir()): give one --root');
      const dockerStore = resolveDockerStore(cmd.dockerStore, dockerRelease, io.checkEnv.fs, io.dockerInfo);
      const results = cmd.hosts.map((h) => resolveHost(io.checkEnv, h, engine, { roots: cmd.roots, prefix: cmd.prefix, processEnv: io.env, releases, dockerStore, platform: cmd.platform }));
      io.stdout(cmd.format === 'json' ? results.map(resolutionJson).join('') : results.map(resolutionText).join('\n'));
      return results.every((r) => r.path !== null && !r.error) ? 0 : 1;
    }
    const now = cmd.now;
    const env: CheckEnv = now ? { ...io.checkEnv, now: () => now } : io.checkEnv;
    const orderEngine = cmd.roots.length ? orderEngineOf(cmd.engine) : undefined;
    // With --root/--roots alone, those are the roots to check (not the standard ones).
    const rootsSetting = orderEngine ? { [orderEngine]: cmd.roots } : {};
    const locations = locateRoots(cmd.paths, env, { engine: cmd.engine, rootsSetting, processEnv: io.env, note: (s) => io.stderr(`certsd: note: ${escapeControls(s)}\n`) });
    if (locations.length === 0 && cmd.paths.length === 0) {
      io.stderr(cmd.roots.length ? 'certsd: none of the --root folders exists.\n' : 'certsd: none of the standard certs.d folders exists on this machine; name a folder to check.\n');
    }
    const dockerStore = resolveDockerStore(cmd.dockerStore, dockerRelease, env.fs, io.dockerInfo);
    const run = runCheck(locations, env, { expiryDays: cmd.expiryDays, releases, dockerStore, platform: cmd.platform }, cmd.engine, rootsSetting);
    if (cmd.format === 'json') io.stdout(toJson(run));
    else if (cmd.format === 'sarif') io.stdout(toSarif(run, version(), io.cwd));
    else io.stdout(toText(run, cmd.color));
    return run.roots.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
  } catch (e) {
    // Messages name paths the user gave or found: no control character gets to the terminal.
    if (e instanceof UsageError) {
      io.stderr(`certsd: ${escapeControls(e.message)}\n`);
      return 2;
    }
    io.stderr(`certsd: ${escapeControls((e as Error).message)}\n`);
    return 2;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
    checkEnv: defaultEnv,
    dockerInfo: runDockerInfo,
  };
  if (argv[0] === 'probe') void probeMain(argv.slice(1), { ...io, confirm: terminalConfirm(), lookup: dnsLookup }).then((code) => (process.exitCode = code));
  else process.exitCode = main(argv, io);
}
