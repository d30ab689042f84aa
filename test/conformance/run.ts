/**
 * The conformance suite: generated host folders read by the engines' own loaders (the Go harness)
 * and by our simulation (`certsd check --format json`), every verdict compared.
 *
 *   npm run test:conformance [-- --count N] [--seed N] [--docs] [--only TEXT] [--keep]
 *
 * Fails (exit 1) on any disagreement not in knownDifferences.ts, and when anything cannot run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { selfSignedCa } from '../helpers/pki';
import { describeVerdict, differences, Field, goVerdict, ourVerdict, Verdict } from './compare';
import { convertRoundTrip } from './convert';
import { generateCorpus, HostSpec, specCases, writeHost } from './corpus/generate';
import { runFolderNames } from './folderNames';
import { buildHarness, runHarness, SystemRoots } from './harness';
import { KNOWN_DIFFERENCES, knownDifference } from './knownDifferences';
import { runOurs } from './ours';
import { runProbeSection } from './probe';
import { runGoVectorSection } from './goVectors';
import { writeBehaviourDoc } from './report';
import { godebugForGoLine as godebugFor } from '../../server/src/core/go/godebug';
import { cliRunKey, Target, TARGETS } from './targets';

interface Outcome {
  target: Target;
  host: HostSpec;
  ours: Verdict;
  theirs: Verdict;
  fields: Field[];
  known?: string;
}

interface TargetStats {
  compared: number;
  agreed: number;
  known: number;
  unexpected: Outcome[];
}

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20261201' },
    docs: { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    bin: { type: 'string', default: path.join(os.homedir(), '.cache', 'certsd', 'harness-bin') },
    'max-shrink': { type: 'string', default: '12' },
    // Trees per part of the folder-name stage (folderNames.ts); 0 skips it.
    'folder-rounds': { type: 'string', default: '4' },
    'no-probe': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function step<T>(what: string, f: () => T): T {
  const t0 = Date.now();
  const r = f();
  console.log(`== ${what}: ${seconds(t0)}`);
  return r;
}

function hasHostsToml(h: HostSpec): boolean {
  return h.files.some((f) => f.name === 'hosts.toml' && f.kind === 'file' && (f.content?.length ?? 0) > 0);
}

/** Both sides on a scratch root holding one host folder. */
function judgeOne(t: Target, host: HostSpec, roots: SystemRoots): { ours: Verdict; theirs: Verdict } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-shrink-'));
  try {
    const root = path.join(base, 'certs.d');
    fs.mkdirSync(root);
    writeHost(root, host);
    const aliases = [fs.realpathSync(root), root];
    const { results, crashes } = runOurs(t, root, [host.name]);
    const ourHost = results.get(host.name);
    const theirs = goVerdict(runHarness(binOf(t), t.loader, root, [host.name], godebugFor(t.release.go), roots).get(host.name)!, aliases, hasHostsToml(host));
    const ours = ourHost ? ourVerdict(ourHost[t.field]!, aliases) : crashVerdict(crashes.get(host.name));
    return { ours, theirs };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function crashVerdict(why: string | undefined): Verdict {
  return { ok: false, error: `CRASH ${why ?? ''}`, systemRoots: false, cas: [], clients: [] };
}

/** Drops files one at a time while the same fields still disagree: the smallest folder that shows it. */
function shrink(o: Outcome, roots: SystemRoots): HostSpec {
  let host = o.host;
  let progress = true;
  while (progress) {
    progress = false;
    for (let i = 0; i < host.files.length; i++) {
      const candidate: HostSpec = { ...host, files: host.files.filter((_, k) => k !== i) };
      const { ours, theirs } = judgeOne(o.target, candidate, roots);
      if (differences(ours, theirs).join() === o.fields.join()) {
        host = candidate;
        progress = true;
        break;
      }
    }
  }
  return host;
}

function describeHost(h: HostSpec): string {
  const files = h.files.map((f) => `${f.name}${f.kind === 'dir' ? '/' : f.kind === 'symlink' ? ` -> ${f.target}` : ` (${f.content?.length ?? 0} bytes)`}`);
  return `${h.name} [${h.labels.join(', ')}]: ${files.join('; ') || '(empty)'}`;
}

let bin = values.bin!;
function binOf(t: Target): string {
  return path.join(bin, `certsd-harness-${t.module}`);
}

async function main(): Promise<number> {
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) throw new Error('--count and --seed take whole numbers');
  const targets = TARGETS.filter((t) => !values.only || t.id.includes(values.only));
  if (targets.length === 0) throw new Error(`--only ${values.only}: no such target (${TARGETS.map((t) => t.id).join(', ')})`);
  bin = path.resolve(bin);

  step('build the Go harness', () => buildHarness(bin));

  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-conformance-'));
  const root = path.join(base, 'certs.d');
  fs.mkdirSync(root);
  const aliases = [fs.realpathSync(root), root];
  // System roots the loaders see: one sentinel certificate, so "started from the system pool" shows.
  const sentinel = await selfSignedCa({ commonName: 'certsd conformance sentinel (system roots)' });
  const roots: SystemRoots = { file: path.join(base, 'system-roots.pem'), dir: path.join(base, 'system-roots.d') };
  fs.writeFileSync(roots.file, sentinel.pem);
  fs.mkdirSync(roots.dir);

  let t0 = Date.now();
  const spec = await specCases();
  const corpus = await generateCorpus({ seed, count });
  const hosts = [...spec, ...corpus];
  for (const h of hosts) writeHost(root, h);
  console.log(`== generate ${spec.length} spec cases + ${corpus.length} corpus folders (seed ${seed}): ${seconds(t0)}`);
  const names = hosts.map((h) => h.name);

  const ourRuns = new Map<string, ReturnType<typeof runOurs>>();
  const stats = new Map<Target, TargetStats>();
  const goResults = new Map<Target, Map<string, Verdict>>();
  const all: Outcome[] = [];
  for (const t of targets) {
    const key = cliRunKey(t);
    if (!ourRuns.has(key)) ourRuns.set(key, step(`certsd check ${key}`, () => runOurs(t, root, names)));
    const ours = ourRuns.get(key)!;
    const godebug = godebugFor(t.release.go);
    const theirs = step(`harness ${t.loader} (GODEBUG=${godebug || 'Go 1.26 defaults'})`, () => runHarness(binOf(t), t.loader, root, names, godebug, roots));
    const s: TargetStats = { compared: 0, agreed: 0, known: 0, unexpected: [] };
    const verdicts = new Map<string, Verdict>();
    for (const h of hosts) {
      const our = ours.results.get(h.name);
      const ov = our ? ourVerdict(our[t.field]!, aliases) : crashVerdict(ours.crashes.get(h.name));
      const gv = goVerdict(theirs.get(h.name)!, aliases, hasHostsToml(h));
      verdicts.set(h.name, gv);
      const fields = differences(ov, gv);
      s.compared++;
      const o: Outcome = { target: t, host: h, ours: ov, theirs: gv, fields };
      if (fields.length === 0) s.agreed++;
      else {
        o.known = knownDifference(t, h, fields, ov, gv)?.id;
        if (o.known) s.known++;
        else s.unexpected.push(o);
      }
      all.push(o);
    }
    stats.set(t, s);
    goResults.set(t, verdicts);
  }

  // convertToHostsToml, judged by containerd on the loose-file folders of the corpus (convert.ts).
  const convertTargets = targets.filter((t) => t.loader.includes('containerd')).map((t) => ({ id: t.id, bin: binOf(t), loader: t.loader, godebug: godebugFor(t.release.go) }));
  const converted = convertTargets.length ? step('convertToHostsToml round trip (harness on loose files vs generated hosts.toml)', () => convertRoundTrip(convertTargets, [...corpus, ...spec.filter((h) => h.labels.includes('spec:loopback'))], roots)) : [];

  // Report.
  console.log('\n== agreement per loader (spec cases + corpus)');
  for (const [t, s] of stats) {
    const pct = ((100 * s.agreed) / s.compared).toFixed(2);
    console.log(`  ${t.id.padEnd(30)} ${String(s.agreed).padStart(5)}/${s.compared} agree (${pct}%), ${s.known} known differences, ${s.unexpected.length} unexpected`);
  }
  const usedKnown = new Set(all.map((o) => o.known).filter(Boolean));
  for (const k of KNOWN_DIFFERENCES) {
    const n = all.filter((o) => o.known === k.id).length;
    console.log(`  known difference ${k.id}: ${n} case(s)${usedKnown.has(k.id) ? '' : ' (matched nothing this run)'} - ${k.reason}`);
  }

  for (const c of converted) {
    console.log(`  convertToHostsToml ${c.target.padEnd(30).slice(0, 30)} ${String(c.agreed).padStart(5)}/${c.compared} folders load the same with the generated hosts.toml`);
    for (const f of c.failures.slice(0, 5)) console.log(`    CONVERSION DIFFERS ${f}`);
  }

  const unexpected = [...stats.values()].flatMap((s) => s.unexpected);
  const maxShrink = Number(values['max-shrink']);
  let shown = 0;
  t0 = Date.now();
  for (const o of unexpected) {
    if (shown >= maxShrink) break;
    shown++;
    const small = shrink(o, roots);
    console.log(`\nDISAGREEMENT ${o.target.id} on ${o.fields.join(', ')}`);
    console.log(`  folder:   ${describeHost(o.host)}`);
    console.log(`  smallest: ${describeHost(small)}`);
    console.log(`  ours:     ${describeVerdict(o.ours)}`);
    console.log(`  engine:   ${describeVerdict(o.theirs)}`);
  }
  if (unexpected.length > shown) console.log(`\n... and ${unexpected.length - shown} more disagreements (raise --max-shrink to see them)`);
  if (shown) console.log(`== shrinking ${shown} disagreements: ${seconds(t0)}`);

  // Which folder each engine uses for a host: name forms in one root, several roots in order.
  let folderFailed = 0;
  const rounds = Number(values['folder-rounds']);
  if (rounds > 0) {
    t0 = Date.now();
    const parts = runFolderNames({ bin, seed, rounds, sys: roots, wants: (id) => targets.some((t) => t.id.startsWith(id) || id.startsWith(t.id)) });
    console.log(`\n== folder names (${rounds} trees per part, Unix only): ${seconds(t0)}`);
    for (const p of parts) {
      console.log(`  ${p.id.padEnd(44)} ${String(p.agreed).padStart(5)}/${p.compared} agree${p.disagreements.length ? `, ${p.disagreements.length} disagree` : ''}`);
      for (const d of p.disagreements.slice(0, maxShrink)) console.log(`    DISAGREEMENT ${d}`);
      folderFailed += p.disagreements.length;
    }
  }

  // The connection probe (issue 8): Go dials the Proof scenarios through each loader's TLS configuration.
  if (!values['no-probe']) console.log("\n== connection probe: Go dials the Proof scenarios through each loader's TLS configuration");
  const probe = values['no-probe'] ? undefined : await runProbeSection(binOf, targets, roots, (s) => console.log(s));
  if (probe) {
    for (const k of probe.known) console.log(`  known difference: ${k}`);
    for (const d of probe.disagreements) console.log(`\nPROBE DISAGREEMENT ${d}`);
    console.log(`== probe: ${probe.agreed}/${probe.compared} verdicts agree with Go, ${probe.known.length} known differences; good chain: certsd ${probe.goodMillis.map((g) => `${g.ours} ms`).join(', ')} (whole probe), Go ${probe.goodMillis.map((g) => `${g.go.toFixed(1)} ms`).join(', ')} (GET)`);
  }

  // The Go models' unit cases (x509 certificates, key parsers, key pairs), asked of Go itself.
  t0 = Date.now();
  console.log('\n== Go models: the unit tests\' cases of x509.ParseCertificate, the key parsers and tls.X509KeyPair, asked of Go');
  const vectors = runGoVectorSection(bin, (s) => console.log(s));
  for (const m of vectors.mismatches) console.log(`\nGO MODEL ${m}`);
  console.log(`== Go models: ${vectors.checked - vectors.mismatches.length}/${vectors.checked} cases agree with Go (${vectors.files.map((f) => path.basename(f)).join(', ')}): ${seconds(t0)}`);

  if (values.docs) {
    const out = path.join(__dirname, '..', '..', 'docs', 'engine-behaviour.md');
    writeBehaviourDoc(out, spec, targets, goResults, stats, { seed, count });
    console.log(`== wrote ${path.relative(process.cwd(), out)}`);
  }
  if (values.keep) console.log(`corpus kept in ${base}`);
  else fs.rmSync(base, { recursive: true, force: true });

  const compared = [...stats.values()].reduce((n, s) => n + s.compared, 0);
  console.log(`\n== conformance: ${compared} verdicts compared over ${targets.length} loaders in ${seconds(started)}`);
  const convertFailed = converted.reduce((n, c) => n + c.failures.length, 0);
  const conversions = converted.reduce((n, c) => n + c.compared, 0);
  const probeFailed = probe?.disagreements.length ?? 0;
  const failed = unexpected.length + folderFailed + probeFailed + convertFailed + vectors.mismatches.length;
  if (conversions) console.log(`   + ${conversions} loose-file folders converted to hosts.toml and judged again`);
  const rowFailed = unexpected.length + probeFailed + convertFailed + vectors.mismatches.length;
  console.log(`${compared + (probe?.compared ?? 0) + conversions + vectors.checked - rowFailed} passed, ${rowFailed} failed${rounds > 0 ? `; folder names: ${folderFailed} disagreement(s)` : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`conformance suite could not run: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
