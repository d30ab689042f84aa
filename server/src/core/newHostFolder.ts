/**
 * "New host folder...": from what the user typed (`registry.example.com:5000`) to the folder name
 * the engines read for it, or why not. Nothing is created here; the editor creates the folder once
 * the user confirmed the name.
 */
import * as path from 'node:path';
import { FileSystemView } from './fsview';
import { isRegistryHost, mobyFolderName, Platform } from './engines/hostFolders';
import { parseReference } from './probe/reference';
import { t } from './l10n';
import { sudoMkdir } from './sudoScripts';

/** Is the name taken in the root, by anything (a dangling link too: mkdir would fail on it)? */
function taken(fs: FileSystemView, root: string, name: string): boolean {
  try {
    return fs.readDir(root).some((e) => e.name === name);
  } catch {
    return false;
  }
}

export type HostFolderPlan =
  /**
   * `name`: the folder to create in `root`; `path`: where; `sudoCommand`: the command that makes it
   * where the editor may not write (root's /etc/docker/certs.d), refusing if anything is there by then
   * (not on Windows).
   */
  | { ok: true; name: string; path: string; sudoCommand?: string }
  | { ok: false; message: string };

/**
 * `root`: a certs.d folder being checked. Windows drops the colons from folder names (moby's
 * hostCertsDir, containerd's hostPaths): `reg:5000` is read from `reg5000` there.
 */
export function planHostFolder(fs: FileSystemView, root: string, input: string, platform: Platform): HostFolderPlan {
  const typed = input.trim();
  if (typed === '') return { ok: false, message: t('Type the registry as images name it: HOST or HOST:PORT (registry.example.com:5000).') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) || typed.includes('/')) {
    return { ok: false, message: t('Type only the registry part of an image name, HOST or HOST:PORT, without a scheme or a path.') };
  }
  const ref = parseReference(typed);
  if ('error' in ref) return { ok: false, message: t('{0}: type HOST or HOST:PORT (registry.example.com:5000).', ref.error) };
  if (!isRegistryHost(ref.hostPort)) return { ok: false, message: t('"{0}" is not a registry host name: letters, digits, "-" and "." (or [IPv6]), then :PORT.', typed) };
  // The same facts as rules/port443.ts: the engines take the folder name from the image reference verbatim.
  if (ref.port === '443') {
    const plain = ref.hostPort.slice(0, -':443'.length);
    return {
      ok: false,
      message: t('Leave out :443. Images pulled as "{0}/app" (port 443 implied) make the engines read {0}; a folder named {1} is read only for images named "{1}/...". Type {0}.', plain, ref.hostPort),
    };
  }
  const name = mobyFolderName(ref.hostPort, platform);
  const target = path.join(root, name);
  if (taken(fs, root, name)) return { ok: false, message: t('{0} already exists in {1}.', name, root) };
  return platform === 'windows' ? { ok: true, name, path: target } : { ok: true, name, path: target, sudoCommand: sudoMkdir([target]) };
}
