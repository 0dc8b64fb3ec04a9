import type { APIRoute } from 'astro';
import { apiUser, handle, routeId } from '../../../../../lib/server/api';
import { submitAttempt } from '../../../../../lib/server/attempts';

/** Grades the attempt on the server; a second submit gets 409. */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  const id = routeId(context.params.id);
  return handle(() => submitAttempt(user, id));
};
