/**
 * The CLI's outputs where the other suites let mutants live (docs/mutation.md): --quiet, the SARIF
 * header and locations, JSON fields present only when they hold something, exit statuses of
 * `resolve`, --max-warnings with a machine format, the notes when no root is found, --help/--version.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { runCli } from '../helpers/cli';
import { clientCert, pkcs8Pem, rsaKey, selfSignedCa, TestCert } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

const NOW = new Date('2033-07-01T08:00:00Z');
const DAY = 86_400_000;
const VALID = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };
const cli = (args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => runCli(args, { ...o, checkEnv: { fs: nodeFileSystem, now: () => NOW } });

describe('certsd CLI outputs', () => {
  const tree = tempTrees();
  let ca: TestCert;
  let client: TestCert;
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Outputs CA', ...VALID });
    client = await clientCert(ca, { commonName: 'outputs-client', ...VALID });
  });

  function trees() {
    const t = tree({
      'certs.d': {
        'reg.example.com': { 'ca.crt': ca.pem, 'client.cert': client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 3)) },
        // A good pair whose key is readable by everyone: a warning only.
        'w.example.com': { 'ca.crt': ca.pem, 'client.cert': client.pem, 'client.key': pkcs8Pem(client.key) },
        'stray.crt': ca.pem,
      },
    });
    return { t, root: t.path('certs.d') };
  }
  const json = (stdout: string) => JSON.parse(stdout);
  type JsonFinding = { code: string; severity: string; fixes?: unknown[] };

  it('--quiet keeps the errors only, of the host folders and of the root', () => {
    const { t, root } = trees();
    const all = cli(['check', root, '--format', 'json'], { cwd: t.base });
    const codes = (o: { findings: JsonFinding[] }) => o.findings.map((f) => `${f.code} ${f.severity}`).sort();
    assert.deepEqual(codes(json(all.stdout)), ['certsd/file-in-root warning', 'certsd/invalid-key-pair error', 'certsd/invalid-key-pair error', 'certsd/key-permissions warning', 'certsd/key-permissions warning']);
    const quiet = cli(['check', root, '--format', 'json', '--quiet'], { cwd: t.base });
    assert.equal(quiet.code, 1);
    assert.deepEqual(codes(json(quiet.stdout)), ['certsd/invalid-key-pair error', 'certsd/invalid-key-pair error']);
  });

  it('lists fixes in JSON only on findings that have some', () => {
    const { t, root } = trees();
    const findings: JsonFinding[] = json(cli(['check', root, '--format', 'json'], { cwd: t.base }).stdout).findings;
    const stray = findings.find((f) => f.code === 'certsd/file-in-root')!;
    assert.ok(Array.isArray(stray.fixes) && stray.fixes.length > 0, JSON.stringify(stray));
    for (const f of findings.filter((x) => x.code === 'certsd/invalid-key-pair')) assert.equal('fixes' in f, false, JSON.stringify(f));
  });

  it('writes a SARIF 2.1.0 log: schema, tool, rules with level and engines, paths under the working folder relative to it, others absolute', () => {
    const { t, root } = trees();
    const sarif = json(cli(['check', root, '--format', 'sarif'], { cwd: t.base }).stdout);
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.informationUri, 'https://github.com/certsd/certsd');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'certsd/file-in-root');
    assert.deepEqual(Object.keys(rule).sort(), ['defaultConfiguration', 'fullDescription', 'help', 'helpUri', 'id', 'name', 'properties', 'shortDescription']);
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.ok(typeof rule.shortDescription.text === 'string' && rule.shortDescription.text.length > 20, JSON.stringify(rule));
    assert.deepEqual(rule.properties.engines, ['docker', 'podman', 'containerd']);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `file://${t.base}/` } });
    const key = run.results.find((r: { ruleId: string }) => r.ruleId === 'certsd/invalid-key-pair').locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(key, { uri: 'certs.d/reg.example.com/client.key', uriBaseId: '%SRCROOT%' });
    const away = json(cli(['check', root, '--format', 'sarif'], { cwd: '/usr' }).stdout);
    const absolute = away.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'certsd/invalid-key-pair').locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(absolute, { uri: `file://${t.base}/certs.d/reg.example.com/client.key` });
    // The working folder itself is not "inside" (an empty relative path).
    const self = json(cli(['check', root, '--format', 'sarif'], { cwd: root }).stdout);
    assert.ok(self.runs[0].results.every((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri !== ''));
  });

  it('--max-warnings with a machine format: over the limit says so on stderr and exits 1, within it exits 0', () => {
    const { t } = trees();
    const w = t.path('certs.d', 'w.example.com');
    const over = cli(['check', w, '--max-warnings', '0', '--format', 'json'], { cwd: t.base });
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'certsd: too many warnings: 1, more than --max-warnings 0\n');
    const within = cli(['check', w, '--max-warnings', '1', '--format', 'json'], { cwd: t.base });
    assert.deepEqual([within.code, within.stderr], [0, '']);
    assert.equal(json(within.stdout).findings.length, 1);
    // In text the summary line says it; stderr stays empty.
    const text = cli(['check', w, '--max-warnings', '0'], { cwd: t.base });
    assert.deepEqual([text.code, text.stderr], [1, '']);
    assert.match(text.stdout, /too many warnings: 1, more than --max-warnings 0/);
  });

  it('resolve exits 0 when every host has its folder, 1 when one has none', () => {
    const { root } = trees();
    assert.equal(cli(['resolve', 'reg.example.com', '--root', root, '--engine', 'containerd']).code, 0);
    const some = cli(['resolve', 'reg.example.com', 'nope.example.com', '--root', root, '--engine', 'containerd']);
    assert.equal(some.code, 1);
    assert.match(some.stdout, /\n\nnope\.example\.com \(containerd@2\): no folder\n/);
  });

  it('says which folders it looked for when none exists: the --root folders, or the standard ones of the injected $HOME', () => {
    const { t } = trees();
    const roots = cli(['check', '--roots', t.path('nothing'), '--engine', 'containerd']);
    assert.equal(roots.code, 2);
    assert.equal(roots.stderr, `certsd: warning: no certs.d folder to check: none of the --root folders exists (${t.path('nothing')}); name one (certsd check PATH), or add --allow-empty where none is expected\n`);
    const home = t.path('home');
    const standard = cli(['check'], { env: { HOME: home } });
    assert.equal(standard.code, 2);
    assert.ok(standard.stderr.startsWith(`certsd: warning: no certs.d folder to check: none of the standard folders exists on this machine (/etc/docker/certs.d, ${home}/.config/docker/certs.d, ${home}/.docker/certs.d, `), standard.stderr);
  });

  it('prints the version of package.json for --version and -v', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = cli([flag]);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${pkg.version}\n`, ''], flag);
    }
  });

  it('lists the hosts of a decoded hosts.toml in the JSON load, in order, with skip_verify and the files each uses', () => {
    const toml = 'server = "https://reg.example.com"\n[host."https://m.example.com:8443/base"]\n  capabilities = ["pull"]\n  skip_verify = true\n  ca = "ca.crt"\n';
    const t = tree({ etc: { containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': toml, 'ca.crt': ca.pem } } } } });
    const r = cli(['check', t.path('etc', 'containerd', 'certs.d'), '--format', 'json']);
    const load = json(r.stdout).hosts[0].load;
    assert.equal(load.hostsToml, true);
    assert.equal('hostsTomlError' in load, false);
    const hosts = load.hosts.map((h: Record<string, unknown>) => [h.host, h.scheme, h.path, h.capabilities, h.skipVerify, (h.caCertificates as string[]).length]);
    assert.deepEqual(hosts, [
      ['m.example.com:8443', 'https', '/base/v2', ['pull'], true, 1],
      // containerd 2's default capabilities for the server include referrers.
      ['reg.example.com', 'https', '/v2', ['pull', 'resolve', 'push', 'referrers'], false, 0],
    ]);
  });

  it('prints the usage on stdout for --help, and the short usage on stderr after a usage error', () => {
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.ok(help.stdout.startsWith('Usage: certsd check [PATH...] [options]\n'), help.stdout);
    assert.equal(help.stderr, '');
    const bad = cli(['version']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.ok(bad.stderr.endsWith('\nUsage: certsd check [PATH...] [--format text|json|sarif] [--quiet] [--max-warnings N] [options] (certsd --help)\n'), bad.stderr);
  });
});

describe('certsd CLI text output: layout', () => {
  const tree = tempTrees();
  it('prints the root and its own findings first, then each host folder, each block ended by an empty line', async () => {
    const ca = await selfSignedCa({ commonName: 'Layout CA', ...VALID });
    const t = tree({ 'certs.d': { 'a.example.com': { 'ca.crt': ca.pem }, 'stray.crt': ca.pem } });
    const root = t.path('certs.d');
    const lines = cli(['check', root]).stdout.split('\n');
    const at = (s: string) => lines.indexOf(s);
    assert.ok(at(root) >= 0, lines.join('\n'));
    assert.ok(lines[at(root) + 1].startsWith('  stray.crt:1:1  warning  '), lines.join('\n'));
    assert.equal(lines[at(root) + 2], '');
    const host = at(t.path('certs.d', 'a.example.com'));
    assert.ok(host > at(root) + 2, lines.join('\n'));
    assert.equal(lines[host + 2], '', lines.join('\n'));
    // The summary counts every finding: one warning.
    assert.match(lines[lines.length - 2], /^⚠ 1 problem \(0 errors, 1 warning, 0 info\)/);
  });
});
