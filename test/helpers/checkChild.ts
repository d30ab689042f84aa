/**
 * Runs a check in a child process, for trees that could hang or exhaust the process that reads
 * them (a named pipe, /dev/zero): the test sees a timeout or a crash instead of hanging itself.
 *
 *   node --import tsx test/helpers/checkChild.ts ROOT ENGINE   ->  one JSON object on stdout
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkRoot } from '../../server/src/core/check';
import { Engine } from '../../server/src/core/tree';

export interface ChildHost {
  name: string;
  ok: boolean;
  error?: string;
  caRoots: number;
  ignoredCaFiles: number;
  findings: { code: string; severity: string; path: string; message: string }[];
}

export interface ChildRun {
  /** Exit status, or null when the child was killed (timeout, signal). */
  status: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  hosts: ChildHost[];
  stderr: string;
}

/** Checks `root` under `engine` in a child with a time limit and a heap limit. */
export function checkInChild(root: string, engine: Engine, timeoutMs = 20_000, heapMb = 256): ChildRun {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', __filename, root, engine], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    cwd: path.join(__dirname, '..', '..'),
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  let hosts: ChildHost[] = [];
  try {
    if (r.status === 0) hosts = JSON.parse(r.stdout) as ChildHost[];
  } catch {
    hosts = [];
  }
  return { status: r.status, signal: r.signal, ms, hosts, stderr: r.stderr };
}

if (require.main === module) {
  const [root, engine] = process.argv.slice(2);
  const report = checkRoot({ path: root, engine: engine as Engine, engineFromPath: false, misnamed: false }, undefined, { dockerStore: { store: 'graphdriver', assumed: false } });
  const hosts: ChildHost[] = report.hostChecks.map((h) => ({
    name: h.dir.name,
    ok: h.report.load.ok,
    error: h.report.load.error,
    caRoots: h.report.load.caRoots,
    ignoredCaFiles: h.report.load.ignoredCaFiles,
    findings: h.findings.map((f) => ({ code: f.code, severity: f.severity, path: f.path, message: f.message })),
  }));
  process.stdout.write(JSON.stringify(hosts));
}
