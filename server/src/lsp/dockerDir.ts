/**
 * certsd/dockerCertsDir, behind the client's "Open Docker's certs.d folder": Docker's standard
 * certs.d folders for this platform and user (core/roots.ts standardRoots), and the first of them
 * that is a folder here. The server answers so that the client needs no part of the core.
 */
import * as path from 'node:path';
import { EditorFileSystemView, FileSystemView } from '../core/fsview';
import { t } from '../core/l10n';
import { sudoMkdir } from '../core/sudoScripts';
import { standardRoots } from '../core/roots';
import { DockerCertsDirResult } from '../protocol';

function isFolder(disk: FileSystemView, p: string): boolean {
  try {
    return disk.stat(p).type === 'directory';
  } catch {
    return false;
  }
}

export function dockerCertsDir(disk: EditorFileSystemView, env: NodeJS.ProcessEnv): DockerCertsDirResult {
  const candidates = standardRoots(env)
    .filter((r) => r.engine === 'docker')
    .map((r) => r.path);
  const found = candidates.find((p) => isFolder(disk, p)) ?? null;
  return found || candidates.length === 0 ? { found, candidates } : { found, candidates, create: planCreate(disk, candidates[0]) };
}

/**
 * How to create the first of Docker's folders (the one its setup reads: /etc/docker/certs.d for
 * rootful Docker on Linux): the folders missing, outermost first; where the nearest existing one is
 * not writable (root's /etc), the sudo command that makes them (core/sudoScripts.ts sudoMkdir).
 * Nothing is created here: the client does it when the user says so.
 */
function planCreate(disk: EditorFileSystemView, dir: string): NonNullable<DockerCertsDirResult['create']> {
  const missing: string[] = [];
  let at = dir;
  while (!disk.exists(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (missing.length === 0 || !isFolder(disk, at)) return { path: dir, missing, blocked: t('{0} is in the way: it is not a folder, so {1} cannot be created.', at, dir) };
  return disk.canWrite(at) ? { path: dir, missing } : { path: dir, missing, shellCommand: sudoMkdir(missing) };
}
