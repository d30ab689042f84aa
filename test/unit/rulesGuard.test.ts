/**
 * The net under the rules (rules/guard.ts), driven with rules that throw as a bug would: the
 * internal-error finding (where it sits, what it says, never more than a line of the error), a
 * rule run again without the file it failed on, the limit on how many files are set aside, a root
 * rule's failure, and a host folder whose simulation failed.
 */
import * as assert from 'node:assert/strict';
import { FileCheckError } from '../../server/src/core/facts';
import { Finding, ZERO_RANGE } from '../../server/src/core/findings';
import { defaultRelease } from '../../server/src/core/engines/releases';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { describeInternalError, failedHostCheck, INTERNAL_ERROR, internalErrorFinding, runHostRuleGuarded, runRootRuleGuarded } from '../../server/src/core/rules/guard';
import { HostContext, HostRule, Report, RootContext, RootRule } from '../../server/src/core/rules/rule';
import { CertsdRoot, readRoot } from '../../server/src/core/tree';
import { tempTrees } from '../helpers/tree';

const SUMMARY = 'certsd could not check this (a bug in certsd)';
const onFile = (what: string, cause: string, by: string) =>
  `certsd could not ${what} (${cause}), so what the engine makes of it is not known (met by certsd's ${by}); the rest of the tree was checked. This is a bug in certsd: please report it.`;
const onRule = (by: string, cause: string) => `certsd's ${by} failed here (${cause}), so what it looks for is not known; everything else was checked. This is a bug in certsd: please report it.`;

function internal(path: string, message: string, hostPath?: string): Finding {
  return { code: INTERNAL_ERROR, severity: 'error', path, hostPath, range: ZERO_RANGE, summary: SUMMARY, message };
}

/** What a rule's report adds (reporter in check.ts, reduced to what these rules report). */
const into = (out: Finding[]): Report => (f) => out.push({ ...f, code: 'certsd/test-rule', severity: f.severity ?? 'warning' });
const seen = (path: string): Finding => ({ code: 'certsd/test-rule', severity: 'warning', path, range: ZERO_RANGE, summary: 'seen', message: 'seen' });

