/**
 * core/duration.ts translatedUnits: each unit asks the translator for its own key, the singular
 * apart ("1 year" is its own key, so that a language can say it otherwise), and humanDuration uses
 * the units it is given for every range.
 */
import * as assert from 'node:assert/strict';
import { humanDuration, translatedUnits } from '../../server/src/core/duration';

/** A translator that shows which key it was asked for, and with what. */
const keys = { t: (message: string, ...args: Array<string | number | boolean>) => `<${message}${args.length ? '|' + args.join('|') : ''}>` };

describe('core/duration: translatedUnits', () => {
  const u = translatedUnits(keys);

  it('one key for 1 and one for the others, per unit', () => {
    assert.deepEqual(
      [u.years(1), u.years(2), u.months(1), u.months(11), u.days(1), u.days(0), u.hours(1), u.hours(23), u.minutes(1), u.minutes(59)],
      ['<1 year>', '<{0} years|2>', '<1 month>', '<{0} months|11>', '<1 day>', '<{0} days|0>', '<1 hour>', '<{0} hours|23>', '<1 minute>', '<{0} minutes|59>'],
    );
  });

  it('less than a minute, and the join of two units', () => {
    assert.deepEqual([u.lessThanAMinute(), u.join('a', 'b')], ['<less than a minute>', '<{0} {1}|a|b>']);
  });

  it('humanDuration speaks through them at every range', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const cases: [string, string][] = [
      ['2026-01-01T00:00:30Z', '<less than a minute>'],
      ['2026-01-01T00:01:00Z', '<1 minute>'],
      ['2026-01-01T02:00:00Z', '<{0} hours|2>'],
      ['2026-01-02T00:00:00Z', '<1 day>'],
      ['2026-03-01T00:00:00Z', '<{0} months|2>'],
      ['2027-01-01T00:00:00Z', '<1 year>'],
      ['2028-02-01T00:00:00Z', '<{0} {1}|<{0} years|2>|<1 month>>'],
    ];
    assert.deepEqual(
      cases.map(([to]) => humanDuration(from, new Date(to), u)),
      cases.map(([, want]) => want),
    );
  });
});
