import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
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
