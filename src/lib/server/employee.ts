import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { attempts } from '../../../db/schema';
import { POLICY } from '../../scoring/policy';
import { mayManageEmployee, mayManageTraining } from './access';
import { assignmentsFor } from './assignments';
import { submittedAttempt } from './attempts';
import type { SessionUser } from './auth/session';
import { readableEmployee, type Employee } from './employee-lookup';
import { goLiveSignOff, readinessOf } from './go-live';
import { grantsOf } from './grants';
import { masteryOf, weakTopicsOf } from './mastery';
import { moduleCatalog } from './module-catalog';
import { ServiceError } from './errors';

/**
 * One employee's training record, as their supervisor, HR and admins see it at /team/<employeeNo> and
 * the learner sees it at /me: attempts with time taken, mastery and weak topics, assignments, grants,
 * go-live (and who signed it off, why for an override), and the transcript of modules passed.
 */

/** Every attempt, newest first, with how long it took (submitted minus started). */
async function attemptsOf(userId: number) {
  const db = await getDb();
  const rows = await db
    .select({ id: attempts.id, quizId: attempts.quizId, mode: attempts.mode, startedAt: attempts.startedAt, submittedAt: attempts.submittedAt, score: attempts.score, passed: attempts.passed })
    .from(attempts)
    .where(eq(attempts.userId, userId))
    .orderBy(desc(attempts.startedAt), desc(attempts.id));
  return rows.map((r) => ({ ...r, minutes: r.submittedAt ? Math.max(1, Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 60_000)) : null }));
}

/** The first passing assessment of each module, with the best score: "modules passed with dates". */
async function transcriptOf(userId: number) {
  const db = await getDb();
  const rows = await db
    .select({ quizId: attempts.quizId, submittedAt: attempts.submittedAt, score: attempts.score, passed: attempts.passed })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.mode, 'assessment'), isNotNull(attempts.submittedAt)))
    .orderBy(asc(attempts.submittedAt));
  return moduleCatalog()
    .map((m) => {
      const mine = rows.filter((r) => r.quizId === m.quiz);
      const first = mine.find((r) => r.passed);
      return first ? { module: m.id, passedAt: first.submittedAt!, best: Math.max(...mine.map((r) => r.score ?? 0)) } : null;
    })
    .filter((x) => x !== null);
}

/** What the record shows; `manage` says whether the viewer may act on this employee (forms shown). */
export async function employeeRecordOf(viewer: SessionUser, employee: Employee) {
  const [taken, mastery, weak, assigned, grants, readiness, transcript, manage, signOff] = await Promise.all([
    attemptsOf(employee.id),
    masteryOf(employee.id),
    weakTopicsOf([employee.id]),
    assignmentsFor(employee.id),
    grantsOf(employee.id),
    readinessOf(employee.id),
    transcriptOf(employee.id),
    mayManageTraining(viewer) ? mayManageEmployee(viewer, employee) : Promise.resolve(false),
    employee.goLiveDate ? goLiveSignOff(employee.id) : Promise.resolve(null),
  ]);
  return { employee, attempts: taken, mastery, weak: weak.get(employee.id) ?? [], weakRule: POLICY.weakTopics, assignments: assigned, grants, readiness, transcript, manage, signOff };
}

/** The record of the employee with this number, for a viewer allowed to read it (404/403 otherwise). */
export async function employeeRecord(viewer: SessionUser, employeeNo: string) {
  return employeeRecordOf(viewer, await readableEmployee(viewer, employeeNo));
}

/**
 * One submitted attempt of an employee, read-only, for a viewer allowed to read that employee: 403 for
 * anyone else, 404 for an attempt that is not theirs, unknown or still open.
 */
export async function employeeAttempt(viewer: SessionUser, employeeNo: string, attemptId: number) {
  const employee = await readableEmployee(viewer, employeeNo);
  const found = await submittedAttempt(attemptId);
  if (!found || found.userId !== employee.id) throw new ServiceError('employee.attemptNotFound', 404);
  return { employee, view: found.view };
}
