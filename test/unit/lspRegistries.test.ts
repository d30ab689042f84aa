/**
 * certsd/registries and certsd/planHostFolder (lsp/registries.ts), called directly on a workspace
 * model: every root with its engine's name, sorted by path; every host folder's row whole (the
 * reference "Test connection" would use, or none), sorted by root then name whatever order the check
 * kept them in; and "New host folder..." only inside a root being checked. The protocol suite
 * (test/protocol/registries.test.ts) covers the same over LSP.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { sudoMkdir } from '../../server/src/core/sudoScripts';
import { planHostFolderRequest, registries } from '../../server/src/lsp/registries';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS, HostFolderVerdict } from '../../server/src/protocol';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

const NOW = new Date(Date.UTC(2026, 0, 1));
const STRINGS = { ok: false, message: 'root and host must be strings' };

describe('registries and planHostFolderRequest (lsp/registries.ts)', function () {
  this.timeout(20_000);
  const tree = tempTrees();

  async function workspace() {
    const ca = await selfSignedCa({ commonName: 'Registry CA', key: ecKey('P-256', 7), notBefore: new Date(Date.UTC(2025, 0, 1)), notAfter: new Date(Date.UTC(2030, 5, 6, 7, 8, 9)) });
    const t = tree({
      etc: {
        docker: { 'certs.d': { 'b.example.com': { 'ca.crt': ca.pem }, 'a.example.com': { 'ca.crt': ca.pem }, 'c.example.com:5000': {} } },
        containerd: { 'certs.d': { _default: { 'hosts.toml': 'server = "https://x.example.com"\n' }, 'reg.example.com_5000_': {} } },
        containers: { 'certs.d': { 'bad name!': {}, 'p.example.com': {} } },
      },
    });
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const docker = t.path('etc', 'docker', 'certs.d');
    const containerd = t.path('etc', 'containerd', 'certs.d');
    const podman = t.path('etc', 'containers', 'certs.d');
    return { t, ws, docker, containerd, podman };
  }

  /** The roots, and each root's host folders, in the reverse of the order the check kept them in. */
  function reverseOrder(ws: CertsdWorkspace) {
    const roots = [...ws.roots.entries()].reverse();
    ws.roots.clear();
    for (const [key, r] of roots) {
      const hosts = [...r.hosts.entries()].reverse();
      r.hosts.clear();
      for (const [name, h] of hosts) r.hosts.set(name, h);
      ws.roots.set(key, r);
    }
  }

  it("lists the roots with their engine's name and each host folder's row, sorted by root then name in whatever order the check kept them", async () => {
    const { ws, docker, containerd, podman } = await workspace();
    const expected = registries(ws);
    reverseOrder(ws);
    assert.deepEqual(
      [...ws.roots.values()].map((r) => [r.root.path, [...r.hosts.keys()]]),
      [
        [docker, ['c.example.com:5000', 'b.example.com', 'a.example.com']],
        [podman, ['p.example.com', 'bad name!']],
        [containerd, ['reg.example.com_5000_', '_default']],
      ],
      'the order is reversed',
    );
    const r = registries(ws);
    assert.deepEqual(r, expected, 'the same rows, whatever the order kept');
    assert.deepEqual(r.roots, [
      { path: containerd, engine: 'containerd' },
      { path: podman, engine: 'Podman' },
      { path: docker, engine: 'Docker' },
    ]);
    const row = (root: string, name: string, reference: string | null, rest: Omit<HostFolderVerdict, 'path' | 'name' | 'root' | 'reference'>): HostFolderVerdict => ({
      path: path.join(root, name),
      name,
      root,
      reference,
      ...rest,
    });
    const systemRoots = (engine: string) => ({ verdict: `${engine}: system roots only`, severity: 'ok' as const, problems: 0, clientPairs: 0, soonestExpiry: null });
    // Each Docker folder gets one piece of information: containerd's _default answers for its
    // registry first (certsd/root-shadowed), Docker still reads it.
    const withCa = (name: string) => ({
      verdict: 'Docker: 1 CA root + system roots',
      severity: 'information' as const,
      problems: 1,
      clientPairs: 0,
      soonestExpiry: { notAfter: '2030-06-06T07:08:09Z', path: path.join(docker, name, 'ca.crt'), subject: '"Registry CA"' },
    });
    assert.deepEqual(r.hosts, [
      // containerd's _default stands for no registry: nothing to test a connection to.
      row(containerd, '_default', null, { verdict: 'containerd: uses hosts.toml (loose certificate files are not loaded)', severity: 'ok', problems: 0, clientPairs: 0, soonestExpiry: null }),
      row(containerd, 'reg.example.com_5000_', 'reg.example.com:5000', systemRoots('containerd')),
      // A name that is no HOST[:PORT]: no reference either.
      row(podman, 'bad name!', null, systemRoots('Podman')),
      row(podman, 'p.example.com', 'p.example.com', systemRoots('Podman')),
      row(docker, 'a.example.com', 'a.example.com', withCa('a.example.com')),
      row(docker, 'b.example.com', 'b.example.com', withCa('b.example.com')),
      row(docker, 'c.example.com:5000', 'c.example.com:5000', { ...systemRoots('Docker'), severity: 'information', problems: 1 }),
    ]);
  });

  it('lists nothing without a root', () => {
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([tree({ empty: {} }).base]);
    ws.checkAll();
    assert.deepEqual(registries(ws), { roots: [], hosts: [] });
  });

  it('plans a new host folder in a root being checked, for the platform given (Windows drops the colon)', async () => {
    const { ws, docker } = await workspace();
    const target = path.join(docker, 'reg.example.com:5000');
    assert.deepEqual(planHostFolderRequest(ws, { root: docker, host: 'reg.example.com:5000' }, 'unix'), { ok: true, name: 'reg.example.com:5000', path: target, sudoCommand: sudoMkdir([target]) });
    assert.deepEqual(planHostFolderRequest(ws, { root: docker, host: 'reg.example.com:5000' }, 'windows'), { ok: true, name: 'reg.example.com5000', path: path.join(docker, 'reg.example.com5000') });
    assert.deepEqual(planHostFolderRequest(ws, { root: docker, host: 'a.example.com' }, 'unix'), { ok: false, message: `a.example.com already exists in ${docker}.` });
  });

  it('refuses arguments that are not two strings, and a root that is not being checked', async () => {
    const { t, ws, docker } = await workspace();
    for (const p of [null, undefined, 'x', {}, { root: docker }, { host: 'reg.example.com' }, { root: 5, host: 'reg.example.com' }, { root: docker, host: 5 }, { root: [docker], host: 'reg.example.com' }]) {
      assert.deepEqual(planHostFolderRequest(ws, p, 'unix'), STRINGS, JSON.stringify(p));
    }
    for (const root of [t.path('etc', 'docker'), t.path('etc', 'docker', 'certs.d', 'a.example.com'), `${docker}/`, 'certs.d']) {
      assert.deepEqual(planHostFolderRequest(ws, { root, host: 'reg.example.com' }, 'unix'), { ok: false, message: `${root} is not a certs.d folder being checked.` });
    }
  });
});
