import type { APIContext } from 'astro';
import { z } from 'zod';
import { AttemptError } from './attempts';
import type { SessionUser } from './auth/session';
import { jsonError } from './http';
import { ServiceError } from './users';
import { translator, type MessageKey } from '../../i18n';

const zh = translator('zh-CN');

/** The signed-in user of an API call, or a 401 JSON response. */
export function apiUser(context: APIContext): SessionUser | Response {
  return context.locals.user ?? jsonError(401, 'not_signed_in', '请先登录。');
}

/** Parses a positive integer route id, or answers 404. */
export function routeId(value: string | undefined): number | Response {
  const parsed = z.coerce.number().int().positive().max(2 ** 31).safeParse(value);
  return parsed.success ? parsed.data : jsonError(404, 'unknown_attempt', '找不到这次答题记录。');
}

/** Runs a service call and turns its refusals into 4xx JSON. */
export async function handle<T>(work: () => Promise<T>, status = 200): Promise<Response> {
  try {
    return Response.json(await work(), { status });
  } catch (error) {
    if (error instanceof AttemptError) return jsonError(error.status, error.code, error.message);
    if (error instanceof ServiceError) return jsonError(error.status, error.code, zh(error.code as MessageKey, error.params));
    throw error;
  }
}
