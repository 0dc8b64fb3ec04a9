import { z } from 'zod';
import { gradeMatching, matchingAnswerSchema, matchingSchema, type MatchingQuestion } from './matching';
import { gradeMultiple, multipleAnswerSchema, multipleSchema } from './multiple';
import { gradeOrdering, orderingAnswerSchema, orderingSchema } from './ordering';
import { bestPaths, followPath, gradeScenario, scenarioAnswerSchema, scenarioSchema } from './scenario';
import { gradeSingle, singleAnswerSchema, singleSchema } from './single';
import type { GradeResult } from './common';

export { MANUAL_FILES, POOLS, type FeedbackLine, type GradeResult, type Option, type Pool } from './common';
export { bestPaths, scenarioGraphProblems } from './scenario';

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
 * Checks a learner's answer against the question: right shape, only ids the question offers, no
 * repeats, and for a scenario a path that follows the conversation. Returns a message a person
 * understands, or the answer.
 */
export function checkAnswer(q: Question, raw: unknown): { ok: true; answer: Answer } | { ok: false; message: string } {
  const parsed = answerSchemas[q.type].safeParse(raw);
  if (!parsed.success) return { ok: false, message: shapeMessage(q.type) };
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
      if (new Set(list).size !== list.length) return { ok: false, message: '同一选项不能重复出现。' };
      if (q.type === 'ordering' && list.length !== ids.length) return { ok: false, message: '请把所有条目都排好顺序后再保存。' };
      return { ok: true, answer: list };
    }
    case 'matching':
      return checkMatching(q, answer as Record<string, string>);
    case 'scenario': {
      const path = answer as string[];
      const { invalid } = followPath(q, path);
      return invalid ? { ok: false, message: `选项“${invalid}”不在这段对话的当前步骤中。` } : { ok: true, answer: path };
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

function unknownId(id: string) {
  return { ok: false as const, message: `选项“${id}”不属于这道题。` };
}

function shapeMessage(type: QuestionType): string {
  return {
    single: '这道单选题的答案应为一个选项。',
    multiple: '这道多选题的答案应为选项列表。',
    ordering: '这道排序题的答案应为排好顺序的条目列表。',
    matching: '这道配对题的答案应为“左项 → 右项”的对应关系。',
    scenario: '这道情景题的答案应为依次选择的回应列表。',
  }[type];
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
