import { z } from 'zod';

/** How a module's quiz is drawn and assessed. */
export const quizConfigSchema = z.object({
  id: z.string(),
  /** Questions drawn per attempt, balanced across the bank's topics. */
  draw: z.number().int().min(1),
  /** At least this many branching scenarios in each draw, when the bank has them. */
  minScenarios: z.number().int().min(0).default(1),
  /** Percent needed to pass. */
  passMark: z.number().min(0).max(100).default(80),
  /** Assessment time limit in minutes; practice is never timed. */
  timeLimitMinutes: z.number().int().positive().optional(),
  /** Assessment attempts allowed per learner; practice is unlimited. */
  assessmentAttempts: z.number().int().positive().optional(),
});
export type QuizConfig = z.infer<typeof quizConfigSchema>;

/** One quiz per module; tune draws, pass marks and limits here. */
export const QUIZZES: Record<string, QuizConfig> = Object.fromEntries(
  [
    { id: 'conduct', draw: 10, timeLimitMinutes: 20, assessmentAttempts: 3 },
    { id: 'language', draw: 12, minScenarios: 1, timeLimitMinutes: 25, assessmentAttempts: 3 },
    { id: 'reception-phone', draw: 12, timeLimitMinutes: 25, assessmentAttempts: 3 },
    { id: 'complaints', draw: 12, minScenarios: 1, timeLimitMinutes: 25, assessmentAttempts: 3 },
    { id: 'customer-types', draw: 12, minScenarios: 4, timeLimitMinutes: 30, assessmentAttempts: 3 },
    { id: 'communication', draw: 10, timeLimitMinutes: 20 },
    { id: 'desk-rules', draw: 10, timeLimitMinutes: 20, assessmentAttempts: 3 },
  ].map((q) => [q.id, quizConfigSchema.parse(q)]),
);
