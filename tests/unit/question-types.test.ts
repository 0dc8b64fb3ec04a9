import { describe, expect, it } from 'vitest';
import { checkAnswer, correctAnswer, grade, questionSchema, type Question } from '../../src/quizzes/types';
import { bestReplies, extendsPath } from '../../src/quizzes/types/scenario';
import { withOpaqueIds } from '../../src/quizzes/opaque-ids';

const base = {
  pool: 'practice' as const,
  topic: '测试',
  difficulty: 1 as const,
  source: { file: '000_000cc55b97a2c730.txt' as const, section: '第四节' },
  lesson: 'language/01-x#y',
  prompt: '题干',
  explanation: '讲解',
};
const parse = (q: unknown) => questionSchema.parse(q) as Question;

const single = parse({ ...base, id: 't-001', type: 'single', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], answer: 'b' });
const multiple = parse({
  ...base,
  id: 't-002',
  type: 'multiple',
  options: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: id.toUpperCase() })),
  answer: ['a', 'b', 'c'],
});
const ordering = parse({ ...base, id: 't-003', type: 'ordering', items: ['s1', 's2', 's3', 's4'].map((id) => ({ id, text: id })), answer: ['s1', 's2', 's3', 's4'] });
const matching = parse({
  ...base,
  id: 't-004',
  type: 'matching',
  left: [{ id: 'l1', text: '你' }, { id: 'l2', text: '必须' }, { id: 'l3', text: '不知道' }],
  right: [{ id: 'r1', text: '我' }, { id: 'r2', text: '请您' }, { id: 'r3', text: '我帮您问' }, { id: 'r4', text: '干扰项' }],
  answer: { l1: 'r1', l2: 'r2', l3: 'r3' },
});
const scenario = parse({
  ...base,
  id: 't-005',
  type: 'scenario',
  start: 'n1',
  nodes: [
    { id: 'n1', customer: '我要投诉！', choices: [
      { id: 'n1a', text: '您请坐，慢慢说', points: 2, feedback: '好', next: 'n2' },
      { id: 'n1b', text: '找别人去', points: 0, feedback: '差' },
      { id: 'n1c', text: '嗯', points: 1, feedback: '一般', next: 'n2' },
    ] },
    { id: 'n2', customer: '东西坏了', choices: [
      { id: 'n2a', text: '我马上为您登记处理', points: 2, feedback: '好', next: 'n3' },
      { id: 'n2b', text: '那没办法', points: 0, feedback: '差' },
    ] },
    { id: 'n3', customer: '好吧', choices: [
      { id: 'n3a', text: '感谢您的理解', points: 2, feedback: '好' },
      { id: 'n3b', text: '……', points: 1, feedback: '一般' },
    ] },
  ],
});

describe('single choice', () => {
  it.each([
    ['the right option earns full credit', 'b', 1],
    ['a wrong option earns nothing', 'a', 0],
    ['an unknown option earns nothing', 'zz', 0],
    ['an empty answer earns nothing', '', 0],
  ])('%s', (_name, answer, credit) => {
    expect(grade(single, answer).credit).toBe(credit);
  });
  it('refuses an option the question does not have', () => {
    expect(checkAnswer(single, 'zz')).toEqual({ ok: false, problem: { key: 'quiz.answer.unknownOption', params: { option: 'zz' } } });
    expect(checkAnswer(single, ['b'])).toEqual({ ok: false, problem: { key: 'quiz.answer.shape.single', params: {} } });
  });
});

