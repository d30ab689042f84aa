/**
 * The conformance corpus generator (test/conformance/corpus): one seed gives the same corpus,
 * 2,000 folders come out in seconds, every kind of case occurs, and every name is valid.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ODD_CERTS } from '../conformance/corpus/oddCerts';
import { MUTATIONS, PEM_DAMAGE } from '../conformance/corpus/damage';
import { TOML_FLAWS } from '../conformance/corpus/hostsToml';
import {
  buildPool,
  generateCorpus,
  HostSpec,
  isValidHostName,
  LABEL_FAMILIES,
  labelBase,
  labelFamily,
  Pool,
  SPEC_LABEL_FAMILIES,
  specCases,
  writeHost,
} from '../conformance/corpus/generate';

const SEED = 7;
const COUNT = 2000;

/** Files whose bytes come from the PRNG alone, not from the pool's fresh keys. */
function prngOnly(name: string, content?: Buffer): boolean {
  const base = path.posix.basename(name);
  return base === 'hosts.toml' || /^(README(\.md)?|notes\.txt)$/.test(base) || base.startsWith('._') || base === '.DS_Store' || content?.length === 0;
}

/** `a/b/c` -> `a`, `a/b`, `a/b/c`. */
function parentsAndSelf(name: string): string[] {
  return name.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
}

/** Every path under `dir`, relative, not following symlinks (readdir's `recursive` does). */
function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix + e.name;
    return e.isDirectory() ? [rel, ...walk(path.join(dir, e.name), rel + '/')] : [rel];
  });
}

function shape(hosts: HostSpec[]): unknown {
  return hosts.map((h) => ({ name: h.name, labels: h.labels, files: h.files.map((f) => ({ name: f.name, kind: f.kind, mode: f.mode, target: f.target })) }));
}

