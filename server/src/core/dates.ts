/**
 * How a date is printed in messages, hovers, lens tooltips and reports: ISO 8601 in UTC, to the
 * second, no milliseconds (`2026-03-01 12:00:00 UTC`). Certificates carry whole seconds anyway;
 * `.000Z` only made the text longer.
 */
export function formatDate(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** The machine form (JSON, SARIF, protocol payloads): ISO 8601 to the second, `2026-03-01T12:00:00Z`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The day alone, `2026-03-01` (UTC), where the time of day does not matter. */
export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
