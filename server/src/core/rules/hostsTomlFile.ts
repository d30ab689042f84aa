import * as path from 'node:path';
import { LoadError } from '../engines/result';
import { hostsTomlReferences, HostsTomlReference } from '../engines/hostsToml';
import { HostRule } from './rule';
import { engineFails, whyNoCertificate } from './util';
import { t } from '../l10n';

/** The load error about this reference's file, in the words of the step that read it. */
function errorFor(ref: HostsTomlReference, errors: LoadError[]): LoadError | undefined {
  return errors.find((e) => {
    if (e.path !== ref.absolute) return false;
    if (ref.role === 'ca') return e.kind === 'ca-unusable' || (e.kind === 'read' && e.message.startsWith('unable to read CA cert'));
    return e.kind === 'key-pair' || (e.kind === 'read' && e.message.startsWith('unable to read CERT file'));
  });
}

/**
 * updateTLSConfigFromHost reads every `ca` and `client` file of each host when the registry is
 * looked up; the first that is missing, unreadable, holds no certificate, or does not pair fails
 * the whole lookup with containerd's own error. Reported at the path string in hosts.toml (the
 * file itself may not exist, or live outside the folder).
 */
export const hostsTomlFile: HostRule = {
  code: 'certsd/hosts-toml-file',
  severity: 'error',
  scope: 'host',
  engines: ['containerd'],
  description: 'A file hosts.toml names under "ca" or "client" is missing, unreadable, holds no certificate, or does not load as a pair: containerd fails every lookup of the registry.',
  check({ host, load, actor, cache, report }) {
    if (!load.hostsToml || !load.tomlHosts || load.errors.length === 0) return;
    const file = path.join(host.path, 'hosts.toml');
    const tried = new Set(load.tomlHosts.map((t) => t.host.name));
    for (const ref of hostsTomlReferences(cache.file(file).text, host.path)) {
      if (!tried.has(ref.host)) continue;
      const err = errorFor(ref, load.errors);
      if (!err) continue;
      const facts = cache.file(ref.absolute);
      const code = facts.readError?.code;
      const relative = !path.isAbsolute(ref.value);
      let why: string;
      if (ref.value === '') why = t('An empty path is joined to the host folder, so the folder itself is read as the key. Name the key file, or use the string form ({0}) when the key is in the certificate file.', 'client = "x.cert"');
      else if (code === 'ENOENT' || code === 'ENOTDIR') why = relative ? t('There is no {0} (relative paths are joined to the host folder). Fix the path, or put the file there.', ref.absolute) : t('There is no {0}. Fix the path, or put the file there.', ref.absolute);
      else if (code === 'EISDIR') why = t('{0} is a folder, not a file.', ref.absolute);
      else if (code) why = t('{0} cannot read it: make it readable by the user the engine runs as.', actor);
      else if (err.kind === 'ca-unusable') why = t('{0}.', whyNoCertificate(facts));
      else {
        why =
          ref.role === 'client-key'
            ? t('The key and its certificate do not load as a pair (see the finding on {0}).', path.basename(ref.absolute))
            : t('The certificate and its key do not load as a pair (see the finding on {0}).', path.basename(ref.absolute));
      }
      report({ path: file, range: ref.range, summary: t('The whole folder is refused: {0} named here cannot be used', path.basename(ref.absolute)), message: t('{0}. {1}', engineFails(actor, err.message, load), why) });
    }
  },
};
