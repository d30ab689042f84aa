import * as path from 'node:path';
import { HostRule } from './rule';
import { t } from '../l10n';

/** What to do, when the error says more than "fix the file". */
function hint(error: string): string {
  // go-toml v1 (1.7) ends a table header at its first `]` and refuses a `[` in it (an IPv6 mirror).
  if (/^failed to parse TOML: .*(table key cannot contain|unclosed (double|single)-quoted key)/.test(error)) {
    return t('containerd 1.7 cannot read "[" or "]" inside a table header (an IPv6 address): write that host as a key under [host] instead, e.g. {0}.', '"https://[fd00::1]:5000" = { ca = "ca.crt" }');
  }
  return t('Fix the file.');
}

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
      summary: t('hosts.toml does not decode, so it is ignored and the loose files are used'),
      message: t('{0} cannot decode hosts.toml ({1}): it only logs {2} and uses the loose *.crt/*.cert/*.key files in {3} instead, so mirrors and settings in this file are ignored. {4}', actor, load.hostsTomlError, '"failed to decode"', host.name, hint(load.hostsTomlError)),
    });
  },
};
