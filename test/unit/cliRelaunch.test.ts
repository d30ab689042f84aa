/** `certsd check` starts itself again with soft heap flags (cli/relaunch.ts): same output, same status, no loop. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHECK_NODE_FLAGS, shouldRelaunch } from '../../server/src/cli/relaunch';
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
