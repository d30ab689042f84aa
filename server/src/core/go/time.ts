/**
 * UTCTime and GeneralizedTime as cryptobyte reads them: Go's time.Parse with a fixed layout, then
 * the value must format back to exactly the same text. What that admits, worked out from
 * time.Parse and Time.Format:
 *  - UTCTime "YYMMDDhhmmss" or (fallback) "YYMMDDhhmm", GeneralizedTime "YYYYMMDDhhmmss";
 *  - then "Z", or a signed "hhmm" offset that is not zero (+0000 formats back as Z), with hh up to
 *    24 and mm up to 59; no fractional seconds (they parse but do not format back);
 *  - month 1-12, a day that exists in that month of that year, hour 0-23, minute and second 0-59.
 * A UTCTime year is 19YY for YY >= 69, else 20YY, then anything from 2050 on moves back a century.
 * Returns milliseconds since the epoch, or undefined where Go fails.
 */

function digits2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Seconds of a "Z" / "+hhmm" / "-hhmm" suffix east of UTC, or undefined when it does not round-trip. */
function zoneOffset(rest: string): number | undefined {
  if (rest === 'Z') return 0;
  if (rest.length !== 5 || (rest[0] !== '+' && rest[0] !== '-')) return undefined;
  const hh = digits2(rest, 1);
  const mm = digits2(rest, 3);
  if (hh < 0 || mm < 0 || hh > 24 || mm > 59) return undefined;
  if (hh === 0 && mm === 0) return undefined;
  const offset = (hh * 60 + mm) * 60;
  return rest[0] === '-' ? -offset : offset;
}

/** Calendar fields to an instant; year may be 0..9999 (Date.UTC would read 0..99 as 1900..1999). */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetSeconds: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  return d.getTime() - offsetSeconds * 1000;
}

function clock(s: string, at: number, withSeconds: boolean): { hour: number; minute: number; second: number } | undefined {
  const hour = digits2(s, at);
  const minute = digits2(s, at + 2);
  const second = withSeconds ? digits2(s, at + 4) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return { hour, minute, second };
}

function parseFields(s: string, yearDigits: 2 | 4, withSeconds: boolean): number | undefined {
  const fixed = yearDigits + 4 + (withSeconds ? 6 : 4);
  if (s.length < fixed + 1) return undefined;
  const offset = zoneOffset(s.slice(fixed));
  if (offset === undefined) return undefined;
  let year: number;
  if (yearDigits === 2) {
    const yy = digits2(s, 0);
    if (yy < 0) return undefined;
    year = yy >= 69 ? 1900 + yy : 2000 + yy;
  } else {
    const hi = digits2(s, 0);
    const lo = digits2(s, 2);
    if (hi < 0 || lo < 0) return undefined;
    year = hi * 100 + lo;
  }
  const month = digits2(s, yearDigits);
  const day = digits2(s, yearDigits + 2);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  const t = clock(s, yearDigits + 4, withSeconds);
  if (!t) return undefined;
  // Go: cryptobyte ReadASN1UTCTime moves 2050-2068 back to 1950-1968 (RFC 5280 4.1.2.5.1).
  if (yearDigits === 2 && year >= 2050) year -= 100;
  return instant(year, month, day, t.hour, t.minute, t.second, offset);
}

// Go: cryptobyte String.ReadASN1UTCTime
export function parseUtcTime(s: string): number | undefined {
  return parseFields(s, 2, true) ?? parseFields(s, 2, false);
}

// Go: cryptobyte String.ReadASN1GeneralizedTime
export function parseGeneralizedTime(s: string): number | undefined {
  return parseFields(s, 4, true);
}
