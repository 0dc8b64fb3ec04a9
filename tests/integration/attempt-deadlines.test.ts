import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getAttempt, listAttempts, saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { getQuiz } from '../../src/quizzes/catalog';
import { correctAnswer } from '../../src/quizzes/types';
import { attemptSnapshot } from '../helpers/attempts';
import { person } from '../helpers/people';
import { refusal } from '../helpers/refusal';

/**
 * Attempt deadlines at their edges, with the system clock set: the time limit fixed at start, the
 * last moment an answer is taken, and what a late save, a late submit and a late start do.
 */
const T0 = Date.parse('2026-03-02T10:00:00+08:00');
const MINUTE = 60_000;
const QUIZ = 'desk-rules';
const quiz = getQuiz(QUIZ)!;

let learner: SessionUser;
beforeAll(async () => {
  learner = await person('learner');
});
afterEach(() => {
  vi.useRealTimers();
});

/** Sets the clock, then starts (or resumes) the learner's attempt. */
async function startAt(at: number, mode: 'assessment' | 'practice' = 'assessment', user = learner) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  return (await startAttempt(user, QUIZ, mode)).attempt;
}

/** Answers the attempt's n-th question right. */
const answer = (user: SessionUser, attempt: { id: number; questions: { id: string }[] }, n: number) =>
  saveResponse(user, attempt.id, attempt.questions[n].id, correctAnswer(quiz.questions.get(attempt.questions[n].id)!));

describe('at start', () => {
  it('an assessment gets the quiz time limit from its start; practice is never timed', async () => {
    const user = await person('learner');
    const assessment = await startAt(T0, 'assessment', user);
    expect(Date.parse(assessment.deadline!) - T0).toBe(quiz.config.timeLimitMinutes! * MINUTE);
    const practice = await startAt(T0, 'practice', user);
    expect(practice.deadline).toBeNull();
  });

  it('resuming does not move the deadline', async () => {
    const user = await person('learner');
    const first = await startAt(T0, 'assessment', user);
    const again = await startAt(T0 + 5 * MINUTE, 'assessment', user);
    expect(again.id).toBe(first.id);
    expect(again.deadline).toBe(first.deadline);
  });

  it('starting after the deadline of an open assessment closes it as timed out and starts a fresh one', async () => {
    const user = await person('learner');
    const stale = await startAt(T0, 'assessment', user);
    await answer(user, stale, 0);
    const fresh = await startAt(Date.parse(stale.deadline!) + 1, 'assessment', user);
    expect(fresh.id).not.toBe(stale.id);
    expect(Date.parse(fresh.deadline!)).toBe(Date.parse(stale.deadline!) + 1 + quiz.config.timeLimitMinutes! * MINUTE);
    const closed = (await listAttempts(user.id, QUIZ)).find((a) => a.id === stale.id)!;
    expect(closed).toMatchObject({ timedOut: true, submittedAt: new Date(stale.deadline!) });
    expect(closed.score).toBeGreaterThan(0);
  });
});

describe('saving near the deadline', () => {
  it.each([
    ['a minute before', -MINUTE, true],
    ['at the deadline itself', 0, true],
    ['a millisecond after', 1, false],
    ['an hour after', 60 * MINUTE, false],
  ])('an answer %s is taken: %s', async (_when, offset, taken) => {
    const user = await person('learner');
    const attempt = await startAt(T0, 'assessment', user);
    await answer(user, attempt, 0);
    vi.setSystemTime(Date.parse(attempt.deadline!) + offset);
    if (taken) {
      await answer(user, attempt, 1);
      expect((await attemptSnapshot(attempt.id)).attempt?.submittedAt).toBeNull();
      return;
    }
    const before = await attemptSnapshot(attempt.id);
    const error = await refusal(answer(user, attempt, 1));
    expect(error).toMatchObject({ status: 409, code: 'deadline_passed' });
    const after = await attemptSnapshot(attempt.id);
    expect(after.responses).toEqual(before.responses);
    expect(after.attempt).toMatchObject({ timedOut: true, submittedAt: new Date(attempt.deadline!) });
  });
});

describe('submitting near the deadline', () => {
  it('at the deadline itself is an ordinary submit', async () => {
    const user = await person('learner');
    const attempt = await startAt(T0, 'assessment', user);
    await answer(user, attempt, 0);
    vi.setSystemTime(Date.parse(attempt.deadline!));
    const done = await submitAttempt(user, attempt.id);
    expect(done).toMatchObject({ timedOut: false, submittedAt: attempt.deadline });
  });

  it('after the deadline marks it timed out at the deadline and grades what was saved in time', async () => {
    const user = await person('learner');
    const attempt = await startAt(T0, 'assessment', user);
    await answer(user, attempt, 0);
    await answer(user, attempt, 1);
    vi.setSystemTime(Date.parse(attempt.deadline!) + 30 * MINUTE);
    const done = await submitAttempt(user, attempt.id);
    const share = Math.round((2 / attempt.questions.length) * 1000) / 10;
    expect(done).toMatchObject({ timedOut: true, submittedAt: attempt.deadline, score: share, passed: false });
    expect(Object.keys(done.responses).sort()).toEqual([attempt.questions[0].id, attempt.questions[1].id].sort());
    expect((await refusal(submitAttempt(user, attempt.id))).code).toBe('already_submitted');
  });

  it('reading a late attempt grades it the same way, once', async () => {
    const user = await person('learner');
    const attempt = await startAt(T0, 'assessment', user);
    await answer(user, attempt, 0);
    vi.setSystemTime(Date.parse(attempt.deadline!) + 1);
    const read = await getAttempt(user, attempt.id);
    expect(read).toMatchObject({ timedOut: true, submittedAt: attempt.deadline });
    expect(await getAttempt(user, attempt.id)).toEqual(read);
  });

  it('practice has no deadline: a day later it still takes answers', async () => {
    const attempt = await startAt(T0, 'practice');
    vi.setSystemTime(T0 + 24 * 60 * MINUTE);
    await answer(learner, attempt, 0);
    expect((await submitAttempt(learner, attempt.id)).timedOut).toBe(false);
  });
});
