/**
 * From what the user typed to the folder the engine reads (server/src/core/probe/reference.ts):
 * the registry part of a reference (distribution/reference: domain[:port], IPv6 in brackets), Go's
 * net.IP.IsLoopback and containerd's docker.IsLocalhost, the folder names each loader tries
 * (engine-rules.md "Host directory names"), the first existing one over the roots (first root with
 * a match wins, containerd's `_default` included), and the near misses the engine does not read.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileStat, FileSystemView, FsError } from '../../server/src/core/fsview';
import { chooseFolder, exists, folderNames, isLocalhost, isLoopbackIp, nearMisses, parseReference } from '../../server/src/core/probe/reference';

/** A view where exactly `present` exist (stat finds them); `broken` throws a non-fs error. */
function fakeFs(present: string[], broken: string[] = []): FileSystemView & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readDir: () => [],
    readFile: () => new Uint8Array(),
    stat(p: string): FileStat {
      asked.push(p);
      if (broken.includes(p)) throw new TypeError(`bug reading ${p}`);
      if (!present.includes(p)) throw new FsError('ENOENT', p);
      return { type: 'directory', mode: 0o755, size: 0, mtimeMs: 0 };
    },
  };
}

describe('probe model: the reference and the folder the engine reads', () => {
  describe('parseReference', () => {
    it('HOST, HOST:PORT, and the registry part of an image name or URL', () => {
      assert.deepStrictEqual(parseReference('reg.example.com'), { hostPort: 'reg.example.com', hostname: 'reg.example.com', port: undefined });
      assert.deepStrictEqual(parseReference('reg.example.com:5000'), { hostPort: 'reg.example.com:5000', hostname: 'reg.example.com', port: '5000' });
      assert.deepStrictEqual(parseReference('  reg.example.com:5000/team/app:1.0 \n'), { hostPort: 'reg.example.com:5000', hostname: 'reg.example.com', port: '5000' });
      assert.deepStrictEqual(parseReference('https://reg.example.com/v2/'), { hostPort: 'reg.example.com', hostname: 'reg.example.com', port: undefined });
      assert.deepStrictEqual(parseReference('HTTP://Reg.Example.com:8080'), { hostPort: 'Reg.Example.com:8080', hostname: 'Reg.Example.com', port: '8080' });
      assert.deepStrictEqual(parseReference('oci+https://reg:1'), { hostPort: 'reg:1', hostname: 'reg', port: '1' });
      assert.deepStrictEqual(parseReference('localhost:65535'), { hostPort: 'localhost:65535', hostname: 'localhost', port: '65535' });
    });

    it("an image name whose first part is no domain (splitDockerDomain): Docker Hub's", () => {
      const hub = { hostPort: 'docker.io', hostname: 'docker.io', port: undefined };
      assert.deepStrictEqual(parseReference('team/app:1.0'), hub);
      assert.deepStrictEqual(parseReference('library/ubuntu'), hub);
      assert.deepStrictEqual(parseReference(' my-team/sub/app '), hub);
      // A '.', a ':', localhost or upper case make the first part a domain.
      assert.deepStrictEqual(parseReference('localhost/app'), { hostPort: 'localhost', hostname: 'localhost', port: undefined });
      assert.deepStrictEqual(parseReference('MyReg/app'), { hostPort: 'MyReg', hostname: 'MyReg', port: undefined });
      assert.deepStrictEqual(parseReference('reg:5000/app'), { hostPort: 'reg:5000', hostname: 'reg', port: '5000' });
      assert.deepStrictEqual(parseReference('reg.lan/app'), { hostPort: 'reg.lan', hostname: 'reg.lan', port: undefined });
      // A bare name is the host typed; a URL names its host.
      assert.deepStrictEqual(parseReference('myreg'), { hostPort: 'myreg', hostname: 'myreg', port: undefined });
      assert.deepStrictEqual(parseReference('https://myreg/v2/'), { hostPort: 'myreg', hostname: 'myreg', port: undefined });
      // A scheme only counts at the start.
      assert.deepStrictEqual(parseReference('team/https://x'), { hostPort: 'docker.io', hostname: 'docker.io', port: undefined });
    });

    it('IPv6 literals in brackets, with or without a port', () => {
      assert.deepStrictEqual(parseReference('[::1]:5000'), { hostPort: '[::1]:5000', hostname: '::1', port: '5000' });
      assert.deepStrictEqual(parseReference('[fe80::1]'), { hostPort: '[fe80::1]', hostname: 'fe80::1', port: undefined });
      assert.deepStrictEqual(parseReference('[::ffff:127.0.0.1]:443/app'), { hostPort: '[::ffff:127.0.0.1]:443', hostname: '::ffff:127.0.0.1', port: '443' });
    });

    it('no host at all', () => {
      assert.deepStrictEqual(parseReference(''), { error: '"" names no registry host' });
      assert.deepStrictEqual(parseReference('   '), { error: '"   " names no registry host' });
      assert.deepStrictEqual(parseReference('/team/app'), { error: '"/team/app" names no registry host' });
      assert.deepStrictEqual(parseReference('https:///v2/'), { error: '"https:///v2/" names no registry host' });
    });

    it('not HOST or HOST:PORT', () => {
      for (const s of ['x[::1]:5000', 'reg:', 'reg:abc', 'a:b:5000', '::1', '[::1', '[::1]:', '[::1]x', '[reg]:5000', 'my reg:5000', 'reg]:5000', '[::1]:5000:1']) {
        assert.deepStrictEqual(parseReference(s), { error: `"${s}" is not HOST or HOST:PORT` }, s);
      }
    });

    it('a port outside 1-65535, after brackets too', () => {
      assert.deepStrictEqual(parseReference('reg:0'), { error: 'port 0 is out of range' });
      assert.deepStrictEqual(parseReference('reg:65536'), { error: 'port 65536 is out of range' });
      assert.deepStrictEqual(parseReference('[::1]:0'), { error: 'port 0 is out of range' });
      assert.deepStrictEqual(parseReference('[::1]:70000'), { error: 'port 70000 is out of range' });
      // The port as written is kept (the folder name is the reference verbatim).
      assert.deepStrictEqual(parseReference('reg:0080'), { hostPort: 'reg:0080', hostname: 'reg', port: '0080' });
    });
  });

  describe('loopback (net.IP.IsLoopback, docker.IsLocalhost)', () => {
    it('127.0.0.0/8, IPv4-mapped too, and ::1', () => {
      for (const s of ['127.0.0.1', '127.255.255.254', '127.0.0.0', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f01:203']) assert.equal(isLoopbackIp(s), true, s);
    });

    it('everything else, and what is not an IP literal', () => {
      for (const s of ['128.0.0.1', '126.0.0.1', '10.0.0.1', '::ffff:10.0.0.1', '::127.0.0.1', '1::ffff:127.0.0.1', '::fffe:127.0.0.1', '::ff:127.0.0.1', '::2', '::101', '1::1', '100::1', '::', 'localhost', 'reg.example.com', '', '::1%lo']) {
        assert.equal(isLoopbackIp(s), false, s);
      }
    });

    it('isLocalhost: the name localhost (case-sensitive) or a loopback literal', () => {
      assert.equal(isLocalhost('localhost'), true);
      assert.equal(isLocalhost('127.0.0.2'), true);
      assert.equal(isLocalhost('::1'), true);
      assert.equal(isLocalhost('LOCALHOST'), false);
      assert.equal(isLocalhost('localhost.localdomain'), false);
      assert.equal(isLocalhost('10.1.1.1'), false);
    });
  });

  describe('folderNames', () => {
    const ref = (s: string) => parseReference(s) as Exclude<ReturnType<typeof parseReference>, { error: string }>;
    it('docker and podman: the registry part verbatim; containerd: host_port_, host:port, _default', () => {
      assert.deepStrictEqual(folderNames('docker', ref('reg:5000')), ['reg:5000']);
      assert.deepStrictEqual(folderNames('podman', ref('reg:5000')), ['reg:5000']);
      assert.deepStrictEqual(folderNames('containerd', ref('reg:5000')), ['reg_5000_', 'reg:5000', '_default']);
      assert.deepStrictEqual(folderNames('containerd', ref('reg.example.com')), ['reg.example.com', '_default']);
      assert.deepStrictEqual(folderNames('containerd', ref('[::1]:5000')), ['[::1]_5000_', '[::1]:5000', '_default']);
    });
  });

  describe('exists, chooseFolder, nearMisses', () => {
    const ref = (s: string) => parseReference(s) as Exclude<ReturnType<typeof parseReference>, { error: string }>;
    const r1 = '/etc/containerd/certs.d';
    const r2 = '/etc/docker/certs.d';

    it('exists: found, not found; an error that is not the file system\'s is not swallowed', () => {
      const fs = fakeFs(['/a'], ['/bug']);
      assert.equal(exists(fs, '/a'), true);
      assert.equal(exists(fs, '/b'), false);
      assert.throws(() => exists(fs, '/bug'), { name: 'TypeError', message: 'bug reading /bug' });
    });

    it('containerd: every candidate of the first root, then the next root; the first that exists wins', () => {
      const fs = fakeFs([path.join(r2, 'reg:5000'), path.join(r2, '_default')]);
      assert.deepStrictEqual(chooseFolder(fs, 'containerd', ref('reg:5000'), [r1, r2]), {
        tried: [path.join(r1, 'reg_5000_'), path.join(r1, 'reg:5000'), path.join(r1, '_default'), path.join(r2, 'reg_5000_'), path.join(r2, 'reg:5000')],
        path: path.join(r2, 'reg:5000'),
        root: r2,
        name: 'reg:5000',
      });
    });

    it("containerd: the first root's _default wins over the host's own folder in a later root", () => {
      const fs = fakeFs([path.join(r1, '_default'), path.join(r2, 'reg:5000')]);
      assert.deepStrictEqual(chooseFolder(fs, 'containerd', ref('reg:5000'), [r1, r2]), {
        tried: [path.join(r1, 'reg_5000_'), path.join(r1, 'reg:5000'), path.join(r1, '_default')],
        path: path.join(r1, '_default'),
        root: r1,
        name: '_default',
      });
    });

    it('nothing found: every path tried, no folder', () => {
      assert.deepStrictEqual(chooseFolder(fakeFs([path.join(r2, 'reg')]), 'docker', ref('reg:5000'), [r2]), { tried: [path.join(r2, 'reg:5000')] });
      assert.deepStrictEqual(chooseFolder(fakeFs([]), 'docker', ref('reg'), []), { tried: [] });
    });

    it('near misses: the host with :443, without the port, or in the _port_ spelling, that the engine does not read', () => {
      // The root itself exists too: no candidate name may be empty.
      const present = [r2, ...['reg', 'reg:443', 'reg_443_', 'reg:5000', 'reg_5000_', 'other'].map((n) => path.join(r2, n))];
      assert.deepStrictEqual(nearMisses(fakeFs(present), 'docker', ref('reg:5000'), [r2]), ['reg', 'reg:443', 'reg_443_', 'reg_5000_'].map((n) => path.join(r2, n)));
      // containerd reads reg_5000_ and reg:5000 itself.
      assert.deepStrictEqual(nearMisses(fakeFs(present), 'containerd', ref('reg:5000'), [r2]), ['reg', 'reg:443', 'reg_443_'].map((n) => path.join(r2, n)));
      // Without a port: only the :443 spellings.
      assert.deepStrictEqual(nearMisses(fakeFs(present), 'podman', ref('reg'), [r2]), ['reg:443', 'reg_443_'].map((n) => path.join(r2, n)));
      // :443 written: the folder without the port is the near miss, reg:443 itself is read.
      assert.deepStrictEqual(nearMisses(fakeFs(present), 'docker', ref('reg:443'), [r2]), ['reg', 'reg_443_'].map((n) => path.join(r2, n)));
    });

    it('near misses over several roots, in root order, each path once', () => {
      const fs = fakeFs([path.join(r1, 'reg:443'), path.join(r2, 'reg')]);
      assert.deepStrictEqual(nearMisses(fs, 'docker', ref('reg:5000'), [r1, r2, r1]), [path.join(r1, 'reg:443'), path.join(r2, 'reg')]);
      assert.deepStrictEqual(nearMisses(fakeFs([]), 'docker', ref('reg:5000'), [r1]), []);
    });
  });
});
