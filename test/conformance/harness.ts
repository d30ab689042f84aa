/** Building and running the Go harness (test/conformance/harness/): the engines' own loaders. */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HarnessLine } from './compare';

export const HARNESS_DIR = path.join(__dirname, 'harness');

/** Builds every harness binary into `out` (go build is incremental: a warm rebuild takes seconds). */
export function buildHarness(out: string): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) throw new Error(`the conformance suite needs Go (go version failed: ${go.error?.message ?? go.stderr})`);
  fs.mkdirSync(out, { recursive: true });
  execFileSync('bash', [path.join(HARNESS_DIR, 'build.sh'), out], { stdio: 'inherit' });
}

export interface SystemRoots {
  /** SSL_CERT_FILE: one sentinel certificate, so that "the pool started from the system roots" shows. */
  file: string;
  /** SSL_CERT_DIR: empty. */
  dir: string;
}

/** Runs one loader over host folders of `root`; one JSON line per host. */
export function runHarness(bin: string, loader: string, root: string, hosts: string[], godebug: string, roots: SystemRoots): Map<string, HarnessLine> {
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-hosts-')), 'hosts.txt');
  fs.writeFileSync(list, hosts.join('\n') + '\n');
  const r = spawnSync(bin, ['--loader', loader, '--root', root, '--hosts-file', list], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, GODEBUG: godebug, SSL_CERT_FILE: roots.file, SSL_CERT_DIR: roots.dir },
  });
  fs.rmSync(path.dirname(list), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} --loader ${loader} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
  const out = new Map<string, HarnessLine>();
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line) as HarnessLine;
    out.set(parsed.host, parsed);
  }
  const missing = hosts.filter((h) => !out.has(h));
  if (missing.length) throw new Error(`${loader}: no result for ${missing.length} host folder(s), e.g. ${missing[0]}`);
  return out;
}
