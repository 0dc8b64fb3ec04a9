import { describe, expect, it } from 'vitest';
import { quizzes } from '../../src/quizzes/catalog';
import { drawQuestionIds, presentQuestion } from '../../src/quizzes/delivery';

const quiz = quizzes().get('complaints')!;

describe('seeded delivery', () => {
  it('draws the same questions in the same order for the same seed', () => {
    expect(drawQuestionIds(quiz.list, quiz.config, 42)).toEqual(drawQuestionIds(quiz.list, quiz.config, 42));
  });
  it('draws different sets for different seeds', () => {
    const a = drawQuestionIds(quiz.list, quiz.config, 1).join();
    const b = drawQuestionIds(quiz.list, quiz.config, 2).join();
    expect(a).not.toBe(b);
  });
  it('draws the configured number of distinct questions, with the minimum of scenarios', () => {
    const ids = drawQuestionIds(quiz.list, quiz.config, 7);
    expect(ids).toHaveLength(quiz.config.draw);
    expect(new Set(ids).size).toBe(ids.length);
    const scenarios = ids.filter((id) => quiz.questions.get(id)!.type === 'scenario');
    expect(scenarios.length).toBeGreaterThanOrEqual(quiz.config.minScenarios);
  });
  it('spreads the draw across topics before repeating one', () => {
    const topics = new Set(quiz.list.map((q) => q.topic));
    const drawnTopics = new Set(drawQuestionIds(quiz.list, quiz.config, 9).map((id) => quiz.questions.get(id)!.topic));
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
