import * as path from 'node:path';
import { Fix } from '../findings';
import { hostsTomlEntries, insertKeyEdit, soleKey, toRange } from '../engines/hostsTomlSyntax';
import { HostRule } from './rule';
import { t } from '../l10n';

/**
 * parseHostConfig appends /v2 to a URL path that does not end in /v2 unless override_path = true:
 * `https://m/v2/library` becomes the API root https://m/v2/library/v2 (harness: 2.4.2 and 1.7.35;
 * with override_path the path is kept as written, cleaned).
 */
export const hostsTomlV2Path: HostRule = {
  code: 'certsd/hosts-toml-v2-path',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: 'A hosts.toml URL whose path already holds /v2/, to which containerd appends another /v2 (unless override_path = true).',
  check({ host, load, actor, cache, report }) {
    if (!load.hostsToml || !load.tomlHosts) return;
    const file = path.join(host.path, 'hosts.toml');
    const text = cache.file(file).text;
    for (const { host: h } of load.tomlHosts) {
      if (!h.pathAppended || !h.nameRange) continue;
      const written = h.parsed.path.slice(0, -'/v2'.length);
      if (!/(^|\/)v2(\/|$)/.test(written)) continue;
      const base = `${h.parsed.scheme}://${h.parsed.host}`;
      const fixes: Fix[] = [];
      const existing = soleKey(hostsTomlEntries(text) ?? [], h.name, 'override_path');
      const edit =
        existing === undefined
          ? insertKeyEdit(text, h.name, 'override_path', 'true')
          : existing !== 'ambiguous' && existing.value
            ? { range: toRange(existing.value.loc), newText: 'true' }
            : undefined;
      if (edit) fixes.push({ kind: 'edit', title: t('Add {0}', 'override_path = true'), path: file, edits: [edit], preferred: true });
      const where = h.name === undefined ? t('at the top level') : t('to this table');
      report({
        path: file,
        range: h.nameRange,
        summary: t('/v2 is appended to the path of "{0}"', h.written),
        message: t('{0} appends /v2 to the path of "{1}", so it uses {2} as the registry API root (requests go to {2}/...). If {3} already is the API root, add override_path = true {4}: requests then go to {3}/... .', actor, h.written, `${base}${h.parsed.path}`, `${base}${written}`, where),
        fixes,
      });
    }
  },
};
