import type { Attempt } from '../../../db/schema';
import { completeAssignments } from './assignments';
import { updateReviewQueue } from './review-queue';

/**
 * What the supervisor loop does once an attempt is graded (called by the attempt service for every
 * submission, including one graded at its deadline): complete the assignments it finishes and update
 * the learner's spaced-review queue.
 */
export async function onAttemptSubmitted(attempt: Attempt): Promise<void> {
  await completeAssignments(attempt);
  await updateReviewQueue(attempt);
}
