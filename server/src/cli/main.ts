#!/usr/bin/env node
/** `certsd`: the command-line front end over the same core as the language server. */
// First: `certsd check` may hand itself to a child node with heap flags (relaunch.ts); then it does nothing here.
import { relaunched } from './relaunch';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckEnv, defaultEnv } from '../core/check';
import { escapeControls } from '../core/fsNames';
import { resolveDockerStore } from '../core/engines/dockerStore';
import { defaultRelease, findRelease } from '../core/engines/releases';
import { engineFromPath, standardRoots } from '../core/roots';
import { Command, parseCommand, shortUsage, usage, usageLine, UsageError } from './args';
import { applyCliLocale } from './locale';
import { runDockerInfo } from './dockerInfo';
import { resolutionJson, resolutionText } from './formatResolve';
import { warningsOverLimit } from './formatText';
import { StreamFormat, streamReport } from './stream';
import { resolveHost } from '../core/engines/resolve';
import { dnsLookup, probeMain, terminalConfirm } from './probe';
import { checkStatus, locateRoots, orderEngineOf, tooManyWarnings } from './run';
import { t } from '../core/l10n';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** The terminal's width when stdout is one (process.stdout.columns): text output wraps long messages to it. */
  columns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  checkEnv: CheckEnv;
  /** Runs `docker info` for `--docker-store auto`; undefined when docker is not there. */
  dockerInfo?: () => string | undefined;
}

function exists(env: CheckEnv, p: string): boolean {
  try {
    env.fs.stat(path.resolve(p));
    return true;
  } catch {
    return false;
  }
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI and returns its exit status: 0 clean, 1 errors found, 2 usage or I/O error. */
export function main(argv: string[], io: CliIo): number {
  const lang = applyCliLocale(argv, io.env);
  if (lang.error) {
    io.stderr(`certsd: ${escapeControls(lang.error)}\n${usageLine()}\n`);
    return 2;
  }
  let cmd: Command;
  try {
    cmd = parseCommand(argv, io.isTTY, io.env, (p) => exists(io.checkEnv, p));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // What is wrong, then how the command is used: one line each.
    io.stderr(`certsd: ${escapeControls(e.message)}\n${usageLine(e.command)}\n`);
    return 2;
  }
  if (cmd.command === 'short-help') {
    io.stderr(shortUsage() + '\n');
    return 2;
  }
  if (cmd.command === 'help') {
    io.stdout(usage() + '\n');
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
      if (engine === 'docker' && cmd.roots.length > 1) throw new UsageError(t('Docker reads one root (registry.CertsDir()): give one --root'), 'resolve');
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
    const note = (s: string) => io.stderr(`certsd: ${t('note: {0}', escapeControls(s))}\n`);
    const emptyPaths: string[] = [];
    const locations = locateRoots(cmd.paths, env, { engine: cmd.engine, rootsSetting, processEnv: io.env, note, empty: cmd.allowEmpty ? (t) => emptyPaths.push(t) : undefined });
    if (locations.length === 0) {
      // As a linter given nothing to lint: say so and fail, unless told that none is expected.
      const where = cmd.paths.length
        ? t('in or below {0}', cmd.paths.join(', '))
        : cmd.roots.length
          ? t('none of the --root folders exists ({0})', cmd.roots.join(', '))
          : t('none of the standard folders exists on this machine ({0})', standardRoots(io.env).map((r) => r.path).join(', '));
      if (!cmd.allowEmpty) {
        io.stderr(`certsd: ${t('warning: no certs.d folder to check: {0}; name one (certsd check PATH), or add --allow-empty where none is expected', where)}\n`);
        return 2;
      }
      note(t('no certs.d folder found {0}: nothing checked (--allow-empty)', cmd.paths.length ? where : `(${where})`));
    } else {
      for (const p of emptyPaths) note(t('{0}: no certs.d folder here or below, nothing checked there (--allow-empty)', p));
    }
    const dockerStore = resolveDockerStore(cmd.dockerStore, dockerRelease, env.fs, io.dockerInfo);
    const options = { expiryDays: cmd.expiryDays, releases, dockerStore, platform: cmd.platform };
    // Printed as it goes, each host folder dropped once printed (stream.ts): the same bytes as
    // toText/toJson/toSarif over runCheck, in bounded memory. Counted before --quiet hides anything:
    // ESLint counts hidden warnings for --max-warnings too.
    const format: StreamFormat =
      cmd.format === 'json'
        ? { format: 'json' }
        : cmd.format === 'sarif'
          ? { format: 'sarif', version: version(), cwd: io.cwd }
          : { format: 'text', color: cmd.color, text: { width: io.isTTY ? io.columns : undefined, maxWarnings: cmd.maxWarnings } };
    // Nothing found and allowed: the note above is all there is to say.
    const counts = streamReport(locations, env, options, format, { engine: cmd.engine, setting: rootsSetting, quiet: cmd.quiet, noSummary: locations.length === 0 }, io.stdout);
    if (cmd.format !== 'text' && tooManyWarnings(counts, cmd.maxWarnings)) io.stderr(`certsd: ${warningsOverLimit(counts.warning, cmd.maxWarnings!)}\n`);
    return checkStatus(counts, cmd.maxWarnings);
  } catch (e) {
    // Messages name paths the user gave or found: no control character gets to the terminal.
    if (e instanceof UsageError) {
      // A mistake in the options (not a path that is not there) gets the usage line too.
      io.stderr(`certsd: ${escapeControls(e.message)}\n${e.command ? usageLine(e.command) + '\n' : ''}`);
      return 2;
    }
    io.stderr(`certsd: ${escapeControls((e as Error).message)}\n`);
    return 2;
  }
}

if (require.main === module && !relaunched) {
  const argv = process.argv.slice(2);
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
    cwd: process.cwd(),
    checkEnv: defaultEnv,
    dockerInfo: runDockerInfo,
  };
  if (argv[0] === 'probe') void probeMain(argv.slice(1), { ...io, confirm: terminalConfirm(), lookup: dnsLookup }).then((code) => (process.exitCode = code));
  else process.exitCode = main(argv, io);
}
