import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { teams, users } from '../../../db/schema';
import { goLiveReadiness } from '../../scoring/readiness';
import { supervisedTeamIds } from './access';
import { bestAssessmentScores, type AssessmentResult } from './attempts';
import { listModules } from './lessons';

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
  const scores = await bestAssessmentScores(members.map((m) => m.id));
  const rows = members.map((m) => {
    const mine = scores.get(m.id) ?? new Map<string, AssessmentResult>();
    const { passed, ready } = goLiveReadiness(required.map((r) => r.id), (quizId) => mine.get(quizId)?.passed ?? false);
    return { ...m, passed, ready, scores: Object.fromEntries(mine) };
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
  const scores = await bestAssessmentScores(people.map((p) => p.id));
  return { modules, rows: people.map((p) => ({ ...p, scores: scores.get(p.id) ?? new Map<string, AssessmentResult>() })) };
}
