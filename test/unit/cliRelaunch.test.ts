/** `certsd check` starts itself again with soft heap flags (cli/relaunch.ts): same output, same status, no loop. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHECK_NODE_FLAGS, relaunch, shouldRelaunch, type ChildLike, type RelaunchDeps } from '../../server/src/cli/relaunch';
import { tempTrees } from '../helpers/tree';

const MAIN = path.resolve(__dirname, '../../server/out/cli/main.js');

describe('certsd check relaunch with heap flags', () => {
  const tree = tempTrees();

  it('relaunches check only, run as main.js, once, unless turned off or given the flags already', () => {
    const self = '/x/cli/main.js';
    assert.equal(shouldRelaunch(['check', '.'], {}, [], self, self), true);
    assert.equal(shouldRelaunch(['resolve', 'reg'], {}, [], self, self), false);
    assert.equal(shouldRelaunch(['check'], { CERTSD_RELAUNCHED: '1' }, [], self, self), false);
    assert.equal(shouldRelaunch(['check'], { CERTSD_NO_RELAUNCH: '1' }, [], self, self), false);
    assert.equal(shouldRelaunch(['check'], {}, ['--max-semi-space-size=8'], self, self), false);
    assert.equal(shouldRelaunch(['check'], {}, [], '/x/mocha.js', self), false);
    assert.equal(shouldRelaunch(['check'], {}, [], undefined, self), false);
  });

  /** relaunch() with stand-ins for spawn and process, in this process (the real one runs only in a spawned CLI, out of Stryker's reach). */
  function fakeRelaunch() {
    const calls: string[] = [];
    const spawned: { command: string; args: string[]; options: { stdio: string; env: NodeJS.ProcessEnv } }[] = [];
    const childListeners: Record<string, (...a: never[]) => void> = {};
    const signalListeners = new Map<string, (() => void)[]>();
    const child: ChildLike = {
      kill: (sig) => calls.push(`child.kill ${sig}`),
      on: (event: string, listener: (...a: never[]) => void) => (childListeners[event] = listener),
    };
    const deps: RelaunchDeps = {
      spawn: (command, args, options) => {
        spawned.push({ command, args, options });
        return child;
      },
      proc: {
        execPath: '/opt/node/bin/node',
        execArgv: ['--enable-source-maps'],
        argv: ['/opt/node/bin/node', '/x/cli/main.js', 'check', '/etc/docker/certs.d', '--format', 'json'],
        env: { HOME: '/home/u', CERTSD_NO_RELAUNCH: '' },
        pid: 4242,
        on: (sig, listener) => signalListeners.set(sig, [...(signalListeners.get(sig) ?? []), listener]),
        removeAllListeners: (sig) => calls.push(`removeAllListeners ${sig}`),
        kill: (pid, sig) => calls.push(`kill ${pid} ${sig}`),
        exit: (code) => calls.push(`exit ${code}`),
        stderr: { write: (s) => calls.push(`stderr ${s}`) },
      },
      mainJs: '/x/cli/main.js',
    };
    const result = relaunch(deps);
    return { result, calls, spawned, childListeners, signalListeners };
  }

  it('starts node again with its own flags, the heap flags, main.js and the arguments, in the user environment marked relaunched', () => {
    const r = fakeRelaunch();
    assert.equal(r.result, true);
    assert.deepEqual(r.spawned, [
      {
        command: '/opt/node/bin/node',
        args: ['--enable-source-maps', '--max-semi-space-size=2', '--heap-growing-percent=20', '/x/cli/main.js', 'check', '/etc/docker/certs.d', '--format', 'json'],
        options: { stdio: 'inherit', env: { HOME: '/home/u', CERTSD_NO_RELAUNCH: '', CERTSD_RELAUNCHED: '1' } },
      },
    ]);
    assert.deepEqual(r.calls, [], 'nothing written, nothing ended before the child ends');
  });

  it('passes SIGINT, SIGTERM and SIGHUP on to the child', () => {
    const r = fakeRelaunch();
    assert.deepEqual([...r.signalListeners.keys()], ['SIGINT', 'SIGTERM', 'SIGHUP']);
    for (const [sig, listeners] of r.signalListeners) {
      assert.equal(listeners.length, 1, sig);
      listeners[0]();
    }
    assert.deepEqual(r.calls, ['child.kill SIGINT', 'child.kill SIGTERM', 'child.kill SIGHUP']);
  });

  it('ends with the exit status of the child, 2 when it has none', () => {
    for (const [code, expected] of [[0, 'exit 0'], [1, 'exit 1'], [3, 'exit 3'], [null, 'exit 2']] as const) {
      const r = fakeRelaunch();
      (r.childListeners.exit as (c: number | null, s: NodeJS.Signals | null) => void)(code, null);
      assert.deepEqual(r.calls, [expected], String(code));
    }
  });

  it('ends by the signal that ended the child, without its own listener for it', () => {
    const r = fakeRelaunch();
    (r.childListeners.exit as (c: number | null, s: NodeJS.Signals | null) => void)(null, 'SIGTERM');
    assert.deepEqual(r.calls, ['removeAllListeners SIGTERM', 'kill 4242 SIGTERM']);
  });

  it('says why and how to do without when node cannot be started again, and exits 2', () => {
    const r = fakeRelaunch();
    (r.childListeners.error as (e: Error) => void)(new Error('spawn EACCES'));
    assert.deepEqual(r.calls, [
      'stderr certsd: could not start node again with --max-semi-space-size=2 --heap-growing-percent=20 (spawn EACCES); CERTSD_NO_RELAUNCH=1 checks in one process\n',
      'exit 2',
    ]);
  });

  it('gives the same output and exit status as a check in one process, from a child run with the flags', () => {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'client.cert': 'not a certificate\n' } } });
    // A preloaded probe that every node process of the run loads (execArgv is passed on): it says its flags.
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-relaunch-')), 'probe.js');
    fs.writeFileSync(probe, `require('fs').writeSync(2, 'execArgv ' + JSON.stringify(process.execArgv) + '\\n');`);
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['-r', probe, MAIN, 'check', t.path('certs.d'), '--engine', 'docker'], { encoding: 'utf8', env: { ...process.env, CERTSD_RELAUNCHED: '', CERTSD_NO_RELAUNCH: '', ...env } });
    const relaunched = run({});
    const single = run({ CERTSD_NO_RELAUNCH: '1' });
    assert.equal(relaunched.status, 1, relaunched.stderr);
    assert.equal(relaunched.status, single.status);
    assert.equal(relaunched.stdout, single.stdout);
    assert.match(relaunched.stdout, /certsd\/missing-key/);
    const flagsSeen = [...relaunched.stderr.matchAll(/^execArgv (.*)$/gm)].map((m) => JSON.parse(m[1]) as string[]);
    assert.equal(flagsSeen.length, 2, 'the CLI and the one child it started');
    for (const f of CHECK_NODE_FLAGS) assert.ok(flagsSeen[1].includes(f), `${f} in ${flagsSeen[1]}`);
    assert.equal([...single.stderr.matchAll(/^execArgv /gm)].length, 1);
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  });
});
