import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { AUTH, PASSWORD } from '../lib/server/auth/config';
import { createSession, sessionCookieOptions } from '../lib/server/auth/session';
import { signIn as signInService } from '../lib/server/auth/sign-in';
import { changeOwnPassword } from '../lib/server/users';
import { admin } from './admin';
import { refuse, signedIn } from './errors';
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
    handler: async (input, { cookies, clientAddress }) => {
      const result = await signInService({ ...input, address: clientAddress });
      if (!result.ok && result.reason === 'throttled')
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: `login.throttled:${result.retryAfterSeconds}` });
      if (!result.ok && result.reason === 'disabled') throw new ActionError({ code: 'FORBIDDEN', message: 'admin.signIn.disabled' });
      if (!result.ok) throw new ActionError({ code: 'UNAUTHORIZED', message: 'login.invalid' });
      cookies.set(AUTH.cookieName, result.token, sessionCookieOptions());
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
      const user = signedIn(locals);
      await changeOwnPassword(user.id, input.current, input.next).catch(refuse);
      const { token } = await createSession(user.id);
      cookies.set(AUTH.cookieName, token, sessionCookieOptions());
      return { done: true };
    },
  }),
  admin,
  learning,
  tokens,
  supervisor,
  review,
  assigned,
};
