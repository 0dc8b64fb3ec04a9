import type { APIRoute } from 'astro';
import { z } from 'zod';
import { PASSWORD } from '../../../lib/server/auth/config';
import { clientAddressOf } from '../../../lib/server/auth/client-address';
import { deleteSessionTokenCookie, readDeviceTokens, setDeviceCookie, setSessionTokenCookie } from '../../../lib/server/auth/cookies';
import { invalidateSession } from '../../../lib/server/auth/session';
import { signIn } from '../../../lib/server/auth/sign-in';
import { ServiceError } from '../../../lib/server/errors';
import { json, readJson } from '../../../lib/server/http';

const credentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(PASSWORD.max),
});

/** Signs in with JSON `{username, password}`: 200 and the session cookie; 401, 403 (account disabled, right password) or 429 otherwise. */
export const POST: APIRoute = async ({ request, cookies, clientAddress }) => {
  const input = await readJson(request, credentials);
  const deviceTokens = readDeviceTokens(cookies);
  const result = await signIn({ ...input, address: clientAddressOf(clientAddress, request.headers.get('x-forwarded-for')), deviceTokens });
  if (!result.ok && result.reason === 'throttled')
    throw new ServiceError({ key: 'login.throttled', status: 429, code: 'throttled', params: { seconds: result.retryAfterSeconds } });
  if (!result.ok && result.reason === 'disabled') throw new ServiceError({ key: 'admin.signIn.disabled', status: 403, code: 'account_disabled' });
  if (!result.ok) throw new ServiceError({ key: 'error.invalid_credentials', status: 401, code: 'invalid_credentials' });
  setSessionTokenCookie(cookies, result.token);
  setDeviceCookie(cookies, deviceTokens, result.deviceToken);
  return json({ user: { id: result.userId, role: result.role, mustChangePassword: result.mustChangePassword } });
};

/** Signs out: ends the session and clears the cookie. */
export const DELETE: APIRoute = async ({ locals, cookies }) => {
  if (!locals.authSession) throw new ServiceError({ key: 'error.not_signed_in', status: 401, code: 'not_signed_in' });
  await invalidateSession(locals.authSession.id);
  deleteSessionTokenCookie(cookies);
  return new Response(null, { status: 204 });
};
