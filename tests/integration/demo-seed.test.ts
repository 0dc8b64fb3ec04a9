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

  it('does not seed twice', async () => {
    expect(await seedDemo(await getDb(), 'academy-demo-test')).toBe(false);
  });
});
