import { HostRule } from './rule';
import { contentRole } from './util';

/** K2's usual cause: `ca.crt` + `ca.key` or `registry.crt` + `registry.key` copied from the registry. */
export const serverKey: HostRule = {
  code: 'certsd/server-key',
  severity: 'warning',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A .key sits beside a .crt of the same base name: a CA or server private key that clients never need.',
  check({ host, engine, cache, report }) {
    const names = new Set(host.entries.map((e) => e.name));
    for (const e of host.entries) {
      if (!e.name.endsWith('.key')) continue;
      const base = e.name.slice(0, -'.key'.length);
      if (!names.has(`${base}.crt`) || names.has(`${base}.cert`)) continue;
      const crt = host.entries.find((x) => x.name === `${base}.crt`)!;
      if (contentRole(cache.file(crt.path)) === 'client-cert') continue;
      const effect = engine === 'containerd' ? 'containerd ignores it' : `${engine === 'docker' ? 'Docker' : 'Podman'} refuses the folder because of it`;
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        message: `${e.name} looks like the private key of ${base}.crt, copied from the registry's own configuration. ${effect}, and it is a secret that should not be on this machine: delete it.`,
      });
    }
  },
};
