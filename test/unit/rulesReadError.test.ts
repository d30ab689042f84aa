/**
 * certsd/read-error (rules/readError.ts) in-process: the files sit in memory, and reading one fails
 * the way the file system view says it does (a named pipe, a device, a socket, a file over the size
 * cap, a permission, a loop), without any FIFO or device on disk. Each finding is checked whole.
 */
import * as assert from 'node:assert/strict';
import { Finding } from '../../server/src/core/findings';
import { DirEntry, FsError } from '../../server/src/core/fsview';
import { Engine } from '../../server/src/core/tree';
import { findings, runCheck } from '../helpers/check';
import { MemFileSystem, MemNode } from '../fuzz/memFs';

const ROOT = '/etc/docker/certs.d';
const HOST = `${ROOT}/reg.example.com`;
const at = (name: string) => `${HOST}/${name}`;
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const ACTOR: Record<Engine, string> = { docker: 'Docker', podman: 'Podman', containerd: 'containerd' };

/** The in-memory view, where reading (or listing) a path can be made to fail with a given error. */
class FaultyFs extends MemFileSystem {
  readonly readFaults = new Map<string, FsError>();
  readonly listFaults = new Map<string, FsError>();
  override readFile(p: string): Uint8Array {
    const fault = this.readFaults.get(p);
    if (fault) throw fault;
    return super.readFile(p);
  }
  override readDir(dir: string): DirEntry[] {
    const fault = this.listFaults.get(dir);
    if (fault) throw fault;
    return super.readDir(dir);
  }
}

/** The host folder holding `files` (by name), where reading `faults` (by name) fails with the given code and detail. */
function view(files: Record<string, string | MemNode>, faults: Record<string, [string, FsError['detail']?]> = {}): FaultyFs {
  const fs = new FaultyFs();
  fs.put(HOST, { dir: true });
  for (const [name, node] of Object.entries(files)) fs.put(name.startsWith('/') ? name : at(name), typeof node === 'string' ? Buffer.from(node) : node);
  for (const [name, [code, detail]] of Object.entries(faults)) {
    const p = name.startsWith('/') ? name : at(name);
    fs.readFaults.set(p, new FsError(code, p, undefined, detail));
  }
  return fs;
}

function readErrors(fs: FaultyFs, engine: Engine): Finding[] {
  return findings(runCheck(ROOT, { fs, engine }), 'certsd/read-error');
}

