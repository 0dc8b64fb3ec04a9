/**
 * Quiz work for integration tests, through the real attempt services: take an assessment, and read
 * back an attempt's stored rows to prove a refused request changed nothing.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { attempts, responses } from '../../db/schema';
import { saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { getQuiz } from '../../src/quizzes/catalog';
import { correctAnswer } from '../../src/quizzes/types';

/** Takes the module's assessment: every answer right (pass) or none given (every drawn topic scores 0). */
export async function takeAssessment(user: SessionUser, quizId: string, pass: boolean) {
  const { attempt } = await startAttempt(user, quizId, 'assessment');
  const quiz = getQuiz(quizId)!;
  if (pass) for (const q of attempt.questions) await saveResponse(user, attempt.id, q.id, correctAnswer(quiz.questions.get(q.id)!));
  return submitAttempt(user, attempt.id);
}

/** The attempt row and its saved responses as stored. */
export async function attemptSnapshot(attemptId: number) {
  const db = await getDb();
  return {
    attempt: await db.select().from(attempts).where(eq(attempts.id, attemptId)).get(),
    responses: await db.select().from(responses).where(eq(responses.attemptId, attemptId)),
  };
}
