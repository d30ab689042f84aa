/** Command-line parsing for `certsd`; errors are UsageError (exit code 2). */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXPIRY_DAYS } from '../core/check';
import { currentPlatform, Platform } from '../core/engines/hostFolders';
import { DOCKER_STORES, DockerStoreChoice, findRelease, releaseSpecs, splitEngineSpec } from '../core/engines/releases';
import { splitConfigPath } from '../core/roots';
import { Engine, ENGINES } from '../core/tree';

export type OutputFormat = 'text' | 'json' | 'sarif';

interface CommonOptions {
  engine?: Engine;
  /** `--engine docker@28`: the release asked for (checked against releases.ts). */
  release?: string;
  dockerStore: DockerStoreChoice;
  /** `--root DIR` (repeated) and `--roots DIR[:DIR...]`, in the order given: an engine's lookup order. */
  roots: string[];
  /** `--platform`: whose folder-name rules apply; this machine's when absent. */
  platform?: Platform;
}

export interface CheckCommand extends CommonOptions {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  expiryDays: number;
  now?: Date;
  color: boolean;
}

export interface ResolveCommand extends CommonOptions {
  command: 'resolve';
  hosts: string[];
  format: 'text' | 'json';
  /** `--prefix DIR`: the standard roots under DIR (a system image, a configuration repository) instead of /. */
  prefix?: string;
}

export type Command = CheckCommand | ResolveCommand | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: certsd check [PATH...] [options]
       certsd resolve HOST... [options]
       certsd probe HOST[:PORT] [options]   test the connection as the engine makes it (certsd probe --help)

check    Checks certs.d folders the way Docker, Podman and containerd read them.
         Without PATH, checks the standard folders that exist on this machine.
resolve  Says which folder (and root) an engine uses for a registry HOST (host[:port]),
         and for containerd the hosts it will try.

Options:
  --engine ENGINE[@RELEASE]           engine to simulate (default: from the path, else docker), and its
                                      release: ${releaseSpecs().join(', ')} (default: the newest)
  --docker-store auto|containerd|graphdriver
                                      Docker's storage, which decides whose code reads certs.d for pulls
                                      (default auto: /etc/docker/daemon.json, then docker info, else the
                                      default of the release: containerd from Docker 29)
  --root DIR                          a root the engine reads, repeated in lookup order: containerd's
                                      config_path, or Podman's search order with --engine podman
  --roots DIR[:DIR...]                the same as one list, split as config_path is (':' on Unix)
  --platform unix|windows             folder-name rules of this platform (Windows drops the colons;
                                      default: this machine's)
  --format text|json|sarif            output format (default: text; resolve: text or json)
  --expiry-days N                     check: warn about certificates expiring within N days (default: ${DEFAULT_EXPIRY_DAYS})
  --now ISO-8601                      check: as of this time instead of now
  --prefix DIR                        resolve: the standard roots under DIR instead of / (a system image
                                      or a configuration repository holding etc/..., home/...)
  --no-color                          plain text even on a terminal
  -h, --help                          show this help
  -v, --version                       show the version

Exit status: check: 0 no errors, 1 errors found; resolve: 0 a folder found for every HOST, 1 not;
2 usage or I/O error.`;

/** `--engine ENGINE[@RELEASE]`, checked against the engines and the releases modelled (shared by every subcommand). */
export function engineOption(value: string | undefined): { engine: Engine; release?: string } | undefined {
  if (value === undefined) return undefined;
  const spec = splitEngineSpec(value);
  if (!(ENGINES as readonly string[]).includes(spec.engine)) throw new UsageError(`--engine must be one of ${ENGINES.join(', ')} (optionally @release), not "${value}"`);
  if (spec.release !== undefined && !findRelease(spec.engine as Engine, spec.release)) {
    throw new UsageError(`--engine ${value}: no such release modelled; choose one of ${releaseSpecs().filter((r) => r.startsWith(spec.engine + '@')).join(', ')}`);
  }
  return { engine: spec.engine as Engine, release: spec.release };
}

/** `--docker-store auto|containerd|graphdriver`. */
export function dockerStoreOption(value: string): DockerStoreChoice {
  if (!(DOCKER_STORES as readonly string[]).includes(value)) throw new UsageError(`--docker-store must be one of ${DOCKER_STORES.join(', ')}, not "${value}"`);
  return value as DockerStoreChoice;
}

export function parseCommand(argv: string[], isTTY: boolean, env: NodeJS.ProcessEnv): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        engine: { type: 'string' },
        'docker-store': { type: 'string', default: 'auto' },
        format: { type: 'string', default: 'text' },
        'expiry-days': { type: 'string', default: String(DEFAULT_EXPIRY_DAYS) },
        now: { type: 'string' },
        root: { type: 'string', multiple: true },
        roots: { type: 'string', multiple: true },
        platform: { type: 'string' },
        prefix: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command !== 'check' && command !== 'resolve') throw new UsageError(`unknown command "${command}" (try: certsd check, certsd resolve)`);

  const spec = engineOption(values.engine);
  const engine = spec?.engine;
  const dockerStore = dockerStoreOption(values['docker-store'] as string);
  const platform = values.platform;
  if (platform !== undefined && platform !== 'unix' && platform !== 'windows') throw new UsageError(`--platform must be unix or windows, not "${platform}"`);
  // --root and --roots keep the order they were given in, as one list.
  const roots: string[] = [];
  const split = (platform as Platform | undefined) ?? currentPlatform();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'root') roots.push(t.value);
    else if (t.name === 'roots') roots.push(...splitConfigPath(t.value, split));
  }
  const common: CommonOptions = { engine: engine as Engine | undefined, release: spec?.release, dockerStore, roots: roots.map((r) => path.resolve(r)), platform: platform as Platform | undefined };
  const format = values.format as string;

  if (command === 'resolve') {
    if (rest.length === 0) throw new UsageError('resolve needs a registry HOST (host[:port]), e.g. certsd resolve reg.example.com:5000');
    if (format !== 'text' && format !== 'json') throw new UsageError(`resolve: --format must be text or json, not "${format}"`);
    for (const h of rest) if (h.includes('/')) throw new UsageError(`resolve: "${h}" is not a registry host: give host[:port] without a scheme or path`);
    return { command: 'resolve', hosts: rest, format, prefix: values.prefix === undefined ? undefined : path.resolve(values.prefix), ...common };
  }
  if (values.prefix !== undefined) throw new UsageError('--prefix is for resolve (check takes the paths to check)');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const days = values['expiry-days'] as string;
  if (!/^\d+$/.test(days)) throw new UsageError(`--expiry-days must be a whole number of days, not "${days}"`);
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.now) || Number.isNaN(now.getTime())) {
      throw new UsageError(`--now must be an ISO-8601 date or time (e.g. 2027-01-31 or 2027-01-31T12:00:00Z), not "${values.now}"`);
    }
  }
  const color = isTTY && !values['no-color'] && !env.NO_COLOR && env.TERM !== 'dumb';
  return { command: 'check', paths: rest, format, expiryDays: Number(days), now, color, ...common };
}
