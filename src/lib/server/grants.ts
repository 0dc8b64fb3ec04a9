import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { attemptGrants, users } from '../../../db/schema';
import { getQuiz } from '../../quizzes/catalog';
import { audit } from './audit';
import type { SessionUser } from './auth/session';
import { employeeById, manageableEmployee } from './employee-lookup';
import { ServiceError } from './errors';

/**
 * Extra assessment attempts: a supervisor (or admin) gives an employee of their team one more try at a
 * module's assessment, with a reason. Each row is one attempt more; the attempt service counts them.
 */

/**
 * SQL for the assessment attempts `userId` has left at `quizId`: the quiz's `limit` plus one per grant,
 * less the assessments started. `startAttempt` inserts only while it is above 0, `grantAttempt` only
 * once it is 0, each in the same statement as its insert, so races cannot pass either check twice.
 */
export function attemptsLeftSql(userId: number, quizId: string, limit: number): SQL {
  return sql`(${limit} + (SELECT count(*) FROM attempt_grants WHERE employee_id = ${userId} AND quiz_id = ${quizId})
    - (SELECT count(*) FROM attempts WHERE user_id = ${userId} AND quiz_id = ${quizId} AND mode = 'assessment'))`;
}

/** Reasons are short sentences: long enough to mean something, short enough for the audit view. */
export const GRANT_REASON = { min: 2, max: 200 } as const;

/**
 * Grants one more assessment attempt, audited in the same transaction, once the employee has used
 * every attempt they have (the quiz's and earlier grants'); before that it is refused (409), so a
 * double click, a form resent on reload or two racing requests grant one attempt, not two. The check
 * and the insert are one statement, as in `startAttempt`.
 */
export async function grantAttempt(actor: SessionUser, employeeNo: string, quizId: string, reason: string) {
  const employee = await manageableEmployee(actor, employeeNo);
  const quiz = getQuiz(quizId);
  if (!quiz) throw new ServiceError('assign.unknownModule', 404, { module: quizId });
  const limit = quiz.config.assessmentAttempts;
  if (!limit) throw new ServiceError('grant.noLimit', 400);
  const text = reason.trim();
  if (text.length < GRANT_REASON.min || text.length > GRANT_REASON.max) throw new ServiceError('grant.badReason', 400);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.all<{ id: number }>(sql`
      INSERT INTO attempt_grants (employee_id, quiz_id, granted_by_id, reason, created_at)
      SELECT ${employee.id}, ${quizId}, ${actor.id}, ${text}, ${Date.now()}
      WHERE ${attemptsLeftSql(employee.id, quizId, limit)} <= 0
      RETURNING id`);
    if (!row) throw new ServiceError('grant.attemptsLeft', 409, { name: employee.name });
    await audit(actor.id, 'attempt.grant', `user:${employee.id}`, { grantId: row.id, quizId, reason: text }, tx);
    return { id: row.id, employee: employee.name, quizId };
  });
}

/** An employee's grants, newest first, with who granted each. */
export async function grantsOf(userId: number) {
  const db = await getDb();
  const by = alias(users, 'granted_by');
  return db
    .select({ id: attemptGrants.id, quizId: attemptGrants.quizId, reason: attemptGrants.reason, createdAt: attemptGrants.createdAt, grantedBy: by.name })
    .from(attemptGrants)
    .leftJoin(by, eq(attemptGrants.grantedById, by.id))
    .where(eq(attemptGrants.employeeId, userId))
    .orderBy(desc(attemptGrants.id));
}

/** Who can grant this learner another attempt: their team's supervisor, by name (null when none). */
export async function whoCanGrant(userId: number): Promise<string | null> {
  return (await employeeById(userId))?.supervisorName ?? null;
}