describe('conformance corpus generator', function () {
  this.timeout(180_000);
  let pool: Pool;
  let corpus: HostSpec[];
  const bases = new Set<string>();

  before(async () => {
    const t0 = Date.now();
    pool = await buildPool(SEED);
    const t1 = Date.now();
    corpus = await generateCorpus({ seed: SEED, count: COUNT }, pool);
    const t2 = Date.now();
    for (const h of corpus) for (const l of h.labels) bases.add(labelBase(l));
    console.log(`      pool: ${pool.size} items in ${t1 - t0} ms; ${COUNT} folders in ${t2 - t1} ms`);
    if (pool.missing.length) console.log(`      left out: ${pool.missing.join('; ')}`);
  });

  it('gives byte-identical folders for one seed and one pool', async () => {
    const again = await generateCorpus({ seed: SEED, count: COUNT }, pool);
    assert.deepEqual(again, corpus);
  });

  it('gives the same names, labels, modes, links and PRNG-made bytes for one seed with a fresh pool', async () => {
    const fresh = await generateCorpus({ seed: SEED, count: 300 });
    const first = corpus.slice(0, 300);
    assert.deepEqual(shape(fresh), shape(first));
    let compared = 0;
    fresh.forEach((h, i) =>
      h.files.forEach((f, j) => {
        if (f.kind !== 'file' || !prngOnly(f.name, f.content)) return;
        assert.deepEqual(f.content, first[i].files[j].content, `${h.name}/${f.name}`);
        compared++;
      }),
    );
    assert.ok(compared > 50, `only ${compared} PRNG-made files compared`);
  });

  it('gives another corpus for another seed', async () => {
    const other = await generateCorpus({ seed: SEED + 1, count: 50 }, pool);
    assert.notDeepEqual(shape(other), shape(corpus.slice(0, 50)));
  });

  it('uses every label family, and only those', () => {
    const families = new Set([...bases].map(labelFamily));
    for (const f of LABEL_FAMILIES) assert.ok(families.has(f), `no ${f}: label in ${COUNT} folders`);
    for (const f of families) assert.ok((LABEL_FAMILIES as readonly string[]).includes(f), `unknown label family ${f}`);
  });

  it('uses every damage, mutation, hosts.toml flaw, odd certificate and symlink kind', () => {
    const want = [
      ...Object.keys(PEM_DAMAGE).map((d) => `ca:${d}`),
      ...MUTATIONS.map((m) => `mutation:${m}`),
      ...TOML_FLAWS.map((f) => `hosts.toml:${f}`),
      ...ODD_CERTS.map((o) => `ca:odd-${o}`),
      ...['in-folder', 'into-subdir', 'outside', 'dangling', 'loop', 'self-loop', 'to-dir'].map((s) => `symlink:${s}`),
      ...['name-port', 'name', 'ip-port', 'mirror-443'].map((h) => `host:${h}`),
      'hosts.toml:none', 'hosts.toml:valid', 'hosts.toml:empty', 'hosts.toml:comments-only',
      'pair:match', 'pair:mismatch', 'pair:other-alg', 'pair:swapped', 'pair:chain-leaf-first', 'pair:chain-leaf-last', 'pair:combined-no-key', 'pair:docker-recipe',
      'key:lone', 'key:beside-crt', 'cert:lone', 'appledouble:crt', 'hidden:crt', 'subdir:named-crt', 'subdir:named-cert', 'subdir:files', 'empty:crt',
    ];
    const missing = want.filter((w) => !bases.has(w));
    assert.deepEqual(missing, []);
  });

  it('makes about a third of the folders fully valid', () => {
    const valid = corpus.filter((h) => h.labels.includes('folder:valid')).length / COUNT;
    console.log(`      folder:valid ${(100 * valid).toFixed(1)}%`);
    assert.ok(valid > 0.28 && valid < 0.45, `folder:valid ${valid}`);
    for (const h of corpus) assert.equal(h.labels.filter((l) => l.startsWith('folder:')).length, 1, h.name);
  });

  it('mutates roughly one PEM/DER file in ten', () => {
    let files = 0;
    let mutated = 0;
    for (const h of corpus) {
      const m = new Set(h.labels.filter((l) => l.startsWith('mutation:')).map((l) => l.slice(l.indexOf('@') + 1)));
      for (const f of h.files) {
        if (f.kind !== 'file' || !/\.(crt|cert|key)$/.test(f.name) || f.name.includes('/')) continue;
        files++;
        if (m.has(f.name)) mutated++;
      }
    }
    console.log(`      mutated ${mutated} of ${files} PEM/DER files (${((100 * mutated) / files).toFixed(1)}%)`);
    assert.ok(mutated / files > 0.04 && mutated / files < 0.2);
  });

  it('names every folder validly and uniquely, and every file uniquely inside it', async () => {
    const spec = await specCases(pool, SEED);
    const all = [...corpus, ...spec];
    const names = new Set<string>();
    const outside = new Set<string>();
    for (const h of all) {
      assert.ok(isValidHostName(h.name, spec.includes(h)), `invalid host folder name ${h.name}`);
      assert.ok(!names.has(h.name), `duplicate host folder ${h.name}`);
      names.add(h.name);
      const files = new Set(h.files.map((f) => f.name));
      assert.equal(files.size, h.files.length, `duplicate file in ${h.name}`);
      for (const f of h.files) {
        if (f.name.startsWith('../')) {
          assert.match(f.name, /^\.\.\/[^/]+$/);
          assert.ok(f.name.includes(h.name), `${f.name} beside ${h.name} does not carry its name`);
          assert.ok(!outside.has(f.name));
          outside.add(f.name);
          continue;
        }
        assert.ok(!path.isAbsolute(f.name) && !f.name.split('/').some((s) => s === '' || s === '.' || s === '..'), `${h.name}: bad file name ${f.name}`);
        const parent = path.posix.dirname(f.name);
        if (parent !== '.') assert.notEqual(h.files.find((x) => x.name === parent)?.kind, 'file', `${h.name}: ${f.name} under a file`);
        if (f.kind === 'symlink') {
          assert.ok(f.target, `${h.name}: ${f.name} has no target`);
          assert.ok(!f.name.includes('/'), `${h.name}: symlink ${f.name} not directly in the folder`);
        }
        if (f.kind === 'file') assert.ok(Buffer.isBuffer(f.content), `${h.name}: ${f.name} has no content`);
      }
      const paths = new Set([...files].flatMap(parentsAndSelf));
      for (const l of h.labels) {
        const at = l.indexOf('@');
        if (at > 0) assert.ok(paths.has(l.slice(at + 1)), `${h.name}: label ${l} names a file that is not there`);
      }
    }
  });

  it('has hand-written folders for every row of the file table that files can express', async () => {
    const spec = await specCases(pool, SEED);
    const rows = new Set(spec.flatMap((h) => h.labels.filter((l) => /^spec:[A-Za-z.]+\d*$/.test(l)).map((l) => l.slice(5))));
    const want = ['F1', 'F2', 'F3', 'F4', 'F6', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `C${n}`), ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `K${n}`), 'hosts.toml'];
    assert.deepEqual(want.filter((r) => !rows.has(r)), []);
    assert.ok(!rows.has('P7') && !rows.has('P8'));
    const families = new Set(spec.flatMap((h) => h.labels.map(labelFamily)));
    for (const f of families) assert.ok([...LABEL_FAMILIES, ...SPEC_LABEL_FAMILIES].includes(f as never), `unknown label family ${f}`);
  });

  it('writes folders exactly as described', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-test-'));
    try {
      const root = path.join(dir, 'certs.d');
      const hosts = [...corpus, ...(await specCases(pool, SEED))];
      const t0 = Date.now();
      for (const h of hosts) writeHost(root, h);
      console.log(`      wrote ${hosts.length} folders in ${Date.now() - t0} ms`);
      for (const h of hosts) {
        const hostDir = path.join(root, h.name);
        for (const f of h.files) {
          const p = path.resolve(hostDir, f.name);
          const st = fs.lstatSync(p);
          if (f.kind === 'dir') assert.ok(st.isDirectory(), p);
          if (f.kind === 'symlink') assert.equal(fs.readlinkSync(p), f.target, p);
          if (f.kind === 'file') {
            assert.ok(st.isFile(), p);
            assert.equal(st.mode & 0o777, f.mode ?? 0o644, p);
            assert.deepEqual(fs.readFileSync(p), f.content, p);
          }
        }
        const written = walk(hostDir).sort();
        const described = new Set(h.files.filter((f) => !f.name.startsWith('../')).flatMap((f) => parentsAndSelf(f.name)));
        assert.deepEqual(written, [...described].sort(), h.name);
      }
      assert.throws(() => writeHost(root, corpus[0]), /EEXIST/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
