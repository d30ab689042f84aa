/**
 * core/actions.ts on host folders written out by hand: which files are CA files (the loader's own
 * lists, hosts.toml's `ca`, a .crt), what each finding asks for (remedyOf), what stands in the way
 * of generating a client pair, and the exact actions offered on a file. test/unit/actions.test.ts
 * checks that the actions agree with the findings over generated trees; this file pins each action
 * itself (its kind, path, title and sentence).
 */
import * as assert from 'node:assert/strict';
import { generateBlocked, isCaFile, offeredActions, remedyOf } from '../../server/src/core/actions';
import type { HostCheck } from '../../server/src/core/check';
import { emptyResult, LoadResult, TomlHostLoad } from '../../server/src/core/engines/result';
import { Finding, Fix, Severity, ZERO_RANGE } from '../../server/src/core/findings';
import { HostEntry } from '../../server/src/core/tree';

const H = '/r/certs.d/reg.example.com';

const entry = (name: string, type: HostEntry['type'] = 'file'): HostEntry => ({ name, path: `${H}/${name}`, type });

function finding(code: string, file: string, severity: Severity = 'warning', fixes?: Fix[], message = `${code} on ${file}`): Finding {
  return { code, severity, path: file === '' ? H : `${H}/${file}`, range: ZERO_RANGE, summary: message, message, hostPath: H, ...(fixes ? { fixes } : {}) };
}

function host(names: string[], findings: Finding[] = [], load: Partial<LoadResult> = {}, login?: Partial<LoadResult>): HostCheck {
  const entries = names.map((n) => (n.endsWith('/') ? entry(n.slice(0, -1), 'directory') : entry(n)));
  return {
    dir: { root: '/r/certs.d', name: 'reg.example.com', path: H, entries },
    report: {
      root: '/r/certs.d',
      name: 'reg.example.com',
      path: H,
      engine: 'docker',
      release: { engine: 'docker', release: '29', source: '', go: '1.26', harness: '' },
      load: { ...emptyResult('docker'), ...load },
      ...(login ? { login: { ...emptyResult('docker'), ...login } } : {}),
    },
    findings,
  };
}

const caFile = (name: string) => ({ entry: entry(name), added: 1 });
const tomlHost = (caCerts?: string[]): TomlHostLoad => ({ host: { ...(caCerts ? { caCerts } : {}) } as TomlHostLoad['host'], systemRoots: false, caCertificates: [], clientCertificates: [] });

describe('core/actions: isCaFile', () => {
  it('a file the pull loader takes CAs from, whatever its name; not the other files', () => {
    const h = host(['a.pem', 'b.pem', 'client.cert'], [], { caFiles: [caFile('a.pem'), caFile('b.pem')] });
    assert.deepEqual(
      ['a.pem', 'b.pem', 'client.cert', 'c.pem'].map((n) => isCaFile(h, `${H}/${n}`)),
      [true, true, false, false],
    );
  });

  it("a file only `docker login`'s loader takes CAs from", () => {
    const h = host(['login.pem'], [], {}, { caFiles: [caFile('login.pem')] });
    assert.equal(isCaFile(h, `${H}/login.pem`), true);
    assert.equal(isCaFile(h, `${H}/other.pem`), false);
  });

  it("a hosts.toml host's `ca`, a host without `ca` before it", () => {
    const h = host(['hosts.toml'], [], { hostsToml: true, tomlHosts: [tomlHost(), tomlHost([`${H}/mirror-ca.pem`])] });
    assert.equal(isCaFile(h, `${H}/mirror-ca.pem`), true);
    assert.equal(isCaFile(h, `${H}/client.cert`), false);
  });

  it('any .crt, even one no loader got to (the load stopped before it)', () => {
    const h = host(['z.crt']);
    assert.deepEqual(
      [`${H}/z.crt`, `${H}/z.crt.bak`, `${H}/.crtz`].map((p) => isCaFile(h, p)),
      [true, false, false],
    );
  });
});

