/**
 * The code lens's verdict (server/src/core/lensVerdict.ts) on HostCheck objects built here: at most
 * MAX_LENS_VERDICT characters, cut at a word with an ellipsis, led by an unusable CA, Docker's pull
 * and login said apart only when they differ. Expected titles are worked out from the doc comments.
 */
import * as assert from 'node:assert/strict';
import type { HostCheck, HostReport } from '../../server/src/core/check';
import { LoadResult } from '../../server/src/core/engines/result';
import { defaultRelease } from '../../server/src/core/engines/releases';
import { Finding, Severity, ZERO_RANGE } from '../../server/src/core/findings';
import { fitVerdict, lensVerdict, MAX_LENS_VERDICT } from '../../server/src/core/lensVerdict';
import { Engine } from '../../server/src/core/tree';

const DIR = '/etc/docker/certs.d/reg.example.com';

function load(o: Partial<LoadResult> = {}): LoadResult {
  return { engine: 'docker', ok: true, errors: [], caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, systemRoots: false, caFiles: [], pairs: [], caCertificates: [], clientCertificates: [], hostsToml: false, ...o };
}

function check(o: Partial<HostReport> = {}, findings: Finding[] = []): HostCheck {
  const engine: Engine = o.engine ?? 'docker';
  const report: HostReport = { root: '/etc/docker/certs.d', name: 'reg.example.com', path: DIR, engine, release: defaultRelease(engine), load: load({ engine }), ...o };
  return { dir: { root: report.root, name: report.name, path: DIR, entries: [] }, report, findings };
}

function finding(code: string, file: string, severity: Severity = 'error'): Finding {
  return { code, severity, path: `${DIR}/${file}`, range: ZERO_RANGE, summary: code, message: code, hostPath: DIR };
}

/** Loads whose verdict is long: `3 CA roots + system roots (2 .crt files ignored), 2 client certificates`. */
const LONG = { systemRoots: true, caRoots: 3, ignoredCaFiles: 2, clientPairs: 2 };
const LONG_TITLE = (engine: string) => `${engine}: 3 CA roots + system roots (2 .crt files ignored)…`;
const failing = (file: string) => load({ ok: false, error: `open ${DIR}/${file}: permission denied`, errors: [{ kind: 'read', message: 'permission denied', path: `${DIR}/${file}` }] });

describe('fitVerdict: cut at a word, with an ellipsis', () => {
  it('a text of at most max characters stays whole', () => {
    assert.equal(fitVerdict('aaaa bbbb cccc dddd!', 20), 'aaaa bbbb cccc dddd!');
    assert.equal(fitVerdict('x'.repeat(MAX_LENS_VERDICT)), 'x'.repeat(MAX_LENS_VERDICT));
  });

  it('cut at the last space of the first max - 1 characters', () => {
    assert.equal(fitVerdict('aaaa bbbb cccc dddd!x', 20), 'aaaa bbbb cccc…');
    assert.equal(fitVerdict('aaaa bbbb cccc dddd eeee', 20), 'aaaa bbbb cccc…');
  });

  it('a space at half of max still cuts there; before it, the text is cut mid-word', () => {
    assert.equal(fitVerdict('aaaaaaaaaa bbbbbbbbbbbb', 20), 'aaaaaaaaaa…');
    assert.equal(fitVerdict('aaa bbbbbbbbbbbbbbbbbbbb', 20), 'aaa bbbbbbbbbbbbbbb…');
    assert.equal(fitVerdict('a'.repeat(30), 20), `${'a'.repeat(19)}…`);
  });

  it('separators before the cut are dropped, only at the end', () => {
    assert.equal(fitVerdict('aaaa bbbb cccc, -- dddd', 20), 'aaaa bbbb cccc…');
    assert.equal(fitVerdict('aa: bb; cc | dd, ee - ff gg', 20), 'aa: bb; cc | dd…');
  });
});

