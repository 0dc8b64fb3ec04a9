import type { APIRoute } from 'astro';
import { deleteSessionTokenCookie } from '../lib/server/auth/cookies';
import { invalidateSession } from '../lib/server/auth/session';

/** Signs out (form POST from the layout) and returns to the sign-in page. */
export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.authSession) await invalidateSession(locals.authSession.id);
  deleteSessionTokenCookie(cookies);
  return redirect('/login?signedOut=1', 303);
};
