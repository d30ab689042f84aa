import { HostRule } from './rule';
import { isPrivateKeyType } from '../go/pem';
import { blockRange, certificatesInUse, describeCert } from './util';
import { t } from '../l10n';

/** RSA keys under 2048 bits (Go 1.24 refuses those under 1024 outright). */
export const weakKey: HostRule = {
  code: 'certsd/weak-key',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'An RSA key is shorter than 2048 bits.',
  check(ctx) {
    for (const c of certificatesInUse(ctx)) {
      const k = c.cert.publicKey;
      if (k.type !== 'rsa' || (k.bits ?? 0) >= 2048) continue;
      ctx.report({
        path: c.file.path,
        range: blockRange(c.file, c.block),
        summary: t('The certificate has a weak RSA key of {0} bits', k.bits ?? 0),
        message:
          (k.bits ?? 0) < 1024
            ? t('Certificate {0} has an RSA key of {1} bits: use at least 2048 bits (Go 1.24 and later refuse keys under 1024 bits).', describeCert(c.cert), String(k.bits))
            : t('Certificate {0} has an RSA key of {1} bits: use at least 2048 bits.', describeCert(c.cert), String(k.bits)),
      });
    }
    for (const e of ctx.host.entries) {
      if (!e.name.endsWith('.key')) continue;
      const file = ctx.cache.file(e.path);
      const block = file.blocks.find((b) => isPrivateKeyType(b.type));
      const parsed = block ? file.privateKey(block) : undefined;
      if (!block || !parsed?.ok || parsed.value.type !== 'rsa' || (parsed.value.bits ?? 0) >= 2048) continue;
      ctx.report({ path: e.path, range: blockRange(file, block), summary: t('{0} is a weak RSA key of {1} bits', e.name, parsed.value.bits ?? 0), message: t('{0} is an RSA key of {1} bits: use at least 2048 bits.', e.name, String(parsed.value.bits)) });
    }
  },
};
