import type { APIRoute } from 'astro';
import { z } from 'zod';
import { AUTH, PASSWORD } from '../../../lib/server/auth/config';
import { invalidateSession, sessionCookieOptions } from '../../../lib/server/auth/session';
import { signIn } from '../../../lib/server/auth/sign-in';
import { json, jsonError, readJson } from '../../../lib/server/http';

const credentials = z.object({
  username: z.string().trim().min(1, '请填写用户名').max(64),
  password: z.string().min(1, '请填写密码').max(PASSWORD.max),
});

/** Signs in with JSON `{username, password}`: 200 and the session cookie; 401, 403 (account disabled, right password) or 429 otherwise. */
export const POST: APIRoute = async ({ request, cookies, clientAddress }) => {
  const input = await readJson(request, credentials);
  if (input instanceof Response) return input;
  const result = await signIn({ ...input, address: clientAddress });
  if (!result.ok && result.reason === 'throttled')
    return jsonError(429, 'throttled', `登录失败次数过多，请 ${result.retryAfterSeconds} 秒后再试。`, { 'retry-after': String(result.retryAfterSeconds) });
  if (!result.ok && result.reason === 'disabled') return jsonError(403, 'account_disabled', '该账号已停用，请联系系统管理员。');
  if (!result.ok) return jsonError(401, 'invalid_credentials', '用户名或密码不正确。');
  cookies.set(AUTH.cookieName, result.token, sessionCookieOptions());
  return json({ user: { id: result.userId, role: result.role, mustChangePassword: result.mustChangePassword } });
};

/** Signs out: ends the session and clears the cookie. */
export const DELETE: APIRoute = async ({ locals, cookies }) => {
  if (!locals.authSession) return jsonError(401, 'not_signed_in', '当前没有登录。');
  await invalidateSession(locals.authSession.id);
  cookies.delete(AUTH.cookieName, { path: '/' });
  return new Response(null, { status: 204 });
};
