import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { teams, users } from '../../../db/schema';
import { bestAssessmentScores, type AssessmentResult } from './attempts';
import { listModules } from './lessons';

/** HR's raw score table: every active employee with their best assessment score per quiz. */
export async function scoreReport() {
  const db = await getDb();
  const people = await db
    .select({ id: users.id, name: users.name, employeeNo: users.employeeNo, teamName: teams.name })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(and(eq(users.active, true), inArray(users.role, ['learner', 'supervisor'])));
  const modules = (await listModules()).map((m) => ({ id: m.data.quiz, title: m.data.title }));
  const scores = await bestAssessmentScores(people.map((p) => p.id));
  return { modules, rows: people.map((p) => ({ ...p, scores: scores.get(p.id) ?? new Map<string, AssessmentResult>() })) };
}
