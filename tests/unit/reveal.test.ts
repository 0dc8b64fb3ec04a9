import { describe, expect, it } from 'vitest';
import { answerWords, rightWords } from '../../src/quizzes/answer-text';
import { quizWording, wordFeedback } from '../../src/quizzes/feedback-text';
import { grade, questionSchema, type FeedbackLine, type Question } from '../../src/quizzes/types';
import { reviewReveal, type RevealFacts } from '../../src/scoring/policy';

describe('what an assessment review reveals (scoring/policy.ts)', () => {
  it.each<[string, RevealFacts, boolean]>([
    ['practice always shows the right answer', { mode: 'practice', passedModule: false, attemptsLeft: 2 }, true],
    ['a refresher always shows it', { mode: 'refresher', passedModule: false, attemptsLeft: 1 }, true],
    ['spaced review always shows it', { mode: 'review', passedModule: false, attemptsLeft: null }, true],
    ['a failed assessment with attempts left keeps it back', { mode: 'assessment', passedModule: false, attemptsLeft: 2 }, false],
    ['an unlimited assessment not yet passed keeps it back', { mode: 'assessment', passedModule: false, attemptsLeft: null }, false],
    ['a passed module shows it', { mode: 'assessment', passedModule: true, attemptsLeft: 2 }, true],
    ['no attempts left shows it', { mode: 'assessment', passedModule: false, attemptsLeft: 0 }, true],
  ])('%s', (_name, facts, shown) => {
    expect(reviewReveal(facts).rightAnswer).toBe(shown);
  });
});

const base = {
  pool: 'practice' as const,
  topic: 't',
  difficulty: 1 as const,
  source: { file: '000_000cc55b97a2c730.txt' as const, section: 's' },
  lesson: 'language/01-x#y',
  prompt: '题干',
  explanation: '讲解',
};
const talk = questionSchema.parse({
  ...base,
  id: 't-001',
  type: 'scenario',
  start: 'n1',
  nodes: [
    { id: 'n1', customer: '开头', choices: [
      { id: 'n1a', text: '好回应', points: 2, feedback: '好', next: 'n2' },
      { id: 'n1b', text: '弱回应', points: 0, feedback: '弱', next: 'n2' },
    ] },
    { id: 'n2', customer: '第二句', choices: [
      { id: 'n2a', text: '收尾', points: 2, feedback: '好' },
      { id: 'n2b', text: '跑题', points: 0, feedback: '差', next: 'n3' },
    ] },
    { id: 'n3', customer: '没到过的一句', choices: [
      { id: 'n3a', text: '没到过的回应甲', points: 1, feedback: '一般' },
      { id: 'n3b', text: '没到过的回应乙', points: 0, feedback: '差' },
    ] },
  ],
}) as Question;
const order = questionSchema.parse({ ...base, id: 't-002', type: 'ordering', items: ['甲', '乙', '丙'].map((text, i) => ({ id: `s${i}`, text })), answer: ['s0', 's1', 's2'] }) as Question;

describe('answers in words', () => {
  it('lists the replies given and, as the right answer, the best reply at each line reached only', () => {
    expect(answerWords(talk, ['n1b'])).toEqual(['1. 弱回应']);
    expect(rightWords(talk, ['n1b'])).toEqual(['1. 好回应', '2. 收尾']);
    expect(rightWords(talk, ['n1b', 'n2a']).join()).not.toContain('没到过');
  });
  it('numbers an order', () => {
    expect(answerWords(order, ['s2', 's0', 's1'])).toEqual(['1. 丙', '2. 甲', '3. 乙']);
    expect(rightWords(order, null)).toEqual(['1. 甲', '2. 乙', '3. 丙']);
  });
});

describe('generated feedback is worded by the catalogue', () => {
  const lines: FeedbackLine[] = [
    { kind: 'tally', right: 1, wrong: 2, missed: 0 },
    { kind: 'rightAnswer', texts: ['您好'] },
    { kind: 'reply', text: '好' },
    { kind: 'reply', text: '差' },
    { kind: 'scenarioScore', earned: 2, best: 4 },
  ];
  it.each([
    ['zh-CN', ['选对 1 项，选错 2 项，漏选 0 项。', '正确答案：', '第 1 次回应的点评：', '第 2 次回应的点评：', '本次对话得 2 分，最佳应对可得 4 分。']],
    ['en', ['1 right, 2 wrong, 0 missed.', 'Right answer:', 'On reply 1:', 'On reply 2:', 'This conversation earned 2 of the 4 points the best replies earn.']],
  ])('in %s, quoting the bank’s Chinese separately', (locale, texts) => {
    const worded = wordFeedback(lines, quizWording(locale));
    expect(worded.map((w) => w.text)).toEqual(texts);
    expect(worded.map((w) => w.content)).toEqual([[], ['您好'], ['好'], ['差'], []]);
  });
  it('no English wording carries Chinese of its own', () => {
    const worded = wordFeedback([...grade(order, ['s2', 's1', 's0']).feedback, ...grade(talk, ['n1b']).feedback], quizWording('en'));
    for (const w of worded) expect(w.text).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
