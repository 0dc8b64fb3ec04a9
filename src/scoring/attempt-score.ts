import { POLICY } from './policy';

/**
 * An attempt's score in percent: the mean credit over every drawn question, unanswered ones
 * counting 0, so skipping never helps.
 */
export function attemptScore(credits: readonly number[], drawn: number): number {
  if (drawn <= 0) return 0;
  const sum = credits.reduce((a, c) => a + Math.max(0, Math.min(1, c)), 0);
  const factor = 10 ** POLICY.scoreDecimals;
  return Math.round((sum / drawn) * 100 * factor) / factor;
}

/** Whether a score meets the quiz's pass mark. */
export function isPass(score: number, passMark: number): boolean {
  return score >= passMark;
}
