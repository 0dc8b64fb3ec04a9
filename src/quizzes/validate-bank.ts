import { questionSchema, type Question } from './types';
import { QUIZZES } from './quizzes';

/** A problem found in a bank, named by the question it is in. */
export interface BankProblem {
  module: string;
  id: string;
  message: string;
}

/**
 * Validates every bank: each question against its type's schema (answers exist, scenario graphs
 * end and have one best path), ids unique across banks, ids prefixed by their module, and every
 * `lesson` link resolving to a known anchor. `anchors` holds "module/lesson#anchor" strings.
 */
export function validateBanks(banks: Record<string, readonly unknown[]>, anchors: ReadonlySet<string>) {
  const problems: BankProblem[] = [];
  const questions: Record<string, Question[]> = {};
  const seen = new Map<string, string>();
  for (const [module, bank] of Object.entries(banks)) {
    if (!QUIZZES[module]) problems.push({ module, id: '-', message: 'no quiz is configured for this bank' });
    questions[module] = [];
    bank.forEach((raw, i) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? rawId : `#${i}`;
      const parsed = questionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push({ module, id, message: `${issue.path.join('.') || '(question)'}: ${issue.message}` });
        return;
      }
      const q = parsed.data;
      if (seen.has(q.id)) problems.push({ module, id, message: `id already used in ${seen.get(q.id)}` });
      seen.set(q.id, module);
      if (!q.id.startsWith(`${module}-`)) problems.push({ module, id, message: `id must start with "${module}-"` });
      if (!anchors.has(q.lesson)) problems.push({ module, id, message: `lesson anchor "${q.lesson}" does not exist` });
      questions[module].push(q);
    });
  }
  return { problems, questions };
}
