/** Command-line parsing for `certsd`; errors are UsageError (exit code 2). */
import * as path from 'node:path';
import { DEFAULT_EXPIRY_DAYS } from '../core/check';
import { currentPlatform, Platform } from '../core/engines/hostFolders';
import { DOCKER_STORES, DockerStoreChoice, findRelease, releaseSpecs, splitEngineSpec } from '../core/engines/releases';
import { splitConfigPath } from '../core/roots';
import { Engine, ENGINES } from '../core/tree';
import { parseOptions, UsageError } from './options';
import { LOCALES, t } from '../core/l10n';

export { UsageError } from './options';

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
  /** `--quiet`: errors only, as ESLint (warnings and info are not printed). */
  quiet: boolean;
  /** `--max-warnings N`: exit 1 when more than N warnings (counted with --quiet too, as ESLint counts them). */
  maxWarnings?: number;
  /** `--allow-empty`: no certs.d folder found is a note and exit 0, not exit 2. */
  allowEmpty: boolean;
}

export interface ResolveCommand extends CommonOptions {
  command: 'resolve';
  hosts: string[];
  format: 'text' | 'json';
  /** `--prefix DIR`: the standard roots under DIR (a system image, a configuration repository) instead of /. */
  prefix?: string;
}

/** `short-help`: `certsd` alone (a short usage on stderr, exit 2). */
export type Command = CheckCommand | ResolveCommand | { command: 'help' } | { command: 'short-help' } | { command: 'version' };

export const COMMANDS = ['check', 'resolve', 'probe'] as const;

/** `certsd --help` (a function: it is said in the language of the run). */
export function usage(): string {
  return t(
    'Usage: certsd check [PATH...] [options]\n       certsd resolve HOST... [options]\n       certsd probe HOST[:PORT] [options]   test the connection as the engine makes it (certsd probe --help)\n\ncheck    Checks certs.d folders the way Docker, Podman and containerd read them.\n         Without PATH, checks the standard folders that exist on this machine.\nresolve  Says which folder (and root) an engine uses for a registry HOST (host[:port]),\n         and for containerd the hosts it will try.\n\nOptions:\n  --engine ENGINE[@RELEASE]           engine to simulate (default: from the path, else docker), and its\n                                      release: {0} (default: the newest)\n  --docker-store auto|containerd|graphdriver\n                                      Docker\'s storage, which decides whose code reads certs.d for pulls\n                                      (default auto: /etc/docker/daemon.json, then docker info, else the\n                                      default of the release: containerd from Docker 29)\n  --root DIR                          a root the engine reads, repeated in lookup order: containerd\'s\n                                      config_path, or Podman\'s search order with --engine podman\n  --roots DIR[:DIR...]                the same as one list, split as config_path is (\':\' on Unix)\n  --platform unix|windows             folder-name rules of this platform (Windows drops the colons;\n                                      default: this machine\'s)\n  --format text|json|sarif            output format (default: text; resolve: text or json)\n  --expiry-days N                     check: warn about certificates expiring within N days (default: {1})\n  --now ISO-8601                      check: as of this time instead of now\n  --quiet                             check: report errors only (warnings and info are not printed)\n  --max-warnings N                    check: exit 1 when there are more than N warnings (counted with\n                                      --quiet too, as ESLint does)\n  --allow-empty                       check: exit 0 with a note when no certs.d folder is found (else 2)\n  --prefix DIR                        resolve: the standard roots under DIR instead of / (a system image\n                                      or a configuration repository holding etc/..., home/...)\n  --no-color                          plain text even on a terminal\n  --lang en|zh-cn                     language of the messages (default: from LC_ALL, LC_MESSAGES, LANG)\n  -h, --help                          show this help\n  -v, --version                       show the version\n\nA PATH that is not a command is checked: certsd PATH is certsd check PATH.\n\nExit status: check: 0 no errors (and no more warnings than --max-warnings), 1 errors found (or too\nmany warnings), 2 usage or I/O error, or no certs.d folder found (without --allow-empty);\nresolve: 0 a folder found for every HOST, 1 not, 2 usage error.',
    releaseSpecs().join(', '),
    DEFAULT_EXPIRY_DAYS,
  );
}

