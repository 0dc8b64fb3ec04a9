import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import { goLiveReadiness } from '../../scoring/readiness';
import { orgToday } from '../time-zone';
import { bestAssessmentScores } from './attempts';
import { audit } from './audit';
import type { SessionUser } from './auth/session';
import { manageableEmployee } from './employee-lookup';
import { requiredQuizIds } from './module-catalog';
import { ServiceError } from './errors';

/** An override needs a written reason of this length. */
export const OVERRIDE_REASON = { min: 4, max: 300 } as const;

/** Who signed a new hire off as live, when, and (an override) with how many modules passed and why. */
export interface GoLiveSignOff {
  by: string | null;
  at: Date;
  override: boolean;
  passed: number;
  required: number;
  reason: string | null;
}

/**
 * The sign-off behind an employee's go-live date, read from its audit row (the one place it is kept),
 * so the employee page can show who decided and, for an override, the reason written then.
 */
export async function goLiveSignOff(employeeId: number): Promise<GoLiveSignOff | null> {
  const db = await getDb();
  const row = await db
    .select({ action: auditLog.action, at: auditLog.at, details: auditLog.details, by: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.subject, `user:${employeeId}`), inArray(auditLog.action, ['golive.signoff', 'golive.override'])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .get();
  if (!row) return null;
  const details = row.details as { passed: number; required: number; reason: string | null };
  return { by: row.by, at: row.at, override: row.action === 'golive.override', passed: details.passed, required: details.required, reason: details.reason };
}

/** A new hire's readiness: required modules whose assessment is passed (scoring/readiness.ts). */
export async function readinessOf(userId: number) {
  const scores = (await bestAssessmentScores([userId])).get(userId);
  return goLiveReadiness(requiredQuizIds(), (quizId) => scores?.get(quizId)?.passed ?? false);
}

/**
 * Signs a new hire off as live today (organisation time zone): allowed when the readiness rule holds,
 * or as an override with a written reason. Refuses someone already live (409) and non-learners (400).
 * The date is set only if still empty, so two supervisors clicking at once sign off once; audited.
 */
export async function signOffGoLive(actor: SessionUser, employeeNo: string, reason?: string | null) {
  const employee = await manageableEmployee(actor, employeeNo);
  if (employee.role !== 'learner') throw new ServiceError('golive.notNewHire', 400);
  if (employee.goLiveDate) throw new ServiceError('golive.already', 409);
  const readiness = await readinessOf(employee.id);
  const why = reason?.trim() || null;
  if (!readiness.ready && (!why || why.length < OVERRIDE_REASON.min || why.length > OVERRIDE_REASON.max)) throw new ServiceError('golive.reasonRequired', 400);
  const date = orgToday();
  const db = await getDb();
  const done = await db.transaction(async (tx) => {
    const set = await tx.update(users).set({ goLiveDate: date }).where(and(eq(users.id, employee.id), isNull(users.goLiveDate))).returning({ id: users.id });
    if (set.length === 0) return false;
    const details = { date, passed: readiness.passed, required: readiness.required, reason: readiness.ready ? null : why };
    await audit(actor.id, readiness.ready ? 'golive.signoff' : 'golive.override', `user:${employee.id}`, details, tx);
    return true;
  });
  if (!done) throw new ServiceError('golive.already', 409);
  return { name: employee.name, date, override: !readiness.ready };
}
