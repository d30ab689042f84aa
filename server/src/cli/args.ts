/** Command-line parsing for `certsd`; errors are UsageError (exit code 2). */
import { parseArgs } from 'node:util';
import { DEFAULT_EXPIRY_DAYS } from '../core/check';
import { DOCKER_STORES, DockerStoreChoice, findRelease, releaseSpecs, splitEngineSpec } from '../core/releases';
import { Engine, ENGINES } from '../core/tree';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CheckCommand {
  command: 'check';
  paths: string[];
  engine?: Engine;
  /** `--engine docker@28`: the release asked for (checked against releases.ts). */
  release?: string;
  dockerStore: DockerStoreChoice;
  format: OutputFormat;
  expiryDays: number;
  now?: Date;
  color: boolean;
}

export type Command = CheckCommand | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: certsd check [PATH...] [options]
       certsd probe HOST[:PORT] [options]   test the connection as the engine makes it (certsd probe --help)

Checks certs.d folders the way Docker, Podman and containerd read them.
Without PATH, checks the standard folders that exist on this machine.

Options:
  --engine ENGINE[@RELEASE]           engine to simulate (default: from the path, else docker), and its
                                      release: ${releaseSpecs().join(', ')} (default: the newest)
  --docker-store auto|containerd|graphdriver
                                      Docker's storage, which decides whose code reads certs.d for pulls
                                      (default auto: /etc/docker/daemon.json, then docker info, else the
                                      default of the release: containerd from Docker 29)
  --format text|json|sarif            output format (default: text)
  --expiry-days N                     warn about certificates expiring within N days (default: ${DEFAULT_EXPIRY_DAYS})
  --now ISO-8601                      check as of this time instead of now
  --no-color                          plain text even on a terminal
  -h, --help                          show this help
  -v, --version                       show the version

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

export function parseCommand(argv: string[], isTTY: boolean, env: NodeJS.ProcessEnv): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        engine: { type: 'string' },
        'docker-store': { type: 'string', default: 'auto' },
        format: { type: 'string', default: 'text' },
        'expiry-days': { type: 'string', default: String(DEFAULT_EXPIRY_DAYS) },
        now: { type: 'string' },
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
  const [command, ...paths] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (try: certsd check)`);

  const spec = values.engine === undefined ? undefined : splitEngineSpec(values.engine);
  const engine = spec?.engine;
  if (engine !== undefined && !(ENGINES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')} (optionally @release), not "${values.engine}"`);
  }
  if (spec?.release !== undefined && !findRelease(engine as Engine, spec.release)) {
    throw new UsageError(`--engine ${values.engine}: no such release modelled; choose one of ${releaseSpecs().filter((r) => r.startsWith(engine + '@')).join(', ')}`);
  }
  const dockerStore = values['docker-store'] as string;
  if (!(DOCKER_STORES as readonly string[]).includes(dockerStore)) throw new UsageError(`--docker-store must be one of ${DOCKER_STORES.join(', ')}, not "${dockerStore}"`);
  const format = values.format as string;
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
  return { command: 'check', paths, engine: engine as Engine | undefined, release: spec?.release, dockerStore: dockerStore as DockerStoreChoice, format, expiryDays: Number(days), now, color };
}
