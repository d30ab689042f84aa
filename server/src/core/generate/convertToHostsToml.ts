/**
 * A hosts.toml that makes containerd load what it loads today from a folder's loose files: the
 * same `ca` files and client pairs, in the same order, for the registry itself. Once it exists,
 * containerd reads only the files it names (loadHostDir), so the loose files stay as they are.
 */
import { containerdLooseFiles } from '../engines/containerd';
import { FactsCache } from '../facts';
import { hostsTomlDialect, hostsTomlUrl } from '../engines/hostsToml';
import { tomlString } from '../engines/hostsTomlSyntax';
import { HostDir } from '../tree';
import { isContainerdLocalhost } from '../go/net';

/**
 * The registry a folder serves, as `server` would name it: `reg_5000_` (containerd's own form) is
 * `reg:5000`. Undefined when containerd fills in the registry itself better than a `server` line
 * could: `_default` (every registry), docker.io (registry-1.docker.io), and a local registry as
 * docker.IsLocalhost sees it (http on a port, no verification), which is what it does when `server`
 * is absent, as with the loose files.
 */
export function serverForFolder(folder: string): string | undefined {
  const registry = folder.replace(/^(.+)_(\d+)_$/, '$1:$2');
  if (registry === '_default' || registry === 'docker.io' || isContainerdLocalhost(registry)) return undefined;
  // A name url.Parse would refuse or read otherwise (a space, a slash) is better left to containerd too.
  const u = hostsTomlUrl(`https://${registry}`, false, hostsTomlDialect('2.4'));
  return 'error' in u || u.host !== registry || u.path !== '/v2' ? undefined : registry;
}

/**
 * The hosts.toml for `host`'s loose files as containerd's loadCertFiles reads them: every `.crt`
 * (directory order) under `ca`, every `.cert` with its `.key` as a `[cert, key]` pair, or alone
 * (the string form: the key is read from the `.cert` itself) when there is no `.key`.
 */
export function convertToHostsToml(host: HostDir, cache: FactsCache): { content: string; references: number } {
  const { caCerts, pairs } = host.readError ? { caCerts: [], pairs: [] } : containerdLooseFiles(host, cache);
  const server = serverForFolder(host.name);
  const lines = [
    `# hosts.toml for ${host.name}, written by certsd from the loose files containerd loads here.`,
    '# With this file in place containerd reads only the files named below: add new ones here.',
  ];
  if (server) lines.push(`server = ${tomlString(`https://${server}`)}`);
  else lines.push('# No server line: containerd then uses the registry it was asked for, as it does with the loose files.');
  // An empty `ca = []` would still give the host a pool of its own: leave out what there is none of.
  if (caCerts.length) lines.push(`ca = [${caCerts.map((e) => tomlString(e.name)).join(', ')}]`);
  if (pairs.length) {
    const items = pairs.map((p) => (p.keyPath ? `[${tomlString(p.cert.name)}, ${tomlString(p.keyPath.slice(host.path.length + 1))}]` : tomlString(p.cert.name)));
    lines.push(`client = [${items.join(', ')}]`);
  }
  const references = caCerts.length + pairs.reduce((n, p) => n + (p.keyPath ? 2 : 1), 0);
  return { content: lines.join('\n') + '\n', references };
}
