/**
 * "expires in 23 days", "expired 4 days ago", "expires in 4 years 11 months": the soonest expiry as
 * the Registries view shows it, in core/duration.ts humanDuration's words (those of hovers and
 * messages). No vscode import (tested).
 */
import { humanDuration } from '../../server/out/protocol';

export function expiryText(notAfter: string, now: Date): string {
  const at = new Date(notAfter);
  return at.getTime() < now.getTime() ? `expired ${humanDuration(at, now)} ago` : `expires in ${humanDuration(now, at)}`;
}
