import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { loginThrottle } from '../../../../db/schema';
import { AUTH } from './config';

/** The throttle keys of one sign-in: the account named and the address it came from. */
export function throttleKeys(username: string, address: string) {
  return { account: `account:${username.trim().toLowerCase()}`, address: `address:${address}` };
}

/** Milliseconds to wait after `failures` failures, doubling past the free allowance, capped. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(AUTH.baseDelayMs * 2 ** (failures - free), AUTH.maxDelayMs);
}

/** How long the caller must still wait (0 = may try now), the longest over the keys given. */
export async function remainingWait(keys: { account: string; address?: string }, now = Date.now()): Promise<number> {
  const db = await getDb();
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, [keys.account, keys.address ?? keys.account]));
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now : 0)));
}

/**
 * Counts one failure against a key and sets its next allowed time, in one atomic upsert: concurrent
 * failures all count (no read-then-write window), and a counter older than the failure window
 * starts again from one. Returns the failures counted so far.
 */
export async function countFailure(key: string, free: number, now = Date.now()): Promise<number> {
  const db = await getDb();
  const staleBefore = now - AUTH.failureWindowMs;
  const failures = sql<number>`CASE WHEN ${loginThrottle.updatedAt} < ${staleBefore} THEN 1 ELSE ${loginThrottle.failures} + 1 END`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, lockedUntil: null, updatedAt: new Date(now) })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, updatedAt: new Date(now) } })
    .returning({ failures: loginThrottle.failures });
  const wait = delayAfter(row.failures, free);
  // Only the writer of this count sets its lock; a concurrent later failure sets its own, longer one.
  await db.update(loginThrottle).set({ lockedUntil: wait ? new Date(now + wait) : null }).where(and(eq(loginThrottle.key, key), eq(loginThrottle.failures, row.failures)));
  return row.failures;
}

/** Counts a failed sign-in against both the account and the address. */
export async function recordFailure(keys: { account: string; address: string }, now = Date.now()): Promise<void> {
  await countFailure(keys.account, AUTH.accountFreeFailures, now);
  await countFailure(keys.address, AUTH.addressFreeFailures, now);
}

/** The throttle key of one user's password changes: wrong current passwords count like failed sign-ins. */
export const passwordChangeKey = (userId: number) => `password-change:${userId}`;

/** A successful sign-in clears the account's counter (the address keeps its own). */
export async function clearAccount(keys: { account: string }): Promise<void> {
  const db = await getDb();
  await db.delete(loginThrottle).where(eq(loginThrottle.key, keys.account));
}
