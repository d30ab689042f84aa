/**
 * certsd/root-shadowed (rules/rootShadowed.ts): several roots read in order, the first with a match
 * winning and nothing merged (containerd's CRI hostDirFromRoots over config_path, where a root's
 * `_default` is a match; containers/image's dockerCertDir over its search path). Checked whole on
 * the order's findings (engines/orders.ts shadowsOfOrders), for each kind of shadow.
 */
import * as assert from 'node:assert/strict';
import { Finding, ZERO_RANGE } from '../../server/src/core/findings';
import { shadowsOfOrders } from '../../server/src/core/engines/orders';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { LookupOrder } from '../../server/src/core/roots';
import { Engine, readRoot } from '../../server/src/core/tree';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { tempTrees, TreeSpec } from '../helpers/tree';

const CODE = 'certsd/root-shadowed';

describe('certsd/root-shadowed', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let folder: TreeSpec;
  before(async () => {
    pki = await commonPki();
    folder = { 'ca.crt': pki.ca.pem };
  });

  /** Roots a, b, ... (each `<x>/certs.d`, read as the given engine), and the findings of one order over them. */
  function orderOver(roots: { engine: Engine; hosts: TreeSpec }[], engine: 'containerd' | 'podman', who: string): { paths: string[]; found: Finding[] } {
    const spec: TreeSpec = {};
    roots.forEach((r, i) => (spec[String.fromCharCode(97 + i)] = { 'certs.d': r.hosts }));
    const t = makeTree(spec);
    const paths = roots.map((_, i) => t.path(String.fromCharCode(97 + i), 'certs.d'));
    const checked = roots.map((r, i) => readRoot(nodeFileSystem, paths[i], r.engine, { engineFromPath: false, misnamed: false }));
    const order: LookupOrder = { engine, who, roots: paths, source: 'setting' };
    const shadows = shadowsOfOrders(checked, [order], { fs: nodeFileSystem, now: () => new Date(0) }, { platform: 'unix' });
    return { paths, found: shadows.flatMap((s) => s.findings) };
  }

  function shadowed(at: string, severity: 'warning' | 'information', summary: string, message: string): Finding {
    return { code: CODE, severity, path: at, hostPath: at, range: ZERO_RANGE, summary, message };
  }

  it('Podman: the first root holding the name wins; a warning when every root is Podman\'s', () => {
    const { paths: [a, b, c], found } = orderOver([{ engine: 'podman', hosts: {} }, { engine: 'podman', hosts: { 'reg.example.com': folder } }, { engine: 'podman', hosts: { 'reg.example.com': folder } }], 'podman', 'Podman');
    assert.deepEqual(found, [
      shadowed(`${c}/reg.example.com`, 'warning', 'Never read: an earlier folder in the search order is used for reg.example.com', `Podman never reads this folder: it looks for reg.example.com in ${a}, ${b}, ${c} and uses the first it finds, ${b}/reg.example.com; nothing is merged.`),
    ]);
  });

  it('Podman: information for a root another engine reads, and for one user\'s own order', () => {
    const other = orderOver([{ engine: 'podman', hosts: { 'reg.example.com': folder } }, { engine: 'docker', hosts: { 'reg.example.com': folder } }], 'podman', 'Podman');
    const [a, b] = other.paths;
    assert.deepEqual(other.found, [
      shadowed(`${b}/reg.example.com`, 'information', 'Never read: an earlier folder in the search order is used for reg.example.com', `Podman never reads this folder: it looks for reg.example.com in ${a}, ${b} and uses the first it finds, ${a}/reg.example.com; nothing is merged. Docker still reads it.`),
    ]);
    const user = orderOver([{ engine: 'podman', hosts: { 'reg.example.com': folder } }, { engine: 'podman', hosts: { 'reg.example.com': folder } }], 'podman', 'Podman (user alice)');
    const [ua, ub] = user.paths;
    assert.deepEqual(user.found, [
      shadowed(`${ub}/reg.example.com`, 'information', 'Never read: an earlier folder in the search order is used for reg.example.com', `Podman (user alice) never reads this folder: it looks for reg.example.com in ${ua}, ${ub} and uses the first it finds, ${ua}/reg.example.com; nothing is merged.`),
    ]);
  });

  it('containerd: an earlier _default hides a later _default (every registry), and a later host folder', () => {
    const who = 'containerd (config_path)';
    const { paths: [a, b], found } = orderOver([{ engine: 'containerd', hosts: { _default: folder } }, { engine: 'containerd', hosts: { _default: folder, 'reg.example.com': folder } }], 'containerd', who);
    assert.deepEqual(found, [
      shadowed(`${b}/_default`, 'warning', 'Never read: an earlier root in config_path answers for every registry', `${who} never reads this _default: ${a}/_default comes earlier in config_path, so ${a} answers for every registry and no folder of ${b} is ever read.`),
      shadowed(
        `${b}/reg.example.com`,
        'warning',
        'Never read: _default in an earlier root in config_path answers for reg.example.com',
        `${who} never reads this folder: ${a}/_default comes earlier in config_path and answers for every registry without a folder of its own there, reg.example.com included (containerd takes the first root with a match and merges nothing).`,
      ),
    ]);
  });

  it('containerd: a folder of an earlier root for the same host, in another name form; Docker still reads the later one', () => {
    const who = 'containerd (config_path)';
    const { paths: [a, b], found } = orderOver([{ engine: 'containerd', hosts: { 'reg.example.com_5000_': folder } }, { engine: 'docker', hosts: { 'reg.example.com:5000': folder } }], 'containerd', who);
    assert.deepEqual(found, [
      shadowed(
        `${b}/reg.example.com:5000`,
        'information',
        'Never read: an earlier root in config_path has a folder for reg.example.com:5000',
        `${who} never reads this folder for reg.example.com:5000: ${a}/reg.example.com_5000_ comes earlier in config_path (${a}:${b}) and is used alone; nothing is merged. Docker still reads it.`,
      ),
    ]);
  });

  it('says nothing of folders no earlier root answers for', () => {
    const c = orderOver([{ engine: 'containerd', hosts: { 'a.example.com': folder } }, { engine: 'containerd', hosts: { 'b.example.com': folder } }], 'containerd', 'containerd (config_path)');
    assert.deepEqual(c.found, []);
    const p = orderOver([{ engine: 'podman', hosts: { _default: folder } }, { engine: 'podman', hosts: { 'b.example.com': folder } }], 'podman', 'Podman');
    assert.deepEqual(p.found, []);
  });
});
