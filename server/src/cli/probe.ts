/**
 * `certsd probe HOST[:PORT]`: connects to a registry the way the chosen engine would with its
 * certs.d folder, and says what happened in Go's words (core/probe/). Exit status: 0 the registry
 * answered, 1 it did not, 2 usage error.
 */
import * as path from 'node:path';
import { resolveDockerStore } from '../core/engines/dockerStore';
import { addCertificateToCaFile } from '../core/probe/addCa';
import { Aborted, DEFAULT_PROBE_TIMEOUT_MS, probe, ProbeUsageError } from '../core/probe/probe';
import { AdviceFix, ProbeReport } from '../core/probe/report';
import { probeText } from '../core/probe/text';
import { engineFromPath } from '../core/roots';
import { defaultRelease, DockerStoreChoice, findRelease, releaseSpecs } from '../core/engines/releases';
import { Engine } from '../core/tree';
import { escapeControls } from '../core/fsNames';
import { dockerStoreOption, engineOption, usageLine, UsageError } from './args';
import { parseOptions } from './options';
import type { CliIo } from './main';
import { LOCALES, t } from '../core/l10n';
import { applyCliLocale } from './locale';

/** `certsd probe --help`, in the language of the run. */
export function probeUsage(): string {
  return t(
    'Usage: certsd probe HOST[:PORT] [options]\n\nConnects to the registry HOST[:PORT] (port 443 when none is given) with the TLS configuration the\nengine builds from its certs.d folder: Go\'s system roots on this machine, the folder\'s CA\ncertificates and client pairs. Verifies what the server sends as Go does, sends the client\ncertificate Go would send, asks GET /v2/, and says what happened in Go\'s words, with advice.\n\nOptions:\n  --root CERTS_D                      the certs.d folder (default: the engine\'s standard ones)\n  --engine ENGINE[@RELEASE]           {0} (default: from --root, else docker)\n  --docker-store auto|containerd|graphdriver\n                                      Docker\'s storage: with the containerd image store, pulls read\n                                      certs.d through containerd\'s code (default: auto)\n  --connect-to ADDR:PORT              connect there, keep HOST as the name (tunnels, split DNS, tests)\n  --timeout SECONDS                   for the connection, the TLS handshake and the answer (default: {1})\n  --format text|json                  output format (default: text)\n  --add-missing-ca                    offer to add a missing CA certificate the folder has elsewhere\n                                      to ca.crt (asks first; --yes to answer yes)\n  --yes                               with --add-missing-ca: do not ask\n  --no-color                          plain text even on a terminal\n  --lang en|zh-cn                     language of the messages (default: from LC_ALL, LC_MESSAGES, LANG)\n\nExit status: 0 the registry answered, 1 it did not, 2 usage error.',
    releaseSpecs().join(', '),
    DEFAULT_PROBE_TIMEOUT_MS / 1000,
  );
}

export interface ProbeIo extends CliIo {
  /** Asks a yes/no question on the terminal; undefined when there is none. */
  confirm?: (question: string) => Promise<boolean>;
  /** Name resolution for Docker's loopback check (default: none). */
  lookup?: (hostname: string) => Promise<string[]>;
}

interface ProbeArgs {
  host: string;
  root?: string;
  engine: Engine;
  release?: string;
  dockerStore: DockerStoreChoice;
  connectTo?: string;
  timeoutMs: number;
  format: 'text' | 'json';
  addMissingCa: boolean;
  yes: boolean;
  color: boolean;
}

function parseProbeArgs(argv: string[], io: ProbeIo): ProbeArgs | 'help' {
  const parsed = parseOptions(
    argv,
    {
      root: { type: 'string' },
      engine: { type: 'string' },
      'docker-store': { type: 'string', default: 'auto' },
      'connect-to': { type: 'string' },
      timeout: { type: 'string', default: String(DEFAULT_PROBE_TIMEOUT_MS / 1000) },
      format: { type: 'string', default: 'text' },
      'add-missing-ca': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      lang: { type: 'string' },
    },
    { root: t('the certs.d folder'), engine: t('docker, podman or containerd, optionally @release'), 'docker-store': t('auto, containerd or graphdriver'), 'connect-to': 'ADDR:PORT', timeout: t('seconds'), format: t('text or json'), lang: LOCALES.join(', ') },
    'probe',
  );
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? t('certsd probe takes one HOST[:PORT], not {0}', parsed.positionals.length) : t('certsd probe needs the registry HOST[:PORT] to connect to'), 'probe');
  const root = v.root === undefined ? undefined : path.resolve(io.cwd, v.root);
  const spec = engineOption(v.engine, 'probe');
  const engine: Engine = spec?.engine ?? (root ? engineFromPath(root) : undefined) ?? 'docker';
  const store = dockerStoreOption(v['docker-store'] as string, 'probe');
  const timeout = Number(v.timeout);
  if (!(timeout > 0) || timeout > 600) throw new UsageError(t('--timeout must be a number of seconds from 0 to 600, not "{0}"', String(v.timeout)), 'probe');
  if (v.format !== 'text' && v.format !== 'json') throw new UsageError(t('--format must be text or json, not "{0}"', String(v.format)), 'probe');
  if (v.yes && !v['add-missing-ca']) throw new UsageError(t('--yes only goes with --add-missing-ca'), 'probe');
  const color = io.isTTY && !v['no-color'] && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  return { host: parsed.positionals[0], root, engine, release: spec?.release, dockerStore: store as DockerStoreChoice, connectTo: v['connect-to'], timeoutMs: timeout * 1000, format: v.format, addMissingCa: !!v['add-missing-ca'], yes: !!v.yes, color };
}

