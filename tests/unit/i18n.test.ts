import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../db/schema';
import { listText, translator, type MessageKey } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { messagesFor } from '../../src/components/quiz/messages';
import { quizWording } from '../../src/quizzes/feedback-text';

const keys = Object.keys(zhCN) as MessageKey[];
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;

/** The parameters a message reads: plain `{name}`s and plural counts, whatever the branches say. */
function paramsOf(message: string): string[] {
  const flat = message.replace(PLURAL, (_, name: string, body: string) => `{${name}} ${body.replace(/(\w+) \{((?:[^{}]|\{\w+\})*)\}/g, '$2')}`);
  return [...new Set([...flat.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

describe('the translator', () => {
  const t = translator('en');
  const zh = translator('zh-CN');

  it.each([
    [1, '1 review approved and frozen.'],
    [2, '2 reviews approved and frozen.'],
    [0, '0 reviews approved and frozen.'],
    ['1', '1 review approved and frozen.'],
  ])('words a count of %j in English by its plural category', (n, text) => {
    expect(t('review.approvedN', { n })).toBe(text);
  });

  it('chooses each count of a message on its own, with plain parameters inside a branch', () => {
    expect(t('review.step.conduct.counts', { ok: 20, warning: 1, penalty: 2, commendation: 1 })).toBe('Inspections this month: 20 ok, 1 warning, 2 penalties, 1 commendation.');
    expect(t('assign.skipped', { n: 1, employeeNos: 'KF203' })).toBe('1 employee already had this task open and was not given it again: KF203.');
    expect(t('assign.skipped', { n: 2, employeeNos: 'KF203 and KF204' })).toBe('2 employees already had this task open and were not given it again: KF203 and KF204.');
    expect(t('review.points', { score: 1.5 })).toBe('1.5 points');
  });

  it('shows a missing count as {name} in the other form, as it shows any missing parameter', () => {
    expect(t('review.approvedN', {})).toBe('{n} reviews approved and frozen.');
    expect(t('review.approvedN')).toBe('{n} reviews approved and frozen.');
    expect(t('home.dueSoon', { days: 3 })).toBe('"{module}" is due {date}: 3 days left.');
  });

  it('words the quiz player’s feedback with the same plurals as the pages', () => {
    expect(quizWording('en')('quiz.fb.scenarioScore', { earned: 1, best: 1 })).toBe('This conversation earned 1 of the 1 point the best replies earn.');
    expect(quizWording('en')('quiz.fb.scenarioScore', { earned: 2, best: 4 })).toBe(t('quiz.fb.scenarioScore', { earned: 2, best: 4 }));
  });

  it('runs a list parameter together in each language’s punctuation', () => {
    expect(zh('admin.import.teamsCreated', { teams: ['一号台', '二号台'] })).toContain('一号台、二号台');
    expect(t('admin.import.teamsCreated', { teams: ['Desk 1', 'Desk 2'] })).toContain('Desk 1, Desk 2');
  });

  it('leaves Chinese, which has no plural forms, as plain text', () => {
    expect(zh('review.approvedN', { n: 1 })).toBe('已审批 1 份考核，结果已冻结。');
    expect(zh('review.approvedN', { n: 2 })).toBe('已审批 2 份考核，结果已冻结。');
  });
});

describe('the catalogues', () => {
  it.each(AUDIT_ACTIONS)('label the audit action %s in both languages', (action) => {
    expect(zhCN).toHaveProperty([`admin.audit.action.${action}`]);
    expect(en).toHaveProperty([`admin.audit.action.${action}`]);
  });

  it('read the same parameters in English as in Chinese, plural counts included', () => {
    expect(keys.filter((k) => paramsOf(en[k]).join() !== paramsOf(zhCN[k]).join())).toEqual([]);
  });

  it('keep Chinese free of plural syntax', () => {
    expect(keys.filter((k) => zhCN[k].includes(', plural,'))).toEqual([]);
  });

  it('word every English plural completely, for one and for many', () => {
    const t = translator('en');
    const plurals = keys.filter((k) => en[k].includes(', plural,'));
    expect(plurals.length).toBeGreaterThan(40);
    for (const key of plurals) {
      // Each plural must parse: every head is consumed, and every branch has an `other`.
      expect(en[key].replace(PLURAL, ''), key).not.toContain(', plural,');
      for (const m of en[key].matchAll(PLURAL)) expect(m[2], key).toMatch(/(^|\s)other \{/);
      for (const n of [1, 2]) {
        const text = t(key, Object.fromEntries(paramsOf(zhCN[key]).map((p) => [p, n])));
        expect(text, key).not.toMatch(/[{}#]/);
      }
    }
  });

  it('have no English noun in the plural after a count of one, nor a count written "(s)"', () => {
    const t = translator('en');
    const ones = keys.map((k) => `${k}: ${t(k, Object.fromEntries(paramsOf(zhCN[k]).map((p) => [p, 1])))}`);
    // "1 is", "1 was", "1 has": a parameter that is a name, not a count, before its verb.
    expect(ones.filter((line) => /\b1 (?!is\b|was\b|has\b)[a-z]+s\b/.test(line) || line.includes('(s)'))).toEqual([]);
  });
});

describe('English punctuation', () => {
  // Chinese quoted in English (“CSV (逗号分隔)”, 客服专员, 工号) has none of these either; if a quote ever
  // needs one, list that key here as an exception.
  it('has no full-width punctuation (：，（）。；！？、): ASCII with a space instead', () => {
    expect(keys.filter((k) => /[：，（）。；！？、]/.test(en[k])).map((k) => `${k}: ${en[k]}`)).toEqual([]);
  });

  it('has none in the quiz player’s own English words either', () => {
    const words = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : typeof value === 'function' ? [String(value(1, 1))] : Object.values(value as object).flatMap(words);
    expect(words(messagesFor('en')).filter((w) => /[：，（）。；！？、]/.test(w))).toEqual([]);
    expect(`${messagesFor('en').label('Explanation')}…${messagesFor('en').inParens('timed out')}`).toBe('Explanation: … (timed out)');
  });

  it('labels and parenthesised notes take ASCII punctuation and a space in English, full-width in Chinese', () => {
    expect(translator('en')('common.label', { label: 'Explanation' })).toBe('Explanation: ');
    expect(translator('zh-CN')('common.label', { label: '讲解' })).toBe('讲解：');
    expect(`吴雨桐${translator('en')('common.inParens', { note: 'KF201' })}`).toBe('吴雨桐 (KF201)');
    expect(`吴雨桐${translator('zh-CN')('common.inParens', { note: 'KF201' })}`).toBe('吴雨桐（KF201）');
  });
});

describe('a list', () => {
  it.each([
    ['zh-CN', ['甲', '乙', '丙'], '甲、乙、丙'],
    ['en', ['Conduct', 'Complaints'], 'Conduct, Complaints'],
    ['en', ['客服中心'], '客服中心'],
  ] as const)('in %s is written %j → %s', (locale, items, text) => {
    expect(listText(locale, items)).toBe(text);
  });
});
