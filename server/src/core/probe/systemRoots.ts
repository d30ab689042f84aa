/**
 * The system roots an engine's Go reads on Linux (crypto/x509 root_linux.go and root_unix.go
 * loadSystemRoots): the first bundle file of Go's list that can be read (or SSL_CERT_FILE), then
 * every file of every certificate directory (or of the SSL_CERT_DIR list), skipping symlinks whose
 * target has no slash (the hash links). Each file goes through AppendCertsFromPEM. Not Node's
 * bundled list, and not the OS store VS Code patches into Node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileSystemView, isFsError, nodeFileSystem } from '../fsview';
import { GoCertPool, sha256Of } from '../go/certPool';
import { GoParseOptions } from '../go/godebug';
import { goParseCertificate } from '../go/parseCertificate';
import { decodeAll } from '../go/pem';

// Go: root_linux.go certFiles and certDirectories
export const GO_CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
export const GO_CERT_DIRECTORIES = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

export interface SystemRoots {
  pool: GoCertPool;
  /** The bundle file read (undefined when none could be read). */
  file?: string;
  directories: string[];
  /** Certificates added, and files read, for the report. */
  count: number;
  /** Where the lists came from: Go's defaults or the environment. */
  fromEnv: { file: boolean; dir: boolean };
}

export interface RootsFs extends FileSystemView {
  /** readlink(2); undefined when `p` is not a symlink or cannot be read. */
  readLink?(p: string): string | undefined;
}

const defaultReadLink = (p: string): string | undefined => {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
};

/**
 * AppendCertsFromPEM on one file; false when it cannot be read. A certificate already in the pool
 * is not parsed again: it parsed the first time, and CertPool keeps one copy of each DER anyway.
 */
function appendFile(pool: GoCertPool, rfs: FileSystemView, go: GoParseOptions, file: string): boolean {
  let data: Buffer;
  try {
    data = Buffer.from(rfs.readFile(file));
  } catch (e) {
    if (isFsError(e)) return false;
    throw e;
  }
  for (const b of decodeAll(data)) {
    if (b.type !== 'CERTIFICATE' || b.headerCount !== 0 || pool.has(sha256Of(b.bytes))) continue;
    const c = goParseCertificate(b.bytes, go);
    if (c.ok) pool.add(c.value, { kind: 'system', path: file });
  }
  return true;
}

// Go: root_unix.go loadSystemRoots
export function loadSystemRoots(env: NodeJS.ProcessEnv, go: GoParseOptions, rfs: RootsFs = nodeFileSystem): SystemRoots {
  const pool = new GoCertPool();
  const envFile = env.SSL_CERT_FILE;
  const envDir = env.SSL_CERT_DIR;
  const files = envFile ? [envFile] : GO_CERT_FILES;
  let file: string | undefined;
  for (const f of files) {
    if (appendFile(pool, rfs, go, f)) {
      file = f;
      break;
    }
  }
  const directories = envDir ? envDir.split(':') : GO_CERT_DIRECTORIES;
  const readLink = rfs.readLink ?? (rfs === nodeFileSystem ? defaultReadLink : () => undefined);
  for (const dir of directories) {
    let entries;
    try {
      entries = rfs.readDir(dir);
    } catch (e) {
      if (isFsError(e)) continue;
      throw e;
    }
    // os.ReadDir sorts by name.
    entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      // readUniqueDirectoryEntries: a symlink to a name in the same folder is a duplicate.
      if (e.type === 'symlink') {
        const target = readLink(p);
        if (target !== undefined && !target.includes('/')) continue;
      }
      appendFile(pool, rfs, go, dir + '/' + e.name);
    }
  }
  return { pool, file, directories, count: pool.size, fromEnv: { file: !!envFile, dir: !!envDir } };
}

const memo = new Map<string, { at: number; roots: SystemRoots }>();

/** loadSystemRoots, kept for a minute per environment (the editor probes again and again). */
export function systemRoots(env: NodeJS.ProcessEnv, go: GoParseOptions, rfs: RootsFs = nodeFileSystem, now = Date.now()): SystemRoots {
  if (rfs !== nodeFileSystem) return loadSystemRoots(env, go, rfs);
  const key = JSON.stringify([env.SSL_CERT_FILE ?? null, env.SSL_CERT_DIR ?? null, go]);
  const hit = memo.get(key);
  if (hit && now - hit.at < 60_000) return hit.roots;
  const roots = loadSystemRoots(env, go, rfs);
  memo.set(key, { at: now, roots });
  return roots;
}
