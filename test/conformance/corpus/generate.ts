/**
 * The conformance corpus generator: host folders of certs.d, each labelled with what was put in
 * it, for a differential run of the engines' real Go loaders against our simulation.
 *
 *   const hosts = await generateCorpus({ seed: 1, count: 2000 });
 *   for (const h of hosts) writeHost('/tmp/out/certs.d', h);
 *
 * One seed gives the same folder names, file names, modes, symlinks, labels and damage every
 * run. Key material is made fresh per run (see pool.ts), so bytes derived from keys differ
 * between runs; with the same `pool` passed in, the output is byte-identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeHost } from './compose';
import { buildPool, Pool } from './pool';
import { Prng } from './prng';
import { CorpusOptions, HostSpec } from './types';

export { buildPool } from './pool';
export type { Pool } from './pool';
export { specCases } from './spec';
export { LABEL_FAMILIES, labelBase, labelFamily, SPEC_LABEL_FAMILIES } from './types';
export type { CorpusOptions, FileSpec, HostSpec } from './types';

export type HostForm = 'name-port' | 'name' | 'ip-port' | 'mirror-443';

const HOST_FORMS: [HostForm, number][] = [['name-port', 40], ['name', 25], ['ip-port', 20], ['mirror-443', 15]];

/**
 * The n-th folder's name (n from 0). Never loopback, never docker.io: Docker skips certs.d for
 * both. IPs are 10.0.a.b with b in 1..254, unique for 64,770 folders.
 */
export function hostName(n: number, form: HostForm): string {
  switch (form) {
    case 'name-port':
      return `reg${n + 1}.example.com:5000`;
    case 'name':
      return `reg${n + 1}.example.com`;
    case 'ip-port':
      return `10.0.${Math.floor(n / 254) % 256}.${(n % 254) + 1}:5000`;
    case 'mirror-443':
      return `mirror${n + 1}.corp.internal:443`;
  }
}

const HOST_NAME = /^(reg\d+\.example\.com(:5000)?|10\.0\.\d{1,3}\.\d{1,3}:5000|mirror\d+\.corp\.internal:443|[a-z0-9-]+\.spec\.example\.com(:5000)?)$/;
/**
 * The hand-written loopback and Docker Hub cases (spec.ts), which Docker's own loader never reads, and
 * the two near-loopback names it does read (`[::1]` without a port, `127.000.0.1:port`).
 */
const SPEC_SPECIAL_NAME = /^(localhost(:\d+)?|127\.0{0,2}0\.0\.1:\d+|\[[0-9a-f:.]+\](:\d+)?|docker\.io)$/;

/**
 * A folder name of the suite: the corpus's (names every engine reads certs.d for: no loopback, no
 * Docker Hub, no path characters), or with `special`, a hand-written loopback or Docker Hub case.
 */
export function isValidHostName(name: string, special = false): boolean {
  return HOST_NAME.test(name) || (special && SPEC_SPECIAL_NAME.test(name));
}

export async function generateCorpus(opts: CorpusOptions, pool?: Pool): Promise<HostSpec[]> {
  const material = pool ?? (await buildPool(opts.seed));
  const rng = new Prng(opts.seed);
  const hosts: HostSpec[] = [];
  for (let n = 0; n < opts.count; n++) {
    const form = rng.weighted(HOST_FORMS);
    // Each folder draws from its own stream: changing one part's draws leaves the others alone.
    hosts.push(composeHost(rng.fork(n), material, hostName(n, form), form));
  }
  return hosts;
}

/**
 * Writes a host folder under `rootDir/host.name` (sub-folders as needed; `../` names beside it in
 * rootDir). Refuses to write into an existing host folder or over an existing file.
 */
export function writeHost(rootDir: string, host: HostSpec): void {
  const hostDir = path.join(rootDir, host.name);
  fs.mkdirSync(rootDir, { recursive: true });
  fs.mkdirSync(hostDir);
  const resolve = (name: string): string => {
    const p = path.resolve(hostDir, name);
    const inHost = p.startsWith(hostDir + path.sep);
    const beside = name.startsWith('../') && path.dirname(p) === path.resolve(rootDir);
    if (!inHost && !beside) throw new Error(`${host.name}: ${name} would be written outside the certs.d root`);
    return p;
  };
  const order = { dir: 0, file: 1, symlink: 2 } as const;
  for (const f of [...host.files].sort((a, b) => order[a.kind] - order[b.kind])) {
    const p = resolve(f.name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (f.kind === 'dir') {
      fs.mkdirSync(p);
    } else if (f.kind === 'file') {
      fs.writeFileSync(p, f.content ?? Buffer.alloc(0), { flag: 'wx' });
      fs.chmodSync(p, f.mode ?? 0o644);
    } else {
      if (f.target === undefined) throw new Error(`${host.name}: symlink ${f.name} without target`);
      fs.symlinkSync(f.target, p);
    }
  }
}
