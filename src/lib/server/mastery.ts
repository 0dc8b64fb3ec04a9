import { and, gte, inArray, isNotNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { ATTEMPT_MODES, attempts, responses, type Attempt } from '../../../db/schema';
import { getQuiz } from '../../quizzes/catalog';
import { POLICY } from '../../scoring/policy';
import { topicMastery, weakTopics, type GradedItem, type TopicMastery } from '../../scoring/topic-mastery';

/**
 * Per-topic results from submitted attempts: every drawn question counts, an unanswered one with
 * credit 0, so skipping a topic does not hide it. Feeds the team page, the employee page and refreshers.
 */

/** Every graded question of the users' submitted attempts in the given modes, keyed by user id. */
async function gradedItems(userIds: readonly number[], modes: readonly Attempt['mode'][], since?: Date): Promise<Map<number, GradedItem[]>> {
  const out = new Map<number, GradedItem[]>();
  if (userIds.length === 0) return out;
  const db = await getDb();
  const taken = await db
    .select({ id: attempts.id, userId: attempts.userId, quizId: attempts.quizId, questionIds: attempts.questionIds, submittedAt: attempts.submittedAt })
    .from(attempts)
    .where(and(inArray(attempts.userId, [...userIds]), inArray(attempts.mode, [...modes]), isNotNull(attempts.submittedAt), since ? gte(attempts.submittedAt, since) : undefined));
  if (taken.length === 0) return out;
  const credits = new Map<string, number>();
  const ids = taken.map((t) => t.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.select({ attemptId: responses.attemptId, questionId: responses.questionId, credit: responses.credit }).from(responses).where(inArray(responses.attemptId, ids.slice(i, i + 500)));
    for (const r of rows) credits.set(`${r.attemptId}:${r.questionId}`, r.credit ?? 0);
  }
  for (const t of taken) {
    const quiz = getQuiz(t.quizId);
    if (!quiz) continue;
    const list = out.get(t.userId) ?? [];
    for (const questionId of t.questionIds) {
      const q = quiz.questions.get(questionId);
      if (q) list.push({ module: t.quizId, topic: q.topic, credit: credits.get(`${t.id}:${questionId}`) ?? 0, at: t.submittedAt!.getTime() });
    }
    out.set(t.userId, list);
  }
  return out;
}

/** Each user's weak topics from their assessments within the policy window, weakest first. */
export async function weakTopicsOf(userIds: readonly number[], now = Date.now()): Promise<Map<number, TopicMastery[]>> {
  const rule = POLICY.weakTopics;
  const items = await gradedItems(userIds, ['assessment'], new Date(now - rule.windowDays * 86_400_000));
  return new Map(userIds.map((id) => [id, weakTopics(items.get(id) ?? [], now, rule)]));
}

/** One user's mastery per topic over everything they submitted (practice, assessment, refresher, review). */
export async function masteryOf(userId: number): Promise<TopicMastery[]> {
  const items = await gradedItems([userId], ATTEMPT_MODES);
  return topicMastery(items.get(userId) ?? []);
}
