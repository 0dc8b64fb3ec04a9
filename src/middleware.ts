import { defineMiddleware } from 'astro:middleware';
import { AUTH } from './lib/server/auth/config';
import { validateSessionToken } from './lib/server/auth/session';
import { foreignOrigin, jsonError } from './lib/server/http';
import { asLocale, translator } from './i18n';

const PASSWORD_PAGE = '/account/password';

/**
 * Resolves the session cookie to `locals.user`, picks the language, refuses cross-site JSON
 * writes, and keeps a user whose password was reset on the password page until they change it.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const { cookies, locals, url, request } = context;
  locals.user = null;
  locals.authSession = null;
  const token = cookies.get(AUTH.cookieName)?.value;
  if (token) {
    const found = await validateSessionToken(token);
    if (found) {
      locals.user = found.user;
      locals.authSession = found.session;
    } else cookies.delete(AUTH.cookieName, { path: '/' });
  }
  locals.locale = locals.user ? locals.user.locale : asLocale(cookies.get('lang')?.value);
  locals.t = translator(locals.locale);

  const isApi = url.pathname.startsWith('/api/');
  if (isApi && request.method !== 'GET' && request.method !== 'HEAD' && foreignOrigin(request, url)) {
    return jsonError(403, 'cross_site', '拒绝跨站请求：请从本站页面操作。');
  }
  const mustChange = locals.user?.mustChangePassword;
  if (mustChange && !isApi && request.method === 'GET' && url.pathname !== PASSWORD_PAGE && !url.pathname.startsWith('/_')) {
    return context.redirect(PASSWORD_PAGE);
  }
  return next();
});
