/**
 * From what the user typed (the registry part of an image reference, HOST[:PORT]) to what the
 * engine does with it: which certs.d folder it reads (none for Docker Hub and loopback under
 * moby), and where it connects. The folder name is the reference's registry part verbatim for
 * Docker and Podman; containerd tries `host_port_`, `host:port`, then `_default` (hosts.go
 * HostDirFromRoot).
 */
import * as path from 'node:path';
import { FileSystemView, isFsError } from '../fsview';
import { candidatesFor, familyOf } from '../engines/hostFolders';
import { goParseIP } from '../go/x509';
import { Engine } from '../tree';

export interface Reference {
  /** As the engine sees it: `reg.example.com`, `reg.example.com:5000`, `[::1]:5000`. */
  hostPort: string;
  /** Without the port (and without IPv6 brackets). */
  hostname: string;
  /** The port as written, if any. */
  port?: string;
}

/** `reg.example.com:5000`, `https://reg.example.com/v2/`, `reg.example.com/team/app:1.0` -> the registry part. */
export function parseReference(input: string): Reference | { error: string } {
  const trimmed = input.trim();
  const unschemed = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const parts = unschemed.split('/');
  let s = parts[0];
  // An image name (no scheme, a path): distribution/reference splitDockerDomain reads a first part
  // without '.' or ':', not `localhost` and all lower case as a path on Docker Hub (`team/app`).
  if (unschemed === trimmed && parts.length > 1 && !/[.:]/.test(s) && s !== 'localhost' && s.toLowerCase() === s && s !== '') s = 'docker.io';
  if (s === '') return { error: `"${input}" names no registry host` };
  const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(s) ?? /^([^:[\]\s]+)(?::(\d+))?$/.exec(s);
  if (!m) return { error: `"${input}" is not HOST or HOST:PORT` };
  const port = m[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return { error: `port ${port} is out of range` };
  return { hostPort: s, hostname: m[1], port };
}

export const DOCKER_HUB = new Set(['docker.io', 'index.docker.io']);
export const DOCKER_HUB_API = 'registry-1.docker.io';

/** containerd's docker.IsLocalhost: `localhost` or a loopback IP literal. */
export function isLocalhost(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  return isLoopbackIp(hostname);
}

/** net.IP.IsLoopback of a literal: 127.0.0.0/8 (also IPv4-mapped) or ::1. */
export function isLoopbackIp(s: string): boolean {
  const ip = goParseIP(s);
  if (!ip) return false;
  const v4mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (v4mapped) return ip[12] === 127;
  return ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
}

/** Folder names the loader looks for, in order (containerd: hosts.go hostPaths on Unix). */
export function folderNames(loader: Engine, ref: Reference): string[] {
  return candidatesFor(familyOf(loader), ref.hostPort, 'unix');
}

/** Does os.Stat find it (a dangling link does not count)? */
export function exists(fs: FileSystemView, p: string): boolean {
  try {
    fs.stat(p);
    return true;
  } catch (e) {
    if (isFsError(e)) return false;
    throw e;
  }
}

export interface FolderChoice {
  /** Every path the engine looks at, in order. */
  tried: string[];
  /** The folder it reads, when one exists. */
  path?: string;
  root?: string;
  name?: string;
}

/** The first existing folder over the roots (the first root with a match wins, nothing merged). */
export function chooseFolder(fs: FileSystemView, loader: Engine, ref: Reference, roots: string[]): FolderChoice {
  const tried: string[] = [];
  for (const root of roots) {
    for (const name of folderNames(loader, ref)) {
      const p = path.join(root, name);
      tried.push(p);
      if (exists(fs, p)) return { tried, path: p, root, name };
    }
  }
  return { tried };
}

/**
 * Folders in the roots that the user probably meant for this reference but the engine does not
 * read for it: the same host with `:443`, without the port, or with containerd's `_port_` spelling.
 */
export function nearMisses(fs: FileSystemView, loader: Engine, ref: Reference, roots: string[]): string[] {
  const wanted = new Set(folderNames(loader, ref));
  const candidates = [ref.hostname, `${ref.hostname}:443`, `${ref.hostname}_443_`, ...(ref.port ? [`${ref.hostname}:${ref.port}`, `${ref.hostname}_${ref.port}_`] : [])];
  const out: string[] = [];
  for (const root of roots) for (const c of candidates) if (!wanted.has(c) && exists(fs, path.join(root, c))) out.push(path.join(root, c));
  return [...new Set(out)];
}
