/**
 * core/sudoScripts.ts: what each script says when it stops, word for word and with the path it is
 * about (paths with a space and a quote in them), and the cases test/unit/hostileShell.test.ts's
 * invariants accept either way: a file that appears at the second target during an install is
 * kept and the first target undone (not overwritten), a failed undo leaves a private (0600) file
 * and says to remove it, a write that fails (the file-size limit, RLIMIT_FSIZE) is reported.
 *
 * Each command (`sudo sh -c SCRIPT sh ARGS...`) runs under dash and bash with `sudo` a function that
 * runs SCRIPT; external commands go through shims that fail the n-th call of one of them, or plant
 * a file after it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shellQuote, sudoAppend, sudoDelete, sudoInstall, sudoMkdir, sudoMove, sudoWriteNew } from '../../server/src/core/sudoScripts';

const SHELLS = ['dash', 'bash'];
const EXTERNALS = ['mv', 'ln', 'cat', 'chmod', 'rm', 'rmdir', 'tail', 'sha256sum', 'mkdir'];
const PLANTED = 'planted\n';

function which(cmd: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} not found`);
  return r.stdout.trim();
}

interface Run {
  status: number | null;
  stderr: string;
  /** stderr's lines that are the script's own (`certsd: ...`), without the shell's own errors. */
  said: string[];
}

interface Inject {
  /** `cmd` fails (does nothing, status 1) on its n-th call; n = 0: every call. */
  fail?: { cmd: string; nth: number };
  /** A second failure, for an undo that fails too. */
  fail2?: { cmd: string; nth: number };
  /** After `cmd`'s n-th call, `PLANTED` is written at `at`. */
  plant?: { cmd: string; nth: number; at: string };
  /** The file-size limit is 0 (writes fail with EFBIG; SIGXFSZ ignored). */
  noWrites?: boolean;
  /** `mv` succeeds without moving (what GNU `mv -n` does when the target appeared). */
  mvSkips?: boolean;
}

function makeShims(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-core-shims-'));
  for (const cmd of EXTERNALS) {
    const real = which(cmd);
    // Builtins only: a shim must not call a command it stands in for.
    const script = `#!/bin/sh
n=0; [ -f "$INJECT/${cmd}" ] && read n < "$INJECT/${cmd}"; n=$((n + 1)); echo "$n" > "$INJECT/${cmd}"
if [ "$FAIL_CMD" = ${cmd} ] && { [ "$FAIL_NTH" = 0 ] || [ "$FAIL_NTH" = "$n" ]; }; then exit 1; fi
if [ "$FAIL2_CMD" = ${cmd} ] && { [ "$FAIL2_NTH" = 0 ] || [ "$FAIL2_NTH" = "$n" ]; }; then exit 1; fi
if [ ${cmd} = mv ] && [ -n "$MV_SKIPS" ]; then exit 0; fi
${real} "$@"; status=$?
if [ "$PLANT_CMD" = ${cmd} ] && [ "$PLANT_NTH" = "$n" ]; then printf '${PLANTED.replace('\n', '\\n')}' > "$PLANT_AT"; fi
exit $status
`;
    fs.writeFileSync(path.join(dir, cmd), script, { mode: 0o755 });
  }
  return dir;
}

describe('core/sudoScripts: shellQuote', () => {
  it('leaves a word of safe characters as it is, quotes anything else so that the shell reads it back exactly', () => {
    const cases: [string, string][] = [
      ['/etc/docker/certs.d/reg.example.com:5000/ca.crt', '/etc/docker/certs.d/reg.example.com:5000/ca.crt'],
      ['ab', 'ab'],
      ['a=b,c%d@e+f-g_h', 'a=b,c%d@e+f-g_h'],
      ['', "''"],
      [' ', "' '"],
      ['a b', "'a b'"],
      ["it's", "'it'\\''s'"],
      ['$HOME `x` *', "'$HOME `x` *'"],
      ['a\nb', "'a\nb'"],
    ];
    assert.deepEqual(
      cases.map(([s]) => [s, shellQuote(s)]),
      cases,
    );
    for (const [s] of cases) {
      const r = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' });
      assert.equal(r.stdout, s);
    }
  });
});

