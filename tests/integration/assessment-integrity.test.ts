import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { assignments, attemptGrants, attempts } from '../../db/schema';
import { checkResponse, getAttempt, saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { getQuiz } from '../../src/quizzes/catalog';
import { bestPaths, correctAnswer, type Question } from '../../src/quizzes/types';
import { attemptSnapshot } from '../helpers/attempts';
import { person } from '../helpers/people';
import { refusal } from '../helpers/refusal';

type Scenario = Extract<Question, { type: 'scenario' }>;

/** A new learner of no team. */
const learner = () => person('learner');

const quiz = getQuiz('complaints')!;
const practiceScenario = quiz.list.find((q): q is Scenario => q.type === 'scenario' && q.pool === 'practice' && bestPaths(q).path.length >= 2)!;
const practiceSingle = quiz.list.find((q) => q.type === 'single' && q.pool === 'practice')!;
/** A reply offered somewhere in the talk but not at its first line. */
const elsewhere = (q: Scenario) => q.nodes.find((nd) => nd.id !== q.start)!.choices[0].id;

afterEach(() => {
  vi.useRealTimers();
});

let alice: SessionUser;
beforeAll(async () => {
  alice = await learner();
});

describe('pools', () => {
  it.each(['practice', 'assessment'] as const)('a %s attempt holds only items of its pool', async (mode) => {
    const user = await learner();
    for (const id of ['conduct', 'language', 'customer-types']) {
      const { attempt } = await startAttempt(user, id, mode);
      const bank = getQuiz(id)!;
      for (const q of attempt.questions) expect(bank.questions.get(q.id)!.pool).toBe(mode);
    }
  });
  it('refuses an assessment item asked for by id outside an assessment, changing nothing', async () => {
    const assessmentItem = quiz.list.find((q) => q.pool === 'assessment')!;
    const before = await getDb().then((db) => db.$count(attempts));
    for (const mode of ['practice', 'review', 'refresher'] as const) {
      const error = await refusal(startAttempt(alice, 'complaints', mode, { questionIds: [assessmentItem.id] }));
      expect(error.status).toBe(400);
    }
    expect(await getDb().then((db) => db.$count(attempts))).toBe(before);
  });
  it('starts a review with exactly the practice items asked for', async () => {
    const ids = quiz.list.filter((q) => q.pool === 'practice').slice(0, 3).map((q) => q.id);
    const { attempt } = await startAttempt(alice, 'complaints', 'review', { questionIds: ids });
    expect(attempt.questions.map((q) => q.id)).toEqual(ids);
    expect(attempt.deadline).toBeNull();
  });
  it('refuses to fix the questions, topics or assignment of an assessment', async () => {
    expect((await refusal(startAttempt(alice, 'complaints', 'assessment', { topics: ['x'] }))).status).toBe(400);
  });
});

describe('refreshers', () => {
  it('draw practice items of the assignment’s topics and are resumed per assignment', async () => {
    const user = await learner();
    const topic = quiz.list.find((q) => q.pool === 'practice')!.topic;
    const db = await getDb();
    const [row] = await db
      .insert(assignments)
      .values({ module: 'complaints', assigneeId: user.id, kind: 'refresher', topics: [topic], dueDate: '2030-01-01' })
      .returning();
    const first = await startAttempt(user, 'complaints', 'refresher', { assignmentId: row.id });
    expect(first.attempt.assignmentId).toBe(row.id);
    for (const q of first.attempt.questions) {
      const full = quiz.questions.get(q.id)!;
      expect([full.pool, full.topic]).toEqual(['practice', topic]);
    }
    const again = await startAttempt(user, 'complaints', 'refresher', { assignmentId: row.id });
    expect(again).toMatchObject({ resumed: true, attempt: { id: first.attempt.id } });
    expect((await refusal(startAttempt(alice, 'complaints', 'refresher', { assignmentId: row.id }))).status).toBe(403);
    expect((await refusal(startAttempt(user, 'conduct', 'refresher', { assignmentId: row.id }))).status).toBe(400);
  });
});

describe('starting races and limits', () => {
  it('two simultaneous starts yield one attempt', async () => {
    const user = await learner();
    const results = await Promise.all([1, 2, 3, 4].map(() => startAttempt(user, 'conduct', 'assessment')));
    expect(new Set(results.map((r) => r.attempt.id)).size).toBe(1);
    expect(results.filter((r) => !r.resumed)).toHaveLength(1);
    const db = await getDb();
    expect(await db.$count(attempts, eq(attempts.userId, user.id))).toBe(1);
  });
  it('each grant allows one more assessment', async () => {
    const user = await learner();
    const limit = getQuiz('desk-rules')!.config.assessmentAttempts!;
    for (let i = 0; i < limit; i++) await submitAttempt(user, (await startAttempt(user, 'desk-rules', 'assessment')).attempt.id);
    expect((await refusal(startAttempt(user, 'desk-rules', 'assessment'))).code).toBe('no_attempts_left');
    const db = await getDb();
    await db.insert(attemptGrants).values({ employeeId: user.id, quizId: 'desk-rules', reason: '病假补考' });
    const extra = await startAttempt(user, 'desk-rules', 'assessment');
    await submitAttempt(user, extra.attempt.id);
    expect((await refusal(startAttempt(user, 'desk-rules', 'assessment'))).status).toBe(409);
  });
});

describe('retakes', () => {
  it('draw the items the learner has not met first: a second attempt shares none with the first, a third takes every item left', async () => {
    const user = await learner();
    const pool = quiz.list.filter((q) => q.pool === 'assessment').map((q) => q.id);
    const drawn: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const { attempt } = await startAttempt(user, 'complaints', 'assessment');
      drawn.push(attempt.questions.map((q) => q.id));
      await submitAttempt(user, attempt.id);
    }
    const [first, second, third] = drawn;
    // The scenario minimum comes first: only when the first attempt took every scenario may the second repeat one.
    const scenarios = quiz.list.filter((q) => q.pool === 'assessment' && q.type === 'scenario').map((q) => q.id);
    const allowed = scenarios.every((id) => first.includes(id)) ? quiz.config.minScenarios : 0;
    const repeated = second.filter((id) => first.includes(id));
    expect(repeated.length).toBeLessThanOrEqual(allowed);
    for (const id of repeated) expect(scenarios).toContain(id);
    const left = pool.filter((id) => !first.includes(id) && !second.includes(id));
    for (const id of left) expect(third).toContain(id);
    expect(third).toHaveLength(quiz.config.draw);
  });
});

