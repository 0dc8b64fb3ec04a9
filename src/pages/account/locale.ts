import type { APIRoute } from 'astro';
import { z } from 'zod';
import { sameOriginPath } from '../../lib/server/http';
import { setLocale } from '../../lib/server/users';

const input = z.object({ locale: z.enum(['zh-CN', 'en']), next: z.string().max(512).optional() });

/** Switches the interface language (kept per user, or in a cookie before sign-in) and goes back. */
export const POST: APIRoute = async ({ request, locals, cookies, redirect }) => {
  const parsed = input.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response('语言参数无效 / Unknown language', { status: 400 });
  const { locale, next } = parsed.data;
  cookies.set('lang', locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  if (locals.user) await setLocale(locals.user.id, locale);
  const back = sameOriginPath(next) ?? '/';
  return redirect(back, 303);
};
