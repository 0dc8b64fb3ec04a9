import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { createEmptyCard, fsrs, Rating, TypeConvert, type Card, type Grade } from 'ts-fsrs';
import { getDb } from '../../../db/client';
import { prepared } from '../../../db/prepared';
import { responses, reviewQueue, type Attempt } from '../../../db/schema';
import { getQuiz } from '../../quizzes/catalog';
import { nextDay, orgDayStart, orgToday } from '../time-zone';

/**
 * Spaced review ("今日复习") with ts-fsrs: a practice item a learner missed in a practice-like attempt
 * (practice, refresher, review) gets a card; answering it in a review attempt reschedules it. Only
 * practice-pool items ever enter: assessment items are never shown outside an assessment.
 */

/** Whole-day intervals (no minute-long learning steps): the review is a daily routine, not a drill. */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

/** Modes whose missed items enter the queue; an assessment's never do. */
const FEEDS_QUEUE: readonly Attempt['mode'][] = ['practice', 'refresher', 'review'];

/** A fully right answer is "good"; anything less means the learner forgot ("again"). */
function ratingFor(credit: number): Grade {
  return credit >= 1 ? Rating.Good : Rating.Again;
}

/**
 * Updates the queue after a submitted attempt. Practice and refresher: each answered practice item with
 * less than full credit enters the queue (or, if already there, counts as a lapse). Review: each answered
 * item is rescheduled by how it went. Unanswered items and assessments change nothing.
 */
export async function updateReviewQueue(attempt: Attempt): Promise<void> {
  if (!attempt.submittedAt || !FEEDS_QUEUE.includes(attempt.mode)) return;
  const quiz = getQuiz(attempt.quizId);
  if (!quiz) return;
  const db = await getDb();
  const answered = await db.select({ questionId: responses.questionId, credit: responses.credit }).from(responses).where(eq(responses.attemptId, attempt.id));
  const practice = answered.filter((r) => attempt.questionIds.includes(r.questionId) && quiz.questions.get(r.questionId)?.pool === 'practice');
  const relevant = attempt.mode === 'review' ? practice : practice.filter((r) => (r.credit ?? 0) < 1);
  if (relevant.length === 0) return;
  const now = attempt.submittedAt;
  const held = await db
    .select()
    .from(reviewQueue)
    .where(and(eq(reviewQueue.userId, attempt.userId), inArray(reviewQueue.questionId, relevant.map((r) => r.questionId))));
  const cards = new Map(held.map((h) => [h.questionId, TypeConvert.card(h.card as Card)]));
  for (const r of relevant) {
    const existing = cards.get(r.questionId);
    if (!existing && attempt.mode === 'review') continue;
    const card = existing ? scheduler.next(existing, now, ratingFor(r.credit ?? 0)).card : createEmptyCard(now);
    await db
      .insert(reviewQueue)
      .values({ userId: attempt.userId, questionId: r.questionId, card, due: card.due, updatedAt: now })
      .onConflictDoUpdate({ target: [reviewQueue.userId, reviewQueue.questionId], set: { card, due: card.due, updatedAt: now } });
  }
}

/** The end of today in the organisation's time zone: a card due before it is "today's review". */
function endOfToday(now = new Date()): Date {
  return new Date(orgDayStart(nextDay(orgToday(now))));
}

/** One learner's items due by a time: every home page asks, so the query is built once. */
const dueOfOne = prepared((db) =>
  db
    .select({ questionId: reviewQueue.questionId })
    .from(reviewQueue)
    .where(and(eq(reviewQueue.userId, sql.placeholder('userId')), lt(reviewQueue.due, sql.placeholder('before'))))
    .orderBy(asc(reviewQueue.due))
    .prepare(),
);

/** Today's review per module: how many items are due by the end of today, and which (most overdue first). */
export async function dueReviews(userId: number, now = new Date()): Promise<{ module: string; questionIds: string[] }[]> {
  const due = await (await dueOfOne()).all({ userId, before: endOfToday(now).getTime() });
  const byModule = new Map<string, string[]>();
  for (const { questionId } of due) {
    const module = questionId.replace(/-\d{3}$/, '');
    const quiz = getQuiz(module);
    if (quiz?.questions.get(questionId)?.pool !== 'practice') continue;
    byModule.set(module, [...(byModule.get(module) ?? []), questionId]);
  }
  return [...byModule].map(([module, questionIds]) => ({ module, questionIds }));
}
