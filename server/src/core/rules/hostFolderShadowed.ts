import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { containerdCandidates, containerdShadowInRoot, mobyFolderName, nonFolderEntry, presentNames } from '../engines/hostFolders';
import { HostRule } from './rule';
import { t } from '../l10n';

/**
 * containerd's HostDirFromRoot takes the first of `host_port_`, `host:port`, `_default` that os.Stat
 * finds (Windows: the same with the colons removed): a folder named `host:port` beside `host_port_` is
 * never read. Whatever os.Stat finds wins, a plain file too, and then every pull fails.
 */
export const hostFolderShadowed: HostRule = {
  code: 'certsd/host-folder-shadowed',
  severity: 'warning',
  scope: 'host',
  engines: ['containerd'],
  description: "containerd never reads a host folder because another name form of the same host comes first in its lookup (reg_5000_ before reg:5000).",
  check({ root, host, engine, actor, settings, report }) {
    const platform = settings.platform;
    const shadow = containerdShadowInRoot(host.name, presentNames(root), platform);
    if (!shadow) return;
    const order = containerdCandidates(shadow.host, platform).join(t(', then '));
    // Docker's login reads the host's name literally (moby hostCertsDir), whatever containerd picks.
    const login = engine === 'docker' && mobyFolderName(shadow.host, platform) === host.name ? t(' docker login still reads {0}: moby looks the name up as it is.', host.name) : '';
    const file = nonFolderEntry(root, shadow.winner);
    const message = file
      ? t('{0} never reads {1}: for {2} it tries {3}, and {4} here is not a folder, so every request to {2} fails with {5}. Remove or rename {4}.', actor, host.name, shadow.host, order, shadow.winner, `'open ${path.join(root.path, shadow.winner, 'hosts.toml')}: not a directory'`) + login
      : t('{0} never reads {1}: for {2} it tries {3}, finds {4} and uses that folder alone; nothing is merged. Keep one of the two.', actor, host.name, shadow.host, order, shadow.winner) + login;
    const summary = file
      ? t('Folder {0} is never read: {1}, tried first for the same host, is not a folder', host.name, shadow.winner)
      : t('Folder {0} is never read: {1} is used for the same host', host.name, shadow.winner);
    report({ path: host.path, range: ZERO_RANGE, summary, message });
  },
};
