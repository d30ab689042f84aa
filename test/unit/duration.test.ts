/** core/duration.ts humanDuration: the words hovers, lenses and messages use for a time span, at its boundaries. */
import * as assert from 'node:assert/strict';
import { humanDuration } from '../../server/src/core/duration';
import { relativeValidity } from '../../server/src/core/durationText';
import { setLocale, defaultL10nDir } from '../../server/src/core/l10n';

const at = (iso: string) => new Date(iso);
const span = (from: string, to: string) => humanDuration(at(from), at(to));

describe('humanDuration', () => {
  it('says minutes and hours under a day, rounded down', () => {
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-01T00:00:59.999Z'), 'less than a minute');
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'), '1 minute');
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-01T00:59:59Z'), '59 minutes');
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'), '1 hour');
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-01T23:59:59Z'), '23 hours');
  });

  it('says days from one day up to two calendar months', () => {
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), '1 day');
    assert.equal(span('2026-01-01T00:00:00Z', '2026-01-04T12:00:00Z'), '3 days');
    // 1 March + 2 months = 1 May: one second before is still days (61 of them).
    assert.equal(span('2026-03-01T00:00:00Z', '2026-04-30T23:59:59Z'), '60 days');
    assert.equal(span('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z'), '2 months');
  });

  it('says calendar months under a year, then years and months, never 12 months', () => {
    assert.equal(span('2026-01-15T00:00:00Z', '2027-01-14T23:59:59Z'), '11 months');
    assert.equal(span('2026-01-15T00:00:00Z', '2027-01-15T00:00:00Z'), '1 year');
    assert.equal(span('2026-12-02T10:00:00Z', '2031-11-03T10:00:00Z'), '4 years 11 months');
    assert.equal(span('2026-12-02T10:00:00Z', '2031-12-02T09:59:59Z'), '4 years 11 months');
    assert.equal(span('2026-12-02T10:00:00Z', '2031-12-02T10:00:00Z'), '5 years');
    assert.equal(span('2026-01-01T00:00:00Z', '2126-02-01T00:00:00Z'), '100 years 1 month');
  });

  it('clamps month ends (31 January + 1 month is the end of February) and a leap day', () => {
    assert.equal(span('2026-01-31T00:00:00Z', '2026-03-31T00:00:00Z'), '2 months');
    // 31 December + 2 months is 28 February (clamped): the day before is still days.
    assert.equal(span('2026-12-31T00:00:00Z', '2027-02-27T23:59:59Z'), '58 days');
    assert.equal(span('2026-12-31T00:00:00Z', '2027-02-28T00:00:00Z'), '2 months');
    assert.equal(span('2028-02-29T00:00:00Z', '2029-02-28T00:00:00Z'), '1 year');
  });

  it('is the same in either order', () => {
    assert.equal(span('2031-11-03T10:00:00Z', '2026-12-02T10:00:00Z'), '4 years 11 months');
  });
});

describe('relativeValidity (hovers)', () => {
  const notBefore = at('2026-01-01T00:00:00Z');
  const notAfter = at('2031-01-01T00:00:00Z');
  it('expires in, expired ago, not valid yet', () => {
    assert.equal(relativeValidity(notBefore, notAfter, at('2026-02-02T00:00:00Z')), 'expires in 4 years 10 months');
    assert.equal(relativeValidity(notBefore, notAfter, at('2031-01-04T00:00:00Z')), 'expired 3 days ago');
    assert.equal(relativeValidity(notBefore, notAfter, at('2025-12-30T00:00:00Z')), 'not valid yet (starts in 2 days)');
  });

  it('speaks Chinese with the zh-cn bundle', () => {
    try {
      setLocale('zh-cn', defaultL10nDir());
      assert.equal(relativeValidity(notBefore, notAfter, at('2031-01-04T00:00:00Z')), '已过期 3 天');
      assert.equal(relativeValidity(notBefore, notAfter, at('2026-02-02T00:00:00Z')), '4 年10 个月后过期');
    } finally {
      setLocale('en', defaultL10nDir());
    }
  });
});
