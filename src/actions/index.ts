import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { PASSWORD } from '../lib/server/auth/config';
import { clientAddressOf } from '../lib/server/auth/client-address';
import { readDeviceTokens, setDeviceCookie, setSessionTokenCookie } from '../lib/server/auth/cookies';
import { signOutOtherDevices } from '../lib/server/account-security';
import { deviceIds } from '../lib/server/auth/devices';
import { createSession } from '../lib/server/auth/session';
import { signIn as signInService } from '../lib/server/auth/sign-in';
import { changeOwnPassword } from '../lib/server/users';
import { admin } from './admin';
import { actingUser, actionError, refuse } from './errors';
import { learning } from './learning';
import { review } from './review';
import { tokens } from './tokens';
import { supervisor } from './supervisor';
import { assigned } from './assigned';

const credentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(PASSWORD.max),
});

export const server = {
  signIn: defineAction({
    accept: 'form',
    input: credentials,
    handler: async (input, { cookies, clientAddress, request }) => {
      const deviceTokens = readDeviceTokens(cookies);
      const address = clientAddressOf(clientAddress, request.headers.get('x-forwarded-for'));
      const result = await signInService({ ...input, address, deviceTokens });
      if (!result.ok && result.reason === 'throttled') throw actionError('login.throttled', 429, { seconds: result.retryAfterSeconds });
      if (!result.ok && result.reason === 'disabled') throw actionError('admin.signIn.disabled', 403);
      if (!result.ok) throw actionError('login.invalid', 401);
      setSessionTokenCookie(cookies, result.token);
      setDeviceCookie(cookies, deviceTokens, result.deviceToken);
      return { role: result.role, mustChangePassword: result.mustChangePassword };
    },
  }),
  changePassword: defineAction({
    accept: 'form',
    input: z
      .object({
        current: z.string().min(1).max(PASSWORD.max),
        next: z.string().min(PASSWORD.min, 'password.tooShort').max(PASSWORD.max, 'password.tooLong'),
        confirm: z.string().max(PASSWORD.max),
      })
      .refine((v) => v.next === v.confirm, { message: 'password.mismatch', path: ['confirm'] }),
    handler: async (input, { cookies, locals }) => {
      const user = actingUser(locals, 'changePassword');
      await changeOwnPassword(user.id, input.current, input.next).catch(refuse);
      const { token } = await createSession(user.id);
      setSessionTokenCookie(cookies, token);
      return { done: true };
    },
  }),
  /** Ends every other session of the signed-in user and stops trusting their other browsers. */
  signOutOthers: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, { cookies, locals }) => {
      const user = actingUser(locals, 'signOutOthers');
      return signOutOtherDevices(user.id, locals.authSession!.id, deviceIds(readDeviceTokens(cookies)));
    },
  }),
  admin,
  learning,
  tokens,
  supervisor,
  review,
  assigned,
};