for (const shell of SHELLS) {
  describe(`core/sudoScripts: what each script says, under ${shell}`, function () {
    this.timeout(60_000);
    let shims: string;
    let base: string;
    before(() => {
      shims = makeShims();
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-core-sudo-'));
    });
    after(() => {
      fs.rmSync(shims, { recursive: true, force: true });
      fs.rmSync(base, { recursive: true, force: true });
    });

    let count = 0;
    /** A fresh folder whose name has a space and a quote in it. */
    const folder = () => {
      const d = path.join(base, `it's dir ${++count}`);
      fs.mkdirSync(d);
      return d;
    };

    function run(command: string, inj: Inject = {}): Run {
      assert.match(command, /^sudo sh -c '/);
      const injectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-core-inject-'));
      const limit = inj.noWrites ? "trap '' XFSZ; ulimit -f 0; " : '';
      const outer = `sudo() { script=$3; shift 3; ${limit}exec "$SHELL_UNDER_TEST" -c "$script" "$@"; }\n${command}`;
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', outer], {
        encoding: 'utf8',
        env: {
          HOME: os.tmpdir(),
          BASH_ENV: '',
          ENV: '',
          PATH: `${shims}:${process.env.PATH}`,
          SHELL_UNDER_TEST: which(shell),
          INJECT: injectDir,
          FAIL_CMD: inj.fail?.cmd ?? '',
          FAIL_NTH: String(inj.fail?.nth ?? -1),
          FAIL2_CMD: inj.fail2?.cmd ?? '',
          FAIL2_NTH: String(inj.fail2?.nth ?? -1),
          PLANT_CMD: inj.plant?.cmd ?? '',
          PLANT_NTH: String(inj.plant?.nth ?? -1),
          PLANT_AT: inj.plant?.at ?? '',
          MV_SKIPS: inj.mvSkips ? '1' : '',
        },
      });
      fs.rmSync(injectDir, { recursive: true, force: true });
      return { status: r.status, stderr: r.stderr, said: r.stderr.split('\n').filter((l) => l.startsWith('certsd: ')) };
    }

    const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);

    describe('sudoMove', () => {
      it('a target that exists', () => {
        const d = folder();
        fs.writeFileSync(path.join(d, 'a'), 'a');
        fs.writeFileSync(path.join(d, 'b'), 'b');
        const r = run(sudoMove(path.join(d, 'a'), path.join(d, 'b')));
        assert.deepEqual([r.status, r.stderr], [1, `certsd: ${d}/b already exists: nothing moved\n`]);
      });

      it('mv failing', () => {
        const d = folder();
        fs.writeFileSync(path.join(d, 'a'), 'a');
        const r = run(sudoMove(path.join(d, 'a'), path.join(d, 'b')), { fail: { cmd: 'mv', nth: 1 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not move ${d}/a: nothing moved\n`]);
      });

      it('mv skipping (the target appeared between the check and the move)', () => {
        const d = folder();
        fs.writeFileSync(path.join(d, 'a'), 'a');
        const r = run(sudoMove(path.join(d, 'a'), path.join(d, 'b')), { mvSkips: true });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: ${d}/b appeared meanwhile: nothing moved\n`]);
        assert.equal(read(path.join(d, 'a')), 'a');
      });
    });

    describe('sudoDelete', () => {
      const sum = createHash('sha256').update('KEY\n').digest('hex');

      it('a link, and something missing, are not regular files', () => {
        const d = folder();
        fs.writeFileSync(path.join(d, 'real.key'), 'KEY\n');
        fs.symlinkSync(path.join(d, 'real.key'), path.join(d, 'link.key'));
        const link = run(sudoDelete(path.join(d, 'link.key'), sum));
        assert.deepEqual([link.status, link.stderr], [1, `certsd: ${d}/link.key is not a regular file: nothing deleted\n`]);
        const missing = run(sudoDelete(path.join(d, 'gone.key'), sum));
        assert.deepEqual([missing.status, missing.stderr], [1, `certsd: ${d}/gone.key is not a regular file: nothing deleted\n`]);
      });

      it('sha256sum failing, the file changed, rm failing: each said, nothing deleted', () => {
        const d = folder();
        const f = path.join(d, 'server.key');
        fs.writeFileSync(f, 'KEY\n');
        const unread = run(sudoDelete(f, sum), { fail: { cmd: 'sha256sum', nth: 1 } });
        assert.deepEqual([unread.status, unread.stderr], [1, `certsd: could not read ${f}: nothing deleted\n`]);
        const changed = run(sudoDelete(f, '0'.repeat(64)));
        assert.deepEqual([changed.status, changed.stderr], [1, `certsd: ${f} changed since it was checked: nothing deleted\n`]);
        const kept = run(sudoDelete(f, sum), { fail: { cmd: 'rm', nth: 1 } });
        assert.deepEqual([kept.status, kept.stderr], [1, `certsd: could not delete ${f}\n`]);
        assert.equal(read(f), 'KEY\n');
        const ok = run(sudoDelete(f, sum));
        assert.deepEqual([ok.status, ok.stderr, fs.existsSync(f)], [0, '', false]);
      });
    });

    describe('sudoAppend', () => {
      it('a link is not a regular file; tail failing; the append failing: each said, the file as it was', () => {
        const d = folder();
        const f = path.join(d, 'ca.crt');
        fs.writeFileSync(f, 'OLD');
        fs.symlinkSync(f, path.join(d, 'link.crt'));
        const link = run(sudoAppend(path.join(d, 'link.crt'), 'PEM\n'));
        assert.deepEqual([link.status, link.stderr], [1, `certsd: ${d}/link.crt is not a regular file: nothing appended\n`]);
        const unread = run(sudoAppend(f, 'PEM\n'), { fail: { cmd: 'tail', nth: 1 } });
        assert.deepEqual([unread.status, unread.stderr], [1, `certsd: could not read ${f}: nothing appended\n`]);
        const full = run(sudoAppend(f, 'PEM\n'), { noWrites: true });
        assert.deepEqual([full.status, full.said], [1, [`certsd: could not append to ${f}`]]);
        assert.equal(read(f), 'OLD');
      });
    });

    describe('sudoWriteNew', () => {
      it('the kept name taken: the rename refused, nothing changed', () => {
        const d = folder();
        const [from, keep] = [path.join(d, 'ca.crt'), path.join(d, 'ca.der')];
        fs.writeFileSync(from, 'DER');
        fs.writeFileSync(keep, 'other');
        const r = run(sudoWriteNew('PEM\n', from, from, keep));
        assert.deepEqual([r.status, r.said], [1, [`certsd: could not rename ${from} to ${keep} (does it exist?): nothing changed`]]);
        assert.deepEqual([read(from), read(keep)], ['DER', 'other']);
      });

      it('rm of the old name failing: the link undone, nothing changed', () => {
        const d = folder();
        const [from, keep] = [path.join(d, 'ca.crt'), path.join(d, 'ca.der')];
        fs.writeFileSync(from, 'DER');
        const r = run(sudoWriteNew('PEM\n', from, from, keep), { fail: { cmd: 'rm', nth: 1 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not rename ${from}: nothing changed\n`]);
        assert.deepEqual([read(from), read(keep)], ['DER', undefined]);
      });

      it('a new file whose name is taken', () => {
        const d = folder();
        const to = path.join(d, 'ca.crt');
        fs.writeFileSync(to, 'mine');
        const r = run(sudoWriteNew('PEM\n', to));
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not create ${to}: it already exists; nothing changed\n`]);
        assert.equal(read(to), 'mine');
      });

      it('a new file whose folder is missing (the create fails)', () => {
        const d = folder();
        const to = path.join(d, 'missing', 'ca.crt');
        const r = run(sudoWriteNew('PEM\n', to));
        assert.deepEqual([r.status, r.said], [1, [`certsd: could not create ${to}: nothing changed`]]);
      });

      it('the write failing after the create: the new file removed, the original moved back', () => {
        const d = folder();
        const [from, keep] = [path.join(d, 'ca.crt'), path.join(d, 'ca.der')];
        fs.writeFileSync(from, 'DER');
        const r = run(sudoWriteNew('PEM\n', from, from, keep), { noWrites: true });
        assert.deepEqual([r.status, r.said], [1, [`certsd: could not write ${from}: nothing changed`]]);
        assert.deepEqual([read(from), read(keep)], ['DER', undefined]);
      });
    });

    describe('sudoInstall', () => {
      /** n files staged in a private folder, for a host folder with a space in its name. */
      function staged(n: number) {
        const d = folder();
        const stage = path.join(d, 'stage');
        const host = path.join(d, 'reg host');
        fs.mkdirSync(stage, { mode: 0o700 });
        fs.mkdirSync(host);
        const files = Array.from({ length: n }, (_, i) => ({ source: path.join(stage, `${i}`), target: path.join(host, `f${i}.crt`), mode: 0o644 }));
        for (const [i, f] of files.entries()) fs.writeFileSync(f.source, `content ${i}\n`, { mode: 0o600 });
        return { stage, host, files, command: sudoInstall(stage, files) };
      }

      it('the normal case: every file with its mode, the staged copies gone', () => {
        const s = staged(2);
        const r = run(s.command);
        assert.deepEqual([r.status, r.stderr], [0, '']);
        assert.deepEqual(
          s.files.map((f) => [read(f.target), fs.statSync(f.target).mode & 0o777]),
          [
            ['content 0\n', 0o644],
            ['content 1\n', 0o644],
          ],
        );
        assert.equal(fs.existsSync(s.stage), false);
      });

      it('a file appearing at the third target while the first two are written: it is kept, the two undone', () => {
        const s = staged(3);
        // Steps: cat, chmod (file 0), cat, chmod (file 1): the third target appears after the second chmod.
        const r = run(s.command, { plant: { cmd: 'chmod', nth: 2, at: s.files[2].target } });
        assert.deepEqual([r.status, r.said], [1, [`certsd: could not create ${s.files[2].target}`, 'certsd: nothing written']]);
        assert.deepEqual(fs.readdirSync(s.host), ['f2.crt']);
        assert.equal(read(s.files[2].target), PLANTED);
      });

      it('cat failing: the file made for it removed, and said with its whole path', () => {
        const s = staged(2);
        const r = run(s.command, { fail: { cmd: 'cat', nth: 2 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not write ${s.files[1].target}\ncertsd: nothing written\n`]);
        assert.deepEqual(fs.readdirSync(s.host), []);
      });

      it('chmod and then the undo failing: the file left is private (0600), and the user is told to remove it', () => {
        const s = staged(1);
        const r = run(s.command, { fail: { cmd: 'chmod', nth: 1 }, fail2: { cmd: 'rm', nth: 0 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not write ${s.files[0].target}\ncertsd: could not remove ${s.files[0].target}: remove it by hand\ncertsd: nothing written\n`]);
        assert.equal(fs.statSync(s.files[0].target).mode & 0o777, 0o600);
      });

      it('rmdir of the staging folder failing: the files are in place, the user is told to remove the copies', () => {
        const s = staged(1);
        const r = run(s.command, { fail: { cmd: 'rmdir', nth: 1 } });
        assert.deepEqual([r.status, r.stderr], [0, `certsd: the files are in place, but the staged copies in ${s.stage} could not be removed: remove that folder\n`]);
        assert.equal(read(s.files[0].target), 'content 0\n');
      });
    });

    describe('sudoMkdir', () => {
      it('a folder there already', () => {
        const d = folder();
        const r = run(sudoMkdir([d, path.join(d, 'certs.d')]));
        assert.deepEqual([r.status, r.stderr], [1, `certsd: ${d} already exists: nothing created\n`]);
      });

      it('the first mkdir failing: said, nothing else (no undo to do)', () => {
        const d = folder();
        const chain = [path.join(d, 'etc docker'), path.join(d, 'etc docker', 'certs.d')];
        const r = run(sudoMkdir(chain), { fail: { cmd: 'mkdir', nth: 1 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not create ${chain[0]}: nothing created\n`]);
        assert.deepEqual(fs.readdirSync(d), []);
      });

      it('the second mkdir failing: said, the first undone', () => {
        const d = folder();
        const chain = [path.join(d, 'etc docker'), path.join(d, 'etc docker', 'certs.d')];
        const r = run(sudoMkdir(chain), { fail: { cmd: 'mkdir', nth: 2 } });
        assert.deepEqual([r.status, r.stderr], [1, `certsd: could not create ${chain[1]}: nothing created\n`]);
        assert.deepEqual(fs.readdirSync(d), []);
      });
    });
  });
}
