/**
 * Differences between our simulation and the engines' own code that we know of and accept, each
 * with its reason. The suite fails on any disagreement not matched here; an entry that matches
 * nothing in a run is reported, so the list cannot silently go stale.
 */
import { HostSpec } from './corpus/generate';
import { Field, Verdict } from './compare';
import { Target } from './targets';

export interface KnownDifference {
  id: string;
  reason: string;
  /** Target ids (targets.ts) it applies to; all when absent. */
  targets?: RegExp;
  fields?: Field[];
  when(host: HostSpec, ours: Verdict, theirs: Verdict): boolean;
}

const hasHostsToml = (h: HostSpec) => h.files.some((f) => f.name === 'hosts.toml' && f.kind === 'file' && (f.content?.length ?? 0) > 0);

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    id: 'hosts-toml-decoding',
    reason:
      'containerd decodes hosts.toml and falls back to the loose files when it cannot (logging "failed to decode"), ' +
      'and when it can, loads the files its ca and client keys name (failing on those as on loose files); ' +
      'our containerd model does not parse TOML yet and takes any non-empty hosts.toml as decoded, loading nothing. ' +
      'TOML parsing with containerd\'s schema and its references is issue 7.',
    targets: /containerd/,
    when: (h) => hasHostsToml(h),
  },
];

export function knownDifference(t: Target, host: HostSpec, fields: Field[], ours: Verdict, theirs: Verdict): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (k) => (!k.targets || k.targets.test(t.id)) && (!k.fields || fields.every((f) => k.fields!.includes(f))) && k.when(host, ours, theirs),
  );
}
