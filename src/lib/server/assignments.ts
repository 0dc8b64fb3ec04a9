import { and, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { getDb, type Database } from '../../../db/client';
import { prepared } from '../../../db/prepared';
import { ASSIGNMENT_KINDS, assignments, teams, users, type Assignment, type Attempt } from '../../../db/schema';
import { getQuiz } from '../../quizzes/catalog';
import { practiceTopics } from '../../quizzes/topics';
import { assignmentOrder, assignmentReminder, assignmentStatus, latestDueDate, type AssignmentReminder, type AssignmentStatus } from '../../scoring/assignment-status';
import { POLICY } from '../../scoring/policy';
import { isCalendarDay, orgToday } from '../time-zone';
import { mayManageEmployee, mayManageTraining, mayReadEmployee, supervisedTeamIds } from './access';
import { audit } from './audit';
import type { SessionUser } from './auth/session';
import { ServiceError } from './errors';

/**
 * Assignments: a module given to an employee with a kind and a due date (a day in the organisation's
 * time zone). Created all-or-nothing, withdrawn without deleting, completed by the attempt that
 * finished them (see `completeAssignments`). Status is computed, never stored (scoring/assignment-status).
 */

export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

/** An assignment as the API and pages show it. */
export interface AssignmentView {
  id: number;
  employeeNo: string | null;
  employeeName: string;
  module: string;
  kind: AssignmentKind;
  topics: string[] | null;
  dueDate: string;
  status: AssignmentStatus;
  reminder: AssignmentReminder;
  assignedAt: string;
  assignedBy: string | null;
  completedAt: string | null;
  completingAttemptId: number | null;
  withdrawnAt: string | null;
}

export interface AssignInput {
  employeeNos: readonly string[];
  module: string;
  kind: AssignmentKind;
  /** `YYYY-MM-DD`, the last day in the organisation's time zone. */
  dueDate: string;
  /** Refresher only: the topics its practice quiz draws from (none: the whole practice pool). */
  topics?: readonly string[] | null;
  /** Also everyone active in this team (the team page's "whole team"); the actor must lead it. */
  teamId?: number;
}

type Row = Assignment & { employeeNo: string | null; employeeName: string; assignedByName: string | null };

/** Shapes a stored row for the API: status and reminder as of `today`. */
function viewOf(row: Row, today = orgToday()): AssignmentView {
  const status = assignmentStatus({ dueDate: row.dueDate, completedDay: row.completedAt ? orgToday(row.completedAt) : null, withdrawn: row.withdrawnAt !== null }, today);
  return {
    id: row.id,
    employeeNo: row.employeeNo,
    employeeName: row.employeeName,
    module: row.module,
    kind: row.kind,
    topics: row.topics ?? null,
    dueDate: row.dueDate,
    status,
    reminder: assignmentReminder(status, row.dueDate, today, POLICY.assignmentWarnDays),
    assignedAt: row.createdAt.toISOString(),
    assignedBy: row.assignedByName,
    completedAt: row.completedAt?.toISOString() ?? null,
    completingAttemptId: row.completingAttemptId,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}

const assignedBy = sql<string | null>`(select name from users b where b.id = ${assignments.assignedById})`.as('assigned_by_name');

async function rowsWhere(where: ReturnType<typeof and>): Promise<Row[]> {
  const db = await getDb();
  return (await rowQuery(db).where(where).orderBy(desc(assignments.id))).map(flatten);
}

const rowQuery = (db: Database) =>
  db.select({ a: assignments, employeeNo: users.employeeNo, employeeName: users.name, assignedByName: assignedBy }).from(assignments).innerJoin(users, eq(assignments.assigneeId, users.id)).$dynamic();
const flatten = (r: { a: Assignment; employeeNo: string | null; employeeName: string; assignedByName: string | null }): Row => ({
  ...r.a,
  employeeNo: r.employeeNo,
  employeeName: r.employeeName,
  assignedByName: r.assignedByName,
});
/** One learner's assignments: their home and the nav ask on every page, so the query is built once. */
const assignmentsOfOne = prepared((db) => rowQuery(db).where(eq(assignments.assigneeId, sql.placeholder('userId'))).orderBy(desc(assignments.id)).prepare());

/** The employees named, each once, or 404 naming the first unknown number. */
async function employeesByNo(employeeNos: readonly string[]) {
  const wanted = [...new Set(employeeNos.map((n) => n.trim()))];
  if (wanted.length === 0) throw new ServiceError('assign.noEmployees', 400);
  const db = await getDb();
  const found = await db
    .select({ id: users.id, teamId: users.teamId, employeeNo: users.employeeNo, name: users.name, role: users.role, active: users.active })
    .from(users)
    .where(inArray(users.employeeNo, wanted));
  const byNo = new Map(found.map((u) => [u.employeeNo!, u]));
  const missing = wanted.find((n) => !byNo.has(n));
  if (missing !== undefined) throw new ServiceError('assign.unknownEmployee', 404, { employeeNo: missing });
  return wanted.map((n) => byNo.get(n)!);
}

/** The employee numbers of a team's active learners, for "assign to the whole team". */
async function teamMemberNos(actor: SessionUser, teamId: number): Promise<string[]> {
  const db = await getDb();
  const team = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new ServiceError('assign.unknownTeam', 404);
  if (actor.role !== 'admin' && !(await supervisedTeamIds(actor.id)).includes(teamId)) throw new ServiceError('assign.notYourTeamWhole', 403);
  const rows = await db
    .select({ employeeNo: users.employeeNo })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.role, 'learner'), eq(users.active, true), isNotNull(users.employeeNo)));
  return rows.map((r) => r.employeeNo!);
}

