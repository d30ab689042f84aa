import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { clientCert, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';
import { CliRun as Run, runCli } from '../helpers/cli';

const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

/**
 * The CLI's clock: fixed, and years from the real date, so a check that read the real clock would
 * find the certificates (valid from the day before NOW) not yet valid.
 */
const NOW = new Date('2033-07-01T08:00:00Z');
const DAY = 86_400_000;
const VALID = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };

function cli(args: string[], opts: { isTTY?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  return runCli(args, { ...opts, checkEnv: { fs: nodeFileSystem, now: () => NOW } });
}

describe('certsd CLI', () => {
  const tree = tempTrees();
  let good: string;
  let broken: string;
  let base: string;
  let ca: Awaited<ReturnType<typeof selfSignedCa>>;
  let client: Awaited<ReturnType<typeof clientCert>>;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'Test Registry CA', ...VALID });
    client = await clientCert(ca, { commonName: 'ci-runner', ...VALID });
    const t = tree({
      docker: {
        'certs.d': {
          'good.example.com': { 'ca.crt': ca.pem, 'client.cert': client.pem, 'client.key': file(pkcs8Pem(client.key), 0o600) },
          'reg.example.com:5000': { 'client.cert': client.pem },
        },
      },
    });
    base = t.base;
    good = t.path('docker', 'certs.d', 'good.example.com');
    broken = t.path('docker', 'certs.d');
  });

  it('exits 0 and says what Docker loads for a good folder', () => {
    const r = cli(['check', good]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Docker: 1 CA root \+ system roots, 1 client certificate/);
  });

  it('exits 1 with the engine error in the JSON contract for a .cert without its .key', () => {
    const r = cli(['check', broken, '--format', 'json', '--docker-store', 'graphdriver']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.engine, 'docker');
    const host = report.hosts.find((h: { name: string }) => h.name === 'reg.example.com:5000');
    const refused = {
      ok: false,
      error: 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt',
      caRoots: 0,
      ignoredCaFiles: 0,
      clientPairs: 0,
      systemRoots: false,
      hostsToml: false,
      caCertificates: [],
      clientCertificates: [],
    };
    assert.deepEqual(host.load, refused);
    // With graph drivers, docker login reads the folder with the same loader as pulls.
    assert.deepEqual(host.login, refused);
    assert.equal(host.dockerStore, 'graphdriver');
    assert.equal(host.release, 'docker@29');
    assert.equal(host.root, broken);
    assert.equal(host.path, path.join(broken, 'reg.example.com:5000'));
    const finding = report.findings.find((f: { code: string }) => f.code === 'certsd/missing-key');
    assert.ok(finding, 'certsd/missing-key reported');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, path.join(broken, 'reg.example.com:5000', 'client.cert'));
    assert.deepEqual(Object.keys(finding.range), ['start', 'end']);
    const good = report.hosts.find((h: { name: string }) => h.name === 'good.example.com');
    assert.deepEqual(good.load, {
      ok: true,
      caRoots: 1,
      ignoredCaFiles: 0,
      clientPairs: 1,
      systemRoots: true,
      hostsToml: false,
      caCertificates: [sha256(ca.der)],
      clientCertificates: [sha256(client.der)],
    });
  });

  it('gives pulls (containerd image store) and docker login their own verdicts', () => {
    const r = cli(['check', broken, '--format', 'json', '--docker-store', 'containerd']);
    assert.equal(r.code, 1);
    const host = JSON.parse(r.stdout).hosts.find((h: { name: string }) => h.name === 'reg.example.com:5000');
    assert.equal(host.dockerStore, 'containerd');
    assert.equal(host.dockerStoreAssumed, false);
    // containerd reads the key from client.cert itself when client.key is missing.
    assert.equal(host.load.error, 'failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key');
    assert.equal(host.login.error, 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt');
    const text = cli(['check', broken, '--docker-store', 'containerd']).stdout;
    assert.match(text, /Docker pull: fails - failed to load X509 key pair: .* \| docker login: fails - missing key client\.key/);
    assert.match(text, /docker login refuses the whole folder: "missing key client\.key/);
    assert.match(text, /Docker \(pulls and pushes\) refuses the whole folder: "failed to load X509 key pair/);
  });

  it('models an older release on request and refuses one it does not know', () => {
    const r = cli(['check', broken, '--format', 'json', '--engine', 'docker@28', '--docker-store', 'graphdriver']);
    assert.equal(JSON.parse(r.stdout).hosts[0].release, 'docker@28');
    const bad = cli(['check', broken, '--engine', 'docker@17']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--engine docker@17: no such release modelled; choose one of docker@29, docker@28/);
  });

  it('takes the engine from --engine over the path', () => {
    const r = cli(['check', broken, '--format', 'json', '--engine', 'podman']);
    const report = JSON.parse(r.stdout);
    assert.equal(report.engine, 'podman');
    const host = report.hosts.find((h: { name: string }) => h.name === 'reg.example.com:5000');
    assert.equal(host.load.error, 'missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt');
  });

  it('writes SARIF 2.1.0 with paths relative to the working directory', () => {
    const r = cli(['check', broken, '--format', 'sarif'], { cwd: base });
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'certsd');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'certsd/missing-key');
    assert.equal(result.level, 'error');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'certsd/missing-key');
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.equal(decodeURIComponent(loc.artifactLocation.uri), 'docker/certs.d/reg.example.com:5000/client.cert');
    assert.equal(loc.region.startLine, 1);
  });

  it('documents every rule in SARIF (helpUri, fullDescription, help) and puts the summary first in each result', () => {
    const sarif = JSON.parse(cli(['check', broken, '--format', 'sarif', '--docker-store', 'graphdriver'], { cwd: base }).stdout);
    const rules = sarif.runs[0].tool.driver.rules as { id: string; name: string; helpUri: string; fullDescription: { text: string }; shortDescription: { text: string }; help: { text: string } }[];
    assert.ok(rules.length >= 35);
    for (const r of rules) {
      const id = r.id.replace(/^certsd\//, '');
      assert.equal(r.helpUri, `https://github.com/certsd/certsd/blob/main/docs/rules/${id}.md`);
      assert.ok(r.fullDescription.text.startsWith(r.shortDescription.text) && r.fullDescription.text.length > r.shortDescription.text.length, r.id);
      assert.match(r.fullDescription.text, /\((Docker|Podman|containerd)(, (Docker|Podman|containerd))*\)$/);
      assert.ok(r.help.text.includes(r.helpUri), r.id);
      assert.match(r.name, /^[A-Z][A-Za-z0-9]+$/);
    }
    assert.equal(rules.find((r) => r.id === 'certsd/missing-key')!.name, 'MissingKey');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'certsd/missing-key');
    assert.match(result.message.text, /^The whole folder is refused: client certificate client\.cert has no key client\.key\. Docker refuses the whole folder: "missing key client\.key/);
  });

  it('keeps the full code and the whole message in JSON, and adds the summary and the rule page', () => {
    const f = JSON.parse(cli(['check', broken, '--format', 'json', '--docker-store', 'graphdriver']).stdout).findings.find((x: { code: string }) => x.code === 'certsd/missing-key');
    assert.equal(f.summary, 'The whole folder is refused: client certificate client.cert has no key client.key');
    assert.match(f.message, /^Docker refuses the whole folder: "missing key client\.key for client certificate client\.cert/);
    assert.equal(f.docs, 'https://github.com/certsd/certsd/blob/main/docs/rules/missing-key.md');
  });

  it('groups text output by host folder, without colour when not on a terminal', () => {
    const r = cli(['check', broken, '--docker-store', 'graphdriver']);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    const at = r.stdout.indexOf(path.join(broken, 'reg.example.com:5000'));
    assert.ok(at >= 0);
    assert.match(r.stdout.slice(at), /^.*\n  Docker: fails - missing key client\.key/);
    assert.match(r.stdout, /client\.cert:1:1  error  .*certsd\/missing-key/);
    assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 info\) in 1 of 2 host folders\n$/);
  });

  it('lists the hosts a decoded hosts.toml sends requests to, in containerd\'s order', () => {
    const t = tree({
      containerd: {
        'certs.d': {
          'reg.example.com': {
            'hosts.toml': 'server = "https://reg.example.com"\n\n[host."https://mirror.example.com:5000"]\n  capabilities = ["pull", "resolve"]\n  ca = "ca.crt"\n',
            'ca.crt': ca.pem,
          },
        },
      },
    });
    const r = cli(['check', t.path('containerd', 'certs.d')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\n    1\. https:\/\/mirror\.example\.com:5000\/v2 \(pull, resolve; CA ca\.crt\)\n    2\. server https:\/\/reg\.example\.com\/v2 \(all\)/);
  });

  it('colours text output on a terminal unless NO_COLOR is set', () => {
    assert.match(cli(['check', broken], { isTTY: true }).stdout, /\u001b\[31m/);
    assert.doesNotMatch(cli(['check', broken], { isTTY: true, env: { NO_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  it('checks as of --now: a certificate valid today is expired in 2100', () => {
    const r = cli(['check', good, '--format', 'json', '--now', '2100-01-01T00:00:00Z']);
    assert.equal(r.code, 1);
    const codes = JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code);
    assert.ok(codes.includes('certsd/expired'), codes.join(', '));
  });

  it('checks as of the clock it is given, not the real one', () => {
    const r = cli(['check', good, '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout).findings, []);
    // The day before the certificates' notBefore: not yet valid.
    const early = cli(['check', good, '--format', 'json', '--now', new Date(VALID.notBefore.getTime() - DAY).toISOString()]);
    assert.ok(JSON.parse(early.stdout).findings.some((f: { code: string }) => f.code === 'certsd/not-yet-valid'), early.stdout);
  });

  it('warns about expiry within --expiry-days', () => {
    // The generated certificates are valid for a year from NOW.
    const within = JSON.parse(cli(['check', good, '--format', 'json', '--expiry-days', '4000']).stdout);
    assert.ok(within.findings.some((f: { code: string }) => f.code === 'certsd/expiring'));
    const outside = JSON.parse(cli(['check', good, '--format', 'json', '--expiry-days', '1']).stdout);
    assert.ok(!outside.findings.some((f: { code: string }) => f.code === 'certsd/expiring'));
  });

  for (const [args, pattern] of [
    [['check', '--engine', 'rkt'], /--engine must be one of docker, podman, containerd/],
    [['check', '--format', 'xml'], /--format must be text, json or sarif/],
    [['check', '--expiry-days', 'soon'], /--expiry-days must be a whole number/],
    [['check', '--now', 'yesterday'], /--now must be an ISO-8601 date/],
    [['check', '--bogus'], /unknown option --bogus/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ] as const) {
    it(`exits 2 on a usage error: ${args.join(' ')}`, () => {
      const r = cli([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    });
  }

  it('exits 2 when the path does not exist', () => {
    const r = cli(['check', path.join(base, 'nope')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope: no such file or directory/);
  });

  it('exits 2 when there is no certs.d folder under the path', () => {
    const t = tree({ src: { 'main.go': 'package main\n' } });
    const r = cli(['check', t.base]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no certs\.d folder here or below/);
  });

  it('prints usage for --help and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: certsd check/);
  });
});
