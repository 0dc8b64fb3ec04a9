import { afterEach, describe, expect, it } from 'vitest';
import { monthRange, orgDayOf, orgDayStart, orgMonth, previousMonth } from '../../src/lib/time-zone';

afterEach(() => {
  delete process.env.ACADEMY_TIMEZONE;
});

describe('month and day bounds in the organisation time zone', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(new Date(orgDayStart('2026-11-01')).toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it.each([
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('%s runs from %s to %s', (month, firstDay, lastDay) => {
    const range = monthRange(month);
    expect(range).toMatchObject({ firstDay, lastDay });
    expect(orgDayOf(range.start)).toBe(firstDay);
    expect(orgDayOf(range.end - 1)).toBe(lastDay);
    expect(orgDayOf(range.end)).not.toBe(lastDay);
  });

  it('follows daylight saving where the zone has it', () => {
    process.env.ACADEMY_TIMEZONE = 'Europe/Berlin';
    expect(new Date(orgDayStart('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(orgDayStart('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('knows this month and the one before', () => {
    expect(orgMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});