/** Checks the due date, module, kind and topics of a new assignment (400/404), before anyone is looked at. */
function checkWhat(input: AssignInput, today: string) {
  if (!(ASSIGNMENT_KINDS as readonly string[]).includes(input.kind)) throw new ServiceError('assign.badKind', 400);
  if (!isCalendarDay(input.dueDate)) throw new ServiceError('assign.badDate', 400);
  if (input.dueDate < today) throw new ServiceError('assign.pastDate', 400, { today });
  if (input.dueDate > latestDueDate(today)) throw new ServiceError('assign.farDate', 400, { latest: latestDueDate(today) });
  const quiz = getQuiz(input.module);
  if (!quiz) throw new ServiceError('assign.unknownModule', 404, { module: input.module });
  const topics = input.topics && input.topics.length > 0 ? [...new Set(input.topics)] : null;
  if (topics && input.kind !== 'refresher') throw new ServiceError('assign.topicsOnlyRefresher', 400);
  if (topics) {
    const known = new Set(practiceTopics(quiz.list));
    const unknown = topics.find((t) => !known.has(t));
    if (unknown !== undefined) throw new ServiceError('assign.unknownTopic', 400, { topic: unknown });
  }
  return topics;
}

/** What `createAssignments` did: the assignments made, and who already had the same task open. */
export interface Assigned {
  created: AssignmentView[];
  /** Employee numbers given nothing because they still have this module, kind (and topics) open. */
  skipped: string[];
}

/**
 * Assigns one module to every employee named: a bad date, kind or topic (400), an unknown module or
 * employee (404), or any employee the actor may not manage (403) creates nothing. Nobody gets a second
 * copy of a task they still have open (same module, kind and topics, neither completed nor withdrawn):
 * a double click, a form sent again on reload or two racing requests create it once. They are listed
 * as skipped; when everyone is, the request is refused (409) and nothing changes. To move a due date,
 * withdraw the open task and assign again. Each assignment is audited in the same transaction.
 */
