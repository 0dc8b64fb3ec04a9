import { z } from 'zod';
import { baseQuestionSchema, duplicates, optionSchema, idSchema, type GradeResult } from './common';

/** Single choice: exactly one option is right. */
export const singleSchema = baseQuestionSchema
  .extend({
    type: z.literal('single'),
    options: z.array(optionSchema).min(3).max(6),
    answer: idSchema,
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    for (const d of duplicates(ids)) ctx.addIssue({ code: 'custom', message: `duplicate option id "${d}"` });
    if (!ids.includes(q.answer)) ctx.addIssue({ code: 'custom', message: `answer "${q.answer}" is not an option` });
  });
export type SingleQuestion = z.infer<typeof singleSchema>;

/** A learner's answer: the chosen option id. */
export const singleAnswerSchema = z.string().min(1).max(64);
export type SingleAnswer = z.infer<typeof singleAnswerSchema>;

/** Full credit for the right option, none otherwise. */
export function gradeSingle(q: SingleQuestion, answer: SingleAnswer): GradeResult {
  if (answer === q.answer) return { credit: 1, feedback: [{ kind: 'allRight' }] };
  const right = q.options.find((o) => o.id === q.answer)?.text ?? '';
  return { credit: 0, feedback: [{ kind: 'rightAnswer', texts: [right] }] };
}
