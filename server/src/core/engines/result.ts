/**
 * What a loader makes of one host folder (LoadResult), and the steps every loader shares: record an
 * error and go on, count a CA file, add to the pool as Go's CertPool does, and finish (a failed
 * load gives the engine no TLS configuration at all).
 */
import { createHash } from 'node:crypto';
import type { KeyPairResult } from '../go/tls';
import type { DroppedHost, HostsTomlDialect, TomlHost, TomlRange } from './hostsToml';
import type { Engine, HostEntry } from '../tree';

export type LoadErrorKind = 'read-dir' | 'read' | 'missing-key' | 'missing-cert' | 'key-pair' | 'ca-unusable';

export interface CaFileOutcome {
  entry: HostEntry;
  /** CERTIFICATE blocks that became trust anchors. */
  added: number;
  /** podman: a dangling link is skipped with a warning. */
  skipped?: boolean;
}

export interface PairOutcome {
  cert: HostEntry;
  keyPath?: string;
  ok: boolean;
  /** tls.X509KeyPair's full result: kept while the folder is checked, dropped afterwards. */
  result?: KeyPairResult;
}

export interface TomlHostLoad {
  host: TomlHost;
  systemRoots: boolean;
  caCertificates: string[];
  clientCertificates: string[];
}

export interface LoadError {
  kind: LoadErrorKind;
  /** The engine's own error, verbatim. */
  message: string;
  /** The file the error is about (the host folder for read-dir). */
  path: string;
}

export interface LoadResult {
  engine: Engine;
  ok: boolean;
  /** The error the engine returns: the first one met in directory order. */
  error?: string;
  /**
   * Every error met, in order. The engine stops at the first; the simulation goes on so that one
   * pass can report every file that would stop it once the earlier ones are fixed.
   */
  errors: LoadError[];
  /** Files with at least one CA certificate / with none, and client pairs. Zero when the load fails. */
  caRoots: number;
  ignoredCaFiles: number;
  clientPairs: number;
  /** A .crt was read, so the pool starts from the system roots. */
  systemRoots: boolean;
  /** Every .crt looked at, up to the error if any. */
  caFiles: CaFileOutcome[];
  pairs: PairOutcome[];
  /** SHA-256 (hex) of each certificate the pool gained, once each as Go's CertPool keeps them. Empty when the load fails. */
  caCertificates: string[];
  /** SHA-256 (hex) of each client pair's leaf, in the order tls.Config.Certificates gets them. Empty when the load fails. */
  clientCertificates: string[];
  /** containerd: a hosts.toml was decoded, so loose files are not loaded. */
  hostsToml: boolean;
  /** containerd: the hosts.toml did not decode (containerd logs "failed to decode" and uses the loose files). */
  hostsTomlError?: string;
  /** Where in hosts.toml the decode failed, when known. */
  hostsTomlErrorRange?: TomlRange;
  /** containerd with a decoded hosts.toml: each host to try, in order; the counts above are the last one's (`server`). */
  tomlHosts?: TomlHostLoad[];
  /** containerd with a decoded hosts.toml: hosts the file describes that are never tried. */
  tomlDropped?: DroppedHost[];
  /** Docker's own loader: moby's Service never reads this folder (Docker Hub, or a loopback registry it does not verify). */
  notRead?: 'docker-hub' | 'loopback';
  /** containerd: how its release line (and its Go) reads hosts.toml. */
  hostsTomlDialect?: HostsTomlDialect;
}

export function emptyResult(engine: Engine): LoadResult {
  return { engine, ok: true, errors: [], caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, systemRoots: false, caFiles: [], pairs: [], hostsToml: false, caCertificates: [], clientCertificates: [] };
}

export function fail(r: LoadResult, kind: LoadErrorKind, message: string, path: string): void {
  r.errors.push({ kind, message, path });
}

/** A failed load gives the engine no TLS configuration at all: nothing counts. */
export function finish(r: LoadResult): LoadResult {
  if (r.errors.length === 0) return r;
  return { ...r, ok: false, error: r.errors[0].message, caRoots: 0, ignoredCaFiles: 0, clientPairs: 0, caCertificates: [], clientCertificates: [] };
}

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** x509.CertPool.AddCert: a certificate already in the pool is not added twice. */
export function addToPool(r: LoadResult, certs: { cert: { der: Buffer } }[]): void {
  for (const { cert } of certs) {
    const sum = sha256Hex(cert.der);
    if (!r.caCertificates.includes(sum)) r.caCertificates.push(sum);
  }
}

export function addClient(r: LoadResult, result: KeyPairResult): void {
  if (result.ok) {
    r.clientPairs++;
    r.clientCertificates.push(sha256Hex(result.leaf.der));
  }
}

export function countCa(r: LoadResult, outcome: CaFileOutcome): void {
  r.caFiles.push(outcome);
  if (outcome.skipped) return;
  if (outcome.added > 0) r.caRoots++;
  else r.ignoredCaFiles++;
}
