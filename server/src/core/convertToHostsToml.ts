/**
 * STUB, to be replaced by the hosts.toml branch's convertToHostsToml.ts (same signature): a
 * hosts.toml that names the folder's loose files, for containerd. This placeholder converts
 * nothing (`references: 0`), so the editor offers no conversion until the real one is merged.
 */
import type { FactsCache } from './facts';
import type { HostDir } from './tree';

export function convertToHostsToml(host: HostDir, cache: FactsCache): { content: string; references: number } {
  void host;
  void cache;
  return { content: '', references: 0 };
}
