import { and, between, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { auditLog, complaints, users, type COMPLAINT_CHANNELS } from '../../../db/schema';
import { monthRange, orgToday } from '../time-zone';
import { canHandleComplaints, supervisedTeamIds } from './access';
import type { SessionUser } from './auth/session';
import { approvedMonths, requireStartedMonth } from './reviews';
import { ServiceError } from './errors';
import { sameEmployeeNo } from './employee-lookup';

/** How a complaint reached the plaza (000 第二节: desk, phone, letter, online, other). */
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

const judge = alias(users, 'judge');

/** The employee a complaint is against, checked for access, for a day before they were hired, and for a frozen month. */
async function requireHandleable(actor: SessionUser, employeeId: number, date: string) {
  const db = await getDb();
  const employee = await db.select({ id: users.id, name: users.name, role: users.role, teamId: users.teamId, hireDate: users.hireDate }).from(users).where(eq(users.id, employeeId)).get();
  if (!employee) throw new ServiceError('review.noEmployee', 404);
  if (!canHandleComplaints(actor, employee, await supervisedTeamIds(actor.id))) throw new ServiceError('review.notYourTeam', 403);
  if (employee.hireDate !== null && date < employee.hireDate) throw new ServiceError('review.complaint.beforeHire', 409, { name: employee.name, hireDate: employee.hireDate });
  if ((await approvedMonths([employeeId], [date.slice(0, 7)])).size > 0) throw new ServiceError('review.complaint.locked', 409);
}

/**
 * Logs a complaint against an employee (000 3.10) as pending: their supervisor or HR, for a day that
 * is not in the future (400) nor before their hire date (409), not in a month whose review is approved (409). The same complaint again
 * (employee, day, channel and summary) is refused (409), so a double click or a form resent on reload
 * cannot count it twice in the monthly review; check and insert are one statement. Audited.
 */
export async function logComplaint(actor: SessionUser, form: { employeeNo: string; date: string; channel: ComplaintChannel; summary: string }): Promise<number> {
  if (form.date > orgToday()) throw new ServiceError('review.complaint.futureDate', 400);
  const db = await getDb();
  const found = await db.select({ id: users.id }).from(users).where(sameEmployeeNo(form.employeeNo)).get();
  if (!found) throw new ServiceError('review.noEmployee', 404);
  const input = { ...form, employeeId: found.id, summary: form.summary.trim() };
  await requireHandleable(actor, input.employeeId, input.date);
  return db.transaction(async (tx) => {
    const [row] = await tx.all<{ id: number }>(sql`
      INSERT INTO complaints (employee_id, date, channel, summary, recorded_by_id, created_at)
      SELECT ${input.employeeId}, ${input.date}, ${input.channel}, ${input.summary}, ${actor.id}, ${Date.now()}
      WHERE NOT EXISTS (SELECT 1 FROM complaints WHERE employee_id = ${input.employeeId} AND date = ${input.date}
        AND channel = ${input.channel} AND summary = ${input.summary})
      RETURNING id`);
    if (!row) throw new ServiceError('review.complaint.duplicate', 409);
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'complaint.log', subject: `complaint:${row.id}`, details: { employeeId: input.employeeId, date: input.date, channel: input.channel } });
    return row.id;
  });
}

/**
 * Judges a complaint justified or unjustified (a later judgement replaces an earlier one) until the
 * month's review is approved (409). Only the employee's supervisor or HR (403). Audited.
 */
export async function judgeComplaint(actor: SessionUser, complaintId: number, status: 'justified' | 'unjustified'): Promise<void> {
  const db = await getDb();
  const complaint = await db.select().from(complaints).where(eq(complaints.id, complaintId)).get();
  if (!complaint) throw new ServiceError('review.complaint.notFound', 404);
  await requireHandleable(actor, complaint.employeeId, complaint.date);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(complaints).set({ status, judgedById: actor.id, judgedAt: now }).where(eq(complaints.id, complaintId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'complaint.judge', subject: `complaint:${complaintId}`, details: { employeeId: complaint.employeeId, from: complaint.status, to: status }, at: now });
  });
}

/**
 * A month's complaints the viewer handles, newest first: a supervisor's teams' learners, or everyone
 * for HR; with the employee and who judged them. `employeeId` narrows it to one person (the employee page).
 */
export async function complaintsFor(viewer: SessionUser, month: string, employeeId?: number) {
  requireStartedMonth(month);
  const db = await getDb();
  const { firstDay, lastDay } = monthRange(month);
  let scope;
  if (viewer.role === 'supervisor') {
    const supervised = await supervisedTeamIds(viewer.id);
    if (supervised.length === 0) return [];
    scope = and(inArray(users.teamId, supervised), eq(users.role, 'learner'));
  } else if (viewer.role !== 'hr') throw new ServiceError('forbidden.body', 403);
  const rows = await db
    .select({
      id: complaints.id, employeeId: complaints.employeeId, employeeNo: users.employeeNo, name: users.name, date: complaints.date, channel: complaints.channel,
      summary: complaints.summary, status: complaints.status, judgedBy: judge.name, judgedAt: complaints.judgedAt,
    })
    .from(complaints)
    .innerJoin(users, eq(users.id, complaints.employeeId))
    .leftJoin(judge, eq(judge.id, complaints.judgedById))
    .where(and(between(complaints.date, firstDay, lastDay), scope, employeeId !== undefined ? eq(complaints.employeeId, employeeId) : undefined))
    .orderBy(desc(complaints.date), desc(complaints.id));
  const locked = await approvedMonths([...new Set(rows.map((r) => r.employeeId))], [month]);
  return rows.map((r) => ({ ...r, locked: locked.has(`${r.employeeId}:${month}`) }));
}

/** The people a viewer may log complaints against, for the form's picker: a supervisor's team learners (HR types a 工号). */
export async function complaintTargets(viewer: SessionUser) {
  if (viewer.role !== 'supervisor') return [];
  const supervised = await supervisedTeamIds(viewer.id);
  if (supervised.length === 0) return [];
  const db = await getDb();
  return db
    .select({ employeeNo: users.employeeNo, name: users.name })
    .from(users)
    .where(and(inArray(users.teamId, supervised), eq(users.role, 'learner'), eq(users.active, true)))
    .orderBy(users.employeeNo);
}