describe('multiple choice', () => {
  it.each([
    ['all right picks earn full credit', ['a', 'b', 'c'], 1],
    ['two of three right picks earn two thirds', ['a', 'b'], 0.6667],
    ['a wrong pick costs as much as a right one earns', ['a', 'b', 'd'], 0.3333],
    ['credit never falls below zero', ['d', 'e', 'a'], 0],
    ['no picks earn nothing', [], 0],
    ['a repeated pick counts once', ['a', 'a', 'a'], 0.3333],
    ['an unknown id counts as a wrong pick', ['a', 'b', 'c', 'zz'], 0.6667],
  ])('%s', (_name, answer, credit) => {
    expect(grade(multiple, answer).credit).toBe(credit);
  });
  it('refuses duplicated and unknown ids when saving', () => {
    expect(checkAnswer(multiple, ['a', 'a'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.repeated' } });
    expect(checkAnswer(multiple, ['a', 'zz'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.unknownOption', params: { option: 'zz' } } });
    expect(checkAnswer(multiple, 'a')).toMatchObject({ ok: false, problem: { key: 'quiz.answer.shape.multiple' } });
  });
});

describe('ordering', () => {
  it.each([
    ['the right order earns full credit', ['s1', 's2', 's3', 's4'], 1],
    ['one swapped neighbour pair costs one pair of six', ['s2', 's1', 's3', 's4'], 0.8333],
    ['a reversed order earns nothing', ['s4', 's3', 's2', 's1'], 0],
    ['an empty order earns nothing', [], 0],
    ['repeats count once', ['s1', 's1', 's2', 's3', 's4'], 1],
    ['unknown ids are ignored', ['s1', 'x', 's2'], 0.1667],
  ])('%s', (_name, answer, credit) => {
    expect(grade(ordering, answer).credit).toBe(credit);
  });
  it('refuses an incomplete, duplicated or unknown order when saving', () => {
    expect(checkAnswer(ordering, ['s1', 's2'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.orderIncomplete' } });
    expect(checkAnswer(ordering, ['s1', 's1', 's2', 's3'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.repeated' } });
    expect(checkAnswer(ordering, ['s1', 's2', 's3', 'x'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.unknownOption', params: { option: 'x' } } });
  });
});

describe('matching', () => {
  it.each([
    ['all pairs right earn full credit', { l1: 'r1', l2: 'r2', l3: 'r3' }, 1],
    ['one pair of three right earns a third', { l1: 'r1', l2: 'r4', l3: 'r2' }, 0.3333],
    ['no pairs earn nothing', {}, 0],
    ['the same right item used twice earns only where it fits', { l1: 'r1', l2: 'r1', l3: 'r1' }, 0.3333],
    ['unknown keys earn nothing', { zz: 'r1' }, 0],
  ])('%s', (_name, answer, credit) => {
    expect(grade(matching, answer as Record<string, string>).credit).toBe(credit);
  });
  it('refuses unknown left or right ids when saving', () => {
    expect(checkAnswer(matching, { zz: 'r1' })).toMatchObject({ ok: false, problem: { key: 'quiz.answer.unknownOption', params: { option: 'zz' } } });
    expect(checkAnswer(matching, { l1: 'zz' })).toMatchObject({ ok: false, problem: { key: 'quiz.answer.unknownOption', params: { option: 'zz' } } });
    expect(checkAnswer(matching, ['r1'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.shape.matching' } });
  });
});

describe('branching scenario', () => {
  it('finds the one best path and offers it as the correct answer', () => {
    expect(correctAnswer(scenario)).toEqual(['n1a', 'n2a', 'n3a']);
  });
  it.each([
    ['the best path earns full credit', ['n1a', 'n2a', 'n3a'], 1],
    ['a weaker turn earns its share of the best path', ['n1c', 'n2a', 'n3a'], 0.8333],
    ['ending the talk rudely at once earns nothing', ['n1b'], 0],
    ['an unfinished path earns what it has so far', ['n1a'], 0.3333],
    ['an empty path earns nothing', [], 0],
    ['a choice from the wrong node stops the count', ['n1a', 'n3a'], 0.3333],
  ])('%s', (_name, answer, credit) => {
    expect(grade(scenario, answer).credit).toBe(credit);
  });
  it('returns each reply’s comment along the path, then the score against the best path', () => {
    expect(grade(scenario, ['n1a', 'n2b']).feedback).toEqual([
      { kind: 'reply', text: '好' },
      { kind: 'reply', text: '差' },
      { kind: 'scenarioScore', earned: 2, best: 6 },
    ]);
    expect(grade(scenario, ['n1a', 'n2a', 'n3a']).feedback).toHaveLength(3);
  });
  it.each([
    ['the same path', ['n1a'], ['n1a'], true],
    ['one more reply', ['n1a'], ['n1a', 'n2a'], true],
    ['a whole path from nothing', [], ['n1a', 'n2a', 'n3a'], true],
    ['another first reply', ['n1a'], ['n1c', 'n2a'], false],
    ['a shorter path', ['n1a', 'n2a'], ['n1a'], false],
    ['an emptied path', ['n1a'], [], false],
  ])('a saved talk may only be extended: %s → %s', (_name, saved, next, ok) => {
    expect(extendsPath(saved, next)).toBe(ok);
  });
  it('names the reply opening the best talk from each line', () => {
    expect(Object.fromEntries(bestReplies(scenario as Extract<Question, { type: 'scenario' }>))).toEqual({ n1: 'n1a', n2: 'n2a', n3: 'n3a' });
  });
  it('refuses a path that leaves the conversation or continues after its end', () => {
    expect(checkAnswer(scenario, ['n2a'])).toMatchObject({ ok: false, problem: { key: 'quiz.answer.offPath', params: { option: 'n2a' } } });
    expect(checkAnswer(scenario, ['n1b', 'n2a'])).toMatchObject({ ok: false });
    expect(checkAnswer(scenario, ['n1a', 'n2a'])).toMatchObject({ ok: true });
  });
});

describe('question schemas', () => {
  const scenarioWith = (nodes: unknown) => questionSchema.safeParse({ ...base, id: 't-009', type: 'scenario', start: 'n1', nodes });
  const choice = (id: string, points: number, next?: string) => ({ id, text: id, points, feedback: 'f', ...(next ? { next } : {}) });
  it('rejects an answer that is not an option', () => {
    expect(questionSchema.safeParse({ ...single, answer: 'zz' }).success).toBe(false);
  });
  it('rejects duplicated option ids', () => {
    expect(questionSchema.safeParse({ ...single, options: [{ id: 'a', text: '1' }, { id: 'a', text: '2' }], answer: 'a' }).success).toBe(false);
  });
  it('rejects a scenario with a dangling next', () => {
    expect(scenarioWith([{ id: 'n1', customer: 'c', choices: [choice('a', 2, 'nx'), choice('b', 0)] }]).success).toBe(false);
  });
  it('rejects a scenario with an unreachable node', () => {
    expect(
      scenarioWith([
        { id: 'n1', customer: 'c', choices: [choice('a', 2), choice('b', 0)] },
        { id: 'n2', customer: 'c', choices: [choice('c', 2), choice('d', 0)] },
      ]).success,
    ).toBe(false);
  });
  it('rejects a scenario that can loop forever', () => {
    expect(
      scenarioWith([
        { id: 'n1', customer: 'c', choices: [choice('a', 2, 'n2'), choice('b', 0)] },
        { id: 'n2', customer: 'c', choices: [choice('c', 2, 'n1'), choice('d', 0)] },
      ]).success,
    ).toBe(false);
  });
  it('rejects a scenario with two equally best paths', () => {
    expect(scenarioWith([{ id: 'n1', customer: 'c', choices: [choice('a', 2), choice('b', 2)] }]).success).toBe(false);
  });
});

describe('opaque ids', () => {
  it.each([single, multiple, ordering, matching, scenario].map((q) => [q.type, q] as const))(
    '%s: renaming every id keeps the grading and hides the authors’ ids',
    (_type, q) => {
      const hidden = withOpaqueIds(q);
      expect(grade(hidden, correctAnswer(hidden)).credit).toBe(1);
      expect(correctAnswer(hidden)).not.toEqual(correctAnswer(q));
      expect(JSON.stringify(correctAnswer(hidden))).not.toMatch(/"(a|b|c|n\da)"/);
    },
  );
});
