import * as path from 'node:path';
import { ZERO_RANGE } from '../findings';
import { hostOfFolder, isRegistryHost, statFinds } from '../engines/hostFolders';
import { LoaderFamily } from '../engines/releases';
import { isDirLike } from '../tree';
import { RootRule } from './rule';
import { t } from '../l10n';

/** Extensions of files people keep beside host folders (file-in-root reports the certificate ones). */
const FILE_LIKE = /\.(crt|cert|key|pem|cer|der|csr|p12|pfx|toml|json|ya?ml|txt|md|conf|bak|old|orig|swp)$/i;

/**
 * Would an image reference take this name for its registry part (a dot, a colon, or localhost), and
 * is it not plainly a file's name?
 */
function looksLikeRegistry(name: string): boolean {
  return (name.includes('.') || name.includes(':') || name === 'localhost') && isRegistryHost(name) && !FILE_LIKE.test(name);
}

/**
 * A file (or a link to one) directly in the root, named like a host folder: the engines' lookups check
 * only that the name exists (containerd os.Stat, containers/image faccessat, moby os.ReadDir), take it,
 * and fail reading it as a folder. Seen with the harness: containerd `open <root>/<name>/hosts.toml: not
 * a directory`, moby and containers/image `open <root>/<name>: not a directory`.
 */
export const hostNameNotFolder: RootRule = {
  code: 'certsd/host-name-not-folder',
  severity: 'error',
  scope: 'root',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A file in the root has the name of a host folder: the engine takes it for the folder and every pull from that registry fails.',
  check({ root, settings, report }) {
    if (root.onlyHosts !== undefined) return;
    const viaContainerd = root.engine === 'containerd' || (root.engine === 'docker' && settings.dockerStore.store === 'containerd');
    const families: LoaderFamily[] = root.engine === 'podman' ? ['containers-image'] : root.engine === 'docker' ? ['moby'] : [];
    if (viaContainerd) families.push('containerd');
    for (const e of root.strayFiles) {
      if (!statFinds(e) || isDirLike(e)) continue;
      const fh = hostOfFolder(e.name, root.engine === 'podman' ? 'unix' : settings.platform);
      if (fh.form === 'plain' && !looksLikeRegistry(e.name)) continue;
      const readers = families.filter((f) => fh.loaders.includes(f));
      if (readers.length === 0) continue;
      const errorOf = (f: LoaderFamily) => `"open ${f === 'containerd' ? path.join(e.path, 'hosts.toml') : e.path}: not a directory"`;
      // With graph drivers every Docker operation goes through moby's loader, not only docker login.
      const who =
        root.engine !== 'docker' ? (root.engine === 'podman' ? 'Podman' : 'containerd') : readers.length === 2 || !viaContainerd ? 'Docker' : readers[0] === 'containerd' ? t('Docker (pulls and pushes)') : 'docker login';
      const fails =
        readers.length === 2 ? t('fails: pulls and pushes with {0}, docker login with {1}', errorOf('containerd'), errorOf('moby')) : t('fails with {0}', errorOf(readers[0]));
      const forWhom = fh.form === 'default' ? t('every registry without a folder of its own') : fh.host!;
      report({
        path: e.path,
        range: ZERO_RANGE,
        summary: t('{0} is a file where the engine looks for a host folder', e.name),
        message: t('{0} is a file, not a folder: {1} takes it as the host folder for {2}, and every request {3}. Make {0} a folder holding the certificates ({4}), or remove it.', e.name, who, forWhom, fails, `${path.basename(root.path)}/${e.name}/ca.crt`),
      });
    }
  },
};