type AddCaFix = Extract<AdviceFix, { kind: 'add-ca' }>;

async function offerMissingCa(r: ProbeReport, a: ProbeArgs, io: ProbeIo): Promise<void> {
  const fixes = r.advice.map((x) => x.fix).filter((f): f is AddCaFix => f?.kind === 'add-ca');
  if (fixes.length === 0) {
    io.stderr(`certsd: ${t('--add-missing-ca: no missing CA certificate to add (the folder does not have the one the server omits).')}\n`);
    return;
  }
  for (const f of fixes) {
    io.stderr(`certsd: ${f.createsFile ? t('the missing CA certificate is\n  subject: {0}\n  SHA-256: {1}\n  to be written to a new file {2}', f.subject, f.sha256, f.path) : t('the missing CA certificate is\n  subject: {0}\n  SHA-256: {1}\n  to be appended to {2}', f.subject, f.sha256, f.path)}\n`);
    let yes = a.yes;
    if (!yes) {
      if (!io.confirm) {
        io.stderr(`certsd: ${t('no terminal to ask on: nothing written (add --yes to add it).')}\n`);
        continue;
      }
      yes = await io.confirm(t('Add this certificate to {0}? [y/N] ', f.path));
    }
    const res = addCertificateToCaFile({ path: f.path, pem: f.pem, sha256: f.sha256, confirmed: yes });
    if (res.ok) io.stderr(`certsd: ${res.alreadyThere ? t('{0} already has it; run the probe again to check.', f.path) : res.created ? t('created {0}; run the probe again to check.', f.path) : t('appended to {0}; run the probe again to check.', f.path)}\n`);
    else io.stderr(`certsd: ${res.message}\n${res.shellCommand ? res.shellCommand + '\n' : ''}`);
  }
}

/** Runs `certsd probe`; returns the exit status. */
export async function probeMain(argv: string[], io: ProbeIo): Promise<number> {
  const lang = applyCliLocale(argv, io.env);
  if (lang.error) {
    io.stderr(`certsd: ${escapeControls(lang.error)}\n${usageLine('probe')}\n`);
    return 2;
  }
  let a: ProbeArgs | 'help';
  try {
    a = parseProbeArgs(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`certsd: ${escapeControls(e.message)}\n${usageLine('probe')}\n`);
    return 2;
  }
  if (a === 'help') {
    io.stdout(probeUsage() + '\n');
    return 0;
  }
  const release = findRelease(a.engine, a.release) ?? defaultRelease(a.engine);
  const dockerStore = a.engine === 'docker' ? resolveDockerStore(a.dockerStore, release, io.checkEnv.fs, io.dockerInfo) : undefined;
  let report: ProbeReport;
  try {
    report = await probe({
      host: a.host,
      engine: a.engine,
      release,
      dockerStore,
      roots: a.root ? [a.root] : undefined,
      connectTo: a.connectTo,
      timeoutMs: a.timeoutMs,
      fs: io.checkEnv.fs,
      env: io.env,
      now: io.checkEnv.now,
      lookup: io.lookup,
    });
  } catch (e) {
    if (e instanceof ProbeUsageError) {
      io.stderr(`certsd: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Aborted) return 2;
    throw e;
  }
  io.stdout(a.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : probeText(report, a.color));
  if (a.addMissingCa) await offerMissingCa(report, a, io);
  return report.ok ? 0 : 1;
}

/** A yes/no question on the terminal (stdin must be one): only "y" or "yes" is yes. */
export function terminalConfirm(): ProbeIo['confirm'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const readline = await import('node:readline/promises');
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}

/** net.LookupIP for Docker's loopback test: every address, or none after 2 s. */
export async function dnsLookup(hostname: string): Promise<string[]> {
  const dns = await import('node:dns');
  const lookup = dns.promises.lookup(hostname, { all: true }).then((r) => r.map((a) => a.address));
  const timeout = new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 2000).unref());
  return Promise.race([lookup.catch(() => []), timeout]);
}
