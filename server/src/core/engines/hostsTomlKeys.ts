/** Which hosts.toml keys containerd reads (per release line), and the key a stray one was meant to be. */
import type { HostsTomlDialect } from './hostsToml';
import { TomlEntry } from './hostsTomlSyntax';
import { t } from '../l10n';

/** Keys containerd reads: at the top (besides `server` and `host`) and in each `[host."..."]` table. */
export const HOST_KEYS: readonly string[] = ['capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout'];

/** The key an entry sets in a host table or at the top level, and where; undefined for anything else (header names, host tables themselves). */
function settingOf(e: TomlEntry): { key: string; top: boolean } | undefined {
  if (e.path.length === 1) return { key: e.path[0], top: true };
  if (e.path[0].toLowerCase() === 'host' && e.path.length === 3) return { key: e.path[2], top: false };
  return undefined;
}

/**
 * Keys containerd never looks at (go-toml drops them without a word), each with the key it was
 * probably meant to be. `header` tables hold free-form names and are not judged.
 */
export function unknownKeys(entries: TomlEntry[]): { entry: TomlEntry; suggestion?: string }[] {
  const out: { entry: TomlEntry; suggestion?: string }[] = [];
  const known = (k: string, top: boolean) => [...HOST_KEYS, ...(top ? ['server', 'host'] : [])].includes(k.toLowerCase());
  for (const e of entries) {
    const s = settingOf(e);
    if (!s || known(s.key, s.top)) continue;
    out.push({ entry: e, suggestion: suggest(s.key, s.top) });
  }
  return out;
}

/**
 * Keys this release line drops although it knows the setting: `dial_timeout` before 2.1
 * (hostFileConfig gained DialTimeout in 2.1; 1.7.35's has none), and in 1.7 a key in any case but
 * as written or in capitals (go-toml v1 tries `ca`, then `CA`: `Ca` sets nothing).
 */
export function keysIgnoredByLine(entries: TomlEntry[], dialect: HostsTomlDialect): { entry: TomlEntry; key: string; why: string }[] {
  const out: { entry: TomlEntry; key: string; why: string }[] = [];
  for (const e of entries) {
    const s = settingOf(e);
    if (!s) continue;
    const lower = s.key.toLowerCase();
    if (!dialect.dialTimeout && lower === 'dial_timeout') {
      out.push({ entry: e, key: s.key, why: t('containerd {0} has no such setting (it is read from containerd 2.1 on), so this timeout has no effect', dialect.line) });
      continue;
    }
    const known = [...HOST_KEYS, ...(s.top ? ['server', 'host'] : [])].includes(lower);
    if (!dialect.hostsFromHeadersOnly && known && s.key !== lower && s.key !== lower.toUpperCase()) {
      out.push({ entry: e, key: s.key, why: t('containerd {0} (go-toml v1) reads this setting only as "{1}" or "{2}"', dialect.line, lower, lower.toUpperCase()) });
    }
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function suggest(key: string, top: boolean): string | undefined {
  const norm = key.toLowerCase().replace(/-/g, '_');
  const candidates = [...HOST_KEYS, ...(top ? ['server'] : [])];
  if (norm === 'insecure_skip_verify' || norm === 'insecure') return 'skip_verify';
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const dist = editDistance(norm, c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best;
}