export async function createAssignments(actor: SessionUser, input: AssignInput): Promise<Assigned> {
  if (!mayManageTraining(actor)) throw new ServiceError('assign.forbidden', 403);
  const today = orgToday();
  const topics = checkWhat(input, today);
  const people = await employeesByNo([...input.employeeNos, ...(input.teamId !== undefined ? await teamMemberNos(actor, input.teamId) : [])]);
  for (const person of people) {
    if (!person.active) throw new ServiceError('assign.inactive', 409, { employeeNo: person.employeeNo! });
    if (person.id === actor.id) throw new ServiceError('assign.self', 403, { employeeNo: person.employeeNo! });
    if (!(await mayManageEmployee(actor, person))) throw new ServiceError('assign.notYourTeam', 403, { employeeNo: person.employeeNo! });
    if (person.role !== 'learner' && person.role !== 'supervisor') throw new ServiceError('assign.notEmployee', 400, { employeeNo: person.employeeNo! });
  }
  const db = await getDb();
  const topicsJson = topics ? JSON.stringify(topics) : null;
  const { ids, skipped } = await db.transaction(async (tx) => {
    const ids: number[] = [];
    const skipped: string[] = [];
    for (const person of people) {
      // One statement, so two racing requests cannot both see "not open yet" and both insert.
      const [row] = await tx.all<{ id: number }>(sql`
        INSERT INTO assignments (module, assignee_id, assigned_by_id, kind, topics, due_date, created_at)
        SELECT ${input.module}, ${person.id}, ${actor.id}, ${input.kind}, ${topicsJson}, ${input.dueDate}, ${Date.now()}
        WHERE NOT EXISTS (SELECT 1 FROM assignments WHERE assignee_id = ${person.id} AND module = ${input.module} AND kind = ${input.kind}
          AND topics IS ${topicsJson} AND completed_at IS NULL AND withdrawn_at IS NULL)
        RETURNING id`);
      if (!row) {
        skipped.push(person.employeeNo!);
        continue;
      }
      ids.push(row.id);
      await audit(actor.id, 'assignment.create', `user:${person.id}`, { assignmentId: row.id, module: input.module, kind: input.kind, dueDate: input.dueDate, topics }, tx);
    }
    return { ids, skipped };
  });
  if (ids.length === 0)
    throw skipped.length === 1
      ? new ServiceError('assign.alreadyOpen', 409, { employeeNo: skipped[0] })
      : new ServiceError({ key: 'assign.alreadyOpenAll', status: 409, code: 'assign.alreadyOpen', params: { n: skipped.length } });
  const rows = await rowsWhere(inArray(assignments.id, ids));
  return { created: rows.sort((a, b) => a.id - b.id).map((r) => viewOf(r, today)), skipped };
}

/**
 * Withdraws an open assignment: the record stays with who withdrew it and when. A finished or already
 * withdrawn one is refused (409); the write is conditional so two clicks cannot both withdraw.
 */
export async function withdrawAssignment(actor: SessionUser, assignmentId: number): Promise<AssignmentView> {
  const [row] = await rowsWhere(eq(assignments.id, assignmentId));
  if (!row) throw new ServiceError('assign.notFound', 404);
  const db = await getDb();
  const assignee = (await db.select({ id: users.id, teamId: users.teamId }).from(users).where(eq(users.id, row.assigneeId)).get())!;
  if (!mayManageTraining(actor) || !(await mayManageEmployee(actor, assignee))) throw new ServiceError('assign.mayNotWithdraw', 403);
  if (row.withdrawnAt) throw new ServiceError('assign.alreadyWithdrawn', 409);
  if (row.completedAt) throw new ServiceError('assign.alreadyCompleted', 409);
  const done = await db.transaction(async (tx) => {
    const updated = await tx
      .update(assignments)
      .set({ withdrawnAt: new Date(), withdrawnById: actor.id })
      .where(and(eq(assignments.id, assignmentId), isNull(assignments.withdrawnAt), isNull(assignments.completedAt)))
      .returning({ id: assignments.id });
    if (updated.length === 0) return false;
    await audit(actor.id, 'assignment.withdraw', `user:${row.assigneeId}`, { assignmentId, module: row.module }, tx);
    return true;
  });
  if (!done) throw new ServiceError('assign.alreadyWithdrawn', 409);
  const [after] = await rowsWhere(eq(assignments.id, assignmentId));
  return viewOf(after);
}

/** One employee's assignments for someone allowed to read them (themselves, their supervisor, HR, admin). */
export async function assignmentsOf(viewer: SessionUser, employeeNo: string): Promise<AssignmentView[]> {
  const [person] = await employeesByNo([employeeNo]);
  if (!(await mayReadEmployee(viewer, person))) throw new ServiceError('assign.notYourTeam', 403, { employeeNo });
  return assignmentsFor(person.id);
}

