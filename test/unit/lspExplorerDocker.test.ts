/**
 * Two small server answers behind Explorer commands: the files the Explorer's commands apply to
 * (server/src/lsp/explorerFiles.ts: DER certificates to convert, files to delete, over every root
 * and host folder, sent only when they change), and Docker's certs.d folder for "Open Docker's
 * certs.d folder" (server/src/lsp/dockerDir.ts: the first standard folder there is, or how to
 * create it).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { FsError, nodeFileSystem, type EditorFileSystemView } from '../../server/src/core/fsview';
import { standardRoots } from '../../server/src/core/roots';
import { sudoMkdir } from '../../server/src/core/sudoScripts';
import { dockerCertsDir } from '../../server/src/lsp/dockerDir';
import { ExplorerFilesNotifier, explorerFiles } from '../../server/src/lsp/explorerFiles';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS, Notifications } from '../../server/src/protocol';
import { certDer, ecKey, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('the Explorer: which files its commands apply to', () => {
  const makeTree = tempTrees();
  let ca: TestCert;
  let other: TestCert;
  before(async () => {
    ca = await selfSignedCa({ commonName: 'Explorer CA', key: ecKey('P-256', 60) });
    other = await selfSignedCa({ commonName: 'Explorer Other', key: ecKey('P-256', 61) });
  });

  function workspace(base: string): CertsdWorkspace {
    const ws = new CertsdWorkspace({ ...nodeFileSystem, canWrite: () => true }, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([base]);
    ws.checkAll();
    return ws;
  }

  it('lists the DER certificates to convert and the files to delete, over every root, sorted', () => {
    const t = makeTree({
      etc: {
        docker: {
          'certs.d': {
            'z.example.com': { 'ca.crt': certDer(ca) },
            'b.example.com': { 'ca.cer': certDer(ca), 'ca.crt': ca.pem },
            'c.example.com': { 'ca.crt': ca.pem, 'ca.key': pkcs8Pem(ecKey('P-256', 60)) },
            'a.example.com': { 'y.der': certDer(other), 'ca.crt': ca.pem },
          },
        },
        containerd: { 'certs.d': { 'm.example.com': { 'x.der': certDer(other), 'ca.crt': ca.pem } } },
      },
    });
    const ws = workspace(t.base);
    const d = (...p: string[]) => t.path('etc', 'docker', 'certs.d', ...p);
    const expected = {
      derCertificates: [t.path('etc', 'containerd', 'certs.d', 'm.example.com', 'x.der'), d('a.example.com', 'y.der'), d('z.example.com', 'ca.crt')],
      deletableFiles: [d('b.example.com', 'ca.cer'), d('c.example.com', 'ca.key')],
    };
    assert.deepEqual(explorerFiles(ws), expected);
    // The same roots and folders met in the opposite order: the same sorted lists.
    const reversed = { roots: new Map([...ws.roots].reverse().map(([k, r]) => [k, { ...r, hosts: new Map([...r.hosts].reverse()) }])) } as unknown as CertsdWorkspace;
    assert.deepEqual(explorerFiles(reversed), expected);
  });

  it('lists nothing for folders with nothing to convert or delete', () => {
    const t = makeTree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } } } });
    assert.deepEqual(explorerFiles(workspace(t.base)), { derCertificates: [], deletableFiles: [] });
  });

  it('tells the client the lists once, then only when they change', async () => {
    const sent: [string, unknown][] = [];
    const connection = { sendNotification: async (type: string, params: unknown) => void sent.push([type, params]) } as unknown as Connection;
    const notifier = new ExplorerFilesNotifier(connection);
    const empty = makeTree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } } } });
    const ws = workspace(empty.base);
    await notifier.tell(ws);
    await notifier.tell(ws);
    assert.deepEqual(sent, [[Notifications.explorerFiles, { derCertificates: [], deletableFiles: [] }]]);
    const der = makeTree({ etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': certDer(ca) } } } } });
    const changed = workspace(der.base);
    await notifier.tell(changed);
    await notifier.tell(changed);
    assert.deepEqual(sent, [
      [Notifications.explorerFiles, { derCertificates: [], deletableFiles: [] }],
      [Notifications.explorerFiles, { derCertificates: [der.path('etc', 'docker', 'certs.d', 'reg.example.com', 'ca.crt')], deletableFiles: [] }],
    ]);
    // Back to the first lists: sent again.
    await notifier.tell(ws);
    assert.equal(sent.length, 3);
    assert.equal(Notifications.explorerFiles, 'certsd/explorerFiles');
  });
});

describe("Docker's certs.d folder", () => {
  /** A disk with these folders and files; the editor writes only in `writable`. stat of anything else fails. */
  function disk(folders: string[], files: string[], writable: string[]): EditorFileSystemView {
    return {
      stat: (p: string) => {
        if (folders.includes(p)) return { type: 'directory' };
        if (files.includes(p)) return { type: 'file' };
        throw new FsError('ENOENT', p);
      },
      exists: (p: string) => folders.includes(p) || files.includes(p),
      canWrite: (d: string) => writable.includes(d),
    } as unknown as EditorFileSystemView;
  }

  const home = '/home/ann';
  const env = { HOME: home } as NodeJS.ProcessEnv;
  let candidates: string[];
  before(() => {
    candidates = standardRoots(env)
      .filter((r) => r.engine === 'docker')
      .map((r) => r.path);
  });

  it('knows the standard folders of this platform (rootful first, then the user\'s)', function () {
    if (process.platform !== 'linux') this.skip();
    // Podman's and containerd's standard folders are not Docker's.
    assert.deepEqual(candidates, ['/etc/docker/certs.d', '/home/ann/.config/docker/certs.d', '/home/ann/.docker/certs.d']);
    assert.deepEqual(dockerCertsDir(disk(['/etc/containerd/certs.d', '/home/ann/.config/containers/certs.d'], [], []), env).found, null);
  });

  it('finds the first standard folder that is a folder, and plans nothing', () => {
    const [first, ...rest] = candidates;
    assert.ok(rest.length > 0, JSON.stringify(candidates));
    assert.deepEqual(dockerCertsDir(disk([first, ...rest], [], []), env), { found: first, candidates });
    assert.deepEqual(dockerCertsDir(disk([rest[rest.length - 1]], [], []), env), { found: rest[rest.length - 1], candidates });
    // A file under a standard name is not the folder.
    assert.deepEqual(dockerCertsDir(disk([rest[0]], [first], []), env), { found: rest[0], candidates });
  });

  it('plans the missing folders outermost first, with a sudo command where the editor cannot write', () => {
    const first = candidates[0];
    const parent = path.dirname(first);
    const grand = path.dirname(parent);
    // Only the grandparent (/etc) is there, and root owns it.
    assert.deepEqual(dockerCertsDir(disk([grand], [], []), env), {
      found: null,
      candidates,
      create: { path: first, missing: [parent, first], shellCommand: sudoMkdir([parent, first]) },
    });
    // The parent is there and writable.
    assert.deepEqual(dockerCertsDir(disk([grand, parent], [], [parent]), env), { found: null, candidates, create: { path: first, missing: [first] } });
    // Nothing at all, up to the file system's root (which the disk says is not there either).
    const all = first.split(path.sep).slice(1).map((_, i, parts) => path.sep + parts.slice(0, i + 1).join(path.sep));
    assert.deepEqual(dockerCertsDir(disk([], [], []), env), {
      found: null,
      candidates,
      create: { path: first, missing: [path.parse(first).root, ...all], blocked: `${path.parse(first).root} is in the way: it is not a folder, so ${first} cannot be created.` },
    });
  });

  it('says what is in the way when a file stands where a folder must be, or when the folder itself is a file', () => {
    const first = candidates[0];
    const parent = path.dirname(first);
    const grand = path.dirname(parent);
    assert.deepEqual(dockerCertsDir(disk([grand], [parent], [grand]), env), {
      found: null,
      candidates,
      create: { path: first, missing: [first], blocked: `${parent} is in the way: it is not a folder, so ${first} cannot be created.` },
    });
    assert.deepEqual(dockerCertsDir(disk([grand, parent], [first], [parent]), env), {
      found: null,
      candidates,
      create: { path: first, missing: [], blocked: `${first} is in the way: it is not a folder, so ${first} cannot be created.` },
    });
  });
});
