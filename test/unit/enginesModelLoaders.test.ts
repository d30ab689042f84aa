/**
 * The loaders (core/engines/containerd.ts, dockerLike.ts, result.ts), the parts engines.test.ts
 * leaves out: the pool as Go's CertPool keeps it (a certificate once, however many files hold it),
 * each hosts.toml host's own pool and client leaves (updateTLSConfigFromHost), the http -> https
 * upgrade of a host with TLS settings (ConfigureHosts, not on port 80), containerd's client pairs
 * without a key (the key read from the certificate file, spec K1), folders and hosts.toml it cannot
 * read (spec P7), and what a failed load keeps. Certificates are made at test time (helpers/pki).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { Engine } from '../../server/src/core/tree';
import { checkTree, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import { bundle, pkcs8Pem } from '../helpers/pki';
import { dir, symlink, tempTrees, TempTree, TreeSpec } from '../helpers/tree';

const sha = (der: Buffer) => createHash('sha256').update(der).digest('hex');

/** The real file system, except that reading these paths (folders or files) fails with `code`. */
function failing(paths: string[], code: string): (t: TempTree) => FileSystemView {
  return (t) => {
    const set = new Set(paths.map((p) => t.path('certs.d', REGISTRY, ...p.split('/').filter(Boolean))));
    const check = (p: string) => {
      if (set.has(p)) throw new FsError(code, p);
    };
    return {
      readDir: (d) => (check(d), nodeFileSystem.readDir(d)),
      readFile: (p) => (check(p), nodeFileSystem.readFile(p)),
      stat: (p) => nodeFileSystem.stat(p),
    };
  };
}

