/**
 * Writes a corpus to disk:
 *
 *   node --import tsx test/conformance/corpus/cli.ts --seed 1 --count 2000 --out /tmp/corpus [--spec]
 *
 * gives /tmp/corpus/certs.d/<host>/... and /tmp/corpus/manifest.json (hosts, labels, file
 * names, kinds, modes and symlink targets; no contents, no sizes: key-derived sizes vary by a
 * byte or two between runs, and the manifest is the same for one seed), then prints the time taken and
 * a histogram of labels (without their `@file` part). `--spec` adds the hand-written cases.
 * The output folder must not exist yet, or be empty.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPool, generateCorpus, labelBase, specCases, writeHost } from './generate';
import { HostSpec } from './types';

interface Args {
  seed: number;
  count: number;
  out: string;
  spec: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { spec: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') args.seed = Number(value());
    else if (a === '--count') args.count = Number(value());
    else if (a === '--out') args.out = value();
    else if (a === '--spec') args.spec = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.seed) || !Number.isInteger(args.count) || !args.out) {
    throw new Error('usage: cli.ts --seed N --count N --out DIR [--spec]');
  }
  return args as Args;
}

export function manifest(seed: number, hosts: HostSpec[]): object {
  return {
    seed,
    count: hosts.length,
    hosts: hosts.map((h) => ({
      name: h.name,
      labels: h.labels,
      files: h.files.map((f) => ({
        name: f.name,
        kind: f.kind,
        ...(f.kind === 'file' ? { mode: `0${(f.mode ?? 0o644).toString(8)}` } : {}),
        ...(f.kind === 'symlink' ? { target: f.target } : {}),
      })),
    })),
  };
}

export function histogram(hosts: HostSpec[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const h of hosts) for (const l of new Set(h.labels.map(labelBase))) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (fs.existsSync(args.out) && fs.readdirSync(args.out).length) throw new Error(`${args.out} is not empty`);
  const t0 = Date.now();
  const pool = await buildPool(args.seed);
  const t1 = Date.now();
  const hosts = await generateCorpus({ seed: args.seed, count: args.count }, pool);
  if (args.spec) hosts.push(...(await specCases(pool, args.seed)));
  const t2 = Date.now();
  const root = path.join(args.out, 'certs.d');
  for (const h of hosts) writeHost(root, h);
  fs.writeFileSync(path.join(args.out, 'manifest.json'), JSON.stringify(manifest(args.seed, hosts), null, 1) + '\n');
  const t3 = Date.now();
  const valid = hosts.filter((h) => h.labels.includes('folder:valid')).length;
  console.log(`${hosts.length} host folders in ${root}`);
  console.log(`pool ${pool.size} items in ${t1 - t0} ms (${Object.entries(pool.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  console.log(`folders generated in ${t2 - t1} ms, written in ${t3 - t2} ms; total ${t3 - t0} ms`);
  console.log(`folder:valid ${valid} (${((100 * valid) / hosts.length).toFixed(1)}%)`);
  for (const m of pool.missing) console.log(`left out: ${m}`);
  console.log('\nlabel histogram (folders with the label):');
  for (const [label, n] of histogram(hosts)) console.log(`${String(n).padStart(7)}  ${label}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
