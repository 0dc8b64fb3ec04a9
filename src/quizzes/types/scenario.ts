import { z } from 'zod';
import { baseQuestionSchema, duplicates, idSchema, roundCredit, type FeedbackLine, type GradeResult } from './common';

const choiceSchema = z.object({
  id: idSchema,
  text: z.string().trim().min(1),
  points: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  feedback: z.string().trim().min(1),
  /** The node this choice leads to; none means the conversation ends here. */
  next: idSchema.optional(),
});

const nodeSchema = z.object({
  id: idSchema,
  customer: z.string().trim().min(1),
  choices: z.array(choiceSchema).min(2).max(4),
});

/** Branching scenario: customer lines, choices worth 0–2 points, leading on or ending the talk. */
export const scenarioSchema = baseQuestionSchema
  .extend({
    type: z.literal('scenario'),
    start: idSchema,
    nodes: z.array(nodeSchema).min(1).max(20),
  })
  .superRefine((q, ctx) => {
    for (const problem of scenarioGraphProblems(q)) ctx.addIssue({ code: 'custom', message: problem });
  });
export type ScenarioQuestion = z.infer<typeof scenarioSchema>;
type ScenarioGraph = Pick<ScenarioQuestion, 'start' | 'nodes'>;

/** A learner's answer: the choice ids along the path taken, from the start. */
export const scenarioAnswerSchema = z.array(z.string().min(1).max(64)).max(20);
export type ScenarioAnswer = z.infer<typeof scenarioAnswerSchema>;

/**
 * Everything that makes a scenario unplayable or unfair: duplicate ids, dangling `next`, nodes the
 * start never reaches, cycles (a talk that never ends) and ties for the best path.
 */
export function scenarioGraphProblems(q: ScenarioGraph): string[] {
  const problems: string[] = [];
  const nodes = new Map(q.nodes.map((n) => [n.id, n]));
  for (const d of duplicates(q.nodes.map((n) => n.id))) problems.push(`duplicate node id "${d}"`);
  for (const d of duplicates(q.nodes.flatMap((n) => n.choices.map((c) => c.id)))) problems.push(`duplicate choice id "${d}"`);
  if (!nodes.has(q.start)) return [...problems, `start "${q.start}" is not a node`];
  for (const n of q.nodes)
    for (const c of n.choices) if (c.next && !nodes.has(c.next)) problems.push(`choice "${c.id}" leads to missing node "${c.next}"`);
  if (problems.length) return problems;

  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return true;
    if (state.get(id) === 'open') return false;
    state.set(id, 'open');
    for (const c of nodes.get(id)!.choices) if (c.next && !visit(c.next)) return false;
    state.set(id, 'done');
    return true;
  };
  if (!visit(q.start)) return ['the conversation has a cycle, so it may never end'];
  for (const n of q.nodes) if (!state.has(n.id)) problems.push(`node "${n.id}" cannot be reached from the start`);
  const best = bestPaths(q);
  if (best.count !== 1) problems.push(`there are ${best.count} best paths; exactly one must be best`);
  return problems;
}

/** The best reachable total, how many paths reach it, and one of them (choice ids). */
export function bestPaths(q: ScenarioGraph): { points: number; count: number; path: string[] } {
  const nodes = new Map(q.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, { points: number; count: number; path: string[] }>();
  const solve = (id: string): { points: number; count: number; path: string[] } => {
    const cached = memo.get(id);
    if (cached) return cached;
    let result = { points: -1, count: 0, path: [] as string[] };
    for (const c of nodes.get(id)!.choices) {
      const rest = c.next ? solve(c.next) : { points: 0, count: 1, path: [] };
      const points = c.points + rest.points;
      if (points > result.points) result = { points, count: rest.count, path: [c.id, ...rest.path] };
      else if (points === result.points) result = { ...result, count: result.count + rest.count };
    }
    memo.set(id, result);
    return result;
  };
  return solve(q.start);
}

/** A node of a scenario: the customer's line and the replies offered to it. */
export type ScenarioNode = ScenarioQuestion['nodes'][number];
/** One reply the learner may give at a node. */
export type ScenarioChoice = ScenarioNode['choices'][number];

/**
 * Follows a path of choice ids from the start. Returns the nodes reached and the choices taken in
 * order, the node now waiting for a reply (none once the talk ended), or the first id that does not
 * belong where it stands (so the API can refuse it).
 */
export function followPath(q: ScenarioGraph, path: readonly string[]) {
  const nodes = new Map(q.nodes.map((n) => [n.id, n]));
  const taken: ScenarioChoice[] = [];
  const visited: ScenarioNode[] = [];
  let node: ScenarioNode | undefined = nodes.get(q.start);
  for (const id of path) {
    if (!node) return { taken, visited, current: undefined, ended: true, invalid: id };
    const choice = node.choices.find((c) => c.id === id);
    if (!choice) return { taken, visited, current: node, ended: false, invalid: id };
    visited.push(node);
    taken.push(choice);
    node = choice.next ? nodes.get(choice.next) : undefined;
  }
  return { taken, visited, current: node, ended: node === undefined, invalid: undefined as string | undefined };
}

/**
 * A saved conversation can only go on, never be taken back: the new path must start with the saved
 * one. Otherwise a learner could try every reply and watch the customer react (probing), which would
 * turn a scenario into a map of its own graph.
 */
export function extendsPath(saved: readonly string[], next: readonly string[]): boolean {
  return next.length >= saved.length && saved.every((id, i) => next[i] === id);
}

/**
 * For every node, the reply that opens the best conversation from there on (the first step of the
 * best remaining path), so a review can name the better reply at each step the learner reached.
 */
export function bestReplies(q: ScenarioGraph): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of q.nodes) {
    const path = bestPaths({ start: n.id, nodes: q.nodes }).path;
    if (path.length) out.set(n.id, path[0]);
  }
  return out;
}

/**
 * Points along the path taken against the best path's points. A path stops counting at the first
 * choice that does not belong; each choice's comment is returned in order, then the score line when
 * the path was not the best.
 */
export function gradeScenario(q: ScenarioQuestion, answer: ScenarioAnswer): GradeResult {
  const { taken } = followPath(q, answer);
  const best = bestPaths(q);
  const earned = taken.reduce((sum, c) => sum + c.points, 0);
  const credit = roundCredit(earned / best.points);
  const feedback: FeedbackLine[] = taken.map((c) => ({ kind: 'reply', text: c.feedback }));
  if (credit < 1) feedback.push({ kind: 'scenarioScore', earned, best: best.points });
  return { credit, feedback };
}
