import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/quizzes/types';
import { idMentions, validateBanks } from '../../src/quizzes/validate-bank';

/**
 * Learners see options unlettered and shuffled, and the client only gets hashed ids, so a question's
 * learner-facing text must never name an option, item or reply by its id ("所以 d 的说法不对").
 */
const base = { pool: 'practice', topic: '退换货', difficulty: 1, source: { file: '000_000cc55b97a2c730.txt', section: '客诉处理规定 3.1（1）' }, lesson: 'm/01-l#a', prompt: '按本广场规定怎么答复？' } as const;
const single = (explanation: string, over: Partial<Extract<Question, { type: 'single' }>> = {}): Question => ({
  ...base,
  id: 'm-001',
  type: 'single',
  options: [
    { id: 'a', text: '有质量问题，七日内凭票据可以退货' },
    { id: 'b', text: '售出三天内，可以无条件退货' },
    { id: 'c', text: '可不予退换：已告知瑕疵，并在购物单据上注明' },
    { id: 'd', text: '打折商品一律不退不换' },
  ],
  answer: 'c',
  explanation,
  ...over,
});

describe('naming an option by its id', () => {
  it('flags an explanation that says "所以 d 的说法不对"', () => {
    const found = idMentions(single('依据是“已告知”加“单据注明”，而不是“打折”本身，所以 d 的说法不对。'));
    expect(found).toMatchObject([{ field: 'explanation', id: 'd' }]);
    expect(found[0].excerpt).toContain('所以 d 的说法不对');
  });

  it('accepts an explanation that quotes the option’s wording instead', () => {
    expect(idMentions(single('依据是“已告知”加“单据注明”，而不是“打折”本身，所以“打折商品一律不退不换”的说法不对。'))).toEqual([]);
  });

  it('flags letters in either case, in lists and in brackets, also written full-width', () => {
    const found = idMentions(single('B、C 都不对；等有了结果再打（a），错过了时间；Ｄ 也不对。')).map((m) => m.id);
    expect(found).toEqual(['b', 'c', 'a', 'd']);
  });

  it('does not flag a letter that is part of a longer ASCII word or number, nor one that is no id of the question', () => {
    expect(idMentions(single('按 3.1(1) 办理，XXX 时间内回复；无领 T 恤、“V”字形与选项无关；ABC 分类、d2 也不是选项。'))).toEqual([]);
  });

  it('lets the manual’s own item label through when the question cites it in source.section', () => {
    const q = single('004 心理素质 C：情感的自我控制及调节能力。', { source: { file: '004_2fadcbd4ccd016d0.txt', section: '(一)、优秀客户服务人员的素质要求 1、心理素质 C' } });
    expect(idMentions(q)).toEqual([]);
    expect(idMentions({ ...q, explanation: '004 心理素质 C 是情感的自我控制。C 说的是别的。' }).map((m) => m.excerpt)).toEqual(['情感的自我控制。C 说的是别的。']);
  });

  it('checks option texts and a scenario’s replies and their feedback', () => {
    const scenario: Question = {
      ...base,
      id: 'm-002',
      type: 'scenario',
      start: 'n1',
      explanation: '本题考察首问负责制。',
      nodes: [
        {
          id: 'n1',
          customer: '顾客：“这事归谁管？”',
          choices: [
            { id: 'n1a', text: '“请放心，我一定帮您转达。”', points: 2, feedback: '对，比 n1b 好。' },
            { id: 'n1b', text: '“您去问物业吧。”', points: 0, feedback: '把顾客推走了。' },
          ],
        },
      ],
    };
    expect(idMentions(scenario)).toEqual([{ field: 'nodes.0.choices.0.feedback', id: 'n1b', excerpt: '对，比 n1b 好。' }]);
    const options = [...(single('') as Extract<Question, { type: 'single' }>).options, { id: 'e', text: '以上 a、b 都对' }];
    expect(idMentions(single('本题考察退换货的条件。', { options })).map((m) => m.field)).toEqual([
      'options.4.text',
      'options.4.text',
    ]);
  });

  it('is a bank problem, so content:check and the bank tests fail on it', () => {
    const { problems } = validateBanks({ conduct: [{ ...single('所以 d 的说法不对。'), id: 'conduct-001', lesson: 'm/01-l#a' }] }, new Set(['m/01-l#a']));
    expect(problems).toEqual([
      { module: 'conduct', id: 'conduct-001', message: 'explanation names "d" by its id ("所以 d 的说法不对。"); learners never see ids, so quote the wording instead' },
    ]);
  });
});
