/** humanDuration's words in the server's language (core/l10n t), and the phrases built on it. */
import { DurationUnits, humanDuration, translatedUnits } from './duration';
import { t } from './l10n';

export const LOCAL_UNITS: DurationUnits = translatedUnits({ t });

/** "expires in 4 years 11 months", "expired 3 days ago", "not valid yet (starts in 2 days)". */
export function relativeValidity(notBefore: Date, notAfter: Date, now: Date): string {
  if (now < notBefore) return t('not valid yet (starts in {0})', humanDuration(now, notBefore, LOCAL_UNITS));
  if (now > notAfter) return t('expired {0} ago', humanDuration(notAfter, now, LOCAL_UNITS));
  return t('expires in {0}', humanDuration(now, notAfter, LOCAL_UNITS));
}