/** A finding as the rule reports it: at the top of the file, on the host folder. */
function finding(path: string, severity: 'error' | 'warning', summary: string, message: string): Finding {
  return { code: 'certsd/read-error', severity, path, range: ZERO, summary, message, hostPath: HOST };
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('certsd/read-error on files certsd will not read', () => {
  for (const engine of ['docker', 'podman', 'containerd'] as const) {
    const actor = ACTOR[engine];

    it(`${engine}: a named pipe ca.crt hangs the engine; certsd says so and never opens it`, () => {
      const fs = view({ 'ca.crt': PEM }, { 'ca.crt': ['EFIFO'] });
      assert.deepEqual(readErrors(fs, engine), [
        finding(
          at('ca.crt'),
          'error',
          'ca.crt is a named pipe: the engine hangs reading it',
          `ca.crt is a named pipe (FIFO), not a file: ${actor} opens it to read it and waits until something writes to the pipe, so it hangs on this folder and pulls from this registry never finish. certsd does not open it. Replace it with the certificate file.`,
        ),
      ]);
    });

    it(`${engine}: a link to /dev/urandom is read until the engine runs out of memory`, () => {
      const fs = view({ 'ca.crt': PEM }, { 'ca.crt': ['EENDLESS', { device: '/dev/urandom' }] });
      assert.deepEqual(readErrors(fs, engine), [
        finding(
          at('ca.crt'),
          'error',
          'ca.crt leads to a device that never ends',
          `ca.crt leads to /dev/urandom, which never ends: ${actor} reads it until it runs out of memory and dies with "fatal error: out of memory". certsd does not read it. Replace it with the certificate file.`,
        ),
      ]);
    });

    it(`${engine}: a block device is named by its numbers`, () => {
      const fs = view({ 'ca.crt': PEM }, { 'ca.crt': ['EDEVICE', { device: 'block device 8:0' }] });
      assert.deepEqual(readErrors(fs, engine), [
        finding(
          at('ca.crt'),
          'error',
          'ca.crt is a device, not a file',
          `ca.crt is a block device 8:0, not a file: ${actor} reads whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.`,
        ),
      ]);
    });

    it(`${engine}: a file over the 1 MiB cap is a warning with its size: certsd did not check it`, () => {
      const fs = view({ 'ca.crt': PEM }, { 'ca.crt': ['EFBIG', { size: 3_145_728 }] });
      assert.deepEqual(readErrors(fs, engine), [
        finding(
          at('ca.crt'),
          'warning',
          'ca.crt was not checked: it is over the size certsd reads',
          `certsd did not check ca.crt: it is 3145728 bytes, over the 1 MiB certsd reads (a certificate bundle is far smaller). ${actor} reads it whole: check it with openssl, or move it out if it does not belong here.`,
        ),
      ]);
    });
  }

  it('a view that does not say which device: "a device" and "device"', () => {
    assert.deepEqual(readErrors(view({ 'a.crt': PEM, 'b.crt': PEM }, { 'a.crt': ['EENDLESS'], 'b.crt': ['EDEVICE'] }), 'docker'), [
      finding(
        at('a.crt'),
        'error',
        'a.crt leads to a device that never ends',
        'a.crt leads to a device, which never ends: Docker reads it until it runs out of memory and dies with "fatal error: out of memory". certsd does not read it. Replace it with the certificate file.',
      ),
      finding(
        at('b.crt'),
        'error',
        'b.crt is a device, not a file',
        // Docker stops at a.crt (its first error) before it reaches b.crt.
        'b.crt is a device, not a file: once a.crt is fixed, Docker would read whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.',
      ),
    ]);
  });

  it('a named pipe as the client key is reported on the key', () => {
    const fs = view({ 'client.cert': PEM, 'client.key': 'key' }, { 'client.key': ['EFIFO'] });
    assert.deepEqual(readErrors(fs, 'docker'), [
      finding(
        at('client.key'),
        'error',
        'client.key is a named pipe: the engine hangs reading it',
        'client.key is a named pipe (FIFO), not a file: Docker opens it to read it and waits until something writes to the pipe, so it hangs on this folder and pulls from this registry never finish. certsd does not open it. Replace it with the certificate file.',
      ),
    ]);
  });

  // The engine stops at its first error (a.crt, permission denied, comes first in the folder's
  // order): the pipe and the devices after it are files it has not reached yet. Docker's and
  // containerd's loaders stop there; the texts say what would happen once a.crt is fixed.
  for (const engine of ['docker', 'containerd'] as const) {
    it(`${engine}: a pipe and devices after a file the engine already stops at: "once a.crt is fixed, ... would"`, () => {
      const fs = view({ 'a.crt': PEM, 'b.crt': PEM, 'c.crt': PEM, 'd.crt': PEM }, { 'a.crt': ['EACCES'], 'b.crt': ['EFIFO'], 'c.crt': ['EENDLESS', { device: '/dev/zero' }], 'd.crt': ['EDEVICE', { device: 'block device 8:0' }] });
      const actor = ACTOR[engine];
      assert.deepEqual(
        readErrors(fs, engine).map((f) => [f.path, f.summary, f.message]).slice(1),
        [
          [
            at('b.crt'),
            'b.crt is a named pipe: the engine would hang on it once a.crt is fixed',
            `b.crt is a named pipe (FIFO), not a file: once a.crt is fixed, ${actor} would open it to read it and wait until something writes to the pipe, so it would hang on this folder and pulls from this registry would never finish. certsd does not open it. Replace it with the certificate file.`,
          ],
          [
            at('c.crt'),
            'c.crt leads to a device that never ends',
            `c.crt leads to /dev/zero, which never ends: once a.crt is fixed, ${actor} would read it until it runs out of memory and dies with "fatal error: out of memory". certsd does not read it. Replace it with the certificate file.`,
          ],
          [
            at('d.crt'),
            'd.crt is a device, not a file',
            `d.crt is a block device 8:0, not a file: once a.crt is fixed, ${actor} would read whatever the device gives (it may block, or never end). certsd does not read devices. Replace it with the certificate file.`,
          ],
        ],
      );
    });
  }

  it('a file over the cap from a view that gives no size: no "more than bytes"', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': PEM }, { 'ca.crt': ['EFBIG'] }), 'docker'), [
      finding(
        at('ca.crt'),
        'warning',
        'ca.crt was not checked: it is over the size certsd reads',
        'certsd did not check ca.crt: it is over the 1 MiB certsd reads (a certificate bundle is far smaller). Docker reads it whole: check it with openssl, or move it out if it does not belong here.',
      ),
    ]);
  });

  it("containerd: a named pipe hosts.toml hangs containerd's hosts code", () => {
    const fs = view({ 'hosts.toml': 'server = "https://reg.example.com"\n' }, { 'hosts.toml': ['EFIFO'] });
    assert.deepEqual(readErrors(fs, 'containerd'), [
      finding(
        at('hosts.toml'),
        'error',
        'hosts.toml is a named pipe: the engine hangs reading it',
        'hosts.toml is a named pipe (FIFO), not a file: containerd opens it to read it and waits until something writes to the pipe, so it hangs on this folder and pulls from this registry never finish. certsd does not open it. Replace it with the certificate file.',
      ),
    ]);
  });
});

