import { z } from 'zod';
import { baseQuestionSchema, duplicates, optionSchema, idSchema, roundCredit, type GradeResult } from './common';

/** Matching: pair each left item (a trigger phrase, a customer type) with a right one. */
export const matchingSchema = baseQuestionSchema
  .extend({
    type: z.literal('matching'),
    left: z.array(optionSchema).min(2).max(8),
    right: z.array(optionSchema).min(2).max(10),
    answer: z.record(idSchema, idSchema),
  })
  .superRefine((q, ctx) => {
    const left = q.left.map((o) => o.id);
    const right = q.right.map((o) => o.id);
    for (const d of duplicates([...left, ...right])) ctx.addIssue({ code: 'custom', message: `duplicate id "${d}"` });
    if (right.length < left.length) ctx.addIssue({ code: 'custom', message: 'right needs at least as many entries as left' });
    for (const l of left)
      if (!(l in q.answer)) ctx.addIssue({ code: 'custom', message: `answer has no match for "${l}"` });
    for (const [l, r] of Object.entries(q.answer)) {
      if (!left.includes(l)) ctx.addIssue({ code: 'custom', message: `answer key "${l}" is not a left id` });
      if (!right.includes(r)) ctx.addIssue({ code: 'custom', message: `answer value "${r}" is not a right id` });
    }
  });
export type MatchingQuestion = z.infer<typeof matchingSchema>;

/** A learner's answer: left id → right id, for the pairs made so far. */
export const matchingAnswerSchema = z.record(z.string().min(1).max(64), z.string().min(1).max(64));
export type MatchingAnswer = z.infer<typeof matchingAnswerSchema>;

/** Credit is the share of left items matched correctly; unknown keys earn nothing. */
export function gradeMatching(q: MatchingQuestion, answer: MatchingAnswer): GradeResult {
  const lefts = q.left.map((o) => o.id);
  const right = lefts.filter((l) => Object.hasOwn(answer, l) && answer[l] === q.answer[l]).length;
  const credit = roundCredit(right / lefts.length);
  if (credit === 1) return { credit, feedback: [{ kind: 'allRight' }] };
  const rText = new Map(q.right.map((o) => [o.id, o.text]));
  return {
    credit,
    feedback: [
      { kind: 'matched', right, of: lefts.length },
      { kind: 'rightPairs', pairs: q.left.map((l) => [l.text, rText.get(q.answer[l.id]) ?? ''] as [string, string]) },
    ],
  };
}
