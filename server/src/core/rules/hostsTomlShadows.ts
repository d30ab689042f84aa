import * as path from 'node:path';
import { Fix } from '../findings';
import { hostsTomlEntries } from '../engines/hostsToml';
import { addTopLevelItemEdit, tomlString } from '../engines/hostsTomlSyntax';
import { isPrivateKeyType } from '../go/pem';
import { HostEntry, isDirLike } from '../tree';
import { HostRule } from './rule';
import { t } from '../l10n';

/** What to add to hosts.toml so that containerd loads the loose file(s) as it would without it. */
function referenceFor(e: HostEntry, entries: HostEntry[], keyHeld: (p: string) => boolean): { key: 'ca' | 'client'; item: string; line: string } | undefined {
  if (e.name.endsWith('.crt')) return { key: 'ca', item: tomlString(e.name), line: tomlString(e.name) };
  const base = e.name.endsWith('.cert') ? e.name.slice(0, -'.cert'.length) : e.name.endsWith('.key') ? e.name.slice(0, -'.key'.length) : undefined;
  if (base === undefined) return undefined;
  const cert = entries.find((x) => x.name === `${base}.cert` && !isDirLike(x));
  const key = entries.find((x) => x.name === `${base}.key`);
  if (cert && key) {
    const pair = `[${tomlString(cert.name)}, ${tomlString(key.name)}]`;
    return { key: 'client', item: pair, line: `[${pair}]` };
  }
  // A lone .cert works only when it holds the key too (the string form of client reads both from it).
  if (cert && e === cert && keyHeld(cert.path)) return { key: 'client', item: tomlString(cert.name), line: tomlString(cert.name) };
  return undefined;
}

/**
 * containerd: with a hosts.toml that parses (one of only comments too; a 0-byte one counts as
 * absent), loose certificate files are used only if a host of the file names them.
 */
export const hostsTomlShadows: HostRule = {
  code: 'certsd/hosts-toml-shadows',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: 'containerd ignores loose .crt/.cert/.key files in a folder whose hosts.toml does not name them.',
  check({ host, load, actor, cache, report }) {
    if (!load.hostsToml || !load.tomlHosts) return;
    const tomlPath = path.join(host.path, 'hosts.toml');
    const text = cache.file(tomlPath).text;
    const referenced = new Set<string>();
    for (const { host: h } of load.tomlHosts) {
      for (const p of h.caCerts ?? []) referenced.add(p);
      for (const [c, k] of h.clientPairs ?? []) referenced.add(c).add(k);
    }
    const empty = (hostsTomlEntries(text) ?? []).length === 0;
    const server = load.tomlHosts[load.tomlHosts.length - 1].host;
    const top = `${server.scheme}://${server.host}`;
    const keyHeld = (p: string) => cache.file(p).blocks.some((b) => isPrivateKeyType(b.type));
    for (const e of host.entries) {
      if (isDirLike(e) || referenced.has(e.path)) continue;
      const isCrt = e.name.endsWith('.crt');
      const isCert = e.name.endsWith('.cert');
      const isKey = e.name.endsWith('.key');
      if (!isCrt && !isCert && !isKey) continue;
      const ref = referenceFor(e, host.entries, keyHeld);
      // A lone .key is used by no engine, with or without hosts.toml (other rules say so); a key whose .cert is named is read as its pair's.
      if (isKey && !ref) continue;
      if (isKey && referenced.has(path.join(host.path, e.name.slice(0, -'.key'.length) + '.cert'))) continue;
      const fixes: Fix[] = [];
      const edit = ref && addTopLevelItemEdit(text, ref.key, ref.item, ref.line);
      if (ref && edit) fixes.push({ kind: 'edit', title: t('Add {0} to hosts.toml', `${ref.key} = ${ref.line}`), path: tomlPath, edits: [edit], preferred: true });
      const why = empty
        ? t('this folder has a hosts.toml that sets nothing (only comments or blank lines), yet it parses, so it takes over from the loose files')
        : t('hosts.toml takes over in this folder, and then only the files it names under "ca" or "client" are loaded');
      const advice = ref
        ? t(' Add {0} to the top level of hosts.toml (it applies to {1}, tried last).', `${ref.key} = ${ref.line}`, top)
        : isCert
          ? t(' {0} holds no private key and has no {1} beside it, so it would not load as a client certificate either.', e.name, `${e.name.slice(0, -'.cert'.length)}.key`)
          : '';
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        summary: t('{0} is not used: hosts.toml takes over and does not name it', e.name),
        message: t('{0} does not use {1}: {2}.', actor, e.name, why) + advice,
        fixes,
      });
    }
  },
};
