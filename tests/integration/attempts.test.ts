import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { attempts } from '../../db/schema';
import { getAttempt, saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { getQuiz } from '../../src/quizzes/catalog';
import { correctAnswer } from '../../src/quizzes/types';
import { attemptSnapshot } from '../helpers/attempts';
import { person } from '../helpers/people';
import { refusal } from '../helpers/refusal';

let alice: SessionUser;
let bob: SessionUser;

afterEach(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  alice = await person('learner');
  bob = await person('learner');
});

describe('starting an attempt', () => {
  it('draws the configured number of questions and stores the seed and content hash', async () => {
    const { attempt } = await startAttempt(alice, 'complaints', 'practice');
    const quiz = getQuiz('complaints')!;
    expect(attempt.questions).toHaveLength(quiz.config.draw);
    const db = await getDb();
    const row = await db.select().from(attempts).where(eq(attempts.id, attempt.id)).get();
    expect(row?.contentHash).toBe(quiz.contentHash);
    expect(row?.seed).toBeGreaterThan(0);
  });
  it('resumes the open attempt instead of starting a second one', async () => {
    const first = await startAttempt(alice, 'conduct', 'practice');
    const again = await startAttempt(alice, 'conduct', 'practice');
    expect(again.resumed).toBe(true);
    expect(again.attempt.id).toBe(first.attempt.id);
    expect(again.attempt.questions.map((q) => q.id)).toEqual(first.attempt.questions.map((q) => q.id));
  });
  it('refuses an unknown quiz with 404', async () => {
    expect((await refusal(startAttempt(alice, 'no-such-quiz', 'practice'))).status).toBe(404);
  });
  it('stops assessments once the attempt limit is used up', async () => {
    const limit = getQuiz('desk-rules')!.config.assessmentAttempts!;
    for (let i = 0; i < limit; i++) {
      const { attempt } = await startAttempt(bob, 'desk-rules', 'assessment');
      await submitAttempt(bob, attempt.id);
    }
    const error = await refusal(startAttempt(bob, 'desk-rules', 'assessment'));
    expect(error.status).toBe(409);
    expect(error.messageIn('zh-CN')).toContain('次数');
  });
});

describe('saving answers', () => {
  it.each(['practice', 'assessment'] as const)('returns no feedback in %s mode', async (mode) => {
    const { attempt } = await startAttempt(alice, 'language', mode);
    const q = getQuiz('language')!.questions.get(attempt.questions[0].id)!;
    const saved = await saveResponse(alice, attempt.id, q.id, correctAnswer(q));
    expect(saved).not.toHaveProperty('feedback');
    expect(JSON.stringify(saved)).not.toMatch(/"credit"|"explanation"|"lines"/);
  });
  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const { attempt } = await startAttempt(alice, 'customer-types', 'practice');
    const quiz = getQuiz('customer-types')!;
    const q = quiz.questions.get(attempt.questions[0].id)!;
    await saveResponse(alice, attempt.id, q.id, correctAnswer(q));
    const before = await attemptSnapshot(attempt.id);
    const cases: [Promise<unknown>, number][] = [
      [saveResponse(alice, attempt.id, 'no-such-question', 'a'), 404],
      [saveResponse(alice, attempt.id, q.id, { wrong: ['shape'] }), 400],
      [saveResponse(alice, attempt.id, q.id, q.type === 'single' ? 'zz' : ['zz']), 400],
      [saveResponse(bob, attempt.id, q.id, correctAnswer(q)), 403],
      [saveResponse(alice, 999_999, q.id, correctAnswer(q)), 404],
    ];
    for (const [call, status] of cases) {
      const error = await refusal(call);
      expect(error.status).toBe(status);
      expect(error.message.length).toBeGreaterThan(4);
    }
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
  it('never shows one learner another learner’s attempt', async () => {
    const { attempt } = await startAttempt(alice, 'communication', 'practice');
    expect((await refusal(getAttempt(bob, attempt.id))).status).toBe(403);
    expect((await refusal(submitAttempt(bob, attempt.id))).status).toBe(403);
  });
});

describe('submitting', () => {
  it('grades on the server, with unanswered questions counting zero', async () => {
    const { attempt } = await startAttempt(alice, 'reception-phone', 'assessment');
    const quiz = getQuiz('reception-phone')!;
    const half = attempt.questions.slice(0, attempt.questions.length / 2);
    for (const shown of half) await saveResponse(alice, attempt.id, shown.id, correctAnswer(quiz.questions.get(shown.id)!));
    const done = await submitAttempt(alice, attempt.id);
    expect(done.score).toBe(50);
    expect(done.passed).toBe(false);
    expect(done.review!.items).toHaveLength(attempt.questions.length);
    expect(done.review!.items[0]).toHaveProperty('explanation');
  });
  it('refuses a second submit and any answer after submission, changing nothing', async () => {
    const { attempt } = await startAttempt(alice, 'complaints', 'assessment');
    const quiz = getQuiz('complaints')!;
    for (const shown of attempt.questions) await saveResponse(alice, attempt.id, shown.id, correctAnswer(quiz.questions.get(shown.id)!));
    const done = await submitAttempt(alice, attempt.id);
    expect(done.score).toBe(100);
    expect(done.passed).toBe(true);
    const before = await attemptSnapshot(attempt.id);
    expect((await refusal(submitAttempt(alice, attempt.id))).status).toBe(409);
    const q = quiz.questions.get(attempt.questions[0].id)!;
    expect((await refusal(saveResponse(alice, attempt.id, q.id, correctAnswer(q)))).status).toBe(409);
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
  it('refuses answers after the deadline and grades with what was saved', async () => {
    const { attempt } = await startAttempt(bob, 'complaints', 'assessment');
    const quiz = getQuiz('complaints')!;
    const first = quiz.questions.get(attempt.questions[0].id)!;
    await saveResponse(bob, attempt.id, first.id, correctAnswer(first));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(attempt.deadline!) + 1000);
    const second = quiz.questions.get(attempt.questions[1].id)!;
    const error = await refusal(saveResponse(bob, attempt.id, second.id, correctAnswer(second)));
    expect(error.status).toBe(409);
    const view = await getAttempt(bob, attempt.id);
    expect(view.submittedAt).not.toBeNull();
    expect(view.score).toBe(Math.round((100 / attempt.questions.length) * 10) / 10);
    expect(Object.keys(view.responses)).toEqual([first.id]);
  });
});
