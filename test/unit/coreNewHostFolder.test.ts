/**
 * core/newHostFolder.ts planHostFolder: "New host folder..." from what the user typed to the
 * folder the engines read (moby's hostCertsDir: the name verbatim, colons dropped on Windows), or
 * the sentence that says why not. The root is a view written out here.
 */
import * as assert from 'node:assert/strict';
import { DirEntry, FileSystemView, FsError } from '../../server/src/core/fsview';
import { planHostFolder } from '../../server/src/core/newHostFolder';
import { sudoMkdir } from '../../server/src/core/sudoScripts';

const ROOT = '/etc/docker/certs.d';

/** A root holding `entries`; readDir of anything else fails. */
function rootView(entries: DirEntry[]): FileSystemView {
  const fail = (p: string) => {
    throw new FsError('ENOENT', p);
  };
  return { readDir: (d) => (d === ROOT ? entries : fail(d)), stat: fail, readFile: fail };
}

const empty = rootView([]);
const plan = (input: string, fs: FileSystemView = empty, platform: 'unix' | 'windows' = 'unix') => planHostFolder(fs, ROOT, input, platform);
const refused = (message: string) => ({ ok: false, message });

describe('core/newHostFolder: planHostFolder', () => {
  it('nothing typed', () => {
    for (const input of ['', '   ']) assert.deepEqual(plan(input), refused('Type the registry as images name it: HOST or HOST:PORT (registry.example.com:5000).'));
  });

  it('a URL or an image name: only the registry part', () => {
    for (const input of ['https://reg.example.com', 'HTTPS://reg.example.com', 'oci+https://reg.example.com', 'reg.example.com/team/app:1.0', 'reg.example.com/']) {
      assert.deepEqual(plan(input), refused('Type only the registry part of an image name, HOST or HOST:PORT, without a scheme or a path.'), input);
    }
  });

  it('what is not HOST or HOST:PORT, with the reason', () => {
    assert.deepEqual(plan('reg.example.com:99999'), refused('port 99999 is out of range: type HOST or HOST:PORT (registry.example.com:5000).'));
    assert.deepEqual(plan('reg.example.com:0'), refused('port 0 is out of range: type HOST or HOST:PORT (registry.example.com:5000).'));
    assert.deepEqual(plan(' reg example.com '), refused('"reg example.com" is not HOST or HOST:PORT: type HOST or HOST:PORT (registry.example.com:5000).'));
  });

  it('a name that is no registry host', () => {
    assert.deepEqual(plan('reg_example'), refused('"reg_example" is not a registry host name: letters, digits, "-" and "." (or [IPv6]), then :PORT.'));
  });

  it(':443 is left out: images name the registry without it', () => {
    assert.deepEqual(
      plan('reg.example.com:443'),
      refused('Leave out :443. Images pulled as "reg.example.com/app" (port 443 implied) make the engines read reg.example.com; a folder named reg.example.com:443 is read only for images named "reg.example.com:443/...". Type reg.example.com.'),
    );
  });

  it('the folder to make, where, and the sudo command that makes it (trimmed input, port kept)', () => {
    const target = `${ROOT}/reg.example.com:5000`;
    assert.deepEqual(plan('  reg.example.com:5000 '), { ok: true, name: 'reg.example.com:5000', path: target, sudoCommand: sudoMkdir([target]) });
    assert.deepEqual(plan('[::1]:5000'), { ok: true, name: '[::1]:5000', path: `${ROOT}/[::1]:5000`, sudoCommand: sudoMkdir([`${ROOT}/[::1]:5000`]) });
  });

  it('Windows: the colons dropped from the name, no sudo command', () => {
    assert.deepEqual(plan('reg.example.com:5000', empty, 'windows'), { ok: true, name: 'reg.example.com5000', path: `${ROOT}/reg.example.com5000` });
  });

  it('a name taken by anything (a file, a dangling link) is refused; a root that cannot be read takes any name', () => {
    const taken = rootView([
      { name: 'reg.example.com', type: 'symlink' },
      { name: 'other.example.com', type: 'file' },
    ]);
    assert.deepEqual(plan('reg.example.com', taken), refused(`reg.example.com already exists in ${ROOT}.`));
    assert.deepEqual(plan('other.example.com', taken), refused(`other.example.com already exists in ${ROOT}.`));
    assert.deepEqual(plan('reg.example.com:5000', taken, 'windows'), { ok: true, name: 'reg.example.com5000', path: `${ROOT}/reg.example.com5000` });
    assert.deepEqual(plan('reg.example.com5000', rootView([{ name: 'reg.example.com5000', type: 'directory' }]), 'unix'), refused(`reg.example.com5000 already exists in ${ROOT}.`));
    const unreadable: FileSystemView = {
      ...empty,
      readDir: (d) => {
        throw new FsError('EACCES', d);
      },
    };
    assert.deepEqual(plan('reg.example.com', unreadable, 'windows'), { ok: true, name: 'reg.example.com', path: `${ROOT}/reg.example.com` });
  });
});
