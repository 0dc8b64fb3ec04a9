import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/lessons/check';
import { MODULE_IDS } from '../../src/lessons/schema';
import { RAW_BANKS } from '../../src/quizzes/bank';
import { bestPaths } from '../../src/quizzes/types';
import { validateBanks } from '../../src/quizzes/validate-bank';

const content = await loadLessons(path.resolve(import.meta.dirname, '../../src/lessons'));
const banks = validateBanks(RAW_BANKS, content.anchors);
const all = Object.values(banks.questions).flat();

describe('lessons', () => {
  it('every module and lesson validates, orders are unique and MDX compiles', () => {
    expect(content.problems).toEqual([]);
  });
  it('has seven modules of two to five lessons, at least 25 lessons in all', () => {
    expect(Object.keys(content.modules).sort()).toEqual([...MODULE_IDS].sort());
    for (const id of MODULE_IDS) {
      const n = content.lessons.filter((l) => l.module === id).length;
      expect(n, id).toBeGreaterThanOrEqual(2);
      expect(n, id).toBeLessThanOrEqual(5);
    }
    expect(content.lessons.length).toBeGreaterThanOrEqual(25);
  });
});

describe('question banks', () => {
  it('validate: schemas, unique ids, answers exist, anchors resolve, scenario graphs sound', () => {
    expect(banks.problems).toEqual([]);
  });
  it('hold at least 200 questions, at least 20 per module', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    for (const id of MODULE_IDS) expect(banks.questions[id]?.length ?? 0, id).toBeGreaterThanOrEqual(20);
  });
  it('give each of the 18 customer types a branching scenario, six of them three turns deep, and an identification question', () => {
    const bank = banks.questions['customer-types'];
    const scenarios = bank.filter((q) => q.type === 'scenario');
    const topics = new Set(scenarios.map((q) => q.topic));
    expect(topics.size).toBeGreaterThanOrEqual(18);
    const deep = scenarios.filter((q) => q.type === 'scenario' && bestPaths(q).path.length >= 3);
    expect(deep.length).toBeGreaterThanOrEqual(6);
    const identifying = new Set(bank.filter((q) => q.type !== 'scenario').map((q) => q.topic));
    for (const topic of topics) expect(identifying, topic).toContain(topic);
  });
  it('ask the six complaint steps as an ordering question', () => {
    const ordering = banks.questions.complaints.filter((q) => q.type === 'ordering');
    expect(ordering.some((q) => q.type === 'ordering' && q.items.length === 6)).toBe(true);
  });
  it('cover taboo phrases with at least ten questions', () => {
    const taboo = banks.questions.language.filter((q) => /忌语|不说|避免/.test(q.topic));
    expect(taboo.length).toBeGreaterThanOrEqual(10);
  });
});
