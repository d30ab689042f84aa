import * as path from 'node:path';
import { LoadResult } from '../engines/result';
import { FactsCache } from '../facts';
import { HostDir, HostEntry } from '../tree';
import { CertFacts } from '../go/x509';
import { HostRule } from './rule';
import { describeCert, engineFails, firstCertificate, keyMatchesLaterCertificate, renameFix } from './util';
import { t } from '../l10n';

/**
 * Is this `.cert` a CA certificate saved with the wrong extension? Not when it loads as a pair,
 * nor for a self-signed client certificate beside its key (as Docker's documentation makes them).
 */
function isCaSavedAsCert(host: HostDir, load: LoadResult, cache: FactsCache, e: HostEntry): CertFacts | undefined {
  if (!e.name.endsWith('.cert')) return undefined;
  const first = firstCertificate(cache.file(e.path));
  if (!first || !(first.cert.isCA || first.cert.selfIssued)) return undefined;
  if (load.pairs.find((p) => p.cert.path === e.path)?.ok) return undefined;
  const keyName = e.name.slice(0, -'.cert'.length) + '.key';
  const key = host.entries.find((x) => x.name === keyName);
  if (!first.cert.isCA && key) return undefined;
  // A self-signed CA:TRUE client certificate (what `openssl req -new -x509` makes) beside a key Go
  // cannot use: the fault is the key (keyPair says what it is), not the extension.
  const pair = load.pairs.find((p) => p.cert.path === e.path);
  if (key && pair?.result && !pair.result.ok && pair.result.blame === 'key') return undefined;
  // A client chain whose leaf is not first starts with a CA too; its key gives it away.
  if (key && keyMatchesLaterCertificate(cache.file(e.path), cache.file(key.path))) return undefined;
  return first.cert;
}

/**
 * A CA certificate saved as `.cert`: the engines take it for half of a client pair, and fail on it as
 * a `.cert` without its key or a pair that does not load; renaming it to `.crt` is the fix, so those
 * findings on the pair give way to this one.
 */
export const caAsCert: HostRule = {
  code: 'certsd/ca-as-cert',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A CA certificate is saved with the client-certificate extension .cert instead of .crt.',
  supersedes: { 'certsd/missing-key': 'pair', 'certsd/invalid-key-pair': 'pair' },
  check({ host, load, actor, cache, report }) {
    if (load.hostsToml) return;
    for (const e of host.entries) {
      const cert = isCaSavedAsCert(host, load, cache, e);
      if (!cert) continue;
      const pair = load.pairs.find((p) => p.cert.path === e.path);
      const base = e.name.slice(0, -'.cert'.length);
      const err = load.errors.find((x) => x.path === e.path || (pair?.keyPath && x.path === pair.keyPath));
      const verdict = err ? t('{0}. ', engineFails(actor, err.message, load)) : '';
      report({
        path: e.path,
        range: cache.file(e.path).firstLine,
        summary: t('{0} holds a CA certificate, and CA certificates must be named .crt', path.basename(e.path)),
        message: verdict + t('{0} holds a CA certificate ({1}), and CA certificates must use the extension .crt: rename it to {2}.', path.basename(e.path), describeCert(cert), `${base}.crt`),
        fixes: renameFix(cache, e.path, `${base}.crt`),
      });
    }
  },
};
