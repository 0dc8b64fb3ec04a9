import { and, eq, inArray, isNull, max, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../../db/client';
import { attempts, lessonProgress, teams, users } from '../../../db/schema';
import { goLiveReadiness } from '../../scoring/readiness';
import type { TopicMastery } from '../../scoring/topic-mastery';
import { readableTeams } from './access';
import { assignmentsForMany, type AssignmentView } from './assignments';
import { bestAssessmentScores, type AssessmentResult } from './attempts';
import type { SessionUser } from './auth/session';
import { weakTopicsOf } from './mastery';
import { moduleCatalog, requiredQuizIds } from './module-catalog';

/**
 * The team page: for every employee the viewer may read, go-live state, required modules passed, best
 * scores, assignments, weak topics and last activity, filtered and sorted by query parameters.
 */

export const SHOW = ['all', 'notLive', 'ready', 'overdue', 'weak'] as const;
export const SORTS = ['name', 'employeeNo', 'readiness', 'overdue', 'activity'] as const;

/** The page's query string; anything malformed falls back to the default rather than failing. */
const teamFilterSchema = z.object({
  q: z.string().trim().max(32).catch(''),
  team: z.coerce.number().int().positive().optional().catch(undefined),
  show: z.enum(SHOW).catch('all'),
  sort: z.enum(SORTS).catch('name'),
  inactive: z
    .string()
    .optional()
    .transform((v) => v === '1')
    .catch(false),
});
export type TeamFilter = z.infer<typeof teamFilterSchema>;

/** Reads the filter from a URL's query string. */
export function parseTeamFilter(params: URLSearchParams): TeamFilter {
  return teamFilterSchema.parse(Object.fromEntries(params));
}

export type GoLiveState = 'live' | 'ready' | 'preparing';

export interface TeamRow {
  id: number;
  employeeNo: string | null;
  name: string;
  teamId: number | null;
  teamName: string | null;
  active: boolean;
  hireDate: string | null;
  goLiveDate: string | null;
  goLive: GoLiveState;
  passed: number;
  required: number;
  scores: Record<string, AssessmentResult>;
  open: AssignmentView[];
  overdue: number;
  /** Completed on or before the due day. */
  onTime: number;
  /** Completed after the due day. */
  late: number;
  weak: TopicMastery[];
  lastActivity: Date | null;
}

/** The teams a viewer may pick in the filter, by name. */
async function visibleTeams(scope: 'all' | number[]) {
  const db = await getDb();
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(scope === 'all' ? isNull(teams.archivedAt) : inArray(teams.id, scope))
    .orderBy(teams.name);
}

/** When each user last studied a lesson or worked on a quiz. */
async function lastActivity(userIds: number[]): Promise<Map<number, Date>> {
  const out = new Map<number, Date>();
  if (userIds.length === 0) return out;
  const db = await getDb();
  const [quiz, lessons] = await Promise.all([
    db
      .select({ userId: attempts.userId, at: sql<number>`max(coalesce(${attempts.submittedAt}, ${attempts.startedAt}))` })
      .from(attempts)
      .where(inArray(attempts.userId, userIds))
      .groupBy(attempts.userId),
    db.select({ userId: lessonProgress.userId, at: max(lessonProgress.studiedAt) }).from(lessonProgress).where(inArray(lessonProgress.userId, userIds)).groupBy(lessonProgress.userId),
  ]);
  for (const r of [...quiz.map((q) => ({ userId: q.userId, at: q.at === null ? null : new Date(q.at) })), ...lessons]) {
    if (!r.at) continue;
    const prev = out.get(r.userId);
    if (!prev || r.at > prev) out.set(r.userId, r.at);
  }
  return out;
}

const sorters: Record<TeamFilter['sort'], (a: TeamRow, b: TeamRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
  employeeNo: (a, b) => (a.employeeNo ?? '').localeCompare(b.employeeNo ?? ''),
  readiness: (a, b) => Number(a.goLive === 'live') - Number(b.goLive === 'live') || a.passed - b.passed,
  overdue: (a, b) => b.overdue - a.overdue || b.open.length - a.open.length,
  activity: (a, b) => (a.lastActivity?.getTime() ?? 0) - (b.lastActivity?.getTime() ?? 0),
};

const shows: Record<TeamFilter['show'], (r: TeamRow) => boolean> = {
  all: () => true,
  notLive: (r) => r.goLive !== 'live',
  ready: (r) => r.goLive === 'ready',
  overdue: (r) => r.overdue > 0,
  weak: (r) => r.weak.length > 0,
};

/**
 * Everything the team page lists for the viewer: supervisors see their own teams, HR and admins every
 * team. `teams` are the choices for the team filter; `rows` are already filtered and sorted.
 */
export async function teamOverview(viewer: SessionUser, filter: TeamFilter) {
  const scope = await readableTeams(viewer);
  const teamList = await visibleTeams(scope);
  const required = moduleCatalog().filter((m) => m.required);
  if (scope !== 'all' && scope.length === 0) return { teams: teamList, required, rows: [] as TeamRow[], supervises: false };
  const db = await getDb();
  const teamIds = filter.team !== undefined ? (scope === 'all' || scope.includes(filter.team) ? [filter.team] : []) : scope;
  const like = filter.q ? `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  const people =
    teamIds !== 'all' && teamIds.length === 0
      ? []
      : await db
          .select({ id: users.id, employeeNo: users.employeeNo, name: users.name, teamId: users.teamId, teamName: teams.name, active: users.active, hireDate: users.hireDate, goLiveDate: users.goLiveDate })
          .from(users)
          .leftJoin(teams, eq(users.teamId, teams.id))
          .where(
            and(
              eq(users.role, 'learner'),
              teamIds === 'all' ? undefined : inArray(users.teamId, teamIds),
              filter.inactive ? undefined : eq(users.active, true),
              like ? or(sql`${users.name} like ${like} escape '\\'`, sql`${users.employeeNo} like ${like} escape '\\'`) : undefined,
            ),
          );
  const ids = people.map((p) => p.id);
  const [scores, work, weak, activity] = await Promise.all([bestAssessmentScores(ids), assignmentsForMany(ids), weakTopicsOf(ids), lastActivity(ids)]);
  const requiredIds = requiredQuizIds();
  const rows: TeamRow[] = people.map((p) => {
    const mine = scores.get(p.id) ?? new Map<string, AssessmentResult>();
    const readiness = goLiveReadiness(requiredIds, (quizId) => mine.get(quizId)?.passed ?? false);
    const list = work.get(p.id) ?? [];
    return {
      ...p,
      goLive: p.goLiveDate ? 'live' : readiness.ready ? 'ready' : 'preparing',
      passed: readiness.passed,
      required: readiness.required,
      scores: Object.fromEntries(mine),
      open: list.filter((a) => a.status === 'open' || a.status === 'overdue'),
      overdue: list.filter((a) => a.status === 'overdue').length,
      onTime: list.filter((a) => a.status === 'completed').length,
      late: list.filter((a) => a.status === 'completed_late').length,
      weak: weak.get(p.id) ?? [],
      lastActivity: activity.get(p.id) ?? null,
    };
  });
  const shown = rows.filter(shows[filter.show]).sort((a, b) => sorters[filter.sort](a, b) || a.name.localeCompare(b.name, 'zh-CN'));
  return { teams: teamList, required, rows: shown, supervises: true };
}
