import * as path from 'node:path';
import { Fix } from '../findings';
import { HostsTomlDialect, hostsTomlUrl, TomlHost } from '../engines/hostsToml';
import { tomlString } from '../engines/hostsTomlSyntax';
import { HostRule } from './rule';
import { t } from '../l10n';

/** How url.Parse split the name, in words: `scheme "httpcache.local" and no host`. */
function described(h: TomlHost): string {
  const { scheme, host, path: p } = h.parsed;
  const parts = [scheme ? t('scheme "{0}"', scheme) : t('no scheme'), host ? t('host "{0}"', host) : t('no host')];
  if (p) parts.push(t('path "{0}"', p));
  return parts.join(t(', '));
}

/** What the user most likely meant, if it parses to an http(s) URL with a host. */
function meant(written: string, dialect: HostsTomlDialect): string | undefined {
  if (/^https?$/i.test(written)) return undefined;
  // `http:/x`, `http//m`, `HTTPS://m`: the scheme meant, then the rest.
  const scheme = /^(https?)(?::\/*|\/+)(.+)$/i.exec(written);
  const other = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(.*)$/.exec(written);
  const candidate = scheme ? `${scheme[1].toLowerCase()}://${scheme[2]}` : other ? `https://${other[1]}` : `https://${written}`;
  const u = hostsTomlUrl(candidate, false, dialect);
  return 'error' in u || !u.host || (u.scheme !== 'http' && u.scheme !== 'https') || candidate === written ? undefined : candidate;
}

/** The name containerd does not read as the URL it looks like: no host, or a scheme it cannot talk. */
function badUrl(h: TomlHost): boolean {
  if (h.written === '') return false;
  const { scheme, host } = h.parsed;
  // `HTTPS://m`, `ftp://m`: only a lower-case "http" prefix is left alone, the rest gets https:// in front.
  if (!h.written.startsWith('http') && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(h.written)) return true;
  return host === '' || (scheme !== 'http' && scheme !== 'https');
}

/**
 * parseHostConfig adds https:// only to a name that does not start with "http", so
 * `httpcache.local:5000` is read as the scheme "httpcache.local" with no host, `https-mirror.corp`
 * as a bare path, `HTTPS://m` as the host "HTTPS:" (harness: 2.4.2 and 1.7.35). A host table
 * with no host is no server at all; a `server` with no host is replaced by the registry itself.
 */
export const hostsTomlBadUrl: HostRule = {
  code: 'certsd/hosts-toml-url',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: 'A host name or server in hosts.toml that containerd does not read as the URL it looks like (a name starting with "http" but not http:// or https://, a scheme in capitals).',
  // The path of a URL containerd misreads is not the one written: the URL is the fix.
  supersedes: { 'certsd/hosts-toml-v2-path': 'range' },
  check({ host, load, actor, report }) {
    if (!load.hostsToml || !load.tomlHosts || !load.hostsTomlDialect) return;
    const dialect = load.hostsTomlDialect;
    const file = path.join(host.path, 'hosts.toml');
    const names = new Set(load.tomlHosts.map((t) => t.host.name));
    for (const { host: h } of load.tomlHosts) {
      if (!badUrl(h) || !h.nameRange) continue;
      const suggestion = meant(h.written, dialect);
      const fixes: Fix[] = [];
      // Renaming a host table onto the name of another would define that table twice.
      if (suggestion && (h.name === undefined || !names.has(suggestion))) {
        fixes.push({ kind: 'edit', title: t('Write {0}', suggestion), path: file, edits: [{ range: h.nameRange, newText: tomlString(suggestion) }], preferred: true });
      }
      const advice = suggestion ? t(' Write "{0}".', suggestion) : t(' Write the URL as {0}.', 'https://host[:port][/path]');
      const message =
        h.name === undefined
          ? t('{0} reads server = "{1}" as {2}: with no usable host in it, it sends requests to the registry itself ({3}) instead.', actor, h.written, described(h), `${h.scheme}://${h.host}${h.path}`) + advice
          : t('{0} reads the host "{1}" as {2}, not as the server it looks like: there is nowhere to send requests for this entry.', actor, h.written, described(h)) + advice;
      const summary = h.name === undefined ? t('server = "{0}" names no usable host, so requests go to the registry itself', h.written) : t('The host "{0}" is not read as the server URL it looks like', h.written);
      report({ path: file, range: h.nameRange, summary, message, fixes });
    }
  },
};
