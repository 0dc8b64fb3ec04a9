import { describe, expect, it } from 'vitest';
import { quizzes } from '../../src/quizzes/catalog';
import { drawQuestionIds, eligibleQuestions, poolForMode, presentQuestion, presentTalk, type DrawSpec } from '../../src/quizzes/delivery';
import { opaqueId } from '../../src/quizzes/opaque-ids';
import { bestPaths } from '../../src/quizzes/types';

const quiz = quizzes().get('complaints')!;
const practice: DrawSpec = { pool: 'practice' };

describe('seeded delivery', () => {
  it('draws the same questions in the same order for the same seed', () => {
    expect(drawQuestionIds(quiz.list, quiz.config, 42, practice)).toEqual(drawQuestionIds(quiz.list, quiz.config, 42, practice));
  });
  it('draws different sets for different seeds', () => {
    const a = drawQuestionIds(quiz.list, quiz.config, 1, practice).join();
    const b = drawQuestionIds(quiz.list, quiz.config, 2, practice).join();
    expect(a).not.toBe(b);
  });
  it('draws the configured number of distinct questions, with the minimum of scenarios', () => {
    const ids = drawQuestionIds(quiz.list, quiz.config, 7, practice);
    expect(ids).toHaveLength(quiz.config.draw);
    expect(new Set(ids).size).toBe(ids.length);
    const scenarios = ids.filter((id) => quiz.questions.get(id)!.type === 'scenario');
    expect(scenarios.length).toBeGreaterThanOrEqual(quiz.config.minScenarios);
  });
  it('spreads the draw across topics before repeating one', () => {
    const topics = new Set(eligibleQuestions(quiz.list, practice).map((q) => q.topic));
    const drawnTopics = new Set(drawQuestionIds(quiz.list, quiz.config, 9, practice).map((id) => quiz.questions.get(id)!.topic));
    expect(drawnTopics.size).toBe(Math.min(topics.size, quiz.config.draw));
  });
  it('never sends answers, points, feedback or explanations to the learner', () => {
    for (const q of quiz.list) {
      const shown = JSON.stringify(presentQuestion(q, 5));
      expect(shown).not.toMatch(/"answer"|"points"|"feedback"|"explanation"|"source"/);
    }
  });
  it('shuffles options the same way on every reload of an attempt', () => {
    const q = quiz.list.find((x) => x.type === 'single')!;
    expect(presentQuestion(q, 11)).toEqual(presentQuestion(q, 11));
  });
});

describe('draws after earlier attempts', () => {
  const assessment = (seen: Set<string>): DrawSpec => ({ pool: 'assessment', seen });
  const items = eligibleQuestions(quiz.list, { pool: 'assessment' });

  it('draws exactly as before when nothing was seen', () => {
    for (const seed of [1, 2, 3]) expect(drawQuestionIds(quiz.list, quiz.config, seed, assessment(new Set()))).toEqual(drawQuestionIds(quiz.list, quiz.config, seed, { pool: 'assessment' }));
  });

  it.each([1, 2, 3, 4, 5])('seed %i: takes only new items while there are enough, the minimum of scenarios included', (seed) => {
    const first = drawQuestionIds(quiz.list, quiz.config, seed, { pool: 'assessment' });
    const fresh = items.filter((q) => !first.includes(q.id));
    const second = drawQuestionIds(quiz.list, quiz.config, seed + 100, assessment(new Set(first)));
    const newOnes = second.filter((id) => !first.includes(id));
    expect(newOnes).toHaveLength(Math.min(fresh.length, second.length));
    const freshScenarios = fresh.filter((q) => q.type === 'scenario').length;
    const scenarios = second.filter((id) => quiz.questions.get(id)!.type === 'scenario').length;
    expect(scenarios).toBeGreaterThanOrEqual(Math.min(quiz.config.minScenarios, freshScenarios + first.filter((id) => quiz.questions.get(id)!.type === 'scenario').length));
  });

  it('fills up with seen items only when the new ones run out, still the full size', () => {
    const seen = new Set(items.slice(0, items.length - 3).map((q) => q.id));
    const ids = drawQuestionIds(quiz.list, quiz.config, 8, assessment(seen));
    expect(ids).toHaveLength(Math.min(quiz.config.draw, items.length));
    for (const q of items.slice(-3)) expect(ids).toContain(q.id);
  });
});

