import * as path from 'node:path';
import { hostsTomlEntries, keysIgnoredByLine, unknownKeys } from '../engines/hostsToml';
import { serverForFolder } from '../generate/convertToHostsToml';
import { HostRule } from './rule';
import { t } from '../l10n';

/** containerd: keys of hosts.toml it never reads (go-toml drops them silently), with the likely intended key. */
export const hostsTomlUnknownKey: HostRule = {
  code: 'certsd/hosts-toml-unknown-key',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: 'A hosts.toml key containerd does not know is ignored without a word (a misspelling such as skip-verify; dial_timeout before containerd 2.1; Ca or Capabilities in containerd 1.7).',
  check({ host, load, actor, cache, report }) {
    const file = path.join(host.path, 'hosts.toml');
    if (!host.entries.some((e) => e.name === 'hosts.toml')) return;
    const facts = cache.file(file);
    if (!facts.data || facts.data.length === 0) return;
    const entries = hostsTomlEntries(facts.text) ?? [];
    for (const { entry, suggestion } of unknownKeys(entries)) {
      const key = entry.path[entry.path.length - 1];
      report({
        path: file,
        range: entry.keyRange,
        summary: t('"{0}" is not a hosts.toml key, so it is ignored', key),
        message: suggestion
          ? t('{0} ignores "{1}" without a word: it is not a hosts.toml key. Did you mean "{2}"?', actor, key, suggestion)
          : t('{0} ignores "{1}" without a word: it is not a hosts.toml key (known: {2}).', actor, key, 'server, capabilities, ca, client, skip_verify, header, override_path, dial_timeout'),
      });
    }
    const dialect = load.hostsTomlDialect;
    if (!dialect) return;
    for (const { entry, key, why } of keysIgnoredByLine(entries, dialect)) {
      report({ path: file, range: entry.keyRange, summary: t('"{0}" is ignored by this containerd release', key), message: t('{0} ignores "{1}" without a word: {2}.', actor, key, why) });
    }
    // ConfigureHosts gives a last entry with no host every capability and the path /v2.
    const server = load.tomlHosts?.[load.tomlHosts.length - 1]?.host;
    if (!server || server.parsed.host !== '') return;
    const registry = serverForFolder(host.name);
    for (const e of entries) {
      const key = e.path.length === 1 ? e.path[0].toLowerCase() : undefined;
      if (key !== 'capabilities' && key !== 'override_path') continue;
      const why = server.written === '' ? t('there is no server') : t('server = "{0}" names no host', server.written);
      report({
        path: file,
        range: e.keyRange,
        summary: t('The top-level "{0}" is ignored: there is no server for it to apply to', e.path[0]),
        message:
          t('{0} ignores the top-level "{1}": {2}, so the registry itself is used with every capability and the path /v2.', actor, e.path[0], why) +
          (registry ? t(' Set server = "{0}" to make it apply.', `https://${registry}`) : ''),
      });
    }
  },
};
