import type { APIContext } from 'astro';
import type { z } from 'zod';
import { canReadHrData } from '../access';
import { checkBearer, type TokenScope } from '../api-tokens';
import { ServiceError } from '../errors';
import { queryRefusal } from './query';

const BEARER = { 'www-authenticate': 'Bearer' };

/**
 * Who may call an HR endpoint: a bearer token with the scope (integrations), or a signed-in HR or
 * admin user (the pages' downloads). A request that carries a token is judged by the token alone.
 * Throws a 401/403 ServiceError, which the middleware answers as JSON in the caller's language.
 */
export async function hrReader(context: APIContext, scope: TokenScope): Promise<{ via: 'token' | 'session' }> {
  const header = context.request.headers.get('authorization');
  if (header !== null) {
    const check = await checkBearer(header, scope);
    if (check.ok) return { via: 'token' };
    throw new ServiceError({ key: `hr.${check.code}`, status: check.status, code: check.code, headers: check.status === 401 ? BEARER : {} });
  }
  const user = context.locals.user;
  if (!user) throw new ServiceError({ key: 'hr.token_missing', status: 401, code: 'token_missing', headers: BEARER });
  if (!canReadHrData(user)) throw new ServiceError({ key: 'hr.notHr', status: 403, code: 'forbidden' });
  return { via: 'session' };
}

/** Validates query parameters with a schema whose messages are catalogue keys; a 400 `invalid_query` otherwise (`queryRefusal`). */
export function readQuery<S extends z.ZodType>(context: APIContext, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(context.url.searchParams));
  if (parsed.success) return parsed.data;
  throw queryRefusal(parsed.error);
}
