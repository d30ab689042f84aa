/**
 * The streamed `certsd check` (cli/stream.ts) against the whole-run formatters over runCheck: the
 * same bytes for text (plain, coloured, wrapped, --quiet), JSON and SARIF, on generated trees with
 * the cases that move findings between blocks: files in the root, name forms that shadow each other,
 * names whose byte order differs from their paths' order, broken files, and roots read in order.
 */
import * as assert from 'node:assert/strict';
import { CheckEnv, CheckOptions } from '../../server/src/core/check';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { findRoots, RootLocation, RootsSetting } from '../../server/src/core/roots';
import { toJson } from '../../server/src/cli/formatJson';
import { toSarif } from '../../server/src/cli/formatSarif';
import { toText } from '../../server/src/cli/formatText';
import { countFindings, errorsOnly, runCheck } from '../../server/src/cli/run';
import { StreamFormat, streamReport } from '../../server/src/cli/stream';
import { commonPki } from '../helpers/fixtures';
import { bundle, clientCert, pkcs8Pem, rsaKey, selfSignedCa } from '../helpers/pki';
import { tempTrees, TempTree, TreeSpec } from '../helpers/tree';

const NOW = new Date('2026-06-01T00:00:00Z');
const env: CheckEnv = { fs: nodeFileSystem, now: () => NOW };

function streamed(locations: RootLocation[], options: CheckOptions, f: StreamFormat, o: { quiet?: boolean; setting?: RootsSetting } = {}): { out: string } {
  let out = '';
  streamReport(locations, env, options, f, o, (s) => (out += s));
  return { out };
}

