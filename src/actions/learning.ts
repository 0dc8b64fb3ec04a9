import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { AttemptError, startAttempt } from '../lib/server/attempts';
import { markStudied } from '../lib/server/lessons';

export const learning = {
  /** "Mark as studied": idempotent; a lesson that does not exist is refused. */
  markStudied: defineAction({
    accept: 'form',
    input: z.object({ module: z.string().max(64), lesson: z.string().max(96) }),
    handler: async ({ module, lesson }, { locals }) => {
      if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'login.expired' });
      const ok = await markStudied(locals.user.id, module, lesson);
      if (!ok) throw new ActionError({ code: 'NOT_FOUND', message: 'notFound.body' });
      return { done: true };
    },
  }),
  /** Starts or resumes a practice or assessment attempt from the quiz page. */
  startQuiz: defineAction({
    accept: 'form',
    input: z.object({ quizId: z.string().max(64), mode: z.enum(['practice', 'assessment']) }),
    handler: async ({ quizId, mode }, { locals }) => {
      if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'login.expired' });
      try {
        const { attempt } = await startAttempt(locals.user, quizId, mode);
        return { attemptId: attempt.id };
      } catch (error) {
        if (error instanceof AttemptError) throw new ActionError({ code: error.status === 404 ? 'NOT_FOUND' : 'CONFLICT', message: error.message });
        throw error;
      }
    },
  }),
};
