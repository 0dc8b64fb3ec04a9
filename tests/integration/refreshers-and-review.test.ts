import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { reviewQueue } from '../../db/schema';
import { saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import { assignmentsFor, createAssignments, withdrawAssignment } from '../../src/lib/server/assignments';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { employeeRecord } from '../../src/lib/server/employee';
import { grantAttempt } from '../../src/lib/server/grants';
import { startRefresher, startReview } from '../../src/lib/server/refreshers';
import { dueReviews } from '../../src/lib/server/review-queue';
import { ServiceError } from '../../src/lib/server/users';
import { refusal } from '../helpers/refusal';
import { orgToday } from '../../src/lib/time-zone';
import { getQuiz } from '../../src/quizzes/catalog';
import { correctAnswer, type Answer, type Question } from '../../src/quizzes/types';
import { person, teamWith } from '../helpers/people';

type Team = Awaited<ReturnType<typeof teamWith>>;
let team: Team;

const no = (u: SessionUser) => u.employeeNo!;

/** A wrong answer of the right shape for single and multiple choice; null for other types (left blank). */
function wrong(q: Question): Answer | null {
  if (q.type === 'single') return q.options.find((o) => o.id !== q.answer)!.id;
  if (q.type === 'multiple') return [q.options.find((o) => !q.answer.includes(o.id))!.id];
  return null;
}

/** Answers every question of an attempt, right or wrong (choice questions; others right or blank). */
async function answerAll(user: SessionUser, attemptId: number, questionIds: string[], quizId: string, right: boolean) {
  const quiz = getQuiz(quizId)!;
  for (const id of questionIds) {
    const q = quiz.questions.get(id)!;
    const answer = right ? correctAnswer(q) : wrong(q);
    if (answer !== null) await saveResponse(user, attemptId, id, answer);
  }
}

async function queueOf(userId: number) {
  const db = await getDb();
  return db.select().from(reviewQueue).where(eq(reviewQueue.userId, userId));
}

beforeAll(async () => {
  team = await teamWith(4);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a refresher from missed items', () => {
  it('draws practice items on the weak topics only, and finishing it completes the assignment on time', async () => {
    const learner = team.members[0];
    const { attempt: exam } = await startAttempt(learner, 'complaints', 'assessment');
    await submitAttempt(learner, exam.id);
    const { weak } = await employeeRecord(team.supervisor, no(learner));
    const topics = weak.filter((w) => w.module === 'complaints').map((w) => w.topic);
    expect(topics.length).toBeGreaterThan(0);
    const { created: [assignment] } = await createAssignments(team.supervisor, { employeeNos: [no(learner)], module: 'complaints', kind: 'refresher', dueDate: orgToday(), topics });
    const attemptId = await startRefresher(learner, assignment.id);
    const quiz = getQuiz('complaints')!;
    const { attempt } = await startAttempt(learner, 'complaints', 'refresher', { assignmentId: assignment.id });
    expect(attempt.id).toBe(attemptId);
    expect(attempt.assignmentId).toBe(assignment.id);
    for (const q of attempt.questions) {
      const full = quiz.questions.get(q.id)!;
      expect(full.pool).toBe('practice');
      expect(topics).toContain(full.topic);
    }
    await submitAttempt(learner, attemptId);
    const done = (await assignmentsFor(learner.id)).find((a) => a.id === assignment.id)!;
    expect(done).toMatchObject({ status: 'completed', completingAttemptId: attemptId });
  });

  it('refuses a refresher that is not the learner’s, not a refresher, or withdrawn', async () => {
    const [a, b] = team.members.slice(1, 3);
    const { created: [mine] } = await createAssignments(team.supervisor, { employeeNos: [no(a)], module: 'conduct', kind: 'refresher', dueDate: orgToday() });
    await expect(startRefresher(b, mine.id)).rejects.toMatchObject({ status: 404 });
    const { created: [mandatory] } = await createAssignments(team.supervisor, { employeeNos: [no(a)], module: 'conduct', kind: 'mandatory', dueDate: orgToday() });
    await expect(startRefresher(a, mandatory.id)).rejects.toMatchObject({ code: 'refresher.notRefresher' });
    await withdrawAssignment(team.supervisor, mine.id);
    await expect(startRefresher(a, mine.id)).rejects.toBeInstanceOf(ServiceError);
  });
});

describe('spaced review', () => {
  it('missed practice items enter the queue; assessment items never do', async () => {
    const learner = team.members[3];
    const { attempt: exam } = await startAttempt(learner, 'conduct', 'assessment');
    await answerAll(learner, exam.id, exam.questions.map((q) => q.id), 'conduct', false);
    await submitAttempt(learner, exam.id);
    expect(await queueOf(learner.id)).toEqual([]);

    const { attempt: practice } = await startAttempt(learner, 'conduct', 'practice');
    await answerAll(learner, practice.id, practice.questions.map((q) => q.id), 'conduct', false);
    await submitAttempt(learner, practice.id);
    const queued = await queueOf(learner.id);
    expect(queued.length).toBeGreaterThan(0);
    const quiz = getQuiz('conduct')!;
    expect(queued.every((c) => quiz.questions.get(c.questionId)?.pool === 'practice')).toBe(true);
    expect(queued.every((c) => practice.questions.some((q) => q.id === c.questionId))).toBe(true);
  });

  it('today’s review counts due items; answering them right moves them to a later day', async () => {
    const learner = team.members[3];
    const [due] = (await dueReviews(learner.id)).filter((d) => d.module === 'conduct');
    expect(due.questionIds.length).toBeGreaterThan(0);
    const attemptId = await startReview(learner, 'conduct');
    const { attempt } = await startAttempt(learner, 'conduct', 'review', { questionIds: due.questionIds.slice(0, 10) });
    expect(attempt.id).toBe(attemptId);
    await answerAll(learner, attemptId, attempt.questions.map((q) => q.id), 'conduct', true);
    await submitAttempt(learner, attemptId);
    const db = await getDb();
    const card = await db.select().from(reviewQueue).where(and(eq(reviewQueue.userId, learner.id), eq(reviewQueue.questionId, attempt.questions[0].id))).get();
    expect(card!.due.getTime()).toBeGreaterThan(Date.now() + 12 * 3_600_000);
    const left = (await dueReviews(learner.id)).find((d) => d.module === 'conduct')?.questionIds ?? [];
    expect(left.some((id) => attempt.questions.some((q) => q.id === id))).toBe(false);
  });

  it('a review with nothing due is refused', async () => {
    await expect(startReview(team.members[2], 'language')).rejects.toMatchObject({ code: 'spaced.nothingDue' });
  });
});

describe('an extra attempt', () => {
  it('lets a learner who used up the limit take one more assessment, and the refusal names the supervisor', async () => {
    const learner = await person('learner', { teamId: team.teamId });
    const limit = getQuiz('desk-rules')!.config.assessmentAttempts!;
    for (let i = 0; i < limit; i++) {
      const { attempt } = await startAttempt(learner, 'desk-rules', 'assessment');
      await submitAttempt(learner, attempt.id);
    }
    const refused = await refusal(startAttempt(learner, 'desk-rules', 'assessment'));
    expect(refused).toMatchObject({ code: 'no_attempts_left', params: { supervisor: team.supervisor.name } });
    expect(refused.messageIn('zh-CN')).toContain(team.supervisor.name);
    expect(refused.messageIn('en')).toContain(team.supervisor.name);
    await grantAttempt(team.supervisor, no(learner), 'desk-rules', '考核时网络中断');
    const { attempt, resumed } = await startAttempt(learner, 'desk-rules', 'assessment');
    expect(resumed).toBe(false);
    await submitAttempt(learner, attempt.id);
    await expect(startAttempt(learner, 'desk-rules', 'assessment')).rejects.toMatchObject({ code: 'no_attempts_left' });
  });
});