describe('draws by pool', () => {
  const all = [...quizzes().values()];
  it.each([
    ['practice', 'practice'],
    ['refresher', 'practice'],
    ['review', 'practice'],
    ['assessment', 'assessment'],
  ] as const)('a %s attempt draws from the %s pool', (mode, pool) => {
    expect(poolForMode(mode)).toBe(pool);
  });
  it.each(all.map((q) => [q.config.id, q] as const))('%s: every seed draws only items of the pool asked for', (_id, q) => {
    for (let seed = 1; seed <= 40; seed++) {
      for (const pool of ['practice', 'assessment'] as const) {
        const ids = drawQuestionIds(q.list, q.config, seed, { pool });
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(q.questions.get(id)!.pool).toBe(pool);
      }
    }
  });
  it('narrows a draw to the topics asked for, and draws what there is when they hold fewer items', () => {
    const topic = eligibleQuestions(quiz.list, practice)[0].topic;
    const ids = drawQuestionIds(quiz.list, quiz.config, 3, { pool: 'practice', topics: [topic] });
    const expected = quiz.list.filter((q) => q.pool === 'practice' && q.topic === topic);
    expect(ids).toHaveLength(Math.min(quiz.config.draw, expected.length));
    for (const id of ids) expect(quiz.questions.get(id)!.topic).toBe(topic);
  });
  it('draws nothing for a topic the module does not have', () => {
    expect(drawQuestionIds(quiz.list, quiz.config, 3, { pool: 'practice', topics: ['没有这个主题'] })).toEqual([]);
  });
});

describe('a scenario served step by step', () => {
  const scenarios = [...quizzes().values()].flatMap((q) => q.list).filter((q) => q.type === 'scenario');
  const sample = scenarios[0];
  if (sample?.type !== 'scenario') throw new Error('the banks need a scenario');
  const best = bestPaths(sample).path;

  it.each(scenarios.map((q) => [q.id, q] as const))('%s: before any reply only the first line is served, with no next, points or feedback', (_id, q) => {
    const shown = presentQuestion(q, 5);
    if (shown.type !== 'scenario' || q.type !== 'scenario') throw new Error('not a scenario');
    expect(shown.steps).toHaveLength(1);
    expect(shown.steps[0].customer).toBe(q.nodes.find((n) => n.id === q.start)!.customer);
    const json = JSON.stringify(shown);
    expect(json).not.toMatch(/"next"|"points"|"feedback"|"start"|"nodes"/);
    for (const n of q.nodes) if (n.id !== q.start) expect(json).not.toContain(n.customer);
  });
  it('serves one more line per reply along the path, and marks the end', () => {
    for (let i = 0; i <= best.length; i++) {
      const talk = presentTalk(sample, 5, best.slice(0, i));
      expect(talk.ended).toBe(i === best.length);
      expect(talk.steps).toHaveLength(i === best.length ? i : i + 1);
    }
  });
  it('shuffles each line’s replies the same way whatever path led there', () => {
    expect(presentTalk(sample, 8, best.slice(0, 1)).steps[0]).toEqual(presentTalk(sample, 8, []).steps[0]);
  });
});

describe('ids a learner sees say nothing about the answer', () => {
  const all = [...quizzes().values()].flatMap((q) => q.list);
  const ids = (q: (typeof all)[number]) =>
    q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id)
    : q.type === 'ordering' ? q.items.map((o) => o.id)
    : q.type === 'matching' ? [...q.left, ...q.right].map((o) => o.id)
    : q.nodes.flatMap((n) => n.choices.map((c) => c.id));
  it('every option, item and reply id of the delivered banks is an opaque hash, unique within its question', () => {
    for (const q of all) {
      const list = ids(q);
      for (const id of list) expect(id, q.id).toMatch(/^o[0-9a-f]{10}$/);
      expect(new Set(list).size, q.id).toBe(list.length);
    }
  });
  it('the same author id gets another opaque id in another question', () => {
    expect(opaqueId('conduct-001', 'a')).not.toBe(opaqueId('conduct-002', 'a'));
    expect(opaqueId('conduct-001', 'a')).toBe(opaqueId('conduct-001', 'a'));
  });
});
