/** certsd/registries and certsd/planHostFolder: the Registries view's rows, and "New host folder...". */
import { currentPlatform, Platform } from '../core/engines/hostFolders';
import { hostSummary } from '../core/hostSummary';
import { planHostFolder } from '../core/newHostFolder';
import { ENGINE_NAMES } from '../core/tree';
import { HostFolderPlan, HostFolderVerdict, PlanHostFolderParams, RegistriesResult } from '../protocol';
import { probeableFolder, referenceOfFolder } from './probe';
import { CertsdWorkspace } from './workspace';

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function registries(ws: CertsdWorkspace): RegistriesResult {
  const roots = [...ws.roots.values()].map((r) => ({ path: r.root.path, engine: ENGINE_NAMES[r.root.engine] })).sort(byPath);
  const hosts: HostFolderVerdict[] = [];
  for (const r of ws.roots.values()) {
    for (const h of r.hosts.values()) {
      hosts.push({
        path: h.dir.path,
        name: h.dir.name,
        root: r.root.path,
        reference: probeableFolder(h.dir.name) ? referenceOfFolder(h.dir.name) : null,
        ...hostSummary(h, ws.fs),
      });
    }
  }
  hosts.sort((a, b) => byPath({ path: a.root }, { path: b.root }) || byPath({ path: a.name }, { path: b.name }));
  return { roots, hosts };
}

/** Only into a certs.d folder this server checks: the client creates nothing elsewhere on our word. */
export function planHostFolderRequest(ws: CertsdWorkspace, p: unknown, platform: Platform = currentPlatform()): HostFolderPlan {
  const params = p as Partial<PlanHostFolderParams> | null;
  if (!params || typeof params.root !== 'string' || typeof params.host !== 'string') return { ok: false, message: 'root and host must be strings' };
  if (!ws.roots.has(params.root)) return { ok: false, message: `${params.root} is not a certs.d folder being checked.` };
  return planHostFolder(ws.fs, params.root, params.host, platform);
}
