import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb, type Database } from '../../../db/client';
import { auditLog, monthlyReviews, teams, users, type Role } from '../../../db/schema';
import { computeMonthlyReview, type ReviewInputs, type ReviewResult } from '../../scoring/monthly-review';
import { REVIEW_POLICY, type ReviewPolicy } from '../../scoring/policy';
import { monthRange, orgMonth, previousMonth } from '../time-zone';
import { canApproveReview, canReadReview, canReopenReview, supervisedTeamIds } from './access';
import type { SessionUser } from './auth/session';
import { emptyInputs, loadReviewInputs, scopeCondition, type ReviewScope } from './review-inputs';
import { ServiceError } from './errors';
import { sameEmployeeNo } from './employee-lookup';

/** An employee as the review lists them. */
export interface ReviewEmployee {
  id: number;
  employeeNo: string | null;
  name: string;
  role: Role;
  teamId: number | null;
  teamName: string | null;
  active: boolean;
}

/**
 * One employee's review for one month: the frozen snapshot when approved, otherwise a live draft
 * (`draft` when never approved, `reopened` when HR reopened it) computed from today's inputs.
 */
export interface ReviewRow {
  employee: ReviewEmployee;
  month: string;
  status: 'draft' | 'approved' | 'reopened';
  reviewId: number | null;
  result: ReviewResult;
  inputs: ReviewInputs;
  /** The approval (comment, approver, time): only while `approved`; null for drafts and reopened reviews. */
  comment: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  /** When and why HR reopened it: only while `reopened` (a re-approved review is approved again). */
  reopenedAt: Date | null;
  reopenReason: string | null;
  /** A digest of `result`: approving from a list refuses a review that changed after it was viewed. */
  fingerprint: string;
}

/** Options of `monthlyReviewRows` beyond the scope. */
export interface ReviewRowOptions extends ReviewScope {
  /** Only these roles (default learners and supervisors, the people reviewed). */
  roles?: readonly Role[];
  /** The policy drafts are computed under (tests pass variants; approved rows keep theirs). */
  policy?: ReviewPolicy;
}

/** A short digest of a computed review, stable across processes (native hashing: a month of 10,000 reviews is hashed per page). */
function fingerprintOf(result: ReviewResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 16);
}

const approver = alias(users, 'approver');

/** The people a month's review covers, each with their stored review if any; unexecuted so tests can read its plan. */
export function reviewPeopleQuery(db: Database, month: string, options: ReviewRowOptions) {
  const roles = options.roles ?? ['learner', 'supervisor'];
  return db
    .select({
      id: users.id, employeeNo: users.employeeNo, name: users.name, role: users.role, teamId: users.teamId, teamName: teams.name, active: users.active, hireDate: users.hireDate,
      reviewId: monthlyReviews.id, status: monthlyReviews.status, components: monthlyReviews.components, inputSnapshot: monthlyReviews.inputSnapshot,
      comment: monthlyReviews.comment, approvedBy: approver.name, approvedAt: monthlyReviews.approvedAt, reopenedAt: monthlyReviews.reopenedAt, reopenReason: monthlyReviews.reopenReason,
    })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .leftJoin(monthlyReviews, and(eq(monthlyReviews.employeeId, users.id), eq(monthlyReviews.month, month)))
    .leftJoin(approver, eq(approver.id, monthlyReviews.approvedById))
    .where(and(inArray(users.role, [...roles]), scopeCondition(users.id, options)))
    .orderBy(teams.name, users.employeeNo, users.id);
}

/**
 * The month's review for every employee in scope, in a handful of set-based queries whatever their
 * number (one for people and stored reviews, five for the inputs): approved rows are read back as
 * frozen, the rest computed live. Active employees hired by the month's end are included; leavers and
 * later hires only when they have a stored review or something recorded that month. Sorted by team and 工号.
 */
export async function monthlyReviewRows(month: string, options: ReviewRowOptions = {}): Promise<ReviewRow[]> {
  const db = await getDb();
  const people = await reviewPeopleQuery(db, month, options);
  const inputs = await loadReviewInputs(month, options);
  const { lastDay } = monthRange(month);
  const policy = options.policy ?? REVIEW_POLICY;
  const rows: ReviewRow[] = [];
  for (const p of people) {
    const frozen = p.status === 'approved';
    const mine = inputs.get(p.id);
    const employed = p.active && (p.hireDate === null || p.hireDate <= lastDay);
    if (!employed && p.reviewId === null && !mine) continue;
    const live = frozen ? null : (mine ?? emptyInputs(month));
    const result = frozen ? (p.components as ReviewResult) : computeMonthlyReview(live!, policy);
    rows.push({
      employee: { id: p.id, employeeNo: p.employeeNo, name: p.name, role: p.role, teamId: p.teamId, teamName: p.teamName, active: p.active },
      month,
      status: p.status === 'approved' || p.status === 'reopened' ? p.status : 'draft',
      reviewId: p.reviewId,
      result,
      inputs: frozen ? (p.inputSnapshot as ReviewInputs) : live!,
      // The stored row of a reopened review still holds its old approval (the database keeps it, the audit
      // log has it), but a reopened review is a live draft: nobody approves it until it is approved again.
      comment: frozen ? p.comment : null,
      approvedBy: frozen ? p.approvedBy : null,
      approvedAt: frozen ? p.approvedAt : null,
      reopenedAt: p.status === 'reopened' ? p.reopenedAt : null,
      reopenReason: p.status === 'reopened' ? p.reopenReason : null,
      fingerprint: fingerprintOf(result),
    });
  }
  return rows;
}

