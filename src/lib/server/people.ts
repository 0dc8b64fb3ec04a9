import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { attempts, teams, users } from '../../../db/schema';
import { listModules } from './lessons';
import { supervisedTeamIds } from './access';

/** Best submitted assessment score and pass per employee and quiz. */
async function bestScores(userIds: number[]) {
  if (userIds.length === 0) return new Map<number, Map<string, { best: number; passed: boolean }>>();
  const db = await getDb();
  const rows = await db
    .select({ userId: attempts.userId, quizId: attempts.quizId, best: sql<number>`max(${attempts.score})`, passed: sql<number>`max(${attempts.passed})` })
    .from(attempts)
    .where(and(inArray(attempts.userId, userIds), eq(attempts.mode, 'assessment'), isNotNull(attempts.submittedAt)))
    .groupBy(attempts.userId, attempts.quizId);
  const out = new Map<number, Map<string, { best: number; passed: boolean }>>();
  for (const r of rows) {
    if (!out.has(r.userId)) out.set(r.userId, new Map());
    out.get(r.userId)!.set(r.quizId, { best: r.best, passed: r.passed === 1 });
  }
  return out;
}

/**
 * The supervisor's home: the learners of the teams they lead, each with required modules passed
 * and whether they are ready to go live. Only their own teams (access.ts decides).
 */
export async function teamReadiness(supervisorId: number) {
  const teamIds = await supervisedTeamIds(supervisorId);
  if (teamIds.length === 0) return { teams: [], required: [] as { id: string; title: string }[] };
  const db = await getDb();
  const members = await db
    .select({ id: users.id, name: users.name, employeeNo: users.employeeNo, teamId: users.teamId, teamName: teams.name })
    .from(users)
    .innerJoin(teams, eq(users.teamId, teams.id))
    .where(and(inArray(users.teamId, teamIds), eq(users.role, 'learner'), eq(users.active, true)));
  const required = (await listModules()).filter((m) => m.data.required).map((m) => ({ id: m.data.quiz, title: m.data.title }));
  const scores = await bestScores(members.map((m) => m.id));
  const rows = members.map((m) => {
    const mine = scores.get(m.id) ?? new Map();
    const passed = required.filter((r) => mine.get(r.id)?.passed).length;
    return { ...m, passed, ready: passed === required.length, scores: Object.fromEntries(mine) };
  });
  const byTeam = [...new Set(rows.map((r) => r.teamName))].map((name) => ({ name, members: rows.filter((r) => r.teamName === name) }));
  return { teams: byTeam, required };
}

/** HR's raw score table: every active employee with their best assessment score per quiz. */
export async function scoreReport() {
  const db = await getDb();
  const people = await db
    .select({ id: users.id, name: users.name, employeeNo: users.employeeNo, teamName: teams.name })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(and(eq(users.active, true), inArray(users.role, ['learner', 'supervisor'])));
  const modules = (await listModules()).map((m) => ({ id: m.data.quiz, title: m.data.title }));
  const scores = await bestScores(people.map((p) => p.id));
  return { modules, rows: people.map((p) => ({ ...p, scores: scores.get(p.id) ?? new Map() })) };
}
