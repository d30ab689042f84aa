/**
 * `certsd` as people know linters: usage and usage errors in two lines, `certsd PATH`, nothing to
 * check (--allow-empty), the root's own findings first, wrapping on a terminal, --quiet and
 * --max-warnings as ESLint has them.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { probeMain } from '../../server/src/cli/probe';
import { checkStatus } from '../../server/src/cli/run';
import { displayWidth, wrapText } from '../../server/src/cli/wrap';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { clientCert, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';
import { file, tempTrees, TempTree } from '../helpers/tree';
import { CliRun as Run, runCli } from '../helpers/cli';

/** Years from the real date: a check reading the real clock would find the certificates not yet valid. */
const NOW = new Date('2034-02-01T08:00:00Z');
const DAY = 86_400_000;
const VALID = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };

interface CliOptions {
  isTTY?: boolean;
  columns?: number;
  env?: NodeJS.ProcessEnv;
  fs?: FileSystemView;
}

function cli(args: string[], o: CliOptions = {}): Run {
  return runCli(args, { isTTY: o.isTTY ?? false, columns: o.columns, env: o.env ?? {}, checkEnv: { fs: o.fs ?? nodeFileSystem, now: () => NOW } });
}

/** The machine's own file system seen through `base` only: /etc/docker/certs.d and the rest do not exist. */
function confined(base: string): FileSystemView {
  const inside = (p: string) => {
    const rel = path.relative(base, path.resolve(p));
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new FsError('ENOENT', p, `ENOENT: no such file or directory, '${p}'`);
  };
  return {
    readDir: (d) => (inside(d), nodeFileSystem.readDir(d)),
    stat: (p) => (inside(p), nodeFileSystem.stat(p)),
    readFile: (p) => (inside(p), nodeFileSystem.readFile(p)),
    realPath: (p) => (inside(p), nodeFileSystem.realPath!(p)),
  };
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

interface JsonFinding {
  code: string;
  severity: string;
  path: string;
  message: string;
}

const findingsOf = (stdout: string) => (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;

describe('certsd CLI as a linter', () => {
  const makeTree = tempTrees();
  let ca: TestCert;
  let t: TempTree;
  /** Two good host folders, one with a certificate that expires within 4000 days: warnings only. */
  let warnOnly: string;
  /** A CA directly in the root (certsd/file-in-root), and a .cert without its .key (an error). */
  let mixed: string;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'Linter CA', ...VALID });
    const client = await clientCert(ca, { commonName: 'ci', ...VALID });
    t = makeTree({
      warn: {
        'certs.d': {
          'a.example.com': { 'ca.crt': ca.pem, 'client.cert': client.pem, 'client.key': file(pkcs8Pem(client.key), 0o600) },
          'b.example.com': { 'ca.crt': ca.pem },
        },
      },
      mixed: {
        'certs.d': {
          'ca.crt': ca.pem,
          'reg.example.com:5000': { 'client.cert': client.pem },
        },
      },
      nothing: { src: { 'main.go': 'package main\n' } },
    });
    warnOnly = t.path('warn', 'certs.d');
    mixed = t.path('mixed', 'certs.d');
  });

  describe('usage', () => {
    it('prints a short usage on stderr and exits 2 when run without arguments', () => {
      const r = cli([]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^Usage: certsd check \[PATH\.\.\.\]/);
      assert.match(r.stderr, /certsd resolve HOST/);
      assert.match(r.stderr, /certsd probe HOST/);
      assert.match(r.stderr, /certsd --help/);
      assert.ok(lines(r.stderr).length <= 5, r.stderr);
    });

    it('keeps the full help for --help, on stdout with exit 0, and lists the new options', () => {
      const r = cli(['--help']);
      assert.equal(r.code, 0);
      for (const o of ['--quiet', '--max-warnings N', '--allow-empty']) assert.ok(r.stdout.includes(o), o);
    });

    for (const [args, sentence] of [
      [['check', '--bogus'], 'unknown option --bogus'],
      [['check', '--fromat', 'json'], 'unknown option --fromat: did you mean --format?'],
      [['check', '-x'], 'unknown option -x'],
      [['check', '--format'], '--format needs a value (text, json or sarif)'],
      [['check', '--format', '--quiet'], '--format needs a value (text, json or sarif), and the next argument "--quiet" looks like an option: if it is the value, write --format=--quiet'],
      [['check', '--quiet=yes'], '--quiet takes no value (given "yes")'],
      [['check', '--max-warnings', 'many'], '--max-warnings must be a whole number of warnings, not "many"'],
      [['check', '--max-warnings', '-1'], '--max-warnings needs a value (a number of warnings), and the next argument "-1" looks like an option: if it is the value, write --max-warnings=-1'],
    ] as const) {
      it(`says what is wrong in one line and how to use check in another: ${args.join(' ')}`, () => {
        const r = cli([...args]);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        const [what, usage, ...more] = r.stderr.split('\n');
        assert.equal(what, `certsd: ${sentence}`);
        assert.match(usage, /^Usage: certsd check \[PATH\.\.\.\] .*certsd --help/);
        assert.deepEqual(more, ['']);
        // Not the option parser's own words.
        assert.doesNotMatch(r.stderr, /Option '|argument missing|To specify|ambiguous/);
      });
    }

    it('gives the usage line of the command the mistake is in', () => {
      const r = cli(['resolve', 'reg.example.com', '--bogus']);
      assert.equal(r.code, 2);
      assert.deepEqual(lines(r.stderr).map((l) => l.replace(/ .*/, '')), ['certsd:', 'Usage:']);
      assert.match(r.stderr, /\nUsage: certsd resolve HOST/);
    });

    it('adds the usage line to a mistake found after parsing, not to a path that is not there', () => {
      const r = cli(['check', '--engine', 'docker', '--root', t.base]);
      assert.equal(r.code, 2);
      assert.deepEqual(lines(r.stderr).map((l) => l.replace(/ .*/, '')), ['certsd:', 'Usage:']);
      assert.equal(lines(cli(['check', path.join(t.base, 'nope')]).stderr).length, 1);
    });

    it('says probe\'s mistakes the same way, under probe\'s usage line', async () => {
      let stderr = '';
      const code = await probeMain(['reg.example.com', '--timout', '3'], {
        stdout: () => undefined,
        stderr: (s) => (stderr += s),
        isTTY: false,
        env: {},
        cwd: '/',
        checkEnv: { fs: nodeFileSystem, now: () => NOW },
      });
      assert.equal(code, 2);
      assert.equal(stderr, 'certsd: unknown option --timout: did you mean --timeout?\nUsage: certsd probe HOST[:PORT] [--root CERTS_D] [--format text|json] [options] (certsd probe --help)\n');
    });
  });

  describe('certsd PATH', () => {
    it('checks an existing PATH given without the word check, as check would', () => {
      const bare = cli([mixed, '--format', 'json']);
      const full = cli(['check', mixed, '--format', 'json']);
      assert.equal(bare.code, 1);
      assert.equal(bare.stdout, full.stdout);
      assert.ok(findingsOf(bare.stdout).some((f) => f.code === 'certsd/missing-key'));
    });

    it('says to type resolve or probe for a registry name that is no path', () => {
      const r = cli(['reg.example.com:5000']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^certsd: unknown command "reg\.example\.com:5000", and no file or folder of that name here; for a registry, type: certsd resolve reg\.example\.com:5000 \(or certsd probe reg\.example\.com:5000\)\nUsage: certsd resolve /);
    });

    it('says to type check PATH for a word that is neither a command nor a path', () => {
      const r = cli(['lint']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^certsd: unknown command "lint" \(the commands are check, resolve, probe\), and no file or folder of that name here; to check a folder, type: certsd check PATH\n/);
    });

    it('says a path that is not there is not there', () => {
      const r = cli([path.join(t.base, 'nope', 'certs.d')]);
      assert.equal(r.code, 2);
      assert.equal(lines(r.stderr)[0], `certsd: ${path.join(t.base, 'nope', 'certs.d')}: no such file or directory`);
    });
  });

  describe('nothing to check', () => {
    it('warns and exits 2 when none of the standard folders exists', () => {
      const r = cli(['check'], { fs: confined(t.base), env: { HOME: t.path('nothing') } });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(lines(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, /^certsd: warning: no certs\.d folder to check: none of the standard folders exists on this machine \(.*\/etc\/docker\/certs\.d.*\); name one \(certsd check PATH\), or add --allow-empty where none is expected\n$/);
    });

    it('exits 0 with a one-line note under --allow-empty, and still writes a JSON and a SARIF report', () => {
      const io = { fs: confined(t.base), env: { HOME: t.path('nothing') } };
      const text = cli(['check', '--allow-empty'], io);
      assert.equal(text.code, 0);
      assert.equal(text.stdout, '');
      assert.equal(lines(text.stderr).length, 1);
      assert.match(text.stderr, /^certsd: note: no certs\.d folder found \(none of the standard folders exists on this machine .*\): nothing checked \(--allow-empty\)\n$/);
      const json = cli(['check', '--allow-empty', '--format', 'json'], io);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.stdout), { engine: 'docker', hosts: [], findings: [] });
      const sarif = cli(['check', '--allow-empty', '--format', 'sarif'], io);
      assert.equal(sarif.code, 0);
      assert.deepEqual(JSON.parse(sarif.stdout).runs[0].results, []);
    });

    it('takes a PATH with no certs.d below it as nothing to check too', () => {
      const refused = cli(['check', t.path('nothing')]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /no certs\.d folder here or below .*; add --allow-empty if none is expected/);
      const allowed = cli(['check', t.path('nothing'), '--allow-empty']);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.equal(lines(allowed.stderr).length, 1);
      assert.match(allowed.stderr, /nothing checked \(--allow-empty\)/);
    });

    it('checks the other paths and notes the empty one under --allow-empty', () => {
      const r = cli(['check', t.path('nothing'), mixed, '--allow-empty', '--format', 'json']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `certsd: note: ${t.path('nothing')}: no certs.d folder here or below, nothing checked there (--allow-empty)\n`);
      assert.ok(findingsOf(r.stdout).some((f) => f.code === 'certsd/missing-key'));
    });

    it('still refuses --root folders that do not exist, unless --allow-empty', () => {
      const missing = path.join(t.base, 'no-such-root');
      const r = cli(['check', '--root', missing]);
      assert.equal(r.code, 2);
      assert.ok(r.stderr.includes(`none of the --root folders exists (${missing})`), r.stderr);
      assert.equal(cli(['check', '--root', missing, '--allow-empty']).code, 0);
    });
  });

  describe('text output', () => {
    it('prints the root\'s own findings before its host folders', () => {
      const r = cli(['check', mixed, '--docker-store', 'graphdriver']);
      const rootAt = r.stdout.indexOf(`${mixed}\n`);
      const inRoot = r.stdout.indexOf('ca.crt:1:1  warning');
      const hostAt = r.stdout.indexOf(path.join(mixed, 'reg.example.com:5000'));
      assert.ok(rootAt >= 0 && inRoot > rootAt && hostAt > inRoot, r.stdout);
      assert.ok(r.stdout.indexOf('certsd/missing-key') > hostAt);
    });

    it('wraps long messages to the terminal width, the rest indented under the message', () => {
      const width = 72;
      const r = cli(['check', mixed, '--docker-store', 'graphdriver'], { isTTY: true, columns: width, env: { NO_COLOR: '1' } });
      const out = r.stdout.split('\n');
      // Every line fits, except one holding a single word (a path) wider than the line.
      for (const l of out) assert.ok(displayWidth(l) <= width || !l.trim().includes(' '), `too wide: ${l}`);
      const first = out.findIndex((l) => l.startsWith('  ca.crt:1:1  warning  '));
      assert.ok(first >= 0, r.stdout);
      const column = '  ca.crt:1:1  warning  '.length;
      const continued: string[] = [];
      for (let i = first + 1; out[i].startsWith(' '.repeat(column)) && out[i][column] !== ' '; i++) continued.push(out[i].slice(column));
      assert.ok(continued.length >= 2, `the message goes on under itself:\n${r.stdout}`);
      // The words are the message's, in order: nothing lost or cut.
      const message = findingsOf(cli(['check', mixed, '--format', 'json']).stdout).find((f) => f.code === 'certsd/file-in-root')!.message;
      const words = (s: string) => s.split(/ +/);
      assert.deepEqual(words([out[first].slice(column), ...continued].join(' ')), words(`${message} certsd/file-in-root`));
    });

    it('measures the width without the colour codes', () => {
      const width = 60;
      const r = cli(['check', mixed], { isTTY: true, columns: width });
      assert.ok(stripAnsi(r.stdout).split('\n').some((l) => l.startsWith('✖') && !l.includes('host folder')), `the summary wraps too:\n${r.stdout}`);
      assert.match(r.stdout, /\u001b\[/);
      for (const l of stripAnsi(r.stdout).split('\n')) assert.ok(displayWidth(l) <= width || !l.trim().includes(' '), `too wide: ${l}`);
    });

    it('never wraps when piped, nor inside JSON or SARIF', () => {
      const piped = cli(['check', mixed], { isTTY: false, columns: 40 });
      const long = piped.stdout.split('\n').find((l) => l.includes('certsd/file-in-root'))!;
      assert.ok(long.length > 120 && long.includes('move it into one.'), long);
      for (const format of ['json', 'sarif']) {
        const tty = cli(['check', mixed, '--format', format], { isTTY: true, columns: 40 });
        assert.equal(tty.stdout, cli(['check', mixed, '--format', format]).stdout, format);
      }
    });
  });

  describe('--quiet and --max-warnings', () => {
    /** The warnings of the warnings-only tree, as --format json reports them (certificates expiring within 4000 days). */
    let warnings: number;

    before(() => {
      const all = findingsOf(cli(['check', warnOnly, '--format', 'json', '--expiry-days', '4000']).stdout);
      warnings = all.filter((f) => f.severity === 'warning').length;
      assert.ok(warnings >= 2, `the tree has warnings: ${all.map((f) => f.code).join(', ')}`);
      assert.ok(!all.some((f) => f.severity === 'error'));
    });

    it('--quiet prints errors only, says how much it did not show, and keeps the exit status of the errors', () => {
      const loud = cli(['check', mixed, '--docker-store', 'graphdriver']);
      const r = cli(['check', mixed, '--docker-store', 'graphdriver', '--quiet']);
      assert.equal(r.code, 1);
      const findingLine = /^ {2}\S+:\d+:\d+ {2}(warning|info) /m;
      assert.match(loud.stdout, findingLine);
      assert.doesNotMatch(r.stdout, findingLine);
      assert.match(r.stdout, /certsd\/missing-key/);
      assert.match(r.stdout, /✖ 1 error in 1 of 1 host folder \(--quiet: 1 warning, 0 info not shown\)\n$/);
      const json = findingsOf(cli(['check', mixed, '--quiet', '--format', 'json']).stdout);
      assert.deepEqual([...new Set(json.map((f) => f.severity))], ['error']);
    });

    it('--quiet on warnings only: no host folder printed, exit 0', () => {
      const r = cli(['check', warnOnly, '--quiet', '--expiry-days', '4000']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `✔ no errors in 2 host folders (--quiet: ${warnings} warnings, 0 info not shown)\n`);
    });

    it('--max-warnings N: exit 1 with more than N warnings, said in the summary; N itself passes', () => {
      const at = cli(['check', warnOnly, '--expiry-days', '4000', '--max-warnings', String(warnings)]);
      assert.equal(at.code, 0, at.stdout);
      assert.doesNotMatch(at.stdout, /too many/);
      const over = cli(['check', warnOnly, '--expiry-days', '4000', '--max-warnings', String(warnings - 1)]);
      assert.equal(over.code, 1);
      assert.match(over.stdout, new RegExp(`✖ .*; too many warnings: ${warnings}, more than --max-warnings ${warnings - 1}\\n$`));
      assert.equal(cli(['check', warnOnly, '--expiry-days', '4000']).code, 0, 'without --max-warnings warnings pass');
      assert.equal(cli(['check', warnOnly, '--expiry-days', '4000', '--max-warnings=-1']).code, 0, '-1: no limit, as ESLint');
    });

    it('counts the warnings --quiet hides for --max-warnings, as ESLint does', () => {
      const r = cli(['check', warnOnly, '--expiry-days', '4000', '--quiet', '--max-warnings', '0']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`\\(--quiet: ${warnings} warnings, 0 info not shown\\); too many warnings: ${warnings}, more than --max-warnings 0\\n$`));
    });

    it('says too many warnings on stderr for JSON and SARIF, whose stdout stays the report', () => {
      for (const format of ['json', 'sarif']) {
        const r = cli(['check', warnOnly, '--expiry-days', '4000', '--max-warnings', '0', '--format', format]);
        assert.equal(r.code, 1, format);
        JSON.parse(r.stdout);
        assert.equal(r.stderr, `certsd: too many warnings: ${warnings}, more than --max-warnings 0\n`);
      }
    });

    it('counts warnings only: information and hints never fail a check', () => {
      assert.equal(checkStatus({ error: 0, warning: 0, information: 7, hint: 3 }, 0), 0);
      assert.equal(checkStatus({ error: 0, warning: 1, information: 0, hint: 0 }, 0), 1);
      assert.equal(checkStatus({ error: 0, warning: 1, information: 0, hint: 0 }, undefined), 0);
      assert.equal(checkStatus({ error: 1, warning: 0, information: 0, hint: 0 }, 5), 1);
    });
  });

  describe('line breaking', () => {
    it('breaks at spaces, and leaves a word wider than the line whole', () => {
      assert.deepEqual(wrapText('one two three four five', 10, 10), ['one two', 'three four', 'five']);
      assert.deepEqual(wrapText('one two three four five', 12, 20), ['one two', 'three four five'], 'the first line has its own width');
      assert.deepEqual(wrapText('one two', 3, 20), ['', 'one two'], 'no room on the first line: the text starts on the next');
      assert.deepEqual(wrapText('see /etc/docker/certs.d/reg.example.com:5000/client.cert now', 12, 12), ['see', '/etc/docker/certs.d/reg.example.com:5000/client.cert', 'now']);
    });

    it('counts Chinese characters as two columns and breaks between them, never before a comma', () => {
      assert.equal(displayWidth('证书'), 4);
      const text = 'containerd 拒绝整个文件夹，因为客户端证书没有对应的私钥。';
      const out = wrapText(text, 12, 12);
      assert.equal(out.join('').replace(/ /g, ''), text.replace(/ /g, ''));
      for (const l of out) assert.ok(displayWidth(l) <= 12 || !/[\u4e00-\u9fff]/.test(l), l);
      assert.ok(!out.some((l) => /^[，。]/.test(l)), out.join('|'));
    });
  });
});
