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

/** The hand-written loopback and Docker Hub folders (corpus/spec.ts `spec:loopback`, `spec:docker-hub`). */
const notReadByMoby = (h: HostSpec) => h.labels.includes('spec:loopback') || h.labels.includes('spec:docker-hub');

/**
 * One entry. (The hosts.toml decoding this list held until containerd's hosts code was modelled is
 * in server/src/core/engines/hostsToml.ts now.)
 */
export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    id: 'moby-skips-loopback-and-hub',
    reason:
      "moby's registry Service never reads certs.d for a loopback registry or Docker Hub (the harness's docker29 loader says dir: null, no CA, TLS not verified for loopback); our verdict for Docker's own loader is what its ReadCertsDirectory would load from the folder, and certsd/host-not-read tells the user the folder is never read",
    targets: /^docker@29 \((graph drivers)\)$|^docker@29 login$/,
    when: (h, ours, theirs) => notReadByMoby(h) && theirs.ok && theirs.cas.length === 0 && theirs.clients.length === 0 && !theirs.systemRoots,
  },
];

export function knownDifference(t: Target, host: HostSpec, fields: Field[], ours: Verdict, theirs: Verdict): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (k) => (!k.targets || k.targets.test(t.id)) && (!k.fields || fields.every((f) => k.fields!.includes(f))) && k.when(host, ours, theirs),
  );
}
