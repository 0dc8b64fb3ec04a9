import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiUser, handle } from '../../../../lib/server/api';
import { DIRECT_START_MODES, startAttempt } from '../../../../lib/server/attempts';
import { readJson } from '../../../../lib/server/http';

const input = z.object({
  quizId: z.string().min(1).max(64),
  mode: z.enum(DIRECT_START_MODES),
});

/** Starts (or resumes) an attempt: 201 with the drawn questions, without answers. */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  const body = await readJson(context.request, input);
  return handle(async () => {
    const { attempt, resumed } = await startAttempt(user, body.quizId, body.mode);
    return { attempt, resumed };
  }, 201);
};
