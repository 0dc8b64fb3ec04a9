import { count, eq } from 'drizzle-orm';
import type { Database } from './client';
import { teams, users } from './schema';
import { seedDemoConduct } from './seed-demo-conduct';
import { seedDemoHistory } from './seed-demo-history';
import { hashPassword } from '../src/lib/server/auth/password';
import { orgMonth, orgToday, previousMonth } from '../src/lib/time-zone';
import { addDays } from '../src/scoring/assignment-status';

/** The documented default demo password; set ACADEMY_DEMO_PASSWORD to choose another. */
export const DEFAULT_DEMO_PASSWORD = 'academy-demo';

/**
 * The demo organisation of the house manual's 第一章 客服部架构: 客服中心 with one 客服主管 and
 * four 客服专员 (a clean slate), a second team 客服二组 with its own 客服主管 and a few weeks of
 * history (seed-demo-history.ts), plus HR and an administrator. 入职日期: `hiredDaysAgo` before the
 * seeding day; the first team's 专员 (no `hiredDaysAgo`) joined on the first day of last month, so they
 * have an ended month to be reviewed while still studying for go-live.
 */
export const DEMO_PEOPLE = [
  { username: 'supervisor', name: '王丽华', employeeNo: 'KF001', role: 'supervisor', title: '客服主管', team: 1, hiredDaysAgo: 1460 },
  { username: 'learner1', name: '李晓雯', employeeNo: 'KF101', role: 'learner', title: '客服专员', team: 1 },
  { username: 'learner2', name: '张思远', employeeNo: 'KF102', role: 'learner', title: '客服专员', team: 1 },
  { username: 'learner3', name: '陈佳怡', employeeNo: 'KF103', role: 'learner', title: '客服专员', team: 1 },
  { username: 'learner4', name: '刘子轩', employeeNo: 'KF104', role: 'learner', title: '客服专员', team: 1 },
  { username: 'supervisor2', name: '周建国', employeeNo: 'KF002', role: 'supervisor', title: '客服主管', team: 2, hiredDaysAgo: 1095 },
  { username: 'learner5', name: '吴雨桐', employeeNo: 'KF201', role: 'learner', title: '客服专员', team: 2, hiredDaysAgo: 40 },
  { username: 'learner6', name: '郑浩然', employeeNo: 'KF202', role: 'learner', title: '客服专员', team: 2, hiredDaysAgo: 30 },
  { username: 'learner7', name: '黄诗琪', employeeNo: 'KF203', role: 'learner', title: '客服专员', team: 2, hiredDaysAgo: 10 },
  { username: 'learner8', name: '林嘉豪', employeeNo: 'KF204', role: 'learner', title: '客服专员', team: 2, hiredDaysAgo: 0 },
  { username: 'hr', name: '赵敏', employeeNo: 'HR001', role: 'hr', title: '人力资源专员', team: null, hiredDaysAgo: 900 },
  { username: 'admin', name: '孙浩', employeeNo: 'IT001', role: 'admin', title: '系统管理员', team: null, hiredDaysAgo: 1800 },
] as const;

/** The two demo teams; each person's `team` above is its position here (1-based). */
const DEMO_TEAMS = [
  { name: '客服中心', supervisor: 'supervisor' },
  { name: '客服二组', supervisor: 'supervisor2' },
] as const;

/** Seeds the demo organisation into an empty database; does nothing if any user exists. Returns whether it seeded. */
export async function seedDemo(db: Database, password: string): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return false;
  const hash = await hashPassword(password);
  const today = orgToday();
  const ids = await db.transaction(async (tx) => {
    const teamIds: number[] = [];
    for (const t of DEMO_TEAMS) teamIds.push((await tx.insert(teams).values({ name: t.name }).returning({ id: teams.id }))[0].id);
    const byName: Record<string, number> = {};
    for (const p of DEMO_PEOPLE) {
      const [row] = await tx
        .insert(users)
        .values({
          username: p.username,
          name: p.name,
          employeeNo: p.employeeNo,
          role: p.role,
          teamId: p.team ? teamIds[p.team - 1] : null,
          hireDate: 'hiredDaysAgo' in p ? addDays(today, -p.hiredDaysAgo) : `${previousMonth(orgMonth())}-01`,
          passwordHash: hash,
        })
        .returning({ id: users.id });
      byName[p.username] = row.id;
    }
    for (const [i, t] of DEMO_TEAMS.entries()) await tx.update(teams).set({ supervisorId: byName[t.supervisor] }).where(eq(teams.id, teamIds[i]));
    return byName;
  });
  await seedDemoHistory(db, { supervisor2: ids.supervisor2, learner5: ids.learner5, learner6: ids.learner6, learner7: ids.learner7 });
  await seedDemoConduct(db, { supervisor2: ids.supervisor2, learner5: ids.learner5, learner6: ids.learner6, learner7: ids.learner7 });
  return true;
}
