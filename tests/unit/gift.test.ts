import { describe, expect, it } from 'vitest';
import { toGift } from '../../src/quizzes/gift';
import { questionSchema, type Question } from '../../src/quizzes/types';

const base = {
  pool: 'practice' as const,
  topic: 't',
  difficulty: 1 as const,
  source: { file: '002_45960f1ec1a6907d.txt' as const, section: 's' },
  lesson: 'language/01-x#y',
  explanation: '规则：三声之内接听',
};

describe('GIFT export', () => {
  it('marks the right option with = and escapes GIFT control characters', () => {
    const q = questionSchema.parse({ ...base, id: 'x-001', type: 'single', prompt: '时间 {上午}: 几点?', options: [{ id: 'a', text: '8:30' }, { id: 'b', text: '9点' }, { id: 'c', text: '10点' }], answer: 'a' }) as Question;
    const gift = toGift('language', [q]);
    expect(gift).toContain('::x-001::时间 \\{上午\\}\\: 几点?');
    expect(gift).toContain('=8\\:30');
    expect(gift).toContain('~9点');
    expect(gift).toContain('####规则：三声之内接听');
  });
  it('weights multiple-choice options so wrong picks cost, and skips scenarios', () => {
    const multiple = questionSchema.parse({ ...base, id: 'x-002', type: 'multiple', prompt: 'p', options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id })), answer: ['a', 'b'] }) as Question;
    const scenario = questionSchema.parse({
      ...base,
      id: 'x-003',
      type: 'scenario',
      prompt: 'p',
      start: 'n',
      nodes: [{ id: 'n', customer: 'c', choices: [{ id: 'g', text: 'g', points: 2, feedback: 'f' }, { id: 'h', text: 'h', points: 0, feedback: 'f' }] }],
    }) as Question;
    const gift = toGift('language', [multiple, scenario]);
    expect(gift).toContain('~%50%a');
    expect(gift).toContain('~%-50%c');
    expect(gift).not.toContain('x-003');
  });
  it('puts each pool in its own category, practice first', () => {
    const single = (id: string, pool: 'practice' | 'assessment') =>
      questionSchema.parse({ ...base, pool, id, type: 'single', prompt: id, options: ['a', 'b', 'c'].map((o) => ({ id: o, text: o })), answer: 'a' }) as Question;
    const gift = toGift('language', [single('x-010', 'assessment'), single('x-011', 'practice')]);
    const practice = gift.indexOf('$CATEGORY: service-academy/language/practice');
    const assessment = gift.indexOf('$CATEGORY: service-academy/language/assessment');
    expect(practice).toBeGreaterThanOrEqual(0);
    expect(gift.indexOf('::x-011::')).toBeGreaterThan(practice);
    expect(gift.indexOf('::x-011::')).toBeLessThan(assessment);
    expect(gift.indexOf('::x-010::')).toBeGreaterThan(assessment);
  });
});
