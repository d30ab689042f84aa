import * as path from 'node:path';
import { hostsTomlEntries } from '../engines/hostsToml';
import { Fix } from '../findings';
import { HostRule } from './rule';
import { t } from '../l10n';

/**
 * containerd never tries a host the file describes: 2.x takes hosts only from `[host."..."]`
 * table headers (getSortedHosts walks table expressions), so one written as a dotted key
 * (`host."https://m".ca = ...`) or an inline table (`"https://m" = { ... }` under `[host]`) is
 * dropped, while 1.7 (go-toml v1, every key of the tree) keeps it; and both read the host list
 * from the key `host` in lower case only (harness: 2.4.2 and 1.7.35).
 */
export const hostsTomlHostDropped: HostRule = {
  code: 'certsd/hosts-toml-host-dropped',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: 'A host in hosts.toml that containerd never tries: not written as a [host."..."] table header, or under "HOST" instead of "host".',
  check({ host, load, actor, cache, report }) {
    if (!load.hostsToml || !load.tomlDropped?.length) return;
    const file = path.join(host.path, 'hosts.toml');
    const line = load.hostsTomlDialect?.line ?? '2';
    const entries = hostsTomlEntries(cache.file(file).text) ?? [];
    for (const d of load.tomlDropped) {
      const mentions = entries.filter((e) => e.path.length >= 2 && e.path[0].toLowerCase() === 'host' && e.path[1] === d.name);
      const table = `[host.${JSON.stringify(d.name)}]`;
      if (d.why === 'key-case') {
        // The spelling of this key, as the decoder found it (a lower-case mention of the same name may come first).
        const hostKey = d.hostKey;
        const fixes: Fix[] = [];
        // Only when no lower-case table of that name exists already (renaming would define it twice), and,
        // for 2.x, when the host has a table header (else it stays dropped once renamed).
        const headerOk = !load.hostsTomlDialect?.hostsFromHeadersOnly || mentions.some((e) => e.table);
        if (headerOk && !mentions.some((e) => e.path[0] === 'host')) {
          const seen = new Set<string>();
          // Keys inside a table or an inline table carry the range of the part written above them: once each.
          const edits = mentions
            .map((e) => e.partRanges[0])
            .filter((r) => !seen.has(JSON.stringify(r)) && !!seen.add(JSON.stringify(r)))
            .map((range) => ({ range, newText: 'host' }));
          if (edits.length) fixes.push({ kind: 'edit', title: t('Write "{0}" as "host"', hostKey), path: file, edits, preferred: true });
        }
        report({
          path: file,
          range: d.hostKeyRange,
          summary: t('The host "{0}" is never tried: the key must be "host" in lower case', d.name),
          message: t('{0} never tries the host "{1}": it reads the list of hosts from the key "host" in lower case only, and this one is under "{2}". Write {3}.', actor, d.name, hostKey, table),
          fixes,
        });
        continue;
      }
      // The host itself in an inline table (`host = { ... }`, `"https://m" = { ... }`): not an inline table
      // deeper down (a dotted-key host's `header = { ... }`).
      const inline =
        entries.some((e) => e.path.length === 1 && e.path[0].toLowerCase() === 'host' && e.value?.type === 'TOMLInlineTable') ||
        mentions.some((e) => e.path.length === 2 && (e.inline || e.value?.type === 'TOMLInlineTable'));
      report({
        path: file,
        range: d.range,
        summary: t('The host "{0}" is never tried: hosts come only from [host."..."] table headers', d.name),
        message: inline
          ? t('{0} never tries the host "{1}": containerd {2} takes hosts only from [host."..."] table headers, and this one is written as an inline table. Write it as a table: {3} on a line of its own, with its keys below it.', actor, d.name, line, table)
          : t('{0} never tries the host "{1}": containerd {2} takes hosts only from [host."..."] table headers, and this one is written as a dotted key. Write it as a table: {3} on a line of its own, with its keys below it.', actor, d.name, line, table),
      });
    }
  },
};
