import * as path from 'node:path';
import { Fix } from '../findings';
import { HostRule } from './rule';
import { brokenBase64, engineFails, whyNoCertificate } from './util';
import { t } from '../l10n';

/** C1, C2, F4: a .crt that contributes no CA certificate. */
export const caUnusable: HostRule = {
  code: 'certsd/ca-unusable',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A .crt file holds no certificate Go can use: Docker and Podman ignore it silently, containerd refuses it.',
  check({ load, actor, cache, report }) {
    for (const ca of load.caFiles) {
      if (ca.skipped || ca.added > 0) continue;
      const file = cache.file(ca.entry.path);
      const why = whyNoCertificate(file);
      const err = load.errors.find((e) => e.kind === 'ca-unusable' && e.path === ca.entry.path);
      // Docker and Podman pass over it; whether pulls fail depends on the other .crt files.
      const othersLoad = load.caFiles.some((c) => c.added > 0);
      const verdict = err
        ? engineFails(actor, err.message, load)
        : othersLoad
          ? t('{0} silently ignores this file (the other .crt files still give it CA roots)', actor)
          : t('{0} silently ignores this file, so pulls fail with {1}', actor, '"x509: certificate signed by unknown authority"');
      const fixes: Fix[] = [];
      if (file.derCertificate?.ok) {
        fixes.push({ kind: 'der-to-pem', title: t('Convert to PEM'), path: file.path, to: file.path, preferred: true });
      }
      // A broken base64 line is pointed at where it is, not at the top of the file.
      const range = brokenBase64(file, (type) => type === 'CERTIFICATE')?.range ?? file.firstLine;
      report({ path: file.path, range, severity: err || !othersLoad ? 'error' : 'warning', summary: err ? t('The whole folder is refused: {0} holds no CA certificate Go can use', path.basename(file.path)) : t('{0} holds no CA certificate Go can use, so it is ignored', path.basename(file.path)), message: t('{0}: {1}.', verdict, why), fixes });
    }
  },
};
