import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { sameEmployeeNo } from '../../src/lib/server/employee-lookup';
import { reviewInputQueries, type ReviewScope } from '../../src/lib/server/review-inputs';
import { reviewPeopleQuery } from '../../src/lib/server/reviews';
import { queryPlan, useTempDatabase } from '../helpers/db';

const scopes: [string, ReviewScope][] = [['everyone', {}], ['two teams', { teamIds: [1, 2] }], ['one employee', { employeeIds: [3] }]];

describe('the monthly review’s queries use an index', () => {
  it.each(scopes)('each input query for %s searches an index, never scans a table', async (_name, scope) => {
    const db = await useTempDatabase();
    for (const [name, query] of Object.entries(reviewInputQueries(db, '2026-10', scope))) {
      const plan = await queryPlan(query);
      expect(plan.filter((line) => line.startsWith('SCAN')), `${name}: ${plan.join(' | ')}`).toEqual([]);
      expect(plan.some((line) => /USING (COVERING )?INDEX/.test(line)), name).toBe(true);
    }
  });

  it.each(scopes)('the people query for %s reads stored reviews through their (employee, month) index', async (name, scope) => {
    const db = await useTempDatabase();
    const plan = await queryPlan(reviewPeopleQuery(db, '2026-10', scope));
    expect(plan.join(' | ')).toContain('monthly_reviews USING INDEX monthly_reviews_employee_month');
    // Everyone means every user row; a scope must not scan.
    expect(plan.filter((line) => line.startsWith('SCAN'))).toEqual(name === 'everyone' ? ['SCAN users'] : []);
  });
});

describe('finding an employee by 工号', () => {
  it('goes through the NOCASE unique index, whatever the letter case typed', async () => {
    const db = await useTempDatabase();
    const plan = await queryPlan(db.select({ id: users.id }).from(users).where(sameEmployeeNo('kf101')));
    expect(plan.join(' | ')).toContain('users USING COVERING INDEX users_employee_no_nocase');
  });
});
