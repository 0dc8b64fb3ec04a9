import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Question } from './types';
import type { QuizConfig } from './quizzes';

type Rng = ReturnType<typeof xoroshiro128plus>;

/** A seeded shuffle (Fisher–Yates), so an attempt's draw and option order can be replayed from its seed. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A generator for one purpose of one attempt: the seed plus a label, so each question shuffles alike on every reload. */
export function rngFor(seed: number, label = ''): Rng {
  let h = seed | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x9e3779b1);
  return xoroshiro128plus(h);
}

/**
 * Draws the attempt's question ids: scenarios first up to the quiz's minimum, then round-robin
 * across topics so no topic crowds the others out, then shuffled into the order shown.
 */
export function drawQuestionIds(bank: readonly Question[], quiz: QuizConfig, seed: number): string[] {
  const rng = rngFor(seed, 'draw');
  const count = Math.min(quiz.draw, bank.length);
  const scenarios = shuffle(bank.filter((q) => q.type === 'scenario'), rng).slice(0, Math.min(quiz.minScenarios, count));
  const picked = new Set(scenarios.map((q) => q.id));
  const byTopic = new Map<string, Question[]>();
  for (const q of shuffle(bank, rng)) {
    if (picked.has(q.id)) continue;
    byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  }
  const queues = shuffle([...byTopic.values()], rng);
  while (picked.size < count) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && picked.size < count) picked.add(next.id);
    }
  }
  return shuffle([...picked], rng);
}

/** A question as the learner receives it: no answers, points, feedback or explanation; options shuffled. */
export type PublicQuestion =
  | { id: string; type: 'single' | 'multiple'; topic: string; prompt: string; options: { id: string; text: string }[] }
  | { id: string; type: 'ordering'; topic: string; prompt: string; items: { id: string; text: string }[] }
  | {
      id: string;
      type: 'matching';
      topic: string;
      prompt: string;
      left: { id: string; text: string }[];
      right: { id: string; text: string }[];
    }
  | {
      id: string;
      type: 'scenario';
      topic: string;
      prompt: string;
      start: string;
      nodes: { id: string; customer: string; choices: { id: string; text: string; next?: string }[] }[];
    };

/** Strips what would give the answer away and shuffles choices with the attempt's seed. */
export function presentQuestion(q: Question, seed: number): PublicQuestion {
  const rng = rngFor(seed, q.id);
  const base = { id: q.id, topic: q.topic, prompt: q.prompt };
  const plain = (o: { id: string; text: string }) => ({ id: o.id, text: o.text });
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { ...base, type: q.type, options: shuffle(q.options.map(plain), rng) };
    case 'ordering':
      return { ...base, type: 'ordering', items: shuffle(q.items.map(plain), rng) };
    case 'matching':
      return { ...base, type: 'matching', left: q.left.map(plain), right: shuffle(q.right.map(plain), rng) };
    case 'scenario':
      return {
        ...base,
        type: 'scenario',
        start: q.start,
        nodes: q.nodes.map((n) => ({
          id: n.id,
          customer: n.customer,
          choices: shuffle(
            n.choices.map((c) => ({ id: c.id, text: c.text, ...(c.next ? { next: c.next } : {}) })),
            rng,
          ),
        })),
      };
  }
}
