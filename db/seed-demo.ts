import { count } from 'drizzle-orm';
import type { Database } from './client';
import { teams, users } from './schema';
import { hashPassword } from '../src/lib/server/auth/password';
import { orgToday } from '../src/lib/time-zone';

/** The documented default demo password; set ACADEMY_DEMO_PASSWORD to choose another. */
export const DEFAULT_DEMO_PASSWORD = 'academy-demo';

/**
 * The demo organisation of the house manual's 第一章 客服部架构: 客服中心 with one 客服主管 and
 * four 客服专员, plus HR and an administrator.
 */
export const DEMO_PEOPLE = [
  { username: 'supervisor', name: '王丽华', employeeNo: 'KF001', role: 'supervisor', title: '客服主管' },
  { username: 'learner1', name: '李晓雯', employeeNo: 'KF101', role: 'learner', title: '客服专员' },
  { username: 'learner2', name: '张思远', employeeNo: 'KF102', role: 'learner', title: '客服专员' },
  { username: 'learner3', name: '陈佳怡', employeeNo: 'KF103', role: 'learner', title: '客服专员' },
  { username: 'learner4', name: '刘子轩', employeeNo: 'KF104', role: 'learner', title: '客服专员' },
  { username: 'hr', name: '赵敏', employeeNo: 'HR001', role: 'hr', title: '人力资源专员' },
  { username: 'admin', name: '孙浩', employeeNo: 'IT001', role: 'admin', title: '系统管理员' },
] as const;

/** Seeds the demo organisation into an empty database; does nothing if any user exists. Returns whether it seeded. */
export async function seedDemo(db: Database, password: string): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return false;
  const hash = await hashPassword(password);
  const today = orgToday();
  await db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values({ name: '客服中心' }).returning({ id: teams.id });
    for (const p of DEMO_PEOPLE) {
      const inTeam = p.role === 'learner' || p.role === 'supervisor';
      await tx.insert(users).values({
        username: p.username,
        name: p.name,
        employeeNo: p.employeeNo,
        role: p.role,
        teamId: inTeam ? team.id : null,
        hireDate: today,
        passwordHash: hash,
      });
    }
    const sup = await tx.query.users.findFirst({ where: (u, { eq }) => eq(u.username, 'supervisor') });
    await tx.update(teams).set({ supervisorId: sup!.id });
  });
  return true;
}