describe('checking an answer (practice-like modes)', () => {
  it('returns credit, feedback, explanation, the right answer and the lesson, and locks the question', async () => {
    const user = await learner();
    const { attempt } = await startAttempt(user, 'complaints', 'practice', { questionIds: [practiceSingle.id] });
    const wrong = practiceSingle.type === 'single' ? practiceSingle.options.find((o) => o.id !== practiceSingle.answer)!.id : '';
    await saveResponse(user, attempt.id, practiceSingle.id, wrong);
    expect((await getAttempt(user, attempt.id)).responses[practiceSingle.id]).toEqual({ answer: wrong, checked: false });
    const checked = await checkResponse(user, attempt.id, practiceSingle.id);
    expect(checked.checked).toBe(true);
    expect(checked.feedback).toMatchObject({ credit: 0, explanation: practiceSingle.explanation, lesson: practiceSingle.lesson });
    expect(checked.feedback!.correct).toHaveLength(1);
    expect(checked.feedback!.lines).toContainEqual({ kind: 'rightAnswer', texts: checked.feedback!.correct });
    expect((await getAttempt(user, attempt.id)).responses[practiceSingle.id]).toEqual(checked);

    const before = await attemptSnapshot(attempt.id);
    const again = await refusal(checkResponse(user, attempt.id, practiceSingle.id));
    expect([again.status, again.code]).toEqual([409, 'already_checked']);
    const change = await refusal(saveResponse(user, attempt.id, practiceSingle.id, correctAnswer(practiceSingle)));
    expect([change.status, change.code]).toEqual([409, 'already_checked']);
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
  it.each([
    ['an assessment', 400, 'check_not_allowed'],
    ['a question not answered yet', 400, 'nothing_to_check'],
    ['a conversation still going', 400, 'talk_unfinished'],
    ['another learner', 403, 'not_yours'],
  ])('is refused for %s, changing nothing', async (what, status, code) => {
    const user = await learner();
    const mode = what === 'an assessment' ? 'assessment' : 'practice';
    const { attempt } = await startAttempt(user, 'complaints', mode, mode === 'practice' ? { questionIds: [practiceScenario.id, practiceSingle.id] } : {});
    const qid = mode === 'assessment' ? attempt.questions[0].id : what === 'a question not answered yet' ? practiceSingle.id : practiceScenario.id;
    const q = quiz.questions.get(qid)!;
    const first = q.type === 'scenario' ? [bestPaths(q).path[0]] : correctAnswer(q);
    if (what !== 'a question not answered yet') await saveResponse(user, attempt.id, qid, first);
    const before = await attemptSnapshot(attempt.id);
    const error = await refusal(checkResponse(what === 'another learner' ? alice : user, attempt.id, qid));
    expect([error.status, error.code]).toEqual([status, code]);
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
});

describe('conversation paths', () => {
  it('each reply returns only the next customer line; the whole path in one save is accepted too', async () => {
    const user = await learner();
    const path = bestPaths(practiceScenario).path;
    const { attempt } = await startAttempt(user, 'complaints', 'practice', { questionIds: [practiceScenario.id] });
    for (let i = 1; i <= path.length; i++) {
      const saved = await saveResponse(user, attempt.id, practiceScenario.id, path.slice(0, i));
      expect(saved.talk!.ended).toBe(i === path.length);
      expect(saved.talk!.steps).toHaveLength(i === path.length ? i : i + 1);
      expect(JSON.stringify(saved)).not.toMatch(/"next"|"points"|"feedback"|"credit"/);
    }
    const other = await startAttempt(user, 'complaints', 'review', { questionIds: [practiceScenario.id] });
    expect((await saveResponse(user, other.attempt.id, practiceScenario.id, path)).talk!.ended).toBe(true);
  });
  it.each([
    ['a reply not offered at that line', (q: Scenario) => [elsewhere(q)], 400, 'invalid_answer'],
    ['a reply after the talk ended', (q: Scenario) => [...bestPaths(q).path, bestPaths(q).path[0]], 400, 'invalid_answer'],
  ])('refuses %s with 400, changing nothing', async (_what, path, status, code) => {
    const user = await learner();
    const { attempt } = await startAttempt(user, 'complaints', 'practice', { questionIds: [practiceScenario.id] });
    await saveResponse(user, attempt.id, practiceScenario.id, [bestPaths(practiceScenario).path[0]]);
    const before = await attemptSnapshot(attempt.id);
    const error = await refusal(saveResponse(user, attempt.id, practiceScenario.id, path(practiceScenario)));
    expect([error.status, error.code]).toEqual([status, code]);
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
  it('never takes a reply back: a path that does not extend the saved one is refused with 409', async () => {
    const user = await learner();
    const { attempt } = await startAttempt(user, 'complaints', 'practice', { questionIds: [practiceScenario.id] });
    const start = practiceScenario.nodes.find((nd) => nd.id === practiceScenario.start)!;
    const [first, second] = start.choices;
    await saveResponse(user, attempt.id, practiceScenario.id, [first.id]);
    const before = await attemptSnapshot(attempt.id);
    for (const rewrite of [[second.id], []]) {
      const error = await refusal(saveResponse(user, attempt.id, practiceScenario.id, rewrite));
      expect([error.status, error.code]).toEqual([409, 'talk_cannot_change']);
    }
    expect(await attemptSnapshot(attempt.id)).toEqual(before);
  });
  it('no attempt view holds an unreached line or where a reply leads, in either mode', async () => {
    const user = await learner();
    for (const mode of ['practice', 'assessment'] as const) {
      const { attempt } = await startAttempt(user, 'customer-types', mode);
      const bank = getQuiz('customer-types')!;
      for (const shown of attempt.questions) {
        const q = bank.questions.get(shown.id)!;
        if (q.type !== 'scenario') continue;
        await saveResponse(user, attempt.id, q.id, [bestPaths(q).path[0]]);
      }
      const view = await getAttempt(user, attempt.id);
      const json = JSON.stringify(view);
      expect(json).not.toMatch(/"next"|"points"|"nodes"/);
      for (const shown of view.questions) {
        const q = bank.questions.get(shown.id)!;
        if (q.type !== 'scenario') continue;
        const reached = new Set([q.start, q.nodes.find((nd) => nd.id === q.start)!.choices.find((c) => c.id === bestPaths(q).path[0])!.next]);
        for (const node of q.nodes) if (!reached.has(node.id)) expect(json, `${q.id}/${node.id}`).not.toContain(node.customer);
      }
    }
  });
});

describe('assessment review policy', () => {
  it('shows right or wrong, explanation and lesson, but not the right answer after a failed attempt with attempts left', async () => {
    const user = await learner();
    const { attempt } = await startAttempt(user, 'conduct', 'assessment');
    const done = await submitAttempt(user, attempt.id);
    expect(done.passed).toBe(false);
    expect(done.review!.rightAnswerShown).toBe(false);
    expect(done.review!.canRetake).toBe(true);
    for (const item of done.review!.items) {
      expect(item).toMatchObject({ correct: null, credit: 0 });
      expect(item.explanation.length).toBeGreaterThan(0);
      expect(item.lines.filter((l) => ['rightAnswer', 'rightOrder', 'rightPairs', 'reply'].includes(l.kind))).toEqual([]);
    }
    expect(done.review!.items.map((i) => i.n)).toEqual(done.questions.map((_, i) => i + 1));
  });
  it('shows the right answer once the module is passed', async () => {
    const user = await learner();
    const bank = getQuiz('conduct')!;
    const { attempt } = await startAttempt(user, 'conduct', 'assessment');
    for (const q of attempt.questions) await saveResponse(user, attempt.id, q.id, correctAnswer(bank.questions.get(q.id)!));
    const done = await submitAttempt(user, attempt.id);
    expect(done.passed).toBe(true);
    expect(done.review!.rightAnswerShown).toBe(true);
    expect(done.review!.items.every((i) => i.correct !== null && i.correct.length > 0)).toBe(true);
  });
  it('shows the right answer when no attempt is left, and offers no retake', async () => {
    const user = await learner();
    const limit = getQuiz('desk-rules')!.config.assessmentAttempts!;
    let last;
    for (let i = 0; i < limit; i++) last = await submitAttempt(user, (await startAttempt(user, 'desk-rules', 'assessment')).attempt.id);
    expect(last!.review).toMatchObject({ rightAnswerShown: true, canRetake: false });
  });
  it('says when time ran out', async () => {
    const user = await learner();
    const { attempt } = await startAttempt(user, 'complaints', 'assessment');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(attempt.deadline!) + 1000);
    const view = await getAttempt(user, attempt.id);
    expect(view).toMatchObject({ timedOut: true, submittedAt: attempt.deadline });
  });
});
