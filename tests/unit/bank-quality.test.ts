import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/lessons/check';
import { RAW_BANKS } from '../../src/quizzes/bank';
import { bankQuality, bankQualityProblems, BANK_LIMITS, decisionPoints, rightIsUniqueLongest } from '../../src/quizzes/bank-quality';
import type { Question } from '../../src/quizzes/types';
import { validateBanks } from '../../src/quizzes/validate-bank';

const base = { difficulty: 1, source: { file: '000_000cc55b97a2c730.txt', section: 's' }, lesson: 'm/01-l#a', prompt: 'p', explanation: 'e' } as const;
const single = (id: string, pool: 'practice' | 'assessment', topic: string, right: string, wrong: string[]): Question => ({
  ...base,
  id,
  pool,
  topic,
  type: 'single',
  options: [{ id: 'r', text: right }, ...wrong.map((text, i) => ({ id: `w${i}`, text }))],
  answer: 'r',
});
const scenario = (id: string, best: string, weak: string): Question => ({
  ...base,
  id,
  pool: 'assessment',
  topic: 't',
  type: 'scenario',
  start: 'n1',
  nodes: [{ id: 'n1', customer: '顾客', choices: [{ id: 'b', text: best, points: 2, feedback: 'f' }, { id: 'w', text: weak, points: 0, feedback: 'f' }] }],
});

describe('cue detection', () => {
  it.each([
    ['the right option alone is longest', '请您稍候片刻', ['稍等', '等一下'], true],
    ['a wrong option is longest', '稍等', ['请您在这里排队等候', '等一下'], false],
    ['the longest is tied', '请稍候', ['等一下', '别急啊'], false],
  ])('%s', (_name, right, wrong, cue) => {
    const q = single('m-001', 'practice', 't', right, wrong) as Extract<Question, { type: 'single' }>;
    expect(rightIsUniqueLongest(q.options, [q.answer])).toBe(cue);
  });

  it('counts a scenario decision point whose best reply is at least as long as every other', () => {
    expect(decisionPoints(scenario('m-002', '您好，请问有什么可以帮您', '什么事') as Extract<Question, { type: 'scenario' }>)[0].bestIsLongest).toBe(true);
    expect(decisionPoints(scenario('m-003', '您好', '你有什么事吗快说') as Extract<Question, { type: 'scenario' }>)[0].bestIsLongest).toBe(false);
  });
});

describe('bank quality problems', () => {
  const filler = (pool: 'practice' | 'assessment', n: number, topic = 't') =>
    Array.from({ length: n }, (_, i) => single(`m-${pool[0]}${String(i).padStart(2, '0')}`, pool, topic, '好', ['一个更长的错误选项', '另一个也很长的选项']));

  it('accepts a bank with enough items in both pools, every topic in both, and no cue', () => {
    expect(bankQualityProblems({ m: [...filler('practice', 25), ...filler('assessment', 25)] })).toEqual([]);
  });

  it('names a pool that is too small and a topic found in one pool only', () => {
    const problems = bankQualityProblems({ m: [...filler('practice', 25), ...filler('assessment', 24), single('m-x01', 'practice', 'lonely', '好', ['更长的错误选项'])] });
    expect(problems.map((p) => p.message)).toEqual([
      `assessment pool has 24 questions; at least ${BANK_LIMITS.minPerPool} are needed`,
      'topic "lonely" is only in the practice pool; add a parallel item to the other pool',
    ]);
  });

  it('flags a bank whose right option is usually the longest', () => {
    const cued = Array.from({ length: 10 }, (_, i) => single(`m-c${i}`, i % 2 ? 'practice' : 'assessment', 't', '这是正确而且最长的选项', ['短', '也短']));
    const q = bankQuality(cued);
    expect(q.longestRight).toEqual({ hits: 10, of: 10, share: 1 });
    expect(bankQualityProblems({ m: cued }).some((p) => p.message.startsWith('right option is the unique longest in 10 of 10'))).toBe(true);
  });
});

describe('the question banks', async () => {
  const content = await loadLessons(path.resolve(import.meta.dirname, '../../src/lessons'));
  const banks = validateBanks(RAW_BANKS, content.anchors);
  it('have at least 25 items in each pool, every topic in both pools, and cue rates under the limits', () => {
    expect(bankQualityProblems(banks.questions)).toEqual([]);
  });
});
