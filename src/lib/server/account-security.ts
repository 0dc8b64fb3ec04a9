import { and, eq, gt, inArray, ne } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { loginThrottle, sessions, trustedDevices, users } from '../../../db/schema';
import { audit } from './audit';
import { AUTH } from './auth/config';
import { forgetOtherDevices, unlockDevices } from './auth/devices';
import { passwordChangeKey, throttleKeys } from './auth/throttle';
import { ServiceError } from './errors';

/** How many other places (sessions still alive) a user is signed in, for the account page. */
export async function otherSessionCount(userId: number, sessionId: string, now = Date.now()): Promise<number> {
  const db = await getDb();
  const alive = and(gt(sessions.lastUsedAt, new Date(now - AUTH.idleTimeoutMs)), gt(sessions.createdAt, new Date(now - AUTH.absoluteLifetimeMs)));
  return db.$count(sessions, and(eq(sessions.userId, userId), ne(sessions.id, sessionId), alive));
}

/**
 * "Sign out other devices": ends every session of the user but this one and stops trusting every other
 * browser (their device cookies no longer bypass the account throttle), in one transaction with its
 * audit row. For someone who signed in on a shared PC and forgot to sign out, or fears their password
 * was seen. Returns what was ended.
 */
export async function signOutOtherDevices(userId: number, sessionId: string, keepDeviceIds: string[]): Promise<{ sessions: number; devices: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ended = await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, sessionId)));
    const devices = await forgetOtherDevices(tx, userId, keepDeviceIds);
    const result = { sessions: ended.rowsAffected, devices };
    await audit(userId, 'sessions.sign-out-others', `user:${userId}`, result, tx);
    return result;
  });
}

/** Whether strangers' failures currently hold an account back, for the admin's user page. */
export interface AccountLock {
  /** Seconds until the account's own throttle lets an unknown browser try again (0 = not locked). */
  accountSeconds: number;
  /** Trusted browsers of this account that are waiting out their own failures. */
  lockedDevices: number;
}

/** The account's lock state now. */
export async function accountLock(username: string, now = Date.now()): Promise<AccountLock> {
  const db = await getDb();
  const row = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, throttleKeys(username, '').account)).get();
  const lockedDevices = await db.$count(trustedDevices, and(inArray(trustedDevices.userId, db.select({ id: users.id }).from(users).where(eq(users.username, username))), gt(trustedDevices.lockedUntil, new Date(now))));
  return { accountSeconds: Math.max(0, Math.ceil(((row?.lockedUntil?.getTime() ?? 0) - now) / 1000)), lockedDevices };
}

/**
 * An admin lifts every sign-in lock on an account: the account's failure counter, its password-change
 * counter and its browsers' own counters, audited. The address counters stay: they protect the whole
 * office, not one account.
 */
export async function unlockAccount(actorId: number, userId: number): Promise<string> {
  const db = await getDb();
  const user = await db.select({ username: users.username }).from(users).where(eq(users.id, userId)).get();
  if (!user) throw new ServiceError('admin.users.notFound', 404);
  await db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(inArray(loginThrottle.key, [throttleKeys(user.username, '').account, passwordChangeKey(userId)]));
    await unlockDevices(tx, userId);
    await audit(actorId, 'user.unlock', `user:${userId}`, undefined, tx);
  });
  return user.username;
}