describe('core/actions: remedyOf', () => {
  it('an expired or not yet valid CA needs a new CA; an expired or not yet valid client certificate a new pair', () => {
    const h = host(['ca.crt', 'client.cert', 'client.key']);
    assert.deepEqual(
      [
        finding('certsd/expired', 'ca.crt', 'error'),
        finding('certsd/not-yet-valid', 'ca.crt', 'error'),
        finding('certsd/expired', 'client.cert', 'error'),
        finding('certsd/not-yet-valid', 'client.cert', 'error'),
        finding('certsd/expiring', 'client.cert'),
      ].map((f) => remedyOf(h, f)),
      ['replace-ca', 'replace-ca', 'generate', 'generate', 'aside'],
    );
  });

  it('a rule without a remedy of its own is something to repair', () => {
    assert.equal(remedyOf(host([]), finding('certsd/some-new-rule', 'x')), 'repair');
  });

  it('advice whose fix renames, converts or moves the file is a rename; other fixes leave it aside', () => {
    const h = host(['ca.pem']);
    const rename: Fix = { kind: 'rename', title: 'Rename', from: `${H}/ca.pem`, to: `${H}/ca.crt` };
    const convert: Fix = { kind: 'der-to-pem', title: 'Convert', path: `${H}/ca.der`, to: `${H}/ca.crt` };
    const move: Fix = { kind: 'move', title: 'Move', from: `${H}/ca.pem`, folders: ['/r/certs.d/other'] };
    const del: Fix = { kind: 'delete', title: 'Delete', path: `${H}/ca.pem` };
    const cases: [Fix[] | undefined, string][] = [
      [[rename], 'rename'],
      [[convert], 'rename'],
      [[move], 'rename'],
      [[del, rename], 'rename'],
      [[del], 'aside'],
      [[], 'aside'],
      [undefined, 'aside'],
    ];
    assert.deepEqual(
      cases.map(([fixes]) => remedyOf(h, finding('certsd/weak-key', 'ca.pem', 'information', fixes))),
      cases.map(([, want]) => want),
    );
  });

  it("a rename fix does not change a remedy that is not advice", () => {
    const rename: Fix = { kind: 'rename', title: 'Rename', from: `${H}/a`, to: `${H}/b` };
    assert.equal(remedyOf(host([]), finding('certsd/bom', 'ca.crt', 'error', [rename])), 'repair');
    assert.equal(remedyOf(host([]), finding('certsd/server-key', 'server.key', 'warning', [rename])), 'delete');
  });
});

describe('core/actions: generateBlocked', () => {
  it('a finding that is only information blocks generating on its own file, not in the rest of the folder', () => {
    const f = finding('certsd/der-original', 'ca.cer', 'information');
    const h = host(['ca.cer', 'ca.crt'], [f]);
    assert.equal(generateBlocked(h, H), undefined);
    assert.equal(generateBlocked(h, `${H}/ca.crt`), undefined);
    assert.equal(generateBlocked(h, `${H}/ca.cer`), f);
  });

  it('a warning whose fix is something else blocks generating anywhere in the folder; advice does not', () => {
    const rename = finding('certsd/ignored-extension', 'ca.pem', 'warning');
    assert.equal(generateBlocked(host(['ca.pem'], [rename]), H), rename);
    assert.equal(generateBlocked(host(['ca.crt'], [finding('certsd/weak-key', 'ca.crt', 'warning')]), H), undefined);
  });
});

