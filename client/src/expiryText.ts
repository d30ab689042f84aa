/** "expires in 23 days", "expired 4 days ago": the soonest expiry as the Registries view shows it. No vscode import (tested). */

const DAY = 86_400_000;

export function expiryText(notAfter: string, now: Date): string {
  const ms = Date.parse(notAfter) - now.getTime();
  const days = Math.floor(Math.abs(ms) / DAY);
  const n = (d: number) => (d === 1 ? '1 day' : `${d} days`);
  if (ms < 0) return days === 0 ? 'expired today' : `expired ${n(days)} ago`;
  if (days === 0) return 'expires today';
  if (days < 90) return `expires in ${n(days)}`;
  return `expires ${notAfter.slice(0, 10)}`;
}
