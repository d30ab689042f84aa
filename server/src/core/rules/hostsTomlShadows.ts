import * as path from 'node:path';
import { isCertsdFileName } from '../tree';
import { HostRule } from './rule';

/** containerd: with a hosts.toml, loose certificate files are only used if hosts.toml names them. */
export const hostsTomlShadows: HostRule = {
  code: 'certsd/hosts-toml-shadows',
  severity: 'information',
  scope: 'host',
  engines: ['containerd'],
  description: 'containerd ignores loose .crt/.cert/.key files in a folder that has a hosts.toml.',
  check({ host, load, cache, report }) {
    if (!load.hostsToml) return;
    const toml = cache.file(path.join(host.path, 'hosts.toml')).text;
    for (const e of host.entries) {
      if (!isCertsdFileName(e.name) || toml.includes(e.name)) continue;
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        message: `containerd does not load ${e.name}: this folder has a hosts.toml, and then only the files it names under "ca" or "client" are used. Reference it there, e.g. ca = "${e.name}".`,
      });
    }
  },
};
