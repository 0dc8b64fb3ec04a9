import { describe, expect, it } from 'vitest';
import { safeCell } from '../../src/lib/server/exports/table';
import { cursorAfter, cursorSchema, dateRangeSchema, monthSchema } from '../../src/lib/server/hr/query';

describe('formula injection', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['李晓雯', '李晓雯'],
    ['a=b', 'a=b'],
  ])('neutralises %j as %j', (input, output) => {
    expect(safeCell(input)).toBe(output);
  });
  it('leaves numbers and blanks alone', () => {
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBe(null);
  });
});

describe('date ranges', () => {
  it.each([
    [{ from: '2026-01-01', to: '2026-12-31' }, true],
    [{ from: '2026-12-01', to: '2026-12-01' }, true],
    [{ from: '2026-12-02', to: '2026-12-01' }, 'hr.fromAfterTo'],
    [{ from: '2025-01-01', to: '2026-01-02' }, 'hr.rangeTooLong'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'hr.badDate'],
    [{ from: '2026-1-1', to: '2026-03-01' }, 'hr.badDate'],
    [{ to: '2026-03-01' }, undefined],
  ])('%j → %s', (input, expected) => {
    const parsed = dateRangeSchema.safeParse(input);
    if (expected === true) expect(parsed.success).toBe(true);
    else {
      expect(parsed.success).toBe(false);
      if (expected) expect(parsed.error?.issues[0].message).toBe(expected);
    }
  });
});

describe('months', () => {
  it('accepts a past month and refuses malformed or future ones', () => {
    expect(monthSchema.safeParse('2026-11').success).toBe(true);
    expect(monthSchema.safeParse('2026-13').error?.issues[0].message).toBe('hr.badMonth');
    expect(monthSchema.safeParse('2999-01').error?.issues[0].message).toBe('hr.futureMonth');
  });
});

describe('cursors', () => {
  it('round-trip a row id and refuse garbage', () => {
    expect(cursorSchema.parse(cursorAfter(12345))).toBe(12345);
    expect(cursorSchema.safeParse('!!not-a-cursor').success).toBe(false);
  });
});
