/** `certsd resolve` in text: each host's folder and why, containerd's hosts in order, Docker's `docker login` lookup. */
import * as assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { tempTrees } from '../helpers/tree';

describe('certsd resolve text output', () => {
  const tree = tempTrees();
  const HOSTS_TOML = 'server = "https://reg.example.com"\n\n[host."https://mirror.example.com:5000"]\n  capabilities = ["pull"]\n';
  /** The JSON lines of the same command: the reasons come from the engines' lookups, not from the text layout tested here. */
  const jsonOf = (args: string[]) =>
    runCli([...args, '--format', 'json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reason: string; login?: { reason: string } });

  function setup() {
    const t = tree({ 'certs.d': { 'reg.example.com': { 'hosts.toml': HOSTS_TOML } } });
    return t.path('certs.d');
  }

  it('containerd: the folder, its reason, the hosts tried in order with their capabilities; "no folder" for a host without one', () => {
    const root = setup();
    const args = ['resolve', 'reg.example.com', 'nope.example.com', '--root', root, '--engine', 'containerd'];
    const [reg, nope] = jsonOf(args);
    const r = runCli(args);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      [
        `reg.example.com (containerd@2): ${root}/reg.example.com`,
        `  ${reg.reason}`,
        '  hosts tried, in order:',
        '    https://mirror.example.com:5000/v2 [pull]',
        '    https://reg.example.com/v2 [pull, resolve, push, referrers]',
        '',
        'nope.example.com (containerd@2): no folder',
        `  ${nope.reason}`,
        '  hosts tried, in order:',
        '    https://nope.example.com/v2 [pull, resolve, push, referrers]',
        '',
      ].join('\n'),
    );
  });

  it('containerd: a local registry on a port is tried over https unverified, then http; on port 80, http alone', () => {
    const root = setup();
    const args = ['resolve', 'localhost:5000', 'localhost:80', '--root', root, '--engine', 'containerd'];
    const [five, eighty] = jsonOf(args);
    const r = runCli(args);
    assert.equal(
      r.stdout,
      [
        'localhost:5000 (containerd@2): no folder',
        `  ${five.reason}`,
        '  hosts tried, in order:',
        '    https://localhost:5000/v2 [pull, resolve, push, referrers] (TLS not verified) (http if TLS fails)',
        '',
        'localhost:80 (containerd@2): no folder',
        `  ${eighty.reason}`,
        '  hosts tried, in order:',
        '    http://localhost:80/v2 [pull, resolve, push, referrers]',
        '',
      ].join('\n'),
    );
  });

  it('Docker with the containerd image store: the pulls lookup and then what docker login reads, folder or "no folder"', () => {
    const root = setup();
    const args = ['resolve', 'reg.example.com', 'nope.example.com', '--root', root, '--engine', 'docker@29', '--docker-store', 'containerd'];
    const [reg, nope] = jsonOf(args);
    assert.ok(reg.login && nope.login, 'both have a login lookup');
    const r = runCli(args);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        `reg.example.com (docker@29): ${root}/reg.example.com`,
        `  ${reg.reason}`,
        '  hosts tried, in order:',
        '    https://mirror.example.com:5000/v2 [pull]',
        '    https://reg.example.com/v2 [pull, resolve, push, referrers]',
        `  docker login: ${root}/reg.example.com`,
        `    ${reg.login.reason}`,
        '',
        'nope.example.com (docker@29): no folder',
        `  ${nope.reason}`,
        '  hosts tried, in order:',
        '    https://nope.example.com/v2 [pull, resolve, push, referrers]',
        '  docker login: no folder',
        `    ${nope.login.reason}`,
        '',
      ].join('\n'),
    );
  });

  it('Docker with graph drivers: no hosts list and no separate docker login lookup', () => {
    const root = setup();
    const args = ['resolve', 'reg.example.com', '--root', root, '--engine', 'docker@29', '--docker-store', 'graphdriver'];
    const [reg] = jsonOf(args);
    assert.equal(reg.login, undefined);
    const r = runCli(args);
    assert.deepEqual([r.code, r.stdout], [0, `reg.example.com (docker@29): ${root}/reg.example.com\n  ${reg.reason}\n`]);
  });
});
