/**
 * The system roots as Go's crypto/x509 loads them on Linux (server/src/core/probe/systemRoots.ts),
 * on an in-memory disk. Expected behaviour from Go's root_linux.go and root_unix.go: the first
 * bundle of certFiles that can be read (or SSL_CERT_FILE alone), then every file of every
 * directory (or of SSL_CERT_DIR split on ':'), in name order, skipping a symlink whose target has
 * no '/' (readUniqueDirectoryEntries); AppendCertsFromPEM takes only CERTIFICATE blocks without
 * headers that parse, and a certificate once.
 */
import * as assert from 'node:assert/strict';
import { sha256Of } from '../../server/src/core/go/certPool';
import { GO_DEFAULTS } from '../../server/src/core/go/godebug';
import { GO_CERT_DIRECTORIES, GO_CERT_FILES, loadSystemRoots, RootsFs, systemRoots } from '../../server/src/core/probe/systemRoots';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { MemFileSystem } from '../fuzz/memFs';
import { pemBlock, selfSignedCa, TestCert } from '../helpers/pki';

/** The in-memory disk, with readlink answered from its links. */
function disk(files: Record<string, string | { link: string } | { dir: true }>): MemFileSystem & RootsFs {
  const fs = new MemFileSystem() as MemFileSystem & RootsFs;
  for (const [p, v] of Object.entries(files)) fs.put(p, typeof v === 'string' ? Buffer.from(v) : v);
  fs.readLink = (p) => {
    const n = fs.nodes.get(p);
    return n && !Buffer.isBuffer(n) && 'link' in n ? n.link : undefined;
  };
  return fs;
}

async function cas(n: number): Promise<TestCert[]> {
  const out: TestCert[] = [];
  for (let i = 0; i < n; i++) out.push(await selfSignedCa({ commonName: `System Root ${i}` }));
  return out;
}

/** Which of `certs` are in the pool, by index, each with the file it came from. */
function sources(roots: ReturnType<typeof loadSystemRoots>, certs: TestCert[]): [number, string][] {
  return roots.pool.all().map((p) => [certs.findIndex((c) => sha256Of(c.der) === p.sha256), (p.source as { path: string }).path]);
}

