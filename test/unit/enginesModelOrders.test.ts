/**
 * Several roots one engine reads in order (core/engines/orders.ts): containerd's CRI over config_path
 * takes the first root with a match (its `_default` included) and merges nothing; containers/image
 * takes the first root holding `<host>` (spec/engine-rules.md, roots table; the conformance stage
 * test/conformance/folderNames.ts compares the folder really used with the engines' own lookups).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkRoot, CheckEnv, RootReport } from '../../server/src/core/check';
import { addOrderShadow, applyOrders, clearOrderShadows, shadowsOfOrders } from '../../server/src/core/engines/orders';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { LookupOrder } from '../../server/src/core/roots';
import { readRoot } from '../../server/src/core/tree';
import { tempTrees, TempTree } from '../helpers/tree';

const NOW = new Date('2026-06-01T00:00:00Z');
const env: CheckEnv = { fs: nodeFileSystem, now: () => NOW };
const SHADOWED = 'certsd/root-shadowed';

describe('engines model: lookup orders', () => {
  const makeTree = tempTrees();
  let t: TempTree;
  let a: string;
  let b: string;
  const order = (engine: 'containerd' | 'podman', roots: string[], who = engine === 'podman' ? 'Podman' : 'containerd (config_path)'): LookupOrder => ({ engine, who, roots, source: 'cli' });
  const root = (p: string, engine: 'containerd' | 'podman' = 'containerd', onlyHosts?: string[]) => readRoot(nodeFileSystem, p, engine, { engineFromPath: false, misnamed: false, onlyHosts });

  beforeEach(() => {
    t = makeTree({ a: { 'reg_5000_': {}, 'same.example.com': {} }, b: { 'reg:5000': {}, 'same.example.com': {}, 'alone.example.com': {} } });
    [a, b] = [t.path('a'), t.path('b')];
  });

  describe('shadowsOfOrders', () => {
    it('containerd: each folder of a later root an earlier root answers for, with its finding', () => {
      const out = shadowsOfOrders([root(a), root(b)], [order('containerd', [a, b])], env, { platform: 'unix' });
      assert.deepEqual(
        out.map((o) => ({ root: o.root, folder: o.folder, shadow: o.shadow, findings: o.findings.map((f) => [f.code, f.path, f.hostPath, f.severity]) })),
        [
          {
            root: b,
            folder: 'reg:5000',
            shadow: { engine: 'containerd', actor: 'containerd (config_path)', host: 'reg:5000', usedFolder: path.join(a, 'reg_5000_'), scope: 'order' },
            findings: [[SHADOWED, path.join(b, 'reg:5000'), path.join(b, 'reg:5000'), 'warning']],
          },
          {
            root: b,
            folder: 'same.example.com',
            shadow: { engine: 'containerd', actor: 'containerd (config_path)', host: 'same.example.com', usedFolder: path.join(a, 'same.example.com'), scope: 'order' },
            findings: [[SHADOWED, path.join(b, 'same.example.com'), path.join(b, 'same.example.com'), 'warning']],
          },
        ],
      );
    });

    it('the platform of the options decides the names: on Windows reg:5000 is never looked up', () => {
      const out = shadowsOfOrders([root(a), root(b)], [order('containerd', [a, b])], env, { platform: 'windows' });
      assert.deepEqual(out.map((o) => o.folder), ['same.example.com']);
    });

    it('podman: containers/image names only, the host as written', () => {
      const out = shadowsOfOrders([root(a, 'podman'), root(b, 'podman')], [order('podman', [a, b])], env, { platform: 'unix' });
      assert.deepEqual(out.map((o) => [o.folder, o.shadow.engine, o.shadow.actor, o.shadow.usedFolder]), [['same.example.com', 'podman', 'Podman', path.join(a, 'same.example.com')]]);
    });

    it('an order with fewer than two of the roots checked hides nothing', () => {
      assert.deepEqual(shadowsOfOrders([root(b)], [order('containerd', [a, b])], env, { platform: 'unix' }), []);
      assert.deepEqual(shadowsOfOrders([root(a), root(b)], [order('containerd', [t.path('nowhere'), b])], env, { platform: 'unix' }), []);
    });

    it('a root checked for some of its folders only is not the whole root', () => {
      assert.deepEqual(shadowsOfOrders([root(a, 'containerd', ['same.example.com']), root(b)], [order('containerd', [a, b])], env, { platform: 'unix' }), []);
    });

    it('the order decides, not the list of roots', () => {
      const out = shadowsOfOrders([root(a), root(b)], [order('containerd', [b, a])], env, { platform: 'unix' });
      // b answers first for reg:5000 (by its plain name), so a's reg_5000_ is never read either.
      assert.deepEqual(out.map((o) => [o.root, o.folder, o.shadow.usedFolder]), [
        [a, 'reg_5000_', path.join(b, 'reg:5000')],
        [a, 'same.example.com', path.join(b, 'same.example.com')],
      ]);
    });

    it('each order on its own', () => {
      const out = shadowsOfOrders([root(a), root(b)], [order('containerd', [a, b]), order('podman', [a, b])], env, { platform: 'unix' });
      assert.deepEqual(out.map((o) => [o.shadow.engine, o.folder]), [
        ['containerd', 'reg:5000'],
        ['containerd', 'same.example.com'],
        ['podman', 'same.example.com'],
      ]);
    });
  });

  describe('applyOrders, addOrderShadow, clearOrderShadows', () => {
    const reports = (): RootReport[] => [a, b].map((p) => checkRoot({ path: p, engine: 'containerd', engineFromPath: false, misnamed: false }, env, { platform: 'unix' }));

    it('puts each shadow on the host folder of its root, and its finding on the report', () => {
      const rs = reports();
      applyOrders(rs, [order('containerd', [a, b])], env, { platform: 'unix' });
      const [ra, rb] = rs;
      assert.deepEqual(ra.findings.filter((f) => f.code === SHADOWED), []);
      assert.deepEqual(rb.findings.filter((f) => f.code === SHADOWED).map((f) => f.path), [path.join(b, 'reg:5000'), path.join(b, 'same.example.com')]);
      const check = rb.hostChecks.find((h) => h.dir.name === 'same.example.com')!;
      assert.deepEqual(check.report.shadowedBy, [{ engine: 'containerd', actor: 'containerd (config_path)', host: 'same.example.com', usedFolder: path.join(a, 'same.example.com'), scope: 'order' }]);
      assert.equal(check.report.usedFolder, path.join(a, 'same.example.com'));
      assert.deepEqual(check.findings.map((f) => f.code).filter((c) => c === SHADOWED), [SHADOWED]);
      const alone = rb.hostChecks.find((h) => h.dir.name === 'alone.example.com')!;
      assert.deepEqual([alone.report.shadowedBy, alone.report.usedFolder], [undefined, undefined]);
    });

    it('a shadow whose root has no report changes nothing', () => {
      const rs = reports().slice(0, 1);
      applyOrders(rs, [order('containerd', [a, b])], env, { platform: 'unix' });
      assert.deepEqual(rs[0].findings.filter((f) => f.code === SHADOWED), []);
    });

    it('clearOrderShadows takes back the order\'s shadows and findings, and keeps the root\'s own', () => {
      const rs = reports();
      const [, rb] = rs;
      const check = rb.hostChecks.find((h) => h.dir.name === 'reg:5000')!;
      const before = check.findings.map((f) => f.code);
      const inRoot = { engine: 'containerd' as const, actor: 'containerd', host: 'reg:5000', usedFolder: path.join(b, 'reg_5000_'), scope: 'root' as const };
      check.report.shadowedBy = [inRoot];
      for (const o of shadowsOfOrders(rs.map((r) => r.root), [order('containerd', [a, b])], env, { platform: 'unix' })) if (o.folder === 'reg:5000') addOrderShadow(check, o);
      assert.deepEqual(check.report.shadowedBy.map((s) => s.scope), ['root', 'order']);
      // The earlier root wins over another name form in this root.
      assert.equal(check.report.usedFolder, path.join(a, 'reg_5000_'));
      assert.deepEqual(check.findings.map((f) => f.code), [...before, SHADOWED].sort());
      clearOrderShadows(check);
      assert.deepEqual(check.report.shadowedBy, [inRoot]);
      assert.equal(check.report.usedFolder, path.join(b, 'reg_5000_'));
      assert.deepEqual(check.findings.map((f) => f.code), before);
    });

    it('clearOrderShadows on a folder with only order shadows leaves none', () => {
      const rs = reports();
      applyOrders(rs, [order('containerd', [a, b])], env, { platform: 'unix' });
      const check = rs[1].hostChecks.find((h) => h.dir.name === 'same.example.com')!;
      clearOrderShadows(check);
      assert.deepEqual([check.report.shadowedBy, check.report.usedFolder, check.findings.filter((f) => f.code === SHADOWED)], [undefined, undefined, []]);
    });
  });
  describe('applyOrders keeps findings sorted by path, and skips a folder with no check', () => {
    const reports = (): RootReport[] => [a, b].map((p) => checkRoot({ path: p, engine: 'containerd', engineFromPath: false, misnamed: false }, env, { platform: 'unix' }));
    it('the shadow findings go before the later paths of the report', () => {
      const tt = makeTree({ a: { 'same.example.com': {} }, b: { 'same.example.com': {}, 'zzz.example.com': { 'ca.crt': 'junk\n' } } });
      const [ta, tb] = [tt.path('a'), tt.path('b')];
      const rs = [ta, tb].map((p) => checkRoot({ path: p, engine: 'containerd', engineFromPath: false, misnamed: false }, env, { platform: 'unix' }));
      applyOrders(rs, [order('containerd', [ta, tb])], env, { platform: 'unix' });
      assert.deepEqual(rs[1].findings.map((f) => [f.path, f.code === SHADOWED]), [
        [path.join(tb, 'same.example.com'), true],
        [path.join(tb, 'zzz.example.com', 'ca.crt'), false],
      ]);
      const check = rs[1].hostChecks.find((h) => h.dir.name === 'same.example.com')!;
      assert.deepEqual(check.findings.map((f) => f.code), [SHADOWED]);
    });

    it('a shadowed folder whose check is gone is skipped, the others still get theirs', () => {
      const rs = reports();
      rs[1].hostChecks = rs[1].hostChecks.filter((h) => h.dir.name !== 'same.example.com');
      applyOrders(rs, [order('containerd', [a, b])], env, { platform: 'unix' });
      assert.deepEqual(rs[1].findings.filter((f) => f.code === SHADOWED).map((f) => f.path), [path.join(b, 'reg:5000')]);
    });

    it('clearOrderShadows keeps the folder\'s own findings', () => {
      const tt = makeTree({ a: { h: {} }, b: { h: { 'ca.crt': 'junk\n' } } });
      const [ta, tb] = [tt.path('a'), tt.path('b')];
      const rs = [ta, tb].map((p) => checkRoot({ path: p, engine: 'containerd', engineFromPath: false, misnamed: false }, env, { platform: 'unix' }));
      const check = rs[1].hostChecks[0];
      const own = check.findings.map((f) => f.code);
      assert.notDeepEqual(own, []);
      applyOrders(rs, [order('containerd', [ta, tb])], env, { platform: 'unix' });
      assert.deepEqual(check.findings.map((f) => f.code).sort(), [...own, SHADOWED].sort());
      clearOrderShadows(check);
      assert.deepEqual(check.findings.map((f) => f.code), own);
    });
  });
});
