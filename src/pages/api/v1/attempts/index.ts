import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiUser, handle } from '../../../../lib/server/api';
import { startAttempt } from '../../../../lib/server/attempts';
import { readJson } from '../../../../lib/server/http';

const input = z.object({
  quizId: z.string().min(1, '请指定测验').max(64),
  mode: z.enum(['practice', 'assessment'], { message: 'mode 只能是 practice 或 assessment' }),
});
// Refreshers and spaced review start through their own services (assignments, review queue), which
// call startAttempt with their draw options; this public endpoint starts free practice and assessments.

/** Starts (or resumes) an attempt: 201 with the drawn questions, without answers. */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  const body = await readJson(context.request, input);
  return handle(async () => {
    const { attempt, resumed } = await startAttempt(user, body.quizId, body.mode);
    return { attempt, resumed };
  }, 201);
};
