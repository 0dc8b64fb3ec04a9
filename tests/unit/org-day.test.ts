import { afterEach, describe, expect, it } from 'vitest';
import { orgDayOf, orgToday } from '../../src/lib/time-zone';

/** The day as Intl gives it, without the remembered bounds orgDayOf keeps. */
const intlDay = (zone: string, ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

/** Instants every 7 minutes over three days from `from`, visited forwards, backwards and shuffled. */
function instants(from: string): number[] {
  const start = Date.parse(from);
  const forward = Array.from({ length: (3 * 24 * 60) / 7 }, (_, i) => start + i * 7 * 60_000);
  let seed = 7;
  const shuffled = [...forward].sort(() => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5);
  return [...forward, ...[...forward].reverse(), ...shuffled];
}

describe('orgDayOf remembers the last day with its bounds', () => {
  afterEach(() => {
    delete process.env.ACADEMY_TIMEZONE;
  });

  it('agrees with Intl at every instant around midnight in Asia/Shanghai, in any order', () => {
    for (const ms of instants('2026-11-29T14:00:00Z')) expect(orgDayOf(ms), new Date(ms).toISOString()).toBe(intlDay('Asia/Shanghai', ms));
    expect(orgDayOf(Date.parse('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(orgDayOf(Date.parse('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(orgToday(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
  });

  it('follows a change of zone and days of 23 and 25 hours', () => {
    process.env.ACADEMY_TIMEZONE = 'America/New_York';
    for (const from of ['2026-03-07T00:00:00Z', '2026-10-31T00:00:00Z'])
      for (const ms of instants(from)) expect(orgDayOf(ms), new Date(ms).toISOString()).toBe(intlDay('America/New_York', ms));
    const ms = Date.parse('2026-11-30T20:00:00Z');
    expect(orgDayOf(ms)).toBe('2026-11-30');
    process.env.ACADEMY_TIMEZONE = 'Asia/Shanghai';
    expect(orgDayOf(ms)).toBe('2026-12-01');
  });
});
