import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiUser, handle } from '../../../../lib/server/api';
import { withdrawAssignment } from '../../../../lib/server/assignments';
import { jsonError } from '../../../../lib/server/http';

/** Withdraws an assignment; its record stays (status `withdrawn`). */
export const DELETE: APIRoute = async (context) => {
  const user = apiUser(context);
  if (user instanceof Response) return user;
  const id = z.coerce.number().int().positive().max(2 ** 31).safeParse(context.params.id);
  if (!id.success) return jsonError(404, 'assign.notFound', '找不到这项学习任务。');
  return handle(async () => ({ assignment: await withdrawAssignment(user, id.data) }));
};
