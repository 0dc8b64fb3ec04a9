import { describe, expect, it } from 'vitest';
import { csvCell, safeCell } from '../../src/lib/server/exports/table';
import { cursorAfter, cursorSchema, dateRangeSchema, limitSchema, monthlyQuerySchema, monthSchema, queryRefusal } from '../../src/lib/server/hr/query';
import { orgWallClock } from '../../src/lib/time-zone';

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

describe('the monthly report filters', () => {
  const refusal = (query: Record<string, string>) => {
    const parsed = monthlyQuerySchema.safeParse({ month: '2026-11', ...query });
    expect(parsed.success).toBe(false);
    return queryRefusal(parsed.error!);
  };

  it('take empty values (a form’s “all” option) as no filter, and ignore parameter names they do not know', () => {
    expect(monthlyQuerySchema.parse({ month: '2026-11', team: '', grade: '', status: '', sort: '', dir: '', page: '3', whatever: 'x' })).toEqual({ month: '2026-11' });
    expect(monthlyQuerySchema.parse({ month: '2026-11', team: '12', grade: 'none', status: 'reopened', sort: 'total', dir: 'desc' })).toEqual({
      month: '2026-11', team: 12, grade: 'none', status: 'reopened', sort: 'total', dir: 'desc',
    });
  });

  it.each(['x', '客服二组', '0', '-1', '1.5', '1e2', ' 3', '0x10', '1234567890'])('refuse team=%j as not a team number', (team) => {
    const error = refusal({ team });
    expect(error).toMatchObject({ status: 400, code: 'invalid_query', key: 'hr.badTeam', params: { field: 'team' } });
    expect(error.messageIn('en')).toContain('not by its name');
  });

  it.each([
    ['grade', 'bogus', 'excellent, good, pass, improve, none'],
    ['status', 'APPROVED', 'draft, approved, reopened'],
    ['sort', 'salary', 'employeeNo, name, team, total, grade'],
    ['dir', 'down', 'asc, desc'],
  ])('refuse %s=%j, naming the values allowed', (field, value, allowed) => {
    const error = refusal({ [field]: value });
    expect(error).toMatchObject({ status: 400, code: 'invalid_query', key: 'hr.badChoice', params: { field, allowed } });
    expect(error.messageIn('zh-CN')).toBe(`“${field}”的值无效，可选值：${allowed}。`);
  });
});

describe('page sizes', () => {
  it.each([['1', 1], ['1000', 1000], ['0500', 500]])('accept limit=%j', (limit, n) => {
    expect(limitSchema.parse(limit)).toBe(n);
  });
  it('default to 500', () => expect(limitSchema.parse(undefined)).toBe(500));
  it.each(['0', '1001', 'abc', '1e2', '2.5', '-1', ''])('refuse limit=%j with the page-size message', (limit) => {
    expect(limitSchema.safeParse(limit).error?.issues[0].message).toBe('hr.badLimit');
  });
});

describe('date-time cells', () => {
  // Asia/Shanghai (the default zone) is UTC+8 all year.
  const at = new Date('2026-11-02T02:00:00Z');
  it('are organisation-local text in CSV', () => {
    expect(csvCell(at)).toBe('2026-11-02 10:00');
    expect(csvCell('=1+1')).toBe("'=1+1");
  });
  it('are the organisation-local wall clock for XLSX, whose dates have no zone', () => {
    expect(orgWallClock(at).toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(orgWallClock(new Date('2026-12-31T16:30:00Z')).toISOString()).toBe('2027-01-01T00:30:00.000Z');
  });
});
