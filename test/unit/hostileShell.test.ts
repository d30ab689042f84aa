/**
 * The sudo scripts for root-owned folders (core/sudoScripts.ts), run under dash and bash with a failure
 * injected at every step: each external command they run (mv, ln, cat, chmod, rm, rmdir, tail) fails in
 * turn, a file appears at every target right after each step (a race), and a target's folder is
 * missing (a real redirection failure of the create). Whatever happens, the invariant holds: it all
 * happened, or nothing changed and the script says so.
 *
 * The commands are `sudo sh -c SCRIPT sh ARGS...`; here `sudo` is a function that runs SCRIPT with
 * the shell under test (the tests may not sudo; the script is what is tested).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sudoAppend, sudoDelete, sudoInstall, sudoMkdir, sudoMove, sudoWriteNew } from '../../server/src/core/sudoScripts';

const SHELLS = ['dash', 'bash'];
const EXTERNALS = ['mv', 'ln', 'cat', 'chmod', 'rm', 'rmdir', 'tail', 'sha256sum', 'mkdir'];
const PLANTED = 'planted by someone else\n';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

interface Injection {
  /** The n-th external command (1-based) fails without doing anything. */
  failAt?: number;
  /** After the n-th external command has run, a file appears at each of these paths (if free). */
  raceAt?: number;
  plant?: string[];
}

interface ShellRun {
  status: number | null;
  stderr: string;
  /** The external commands run, in order. */
  calls: string[];
}

/** A folder of shims: each external command counts itself, fails or plants files as told, else runs the real one. */
function makeShims(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-shims-'));
  for (const cmd of EXTERNALS) {
    const real = which(cmd);
    assert.ok(real, `${cmd} not found`);
    // Builtins only (read, echo, printf, [): the shim must not call the commands it stands for.
    const script = `#!/bin/sh
read n < "$INJECT_DIR/count"; n=$((n + 1)); echo "$n" > "$INJECT_DIR/count"; echo "${cmd}" >> "$INJECT_DIR/calls"
if [ "$n" = "$FAIL_AT" ]; then exit 1; fi
${real} "$@"; status=$?
if [ "$n" = "$RACE_AT" ]; then
  while IFS= read -r p; do [ -n "$p" ] && ! [ -e "$p" ] && ! [ -h "$p" ] && printf '${PLANTED.replace('\n', '\\n')}' > "$p"; done < "$INJECT_DIR/plant"
fi
exit $status
`;
    fs.writeFileSync(path.join(dir, cmd), script, { mode: 0o755 });
  }
  return dir;
}

function runUnder(shell: string, command: string, shims: string, inj: Injection = {}): ShellRun {
  assert.match(command, /^sudo sh -c '/);
  const injectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-inject-'));
  fs.writeFileSync(path.join(injectDir, 'count'), '0\n');
  fs.writeFileSync(path.join(injectDir, 'calls'), '');
  fs.writeFileSync(path.join(injectDir, 'plant'), (inj.plant ?? []).join('\n') + '\n');
  // The outer bash only parses the command line (its quoting is under test too) and calls `sudo`.
  const outer = `sudo() { script=$3; shift 3; exec "$SHELL_UNDER_TEST" -c "$script" "$@"; }\n${command}`;
  // No start-up files (a BASH_ENV or .bashrc that runs commands would count as steps).
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', outer], {
    encoding: 'utf8',
    env: { HOME: os.tmpdir(), BASH_ENV: '', ENV: '', PATH: `${shims}:${process.env.PATH}`, SHELL_UNDER_TEST: which(shell)!, INJECT_DIR: injectDir, FAIL_AT: String(inj.failAt ?? 0), RACE_AT: String(inj.raceAt ?? 0) },
  });
  const calls = fs.readFileSync(path.join(injectDir, 'calls'), 'utf8').split('\n').filter(Boolean);
  fs.rmSync(injectDir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, calls };
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);