/** What \`certsd\` alone prints (on stderr, exit status 2). */
export function shortUsage(): string {
  return t(
    'Usage: certsd check [PATH...] [options]     check certs.d folders\n       certsd resolve HOST... [options]     which folder an engine reads for a registry\n       certsd probe HOST[:PORT] [options]   test the connection as the engine makes it\ncertsd --help lists the options.',
  );
}

/** The one line of usage printed under a usage error. */
export function usageLine(command?: UsageError['command']): string {
  switch (command) {
    case 'check':
      return t('Usage: certsd check [PATH...] [--format text|json|sarif] [--quiet] [--max-warnings N] [options] (certsd --help)');
    case 'resolve':
      return t('Usage: certsd resolve HOST[:PORT]... [--root DIR]... [--format text|json] [options] (certsd --help)');
    case 'probe':
      return t('Usage: certsd probe HOST[:PORT] [--root CERTS_D] [--format text|json] [options] (certsd probe --help)');
    default:
      return t('Usage: certsd check [PATH...] | certsd resolve HOST... | certsd probe HOST[:PORT] [options] (certsd --help)');
  }
}

/**
 * Looks like a registry host[:port] rather than a path: a port (localhost:5000, [::1]:5000), or
 * dotted names ending in a top-level name (reg.example.com), not in a file type (ca.crt, certs.d).
 */
const HOST_LIKE = /^(?:[A-Za-z0-9.-]+:\d{1,5}|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?|(?:[A-Za-z0-9-]+\.)+(?!(?:crt|cert|cer|der|key|pem|csr|toml|json|txt|d)$)[A-Za-z]{2,})$/;

const checkHints = (): Record<string, string> => ({
  format: t('text, json or sarif'),
  engine: t('{0}, optionally @release', ENGINES.join(', ')),
  'docker-store': DOCKER_STORES.join(', '),
  'expiry-days': t('a number of days'),
  now: t('an ISO-8601 date or time'),
  'max-warnings': t('a number of warnings'),
  platform: t('unix or windows'),
  root: t('a folder'),
  roots: t('folders separated as config_path is'),
  prefix: t('a folder'),
  lang: LOCALES.join(', '),
});

/** `--engine ENGINE[@RELEASE]`, checked against the engines and the releases modelled (shared by every subcommand). */
export function engineOption(value: string | undefined, command?: UsageError['command']): { engine: Engine; release?: string } | undefined {
  if (value === undefined) return undefined;
  const spec = splitEngineSpec(value);
  if (!(ENGINES as readonly string[]).includes(spec.engine)) throw new UsageError(t('--engine must be one of {0} (optionally @release), not "{1}"', ENGINES.join(', '), value), command);
  if (spec.release !== undefined && !findRelease(spec.engine as Engine, spec.release)) {
    throw new UsageError(t('--engine {0}: no such release modelled; choose one of {1}', value, releaseSpecs().filter((r) => r.startsWith(spec.engine + '@')).join(', ')), command);
  }
  return { engine: spec.engine as Engine, release: spec.release };
}

/** `--docker-store auto|containerd|graphdriver`. */
export function dockerStoreOption(value: string, command?: UsageError['command']): DockerStoreChoice {
  if (!(DOCKER_STORES as readonly string[]).includes(value)) throw new UsageError(t('--docker-store must be one of {0}, not "{1}"', DOCKER_STORES.join(', '), value), command);
  return value as DockerStoreChoice;
}

/**
 * `isPath` says whether a first argument that is no command names something that exists: then it is
 * a PATH to check (`certsd PATH` is `certsd check PATH`).
 */