/** A user's own assignments, open and overdue first (the learner's home and `/api/v1/me/assignments`). */
export async function assignmentsFor(userId: number): Promise<AssignmentView[]> {
  const today = orgToday();
  const rows = await (await assignmentsOfOne()).all({ userId });
  return rows.map((r) => viewOf(flatten(r), today)).sort(assignmentOrder);
}

/** Several employees' assignments at once, for the team page; keyed by user id. */
export async function assignmentsForMany(userIds: readonly number[]): Promise<Map<number, AssignmentView[]>> {
  const out = new Map<number, AssignmentView[]>();
  if (userIds.length === 0) return out;
  const today = orgToday();
  for (const row of await rowsWhere(inArray(assignments.assigneeId, [...userIds]))) {
    const list = out.get(row.assigneeId) ?? [];
    list.push(viewOf(row, today));
    out.set(row.assigneeId, list);
  }
  for (const list of out.values()) list.sort(assignmentOrder);
  return out;
}

/** How many of a user's assignments still need doing (open or overdue): the number beside the nav link. */
export async function openAssignmentCount(userId: number): Promise<number> {
  const row = await (await openCountOfOne()).get({ userId });
  return row?.n ?? 0;
}

const openCountOfOne = prepared((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(assignments)
    .where(and(eq(assignments.assigneeId, sql.placeholder('userId')), isNull(assignments.completedAt), isNull(assignments.withdrawnAt)))
    .limit(1) // one row; see db/native-connection.ts
    .prepare(),
);

/**
 * Marks the assignments a submitted attempt finishes. A passed assessment completes the learner's open
 * onboarding and mandatory assignments of that module made before it was submitted; a refresher attempt
 * completes its own assignment whatever the score. Conditional writes: an assignment is completed once,
 * by the first attempt that qualifies.
 */
export async function completeAssignments(attempt: Attempt): Promise<number[]> {
  if (!attempt.submittedAt) return [];
  if (attempt.mode === 'refresher' && attempt.assignmentId !== null) {
    const db = await getDb();
    const open = and(isNull(assignments.completedAt), isNull(assignments.withdrawnAt), eq(assignments.assigneeId, attempt.userId));
    const done = await db
      .update(assignments)
      .set({ completedAt: attempt.submittedAt, completingAttemptId: attempt.id })
      .where(and(open, eq(assignments.id, attempt.assignmentId), eq(assignments.kind, 'refresher')))
      .returning({ id: assignments.id });
    return done.map((d) => d.id);
  }
  if (attempt.mode !== 'assessment' || !attempt.passed) return [];
  const done = await (await completeByPass()).all({ at: attempt.submittedAt.getTime(), attemptId: attempt.id, userId: attempt.userId, module: attempt.quizId });
  return done.map((d) => d.id);
}

/** A passed assessment completing its module's onboarding and mandatory work: every pass runs it, so built once (values bound as stored). */
const completeByPass = prepared((db) =>
  db
    .update(assignments)
    .set({ completedAt: sql`${sql.placeholder('at')}`, completingAttemptId: sql`${sql.placeholder('attemptId')}` })
    .where(
      and(
        isNull(assignments.completedAt),
        isNull(assignments.withdrawnAt),
        eq(assignments.assigneeId, sql.placeholder('userId')),
        eq(assignments.module, sql.placeholder('module')),
        inArray(assignments.kind, ['onboarding', 'mandatory']),
        lte(assignments.createdAt, sql.placeholder('at')),
      ),
    )
    .returning({ id: assignments.id })
    .prepare(),
);

/** One assignment of the user's own, for starting its refresher; 404 when it is not theirs. */
export async function ownAssignment(user: SessionUser, assignmentId: number): Promise<AssignmentView> {
  const [row] = await rowsWhere(and(eq(assignments.id, assignmentId), eq(assignments.assigneeId, user.id)));
  if (!row) throw new ServiceError('assign.notFound', 404);
  return viewOf(row);
}
