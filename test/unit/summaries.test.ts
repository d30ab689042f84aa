/**
 * The Problems panel's message is each finding's summary: one sentence of our own under 120
 * characters, with no engine quote (that goes to related information and the hover). Checked over
 * every finding of generated trees: the conformance corpus (spec cases and random folders), the
 * sample folder, and a tree for the rules neither reaches (root names, lookup orders, a DER
 * original, a SHA-1 signature); every rule of rules/index.ts must have been met.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRoot, CheckOptions } from '../../server/src/core/check';
import { Finding } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { setLocale } from '../../server/src/core/l10n';
import { findRoots } from '../../server/src/core/roots';
import { RULES } from '../../server/src/core/rules';
import { Engine } from '../../server/src/core/tree';
import { runCheck } from '../../server/src/cli/run';
import { makeSample } from '../../scripts/make-sample';
import { buildPool, generateCorpus, specCases, writeHost } from '../conformance/corpus/generate';
import { commonPki } from '../helpers/fixtures';
import { certDer, clientCert, pkcs8Pem, rsaKey, selfSignedCa } from '../helpers/pki';
import { makeTree } from '../helpers/tree';

/** What the engines and Go say, which belongs in the whole text, never in the summary. */
const ENGINE_WORDS = /x509:|tls:|remote error|failed to (load|find|parse|decode)|unable to (read|load)|missing key|missing client certificate|no such file|permission denied|is a directory|not a directory/;

interface Seen {
  finding: Finding;
  /** The engine errors of the finding's host folder (every pass), to look for in the summary. */
  errors: string[];
}

function collect(into: Seen[], findings: Finding[], errorsOf: (f: Finding) => string[]): void {
  for (const finding of findings) into.push({ finding, errors: errorsOf(finding) });
}

const options = (store: 'graphdriver' | 'containerd'): CheckOptions => ({ dockerStore: { store, assumed: false }, platform: 'unix' });

function checkOne(into: Seen[], root: string, engine: Engine, store: 'graphdriver' | 'containerd' = 'graphdriver', misnamed = false): void {
  const now = new Date();
  const report = checkRoot({ path: root, engine, engineFromPath: false, misnamed }, { fs: nodeFileSystem, now: () => now }, options(store));
  const errors = new Map(report.hosts.map((h) => [h.path, [...h.load.errors, ...(h.login?.errors ?? [])].map((e) => e.message)]));
  collect(into, report.findings, (f) => errors.get(f.hostPath ?? '') ?? []);
}