describe('certsd/read-error on files the engine fails to read', () => {
  const refused = (name: string) => `The whole folder is refused: ${name} cannot be read`;

  it('permission denied: Docker quotes open(2), and the advice is to make it readable', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': PEM }, { 'ca.crt': ['EACCES'] }), 'docker'), [
      finding(at('ca.crt'), 'error', refused('ca.crt'), `Docker refuses the whole folder: "open ${at('ca.crt')}: permission denied". Make it readable by the user the engine runs as, or remove it.`),
    ]);
  });

  it("permission denied under containerd: its message quotes the path, so the quote is single", () => {
    const p = at('ca.crt');
    assert.deepEqual(readErrors(view({ 'ca.crt': PEM }, { 'ca.crt': ['EACCES'] }), 'containerd'), [
      finding(p, 'error', refused('ca.crt'), `containerd refuses the whole folder: 'unable to read CA cert "${p}": open ${p}: permission denied'. Make it readable by the user the engine runs as, or remove it.`),
    ]);
  });

  it('a socket: Go fails to open it, and the advice is to replace it', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': { special: 'socket' } }), 'docker'), [
      finding(at('ca.crt'), 'error', refused('ca.crt'), `Docker refuses the whole folder: "open ${at('ca.crt')}: no such device or address". It is a socket, not a file: replace it with the certificate file.`),
    ]);
  });

  it('a link to itself: the advice is about the loop, not permissions', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': { link: 'ca.crt' } }), 'docker'), [
      finding(
        at('ca.crt'),
        'error',
        refused('ca.crt'),
        `Docker refuses the whole folder: "open ${at('ca.crt')}: too many levels of symbolic links". The symbolic link loops back on itself (directly or through other links): point it at the real file, or remove it.`,
      ),
    ]);
  });

  it('a folder named .crt (and a link to a folder): rename or remove it', () => {
    const fs = view({ 'a.crt': { dir: true }, 'b.crt': { link: 'sub' }, 'sub/x': 'x' });
    assert.deepEqual(readErrors(fs, 'docker'), [
      finding(at('a.crt'), 'error', refused('a.crt'), `Docker refuses the whole folder: "read ${at('a.crt')}: is a directory". A folder cannot have a certificate extension: rename or remove it.`),
      finding(
        at('b.crt'),
        'error',
        refused('b.crt'),
        `Docker would also refuse the whole folder once a.crt is fixed: "read ${at('b.crt')}: is a directory". A folder cannot have a certificate extension: rename or remove it.`,
      ),
    ]);
  });

  it('a dangling link: Docker refuses the folder; the advice is to fix the link', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': { link: 'gone.pem' } }), 'docker'), [
      finding(at('ca.crt'), 'error', refused('ca.crt'), `Docker refuses the whole folder: "open ${at('ca.crt')}: no such file or directory". The symbolic link points to a file that does not exist: fix or remove the link.`),
    ]);
  });

  it('a dangling link under Podman: a warning that Podman skips it, not a refusal', () => {
    assert.deepEqual(readErrors(view({ 'ca.crt': { link: 'gone.pem' }, 'ok.crt': PEM }), 'podman'), [
      finding(at('ca.crt'), 'warning', 'ca.crt is a dangling symbolic link, so Podman skips it', 'Podman skips ca.crt: the symbolic link points to a file that does not exist. Fix or remove the link.'),
    ]);
  });

  it('the second unreadable file says the engine meets it once the first is fixed', () => {
    const fs = view({ 'a.crt': PEM, 'b.crt': PEM }, { 'a.crt': ['EACCES'], 'b.crt': ['EIO'] });
    assert.deepEqual(readErrors(fs, 'docker'), [
      finding(at('a.crt'), 'error', refused('a.crt'), `Docker refuses the whole folder: "open ${at('a.crt')}: permission denied". Make it readable by the user the engine runs as, or remove it.`),
      finding(
        at('b.crt'),
        'error',
        refused('b.crt'),
        `Docker would also refuse the whole folder once a.crt is fixed: "open ${at('b.crt')}: input/output error". Make it readable by the user the engine runs as, or remove it.`,
      ),
    ]);
  });

  it('a host folder Docker may not list: reported on the folder', () => {
    const fs = view({ 'ca.crt': PEM });
    fs.listFaults.set(HOST, new FsError('EACCES', HOST));
    assert.deepEqual(readErrors(fs, 'docker'), [
      finding(HOST, 'error', refused('reg.example.com'), `Docker refuses the whole folder: "open ${HOST}: permission denied". Make it readable by the user the engine runs as, or remove it.`),
    ]);
    // containers/image skips a folder it may not read.
    assert.deepEqual(readErrors(fs, 'podman'), []);
    // containerd reads hosts.toml first, and that is what fails.
    assert.deepEqual(readErrors(fs, 'containerd'), [
      finding(HOST, 'error', refused('reg.example.com'), `containerd refuses the whole folder: "open ${HOST}/hosts.toml: permission denied". Make it readable by the user the engine runs as, or remove it.`),
    ]);
  });

  it('a host folder that cannot be listed for a link loop: the advice is about the loop', () => {
    const fs = view({ 'ca.crt': PEM });
    fs.listFaults.set(HOST, new FsError('ELOOP', HOST));
    assert.deepEqual(readErrors(fs, 'docker'), [
      finding(
        HOST,
        'error',
        refused('reg.example.com'),
        `Docker refuses the whole folder: "open ${HOST}: too many levels of symbolic links". The symbolic link loops back on itself (directly or through other links): point it at the real file, or remove it.`,
      ),
    ]);
  });

  it('what is not a read failure (a .cert without its key, a .crt without certificates) is no read-error', () => {
    const fs = view({ 'client.cert': PEM, 'empty.crt': '' });
    for (const engine of ['docker', 'podman', 'containerd'] as const) {
      const r = runCheck(ROOT, { fs, engine });
      assert.equal(r.hosts[0].load.ok, false, engine);
      assert.deepEqual(findings(r, 'certsd/read-error'), [], engine);
    }
  });
});

