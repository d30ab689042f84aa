/**
 * Rule precedence (server/src/core/rules/rule.ts): the table as the rules declare it, and for each
 * row a folder where both rules see the fault (the losing rule run alone proves it speaks) and the
 * check reports only the winner there. A change to the table shows here first.
 */
import * as assert from 'node:assert/strict';
import { reporter, settingsOf } from '../../server/src/core/check';
import { hostsTomlDialect } from '../../server/src/core/engines/hostsToml';
import { simulateLoad } from '../../server/src/core/engines/simulate';
import { FactsCache } from '../../server/src/core/facts';
import { Finding } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { goDefaults } from '../../server/src/core/go/godebug';
import { HostRule, RULES } from '../../server/src/core/rules';
import { applyPrecedence, precedenceTable } from '../../server/src/core/rules/precedence';
import { Engine, readRoot } from '../../server/src/core/tree';
import { checkTree, describeFindings, findings, theFinding, TreeRun } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { certDer, pkcs8Pem } from '../helpers/pki';
import { file, tempTrees, TreeSpec } from '../helpers/tree';

const rule = (code: string): HostRule => {
  const r = RULES.find((x) => x.code === code);
  assert.ok(r && r.scope === 'host', `${code} is no host rule`);
  return r;
};

describe('rule precedence', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  function run(files: TreeSpec, engine: Engine): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine);
  }

  /** One rule on the host folder of `r`, alone: what it reports before precedence is applied. */
  function alone(code: string, r: TreeRun, loader: Engine): Finding[] {
    const settings = settingsOf({ fs: nodeFileSystem, now: () => new Date() }, {});
    const rootPath = r.tree.path('certs.d');
    const root = readRoot(nodeFileSystem, rootPath, loader, { engineFromPath: false, misnamed: false });
    const host = root.hosts.find((h) => h.name === REGISTRY)!;
    const cache = new FactsCache(nodeFileSystem, goDefaults(settings.releases[loader].go));
    const load = simulateLoad(host, loader, cache, hostsTomlDialect(settings.releases[loader].containerd ?? '2.4'));
    const out: Finding[] = [];
    const who = rule(code);
    who.check({ root, host, engine: loader, loader, actor: loader, load, cache, settings, report: reporter(out, who.code, who.severity, host.path) });
    return out;
  }

  it('is this table, and nothing else', () => {
    assert.deepEqual(precedenceTable(RULES), [
      { winner: 'certsd/ca-as-cert', loser: 'certsd/missing-key', on: 'pair' },
      { winner: 'certsd/ca-as-cert', loser: 'certsd/invalid-key-pair', on: 'pair' },
      { winner: 'certsd/server-key', loser: 'certsd/missing-client-cert', on: 'file' },
      { winner: 'certsd/der-original', loser: 'certsd/ignored-extension', on: 'file' },
      { winner: 'certsd/hosts-toml-url', loser: 'certsd/hosts-toml-v2-path', on: 'range' },
    ]);
  });

  it('names host rules only, that share an engine, with no chains', () => {
    const table = precedenceTable(RULES);
    const winners = new Set(table.map((p) => p.winner));
    for (const p of table) {
      const [w, l] = [rule(p.winner), rule(p.loser)];
      assert.ok(w.engines.some((e) => l.engines.includes(e)), `${p.winner} and ${p.loser} never run for the same engine`);
      assert.ok(!winners.has(p.loser), `${p.loser} loses to ${p.winner} and wins over another rule: a chain`);
      assert.notEqual(p.winner, p.loser);
    }
  });

  /** The loser speaks on `where` when alone; in the check, the winner speaks there and the loser does not. */
  function assertWinner(r: TreeRun, engine: Engine, winner: string, loser: string, where: string): void {
    assert.ok(
      alone(loser, r, engine).some((f) => f.path === where),
      `${loser} alone must speak on ${where} for the row to be tested: ${JSON.stringify(alone(loser, r, engine).map((f) => f.path))}`,
    );
    assert.ok(findings(r.report, winner).length > 0, `no ${winner}:\n${describeFindings(r.report)}`);
    assert.deepEqual(findings(r.report, loser, where), [], `${loser} should give way to ${winner}:\n${describeFindings(r.report)}`);
  }

  it('ca-as-cert over missing-key: a CA saved as ca.cert, no key (Docker)', () => {
    const r = run({ 'ca.cert': pki.ca.pem }, 'docker');
    assertWinner(r, 'docker', 'certsd/ca-as-cert', 'certsd/missing-key', r.file('ca.cert'));
  });

  it('ca-as-cert over invalid-key-pair on the .cert: a CA saved as ca.cert, no key (containerd reads the key from it)', () => {
    const r = run({ 'ca.cert': pki.ca.pem }, 'containerd');
    assertWinner(r, 'containerd', 'certsd/ca-as-cert', 'certsd/invalid-key-pair', r.file('ca.cert'));
  });

  it('ca-as-cert over invalid-key-pair on the other half of the pair: ca.cert a CA, ca.key another key (Docker blames the key)', () => {
    const r = run({ 'ca.cert': pki.ca.pem, 'ca.key': file(pkcs8Pem(pki.client.key), 0o600) }, 'docker');
    theFinding(r.report, 'certsd/ca-as-cert', r.file('ca.cert'));
    assertWinner(r, 'docker', 'certsd/ca-as-cert', 'certsd/invalid-key-pair', r.file('ca.key'));
  });

  it('ca-as-cert takes away nothing from another pair of the same folder', () => {
    const r = run({ 'ca.cert': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': file(pkcs8Pem(pki.server.key), 0o600) }, 'docker');
    theFinding(r.report, 'certsd/ca-as-cert', r.file('ca.cert'));
    theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
  });

  it('server-key over missing-client-cert: the registry CA and its key copied together (Docker)', () => {
    const r = run({ 'ca.crt': pki.ca.pem, 'ca.key': file(pkcs8Pem(pki.ca.key), 0o600) }, 'docker');
    assertWinner(r, 'docker', 'certsd/server-key', 'certsd/missing-client-cert', r.file('ca.key'));
  });

  it('der-original over ignored-extension: the DER a conversion kept beside its PEM copy (Docker)', () => {
    const r = run({ 'ca.der': certDer(pki.ca), 'ca.crt': pki.ca.pem }, 'docker');
    assertWinner(r, 'docker', 'certsd/der-original', 'certsd/ignored-extension', r.file('ca.der'));
  });

  it('hosts-toml-url over hosts-toml-v2-path at that host only: the other host keeps its v2-path finding', () => {
    const toml = [
      'server = "https://reg.example.com:5000"',
      '[host."HTTPS://m.example.com/v2/library"]',
      '  capabilities = ["pull"]',
      '[host."https://mirror.example.com/v2/library"]',
      '  capabilities = ["pull"]',
      '',
    ].join('\n');
    const r = run({ 'hosts.toml': toml }, 'containerd');
    const tomlPath = r.file('hosts.toml');
    const v2Alone = alone('certsd/hosts-toml-v2-path', r, 'containerd');
    assert.deepEqual(v2Alone.map((f) => f.range.start.line), [1, 3], 'v2-path alone speaks for both hosts');
    const url = theFinding(r.report, 'certsd/hosts-toml-url', tomlPath);
    assert.equal(url.range.start.line, 1);
    const v2 = theFinding(r.report, 'certsd/hosts-toml-v2-path', tomlPath);
    assert.equal(v2.range.start.line, 3);
  });

  it('with hosts.toml, ca-as-cert does not speak (the file is named), so the broken pair is reported where hosts-toml-file points', () => {
    // Before precedence was explicit, invalid-key-pair stayed quiet here and the pointer led nowhere.
    const toml = 'server = "https://reg.example.com:5000"\nclient = [["ca.cert", "ca.key"]]\n';
    const r = run({ 'hosts.toml': toml, 'ca.cert': pki.ca.pem, 'ca.key': file(pkcs8Pem(pki.client.key), 0o600) }, 'containerd');
    assert.deepEqual(findings(r.report, 'certsd/ca-as-cert'), []);
    const pointer = theFinding(r.report, 'certsd/hosts-toml-file', r.file('hosts.toml'));
    const named = /see the finding on ([^)]+)\)/.exec(pointer.message)?.[1];
    assert.ok(named, pointer.message);
    const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file(named));
    assert.match(f.message, /failed to load X509 key pair: tls: private key does not match public key/);
  });

  it('with hosts.toml naming a CA alone under "client", invalid-key-pair speaks, with advice for hosts.toml (no rename: the file is named there)', () => {
    const r = run({ 'hosts.toml': 'server = "https://reg.example.com:5000"\nclient = "ca.cert"\n', 'ca.cert': pki.ca.pem }, 'containerd');
    assert.deepEqual(findings(r.report, 'certsd/ca-as-cert'), []);
    const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('ca.cert'));
    assert.match(f.message, /"failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key"/);
    assert.match(f.message, /list ca\.cert under "ca"/);
    assert.doesNotMatch(f.message, /rename/i);
  });

  it('applies to the findings as reported: a loser elsewhere, or of a rule not in the table, stays', () => {
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 4 } });
    const f = (code: string, path: string, line = 0): Finding => ({ code, severity: 'error', path, range: at(line), summary: code, message: code });
    const pairs = [{ cert: { name: 'a.cert', path: '/h/a.cert', type: 'file' as const }, keyPath: '/h/a.key', ok: false }];
    const input = [
      f('certsd/ca-as-cert', '/h/a.cert'),
      f('certsd/invalid-key-pair', '/h/a.key'),
      f('certsd/invalid-key-pair', '/h/b.key'),
      f('certsd/bom', '/h/a.key'),
      f('certsd/hosts-toml-url', '/h/hosts.toml', 1),
      f('certsd/hosts-toml-v2-path', '/h/hosts.toml', 1),
      f('certsd/hosts-toml-v2-path', '/h/hosts.toml', 2),
    ];
    assert.deepEqual(
      applyPrecedence(input, RULES, pairs).map((x) => `${x.code} ${x.path}:${x.range.start.line}`),
      ['certsd/ca-as-cert /h/a.cert:0', 'certsd/invalid-key-pair /h/b.key:0', 'certsd/bom /h/a.key:0', 'certsd/hosts-toml-url /h/hosts.toml:1', 'certsd/hosts-toml-v2-path /h/hosts.toml:2'],
    );
  });
});