describe("probe: the system roots Go's crypto/x509 reads on Linux", () => {
  it("Go's lists, as root_linux.go has them", () => {
    assert.deepEqual(GO_CERT_FILES, [
      '/etc/ssl/certs/ca-certificates.crt',
      '/etc/pki/tls/certs/ca-bundle.crt',
      '/etc/ssl/ca-bundle.pem',
      '/etc/pki/tls/cacert.pem',
      '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
      '/etc/ssl/cert.pem',
    ]);
    assert.deepEqual(GO_CERT_DIRECTORIES, ['/etc/ssl/certs', '/etc/pki/tls/certs']);
  });

  it('the first bundle that can be read, then the directories in name order; hash links skipped, other links followed', async () => {
    const c = await cas(5);
    const fs = disk({
      '/etc/pki/tls/certs/ca-bundle.crt': c[0].pem,
      '/etc/ssl/ca-bundle.pem': c[1].pem,
      '/etc/ssl/certs/b.pem': c[2].pem,
      '/etc/ssl/certs/a.pem': c[3].pem,
      '/etc/ssl/certs/1234abcd.0': { link: 'a.pem' },
      '/etc/ssl/certs/z.pem': { link: '/usr/share/ca/z.pem' },
      '/usr/share/ca/z.pem': c[4].pem,
    });
    const roots = loadSystemRoots({}, GO_DEFAULTS, fs);
    assert.equal(roots.file, '/etc/pki/tls/certs/ca-bundle.crt');
    assert.deepEqual(roots.directories, ['/etc/ssl/certs', '/etc/pki/tls/certs']);
    assert.deepEqual(roots.fromEnv, { file: false, dir: false });
    // The bundle in /etc/pki/tls/certs is read again as a file of that directory: the same certificate, kept once.
    assert.deepEqual(sources(roots, c), [
      [0, '/etc/pki/tls/certs/ca-bundle.crt'],
      [3, '/etc/ssl/certs/a.pem'],
      [2, '/etc/ssl/certs/b.pem'],
      [4, '/etc/ssl/certs/z.pem'],
    ]);
    assert.equal(roots.count, 4);
  });

  it('SSL_CERT_FILE and SSL_CERT_DIR replace the lists; a missing directory is passed over', async () => {
    const c = await cas(3);
    const fs = disk({ '/etc/ssl/certs/ca-certificates.crt': c[0].pem, '/opt/ca.pem': c[1].pem, '/opt/d2/x.pem': c[2].pem });
    const roots = loadSystemRoots({ SSL_CERT_FILE: '/opt/ca.pem', SSL_CERT_DIR: '/opt/gone:/opt/d2' }, GO_DEFAULTS, fs);
    assert.equal(roots.file, '/opt/ca.pem');
    assert.deepEqual(roots.directories, ['/opt/gone', '/opt/d2']);
    assert.deepEqual(roots.fromEnv, { file: true, dir: true });
    assert.deepEqual(sources(roots, c), [
      [1, '/opt/ca.pem'],
      [2, '/opt/d2/x.pem'],
    ]);
  });

  it('an SSL_CERT_FILE that cannot be read: no bundle, and no fall back to Go\'s list', async () => {
    const c = await cas(1);
    const fs = disk({ '/etc/ssl/certs/ca-certificates.crt': c[0].pem });
    const roots = loadSystemRoots({ SSL_CERT_FILE: '/opt/none.pem', SSL_CERT_DIR: '/opt/none' }, GO_DEFAULTS, fs);
    assert.equal(roots.file, undefined);
    assert.equal(roots.count, 0);
  });

  it('AppendCertsFromPEM: other block types, blocks with headers and certificates that do not parse are passed over', async () => {
    const c = await cas(2);
    const bundle = [pemBlock('PRIVATE KEY', Buffer.from([1, 2, 3])), pemBlock('CERTIFICATE', c[0].der, { Note: 'x' }), pemBlock('CERTIFICATE', Buffer.from([0x30, 0x03, 1, 2, 3])), c[1].pem].join('');
    const roots = loadSystemRoots({ SSL_CERT_DIR: '/none' }, GO_DEFAULTS, disk({ '/etc/ssl/certs/ca-certificates.crt': bundle }));
    assert.deepEqual(sources(roots, c), [[1, '/etc/ssl/certs/ca-certificates.crt']]);
  });

  it('a file in a directory that cannot be read (a folder, a dangling link) is passed over', async () => {
    const c = await cas(1);
    const fs = disk({ '/d/a': { dir: true }, '/d/b.pem': { link: '/gone/b.pem' }, '/d/c.pem': c[0].pem });
    const roots = loadSystemRoots({ SSL_CERT_FILE: '/none', SSL_CERT_DIR: '/d' }, GO_DEFAULTS, fs);
    assert.deepEqual(sources(roots, c), [[0, '/d/c.pem']]);
  });

  it('a view without readlink follows every link (nothing is known to be a hash link)', async () => {
    const c = await cas(2);
    const fs = disk({ '/d/a.pem': c[0].pem, '/d/h.0': { link: 'a.pem' }, '/d/z.pem': { link: '/other/z.pem' }, '/other/z.pem': c[1].pem });
    delete (fs as Partial<RootsFs>).readLink;
    const roots = loadSystemRoots({ SSL_CERT_FILE: '/none', SSL_CERT_DIR: '/d' }, GO_DEFAULTS, fs);
    // a.pem first (name order), h.0 gives the same certificate: kept once, from a.pem; the link z.pem is read.
    assert.deepEqual(sources(roots, c), [
      [0, '/d/a.pem'],
      [1, '/d/z.pem'],
    ]);
    assert.deepEqual(
      roots.pool.all().map((p) => p.source.kind),
      ['system', 'system'],
    );
  });

  it('an error that is not a file-system error is not swallowed', () => {
    const fs = disk({});
    fs.readFile = () => {
      throw new TypeError('boom');
    };
    assert.throws(() => loadSystemRoots({}, GO_DEFAULTS, fs), /boom/);
    const fs2 = disk({});
    fs2.readDir = () => {
      throw new RangeError('bang');
    };
    assert.throws(() => loadSystemRoots({ SSL_CERT_FILE: '/none' }, GO_DEFAULTS, fs2), /bang/);
  });

  it('systemRoots: another view is read every time; the disk is kept for a minute per environment', () => {
    const fs = disk({});
    assert.notEqual(systemRoots({}, GO_DEFAULTS, fs), systemRoots({}, GO_DEFAULTS, fs));
    const env = { SSL_CERT_FILE: '/nonexistent/certsd-test.pem', SSL_CERT_DIR: '/nonexistent/certsd-test-dir' };
    const first = systemRoots(env, GO_DEFAULTS, nodeFileSystem, 1_000_000);
    assert.equal(systemRoots(env, GO_DEFAULTS, nodeFileSystem, 1_059_999), first);
    const later = systemRoots(env, GO_DEFAULTS, nodeFileSystem, 1_060_000);
    assert.notEqual(later, first);
    assert.equal(systemRoots(env, GO_DEFAULTS, nodeFileSystem, 1_060_001), later);
    // Another environment is another entry: another directory list, another bundle file.
    assert.notEqual(systemRoots({ ...env, SSL_CERT_DIR: '/nonexistent/other' }, GO_DEFAULTS, nodeFileSystem, 1_060_001), later);
    assert.notEqual(systemRoots({ ...env, SSL_CERT_FILE: '/nonexistent/other.pem' }, GO_DEFAULTS, nodeFileSystem, 1_060_001), later);
  });
});