/**
 * A month a review may be read for: well-formed and begun, else 400 with HR's messages (the same rule as
 * hr/query's monthSchema, which this module cannot import: hr/monthly imports it, and hr/query imports that).
 */
export function requireStartedMonth(month: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ServiceError('hr.badMonth', 400);
  if (month > orgMonth()) throw new ServiceError('hr.futureMonth', 400);
}

/** Whose reviews a viewer works through on /team/reviews: a supervisor their teams' learners; HR supervisors, or one team. */
async function listScope(viewer: SessionUser, teamId: number | null): Promise<ReviewRowOptions & { supervised: number[] }> {
  const supervised = await supervisedTeamIds(viewer.id);
  if (viewer.role === 'supervisor') {
    if (teamId !== null && !supervised.includes(teamId)) throw new ServiceError('review.notYourTeam', 403);
    return { teamIds: teamId !== null ? [teamId] : supervised, roles: ['learner'], supervised };
  }
  if (viewer.role === 'hr' || viewer.role === 'admin') return teamId !== null ? { teamIds: [teamId], supervised } : { roles: ['supervisor'], supervised };
  throw new ServiceError('forbidden.body', 403);
}

/**
 * The reviews a supervisor (their team's learners) or HR (supervisors, or one team with `teamId`)
 * works through for a month, with the teams they may pick from.
 */
export async function reviewList(viewer: SessionUser, month: string, teamId: number | null = null) {
  requireStartedMonth(month);
  const { supervised, ...scope } = await listScope(viewer, teamId);
  if (viewer.role === 'supervisor' && supervised.length === 0) return { rows: [], teams: [], approvable: month < orgMonth() };
  const db = await getDb();
  const teamList = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(viewer.role === 'supervisor' ? inArray(teams.id, supervised) : undefined)
    .orderBy(teams.name);
  const rows = (await monthlyReviewRows(month, scope)).filter((r) => r.employee.id !== viewer.id);
  return { rows, teams: teamList, approvable: month < orgMonth() };
}

/** The employee with this 工号, or 404. */
async function employeeByNo(employeeNo: string) {
  const db = await getDb();
  const employee = await db.select({ id: users.id, role: users.role, teamId: users.teamId }).from(users).where(sameEmployeeNo(employeeNo)).get();
  if (!employee || (employee.role !== 'learner' && employee.role !== 'supervisor')) throw new ServiceError('review.noEmployee', 404);
  return employee;
}

/**
 * One employee's review for a month, for their supervisor or HR (403 for anyone else); the page shows
 * every step from inputs to total. The employee reads their own approved reviews through `myReviews`.
 */
export async function reviewOf(viewer: SessionUser, employeeNo: string, month: string): Promise<ReviewRow> {
  requireStartedMonth(month);
  const employee = await employeeByNo(employeeNo);
  if (!canReadReview(viewer, employee, await supervisedTeamIds(viewer.id))) throw new ServiceError('review.notYourTeam', 403);
  const [row] = await monthlyReviewRows(month, { employeeIds: [employee.id] });
  if (!row) throw new ServiceError('review.noEmployee', 404);
  return row;
}

/** A learner's (or supervisor's) own approved reviews, newest first: what they see on /me. Drafts and reopened ones stay hidden. */
export async function myReviews(userId: number) {
  const db = await getDb();
  const rows = await db
    .select({ month: monthlyReviews.month, components: monthlyReviews.components, inputSnapshot: monthlyReviews.inputSnapshot, comment: monthlyReviews.comment, approvedAt: monthlyReviews.approvedAt, approvedBy: approver.name })
    .from(monthlyReviews)
    .leftJoin(approver, eq(approver.id, monthlyReviews.approvedById))
    .where(and(eq(monthlyReviews.employeeId, userId), eq(monthlyReviews.status, 'approved')))
    .orderBy(desc(monthlyReviews.month));
  return rows.map((r) => ({ ...r, result: r.components as ReviewResult, inputs: r.inputSnapshot as ReviewInputs }));
}

/** One approval request: the employee, and the digest of the review as the approver saw it (optional). */
export interface ApprovalItem {
  employeeId: number;
  fingerprint?: string;
}

/**
 * Approves reviews for an ended month, all or none: each must be the approver's to approve (403), not
 * approved already (409) and unchanged since it was viewed (409). Each becomes a frozen snapshot (its
 * inputs, result and policy version; the database refuses later changes) and is audited.
 */
