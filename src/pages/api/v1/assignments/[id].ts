import type { APIRoute } from 'astro';
import { z } from 'zod';
import { apiUser, handle } from '../../../../lib/server/api';
import { withdrawAssignment } from '../../../../lib/server/assignments';
import { ServiceError } from '../../../../lib/server/errors';

/** Withdraws an assignment; its record stays (status `withdrawn`). */
export const DELETE: APIRoute = async (context) => {
  const user = apiUser(context);
  const id = z.coerce.number().int().positive().max(2 ** 31).safeParse(context.params.id);
  if (!id.success) throw new ServiceError('assign.notFound', 404);
  return handle(async () => ({ assignment: await withdrawAssignment(user, id.data) }));
};
