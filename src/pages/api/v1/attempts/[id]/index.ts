import type { APIRoute } from 'astro';
import { apiUser, handle, routeId } from '../../../../../lib/server/api';
import { getAttempt } from '../../../../../lib/server/attempts';

/** The attempt as its owner may see it (with the review once submitted). */
export const GET: APIRoute = async (context) => {
  const user = apiUser(context);
  const id = routeId(context.params.id);
  return handle(() => getAttempt(user, id));
};
