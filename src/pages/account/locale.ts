import type { APIRoute } from 'astro';
import { z } from 'zod';
import { ServiceError } from '../../lib/server/errors';
import { readLimitedText, sameOriginPath } from '../../lib/server/http';
import { setLocale } from '../../lib/server/users';

const input = z.object({ locale: z.enum(['zh-CN', 'en']), next: z.string().max(512).optional() });
/** The language form is two short fields; anything longer is not it. */
const MAX_BYTES = 4 * 1024;
const refused = () => new ServiceError({ key: 'error.invalid_input', status: 400, code: 'invalid_input', params: { field: 'locale' } });

/**
 * Switches the interface language (kept per user, or in a cookie before sign-in) and goes back to a
 * page of this site. Only a small url-encoded form is read: another content type is 415, a body over
 * 4 KiB 413, a bad value 400 (never a 500 from a parser).
 */
export const POST: APIRoute = async ({ request, locals, cookies, redirect }) => {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new ServiceError({ key: 'error.unsupported_media_type', status: 415, code: 'unsupported_media_type' });
  const parsed = input.safeParse(Object.fromEntries(new URLSearchParams(await readLimitedText(request, MAX_BYTES))));
  if (!parsed.success) throw refused();
  const { locale, next } = parsed.data;
  cookies.set('lang', locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  if (locals.user) await setLocale(locals.user.id, locale);
  return redirect(sameOriginPath(next) ?? '/', 303);
};
