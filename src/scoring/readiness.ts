/**
 * Go-live readiness: how many of the required modules' assessments are passed, and whether all
 * are. The learner's home and the supervisor's team page both show it, so it is decided here once.
 */
export function goLiveReadiness(requiredQuizIds: readonly string[], passed: (quizId: string) => boolean) {
  const done = requiredQuizIds.filter(passed).length;
  return { required: requiredQuizIds.length, passed: done, ready: requiredQuizIds.length > 0 && done === requiredQuizIds.length };
}
