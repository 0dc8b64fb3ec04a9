import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ATTEMPT_MODES } from '../../db/schema';
import { followPath, type ScenarioQuestion } from './types/scenario';
import type { Pool } from './types/common';
import type { Question } from './types';
import type { QuizConfig } from './quizzes';

type Rng = ReturnType<typeof xoroshiro128plus>;

/** A seeded shuffle (Fisher–Yates), so an attempt's draw and option order can be replayed from its seed. */
function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A generator for one purpose of one attempt: the seed plus a label, so each question shuffles alike on every reload. */
function rngFor(seed: number, label = ''): Rng {
  let h = seed | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x9e3779b1);
  return xoroshiro128plus(h);
}

/**
 * Which questions a draw may take from: the pool (assessment items only ever in assessments,
 * practice items everywhere else) and, for a refresher, the weak topics it targets.
 */
export interface DrawSpec {
  pool: Pool;
  /** Only these topics (a refresher's weak topics); all topics when absent or empty. */
  topics?: readonly string[];
  /** Ids the learner met in earlier attempts of this kind; drawn only when new ones run out. */
  seen?: ReadonlySet<string>;
}

/** The attempt modes: the one list, `ATTEMPT_MODES` in db/schema.ts. */
export type AttemptMode = (typeof ATTEMPT_MODES)[number];

/**
 * The pool an attempt mode draws from. Only an assessment sees assessment items; practice,
 * refreshers and spaced review are practice-like and see practice items only.
 */
export function poolForMode(mode: AttemptMode): Pool {
  return mode === 'assessment' ? 'assessment' : 'practice';
}

/** The questions of a bank a draw may use: in the spec's pool and, if it names topics, of those topics. */
export function eligibleQuestions(bank: readonly Question[], spec: DrawSpec): Question[] {
  const topics = spec.topics?.length ? new Set(spec.topics) : null;
  return bank.filter((q) => q.pool === spec.pool && (!topics || topics.has(q.topic)));
}

/**
 * Draws the attempt's question ids from the questions the spec allows: scenarios first up to the
 * quiz's minimum, then round-robin across topics so no topic crowds the others out, then shuffled
 * into the order shown. Items the learner has not met (`spec.seen`) come before those they have, at
 * each step, so a retake measures the learner rather than their memory of the last review. Never
 * returns an id outside `eligibleQuestions(bank, spec)`.
 */
export function drawQuestionIds(bank: readonly Question[], quiz: Pick<QuizConfig, 'draw' | 'minScenarios'>, seed: number, spec: DrawSpec): string[] {
  const pool = eligibleQuestions(bank, spec);
  const rng = rngFor(seed, 'draw');
  const count = Math.min(quiz.draw, pool.length);
  const seen = spec.seen ?? new Set<string>();
  const isNew = (q: Question) => !seen.has(q.id);
  const shuffledScenarios = shuffle(pool.filter((q) => q.type === 'scenario'), rng);
  const scenarios = [...shuffledScenarios.filter(isNew), ...shuffledScenarios.filter((q) => !isNew(q))].slice(0, Math.min(quiz.minScenarios, count));
  const picked = new Set(scenarios.map((q) => q.id));
  const rest = shuffle(pool, rng).filter((q) => !picked.has(q.id));
  for (const group of [rest.filter(isNew), rest.filter((q) => !isNew(q))]) {
    if (group.length === 0) continue;
    const byTopic = new Map<string, Question[]>();
    for (const q of group) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
    const queues = shuffle([...byTopic.values()], rng);
    while (picked.size < count && queues.some((queue) => queue.length > 0)) {
      for (const queue of queues) {
        const next = queue.shift();
        if (next && picked.size < count) picked.add(next.id);
      }
    }
  }
  return shuffle([...picked], rng);
}

/** A reply offered to the learner: its id (what the API takes) and its words; never its points or where it leads. */
export interface PublicChoice {
  id: string;
  text: string;
}

/** One customer line the learner has reached, with the replies offered to it (shuffled per attempt). */
export interface PublicStep {
  customer: string;
  choices: PublicChoice[];
}

/**
 * A scenario as far as the learner has gone: the steps reached along the saved path (one per reply
 * given, plus the line now waiting for a reply unless the talk ended). Unreached lines, points and
 * where a reply leads are never in it.
 */
export interface PublicTalk {
  steps: PublicStep[];
  ended: boolean;
}

/** A question as the learner receives it: no answers, points, feedback or explanation; options shuffled. */
export type PublicQuestion =
  | { id: string; type: 'single' | 'multiple'; topic: string; prompt: string; options: PublicChoice[] }
  | { id: string; type: 'ordering'; topic: string; prompt: string; items: PublicChoice[] }
  | { id: string; type: 'matching'; topic: string; prompt: string; left: PublicChoice[]; right: PublicChoice[] }
  | ({ id: string; type: 'scenario'; topic: string; prompt: string } & PublicTalk);

/**
 * The reached part of a conversation after `path` (a valid prefix is followed; anything after an
 * invalid id is ignored). Each node's replies are shuffled with the attempt's seed, the same on every
 * reload whatever path led there.
 */
export function presentTalk(q: ScenarioQuestion, seed: number, path: readonly string[]): PublicTalk {
  const { visited, current } = followPath(q, path);
  const reached = current ? [...visited, current] : visited;
  return {
    steps: reached.map((n) => ({
      customer: n.customer,
      choices: shuffle(n.choices.map(plain), rngFor(seed, `${q.id}/${n.id}`)),
    })),
    ended: current === undefined,
  };
}

const plain = (o: { id: string; text: string }): PublicChoice => ({ id: o.id, text: o.text });

/**
 * Strips what would give the answer away and shuffles options with the attempt's seed. A scenario
 * shows only what the saved path (`saved`) has reached.
 */
export function presentQuestion(q: Question, seed: number, saved?: unknown): PublicQuestion {
  const rng = rngFor(seed, q.id);
  const base = { id: q.id, topic: q.topic, prompt: q.prompt };
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { ...base, type: q.type, options: shuffle(q.options.map(plain), rng) };
    case 'ordering':
      return { ...base, type: 'ordering', items: shuffle(q.items.map(plain), rng) };
    case 'matching':
      return { ...base, type: 'matching', left: q.left.map(plain), right: shuffle(q.right.map(plain), rng) };
    case 'scenario':
      return { ...base, type: 'scenario', ...presentTalk(q, seed, Array.isArray(saved) ? saved.filter((x) => typeof x === 'string') : []) };
  }
}
