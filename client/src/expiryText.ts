/**
 * "expires in 23 days", "expired 4 days ago", "expires in 4 years 11 months": the soonest expiry as
 * the Registries view shows it, in core/duration.ts humanDuration's words (those of hovers and
 * messages), translated as the server's are (same bundle keys). No vscode import (tested).
 */
import { humanDuration, type DurationUnits } from '../../server/out/protocol';
import { l10n } from './l10nPort';

const UNITS: DurationUnits = {
  years: (n) => (n === 1 ? l10n.t('1 year') : l10n.t('{0} years', n)),
  months: (n) => (n === 1 ? l10n.t('1 month') : l10n.t('{0} months', n)),
  days: (n) => (n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n)),
  hours: (n) => (n === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', n)),
  minutes: (n) => (n === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', n)),
  lessThanAMinute: () => l10n.t('less than a minute'),
  join: (a, b) => l10n.t('{0} {1}', a, b),
};

export function expiryText(notAfter: string, now: Date): string {
  const at = new Date(notAfter);
  return at.getTime() < now.getTime() ? l10n.t('expired {0} ago', humanDuration(at, now, UNITS)) : l10n.t('expires in {0}', humanDuration(now, at, UNITS));
}
