import type { APIRoute } from 'astro';
import { apiUser, handle } from '../../../../lib/server/api';
import { assignmentsFor } from '../../../../lib/server/assignments';

/** The signed-in user's own assignments, overdue and open first. */
export const GET: APIRoute = async (context) => {
  const user = apiUser(context);
  return handle(async () => ({ assignments: await assignmentsFor(user.id) }));
};
