/** humanDuration's words in the server's language (core/l10n t), and the phrases built on it. */
import { DurationUnits, humanDuration } from './duration';
import { t } from './l10n';

export const LOCAL_UNITS: DurationUnits = {
  years: (n) => (n === 1 ? t('1 year') : t('{0} years', n)),
  months: (n) => (n === 1 ? t('1 month') : t('{0} months', n)),
  days: (n) => (n === 1 ? t('1 day') : t('{0} days', n)),
  hours: (n) => (n === 1 ? t('1 hour') : t('{0} hours', n)),
  minutes: (n) => (n === 1 ? t('1 minute') : t('{0} minutes', n)),
  lessThanAMinute: () => t('less than a minute'),
  join: (a, b) => t('{0} {1}', a, b),
};

/** "expires in 4 years 11 months", "expired 3 days ago", "not valid yet (starts in 2 days)". */
export function relativeValidity(notBefore: Date, notAfter: Date, now: Date): string {
  if (now < notBefore) return t('not valid yet (starts in {0})', humanDuration(now, notBefore, LOCAL_UNITS));
  if (now > notAfter) return t('expired {0} ago', humanDuration(notAfter, now, LOCAL_UNITS));
  return t('expires in {0}', humanDuration(now, notAfter, LOCAL_UNITS));
}