describe('engines model: loaders', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });
  const run = (files: TreeSpec, engine: Engine, o: TreeRunOptions = {}): TreeRun => checkTree(makeTree, { [REGISTRY]: files }, engine, o);

  describe('the pool (x509.CertPool.AddCert)', () => {
    for (const engine of ['docker', 'podman', 'containerd'] as Engine[]) {
      it(`${engine}: the same CA in two files is in the pool once; both files count`, () => {
        const { load } = run({ 'a.crt': pki.ca.pem, 'b.crt': bundle(pki.ca, pki.server) }, engine);
        assert.deepEqual(
          { ok: load.ok, caRoots: load.caRoots, ignored: load.ignoredCaFiles, pool: load.caCertificates, files: load.caFiles.map((f) => [f.entry.name, f.added]) },
          { ok: true, caRoots: 2, ignored: 0, pool: [sha(pki.ca.der), sha(pki.server.der)], files: [['a.crt', 1], ['b.crt', 2]] },
        );
      });
    }

    it('the client leaves, in order, one per pair', () => {
      const { load } = run({ 'a.cert': pki.client.pem, 'a.key': pkcs8Pem(pki.client.key) }, 'docker');
      assert.deepEqual({ pairs: load.clientPairs, leaves: load.clientCertificates }, { pairs: 1, leaves: [sha(pki.client.der)] });
    });
  });

  describe('a failed load', () => {
    it('keeps what it looked at, and nothing in the pool', () => {
      const { load } = run({ 'a.crt': pki.ca.pem, 'b.cert': pki.client.pem, 'b.key': pkcs8Pem(pki.client.key), 'c.key': pkcs8Pem(pki.client.key) }, 'docker');
      assert.deepEqual(
        { ok: load.ok, error: load.error, caRoots: load.caRoots, pairs: load.clientPairs, pool: load.caCertificates, leaves: load.clientCertificates, files: load.caFiles.length, looked: load.pairs.length, sys: load.systemRoots },
        { ok: false, error: 'missing client certificate c.cert for key c.key', caRoots: 0, pairs: 0, pool: [], leaves: [], files: 1, looked: 1, sys: true },
      );
    });
  });

  describe('docker and podman', () => {
    it('a host folder that does not exist: nothing loaded, no error', () => {
      for (const engine of ['docker', 'podman'] as Engine[]) {
        const { load } = run({}, engine, { fs: failing(['/'], 'ENOENT') });
        assert.deepEqual({ ok: load.ok, errors: load.errors, sys: load.systemRoots }, { ok: true, errors: [], sys: false });
      }
    });

    it('podman skips a folder it may not read (EACCES or EPERM); docker fails', () => {
      for (const code of ['EACCES', 'EPERM']) {
        assert.deepEqual(run({ 'ca.crt': pki.ca.pem }, 'podman', { fs: failing(['/'], code) }).load.errors, []);
      }
      const r = run({ 'ca.crt': pki.ca.pem }, 'docker', { fs: failing(['/'], 'EPERM') });
      assert.deepEqual(r.load.errors, [{ kind: 'read-dir', message: `open ${r.tree.path('certs.d', REGISTRY)}: operation not permitted`, path: r.tree.path('certs.d', REGISTRY) }]);
    });

    it('podman fails on a folder that is unreadable for another reason', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'podman', { fs: failing(['/'], 'EIO') });
      assert.equal(r.load.ok, false);
      assert.equal(r.load.errors[0].kind, 'read-dir');
    });

    it('an unreadable .cert is the error, blamed on the .cert (read before the key)', () => {
      const r = run({ 'a.cert': pki.client.pem, 'a.key': pkcs8Pem(pki.client.key) }, 'podman', { fs: failing(['a.cert', 'a.key'], 'EACCES') });
      assert.deepEqual(r.load.errors, [{ kind: 'read', message: `open ${r.file('a.cert')}: permission denied`, path: r.file('a.cert') }]);
    });

    it('a pair whose key does not match: blamed on the key file', () => {
      const r = run({ 'a.cert': pki.client.pem, 'a.key': pkcs8Pem(pki.server.key) }, 'docker');
      assert.deepEqual(r.load.errors, [{ kind: 'key-pair', message: 'tls: private key does not match public key', path: r.file('a.key') }]);
      assert.deepEqual(r.load.pairs.map((p) => [p.cert.name, p.keyPath, p.ok]), [['a.cert', r.file('a.key'), false]]);
    });

    it('a .cert holding no certificate: blamed on the .cert', () => {
      const r = run({ 'a.cert': pkcs8Pem(pki.client.key), 'a.key': pkcs8Pem(pki.client.key) }, 'docker');
      assert.deepEqual(r.load.errors, [
        { kind: 'key-pair', message: 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched', path: r.file('a.cert') },
      ]);
    });
  });

  describe('containerd without hosts.toml', () => {
    it('a .cert without its .key: the key is read from the .cert (K1), blamed on the .cert', () => {
      const r = run({ 'client.cert': pki.client.pem }, 'containerd');
      assert.deepEqual(r.load.errors, [
        { kind: 'key-pair', message: 'failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key', path: r.file('client.cert') },
      ]);
      assert.deepEqual(r.load.pairs.map((p) => [p.cert.name, p.keyPath]), [['client.cert', undefined]]);
    });

    it('a .cert holding certificate and key works alone', () => {
      const r = run({ 'client.cert': pki.client.pem + pkcs8Pem(pki.client.key) }, 'containerd');
      assert.deepEqual({ ok: r.load.ok, pairs: r.load.clientPairs, leaves: r.load.clientCertificates, sys: r.load.systemRoots }, { ok: true, pairs: 1, leaves: [sha(pki.client.der)], sys: false });
    });

    it('a .key it may not read exists for os.Stat: the pair then fails on reading it', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, 'containerd', { fs: failing(['client.key'], 'EACCES') });
      assert.deepEqual(r.load.errors, [{ kind: 'read', message: `unable to read CERT file "${r.file('client.key')}": open ${r.file('client.key')}: permission denied`, path: r.file('client.key') }]);
    });

    it('a folder named *.crt is skipped; a .crt without certificates is an error', () => {
      const r = run({ 'sub.crt': dir({}), 'bad.crt': 'junk\n', 'ca.crt': pki.ca.pem }, 'containerd');
      assert.deepEqual(r.load.errors, [{ kind: 'ca-unusable', message: `unable to load CA cert "${r.file('bad.crt')}"`, path: r.file('bad.crt') }]);
      assert.deepEqual(r.load.caFiles.map((f) => [f.entry.name, f.added]), [['bad.crt', 0], ['ca.crt', 1]]);
    });

    it('a host folder it may not enter fails on hosts.toml; another error on the folder itself', () => {
      const r = run({}, 'containerd', { fs: failing(['/'], 'EPERM') });
      assert.deepEqual(r.load.errors, [{ kind: 'read-dir', message: `open ${r.tree.path('certs.d', REGISTRY)}: operation not permitted`, path: r.tree.path('certs.d', REGISTRY) }]);
      assert.deepEqual(run({}, 'containerd', { fs: failing(['/'], 'ENOENT') }).load.errors, []);
    });

    it('a hosts.toml it cannot read fails the lookup', () => {
      const r = run({ 'hosts.toml': 'server = "https://r"\n', 'ca.crt': pki.ca.pem }, 'containerd', { fs: failing(['hosts.toml'], 'EACCES') });
      assert.deepEqual({ ok: r.load.ok, errors: r.load.errors, toml: r.load.hostsToml }, { ok: false, errors: [{ kind: 'read', message: `open ${r.file('hosts.toml')}: permission denied`, path: r.file('hosts.toml') }], toml: false });
    });

    it('a hosts.toml that is a folder fails the lookup too (read: is a directory)', () => {
      const r = run({ 'hosts.toml': dir({}), 'ca.crt': pki.ca.pem }, 'containerd');
      assert.deepEqual(r.load.errors, [{ kind: 'read', message: `read ${r.file('hosts.toml')}: is a directory`, path: r.file('hosts.toml') }]);
    });

    it('a hosts.toml that does not decode: the error and where, then the loose files', () => {
      const { load } = run({ 'hosts.toml': '\nca = 5\n', 'ca.crt': pki.ca.pem }, 'containerd');
      assert.deepEqual(
        { ok: load.ok, toml: load.hostsToml, error: load.hostsTomlError, range: load.hostsTomlErrorRange, caRoots: load.caRoots, dialect: load.hostsTomlDialect?.line },
        { ok: true, toml: false, error: 'invalid type 5 for "ca"', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, caRoots: 1, dialect: '2.4' },
      );
    });
  });

  describe('containerd: more of updateTLSConfigFromHost and loadHostDir', () => {
    it('an unreadable CA file is one error, not also an unusable one', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'containerd', { fs: failing(['ca.crt'], 'EACCES') });
      assert.deepEqual(r.load.errors, [{ kind: 'read', message: `unable to read CA cert "${r.file('ca.crt')}": open ${r.file('ca.crt')}: permission denied`, path: r.file('ca.crt') }]);
      assert.deepEqual(r.load.caFiles, []);
    });

    it('a pair whose key does not match is blamed on the key; a .cert holding only a key on the .cert', () => {
      const mismatch = run({ 'a.cert': pki.client.pem, 'a.key': pkcs8Pem(pki.server.key) }, 'containerd');
      assert.deepEqual(mismatch.load.errors, [{ kind: 'key-pair', message: 'failed to load X509 key pair: tls: private key does not match public key', path: mismatch.file('a.key') }]);
      const swapped = run({ 'a.cert': pkcs8Pem(pki.client.key), 'a.key': pkcs8Pem(pki.client.key) }, 'containerd');
      assert.deepEqual(swapped.load.errors.map((e) => e.path), [swapped.file('a.cert')]);
    });

    it('a dangling hosts.toml link reads as no hosts.toml: the loose files are used', () => {
      const { load } = run({ 'hosts.toml': symlink('nowhere.toml'), 'ca.crt': pki.ca.pem }, 'containerd');
      assert.deepEqual({ ok: load.ok, toml: load.hostsToml, error: load.hostsTomlError, caRoots: load.caRoots }, { ok: true, toml: false, error: undefined, caRoots: 1 });
    });

    it('url.Parse follows the Go of the release: a mirror with two colons decodes for 1.7 (Go 1.25), not for 2 (Go 1.26)', () => {
      const toml = '[host."https://a:b:5000"]\n  capabilities = ["pull"]\n';
      const v17 = run({ 'hosts.toml': toml }, 'containerd', { releases: { containerd: '1.7' } }).load;
      assert.deepEqual([v17.hostsToml, v17.hostsTomlDialect?.urlStrictColons], [true, false]);
      const v2 = run({ 'hosts.toml': toml }, 'containerd').load;
      assert.deepEqual([v2.hostsToml, v2.hostsTomlError, v2.hostsTomlDialect?.urlStrictColons], [false, 'unable to parse server https://a:b:5000: parse "https://a:b:5000": invalid port ":b:5000" after host', true]);
    });

    it('2.x: the upgrade to https is for every port but 80, no port included (ConfigureHosts: port != "80")', () => {
      const { load } = run({ 'hosts.toml': '[host."http://d:8080"]\n  skip_verify = true\n[host."http://e"]\n  skip_verify = true\n[host."http://[fd00::1]:5000"]\n  skip_verify = true\n' }, 'containerd');
      assert.deepEqual(load.tomlHosts?.map((h) => [h.host.scheme, h.host.host]), [
        ['https', 'd:8080'],
        ['https', 'e'],
        ['https', '[fd00::1]:5000'],
        ['https', REGISTRY],
      ]);
    });
  });

  describe('containerd with hosts.toml', () => {
    it('each host its own pool and leaves; the counts at the top are the server\'s', () => {
      const toml = [
        'server = "https://reg.example.com:5000"',
        'ca = "server-ca.pem"',
        '[host."https://a"]',
        '  ca = ["a.pem", "a2.pem"]',
        '[host."https://b"]',
        '  client = [["c.cert", "c.key"]]',
        '[host."https://c"]',
        '  capabilities = ["pull"]',
        '',
      ].join('\n');
      const { load } = run({ 'hosts.toml': toml, 'server-ca.pem': pki.ca.pem, 'a.pem': pki.server.pem, 'a2.pem': pki.ca.pem, 'c.cert': pki.client.pem, 'c.key': pkcs8Pem(pki.client.key) }, 'containerd');
      assert.deepEqual(
        load.tomlHosts?.map((h) => [h.host.host, h.systemRoots, h.caCertificates, h.clientCertificates]),
        [
          ['a', true, [sha(pki.server.der), sha(pki.ca.der)], []],
          ['b', false, [], [sha(pki.client.der)]],
          ['c', false, [], []],
          ['reg.example.com:5000', true, [sha(pki.ca.der)], []],
        ],
      );
      assert.deepEqual(
        { ok: load.ok, toml: load.hostsToml, sys: load.systemRoots, pool: load.caCertificates, caRoots: load.caRoots, pairs: load.clientPairs, files: load.caFiles.map((f) => f.entry.name) },
        { ok: true, toml: true, sys: true, pool: [sha(pki.ca.der)], caRoots: 1, pairs: 0, files: ['a.pem', 'a2.pem', 'server-ca.pem'] },
      );
      assert.deepEqual(load.pairs.map((p) => [p.cert.name, p.keyPath, p.ok]), [['c.cert', load.tomlHosts![1].host.clientPairs![0][1], true]]);
    });

    it('the server\'s client pair counts at the top', () => {
      const { load } = run({ 'hosts.toml': 'client = "both.pem"\n', 'both.pem': pki.client.pem + pkcs8Pem(pki.client.key) }, 'containerd');
      assert.deepEqual({ pairs: load.clientPairs, leaves: load.clientCertificates, sys: load.systemRoots }, { pairs: 1, leaves: [sha(pki.client.der)], sys: false });
    });

    it('a client string without key, the key not in the file: blamed on that file', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  client = "c.cert"\n', 'c.cert': pki.client.pem }, 'containerd');
      assert.deepEqual(r.load.errors, [
        { kind: 'key-pair', message: 'failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key', path: r.file('c.cert') },
      ]);
    });

    it('a CA file without certificates fails the lookup: unable to load CA cert', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  ca = "x.pem"\n', 'x.pem': 'junk' }, 'containerd');
      assert.deepEqual(r.load.errors, [{ kind: 'ca-unusable', message: `unable to load CA cert "${r.file('x.pem')}"`, path: r.file('x.pem') }]);
    });

    it('an http host with TLS settings is tried over https first, unless on port 80', () => {
      const toml = '[host."http://a:5000"]\n  skip_verify = true\n[host."http://b:80"]\n  skip_verify = true\n[host."http://c:5000"]\n  capabilities = ["pull"]\n';
      const { load } = run({ 'hosts.toml': toml }, 'containerd');
      assert.deepEqual(load.tomlHosts?.map((h) => [h.host.scheme, h.host.host, h.host.parsed.scheme]), [
        ['https', 'a:5000', 'http'],
        ['http', 'b:80', 'http'],
        ['http', 'c:5000', 'http'],
        ['https', REGISTRY, ''],
      ]);
    });

    it('only an http scheme is upgraded: a name read as another scheme keeps it', () => {
      const { load } = run({ 'hosts.toml': '[host."httpcache.local:5000"]\n  skip_verify = true\n' }, 'containerd');
      assert.deepEqual(load.tomlHosts?.map((h) => [h.host.scheme, h.host.host]), [
        ['httpcache.local', ''],
        ['https', REGISTRY],
      ]);
    });

    it('no server: the registry itself (the folder\'s name), /v2, every capability of the release line', () => {
      const v2 = run({ 'hosts.toml': '[host."https://m"]\n' }, 'containerd').load.tomlHosts!.at(-1)!.host;
      assert.deepEqual([v2.scheme, v2.host, v2.path, v2.capabilities], ['https', REGISTRY, '/v2', ['pull', 'resolve', 'push', 'referrers']]);
      const v17 = run({ 'hosts.toml': '[host."https://m"]\n' }, 'containerd', { releases: { containerd: '1.7' } }).load.tomlHosts!.at(-1)!.host;
      assert.deepEqual([v17.scheme, v17.host, v17.path, v17.capabilities], ['https', REGISTRY, '/v2', ['pull', 'resolve', 'push']]);
    });

    it('a server written keeps its own capabilities and path', () => {
      const s = run({ 'hosts.toml': 'server = "https://s/x"\ncapabilities = ["pull"]\noverride_path = true\n' }, 'containerd').load.tomlHosts!.at(-1)!.host;
      assert.deepEqual([s.host, s.path, s.capabilities], ['s', '/x', ['pull']]);
    });

    it('hosts the file names but containerd never tries are kept', () => {
      const { load } = run({ 'hosts.toml': 'host."https://m".ca = "a.pem"\n' }, 'containerd');
      assert.deepEqual(load.tomlDropped?.map((d) => [d.name, d.why]), [['https://m', 'not-a-header']]);
    });
  });
});
