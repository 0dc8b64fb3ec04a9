import { and, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { attempts } from '../../../db/schema';
import { lessonHref } from '../../quizzes/lesson-link';
import { getQuiz } from '../../quizzes/catalog';
import { lessonsForTopics } from '../../quizzes/topics';
import { assignmentsFor, type AssignmentView } from './assignments';
import { learnerOverview } from './learning';
import { dueReviews } from './review-queue';

/** An assignment on the learner's home, with where to go for it. */
export interface HomeAssignment extends AssignmentView {
  /** Refresher: the lesson sections teaching its topics (page addresses). */
  lessons: string[];
  /** Refresher: its quiz is started and not submitted, so the button resumes it. */
  started: boolean;
}

/** The refresher assignments among `ids` whose quiz the learner has started and not submitted. */
async function startedRefreshers(userId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ assignmentId: attempts.assignmentId })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.mode, 'refresher'), isNull(attempts.submittedAt), inArray(attempts.assignmentId, ids)));
  return new Set(rows.map((r) => r.assignmentId!));
}

/**
 * The learner's home: what is assigned (overdue and due soon first, with reminders), today's spaced
 * review per module, and the module overview with readiness. (The go-live date comes with the
 * signed-in user, read by the session lookup.)
 */
export async function learnerHome(userId: number) {
  const [overview, all, reviews] = await Promise.all([learnerOverview(userId), assignmentsFor(userId), dueReviews(userId)]);
  const open = all.filter((a) => a.status === 'open' || a.status === 'overdue');
  // Only a learner with a refresher to do pays for this read.
  const started = await startedRefreshers(userId, open.filter((a) => a.kind === 'refresher').map((a) => a.id));
  const todo: HomeAssignment[] = open.map((a) => ({ ...a, lessons: refresherLessons(a), started: started.has(a.id) }));
  const recent = all.filter((a) => a.status === 'completed' || a.status === 'completed_late').slice(0, 5);
  const review = { total: reviews.reduce((n, r) => n + r.questionIds.length, 0), modules: reviews.map((r) => ({ module: r.module, count: r.questionIds.length })) };
  return { ...overview, todo, recent, review };
}

/** The lesson sections a refresher's topics are taught in; none for other kinds. */
function refresherLessons(a: AssignmentView): string[] {
  const quiz = getQuiz(a.module);
  if (a.kind !== 'refresher' || !quiz || !a.topics) return [];
  return lessonsForTopics(quiz.list, a.topics)
    .map(lessonHref)
    .filter((h): h is string => h !== null);
}
