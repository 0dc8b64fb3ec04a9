import { z } from 'zod';
import { gradeMatching, matchingAnswerSchema, matchingSchema, type MatchingQuestion } from './matching';
import { gradeMultiple, multipleAnswerSchema, multipleSchema } from './multiple';
import { gradeOrdering, orderingAnswerSchema, orderingSchema } from './ordering';
import { bestPaths, followPath, gradeScenario, scenarioAnswerSchema, scenarioSchema } from './scenario';
import { gradeSingle, singleAnswerSchema, singleSchema } from './single';
import type { MessageKey } from '../../i18n';
import type { GradeResult } from './common';

export { MANUAL_FILES, POOLS, type FeedbackLine, type GradeResult, type Option, type Pool } from './common';
export { bestPaths } from './scenario';

/** Any question of the bank, told apart by `type`. */
export const questionSchema = z.discriminatedUnion('type', [
  singleSchema,
  multipleSchema,
  orderingSchema,
  matchingSchema,
  scenarioSchema,
]);

/** A question as authors write it in a bank. */
export type QuestionInput = z.input<typeof questionSchema>;
/** A validated question. */
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];

/** The JSON shape a learner's answer takes, per type. */
export type Answer = string | string[] | Record<string, string>;

const answerSchemas = {
  single: singleAnswerSchema,
  multiple: multipleAnswerSchema,
  ordering: orderingAnswerSchema,
  matching: matchingAnswerSchema,
  scenario: scenarioAnswerSchema,
} as const;

/**
 * Why an answer does not fit its question, as a catalogue key (`quiz.answer.*`) and its parameters,
 * so the attempt service can refuse it in the learner's language.
 */
export interface AnswerProblem {
  key: Extract<MessageKey, `quiz.answer.${string}`>;
  params: { option?: string };
}

/**
 * Checks a learner's answer against the question: right shape, only ids the question offers, no
 * repeats, and for a scenario a path that follows the conversation. Returns why not, or the answer.
 */
export function checkAnswer(q: Question, raw: unknown): { ok: true; answer: Answer } | { ok: false; problem: AnswerProblem } {
  const parsed = answerSchemas[q.type].safeParse(raw);
  if (!parsed.success) return refused(`quiz.answer.shape.${q.type}`);
  const answer = parsed.data;
  switch (q.type) {
    case 'single':
      return q.options.some((o) => o.id === answer) ? { ok: true, answer } : unknownId(String(answer));
    case 'multiple':
    case 'ordering': {
      const list = answer as string[];
      const ids = q.type === 'multiple' ? q.options.map((o) => o.id) : q.items.map((o) => o.id);
      const bad = list.find((id) => !ids.includes(id));
      if (bad) return unknownId(bad);
      if (new Set(list).size !== list.length) return refused('quiz.answer.repeated');
      if (q.type === 'ordering' && list.length !== ids.length) return refused('quiz.answer.orderIncomplete');
      return { ok: true, answer: list };
    }
    case 'matching':
      return checkMatching(q, answer as Record<string, string>);
    case 'scenario': {
      const path = answer as string[];
      const { invalid } = followPath(q, path);
      return invalid ? refused('quiz.answer.offPath', invalid) : { ok: true, answer: path };
    }
  }
}

function checkMatching(q: MatchingQuestion, answer: Record<string, string>) {
  const left = q.left.map((o) => o.id);
  const right = q.right.map((o) => o.id);
  for (const [l, r] of Object.entries(answer)) {
    if (!left.includes(l)) return unknownId(l);
    if (!right.includes(r)) return unknownId(r);
  }
  return { ok: true as const, answer };
}

function refused(key: AnswerProblem['key'], option?: string) {
  return { ok: false as const, problem: { key, params: option === undefined ? {} : { option } } };
}

function unknownId(id: string) {
  return refused('quiz.answer.unknownOption', id);
}

/** Grades a checked answer; pure, so the server and the tests grade alike. */
export function grade(q: Question, answer: Answer): GradeResult {
  switch (q.type) {
    case 'single':
      return gradeSingle(q, answer as string);
    case 'multiple':
      return gradeMultiple(q, answer as string[]);
    case 'ordering':
      return gradeOrdering(q, answer as string[]);
    case 'matching':
      return gradeMatching(q, answer as Record<string, string>);
    case 'scenario':
      return gradeScenario(q, answer as string[]);
  }
}

/** The full-credit answer in the shape the API accepts (for a scenario, the best path). */
export function correctAnswer(q: Question): Answer {
  return q.type === 'scenario' ? bestPaths(q).path : q.answer;
}
