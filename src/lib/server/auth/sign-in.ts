import { eq } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { users } from '../../../../db/schema';
import { audit } from '../audit';
import { verifyNothing, verifyPassword } from './password';
import { createSession, sweepExpiredSessions } from './session';
import { clearAccount, recordFailure, remainingWait, throttleKeys } from './throttle';

export type SignInResult =
  | { ok: true; token: string; userId: number; role: string; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' }
  /** The right password for a deactivated account: only someone who knows the password learns it is disabled. */
  | { ok: false; reason: 'disabled' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a username and password. Throttled callers are refused before any check; unknown users
 * and wrong passwords get the same answer in the same time (a deactivated account's password is
 * checked too, so it takes as long); the right password of a deactivated account is told so, and
 * counts neither as a failure nor as a success; otherwise success starts a new session.
 */
export async function signIn(input: { username: string; password: string; address: string }): Promise<SignInResult> {
  const keys = throttleKeys(input.username, input.address);
  const wait = await remainingWait(keys);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
  const db = await getDb();
  const user = await db.select().from(users).where(eq(users.username, input.username.trim().toLowerCase())).get();
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyNothing(input.password), false);
  if (!valid || !user) {
    await recordFailure(keys);
    return { ok: false, reason: 'invalid' };
  }
  if (!user.active) {
    await audit(user.id, 'sign-in.disabled', `user:${user.id}`);
    return { ok: false, reason: 'disabled' };
  }
  await clearAccount(keys);
  const { token } = await createSession(user.id);
  await audit(user.id, 'sign-in', `user:${user.id}`);
  await sweepExpiredSessions();
  return { ok: true, token, userId: user.id, role: user.role, mustChangePassword: user.mustChangePassword };
}
