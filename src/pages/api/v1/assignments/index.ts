import type { APIRoute } from 'astro';
import { z } from 'zod';
import { ASSIGNMENT_KINDS } from '../../../../../db/schema';
import { apiUser, handle } from '../../../../lib/server/api';
import { assignmentsOf, createAssignments } from '../../../../lib/server/assignments';
import { ServiceError } from '../../../../lib/server/errors';
import { readJson } from '../../../../lib/server/http';

const employeeNo = z.string().trim().min(1).max(32);
const input = z.object({
  employeeNos: z.array(employeeNo).min(1, 'assign.noEmployees').max(500),
  module: z.string().trim().min(1).max(64),
  kind: z.enum(ASSIGNMENT_KINDS, { message: 'assign.badKind' }),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'assign.badDate'),
  topics: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
});

/**
 * Assigns one module to the employees named: 201 with the assignments created and `skipped`, the
 * employees who already had that task open (never given it twice); 409 when all had; else nothing at all.
 */
export const POST: APIRoute = async (context) => {
  const user = apiUser(context);
  const body = await readJson(context.request, input);
  return handle(async () => {
    const { created, skipped } = await createAssignments(user, body);
    return { assignments: created, skipped };
  }, 201);
};

/** One employee's assignments (`?employeeNo=`), for whoever may read that employee's records. */
export const GET: APIRoute = async (context) => {
  const user = apiUser(context);
  const parsed = employeeNo.safeParse(context.url.searchParams.get('employeeNo') ?? '');
  if (!parsed.success) throw new ServiceError({ key: 'error.invalid_input', status: 400, code: 'invalid_input', params: { field: 'employeeNo' } });
  return handle(async () => ({ assignments: await assignmentsOf(user, parsed.data) }));
};
