/**
 * The verdict a code lens shows on top of a host folder's files: short, so that the actions beside
 * it stay visible, and led by what makes the folder useless (an expired or unusable CA) rather
 * than by counts that read as success ("1 CA root"). The full verdict goes in the lens's tooltip;
 * the engine's error stays whole in the hover and the Problems panel.
 */
import * as path from 'node:path';
import type { HostCheck } from './check';
import { isCaFile } from './actions';
import { ENGINE_NAMES } from './tree';
import { LoadResult } from './engines/result';
import { hostVerdict, loadSummary } from './verdict';

/** At most this many characters (tested over every rule's findings on generated trees). */
export const MAX_LENS_VERDICT = 60;

const CA_STATES: Readonly<Record<string, string>> = {
  'certsd/expired': 'has expired',
  'certsd/not-yet-valid': 'is not valid yet',
  'certsd/ca-unusable': 'is unusable',
};

/** `text`, cut at a word where it is too long, with an ellipsis. */
export function fitVerdict(text: string, max = MAX_LENS_VERDICT): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:|-]+$/, '')}…`;
}

export interface LensVerdict {
  /** At most MAX_LENS_VERDICT characters. */
  title: string;
  /** The whole verdict (hostVerdict). */
  tooltip: string;
}

/** The first that fits, else the last cut to fit. */
function firstFitting(...candidates: string[]): string {
  return candidates.find((c) => c.length <= MAX_LENS_VERDICT) ?? fitVerdict(candidates[candidates.length - 1]);
}

/** One loader's verdict in few words: `fails on client.key` rather than the engine's whole error. */
function brief(load: LoadResult): string {
  return load.ok ? 'works' : `fails on ${path.basename(load.errors[0]?.path ?? '') || 'the folder'}`;
}

export function lensVerdict(host: HostCheck): LensVerdict {
  const { report } = host;
  const tooltip = hostVerdict(report);
  const engine = ENGINE_NAMES[report.engine];
  const ca = host.findings.find((f) => f.severity === 'error' && CA_STATES[f.code] && isCaFile(host, f.path));
  if (ca) return { title: fitVerdict(`${engine}: fails - CA ${path.basename(ca.path)} ${CA_STATES[ca.code]}`), tooltip };
  const { load, login } = report;
  if (report.engine === 'docker' && login && report.dockerStore?.store === 'containerd' && loadSummary(login) !== loadSummary(load)) {
    return { title: firstFitting(tooltip, `Docker pull: ${brief(load)} | docker login: ${brief(login)}`), tooltip };
  }
  if (!load.ok) return { title: firstFitting(tooltip, `${engine}: ${brief(load)} (see Problems)`, `${engine}: ${brief(load)}`), tooltip };
  if (load.hostsToml) return { title: firstFitting(tooltip, `${engine}: uses hosts.toml (loose files not loaded)`), tooltip };
  return { title: fitVerdict(tooltip), tooltip };
}
