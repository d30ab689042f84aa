import * as path from 'node:path';
import { hostsTomlEntries, keysIgnoredByLine, unknownKeys } from '../hostsToml';
import { HostRule } from './rule';

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
        message: `${actor} ignores "${key}" without a word: it is not a hosts.toml key${suggestion ? `. Did you mean "${suggestion}"?` : ` (known: server, capabilities, ca, client, skip_verify, header, override_path, dial_timeout).`}`,
      });
    }
    const dialect = load.hostsTomlDialect;
    if (!dialect) return;
    for (const { entry, key, why } of keysIgnoredByLine(entries, dialect)) {
      report({ path: file, range: entry.keyRange, message: `${actor} ignores "${key}" without a word: ${why}.` });
    }
  },
};
