import { z } from 'zod';
import { baseQuestionSchema, duplicates, optionSchema, idSchema, roundCredit, unique, type GradeResult } from './common';

/** Multiple choice: several options are right; partial credit. */
export const multipleSchema = baseQuestionSchema
  .extend({
    type: z.literal('multiple'),
    options: z.array(optionSchema).min(4).max(8),
    answer: z.array(idSchema).min(2),
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    for (const d of duplicates(ids)) ctx.addIssue({ code: 'custom', message: `duplicate option id "${d}"` });
    for (const d of duplicates(q.answer)) ctx.addIssue({ code: 'custom', message: `answer lists "${d}" twice` });
    for (const a of q.answer)
      if (!ids.includes(a)) ctx.addIssue({ code: 'custom', message: `answer "${a}" is not an option` });
    if (q.answer.length >= ids.length) ctx.addIssue({ code: 'custom', message: 'not every option may be correct' });
  });
export type MultipleQuestion = z.infer<typeof multipleSchema>;

/** A learner's answer: the option ids picked (possibly none). */
export const multipleAnswerSchema = z.array(z.string().min(1).max(64)).max(16);
export type MultipleAnswer = z.infer<typeof multipleAnswerSchema>;

/**
 * Each right pick earns 1/(number right), each wrong pick costs as much, never below 0.
 * Repeated picks count once; unknown ids count as wrong picks.
 */
export function gradeMultiple(q: MultipleQuestion, answer: MultipleAnswer): GradeResult {
  const picks = unique(answer);
  const right = picks.filter((id) => q.answer.includes(id)).length;
  const wrong = picks.length - right;
  const credit = roundCredit((right - wrong) / q.answer.length);
  const missed = q.answer.length - right;
  if (credit === 1) return { credit, feedback: [{ kind: 'allRight' }] };
  const texts = q.options.filter((o) => q.answer.includes(o.id)).map((o) => o.text);
  return { credit, feedback: [{ kind: 'tally', right, wrong, missed }, { kind: 'rightAnswer', texts }] };
}
