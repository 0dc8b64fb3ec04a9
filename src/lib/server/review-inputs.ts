import { and, between, count, eq, gte, inArray, isNotNull, isNull, lt, max, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { getDb, type Database } from '../../../db/client';
import { assignments, attempts, complaints, inspections, users } from '../../../db/schema';
import type { NotableInspection, ReviewInputs } from '../../scoring/monthly-review';
import { monthRange, orgDayOf, orgToday } from '../time-zone';

/** Which employees a month's computation covers: a few teams, a few people, or (neither given) everyone. */
export interface ReviewScope {
  teamIds?: readonly number[];
  employeeIds?: readonly number[];
}

/**
 * A condition on an employee-id column restricting it to the scope, as a subquery rather than a join so
 * each input query keeps using its own date index; undefined for everyone.
 */
export function scopeCondition(column: SQLiteColumn, scope: ReviewScope): SQL | undefined {
  const parts: SQL[] = [];
  if (scope.employeeIds) parts.push(inArray(column, [...scope.employeeIds]));
  if (scope.teamIds) parts.push(inArray(column, sql`(select ${users.id} from ${users} where ${inArray(users.teamId, [...scope.teamIds])})`));
  return parts.length ? and(...parts) : undefined;
}

/**
 * Recorded on or after the employee's hire date. The services refuse earlier records, but a hire date
 * can be corrected later (roster import): what is dated before it is not part of that job.
 */
function fromHireDate(employeeId: SQLiteColumn, date: SQLiteColumn): SQL {
  return sql`not exists (select 1 from ${users} where ${users.id} = ${employeeId} and ${users.hireDate} > ${date})`;
}

/**
 * The five queries behind a month's review inputs, unexecuted, so tests can read their query plans
 * (every one must use an index). Each filters on a date or time index first, then the scope.
 */
export function reviewInputQueries(db: Database, month: string, scope: ReviewScope) {
  const { firstDay, lastDay, start, end } = monthRange(month);
  return {
    best: db
      .select({ userId: attempts.userId, quizId: attempts.quizId, best: max(attempts.score) })
      .from(attempts)
      .where(and(eq(attempts.mode, 'assessment'), gte(attempts.submittedAt, new Date(start)), lt(attempts.submittedAt, new Date(end)), isNotNull(attempts.score), scopeCondition(attempts.userId, scope)))
      .groupBy(attempts.userId, attempts.quizId),
    due: db
      .select({ id: assignments.id, assigneeId: assignments.assigneeId, module: assignments.module, kind: assignments.kind, dueDate: assignments.dueDate, completedAt: assignments.completedAt })
      .from(assignments)
      .where(and(between(assignments.dueDate, firstDay, lastDay), isNull(assignments.withdrawnAt), scopeCondition(assignments.assigneeId, scope))),
    okCounts: db
      .select({ employeeId: inspections.employeeId, n: count() })
      .from(inspections)
      .where(and(between(inspections.date, firstDay, lastDay), eq(inspections.outcome, 'ok'), scopeCondition(inspections.employeeId, scope), fromHireDate(inspections.employeeId, inspections.date)))
      .groupBy(inspections.employeeId),
    notable: db
      .select({ employeeId: inspections.employeeId, date: inspections.date, item: inspections.item, outcome: inspections.outcome, spotCheck: inspections.spotCheck, note: inspections.note })
      .from(inspections)
      .where(and(
        between(inspections.date, firstDay, lastDay), inArray(inspections.outcome, ['warning', 'penalty', 'commendation']),
        scopeCondition(inspections.employeeId, scope), fromHireDate(inspections.employeeId, inspections.date),
      )),
    complaints: db
      .select({ id: complaints.id, employeeId: complaints.employeeId, date: complaints.date, channel: complaints.channel, status: complaints.status, summary: complaints.summary })
      .from(complaints)
      .where(and(
        between(complaints.date, firstDay, lastDay), inArray(complaints.status, ['justified', 'pending']),
        scopeCondition(complaints.employeeId, scope), fromHireDate(complaints.employeeId, complaints.date),
      ))
      .orderBy(complaints.date, complaints.id),
  };
}

/**
 * Reads every input of the month's review for all employees in scope with five set-based queries (best
 * assessment per module, assignments due, inspection counts, notable inspections, complaints), whatever
 * the number of employees. Employees with no input at all get no entry: they are empty months.
 */
export async function loadReviewInputs(month: string, scope: ReviewScope): Promise<Map<number, ReviewInputs>> {
  const db = await getDb();
  const asOf = orgToday();
  const out = new Map<number, ReviewInputs>();
  const of = (employeeId: number) => {
    let inputs = out.get(employeeId);
    if (!inputs) out.set(employeeId, (inputs = { month, asOf, assessments: [], assignments: [], inspections: { ok: 0, notable: [] }, complaints: [] }));
    return inputs;
  };
  const q = reviewInputQueries(db, month, scope);
  const [best, due, okCounts, notable, complaintRows] = await Promise.all([q.best, q.due, q.okCounts, q.notable, q.complaints]);
  for (const r of best) of(r.userId).assessments.push({ quizId: r.quizId, best: r.best! });
  for (const a of due)
    of(a.assigneeId).assignments.push({ id: a.id, module: a.module, kind: a.kind, dueDate: a.dueDate, completedOn: a.completedAt ? orgDayOf(a.completedAt) : null });
  for (const r of okCounts) of(r.employeeId).inspections.ok = r.n;
  // Sorted here rather than in SQL, so the planner filters outcomes inside the (date, outcome, employee) index.
  notable.sort((a, b) => (a.date === b.date ? (a.item < b.item ? -1 : a.item > b.item ? 1 : 0) : a.date < b.date ? -1 : 1));
  for (const r of notable)
    of(r.employeeId).inspections.notable.push({ date: r.date, item: r.item, outcome: r.outcome as NotableInspection['outcome'], spotCheck: r.spotCheck, note: r.note });
  for (const c of complaintRows)
    of(c.employeeId).complaints.push({ id: c.id, date: c.date, channel: c.channel, status: c.status as 'justified' | 'pending', summary: c.summary });
  return out;
}

/** The inputs of a month in which nothing was recorded for an employee. */
export function emptyInputs(month: string): ReviewInputs {
  return { month, asOf: orgToday(), assessments: [], assignments: [], inspections: { ok: 0, notable: [] }, complaints: [] };
}
