/** What an engine does with a host folder, in a line (or a few); shared by the CLI and the code lenses. */
import * as path from 'node:path';
import type { HostReport } from './check';
import { LoadResult } from './engines/result';
import { HostsTomlDialect, hostsTomlDialect, TomlHost } from './engines/hostsToml';
import { ENGINE_NAMES } from './tree';
import { isContainerdLocalhost } from './go/net';
import { t } from './l10n';


/** What one loader made of the folder, without saying whose loader it was. */
export function loadSummary(load: LoadResult): string {
  // The engine's error is quoted as it logs it, in English.
  if (load.notRead === 'docker-hub') return t('does not read this folder (Docker Hub)');
  if (load.notRead === 'loopback') return t('does not read this folder (a local registry: TLS not verified)');
  if (!load.ok) return t('fails - {0}', load.error ?? '');
  if (load.hostsToml) return t('uses hosts.toml (loose certificate files are not loaded)');
  const parts: string[] = [];
  // Without the system pool (hosts.toml's own CA set) what the folder adds is all there is.
  const roots = !load.systemRoots || load.caRoots === 0 ? t('system roots only') : load.caRoots === 1 ? t('1 CA root + system roots') : t('{0} CA roots + system roots', load.caRoots);
  const ignored = load.ignoredCaFiles === 1 ? t('{0} (1 .crt file ignored)', roots) : t('{0} ({1} .crt files ignored)', roots, load.ignoredCaFiles);
  parts.push(load.systemRoots && load.ignoredCaFiles > 0 ? ignored : roots);
  if (load.clientPairs > 0) parts.push(load.clientPairs === 1 ? t('1 client certificate') : t('{0} client certificates', load.clientPairs));
  return parts.join(', ');
}

/**
 * The verdict for a host folder. Docker with the containerd image store reads the folder for pulls
 * through containerd's code and for `docker login` through moby's: when the two differ, both are said.
 */
export function hostVerdict(report: HostReport): string {
  const pulls = loadSummary(report.load);
  if (report.engine === 'docker' && report.login && report.dockerStore?.store === 'containerd') {
    const login = loadSummary(report.login);
    if (login !== pulls) return t('Docker pull: {0} | docker login: {1}', pulls, login);
  }
  return `${ENGINE_NAMES[report.engine]}: ${pulls}`;
}

/** Does any operation of the engine fail on this folder? */
export function hostFails(report: HostReport): boolean {
  return !report.load.ok || (report.login !== undefined && !report.login.ok);
}

/**
 * Who reads the folder's hosts.toml: containerd's hosts code, run by containerd itself or by
 * Docker's pulls and pushes with the containerd image store. Undefined when nobody does (Podman,
 * Docker with graph drivers: moby's loader only reads *.crt, *.cert and *.key).
 */
export function hostsTomlReader(report: HostReport): string | undefined {
  if (report.load.engine !== 'containerd') return undefined;
  if (report.engine === 'containerd') return ENGINE_NAMES.containerd;
  return report.dockerStore?.assumed ? t('Docker (pulls and pushes, containerd image store)') : t('Docker (pulls and pushes)');
}

/** The hosts.toml dialect of the containerd release that reads the folder. */
export function dialectOfReport(report: HostReport): HostsTomlDialect {
  return hostsTomlDialect(report.release.containerd ?? '2.4');
}

/** The URL containerd sends requests to: scheme, host and path (`/v2` added unless override_path). */
export function tomlHostUrl(h: TomlHost): string {
  return `${h.scheme}://${h.host}${h.path}`;
}

/**
 * An `http://` host with TLS settings: containerd tries https first and falls back to http (the
 * conformance harness sees its transport wrapped in NewHTTPFallback, and containerd logs "host will
 * try HTTPS first since it is configured for HTTP with a TLS configuration"). Known for
 * `[host."http://..."]` tables; the `server` line keeps no trace of its scheme once upgraded.
 */
export function triesHttpAfterHttps(h: TomlHost): boolean {
  return h.name !== undefined && /^http:\/\//i.test(h.name) && h.scheme === 'https';
}

/** `all`, or the capabilities one by one (`pull, resolve`). */
export function capabilitiesText(h: TomlHost, dialect: HostsTomlDialect): string {
  const all = ['pull', 'resolve', 'push', ...(dialect.referrers ? ['referrers'] : [])];
  return all.every((c) => h.capabilities.includes(c)) ? 'all' : h.capabilities.join(', ');
}

/** A file named in hosts.toml, as the user knows it: relative to the host folder when inside it. */
export function nameInHostDir(hostDir: string, p: string): string {
  const rel = path.relative(hostDir, p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** The TLS settings of one host in a few words: `CA ca.crt`, `client client.cert`, `TLS not verified (skip_verify)`. */
export function tlsParts(h: TomlHost, hostDir: string): string[] {
  const parts: string[] = [];
  if (h.caCerts?.length) parts.push(`CA ${h.caCerts.map((c) => nameInHostDir(hostDir, c)).join(', ')}`);
  if (h.clientPairs?.length) parts.push(`client ${h.clientPairs.map(([c]) => nameInHostDir(hostDir, c)).join(', ')}`);
  // No `server` for a local registry: containerd turns verification off itself, whatever skip_verify says.
  if (h.skipVerify) parts.push(h.name === undefined && h.written === '' && isContainerdLocalhost(h.host) ? 'TLS not verified (a local registry)' : 'TLS not verified (skip_verify)');
  if (triesHttpAfterHttps(h)) parts.push('https, then http');
  return parts;
}

/** One host of the list: `1. https://mirror.example.com:5000/v2 (pull, resolve; CA ca.crt)`. */
export function tomlHostLine(h: TomlHost, index: number, report: HostReport): string {
  const what = [capabilitiesText(h, dialectOfReport(report)), ...tlsParts(h, report.path)].join('; ');
  return `${index + 1}. ${h.name === undefined ? 'server ' : ''}${tomlHostUrl(h)} (${what})`;
}

/**
 * Where containerd's hosts code sends requests for this registry, in the order it tries them, from
 * a decoded hosts.toml; or, when hosts.toml does not decode, that it falls back to the loose
 * files. Empty when no hosts.toml is read.
 */
export function tomlHostLines(report: HostReport): string[] {
  const who = hostsTomlReader(report);
  if (!who) return [];
  const { load } = report;
  if (load.hostsTomlError) return [`${who} cannot decode hosts.toml (${load.hostsTomlError}) and uses the loose files instead`];
  return (load.tomlHosts ?? []).map((t, i) => tomlHostLine(t.host, i, report));
}
