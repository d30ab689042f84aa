import { HostRule } from './rule';
import { contentRole, engineFails } from './util';
import { t } from '../l10n';

/** K2's usual cause: `ca.crt` + `ca.key` or `registry.crt` + `registry.key` copied from the registry. */
export const serverKey: HostRule = {
  code: 'certsd/server-key',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A .key sits beside a .crt of the same base name: a CA or server private key that clients never need (fatal for Docker and Podman, ignored by containerd).',
  // Docker and Podman call it a key without its .cert; the fix is to delete it, not to add one.
  supersedes: { 'certsd/missing-client-cert': 'file' },
  check({ host, actor, load, cache, report }) {
    const names = new Set(host.entries.map((e) => e.name));
    for (const e of host.entries) {
      if (!e.name.endsWith('.key')) continue;
      const base = e.name.slice(0, -'.key'.length);
      if (!names.has(`${base}.crt`) || names.has(`${base}.cert`)) continue;
      const crt = host.entries.find((x) => x.name === `${base}.crt`)!;
      if (contentRole(cache.file(crt.path)) === 'client-cert') continue;
      // docker and podman refuse the folder (missing client certificate); containerd ignores the key.
      const err = load.errors.find((x) => x.kind === 'missing-cert' && x.path === e.path);
      const effect = err ? t('{0}.', engineFails(actor, err.message, load)) : t('containerd ignores it.');
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        severity: err ? 'error' : 'warning',
        summary: t("{0} looks like the registry's own private key, which clients never need", e.name),
        message: t("{0} looks like the private key of {1}, copied from the registry's own configuration: clients never need it, and it is a secret that should not be on this machine. Delete it. {2}", e.name, `${base}.crt`, effect),
      });
    }
  },
};
