import { getQuiz } from '../../quizzes/catalog';
import { listAttempts } from './attempts';
import { getModule } from './lessons';

/** The quiz page: settings, the module it belongs to, the user's attempts and what is still open. */
export async function quizOverview(userId: number, quizId: string) {
  const quiz = getQuiz(quizId);
  const module = quiz && (await getModule(quizId));
  if (!quiz || !module) return undefined;
  const attempts = await listAttempts(userId, quizId);
  const now = Date.now();
  const open = (mode: string) => attempts.some((a) => a.mode === mode && !a.submittedAt && (!a.deadline || a.deadline.getTime() > now));
  const usedAssessments = attempts.filter((a) => a.mode === 'assessment').length;
  const limit = quiz.config.assessmentAttempts;
  return {
    quiz: quiz.config,
    module: { id: module.id, ...module.data },
    attempts,
    openPractice: open('practice'),
    openAssessment: open('assessment'),
    attemptsLeft: limit ? Math.max(0, limit - usedAssessments) : null,
  };
}