describe('core/actions: offeredActions', () => {
  it("a server's private key: delete it (with why) or move it out; nothing is generated beside it", () => {
    const h = host(['ca.crt', 'server.key'], [finding('certsd/server-key', 'server.key', 'warning')]);
    assert.deepEqual(offeredActions(h, `${H}/server.key`), [
      {
        kind: 'delete',
        path: `${H}/server.key`,
        title: 'Delete server.key',
        why: "server.key is a private key the clients never need (a copy of the registry's own key): it should not be on this machine.",
      },
      { kind: 'move-out', path: `${H}/server.key`, title: 'Move server.key out of certs.d' },
    ]);
    assert.deepEqual(offeredActions(h, `${H}/ca.crt`), []);
    assert.deepEqual(offeredActions(h, H), []);
  });

  it("a DER original beside its PEM twin: delete it, the finding's message saying why; no move", () => {
    const message = 'ca.cer is a DER copy of ca.crt: the engine reads only ca.crt, this one can go.';
    const h = host(['ca.cer', 'ca.crt'], [finding('certsd/der-original', 'ca.cer', 'information', undefined, message)]);
    assert.deepEqual(offeredActions(h, `${H}/ca.cer`), [{ kind: 'delete', path: `${H}/ca.cer`, title: 'Delete ca.cer', why: message }]);
  });

  it('two findings that ask to delete the same file: one delete, one move', () => {
    const h = host(['server.key'], [finding('certsd/server-key', 'server.key', 'warning'), finding('certsd/server-key', 'server.key', 'error')]);
    assert.deepEqual(
      offeredActions(h, `${H}/server.key`).map((a) => a.kind),
      ['delete', 'move-out'],
    );
  });

  it('a finding that is not a deletion offers no delete, and its der-to-pem fix the conversion', () => {
    const convert: Fix = { kind: 'der-to-pem', title: 'Convert', path: `${H}/ca.der`, to: `${H}/ca.crt` };
    const h = host(['ca.der'], [finding('certsd/ignored-extension', 'ca.der', 'warning', [convert]), finding('certsd/ignored-extension', 'ca.der', 'warning', [convert])]);
    assert.deepEqual(offeredActions(h, `${H}/ca.der`), [{ kind: 'convert-der-to-pem', path: `${H}/ca.der` }]);
  });

  it('a folder with a CA and nothing in the way: a client pair on the folder and its files; a lone key gets its certificate', () => {
    const h = host(['ca.crt', 'client.key', 'sub/']);
    assert.deepEqual(offeredActions(h, H), [{ kind: 'generate-client-pair', hostPath: H }]);
    assert.deepEqual(offeredActions(h, `${H}/ca.crt`), [{ kind: 'generate-client-pair', hostPath: H }]);
    assert.deepEqual(offeredActions(h, `${H}/client.key`), [
      { kind: 'generate-client-pair', hostPath: H },
      { kind: 'generate-certificate-for-key', keyPath: `${H}/client.key` },
    ]);
  });

  it('a folder whose pairs are all complete offers no pair; a key whose certificate is there none either', () => {
    const h = host(['ca.crt', 'client.cert', 'client.key']);
    assert.deepEqual(offeredActions(h, `${H}/client.key`), []);
    const half = host(['ca.crt', 'a.cert', 'a.key', 'b.cert']);
    assert.deepEqual(offeredActions(half, H), [{ kind: 'generate-client-pair', hostPath: H }]);
  });

  it("each finding's own action on one file: the delete, the move, then the conversion", () => {
    const convert: Fix = { kind: 'der-to-pem', title: 'Convert', path: `${H}/ca.der`, to: `${H}/ca.crt` };
    const h = host(['ca.der'], [finding('certsd/server-key', 'ca.der', 'warning'), finding('certsd/ignored-extension', 'ca.der', 'warning', [convert])]);
    assert.deepEqual(
      offeredActions(h, `${H}/ca.der`).map((a) => a.kind),
      ['delete', 'move-out', 'convert-der-to-pem'],
    );
  });

  it('sub-folders named like a certificate do not count as one; a key in a sub-folder gets no certificate of its own', () => {
    const h = host(['ca.crt', 'client.cert/', 'client.key', 'sub/']);
    assert.deepEqual(offeredActions(h, `${H}/client.key`), [
      { kind: 'generate-client-pair', hostPath: H },
      { kind: 'generate-certificate-for-key', keyPath: `${H}/client.key` },
    ]);
    assert.deepEqual(offeredActions(h, `${H}/sub/other.key`), [{ kind: 'generate-client-pair', hostPath: H }]);
  });

  it('nothing is generated into a folder containerd reads through hosts.toml', () => {
    const h = host(['ca.crt', 'hosts.toml'], [], { hostsToml: true });
    assert.deepEqual(offeredActions(h, H), []);
  });
});
