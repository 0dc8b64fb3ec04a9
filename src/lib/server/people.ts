import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { teams, users } from '../../../db/schema';
import { bestAssessmentScores, type AssessmentResult } from './attempts';
import { listModules } from './lessons';
import { requireTeam } from './hr/teams';

/** HR's score table: every active employee (of one team, if given; 400 `unknown_team` for a team that does not exist) with their best assessment score per quiz, by 工号; modules carry both titles for the reader's language. */
export async function scoreReport(teamId?: number) {
  if (teamId !== undefined) await requireTeam(teamId);
  const db = await getDb();
  const people = await db
    .select({ id: users.id, name: users.name, employeeNo: users.employeeNo, teamName: teams.name })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(and(eq(users.active, true), inArray(users.role, ['learner', 'supervisor']), teamId !== undefined ? eq(users.teamId, teamId) : undefined))
    .orderBy(users.employeeNo);
  const modules = (await listModules()).map((m) => ({ id: m.data.quiz, title: m.data.title, titleEn: m.data.titleEn }));
  const scores = await bestAssessmentScores(people.map((p) => p.id));
  return { modules, rows: people.map((p) => ({ ...p, scores: scores.get(p.id) ?? new Map<string, AssessmentResult>() })) };
}
