import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { inspections, teams, type Role } from '../../db/schema';
import { monthlyReport, reviewPage } from '../../src/lib/server/hr/monthly';
import { orgMonth, previousMonth } from '../../src/lib/time-zone';
import { storedPerson } from '../helpers/people';

/**
 * The reviews API pages over the month's rows, not over user ids: people the month does not cover
 * (leavers without records, later hires, HR and admins) sit between reviewed people in id order, and
 * must never make a page short or empty before the last.
 */
const MONTH = previousMonth(orgMonth());
const nextMonthDay = `${orgMonth()}-01`;
let teamA = 0;
let teamB = 0;

beforeAll(async () => {
  const db = await getDb();
  [{ id: teamA }, { id: teamB }] = await db.insert(teams).values([{ name: '甲组' }, { name: '乙组' }]).returning({ id: teams.id });
  const inspector = await storedPerson('inspector', 'hr', { employeeNo: 'HR1' });
  let n = 0;
  const add = async (role: Role, fields: Parameters<typeof storedPerson>[2] = {}) => {
    n += 1;
    return storedPerson(`p${n}`, role, { employeeNo: `P${String(n).padStart(3, '0')}`, teamId: n % 3 === 0 ? teamB : teamA, hireDate: '2020-01-01', ...fields });
  };
  // Runs of people the month does not cover, of varying length, between people it does.
  const gaps: (() => Promise<unknown>)[] = [
    () => add('learner', { active: false }), // a leaver with nothing that month
    () => add('learner', { hireDate: nextMonthDay }), // hired after the month
    () => add('admin'),
    () => add('hr'),
  ];
  for (let i = 0; i < 23; i++) {
    await add(i % 5 === 0 ? 'supervisor' : 'learner');
    for (let g = 0; g < (i * 7) % 5; g++) await gaps[(i + g) % gaps.length]();
  }
  // Covered although not employed: a leaver and a later hire with an inspection that month.
  for (const fields of [{ active: false }, { hireDate: `${MONTH}-10` }]) {
    const p = await add('learner', fields);
    await db.insert(inspections).values({ employeeId: p.id, inspectorId: inspector.id, date: `${MONTH}-20`, item: 'day', outcome: 'ok' });
  }
  for (let g = 0; g < 6; g++) await gaps[g % gaps.length](); // the last ids are all gaps
});

/** Every page of the API's walk with this page size (and team), as employee ids, until nextCursor is null. */
async function walk(limit: number, teamId?: number) {
  const pages: number[][] = [];
  let after = 0;
  for (let i = 0; i < 200; i++) {
    const page = await reviewPage(MONTH, after, limit, teamId);
    pages.push(page.rows.map((r) => r.employee.id));
    if (page.lastId === null) return pages;
    expect(page.lastId).toBe(page.rows[page.rows.length - 1].employee.id);
    after = page.lastId;
  }
  throw new Error('the walk did not end');
}

describe('the reviews API pages', () => {
  it.each([1, 2, 7, 25, 100])('hold %i rows each but the last, every row once in id order, none empty before the end', async (limit) => {
    const expected = (await monthlyReport(MONTH)).rows.map((r) => r.employee.id).sort((a, b) => a - b);
    expect(expected).toHaveLength(25);
    const pages = await walk(limit);
    expect(pages.flat()).toEqual(expected);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
    const last = pages[pages.length - 1];
    expect(last.length).toBeGreaterThan(0);
    expect(last.length).toBeLessThanOrEqual(limit);
    // nextCursor is null exactly on the page with the last row: never an extra empty page.
    expect(pages).toHaveLength(Math.ceil(expected.length / limit));
  });

  it.each([1, 2, 7])('do the same for one team (page size %i)', async (limit) => {
    for (const teamId of [teamA, teamB]) {
      const expected = (await monthlyReport(MONTH, { teamId })).rows.map((r) => r.employee.id).sort((a, b) => a - b);
      expect(expected.length).toBeGreaterThan(2);
      const pages = await walk(limit, teamId);
      expect(pages.flat()).toEqual(expected);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
      expect(pages).toHaveLength(Math.ceil(expected.length / limit));
    }
  });

  it('answer an empty page with no cursor after the last row, and for a month nobody is in', async () => {
    const ids = (await monthlyReport(MONTH)).rows.map((r) => r.employee.id).sort((a, b) => a - b);
    expect(await reviewPage(MONTH, ids[ids.length - 1], 5)).toEqual({ rows: [], lastId: null });
    expect(await reviewPage('2019-01', 0, 5)).toEqual({ rows: [], lastId: null });
  });
});
