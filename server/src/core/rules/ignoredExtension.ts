import { Fix } from '../findings';
import { isCertsdFileName, isDirLike } from '../tree';
import { HostRule } from './rule';
import { contentRole, exists, EXTENSION_FOR, renamedTo, renameFix } from './util';
import { t } from '../l10n';

/** Certificate bundles stay well under this; bigger files are not certificates worth guessing at. */
const MAX_GUESSED_SIZE = 256 * 1024;

function isSmallFile(cache: Parameters<HostRule['check']>[0]['cache'], p: string): boolean {
  try {
    return cache.fs.stat(p).size <= MAX_GUESSED_SIZE;
  } catch {
    return false;
  }
}

/** Names that look like a certificate's or key's (read whatever their size). */
export const CERTISH = /\.(crt|cert|key|pem|cer|der|ca|ca-bundle|csr|p7b|p12|pfx)$/i;

/** F1: a file that looks like a certificate or key, under a name no engine reads. */
export const ignoredExtension: HostRule = {
  code: 'certsd/ignored-extension',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A certificate or key file has an extension the engines ignore (only .crt, .cert and .key are read).',
  check({ host, actor, cache, report }) {
    for (const e of host.entries) {
      if (isDirLike(e) || e.name === 'hosts.toml') continue;
      if (isCertsdFileName(e.name)) continue;
      // The engines never open it; neither does certsd (a README.txt that is a pipe must not hang the check).
      if (!(e.type === 'file' || (e.type === 'symlink' && e.target === 'file'))) continue;
      // A README or an archive beside the certificates: only small files are worth reading.
      if (!CERTISH.test(e.name) && !isSmallFile(cache, e.path)) continue;
      const file = cache.file(e.path);
      const role = contentRole(file);
      if (!role && !CERTISH.test(e.name)) continue;
      let advice = t('it holds no certificate or key.');
      let fixes: Fix[] = [];
      if (role) {
        const target = renamedTo(e.name, EXTENSION_FOR[role]);
        const what = role === 'ca' ? t('a CA certificate') : role === 'client-cert' ? t('a client certificate') : t('a private key');
        advice = t('it holds {0}: rename it to {1}.', what, target);
        const taken = exists(cache, e.path.slice(0, -e.name.length) + target);
        if (taken) {
          advice = t('it holds {0}, but {1} is taken: merge the two or choose another name ending in {2}.', what, target, EXTENSION_FOR[role]);
        } else if (file.blocks.length === 0 && file.derCertificate?.ok) {
          advice = t('it holds {0} in DER (binary) form: convert it to PEM as {1}.', what, target);
          fixes = [{ kind: 'der-to-pem', title: t('Convert to PEM as {0}', target), path: e.path, to: e.path.slice(0, -e.name.length) + target, preferred: true }];
        } else {
          fixes = renameFix(cache, e.path, target);
        }
      }
      report({ path: e.path, range: file.firstLine, summary: t('{0} is ignored: only .crt, .cert and .key files are read', e.name), message: t('{0} ignores {1}: only .crt, .cert and .key files are read (case matters), and {2}', actor, e.name, advice), fixes });
    }
  },
};
