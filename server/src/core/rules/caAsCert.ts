import * as path from 'node:path';
import { HostRule } from './rule';
import { describeCert, engineFails, firstCertificate, renameFix } from './util';

/** A CA certificate saved as `.cert`: the engines take it for half of a client pair. */
export const caAsCert: HostRule = {
  code: 'certsd/ca-as-cert',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A CA certificate is saved with the client-certificate extension .cert instead of .crt.',
  check({ host, load, engine, cache, report }) {
    if (load.hostsToml) return;
    for (const e of host.entries) {
      if (!e.name.endsWith('.cert')) continue;
      const file = cache.file(e.path);
      const first = firstCertificate(file);
      if (!first || !(first.cert.isCA || first.cert.selfIssued)) continue;
      // A self-signed client certificate with its key (as Docker's documentation makes them) is fine.
      const pair = load.pairs.find((p) => p.cert.path === e.path);
      if (pair?.ok) continue;
      if (!first.cert.isCA && host.entries.some((x) => x.name === e.name.slice(0, -5) + '.key')) continue;
      const base = e.name.slice(0, -'.cert'.length);
      const err = load.errors.find((x) => x.path === e.path || (pair?.keyPath && x.path === pair.keyPath));
      const verdict = err ? `${engineFails(engine, err.message)}. ` : '';
      report({
        path: e.path,
        range: file.firstLine,
        message: `${verdict}${path.basename(e.path)} holds a CA certificate (${describeCert(first.cert)}), and CA certificates must use the extension .crt: rename it to ${base}.crt.`,
        fixes: renameFix(cache, e.path, `${base}.crt`),
      });
    }
  },
};
