import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiUser, handle, routeId } from '../../../../../../lib/server/api';
import { saveResponse } from '../../../../../../lib/server/attempts';
import { readJson } from '../../../../../../lib/server/http';

const input = z.object({ answer: z.unknown().refine((v) => v !== undefined) });

/** Saves one answer, never with feedback; a conversation answer returns the customer's next line (or that the talk ended). */
export const PUT: APIRoute = async (context) => {
  const user = apiUser(context);
  const id = routeId(context.params.id);
  const body = await readJson(context.request, input);
  return handle(() => saveResponse(user, id, String(context.params.questionId), body.answer));
};