describe('lensVerdict', () => {
  it('an unusable CA leads, whatever the counts say; the tooltip keeps the whole verdict', () => {
    const ok = load({ systemRoots: true, caRoots: 1 });
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/expired', 'ca.crt')])), { title: 'Docker: fails - CA ca.crt has expired', tooltip: 'Docker: 1 CA root + system roots' });
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/not-yet-valid', 'ca.crt')])), { title: 'Docker: fails - CA ca.crt is not valid yet', tooltip: 'Docker: 1 CA root + system roots' });
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/ca-unusable', 'ca.crt')])), { title: 'Docker: fails - CA ca.crt is unusable', tooltip: 'Docker: 1 CA root + system roots' });
  });

  it('not for a warning, another code, or a file that is no CA', () => {
    const ok = load({ systemRoots: true, caRoots: 1 });
    const plain = { title: 'Docker: 1 CA root + system roots', tooltip: 'Docker: 1 CA root + system roots' };
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/expired', 'ca.crt', 'warning')])), plain);
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/expiring', 'ca.crt')])), plain);
    assert.deepEqual(lensVerdict(check({ load: ok }, [finding('certsd/expired', 'client.cert')])), plain);
  });

  it('a long working verdict is cut to fit', () => {
    const tooltip = 'Docker: 3 CA roots + system roots (2 .crt files ignored), 2 client certificates';
    assert.deepEqual(lensVerdict(check({ load: load(LONG) })), { title: LONG_TITLE('Docker'), tooltip });
  });

  it('a failing load: the whole verdict when it fits (60 characters), else the file it fails on', () => {
    const error = 'x'.repeat(MAX_LENS_VERDICT - 'Docker: fails - '.length);
    assert.deepEqual(lensVerdict(check({ load: load({ ok: false, error }) })), { title: `Docker: fails - ${error}`, tooltip: `Docker: fails - ${error}` });
    const tooltip = `Docker: fails - open ${DIR}/client.key: permission denied`;
    assert.deepEqual(lensVerdict(check({ load: failing('client.key') })), { title: 'Docker: fails on client.key (see Problems)', tooltip });
  });

  it('a failing load with no file: fails on the folder', () => {
    const error = 'y'.repeat(MAX_LENS_VERDICT);
    assert.deepEqual(lensVerdict(check({ load: load({ ok: false, error }) })), { title: 'Docker: fails on the folder (see Problems)', tooltip: `Docker: fails - ${error}` });
  });

  it('a file name too long for "(see Problems)": without it, else cut', () => {
    const name40 = `${'k'.repeat(36)}.key`;
    assert.equal(lensVerdict(check({ load: failing(name40) })).title, `Docker: fails on ${name40}`);
    const name50 = `${'k'.repeat(46)}.key`;
    assert.equal(lensVerdict(check({ load: failing(name50) })).title, `Docker: fails on ${'k'.repeat(42)}…`);
  });

  it('a decoded hosts.toml, shortened', () => {
    const hostsToml = load({ engine: 'containerd', hostsToml: true });
    assert.deepEqual(lensVerdict(check({ engine: 'containerd', load: hostsToml })), { title: 'containerd: uses hosts.toml (loose files not loaded)', tooltip: 'containerd: uses hosts.toml (loose certificate files are not loaded)' });
  });

  describe('Docker with the containerd image store: pull and login', () => {
    const store = { store: 'containerd' as const, assumed: false };

    it('said apart in brief when they differ and the whole verdict is too long', () => {
      const pulls = load({ engine: 'containerd', hostsToml: true });
      const v = lensVerdict(check({ load: pulls, login: failing('client.key'), dockerStore: store }));
      assert.deepEqual(v, { title: 'Docker pull: works | docker login: fails on client.key', tooltip: `Docker pull: uses hosts.toml (loose certificate files are not loaded) | docker login: fails - open ${DIR}/client.key: permission denied` });
    });

    it('the whole verdict when it fits', () => {
      const tooltip = 'Docker pull: system roots only | docker login: fails - EOF';
      assert.deepEqual(lensVerdict(check({ load: load({ engine: 'containerd' }), login: load({ ok: false, error: 'EOF' }), dockerStore: store })), { title: tooltip, tooltip });
      const long = 'Docker pull: system roots only | docker login: 1 CA root + system roots';
      assert.deepEqual(lensVerdict(check({ load: load({ engine: 'containerd' }), login: load({ systemRoots: true, caRoots: 1 }), dockerStore: store })), { title: 'Docker pull: works | docker login: works', tooltip: long });
    });

    it('one verdict when login reads the folder the same way, or no split applies', () => {
      const other = failing('client.key');
      assert.equal(lensVerdict(check({ load: load(LONG), login: load(LONG), dockerStore: store })).title, LONG_TITLE('Docker'));
      assert.equal(lensVerdict(check({ load: load(LONG), dockerStore: store })).title, LONG_TITLE('Docker'));
      assert.equal(lensVerdict(check({ load: load(LONG), login: other, dockerStore: { store: 'graphdriver', assumed: false } })).title, LONG_TITLE('Docker'));
      assert.equal(lensVerdict(check({ load: load(LONG), login: other })).title, LONG_TITLE('Docker'));
      assert.equal(lensVerdict(check({ engine: 'podman', load: load({ engine: 'podman', ...LONG }), login: other, dockerStore: store })).title, LONG_TITLE('Podman'));
    });
  });
});
