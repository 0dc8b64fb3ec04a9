import { startAttempt } from './attempts';
import { ownAssignment } from './assignments';
import type { SessionUser } from './auth/session';
import { dueReviews } from './review-queue';
import { POLICY } from '../../scoring/policy';
import { ServiceError } from './errors';

/**
 * Starting the learner's assigned refresher and today's spaced review: both are attempts the quiz
 * engine draws from the practice pool (mode `refresher` with the assignment's topics, mode `review`
 * with the due items), so they play and review like practice.
 */

/** Starts (or resumes) the refresher of one's own open refresher assignment; returns the attempt id. */
export async function startRefresher(user: SessionUser, assignmentId: number): Promise<number> {
  const assignment = await ownAssignment(user, assignmentId);
  if (assignment.kind !== 'refresher') throw new ServiceError('refresher.notRefresher', 400);
  if (assignment.status !== 'open' && assignment.status !== 'overdue') throw new ServiceError('refresher.notOpen', 409);
  const { attempt } = await startAttempt(user, assignment.module, 'refresher', { assignmentId });
  return attempt.id;
}

/** Starts (or resumes) a review of one module's items due today, at most `POLICY.reviewQuestions`. */
export async function startReview(user: SessionUser, module: string): Promise<number> {
  const due = (await dueReviews(user.id)).find((d) => d.module === module);
  if (!due) throw new ServiceError('spaced.nothingDue', 409);
  const { attempt } = await startAttempt(user, module, 'review', { questionIds: due.questionIds.slice(0, POLICY.reviewQuestions) });
  return attempt.id;
}
