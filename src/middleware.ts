import { getActionContext } from 'astro:actions';
import { defineMiddleware, sequence } from 'astro:middleware';
import type { APIContext, MiddlewareHandler } from 'astro';
import { asLocale, translator } from './i18n';
import { actionVerdict, HOME, routeVerdict, usableDuringPasswordChange, type Verdict } from './lib/server/access';
import { AUTH } from './lib/server/auth/config';
import { deleteSessionTokenCookie } from './lib/server/auth/cookies';
import { validateSessionToken } from './lib/server/auth/session';
import { ServiceError } from './lib/server/errors';
import { checkActionBody, errorJson, errorPage, foreignOrigin } from './lib/server/http';
import { securityHeaders as headersFor } from './lib/server/security-headers';

/**
 * Every request passes these small steps in order; each does one thing and can be read alone.
 * The access decisions themselves live in src/lib/server/access.ts (the route and action tables).
 */

const PASSWORD_PAGE = '/account/password';

const isApi = (context: APIContext) => context.url.pathname.startsWith('/api/');

/** Sets the security headers on every response, and `no-store` on everything a signed-in user sees. */
const securityHeaders = defineMiddleware(async (context, next) => {
  const response = await next();
  const headers = headersFor({ signedIn: Boolean(context.locals.user), hasCsp: response.headers.has('content-security-policy') });
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // A response with immutable headers (e.g. Response.redirect): copy it.
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
});

/** Resolves the session cookie to `locals.user` / `locals.authSession`; a dead cookie is removed. */
const session = defineMiddleware(async ({ cookies, locals }, next) => {
  locals.user = null;
  locals.authSession = null;
  const token = cookies.get(AUTH.cookieName)?.value;
  if (token) {
    const found = await validateSessionToken(token);
    if (found) {
      locals.user = found.user;
      locals.authSession = found.session;
    } else deleteSessionTokenCookie(cookies);
  }
  return next();
});

/** Picks the language: the user's choice once signed in, else the `lang` cookie, else Chinese. */
const locale = defineMiddleware(({ cookies, locals }, next) => {
  locals.locale = locals.user ? locals.user.locale : asLocale(cookies.get('lang')?.value);
  locals.t = translator(locals.locale);
  return next();
});

/** A ServiceError thrown by any later step or route becomes JSON (API) or an error page, in the user's language. */
const serviceErrors = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (error) {
    if (!(error instanceof ServiceError)) {
      logCause(error);
      throw error;
    }
    return refusal(context, error);
  }
});

/**
 * Astro logs an unexpected error's stack, but drizzle keeps the database's own error (SQLITE_BUSY,
 * SQLITE_FULL, …) in `cause`, which the stack leaves out: log it beside, so the log says why.
 */
function logCause(error: unknown): void {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) console.error(`cause: ${(cause as { code?: string }).code ?? cause.name}: ${cause.message}`);
}

/**
 * JSON for the API, actions and any request carrying a token (an integration pulling
 * `/reports/*.csv` reads a code, not a page); an error page for people.
 */
function refusal(context: APIContext, error: ServiceError): Response {
  const { locals, request } = context;
  if (isApi(context) || context.url.pathname.startsWith('/_actions/') || request.headers.has('authorization')) return errorJson(error, locals.locale);
  return errorPage(error, locals.locale, locals.user ? HOME[locals.user.role] : '/');
}

/** The JSON API refuses writes another site's page sends (forms are covered by `security.checkOrigin`). */
const crossSite = defineMiddleware((context, next) => {
  const { request, url } = context;
  if (isApi(context) && request.method !== 'GET' && request.method !== 'HEAD' && foreignOrigin(request, url))
    throw new ServiceError({ key: 'error.cross_site', status: 403, code: 'cross_site' });
  return next();
});

/** The dotted name of the Astro Action this request calls (RPC `/_actions/x` or a form's `?_action=x`), if any. */
function actionName(context: APIContext): string | undefined {
  return getActionContext(context).action?.name;
}

/**
 * A user whose password was reset can do nothing but change it (and sign out, switch language):
 * pages send them to the password page, the API and actions answer 403.
 */
const mustChangePassword = defineMiddleware((context, next) => {
  const { locals, url, request } = context;
  if (!locals.user?.mustChangePassword) return next();
  const action = actionName(context);
  if (usableDuringPasswordChange(url.pathname, action)) return next();
  if (!isApi(context) && action === undefined && (request.method === 'GET' || request.method === 'HEAD')) return context.redirect(PASSWORD_PAGE);
  throw new ServiceError({ key: 'error.password_change_required', status: 403, code: 'password_change_required' });
});

/** Applies the access table: the route's audience, and the action's when a form or RPC calls one. */
const roleGuard = defineMiddleware((context, next) => {
  const { locals, url, request } = context;
  const action = actionName(context);
  const verdicts: Verdict[] = [];
  if (!url.pathname.startsWith('/_actions/')) verdicts.push(routeVerdict(url.pathname, locals.user, request.headers.has('authorization')));
  if (action !== undefined) verdicts.push(actionVerdict(action, locals.user));
  for (const verdict of verdicts) {
    if (verdict === 'unknown') throw new ServiceError({ key: 'error.unknown_action', status: 404, code: 'unknown_action' });
    if (verdict === 'sign-in') {
      if (isApi(context) || url.pathname.startsWith('/_actions/')) throw new ServiceError({ key: 'error.not_signed_in', status: 401, code: 'not_signed_in' });
      return context.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (verdict === 'forbidden') throw new ServiceError({ key: isApi(context) ? 'error.forbidden' : 'forbidden.body', status: 403, code: 'forbidden' });
  }
  return next();
});

/** An action's body must be a form within the size limit (see `checkActionBody`); checked once access is granted. */
const actionBody = defineMiddleware(async (context, next) => {
  if (context.request.method === 'POST' && actionName(context) !== undefined) await checkActionBody(context.request);
  return next();
});

export const onRequest: MiddlewareHandler = sequence(securityHeaders, session, locale, serviceErrors, crossSite, mustChangePassword, roleGuard, actionBody);