export function parseCommand(argv: string[], isTTY: boolean, env: NodeJS.ProcessEnv, isPath: (p: string) => boolean = () => false): Command {
  if (argv.length === 0) return { command: 'short-help' };
  // The usage line under a parse error is the command's, when one is given.
  const named = argv.find((a) => a === 'check' || a === 'resolve');
  const parsed = parseOptions(
    argv,
    {
      engine: { type: 'string' },
      'docker-store': { type: 'string', default: 'auto' },
      format: { type: 'string', default: 'text' },
      'expiry-days': { type: 'string', default: String(DEFAULT_EXPIRY_DAYS) },
      now: { type: 'string' },
      root: { type: 'string', multiple: true },
      roots: { type: 'string', multiple: true },
      platform: { type: 'string' },
      prefix: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      'allow-empty': { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
      // Read before parsing (cli/locale.ts); listed so that the parser takes it.
      lang: { type: 'string' },
    },
    checkHints(),
    named as UsageError['command'],
  );
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  let [command, ...rest] = positionals;
  if (command === undefined) return { command: 'short-help' };
  if (command === 'probe') throw new UsageError(t('probe comes first: certsd probe HOST[:PORT] [options]'), 'probe');
  if (command !== 'check' && command !== 'resolve') {
    // Like a linter: the paths to check, without the word check.
    if (isPath(command)) [command, rest] = ['check', positionals];
    else throw new UsageError(notACommand(command), HOST_LIKE.test(command) ? 'resolve' : 'check');
  }

  const cmd = command as 'check' | 'resolve';
  const spec = engineOption(values.engine, cmd);
  const engine = spec?.engine;
  const dockerStore = dockerStoreOption(values['docker-store'] as string, cmd);
  const platform = values.platform;
  if (platform !== undefined && platform !== 'unix' && platform !== 'windows') throw new UsageError(t('--platform must be unix or windows, not "{0}"', platform), cmd);
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
    if (rest.length === 0) throw new UsageError(t('resolve needs a registry HOST (host[:port]), e.g. certsd resolve reg.example.com:5000'), 'resolve');
    if (format !== 'text' && format !== 'json') throw new UsageError(t('resolve: --format must be text or json, not "{0}"', format), 'resolve');
    for (const h of rest) if (h.includes('/')) throw new UsageError(t('resolve: "{0}" is not a registry host: give host[:port] without a scheme or path', h), 'resolve');
    for (const o of ['quiet', 'max-warnings', 'allow-empty'] as const) if (values[o] !== undefined && values[o] !== false) throw new UsageError(t('--{0} is for check (resolve reports every HOST)', o), 'resolve');
    return { command: 'resolve', hosts: rest, format, prefix: values.prefix === undefined ? undefined : path.resolve(values.prefix), ...common };
  }
  if (values.prefix !== undefined) throw new UsageError(t('--prefix is for resolve (check takes the paths to check)'), 'check');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(t('--format must be text, json or sarif, not "{0}"', format), 'check');
  const days = values['expiry-days'] as string;
  if (!/^\d+$/.test(days)) throw new UsageError(t('--expiry-days must be a whole number of days, not "{0}"', days), 'check');
  // ESLint's -1 (no limit) is taken too; it must be written --max-warnings=-1, as any value starting with '-'.
  const max = values['max-warnings'];
  if (max !== undefined && !/^(?:\d+|-1)$/.test(max)) throw new UsageError(t('--max-warnings must be a whole number of warnings, not "{0}"', max), 'check');
  const maxWarnings = max === undefined || max === '-1' ? undefined : Number(max);
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.now) || Number.isNaN(now.getTime())) {
      throw new UsageError(t('--now must be an ISO-8601 date or time (e.g. 2027-01-31 or 2027-01-31T12:00:00Z), not "{0}"', values.now), 'check');
    }
  }
  const color = isTTY && !values['no-color'] && !env.NO_COLOR && env.TERM !== 'dumb';
  return { command: 'check', paths: rest, format, expiryDays: Number(days), now, color, quiet: values.quiet === true, maxWarnings, allowEmpty: values['allow-empty'] === true, ...common };
}

/** A first argument that is neither a command nor something that exists: what to type instead. */
function notACommand(arg: string): string {
  if (HOST_LIKE.test(arg)) return t('unknown command "{0}", and no file or folder of that name here; for a registry, type: certsd resolve {0} (or certsd probe {0})', arg);
  if (arg.includes('/') || arg.includes(path.sep) || arg.startsWith('.') || arg.startsWith('~')) return t('{0}: no such file or directory', arg);
  return t('unknown command "{0}" (the commands are {1}), and no file or folder of that name here; to check a folder, type: certsd check PATH', arg, COMMANDS.join(', '));
}