export async function approveReviews(actor: SessionUser, month: string, items: readonly ApprovalItem[], comment: string | null = null): Promise<number> {
  requireStartedMonth(month);
  if (month >= orgMonth()) throw new ServiceError('review.monthNotOver', 409);
  if (items.length === 0) throw new ServiceError('review.noneChosen', 400);
  const ids = [...new Set(items.map((i) => i.employeeId))];
  const rows = new Map((await monthlyReviewRows(month, { employeeIds: ids })).map((r) => [r.employee.id, r]));
  const supervised = await supervisedTeamIds(actor.id);
  for (const item of items) {
    const row = rows.get(item.employeeId);
    if (!row) throw new ServiceError('review.noEmployee', 404);
    if (!canApproveReview(actor, row.employee, supervised)) throw new ServiceError('review.notYourTeam', 403);
    if (row.status === 'approved') throw new ServiceError('review.alreadyApproved', 409);
    if (item.fingerprint && item.fingerprint !== row.fingerprint) throw new ServiceError('review.changed', 409);
  }
  const db = await getDb();
  const now = new Date();
  await db.transaction(async (tx) => {
    for (const id of ids) {
      const row = rows.get(id)!;
      const values = {
        components: row.result, total: row.result.total, grade: row.result.grade, flags: row.result.flags, status: 'approved' as const,
        comment, approvedById: actor.id, approvedAt: now, inputSnapshot: row.inputs, policyVersion: row.result.policyVersion,
      };
      // Conditional on the row not being approved meanwhile: a racing approval makes this write nothing.
      const written = await tx
        .insert(monthlyReviews)
        .values({ employeeId: id, month, ...values })
        .onConflictDoUpdate({ target: [monthlyReviews.employeeId, monthlyReviews.month], set: values, setWhere: ne(monthlyReviews.status, 'approved') })
        .returning({ id: monthlyReviews.id });
      if (written.length === 0) throw new ServiceError('review.alreadyApproved', 409);
      await tx.insert(auditLog).values({ actorId: actor.id, action: 'review.approve', subject: `review:${written[0].id}`, details: { employeeId: id, month, total: row.result.total, grade: row.result.grade, flags: row.result.flags, policyVersion: row.result.policyVersion, reopened: row.status === 'reopened' }, at: now });
    }
  });
  return ids.length;
}

/** A reopening unfreezes a month someone approved: it needs a reason that says something (as a go-live override does). */
export const REOPEN_REASON = { min: 4, max: 500 } as const;

/** HR reopens an approved review with a reason: it becomes a live draft again until re-approved. Audited. */
export async function reopenReview(actor: SessionUser, employeeId: number, month: string, reason: string): Promise<void> {
  requireStartedMonth(month);
  if (!canReopenReview(actor)) throw new ServiceError('review.onlyHrReopens', 403);
  const trimmed = reason.trim();
  if (trimmed.length < REOPEN_REASON.min || trimmed.length > REOPEN_REASON.max) throw new ServiceError('review.reasonRequired', 400);
  const db = await getDb();
  const now = new Date();
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(monthlyReviews)
      .set({ status: 'reopened', reopenedById: actor.id, reopenedAt: now, reopenReason: trimmed })
      .where(and(eq(monthlyReviews.employeeId, employeeId), eq(monthlyReviews.month, month), eq(monthlyReviews.status, 'approved')))
      .returning({ id: monthlyReviews.id });
    if (updated.length === 0) throw new ServiceError('review.notApproved', 409);
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'review.reopen', subject: `review:${updated[0].id}`, details: { employeeId, month, reason: trimmed }, at: now });
  });
}

/** Whether an employee's review for a month is approved (inspections and complaints of that month are then frozen too). */
export async function approvedMonths(employeeIds: readonly number[], months: readonly string[]): Promise<Set<string>> {
  if (employeeIds.length === 0 || months.length === 0) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ employeeId: monthlyReviews.employeeId, month: monthlyReviews.month })
    .from(monthlyReviews)
    .where(and(inArray(monthlyReviews.employeeId, [...employeeIds]), inArray(monthlyReviews.month, [...months]), eq(monthlyReviews.status, 'approved')));
  return new Set(rows.map((r) => `${r.employeeId}:${r.month}`));
}

/**
 * What the employee page shows of the monthly review: for the employee themselves, their approved
 * reviews; for their supervisor, HR and admins, last month's and this month's review (status, total,
 * grade, flags) with this month's notable inspections and complaints. Null for anyone else.
 */
export async function conductSummary(viewer: SessionUser, employeeId: number) {
  if (viewer.id === employeeId) return { own: true as const, approved: (await myReviews(employeeId)).slice(0, 6) };
  const db = await getDb();
  const employee = await db.select({ id: users.id, role: users.role, teamId: users.teamId }).from(users).where(eq(users.id, employeeId)).get();
  if (!employee || !canReadReview(viewer, employee, await supervisedTeamIds(viewer.id))) return null;
  const thisMonth = orgMonth();
  const months = [previousMonth(thisMonth), thisMonth];
  const rows = await Promise.all(months.map(async (month) => (await monthlyReviewRows(month, { employeeIds: [employeeId] }))[0] ?? null));
  return { own: false as const, rows: rows.filter((r): r is ReviewRow => r !== null) };
}