describe('the rule guard', () => {
  const makeTree = tempTrees();
  let root: CertsdRoot;
  let host: CertsdRoot['hosts'][number];
  const file = (name: string) => `${host.path}/${name}`;

  before(() => {
    const t = makeTree({ 'certs.d': { 'reg.example.com': { 'a.crt': 'a', 'b1.crt': 'b', 'b2.crt': 'b', 'b3.crt': 'b', 'b4.crt': 'b', 'b5.crt': 'b', 'b6.crt': 'b', 'c.crt': 'c' } } });
    root = readRoot(nodeFileSystem, t.path('certs.d'), 'docker', { engineFromPath: false, misnamed: false });
    host = root.hosts[0];
  });

  function ctx(): Omit<HostContext, 'report'> {
    // The rules below read only the folder's entries.
    return { root, host, engine: 'docker', loader: 'docker', actor: 'Docker', load: undefined as never, cache: undefined as never, settings: undefined as never };
  }

  /** A rule that reports each entry in order and throws `fail(name)` on the entries it names. */
  function rule(fail: (name: string) => unknown): HostRule {
    return {
      code: 'certsd/test-rule',
      severity: 'warning',
      scope: 'host',
      engines: ['docker'],
      description: 'test',
      check({ host: h, report }) {
        for (const e of h.entries) {
          const err = fail(e.name);
          if (err) throw err;
          report({ path: e.path, range: ZERO_RANGE, summary: 'seen', message: 'seen' });
        }
      },
    };
  }

  describe('describeInternalError', () => {
    it('the kind and message of an Error, of the cause of a FileCheckError; anything else as a string', () => {
      assert.equal(describeInternalError(new TypeError('boom')), 'TypeError: boom');
      assert.equal(describeInternalError(new FileCheckError('/x', 'parse this certificate', new RangeError('offset'))), 'RangeError: offset');
      assert.equal(describeInternalError(new FileCheckError('/x', 'parse this certificate', 'raw text')), 'raw text');
      assert.equal(describeInternalError(42), '42');
      assert.equal(describeInternalError(undefined), 'undefined');
    });

    it('the first line only, control characters escaped', () => {
      assert.equal(describeInternalError(new Error('first line\n-----BEGIN PRIVATE KEY-----')), 'Error: first line');
      assert.equal(describeInternalError(new Error('a\tb\u001b[31m')), 'Error: a\\tb\\x1b[31m');
    });

    it('160 characters at most: longer ends in "..." at 157', () => {
      const exactly = 'x'.repeat(160 - 'Error: '.length);
      assert.equal(describeInternalError(new Error(exactly)), `Error: ${exactly}`);
      const over = `Error: ${exactly}y`;
      assert.equal(describeInternalError(new Error(`${exactly}y`)), `${over.slice(0, 157)}...`);
      assert.equal(describeInternalError(new Error(`${exactly}y`)).length, 160);
    });
  });

  describe('internalErrorFinding', () => {
    it('on the file a FileCheckError names, saying what certsd could not do', () => {
      const e = new FileCheckError('/r/h/x.crt', 'parse this certificate', new TypeError('bad'));
      assert.deepEqual(internalErrorFinding('certsd/x check', e, '/r/h', '/r/h'), internal('/r/h/x.crt', onFile('parse this certificate', 'TypeError: bad', 'certsd/x check'), '/r/h'));
    });

    it('else where the rule ran', () => {
      assert.deepEqual(internalErrorFinding('certsd/x check', new Error('oops'), '/r'), internal('/r', onRule('certsd/x check', 'Error: oops')));
    });
  });

  describe('runHostRuleGuarded', () => {
    it('a throw on one file: that file set aside, the rule run again without it; the failed try\'s findings dropped', () => {
      const out: Finding[] = [];
      runHostRuleGuarded(rule((n) => n === 'b1.crt' && new FileCheckError(file('b1.crt'), 'read this file', new TypeError('t'))), ctx(), out, into);
      const rest = ['a.crt', 'b2.crt', 'b3.crt', 'b4.crt', 'b5.crt', 'b6.crt', 'c.crt'];
      assert.deepEqual(out, [...rest.map((n) => seen(file(n))), internal(file('b1.crt'), onFile('read this file', 'TypeError: t', 'certsd/test-rule check'), host.path)]);
    });

    it('four files set aside at most: the fifth ends the rule, with what that try found', () => {
      const out: Finding[] = [];
      runHostRuleGuarded(rule((n) => n.startsWith('b') && new FileCheckError(file(n), 'read this file', new TypeError(n))), ctx(), out, into);
      const on = (n: string) => internal(file(n), onFile('read this file', `TypeError: ${n}`, 'certsd/test-rule check'), host.path);
      assert.deepEqual(out, [seen(file('a.crt')), on('b5.crt'), on('b1.crt'), on('b2.crt'), on('b3.crt'), on('b4.crt')]);
    });

    it('any other throw: one finding on the folder, after what the rule found before it', () => {
      const out: Finding[] = [];
      runHostRuleGuarded(rule((n) => n === 'b1.crt' && new TypeError('not a file error')), ctx(), out, into);
      assert.deepEqual(out, [seen(file('a.crt')), internal(host.path, onRule('certsd/test-rule check', 'TypeError: not a file error'), host.path)]);
    });

    it('a file that fails again once set aside (read by path, not from the listing): one finding for it, not two', () => {
      const bad = file('hosts.toml');
      const reads: HostRule = {
        ...rule(() => undefined),
        check({ host: h, report }) {
          report({ path: h.path, range: ZERO_RANGE, summary: 'seen', message: 'seen' });
          throw new FileCheckError(bad, 'read this file', new TypeError('again'));
        },
      };
      const out: Finding[] = [];
      runHostRuleGuarded(reads, ctx(), out, into);
      assert.deepEqual(out, [seen(host.path), internal(bad, onFile('read this file', 'TypeError: again', 'certsd/test-rule check'), host.path)]);
    });

    it('a rule that does not throw: its findings as reported', () => {
      const out: Finding[] = [seen('/before')];
      runHostRuleGuarded(rule(() => undefined), ctx(), out, into);
      assert.deepEqual(out.map((f) => f.path), ['/before', ...host.entries.map((e) => e.path)]);
    });
  });

  describe('runRootRuleGuarded', () => {
    const rootRule = (err: unknown): RootRule => ({
      code: 'certsd/test-root',
      severity: 'warning',
      scope: 'root',
      engines: ['docker'],
      description: 'test',
      check({ report }) {
        report({ path: '/seen', range: ZERO_RANGE, summary: 'seen', message: 'seen' });
        if (err) throw err;
      },
    });
    const rootCtx = (out: Finding[]): RootContext => ({ root, engine: 'docker', cache: undefined as never, settings: undefined as never, report: into(out) });

    it('a throw: on the root, or on the file a FileCheckError names; what the rule reported stays', () => {
      const out: Finding[] = [];
      runRootRuleGuarded(rootRule(new RangeError('r')), rootCtx(out), out);
      runRootRuleGuarded(rootRule(new FileCheckError('/r/x', 'list this folder', 'EIO')), rootCtx(out), out);
      runRootRuleGuarded(rootRule(undefined), rootCtx(out), out);
      assert.deepEqual(out, [
        seen('/seen'),
        internal(root.path, onRule('certsd/test-root check', 'RangeError: r')),
        seen('/seen'),
        internal('/r/x', onFile('list this folder', 'EIO', 'certsd/test-root check')),
        seen('/seen'),
      ]);
    });
  });

  describe('failedHostCheck', () => {
    it('no verdict: a load that failed with certsd\'s reason, and one finding on the file met', () => {
      const release = defaultRelease('docker');
      const base = { root: root.path, name: host.name, path: host.path, engine: 'docker' as const, release };
      const e = new FileCheckError(file('a.crt'), 'read this file', new TypeError('gone'));
      assert.deepEqual(failedHostCheck(root, host, base, e), {
        dir: host,
        report: {
          ...base,
          load: {
            engine: 'docker',
            ok: false,
            error: 'certsd could not work out what docker does with this folder (TypeError: gone)',
            errors: [],
            caRoots: 0,
            ignoredCaFiles: 0,
            clientPairs: 0,
            systemRoots: false,
            caFiles: [],
            pairs: [],
            caCertificates: [],
            clientCertificates: [],
            hostsToml: false,
          },
        },
        findings: [internal(file('a.crt'), onFile('read this file', 'TypeError: gone', 'simulation of the engine'), host.path)],
      });
    });
  });
});
