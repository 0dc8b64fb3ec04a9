import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { DIRECT_START_MODES, startAttempt } from '../lib/server/attempts';
import { markStudied } from '../lib/server/lessons';
import { actingUser, actionError, refuse } from './errors';

export const learning = {
  /** "Mark as studied": idempotent; a lesson that does not exist is refused. */
  markStudied: defineAction({
    accept: 'form',
    input: z.object({ module: z.string().max(64), lesson: z.string().max(96) }),
    handler: async ({ module, lesson }, { locals }) => {
      const user = actingUser(locals, 'learning.markStudied');
      const ok = await markStudied(user.id, module, lesson);
      if (!ok) throw actionError('notFound.body', 404);
      return { done: true };
    },
  }),
  /** Starts or resumes a practice or assessment attempt from the quiz page. */
  startQuiz: defineAction({
    accept: 'form',
    input: z.object({ quizId: z.string().max(64), mode: z.enum(DIRECT_START_MODES) }),
    handler: async ({ quizId, mode }, { locals }) => {
      const user = actingUser(locals, 'learning.startQuiz');
      const { attempt } = await startAttempt(user, quizId, mode).catch(refuse);
      return { attemptId: attempt.id };
    },
  }),
};
