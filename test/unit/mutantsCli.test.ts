/**
 * Tests written against mutants of the CLI that the rest of the suite let live (issue 9): each
 * `describe` names the mutant it kills. The CLI runs in-process through `main`, with its own io.
 */
import * as assert from 'node:assert/strict';
import { commonPki } from '../helpers/fixtures';
import { rsaKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';
import { CliRun as Run, runCli } from '../helpers/cli';

function cli(args: string[], opts: { isTTY?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  return runCli(args, { cwd: process.cwd(), ...opts });
}

const ESC = /\u001b\[/;

interface JsonFinding {
  code: string;
  severity: string;
}

describe('mutants of the CLI', () => {
  const tree = tempTrees();

  describe('the exit status counts errors only (mutant: exit 1 on warnings)', () => {
    it('exits 0 when the check finds warnings and no error, 1 once there is an error', async () => {
      const { ca, client } = await commonPki();
      // A :443 folder is a warning (Docker never reads it for a registry reached without the port).
      const t = tree({ 'certs.d': { 'reg.example.com:443': { 'ca.crt': ca.pem } } });
      const warned = cli(['check', t.path('certs.d'), '--format', 'json', '--docker-store', 'graphdriver']);
      const severities = (JSON.parse(warned.stdout).findings as JsonFinding[]).map((f) => f.severity);
      assert.ok(severities.includes('warning'), `the tree must give a warning: ${warned.stdout}`);
      assert.ok(!severities.includes('error'), `and no error: ${warned.stdout}`);
      assert.equal(warned.code, 0);
      assert.equal(cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver']).code, 0, 'text output too');

      const t2 = tree({ 'certs.d': { 'reg.example.com:443': { 'ca.crt': ca.pem }, 'reg.example.com:5000': { 'client.cert': client.pem } } });
      const failed = cli(['check', t2.path('certs.d'), '--format', 'json', '--docker-store', 'graphdriver']);
      assert.ok((JSON.parse(failed.stdout).findings as JsonFinding[]).some((f) => f.severity === 'error'));
      assert.equal(failed.code, 1);
    });

    it('exits 0 when the only findings are information', async () => {
      const { server } = await commonPki();
      // A leaf that is no CA, as a CA root: certsd/non-ca-root is information (Go trusts it anyway).
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': server.pem } } });
      const r = cli(['check', t.path('certs.d'), '--format', 'json', '--docker-store', 'graphdriver']);
      const severities = (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => f.severity);
      assert.ok(severities.length > 0 && severities.every((s) => s === 'information'), r.stdout);
      assert.equal(r.code, 0);
    });
  });

  describe('SARIF columns are 1-based (mutant: the LSP character copied as is)', () => {
    it('puts a whole-first-line finding at column 1 to one past the line, in UTF-16 units', () => {
      const firstLine = 'Zertifikat für die Registry ✓';
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': `${firstLine}\nnot PEM either\n` } } });
      const r = cli(['check', t.path('certs.d'), '--format', 'sarif', '--docker-store', 'graphdriver'], { cwd: t.base });
      const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { region: Record<string, number> } }[] }[];
      const unusable = results.find((x) => x.ruleId === 'certsd/ca-unusable');
      assert.ok(unusable, r.stdout);
      assert.deepEqual(unusable.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: firstLine.length + 1 });
    });
  });

  describe('--no-color and the terminal (mutant: --no-color ignored)', () => {
    let root: string;
    before(async () => {
      const { client } = await commonPki();
      root = tree({ 'certs.d': { 'reg.example.com:5000': { 'client.cert': client.pem } } }).path('certs.d');
    });

    it('colours on a terminal', () => {
      assert.match(cli(['check', root], { isTTY: true }).stdout, ESC);
    });

    it('writes plain text on a terminal with --no-color, NO_COLOR or TERM=dumb', () => {
      const colourless = [
        cli(['check', root, '--no-color'], { isTTY: true }),
        cli(['check', root], { isTTY: true, env: { NO_COLOR: '1' } }),
        cli(['check', root], { isTTY: true, env: { TERM: 'dumb' } }),
      ];
      for (const r of colourless) {
        assert.equal(r.code, 1, r.stderr);
        assert.doesNotMatch(r.stdout, ESC);
        assert.match(r.stdout, /missing key client\.key/);
      }
    });
  });

  describe('text output: the summary line, colours per severity, where each finding points (Stryker survivors)', () => {
    const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

    it('a clean tree: a green tick and no problem, in singular where it is one', async () => {
      const { ca } = await commonPki();
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } });
      const r = cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver'], { isTTY: true });
      assert.equal(r.code, 0);
      assert.ok(r.stdout.endsWith('\u001b[32m✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 of 1 host folder\u001b[0m\n'), JSON.stringify(r.stdout));
      assert.match(r.stdout, /\u001b\[32mDocker: 1 CA root \+ system roots\u001b\[0m/);
    });

    it('warnings only: a yellow warning sign, the folder finding shown as the folder, the host counted', async () => {
      const { ca } = await commonPki();
      const t = tree({ 'certs.d': { 'reg.example.com:443': { 'ca.crt': ca.pem } } });
      const r = cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver'], { isTTY: true });
      assert.ok(r.stdout.endsWith('\u001b[33m⚠ 1 problem (0 errors, 1 warning, 0 info) in 1 of 1 host folder\u001b[0m\n'), JSON.stringify(r.stdout));
      assert.match(r.stdout, /\n  reg\.example\.com:443\/  \u001b\[33mwarning\u001b\[0m  Folder reg\.example\.com:443 /);
      assert.match(r.stdout, /\u001b\[90mcertsd\/port-443\u001b\[0m\n/);
    });

    it('information is blue and does not make a host folder one with problems; counts are plural past one', async () => {
      const { ca, server } = await commonPki();
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': server.pem }, 'x.example.com': { 'ca.crt': ca.pem } } });
      const r = cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver'], { isTTY: true });
      assert.match(r.stdout, /\n  ca\.crt:1:1  \u001b\[34minfo\u001b\[0m  Certificate "reg\.example\.com" is not a CA certificate/);
      assert.ok(strip(r.stdout).endsWith('⚠ 1 problem (0 errors, 0 warnings, 1 info) in 0 of 2 host folders\n'), r.stdout);
    });

    it('points at the line and column of the PEM block, 1-based', async () => {
      const weak = await selfSignedCa({ commonName: 'weak CA', key: rsaKey(1024, 1) });
      const preamble = ['# registry CA, kept for the old mirror', 'subject=CN = weak CA'];
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': `${preamble.join('\n')}\n${weak.pem}` } } });
      const r = cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver']);
      // The BEGIN line is the line after the preamble.
      assert.match(r.stdout, new RegExp(`\\n  ca\\.crt:${preamble.length + 1}:1  warning  Certificate .* RSA key of 1024 bits`));
    });

    it('errors: red, bold, plural', async () => {
      const { client } = await commonPki();
      const t = tree({ 'certs.d': { 'a.example.com': { 'client.cert': client.pem }, 'b.example.com': { 'client.cert': client.pem } } });
      const r = cli(['check', t.path('certs.d'), '--docker-store', 'graphdriver'], { isTTY: true });
      assert.match(r.stdout, /\u001b\[31m\u001b\[1m✖ 2 problems \(2 errors, 0 warnings, 0 info\) in 2 of 2 host folders\u001b\[0m\u001b\[0m\n$/);
      assert.match(r.stdout, /\n  \u001b\[31mDocker: fails - missing key client\.key/);
      assert.match(r.stdout, /client\.cert:1:1  \u001b\[31merror\u001b\[0m  /);
    });
  });
});
