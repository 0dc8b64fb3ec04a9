import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { users } from '../../db/schema';
import { seedDemo } from '../../db/seed-demo';
import { assignmentsFor } from '../../src/lib/server/assignments';
import { employeeRecord } from '../../src/lib/server/employee';
import { dueReviews } from '../../src/lib/server/review-queue';
import { parseTeamFilter, teamOverview } from '../../src/lib/server/team-overview';
import { sessionUserOf } from '../helpers/people';

async function user(username: string) {
  const db = await getDb();
  return sessionUserOf((await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id);
}

beforeAll(async () => {
  expect(await seedDemo(await getDb(), 'academy-demo-test')).toBe(true);
});

describe('the living demo', () => {
  it('keeps the first team clean and gives the second team its own supervisor', async () => {
    const first = await teamOverview(await user('supervisor'), parseTeamFilter(new URLSearchParams()));
    expect(first.rows.map((r) => r.employeeNo).sort()).toEqual(['KF101', 'KF102', 'KF103', 'KF104']);
    expect(first.rows.every((r) => r.open.length === 0 && r.lastActivity === null)).toBe(true);
    const second = await teamOverview(await user('supervisor2'), parseTeamFilter(new URLSearchParams()));
    expect(second.rows.map((r) => r.employeeNo).sort()).toEqual(['KF201', 'KF202', 'KF203', 'KF204']);
  });

  it('shows a go-live, an overdue assignment, a refresher completed on time, weak topics and a review due', async () => {
    const boss = await user('supervisor2');
    const live = await employeeRecord(boss, 'KF201');
    expect(live.employee.goLiveDate).not.toBeNull();
    expect(live.assignments.length).toBeGreaterThan(0);
    expect(live.assignments.every((a) => a.status === 'completed')).toBe(true);
    const struggling = await employeeRecord(boss, 'KF202');
    const statuses = struggling.assignments.map((a) => `${a.kind}:${a.status}`);
    expect(statuses).toContain('onboarding:overdue');
    expect(statuses).toContain('refresher:completed');
    expect(struggling.weak.map((w) => w.module)).toContain('complaints');
    expect(struggling.grants).toHaveLength(1);
    expect((await dueReviews(struggling.employee.id)).length).toBeGreaterThan(0);
    const soon = await assignmentsFor((await user('learner7')).id);
    expect(soon.map((a) => a.reminder)).toEqual(['due_soon', 'due_soon']);
  });

  it('follows the rules the services enforce: nothing before a hire date, a grant only once attempts are used up', async () => {
    const db = await getDb();
    const before = (sql: string) => db.all<{ n: number }>(sql).then((rows) => rows[0].n);
    const hired = (who: string) => `(SELECT hire_date FROM users WHERE id = ${who})`;
    expect(await before(`SELECT count(*) AS n FROM inspections WHERE date < ${hired('employee_id')} OR date < ${hired('inspector_id')}`)).toBe(0);
    expect(await before(`SELECT count(*) AS n FROM complaints WHERE date < ${hired('employee_id')} OR date < ${hired('recorded_by_id')}`)).toBe(0);
    const shanghaiDay = (ms: string) => `date(${ms} / 1000 + 8 * 3600, 'unixepoch')`;
    expect(await before(`SELECT count(*) AS n FROM assignments WHERE ${shanghaiDay('created_at')} < ${hired('assignee_id')} OR ${shanghaiDay('created_at')} < ${hired('assigned_by_id')}`)).toBe(0);
    expect(await before(`SELECT count(*) AS n FROM attempts WHERE ${shanghaiDay('started_at')} < ${hired('user_id')}`)).toBe(0);
    const boss = await user('supervisor2');
    const struggling = await employeeRecord(boss, 'KF202');
    const complaintsAssessments = struggling.attempts.filter((a) => a.quizId === 'complaints' && a.mode === 'assessment');
    expect(complaintsAssessments).toHaveLength(3);
    expect(struggling.grants.every((g) => complaintsAssessments.every((a) => a.startedAt < g.createdAt))).toBe(true);
    expect(struggling.assignments.filter((a) => a.kind === 'onboarding' && a.status === 'overdue').map((a) => a.module).sort()).toEqual(['complaints', 'customer-types', 'desk-rules']);
  });

  it('does not seed twice', async () => {
    expect(await seedDemo(await getDb(), 'academy-demo-test')).toBe(false);
  });
});
