import type { APIContext } from 'astro';
import type { z } from 'zod';
import { canReadHrData } from '../access';
import { checkBearer, type TokenScope } from '../api-tokens';
import { jsonError } from '../http';
import type { MessageKey } from '../../../i18n';

/**
 * Who may call an HR endpoint: a bearer token with the scope (integrations), or a signed-in HR or
 * admin user (the pages' downloads). A request that carries a token is judged by the token alone.
 * Returns a 401/403 JSON response, in the caller's language, when refused.
 */
export async function hrReader(context: APIContext, scope: TokenScope): Promise<Response | { via: 'token' | 'session' }> {
  const { t } = context.locals;
  const header = context.request.headers.get('authorization');
  if (header !== null) {
    const check = await checkBearer(header, scope);
    if (check.ok) return { via: 'token' };
    return jsonError(check.status, check.code, t(`hr.${check.code}`), check.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  }
  const user = context.locals.user;
  if (!user) return jsonError(401, 'token_missing', t('hr.token_missing'), { 'www-authenticate': 'Bearer' });
  if (!canReadHrData(user)) return jsonError(403, 'forbidden', t('hr.notHr'));
  return { via: 'session' };
}

/** Validates query parameters with a schema whose messages are catalogue keys; a 400 JSON in the caller's language otherwise. */
export function readQuery<S extends z.ZodType>(context: APIContext, schema: S): z.infer<S> | Response {
  const params = Object.fromEntries(context.url.searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.message as MessageKey;
  const message = context.locals.t(key);
  const field = issue.path.join('.');
  return jsonError(400, 'invalid_query', message === key ? `${field}: ${issue.message}` : message);
}
