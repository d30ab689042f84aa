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
import { t } from './l10n';

/** At most this many characters (tested over every rule's findings on generated trees). */
export const MAX_LENS_VERDICT = 60;

/** The lens title of a folder whose CA is unusable in this way: `Docker: fails - CA ca.crt has expired`. */
const CA_STATES: Readonly<Record<string, (engine: string, file: string) => string>> = {
  'certsd/expired': (engine, file) => t('{0}: fails - CA {1} has expired', engine, file),
  'certsd/not-yet-valid': (engine, file) => t('{0}: fails - CA {1} is not valid yet', engine, file),
  'certsd/ca-unusable': (engine, file) => t('{0}: fails - CA {1} is unusable', engine, file),
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
  const file = path.basename(load.errors[0]?.path ?? '');
  return load.ok ? t('works') : file ? t('fails on {0}', file) : t('fails on the folder');
}

export function lensVerdict(host: HostCheck): LensVerdict {
  const { report } = host;
  const tooltip = hostVerdict(report);
  const engine = ENGINE_NAMES[report.engine];
  const ca = host.findings.find((f) => f.severity === 'error' && CA_STATES[f.code] && isCaFile(host, f.path));
  if (ca) return { title: fitVerdict(CA_STATES[ca.code](engine, path.basename(ca.path))), tooltip };
  const { load, login } = report;
  if (report.engine === 'docker' && login && report.dockerStore?.store === 'containerd' && loadSummary(login) !== loadSummary(load)) {
    return { title: firstFitting(tooltip, t('Docker pull: {0} | docker login: {1}', brief(load), brief(login))), tooltip };
  }
  if (!load.ok) return { title: firstFitting(tooltip, t('{0}: {1} (see Problems)', engine, brief(load)), `${engine}: ${brief(load)}`), tooltip };
  if (load.hostsToml) return { title: firstFitting(tooltip, t('{0}: uses hosts.toml (loose files not loaded)', engine)), tooltip };
  return { title: fitVerdict(tooltip), tooltip };
}
