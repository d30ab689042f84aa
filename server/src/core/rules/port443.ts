import { ZERO_RANGE } from '../findings';
import { HostRule } from './rule';
import { renameFix } from './util';
import { t } from '../l10n';

/** `reg.example.com:443` is only read for references that literally say `:443`. */
export const port443: HostRule = {
  code: 'certsd/port-443',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A host folder name ends in :443, so pulls that name the registry without a port never read it.',
  check({ host, cache, report }) {
    if (!host.name.endsWith(':443')) return;
    const plain = host.name.slice(0, -':443'.length);
    report({
      path: host.path,
      range: ZERO_RANGE,
      summary: t('Folder {0} is read only for images named with :443', host.name),
      message: t('Folder {0} is read only for images named "{0}/...". Pulling "{1}/..." (port 443 implied) reads {1} instead: rename the folder to {1}.', host.name, plain),
      fixes: renameFix(cache, host.path, plain),
    });
  },
};
