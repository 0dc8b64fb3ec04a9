import type { APIRoute } from 'astro';
import { apiUser, handle, routeId } from '../../../../../lib/server/api';
import { submitAttempt } from '../../../../../lib/server/attempts';

/** Grades the attempt on the server; a second submit gets 409. */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  if (user instanceof Response) return user;
  const id = routeId(context.params.id);
  if (id instanceof Response) return id;
  return handle(() => submitAttempt(user, id));
};