describe('sudo scripts under dash and bash, with a failure injected at every step', function () {
  this.timeout(120_000);
  let shims: string;
  const temps: string[] = [];
  const temp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-sh-'));
    temps.push(d);
    return d;
  };
  before(() => {
    shims = makeShims();
  });
  after(() => {
    for (const d of [shims, ...temps]) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const shell of SHELLS) {
    describe(shell, () => {
      before(function () {
        // A missing shell is a failure, not a skip: the scripts must be checked under both.
        assert.ok(which(shell), `${shell} is not installed: install it (apt-get install ${shell}) to test the sudo scripts under it`);
      });

      /** The key + certificate install of writeFiles, in a fresh folder each time. */
      function install() {
        const base = temp();
        const staged = path.join(base, 'staged');
        const host = path.join(base, 'host');
        fs.mkdirSync(staged, { mode: 0o700 });
        fs.mkdirSync(host);
        const files = [
          { source: path.join(staged, '1-client.key'), target: path.join(host, 'client.key'), mode: 0o600, content: 'KEY\n' },
          { source: path.join(staged, '2-client.cert'), target: path.join(host, 'client.cert'), mode: 0o644, content: 'CERT\n' },
        ];
        for (const f of files) fs.writeFileSync(f.source, f.content, { mode: 0o600 });
        return { staged, host, files, command: sudoInstall(staged, files) };
      }

      function assertInstallInvariant(i: ReturnType<typeof install>, r: ShellRun, what: string) {
        if (r.status === 0) {
          for (const f of i.files) {
            assert.equal(read(f.target), f.content, `${what}: ${f.target}`);
            assert.equal(modeOf(f.target), f.mode, `${what}: mode of ${f.target}`);
          }
          // The copies are gone, or the user is told to remove them.
          if (fs.existsSync(i.staged)) assert.match(r.stderr, /staged copies in .* could not be removed/, what);
          return;
        }
        assert.match(r.stderr, /^certsd: /m, `${what}: says why`);
        for (const f of i.files) {
          const now = read(f.target);
          assert.ok(now === undefined || now === PLANTED, `${what}: ${f.target} is ${JSON.stringify(now)} after a failed run (must be absent, or the other file untouched)`);
        }
      }

      it('install: succeeds cleanly, and with every external step failing in turn leaves nothing of its own', () => {
        const clean = install();
        const ok = runUnder(shell, clean.command, shims);
        assert.equal(ok.status, 0, ok.stderr);
        assertInstallInvariant(clean, ok, 'clean run');
        assert.equal(fs.existsSync(clean.staged), false);
        assert.ok(ok.calls.length >= 5, ok.calls.join(' '));
        for (let n = 1; n <= ok.calls.length; n++) {
          const i = install();
          const r = runUnder(shell, i.command, shims, { failAt: n });
          assertInstallInvariant(i, r, `${ok.calls[n - 1]} (step ${n}) failing`);
          if (n <= 4) assert.notEqual(r.status, 0, `step ${n} (${ok.calls[n - 1]}) failing must fail the install`);
        }
      });

      it('install: a file appearing at the targets after any step is never overwritten', () => {
        const steps = runUnder(shell, install().command, shims).calls.length;
        for (let n = 1; n <= steps; n++) {
          const i = install();
          const r = runUnder(shell, i.command, shims, { raceAt: n, plant: i.files.map((f) => f.target) });
          assertInstallInvariant(i, r, `race after step ${n}`);
        }
      });

      it("install: a create that fails for real (the second target's folder is missing) undoes the first", () => {
        const i = install();
        const files = [i.files[0], { ...i.files[1], target: path.join(i.host, 'missing', 'client.cert') }];
        const r = runUnder(shell, sudoInstall(i.staged, files), shims);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /could not create .*missing\/client\.cert/);
        assert.deepEqual(fs.readdirSync(i.host), [], 'the key created first was removed');
      });

      it('install: refuses when a target exists, before writing anything', () => {
        const i = install();
        fs.writeFileSync(i.files[1].target, PLANTED);
        const r = runUnder(shell, i.command, shims);
        assert.notEqual(r.status, 0);
        assert.ok(r.stderr.includes(`${i.files[1].target} already exists; nothing written`), r.stderr);
        assert.equal(fs.existsSync(i.files[0].target), false);
        assert.deepEqual(r.calls, []);
      });

      /** A DER file converted in place: ca.crt -> ca.der, PEM written as ca.crt. */
      function convert() {
        const dir = temp();
        const from = path.join(dir, 'ca.crt');
        const keep = path.join(dir, 'ca.der');
        fs.writeFileSync(from, 'DER');
        return { dir, from, keep, command: sudoWriteNew('PEM\n', from, from, keep) };
      }

      function assertConvertInvariant(c: ReturnType<typeof convert>, r: ShellRun, what: string) {
        if (r.status === 0) {
          assert.deepEqual([read(c.from), read(c.keep)], ['PEM\n', 'DER'], what);
          return;
        }
        assert.match(r.stderr, /^certsd: /m, what);
        // Nothing changed: the DER file is where it was; a .der is absent or someone else's. If even
        // the undo could not be done, the script says so.
        if (read(c.from) !== 'DER') assert.match(r.stderr, /do it by hand/, `${what}: ${JSON.stringify([read(c.from), read(c.keep)])}`);
        assert.ok(read(c.keep) === undefined || read(c.keep) === PLANTED || /do it by hand/.test(r.stderr), `${what}: .der is ${JSON.stringify(read(c.keep))}`);
      }

      it('DER to PEM in place: every step failing in turn, and a race after every step', () => {
        const ok = runUnder(shell, convert().command, shims);
        assert.equal(ok.status, 0, ok.stderr);
        for (let n = 1; n <= ok.calls.length + 1; n++) {
          const c = convert();
          assertConvertInvariant(c, runUnder(shell, c.command, shims, { failAt: n }), `step ${n} failing`);
          const d = convert();
          assertConvertInvariant(d, runUnder(shell, d.command, shims, { raceAt: n, plant: [d.from, d.keep] }), `race after step ${n}`);
        }
      });

      it('DER to PEM in place: a PEM appearing at the name after the rename makes it move the DER back', () => {
        const c = convert();
        // Steps: ln (DER to .der), rm (the old name): the PEM appears right after.
        const r = runUnder(shell, c.command, shims, { raceAt: 2, plant: [c.from] });
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /could not create/);
        // The planted file holds the name, so the DER stays as .der, and the script says to move it by hand.
        assert.equal(read(c.from), PLANTED);
        assert.match(r.stderr, /could not move .*ca\.der back to .*ca\.crt: do it by hand/);
      });

      it('a new PEM file whose folder is missing: a real create failure, reported, nothing made', () => {
        const dir = temp();
        const r = runUnder(shell, sudoWriteNew('PEM\n', path.join(dir, 'missing', 'ca.crt')), shims);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /could not create/);
        assert.deepEqual(fs.readdirSync(dir), []);
      });

      it('mkdir: makes the missing folders (mode 755), or nothing when any step fails or one is there already', () => {
        const base = temp();
        const chain = [path.join(base, 'etc docker'), path.join(base, 'etc docker', 'certs.d')];
        const ok = runUnder(shell, sudoMkdir(chain), shims);
        assert.equal(ok.status, 0, ok.stderr);
        assert.deepEqual(chain.map((d) => fs.statSync(d).isDirectory() && modeOf(d)), [0o755, 0o755]);
        assert.equal(ok.calls.filter((c) => c === 'mkdir').length, 2);
        fs.rmSync(chain[0], { recursive: true });
        // Each step failing in turn (the second mkdir's failure undoes the first).
        for (let n = 1; n <= ok.calls.length; n++) {
          const failed = runUnder(shell, sudoMkdir(chain), shims, { failAt: n });
          assert.notEqual(failed.status, 0, `step ${n} failing`);
          assert.match(failed.stderr, /could not create .*: nothing created/);
          assert.deepEqual(fs.readdirSync(base), [], `step ${n} failing left something`);
        }
        // Something there already (a file where the folder should be): refused before any mkdir.
        fs.writeFileSync(chain[0], PLANTED);
        const refused = runUnder(shell, sudoMkdir(chain), shims);
        assert.notEqual(refused.status, 0);
        assert.match(refused.stderr, /already exists: nothing created/);
        assert.deepEqual(refused.calls, []);
        assert.equal(read(chain[0]), PLANTED);
      });

      it('move: the mv failing, a target appearing meanwhile, and the normal case', () => {
        const dir = temp();
        const from = path.join(dir, 'ca.cert');
        const to = path.join(dir, 'ca.crt');
        fs.writeFileSync(from, 'x');
        const failed = runUnder(shell, sudoMove(from, to), shims, { failAt: 1 });
        assert.notEqual(failed.status, 0);
        assert.match(failed.stderr, /could not move .*: nothing moved/);
        assert.deepEqual([read(from), read(to)], ['x', undefined]);
        const ok = runUnder(shell, sudoMove(from, to), shims);
        assert.equal(ok.status, 0, ok.stderr);
        assert.deepEqual([read(from), read(to)], [undefined, 'x']);
      });

      it('append: a new line first only where the last one lacks it, and nothing changed when a step fails', () => {
        const PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
        for (const before of ['OLD', 'OLD\n', '']) {
          const dir = temp();
          const file = path.join(dir, 'ca.crt');
          fs.writeFileSync(file, before);
          const ok = runUnder(shell, sudoAppend(file, PEM), shims);
          assert.equal(ok.status, 0, ok.stderr);
          assert.equal(read(file), before === 'OLD' ? `OLD\n${PEM}` : before + PEM, JSON.stringify(before));
          for (let n = 1; n <= ok.calls.length; n++) {
            fs.writeFileSync(file, before);
            const failed = runUnder(shell, sudoAppend(file, PEM), shims, { failAt: n });
            assert.notEqual(failed.status, 0, `step ${n} failing`);
            assert.match(failed.stderr, /^certsd: could not read .*: nothing appended$/m);
            assert.equal(read(file), before, `step ${n} failing`);
          }
        }
      });

      it('delete: only the file as it was checked; a changed file, a link and a failing step delete nothing', () => {
        const dir = temp();
        const file = path.join(dir, 'ca.key');
        const sum = createHash('sha256').update('KEY\n').digest('hex');
        fs.writeFileSync(file, 'KEY\n');
        const ok = runUnder(shell, sudoDelete(file, sum), shims);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(fs.existsSync(file), false);
        fs.writeFileSync(file, 'KEY changed\n');
        const changed = runUnder(shell, sudoDelete(file, sum), shims);
        assert.notEqual(changed.status, 0);
        assert.match(changed.stderr, /changed since it was checked: nothing deleted/);
        assert.equal(read(file), 'KEY changed\n');
        fs.writeFileSync(file, 'KEY\n');
        const steps = runUnder(shell, sudoDelete(file, sum), shims, { failAt: 99 }).calls.length;
        fs.writeFileSync(file, 'KEY\n');
        for (let n = 1; n <= steps; n++) {
          const failed = runUnder(shell, sudoDelete(file, sum), shims, { failAt: n });
          assert.notEqual(failed.status, 0, `step ${n} failing`);
          assert.equal(read(file), 'KEY\n', `step ${n} failing`);
        }
        const target = path.join(dir, 'elsewhere.key');
        fs.writeFileSync(target, 'KEY\n');
        fs.rmSync(file);
        fs.symlinkSync(target, file);
        const link = runUnder(shell, sudoDelete(file, sum), shims);
        assert.match(link.stderr, /is not a regular file: nothing deleted/);
        assert.equal(read(target), 'KEY\n');
      });

      it('append: refuses a symbolic link and what is not a regular file, writing nothing', () => {
        const dir = temp();
        const target = path.join(dir, 'system-bundle.pem');
        fs.writeFileSync(target, 'SYSTEM\n');
        fs.symlinkSync(target, path.join(dir, 'ca.crt'));
        for (const file of [path.join(dir, 'ca.crt'), path.join(dir, 'missing.crt'), dir]) {
          const r = runUnder(shell, sudoAppend(file, 'PEM\n'), shims);
          assert.notEqual(r.status, 0);
          assert.match(r.stderr, /is not a regular file: nothing appended/);
        }
        assert.equal(read(target), 'SYSTEM\n');
        assert.equal(fs.existsSync(path.join(dir, 'missing.crt')), false);
      });
    });
  }
});
