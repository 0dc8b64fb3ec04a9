import type { Attempt } from '../../../db/schema';
import { completeAssignments } from './assignments';

/**
 * What the supervisor loop does once an attempt is graded (called by the attempt service for every
 * submission, including one graded at its deadline): complete the assignments it finishes.
 */
export async function onAttemptSubmitted(attempt: Attempt): Promise<void> {
  await completeAssignments(attempt);
}
