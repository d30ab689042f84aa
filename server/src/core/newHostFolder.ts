/**
 * "New host folder...": from what the user typed (`registry.example.com:5000`) to the folder name
 * the engines read for it, or why not. Nothing is created here; the editor creates the folder once
 * the user confirmed the name.
 */
import * as path from 'node:path';
import { FileSystemView } from './fsview';
import { isRegistryHost, mobyFolderName, Platform } from './engines/hostFolders';
import { parseReference } from './probe/reference';

/** Is the name taken in the root, by anything (a dangling link too: mkdir would fail on it)? */
function taken(fs: FileSystemView, root: string, name: string): boolean {
  try {
    return fs.readDir(root).some((e) => e.name === name);
  } catch {
    return false;
  }
}

export type HostFolderPlan =
  /** `name`: the folder to create in `root`; `path`: where. */
  | { ok: true; name: string; path: string }
  | { ok: false; message: string };

/**
 * `root`: a certs.d folder being checked. Windows drops the colons from folder names (moby's
 * hostCertsDir, containerd's hostPaths): `reg:5000` is read from `reg5000` there.
 */
export function planHostFolder(fs: FileSystemView, root: string, input: string, platform: Platform): HostFolderPlan {
  const typed = input.trim();
  if (typed === '') return { ok: false, message: 'Type the registry as images name it: HOST or HOST:PORT (registry.example.com:5000).' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) || typed.includes('/')) {
    return { ok: false, message: 'Type only the registry part of an image name, HOST or HOST:PORT, without a scheme or a path.' };
  }
  const ref = parseReference(typed);
  if ('error' in ref) return { ok: false, message: `${ref.error}: type HOST or HOST:PORT (registry.example.com:5000).` };
  if (!isRegistryHost(ref.hostPort)) return { ok: false, message: `"${typed}" is not a registry host name: letters, digits, "-" and "." (or [IPv6]), then :PORT.` };
  // The same facts as rules/port443.ts: the engines take the folder name from the image reference verbatim.
  if (ref.port === '443') {
    const plain = ref.hostPort.slice(0, -':443'.length);
    return {
      ok: false,
      message: `Leave out :443. Images pulled as "${plain}/app" (port 443 implied) make the engines read ${plain}; a folder named ${ref.hostPort} is read only for images named "${ref.hostPort}/...". Type ${plain}.`,
    };
  }
  const name = mobyFolderName(ref.hostPort, platform);
  const target = path.join(root, name);
  if (taken(fs, root, name)) return { ok: false, message: `${name} already exists in ${root}.` };
  return { ok: true, name, path: target };
}
