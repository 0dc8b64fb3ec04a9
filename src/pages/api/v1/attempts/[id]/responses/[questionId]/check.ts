import type { APIRoute } from 'astro';
import { apiUser, handle, routeId } from '../../../../../../../lib/server/api';
import { checkResponse } from '../../../../../../../lib/server/attempts';

/**
 * "检查答案" in practice-like modes: the saved answer's credit, feedback, explanation, right answer
 * and lesson link; the question is then locked in this attempt. 400 in an assessment, 409 when checked.
 */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  const id = routeId(context.params.id);
  return handle(() => checkResponse(user, id, String(context.params.questionId)));
};
