/**
 * How long until (or since) a date, as people say it: "4 years 11 months", "3 days", "5 hours".
 * One function for hovers, code lenses, the Registries view and messages. Calendar months from the
 * earlier date (Jan 31 + 1 month = Feb 28/29), so "1 year" is a year to the day, not 365 days.
 * No l10n import: the words come in `units` (English by default); translatedUnits builds them from
 * a translator, core/l10n's t on the server (core/durationText.ts), vscode.l10n's in the client.
 */

export interface DurationUnits {
  years(n: number): string;
  months(n: number): string;
  days(n: number): string;
  hours(n: number): string;
  minutes(n: number): string;
  lessThanAMinute(): string;
  /** Joins "4 years" and "11 months". */
  join(a: string, b: string): string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/**
 * The units in a language: `l10n.t` is core/l10n's t on the server, vscode.l10n.t in the client (one
 * set of bundle keys for both; the message scanner reads the literals here).
 */
export function translatedUnits(l10n: { t(message: string, ...args: Array<string | number | boolean>): string }): DurationUnits {
  return {
    years: (n) => (n === 1 ? l10n.t('1 year') : l10n.t('{0} years', n)),
    months: (n) => (n === 1 ? l10n.t('1 month') : l10n.t('{0} months', n)),
    days: (n) => (n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n)),
    hours: (n) => (n === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', n)),
    minutes: (n) => (n === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', n)),
    lessThanAMinute: () => l10n.t('less than a minute'),
    join: (a, b) => l10n.t('{0} {1}', a, b),
  };
}

export const ENGLISH_UNITS: DurationUnits = {
  years: (n) => plural(n, 'year', 'years'),
  months: (n) => plural(n, 'month', 'months'),
  days: (n) => plural(n, 'day', 'days'),
  hours: (n) => plural(n, 'hour', 'hours'),
  minutes: (n) => plural(n, 'minute', 'minutes'),
  lessThanAMinute: () => 'less than a minute',
  join: (a, b) => `${a} ${b}`,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `from` plus `n` calendar months (UTC), the day clamped to the month's last. */
function addMonths(from: Date, n: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(from.getTime());
  d.setUTCFullYear(y, m, Math.min(from.getUTCDate(), last));
  return d;
}

/** Whole calendar months from `a` to `b` (a <= b). */
function wholeMonths(a: Date, b: Date): number {
  let n = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  while (n > 0 && addMonths(a, n) > b) n--;
  while (addMonths(a, n + 1) <= b) n++;
  return n;
}

/**
 * The time between two dates, either order, rounded down: under a day in hours (or minutes), under
 * two months in days (expiry warnings speak days), under a year in months, then years and months.
 */
export function humanDuration(a: Date, b: Date, units: DurationUnits = ENGLISH_UNITS): string {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const ms = to.getTime() - from.getTime();
  if (ms < MINUTE) return units.lessThanAMinute();
  if (ms < HOUR) return units.minutes(Math.floor(ms / MINUTE));
  if (ms < DAY) return units.hours(Math.floor(ms / HOUR));
  const months = wholeMonths(from, to);
  if (months < 2) return units.days(Math.floor(ms / DAY));
  if (months < 12) return units.months(months);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest === 0 ? units.years(years) : units.join(units.years(years), units.months(rest));
}
