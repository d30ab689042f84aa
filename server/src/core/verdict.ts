/** One line saying what an engine does with a host folder; shared by the CLI and the code lens. */
import type { HostReport } from './check';
import { LoadResult } from './engines';
import { ENGINE_NAMES } from './tree';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What one loader made of the folder, without saying whose loader it was. */
export function loadSummary(load: LoadResult): string {
  if (!load.ok) return `fails - ${load.error}`;
  if (load.hostsToml) return 'uses hosts.toml (loose certificate files are not loaded)';
  const parts: string[] = [];
  if (load.systemRoots) {
    const roots = load.caRoots > 0 ? `${plural(load.caRoots, 'CA root')} + system roots` : 'system roots only';
    parts.push(load.ignoredCaFiles > 0 ? `${roots} (${plural(load.ignoredCaFiles, '.crt file')} ignored)` : roots);
  } else {
    parts.push('system roots only');
  }
  if (load.clientPairs > 0) parts.push(plural(load.clientPairs, 'client certificate'));
  return parts.join(', ');
}

/**
 * The verdict for a host folder. Docker with the containerd image store reads the folder for pulls
 * through containerd's code and for `docker login` through moby's: when the two differ, both are said.
 */
export function hostVerdict(report: HostReport): string {
  const pulls = loadSummary(report.load);
  if (report.engine === 'docker' && report.login && report.dockerStore?.store === 'containerd') {
    const login = loadSummary(report.login);
    if (login !== pulls) return `Docker pull: ${pulls} | docker login: ${login}`;
  }
  return `${ENGINE_NAMES[report.engine]}: ${pulls}`;
}

/** Does any operation of the engine fail on this folder? */
export function hostFails(report: HostReport): boolean {
  return !report.load.ok || (report.login !== undefined && !report.login.ok);
}
