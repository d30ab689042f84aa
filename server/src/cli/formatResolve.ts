/** `certsd resolve` output: one JSON object per line (a contract: add keys, never change them), or text. */
import { Lookup, Resolution } from '../core/engines/resolve';
import { t } from '../core/l10n';

function lookupJson(l: Lookup) {
  return {
    root: l.root,
    folder: l.folder,
    path: l.path,
    reason: l.reason,
    loader: l.loader,
    roots: l.roots,
    tried: l.tried,
    ...(l.error ? { error: l.error } : {}),
  };
}

export function resolutionJson(r: Resolution): string {
  const out = {
    host: r.host,
    engine: r.engine,
    release: r.release,
    ...lookupJson(r),
    ...(r.hosts ? { hosts: r.hosts } : {}),
    ...(r.login ? { login: lookupJson(r.login) } : {}),
  };
  return JSON.stringify(out) + '\n';
}

export function resolutionText(r: Resolution): string {
  const lines = [`${r.host} (${r.release}): ${r.path ?? t('no folder')}`, `  ${r.reason}`];
  if (r.hosts) {
    lines.push(`  ${t('hosts tried, in order:')}`);
    for (const h of r.hosts) lines.push(`    ${h.scheme}://${h.host}${h.path} [${h.capabilities.join(', ')}]${h.skipVerify ? ` (${t('TLS not verified')})` : ''}${h.httpFallback ? ` (${t('http if TLS fails')})` : ''}`);
  }
  if (r.login) lines.push(`  docker login: ${r.login.path ?? t('no folder')}`, `    ${r.login.reason}`);
  return lines.join('\n') + '\n';
}
