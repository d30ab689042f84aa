/** cli/run.ts on its own: which engine --root names, what --quiet keeps, the messages for roots that cannot be read. */
import * as assert from 'node:assert/strict';
import { errorsOnly, orderEngineOf, CheckRun } from '../../server/src/cli/run';
import { Finding } from '../../server/src/core/findings';
import { runCli } from '../helpers/cli';
import { tempTrees } from '../helpers/tree';

describe('certsd check run', () => {
  const tree = tempTrees();

  it('--root names containerd\'s lookup order unless the engine is Podman; Docker refuses it', () => {
    assert.equal(orderEngineOf(undefined), 'containerd');
    assert.equal(orderEngineOf('containerd'), 'containerd');
    assert.equal(orderEngineOf('podman'), 'podman');
    const t = tree({ 'certs.d': {} });
    const r = runCli(['check', '--root', t.path('certs.d'), '--engine', 'docker']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], 'certsd: --root/--roots name the roots of containerd (config_path) or Podman in lookup order; Docker reads one root: name it as a PATH');
  });

  it('--quiet keeps the errors of host folders and of the root, and nothing else', () => {
    const finding = (code: string, severity: Finding['severity']) => ({ code, severity, message: code }) as unknown as Finding;
    const run = {
      engine: 'docker',
      orders: [],
      roots: [
        {
          path: '/r',
          findings: [finding('host-error', 'error'), finding('host-warning', 'warning'), finding('host-info', 'information')],
          rootFindings: [finding('root-warning', 'warning'), finding('root-error', 'error'), finding('root-hint', 'hint')],
        },
      ],
    } as unknown as CheckRun;
    const quiet = errorsOnly(run);
    assert.deepEqual(quiet.roots[0].findings.map((f) => f.code), ['host-error']);
    assert.deepEqual(quiet.roots[0].rootFindings.map((f) => f.code), ['root-error']);
    assert.equal((quiet.roots[0] as unknown as { path: string }).path, '/r');
    assert.equal(run.roots[0].findings.length, 3, 'the run itself unchanged');
  });

  it('says "no such file or directory" for a missing path, the system\'s message for one below a file', () => {
    const t = tree({ file: 'x' });
    const missing = runCli(['check', t.path('nothing')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split('\n')[0], `certsd: ${t.path('nothing')}: no such file or directory`);
    const below = runCli(['check', t.path('file', 'sub')]);
    assert.equal(below.code, 2);
    assert.match(below.stderr.split('\n')[0], new RegExp(`^certsd: ${t.path('file', 'sub').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ENOTDIR: not a directory`));
  });
});
