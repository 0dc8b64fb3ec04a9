import { getQuiz } from '../../quizzes/catalog';
import { assessmentAllowance, getAttempt, listAttempts, type AttemptView } from './attempts';
import type { SessionUser } from './auth/session';
import { ServiceError } from './errors';
import { whoCanGrant } from './grants';
import { getModule } from './lessons';

/** The quiz page: settings, the module it belongs to, the user's attempts and what is still open. */
export async function quizOverview(userId: number, quizId: string) {
  const quiz = getQuiz(quizId);
  const module = quiz && (await getModule(quizId));
  if (!quiz || !module) return undefined;
  const attempts = await listAttempts(userId, quizId);
  const now = Date.now();
  const open = (mode: string) => attempts.some((a) => a.mode === mode && !a.submittedAt && (!a.deadline || a.deadline.getTime() > now));
  const allowance = await assessmentAllowance(userId, quizId);
  return {
    quiz: quiz.config,
    module: { id: module.id, ...module.data },
    attempts,
    openPractice: open('practice'),
    openAssessment: open('assessment'),
    /** The quiz's limit plus grants, minus attempts used; null when unlimited. */
    attemptsLeft: allowance.left,
    /** Who can grant another attempt once they are used up: the learner's supervisor (null when none). */
    grantor: allowance.left === 0 ? await whoCanGrant(userId) : null,
  };
}

/**
 * The attempt page: the attempt as its owner sees it and its module's titles, or why it cannot be
 * shown (another learner's attempt is `forbidden`; an unknown or malformed id is `missing`).
 */
export async function attemptPage(
  user: SessionUser,
  rawId: string | undefined,
): Promise<{ view: AttemptView; title: string | null; titleEn: string | null } | 'forbidden' | 'missing'> {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id <= 0) return 'missing';
  try {
    const view = await getAttempt(user, id);
    const module = await getModule(view.quizId);
    return { view, title: module?.data.title ?? null, titleEn: module?.data.titleEn ?? null };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return error.status === 403 ? 'forbidden' : 'missing';
  }
}
