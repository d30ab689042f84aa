/**
 * "expires in 23 days", "expired 4 days ago", "expires in 4 years 11 months": the soonest expiry as
 * the Registries view shows it, in core/duration.ts humanDuration's words (those of hovers and
 * messages), translated as the server's are (same bundle keys). No vscode import (tested).
 */
import { humanDuration, translatedUnits } from '../../server/out/protocol';
import { l10n } from './l10nPort';

const UNITS = translatedUnits(l10n);

export function expiryText(notAfter: string, now: Date): string {
  const at = new Date(notAfter);
  return at.getTime() < now.getTime() ? l10n.t('expired {0} ago', humanDuration(at, now, UNITS)) : l10n.t('expires in {0}', humanDuration(now, at, UNITS));
}