describe('certsd check streamed', () => {
  const tree = tempTrees();
  let t: TempTree;
  let hostCount = 0;

  before(async function () {
    this.timeout(60_000);
    const pki = await commonPki();
    const otherCa = await selfSignedCa({ commonName: 'Other CA', key: rsaKey(2048, 3) });
    const expired = await clientCert(pki.ca, { key: rsaKey(2048, 2), notAfter: new Date('2026-01-01T00:00:00Z') });
    const hosts: TreeSpec = {
      // Byte order of the names (a < a.b < a_b) is not the order of their paths (a.b/ < a/ < a_b/).
      a: { 'ca.crt': pki.ca.pem },
      'a.b': { 'ca.crt': 'not a certificate\n' },
      a_b: { 'client.cert': pki.client.pem },
      // containerd's name forms: reg_5000_ comes first, reg:5000 is never read.
      'reg:5000': { 'ca.crt': pki.ca.pem },
      reg_5000_: { 'ca.crt': bundle(pki.ca, otherCa) },
      'stray.example.com': { 'ca.pem': pki.ca.pem, 'README.txt': 'notes\n' },
      'expired.example.com': { 'client.cert': expired.pem, 'client.key': pkcs8Pem(pki.client.key) },
      'mismatch.example.com': { 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 1)) },
      // Files directly in the root: the root's own block, before its host folders.
      'loose.crt': pki.ca.pem,
    };
    for (let i = 0; i < 40; i++) hosts[`registry-${i}.example.com`] = i % 3 === 0 ? { 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) } : i % 3 === 1 ? { 'ca.crt': '-----BEGIN CERTIFICATE-----\nAAAA\n' } : { 'client.key': pkcs8Pem(pki.client.key) };
    hostCount = Object.keys(hosts).length - 1;
    t = tree({
      one: { 'certs.d': hosts },
      // Two roots of containerd's config_path: the first hides what it also has.
      first: { 'certs.d': { _default: { 'ca.crt': pki.ca.pem }, a: { 'ca.crt': pki.ca.pem } } },
    });
  });

  const cases: { name: string; options: CheckOptions }[] = [
    { name: 'Docker, containerd image store', options: { dockerStore: { store: 'containerd', assumed: true }, platform: 'unix' } },
    { name: 'Docker, graph drivers', options: { dockerStore: { store: 'graphdriver', assumed: false }, platform: 'unix' } },
    { name: 'containerd', options: { platform: 'unix' } },
  ];

  for (const c of cases) {
    describe(c.name, () => {
      const locations = () => findRoots(nodeFileSystem, t.path('one', 'certs.d')).map((l) => (c.name === 'containerd' ? { ...l, engine: 'containerd' as const } : l));

      it('writes the text report byte for byte as toText, plain, coloured and wrapped', () => {
        const run = runCheck(locations(), env, c.options);
        assert.equal(run.roots[0].hosts.length, hostCount);
        assert.ok(countFindings(run).error > 10, 'the tree has errors to show');
        for (const [color, width] of [[false, undefined], [true, undefined], [false, 60], [true, 100]] as const) {
          const s = streamed(locations(), c.options, { format: 'text', color, text: { width } });
          assert.equal(s.out, toText(run, color, { width }), `color ${color}, width ${width}`);
        }
      });

      it('writes --quiet and --max-warnings text as toText on the errors only', () => {
        const run = runCheck(locations(), env, c.options);
        const expected = toText(errorsOnly(run), false, { quiet: countFindings(run), maxWarnings: 2 });
        assert.equal(streamed(locations(), c.options, { format: 'text', color: false, text: { maxWarnings: 2 } }, { quiet: true }).out, expected);
        assert.match(expected, /--quiet/);
      });

      it('writes JSON and SARIF byte for byte as toJson and toSarif, --quiet too', () => {
        const run = runCheck(locations(), env, c.options);
        assert.equal(streamed(locations(), c.options, { format: 'json' }).out, toJson(run));
        assert.equal(streamed(locations(), c.options, { format: 'sarif', version: '9.9.9', cwd: t.path('one') }).out, toSarif(run, '9.9.9', t.path('one')));
        assert.equal(streamed(locations(), c.options, { format: 'json' }, { quiet: true }).out, toJson(errorsOnly(run)));
        assert.equal(streamed(locations(), c.options, { format: 'sarif', version: '9.9.9', cwd: t.base }, { quiet: true }).out, toSarif(errorsOnly(run), '9.9.9', t.base));
        const report = JSON.parse(streamed(locations(), c.options, { format: 'json' }).out);
        assert.equal(report.hosts.length, hostCount);
      });
    });
  }

  it('writes roots read in order (--roots) as the whole run does, with their shadows and order findings', () => {
    const roots = [t.path('first', 'certs.d'), t.path('one', 'certs.d')];
    const setting: RootsSetting = { containerd: roots };
    const locations = roots.flatMap((r) => findRoots(nodeFileSystem, r)).map((l) => ({ ...l, engine: 'containerd' as const }));
    const options: CheckOptions = { platform: 'unix' };
    const run = runCheck(locations, env, options, 'containerd', setting);
    assert.equal(run.orders.length, 1);
    assert.ok(run.roots[1].findings.some((f) => f.code === 'certsd/root-shadowed'), 'the order hides folders of the second root');
    assert.equal(streamed(locations, options, { format: 'text', color: false, text: {} }, { setting }).out, toText(run, false));
    assert.equal(streamed(locations, options, { format: 'json' }, { setting }).out, toJson(run));
    assert.equal(streamed(locations, options, { format: 'sarif', version: '1', cwd: t.base }, { setting }).out, toSarif(run, '1', t.base));
  });

  it('writes a folder of thousands of findings in pieces, byte for byte as toText', () => {
    // 1,000 CA files that hold no certificate: two findings each under Docker (pulls, docker login).
    const many: TreeSpec = {};
    for (let i = 0; i < 1000; i++) many[`ca-${i}.crt`] = 'x\n';
    const big = tree({ 'certs.d': { 'many.example.com': many, 'z.example.com': { 'ca.crt': 'x\n' } } });
    const options: CheckOptions = { dockerStore: { store: 'containerd', assumed: true }, platform: 'unix' };
    const locations = findRoots(nodeFileSystem, big.path('certs.d'));
    const writes: string[] = [];
    streamReport(locations, env, options, { format: 'text', color: false, text: {} }, {}, (s) => writes.push(s));
    const whole = toText(runCheck(locations, env, options), false);
    assert.equal(writes.join(''), whole);
    assert.ok(whole.length > 400_000, `the folder's block is large (${whole.length} characters)`);
    // Never the whole folder at once: no write much above the 64 KiB chunk.
    assert.ok(Math.max(...writes.map((w) => w.length)) < 160_000, `largest write ${Math.max(...writes.map((w) => w.length))} characters`);
  });

  it('writes an empty run (no roots) as the whole run does', () => {
    const run = runCheck([], env, {});
    assert.equal(streamed([], {}, { format: 'json' }).out, toJson(run));
    assert.equal(streamed([], {}, { format: 'sarif', version: '1', cwd: '/' }).out, toSarif(run, '1', '/'));
    assert.match(toJson(run), /"hosts": \[\]/);
  });
});