describe('finding summaries (the Problems panel message)', function () {
  this.timeout(180_000);
  const seen: Seen[] = [];
  let base: string;
  /** Checks every generated tree again (the same trees), into `into`. */
  let checkAll: (into: Seen[]) => void = () => {};

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-summaries-'));
    // The conformance corpus: every case of the spec, and random folders.
    const corpus = path.join(base, 'corpus', 'certs.d');
    fs.mkdirSync(corpus, { recursive: true });
    const pool = await buildPool(11);
    for (const h of [...(await specCases(pool, 11)), ...(await generateCorpus({ seed: 11, count: 60 }, pool))]) writeHost(corpus, h);
    const sample = path.join(base, 'sample', 'certs.d');
    await makeSample(sample);

    // What neither reaches: folder names and forms, a DER original, a SHA-1 signature.
    const pki = await commonPki();
    const sha1 = await clientCert(pki.ca, { hash: 'SHA-1', key: rsaKey(2048, 2) });
    const ca = await selfSignedCa({ commonName: 'Converted CA' });
    const extra = makeTree({
      'certs.d': {
        'docker.io': { 'ca.crt': pki.ca.pem },
        'reg.example.com:5000': { 'ca.crt': pki.ca.pem },
        'reg.example.com_5000_': { 'ca.crt': pki.ca.pem },
        'file.example.com_5000_': 'not a folder\n',
        'file.example.com:5000': { 'ca.crt': pki.ca.pem },
        'converted.example.com': { 'ca.crt': ca.pem, 'ca.der': certDer(ca) },
        'sha1.example.com': { 'client.cert': sha1.pem, 'client.key': pkcs8Pem(sha1.key) },
      },
      'cert.d': { 'misnamed.example.com': { 'ca.crt': pki.ca.pem } },
    });
    // Lookup orders: containerd's _default in an earlier root, Podman's /etc/containers first.
    const host = { 'ca.crt': pki.ca.pem };
    const orders = makeTree({
      etc: {
        containerd: { 'certs.d': { _default: host } },
        docker: { 'certs.d': { 'reg.example.com': host, 'mirror.example.com': host } },
        containers: { 'certs.d': { 'reg.example.com': host } },
      },
    });
    checkAll = (into) => {
      for (const root of [corpus, sample]) {
        for (const engine of ['docker', 'podman', 'containerd'] as const) checkOne(into, root, engine);
        checkOne(into, root, 'docker', 'containerd');
      }
      for (const engine of ['docker', 'podman', 'containerd'] as const) checkOne(into, extra.path('certs.d'), engine);
      checkOne(into, extra.path('cert.d'), 'docker', 'graphdriver', true);
      const run = runCheck(findRoots(nodeFileSystem, orders.base), { fs: nodeFileSystem, now: () => new Date() }, options('graphdriver'));
      for (const r of run.roots) collect(into, r.findings, () => []);
    };
    checkAll(seen);
  });

  after(() => {
    setLocale('en');
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('meets every rule of rules/index.ts on the generated trees', () => {
    const codes = new Set(seen.map((s) => s.finding.code));
    assert.deepEqual(RULES.map((r) => r.code).filter((c) => !codes.has(c)), []);
  });

  it('gives every finding a one-line summary under 120 characters, apart from its whole message', () => {
    const tooLong = seen.filter((s) => s.finding.summary.length >= 120).map((s) => `${s.finding.code}: ${s.finding.summary} (${s.finding.summary.length})`);
    assert.deepEqual(tooLong, []);
    for (const { finding } of seen) {
      assert.ok(finding.summary.trim().length > 10, `${finding.code}: empty summary`);
      assert.ok(!finding.summary.includes('\n'), finding.summary);
      assert.notEqual(finding.summary, finding.message);
    }
    const longest = Math.max(...seen.map((s) => s.finding.summary.length));
    console.log(`      ${seen.length} findings of ${new Set(seen.map((s) => s.finding.code)).size} rules; longest summary ${longest} characters`);
  });

  it('quotes no engine in a summary: neither its error nor Go\'s words (the whole message has them)', () => {
    const quoting = seen.filter(({ finding, errors }) => ENGINE_WORDS.test(finding.summary) || errors.some((e) => finding.summary.includes(e)));
    assert.deepEqual(quoting.map((s) => `${s.finding.code}: ${s.finding.summary}`), []);
    // The whole text still quotes the engine where the engine refused the folder.
    const refused = seen.filter((s) => s.finding.code === 'certsd/missing-key');
    assert.ok(refused.length > 0 && refused.every((s) => /missing key .*\.key for client certificate/.test(s.finding.message)), 'missing-key messages quote the engine');
  });

  it('translates the summaries: the same findings in zh-cn are Chinese, and as short', async () => {
    setLocale('zh-cn');
    try {
      const zh: Seen[] = [];
      const sample = path.join(base, 'sample', 'certs.d');
      checkOne(zh, sample, 'docker');
      assert.ok(zh.length > 5);
      for (const { finding } of zh) {
        assert.match(finding.summary, /\p{Script=Han}/u, `${finding.code}: ${finding.summary}`);
        assert.ok(finding.summary.length < 120, finding.summary);
      }
    } finally {
      setLocale('en');
    }
  });

  it('translates the whole messages too: every finding of every tree in zh-cn is Chinese, the engine quotes still English', () => {
    setLocale('zh-cn');
    try {
      const zh: Seen[] = [];
      checkAll(zh);
      // The same trees: every rule met again (the counts are not compared: a finding that depends on the clock may come and go).
      assert.deepEqual([...new Set(zh.map((s) => s.finding.code))].sort(), [...new Set(seen.map((s) => s.finding.code))].sort());
      const english = zh.filter((s) => !/\p{Script=Han}/u.test(s.finding.message));
      assert.deepEqual(english.map((s) => `${s.finding.code}: ${s.finding.message}`), []);
      // Engine quotes are arguments, never translated: missing-key still quotes the engine verbatim.
      const refused = zh.filter((s) => s.finding.code === 'certsd/missing-key');
      assert.ok(refused.length > 0 && refused.every((s) => /missing key .*\.key for client certificate/.test(s.finding.message)), 'missing-key messages quote the engine');
    } finally {
      setLocale('en');
    }
  });
});
