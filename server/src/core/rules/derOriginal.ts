import * as path from 'node:path';
import { sha256Hex } from '../engines/result';
import { isCertsdFileName, isDirLike } from '../tree';
import { CERTISH } from './ignoredExtension';
import { HostRule } from './rule';
import { t } from '../l10n';

/**
 * The DER file "Convert DER certificate to PEM" kept: the same certificate is in a `.crt` or
 * `.cert` of the folder, in PEM. The engines never read it (ignored-extension would warn that
 * they ignore a certificate); it is only a leftover, so this rule says that instead, as
 * information, and offers to delete it.
 */
export const derOriginal: HostRule = {
  code: 'certsd/der-original',
  severity: 'information',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A DER certificate the engines do not read sits beside its PEM copy (what DER-to-PEM conversion keeps); it can be deleted.',
  supersedes: { 'certsd/ignored-extension': 'file' },
  check({ host, cache, report }) {
    // The PEM certificates of the files the engines read, by the SHA-256 of their DER.
    const pemTwins = new Map<string, string>();
    for (const e of host.entries) {
      if (isDirLike(e) || !(e.name.endsWith('.crt') || e.name.endsWith('.cert'))) continue;
      const file = cache.file(e.path);
      for (const b of file.blocks) {
        if (b.type !== 'CERTIFICATE') continue;
        const c = file.certificate(b);
        if (c.ok && !pemTwins.has(sha256Hex(c.value.der))) pemTwins.set(sha256Hex(c.value.der), e.name);
      }
    }
    if (pemTwins.size === 0) return;
    for (const e of host.entries) {
      if (isDirLike(e) || isCertsdFileName(e.name) || e.name === 'hosts.toml') continue;
      if (!(e.type === 'file' || (e.type === 'symlink' && e.target === 'file'))) continue;
      // What a conversion keeps is named like a certificate (ca.der, ca.cer, CA.CRT): nothing else is opened.
      if (!CERTISH.test(e.name)) continue;
      // Only a DER certificate starts with a SEQUENCE byte; anything else is not read further.
      const file = cache.file(e.path);
      const der = file.derCertificate;
      if (!der?.ok || file.blocks.length > 0) continue;
      const twin = pemTwins.get(sha256Hex(der.value.der));
      if (!twin) continue;
      report({
        path: e.path,
        range: file.firstLine,
        summary: t('{0} is the DER original of {1}, and nothing reads it', e.name, twin),
        message: t('{0} is the DER original of {1} (the same certificate, in PEM, which the engines read): nothing reads {0}, so it can be deleted.', e.name, twin),
        fixes: [{ kind: 'delete', title: t('Delete the DER original {0}', path.basename(e.path)), path: e.path }],
      });
    }
  },
};
