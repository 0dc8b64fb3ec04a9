import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { attempts, teams, users } from '../../../../db/schema';
import { nextDay, orgDayStart } from '../../time-zone';
import { requireTeam } from './teams';

/** One submitted assessment attempt as HR pulls it. */
export interface ScoreRow {
  attemptId: number;
  employeeNo: string | null;
  name: string;
  team: string | null;
  active: boolean;
  module: string;
  score: number | null;
  passed: boolean;
  timedOut: boolean;
  startedAt: Date;
  submittedAt: Date;
}

/**
 * Raw assessment scores submitted between two organisation-local days (inclusive), every employee
 * (or the current members of team `team`, which must exist), leavers included, in attempt order: a page
 * after `afterId`, at most `limit` rows. Uses the (mode, submitted_at) index and the attempt id as a
 * stable cursor.
 */
export async function scorePage(range: { from: string; to: string; team?: number }, afterId: number, limit: number): Promise<ScoreRow[]> {
  if (range.team !== undefined) await requireTeam(range.team);
  const db = await getDb();
  const rows = await db
    .select({
      attemptId: attempts.id,
      employeeNo: users.employeeNo,
      name: users.name,
      team: teams.name,
      active: users.active,
      module: attempts.quizId,
      score: attempts.score,
      passed: attempts.passed,
      timedOut: attempts.timedOut,
      startedAt: attempts.startedAt,
      submittedAt: attempts.submittedAt,
    })
    .from(attempts)
    .innerJoin(users, eq(attempts.userId, users.id))
    .leftJoin(teams, eq(users.teamId, teams.id))
    .where(
      and(
        eq(attempts.mode, 'assessment'),
        gte(attempts.submittedAt, new Date(orgDayStart(range.from))),
        lt(attempts.submittedAt, new Date(orgDayStart(nextDay(range.to)))),
        gt(attempts.id, afterId),
        range.team !== undefined ? eq(users.teamId, range.team) : undefined,
      ),
    )
    .orderBy(asc(attempts.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, passed: Boolean(r.passed), submittedAt: r.submittedAt! }));
}

/** Every score row of a range, a page at a time, so a download streams instead of loading a year at once. */
export async function* allScores(range: { from: string; to: string }, pageSize = 2000): AsyncGenerator<ScoreRow> {
  let after = 0;
  for (;;) {
    const page = await scorePage(range, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].attemptId;
  }
}
