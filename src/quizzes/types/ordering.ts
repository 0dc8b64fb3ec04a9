import { z } from 'zod';
import { baseQuestionSchema, duplicates, optionSchema, idSchema, roundCredit, unique, type GradeResult } from './common';

/** Ordering: put the items in the right sequence (e.g. the six complaint steps). */
export const orderingSchema = baseQuestionSchema
  .extend({
    type: z.literal('ordering'),
    items: z.array(optionSchema).min(3).max(10),
    answer: z.array(idSchema),
  })
  .superRefine((q, ctx) => {
    const ids = q.items.map((o) => o.id);
    for (const d of duplicates(ids)) ctx.addIssue({ code: 'custom', message: `duplicate item id "${d}"` });
    const sameSet = q.answer.length === ids.length && unique(q.answer).length === ids.length && q.answer.every((a) => ids.includes(a));
    if (!sameSet) ctx.addIssue({ code: 'custom', message: 'answer must list every item id exactly once' });
  });
export type OrderingQuestion = z.infer<typeof orderingSchema>;

/** A learner's answer: item ids in the order the learner put them. */
export const orderingAnswerSchema = z.array(z.string().min(1).max(64)).max(16);
export type OrderingAnswer = z.infer<typeof orderingAnswerSchema>;

/**
 * Credit is the share of item pairs the learner put in the right relative order, so one item out of
 * place costs a little, a reversed list everything. Unknown ids are ignored, repeats count once.
 */
export function gradeOrdering(q: OrderingQuestion, answer: OrderingAnswer): GradeResult {
  const rank = new Map(q.answer.map((id, i) => [id, i]));
  const given = unique(answer).filter((id) => rank.has(id));
  const n = q.answer.length;
  const pairs = (n * (n - 1)) / 2;
  let inOrder = 0;
  for (let i = 0; i < given.length; i++)
    for (let j = i + 1; j < given.length; j++) if (rank.get(given[i])! < rank.get(given[j])!) inOrder++;
  const credit = roundCredit(inOrder / pairs);
  if (credit === 1) return { credit, feedback: [{ kind: 'allRight' }] };
  const text = new Map(q.items.map((o) => [o.id, o.text]));
  return {
    credit,
    feedback: [
      { kind: 'pairsInOrder', inOrder, pairs },
      { kind: 'rightOrder', texts: q.answer.map((id) => text.get(id) ?? id) },
    ],
  };
}
