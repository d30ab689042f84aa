/**
 * certsd/dockerCertsDir, behind the client's "Open Docker's certs.d folder": Docker's standard
 * certs.d folders for this platform and user (core/roots.ts standardRoots), and the first of them
 * that is a folder here. The server answers so that the client needs no part of the core.
 */
import { FileSystemView } from '../core/fsview';
import { standardRoots } from '../core/roots';
import { DockerCertsDirResult } from '../protocol';

function isFolder(disk: FileSystemView, p: string): boolean {
  try {
    return disk.stat(p).type === 'directory';
  } catch {
    return false;
  }
}

export function dockerCertsDir(disk: FileSystemView, env: NodeJS.ProcessEnv): DockerCertsDirResult {
  const candidates = standardRoots(env)
    .filter((r) => r.engine === 'docker')
    .map((r) => r.path);
  return { found: candidates.find((p) => isFolder(disk, p)) ?? null, candidates };
}
