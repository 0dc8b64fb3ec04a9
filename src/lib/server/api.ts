import type { APIContext } from 'astro';
import { z } from 'zod';
import type { SessionUser } from './auth/session';
import { ServiceError } from './errors';

/**
 * The signed-in user of an API call. The middleware has already answered 401/403 by the access
 * table; this narrows the type and keeps a route safe if its table entry were made public.
 */
export function apiUser(context: APIContext): SessionUser {
  if (!context.locals.user) throw new ServiceError({ key: 'error.not_signed_in', status: 401, code: 'not_signed_in' });
  return context.locals.user;
}

/** A positive integer id in a route; built once (a zod schema costs more to build than to run). */
const ROUTE_ID = z.coerce.number().int().positive().max(2 ** 31);

/** Parses a positive integer route id, or answers 404 (an attempt id that cannot exist). */
export function routeId(value: string | undefined): number {
  const parsed = ROUTE_ID.safeParse(value);
  if (!parsed.success) throw new ServiceError({ key: 'quiz.refusal.unknownAttempt', status: 404, code: 'unknown_attempt' });
  return parsed.data;
}

/**
 * Runs a service call and answers its result as JSON. Refusals (ServiceError) are not caught here:
 * they propagate to the middleware, which answers them once, in the caller's language.
 */
export async function handle<T>(work: () => Promise<T>, status = 200): Promise<Response> {
  return Response.json(await work(), { status });
}
