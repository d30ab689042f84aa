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

/**
 * Empty: every difference the suite has found was fixed. (The hosts.toml decoding this list held
 * until containerd's hosts code was modelled is in server/src/core/engines/hostsToml.ts now; moby's
 * Service skipping loopback and Docker Hub folders, found with the `spec:loopback` cases, is in
 * engines/dockerLike.ts mobySkips.)
 */
export const KNOWN_DIFFERENCES: KnownDifference[] = [];

export function knownDifference(t: Target, host: HostSpec, fields: Field[], ours: Verdict, theirs: Verdict): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (k) => (!k.targets || k.targets.test(t.id)) && (!k.fields || fields.every((f) => k.fields!.includes(f))) && k.when(host, ours, theirs),
  );
}
