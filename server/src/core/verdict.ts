/** One line saying what an engine does with a host folder; shared by the CLI and the code lens. */
import { LoadResult } from './engines';
import { ENGINE_NAMES } from './tree';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function verdictText(load: LoadResult): string {
  const engine = ENGINE_NAMES[load.engine];
  if (!load.ok) return `${engine}: fails - ${load.error}`;
  if (load.hostsToml) return `${engine}: uses hosts.toml (loose certificate files are not loaded)`;
  const parts: string[] = [];
  if (load.systemRoots) {
    const roots = load.caRoots > 0 ? `${plural(load.caRoots, 'CA root')} + system roots` : 'system roots only';
    parts.push(load.ignoredCaFiles > 0 ? `${roots} (${plural(load.ignoredCaFiles, '.crt file')} ignored)` : roots);
  } else {
    parts.push('system roots only');
  }
  if (load.clientPairs > 0) parts.push(plural(load.clientPairs, 'client certificate'));
  return `${engine}: ${parts.join(', ')}`;
}