describe('certsd/read-error with a hosts.toml (containerd)', () => {
  const toml = (ca: string) => `server = "https://reg.example.com"\nca = "${ca}"\n`;

  it('leaves a named path that is missing, under a file, or a folder to certsd/hosts-toml-file', () => {
    for (const [ca, extra, faults] of [
      ['/srv/missing.crt', {}, {}],
      ['/srv/file.txt/ca.crt', { '/srv/file.txt': 'x' }, { '/srv/file.txt/ca.crt': ['ENOTDIR'] }],
      ['/srv/folder', { '/srv/folder/x': 'x' }, {}],
    ] as const) {
      const fs = view({ 'hosts.toml': toml(ca), ...extra }, faults as Record<string, [string]>);
      const r = runCheck(ROOT, { fs, engine: 'containerd' });
      assert.equal(r.hosts[0].load.hostsToml, true);
      assert.equal(r.hosts[0].load.ok, false, ca);
      assert.deepEqual(findings(r, 'certsd/read-error'), [], ca);
    }
  });

  it('reports a named file outside the folder it may not read', () => {
    const p = '/srv/ca.crt';
    const fs = view({ 'hosts.toml': toml(p), [p]: PEM }, { [p]: ['EACCES'] });
    assert.deepEqual(readErrors(fs, 'containerd'), [
      finding(p, 'error', 'The whole folder is refused: ca.crt cannot be read', `containerd refuses the whole folder: 'unable to read CA cert "${p}": open ${p}: permission denied'. Make it readable by the user the engine runs as, or remove it.`),
    ]);
  });

  it('reports a named entry of the host folder that is a folder, with the folder advice', () => {
    const fs = view({ 'hosts.toml': toml('d.crt'), 'd.crt/x': 'x' });
    const p = at('d.crt');
    assert.deepEqual(readErrors(fs, 'containerd'), [
      finding(p, 'error', 'The whole folder is refused: d.crt cannot be read', `containerd refuses the whole folder: 'unable to read CA cert "${p}": read ${p}: is a directory'. A folder cannot have a certificate extension: rename or remove it.`),
    ]);
  });
});
