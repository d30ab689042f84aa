import * as path from 'node:path';
import { HostRule } from './rule';

/** containerd: a hosts.toml it cannot decode is logged ("failed to decode") and the loose files are used instead. */
export const hostsTomlIgnored: HostRule = {
  code: 'certsd/hosts-toml-ignored',
  severity: 'error',
  scope: 'host',
  engines: ['containerd'],
  description: 'containerd cannot decode hosts.toml, so it silently falls back to the loose .crt/.cert/.key files.',
  check({ host, load, actor, cache, report }) {
    if (!load.hostsTomlError) return;
    const file = path.join(host.path, 'hosts.toml');
    report({
      path: file,
      range: load.hostsTomlErrorRange ?? cache.file(file).firstLine,
      message: `${actor} cannot decode hosts.toml (${load.hostsTomlError}): it only logs "failed to decode" and uses the loose *.crt/*.cert/*.key files in ${host.name} instead, so mirrors and settings in this file are ignored. Fix the file.`,
    });
  },
};
