/**
 * The rules about host folder names, checked whole (message, summary, severity, range, fixes):
 * certsd/host-folder-shadowed (containerd's HostDirFromRoot takes host_port_ before host:port),
 * certsd/host-name-not-folder (a file where a lookup expects the host folder) and
 * certsd/host-not-read (Docker Hub and loopback under moby, containerd's own names for the other
 * loaders, colons on Windows). Expected texts follow the spec's "Host directory names".
 */
import * as assert from 'node:assert/strict';
import { checkRoot, CheckOptions, RootReport } from '../../server/src/core/check';
import { Finding, ZERO_RANGE } from '../../server/src/core/findings';
import { DockerStore } from '../../server/src/core/engines/releases';
import { Platform } from '../../server/src/core/engines/hostFolders';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { Engine } from '../../server/src/core/tree';
import { describeFindings } from '../helpers/check';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { symlink, tempTrees, TreeSpec } from '../helpers/tree';

interface Run {
  report: RootReport;
  root: string;
  at(name: string): string;
}

describe('host folder name rules, whole', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;
  let folder: TreeSpec;
  before(async () => {
    pki = await commonPki();
    folder = { 'ca.crt': pki.ca.pem };
  });

  function check(hosts: TreeSpec, engine: Engine, o: { store?: DockerStore; platform?: Platform; onlyHosts?: string[] } = {}): Run {
    const t = makeTree({ 'certs.d': hosts });
    const root = t.path('certs.d');
    const options: CheckOptions = { dockerStore: { store: o.store ?? 'graphdriver', assumed: false }, platform: o.platform ?? 'unix' };
    const report = checkRoot({ path: root, engine, engineFromPath: false, misnamed: false, onlyHosts: o.onlyHosts }, { fs: nodeFileSystem, now: () => new Date() }, options);
    return { report, root, at: (name) => t.path('certs.d', name) };
  }

  const of = (r: Run, code: string) => r.report.findings.filter((f) => f.code === code);

  describe('certsd/host-folder-shadowed', () => {
    const CODE = 'certsd/host-folder-shadowed';
    const shadowed = (r: Run, name: string, summary: string, message: string): Finding => ({ code: CODE, severity: 'warning', path: r.at(name), hostPath: r.at(name), range: ZERO_RANGE, summary, message });

    it('host:port beside host_port_ under containerd: the lookup order, nothing merged', () => {
      const r = check({ 'reg.example.com:5000': folder, 'reg.example.com_5000_': folder }, 'containerd');
      assert.deepEqual(of(r, CODE), [
        shadowed(
          r,
          'reg.example.com:5000',
          'Folder reg.example.com:5000 is never read: reg.example.com_5000_ is used for the same host',
          'containerd never reads reg.example.com:5000: for reg.example.com:5000 it tries reg.example.com_5000_, then reg.example.com:5000, then _default, finds reg.example.com_5000_ and uses that folder alone; nothing is merged. Keep one of the two.',
        ),
      ]);
    });

    it('host_port_ a file: every request fails, with os.ReadFile\'s error on the hosts.toml under it', () => {
      const r = check({ 'reg.example.com:5000': folder, 'reg.example.com_5000_': 'not a folder\n' }, 'containerd');
      assert.deepEqual(of(r, CODE), [
        shadowed(
          r,
          'reg.example.com:5000',
          'Folder reg.example.com:5000 is never read: reg.example.com_5000_, tried first for the same host, is not a folder',
          `containerd never reads reg.example.com:5000: for reg.example.com:5000 it tries reg.example.com_5000_, then reg.example.com:5000, then _default, and reg.example.com_5000_ here is not a folder, so every request to reg.example.com:5000 fails with 'open ${r.at('reg.example.com_5000_')}/hosts.toml: not a directory'. Remove or rename reg.example.com_5000_.`,
        ),
      ]);
    });

    it('Docker\'s containerd image store on Windows: the colon-less form loses, and docker login still reads it', () => {
      const r = check({ 'reg.example.com5000': folder, 'reg.example.com_5000_': folder }, 'docker', { store: 'containerd', platform: 'windows' });
      assert.deepEqual(of(r, CODE), [
        shadowed(
          r,
          'reg.example.com5000',
          'Folder reg.example.com5000 is never read: reg.example.com_5000_ is used for the same host',
          'Docker (pulls and pushes) never reads reg.example.com5000: for reg.example.com:5000 it tries reg.example.com_5000_, then reg.example.com5000, then _default, finds reg.example.com_5000_ and uses that folder alone; nothing is merged. Keep one of the two. docker login still reads reg.example.com5000: moby looks the name up as it is.',
        ),
      ]);
    });

    it('says nothing under Docker\'s graph drivers or Podman, nor of host_port_ itself', () => {
      for (const engine of ['docker', 'podman'] as const) {
        const r = check({ 'reg.example.com:5000': folder, 'reg.example.com_5000_': folder }, engine);
        assert.deepEqual(of(r, CODE), [], describeFindings(r.report));
      }
    });
  });

  describe('certsd/host-name-not-folder', () => {
    const CODE = 'certsd/host-name-not-folder';
    const notFolder = (r: Run, name: string, message: string): Finding => ({ code: CODE, severity: 'error', path: r.at(name), hostPath: undefined, range: ZERO_RANGE, summary: `${name} is a file where the engine looks for a host folder`, message });
    const make = (name: string) => ` Make ${name} a folder holding the certificates (certs.d/${name}/ca.crt), or remove it.`;

    it('containerd: host_port_ as a file, quoting the hosts.toml read under it', () => {
      const r = check({ 'reg.example.com_5000_': 'x\n' }, 'containerd');
      const p = r.at('reg.example.com_5000_');
      assert.deepEqual(of(r, CODE), [
        notFolder(r, 'reg.example.com_5000_', `reg.example.com_5000_ is a file, not a folder: containerd takes it as the host folder for reg.example.com:5000, and every request fails with "open ${p}/hosts.toml: not a directory".${make('reg.example.com_5000_')}`),
      ]);
    });

    it('containerd: _default as a file stands for every registry without a folder', () => {
      const r = check({ _default: 'x\n' }, 'containerd');
      const p = r.at('_default');
      assert.deepEqual(of(r, CODE), [
        notFolder(r, '_default', `_default is a file, not a folder: containerd takes it as the host folder for every registry without a folder of its own, and every request fails with "open ${p}/hosts.toml: not a directory".${make('_default')}`),
      ]);
    });

    it('Docker with graph drivers: moby\'s error, and it is Docker (every operation), not only docker login', () => {
      const r = check({ 'reg.example.com': 'x\n' }, 'docker');
      const p = r.at('reg.example.com');
      assert.deepEqual(of(r, CODE), [notFolder(r, 'reg.example.com', `reg.example.com is a file, not a folder: Docker takes it as the host folder for reg.example.com, and every request fails with "open ${p}: not a directory".${make('reg.example.com')}`)]);
    });

    it('Docker with the containerd image store: both errors for a plain name, the pulls\' alone for host_port_', () => {
      const r = check({ localhost: 'x\n', 'reg.example.com_5000_': 'y\n' }, 'docker', { store: 'containerd' });
      const [l, p] = [r.at('localhost'), r.at('reg.example.com_5000_')];
      assert.deepEqual(of(r, CODE), [
        notFolder(r, 'localhost', `localhost is a file, not a folder: Docker takes it as the host folder for localhost, and every request fails: pulls and pushes with "open ${l}/hosts.toml: not a directory", docker login with "open ${l}: not a directory".${make('localhost')}`),
        notFolder(r, 'reg.example.com_5000_', `reg.example.com_5000_ is a file, not a folder: Docker (pulls and pushes) takes it as the host folder for reg.example.com:5000, and every request fails with "open ${p}/hosts.toml: not a directory".${make('reg.example.com_5000_')}`),
      ]);
    });

    it('containerd: a plain host name as a file, its hosts.toml error only; on Windows a name with a colon is never looked up', () => {
      const r = check({ 'reg.example.com': 'x\n' }, 'containerd');
      const p = r.at('reg.example.com');
      assert.deepEqual(of(r, CODE), [notFolder(r, 'reg.example.com', `reg.example.com is a file, not a folder: containerd takes it as the host folder for reg.example.com, and every request fails with "open ${p}/hosts.toml: not a directory".${make('reg.example.com')}`)]);
      const w = check({ 'reg.example.com:5000': 'x\n' }, 'containerd', { platform: 'windows' });
      assert.deepEqual(of(w, CODE), [], describeFindings(w.report));
    });

    it('Podman reads names as on Linux whatever the platform (and whatever Docker\'s store), and never containerd\'s forms', () => {
      const r = check({ 'reg.example.com:5000': 'x\n', 'reg.example.com_5000_': 'y\n', _default: 'z\n' }, 'podman', { platform: 'windows', store: 'containerd' });
      const p = r.at('reg.example.com:5000');
      assert.deepEqual(of(r, CODE), [notFolder(r, 'reg.example.com:5000', `reg.example.com:5000 is a file, not a folder: Podman takes it as the host folder for reg.example.com:5000, and every request fails with "open ${p}: not a directory".${make('reg.example.com:5000')}`)]);
    });

    it('says nothing of files that are plainly files or no registry name, of links that find nothing or a folder, nor when only some hosts are checked', () => {
      const hosts: TreeSpec = { 'notes.txt': 'x', 'ca.crt': pki.ca.pem, README: 'x', 'reg.example.com:abc': 'x', 'gone.example.com': symlink('nowhere'), 'dir.example.com': symlink('real.example.com'), 'real.example.com': folder };
      for (const engine of ['docker', 'podman', 'containerd'] as const) {
        const r = check(hosts, engine);
        assert.deepEqual(of(r, CODE), [], describeFindings(r.report));
      }
      const only = check({ 'reg.example.com': folder, 'x.example.com': 'x\n' }, 'docker', { onlyHosts: ['reg.example.com', 'x.example.com'] });
      assert.deepEqual(of(only, CODE), [], describeFindings(only.report));
    });
  });

  describe('certsd/host-not-read', () => {
    const CODE = 'certsd/host-not-read';
    const unread = (r: Run, name: string, summary: string, message: string, extra: Partial<Finding> = {}): Finding => ({ code: CODE, severity: 'warning', path: r.at(name), hostPath: r.at(name), range: ZERO_RANGE, summary, message, ...extra });
    const rename = (r: Run, from: string, to: string) => [{ kind: 'rename' as const, title: `Rename to ${to}`, from: r.at(from), to: r.at(to), preferred: true }];

    it('Docker Hub under Docker, in each of its names (containerd\'s form included)', () => {
      for (const name of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'docker.io_443_']) {
        const r = check({ [name]: folder }, 'docker');
        assert.deepEqual(of(r, CODE), [
          unread(r, name, `${name} has no effect: Docker never reads certs.d for Docker Hub`, `Docker never reads certs.d for Docker Hub, so ${name} has no effect (Podman and containerd do read it). For a mirror, name the folder after the mirror's host.`),
        ]);
      }
      const p = check({ 'docker.io': folder }, 'podman');
      assert.deepEqual(of(p, CODE), []);
    });

    it('loopback registries under Docker: information, TLS is not verified', () => {
      for (const name of ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.9.9.9', '[::1]:5000']) {
        const r = check({ [name]: folder }, 'docker');
        assert.deepEqual(of(r, CODE), [
          unread(
            r,
            name,
            `${name} is never read: TLS is not verified for a local registry`,
            `Docker treats ${name} as an insecure registry and does not verify its TLS certificate, so it never reads this folder (containerd reads it but skips verification by default).`,
            { severity: 'information' },
          ),
        ]);
      }
    });

    it('names that only look local are read', () => {
      for (const name of ['127.example.com', '128.0.0.1', 'localhost.example.com']) {
        const r = check({ [name]: folder }, 'docker');
        assert.deepEqual(of(r, CODE), [], `${name}:\n${describeFindings(r.report)}`);
      }
    });

    it('_default under Podman, Docker\'s graph drivers, and docker login beside containerd\'s pulls', () => {
      const summary = "_default is never read: it is containerd's folder for registries without their own";
      const p = check({ _default: folder }, 'podman');
      assert.deepEqual(of(p, CODE), [unread(p, '_default', summary, "Podman never reads _default: that name is containerd's folder for registries without their own, and it looks up only a folder named after the registry.")]);
      // Docker's store says nothing about Podman.
      const ps = check({ _default: folder, 'reg.example.com_5000_': folder }, 'podman', { store: 'containerd' });
      assert.deepEqual(of(ps, CODE).map((f) => f.message), [
        "Podman never reads _default: that name is containerd's folder for registries without their own, and it looks up only a folder named after the registry.",
        "Podman never reads reg.example.com_5000_: it looks up reg.example.com:5000 (the reg.example.com_5000_ form is containerd's). Rename the folder to reg.example.com:5000.",
      ]);
      const d = check({ _default: folder }, 'docker');
      assert.deepEqual(of(d, CODE), [unread(d, '_default', summary, "Docker never reads _default: that name is containerd's folder for registries without their own, and moby looks up only a folder named after the registry.")]);
      const c = check({ _default: folder }, 'docker', { store: 'containerd' });
      assert.deepEqual(of(c, CODE), [
        unread(c, '_default', summary, "docker login never reads _default: that name is containerd's folder for registries without their own, and moby looks up only a folder named after the registry. Docker's pulls and pushes read it, through containerd's lookup."),
      ]);
    });

    it('host_port_ under Podman and moby: the name they look up, and the rename', () => {
      const summary = 'Folder reg.example.com_5000_ is never read under this name: the engine looks for reg.example.com:5000';
      const p = check({ 'reg.example.com_5000_': folder }, 'podman');
      assert.deepEqual(of(p, CODE), [
        unread(p, 'reg.example.com_5000_', summary, "Podman never reads reg.example.com_5000_: it looks up reg.example.com:5000 (the reg.example.com_5000_ form is containerd's). Rename the folder to reg.example.com:5000.", {
          fixes: rename(p, 'reg.example.com_5000_', 'reg.example.com:5000'),
        }),
      ]);
      const c = check({ 'reg.example.com_5000_': folder }, 'docker', { store: 'containerd' });
      assert.deepEqual(of(c, CODE), [
        unread(
          c,
          'reg.example.com_5000_',
          summary,
          "docker login never reads reg.example.com_5000_: moby looks up reg.example.com:5000 (the reg.example.com_5000_ form is containerd's). Docker's pulls and pushes read it, through containerd's lookup. Rename the folder to reg.example.com:5000: both then read it.",
          { fixes: rename(c, 'reg.example.com_5000_', 'reg.example.com:5000') },
        ),
      ]);
    });

    it('host_port_ under moby on Windows: moby looks up the colon-less name', () => {
      const r = check({ 'reg.example.com_5000_': folder }, 'docker', { platform: 'windows' });
      assert.deepEqual(of(r, CODE), [
        unread(
          r,
          'reg.example.com_5000_',
          'Folder reg.example.com_5000_ is never read under this name: the engine looks for reg.example.com5000',
          "Docker never reads reg.example.com_5000_: moby looks up reg.example.com5000 for reg.example.com:5000 (the reg.example.com_5000_ form is containerd's). Rename the folder to reg.example.com5000.",
          { fixes: rename(r, 'reg.example.com_5000_', 'reg.example.com5000') },
        ),
      ]);
    });

    it('host_port_ with the looked-up folder there: no rename, that folder is used', () => {
      const r = check({ 'reg.example.com_5000_': folder, 'reg.example.com:5000': folder }, 'podman');
      assert.deepEqual(of(r, CODE), [
        unread(
          r,
          'reg.example.com_5000_',
          'Folder reg.example.com_5000_ is never read under this name: the engine looks for reg.example.com:5000',
          "Podman never reads reg.example.com_5000_: it looks up reg.example.com:5000 (the reg.example.com_5000_ form is containerd's). reg.example.com:5000 is there and is used instead.",
          { fixes: [] },
        ),
      ]);
    });

    it('a colon on Windows: containerd looks for host_port_, Docker (both lookups) for the colon-less name; Podman pulls inside Linux', () => {
      const why = (target: string) => `on Windows a folder name cannot hold ':' and the lookup drops the colons (${target})`;
      const summary = (target: string) => `Folder reg.example.com:5000 is never read under this name: the engine looks for ${target}`;
      const c = check({ 'reg.example.com:5000': folder }, 'containerd', { platform: 'windows' });
      assert.deepEqual(of(c, CODE), [
        unread(c, 'reg.example.com:5000', summary('reg.example.com_5000_'), `containerd never reads reg.example.com:5000: ${why('reg.example.com_5000_')}. Rename the folder to reg.example.com_5000_.`, {
          fixes: rename(c, 'reg.example.com:5000', 'reg.example.com_5000_'),
        }),
      ]);
      const d = check({ 'reg.example.com:5000': folder }, 'docker', { platform: 'windows', store: 'containerd' });
      assert.deepEqual(of(d, CODE), [
        unread(d, 'reg.example.com:5000', summary('reg.example.com5000'), `Docker never reads reg.example.com:5000: ${why('reg.example.com5000')}. Rename the folder to reg.example.com5000.`, {
          fixes: rename(d, 'reg.example.com:5000', 'reg.example.com5000'),
        }),
      ]);
      const p = check({ 'reg.example.com:5000': folder }, 'podman', { platform: 'windows' });
      assert.deepEqual(of(p, CODE), [], describeFindings(p.report));
    });
  });
});
