import { eq, inArray } from 'drizzle-orm';
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

/** How long the caller must still wait (0 = may try now), the longer of the account's and the address's. */
export async function remainingWait(keys: { account: string; address: string }, now = Date.now()): Promise<number> {
  const db = await getDb();
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, [keys.account, keys.address]));
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now : 0)));
}

/** Counts a failed sign-in against both keys and sets their next allowed time. */
export async function recordFailure(keys: { account: string; address: string }, now = Date.now()): Promise<void> {
  const db = await getDb();
  for (const [key, free] of [
    [keys.account, AUTH.accountFreeFailures],
    [keys.address, AUTH.addressFreeFailures],
  ] as const) {
    const row = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
    const stale = !row || now - row.updatedAt.getTime() > AUTH.failureWindowMs;
    const failures = (stale ? 0 : row.failures) + 1;
    const wait = delayAfter(failures, free);
    const values = { failures, lockedUntil: wait ? new Date(now + wait) : null, updatedAt: new Date(now) };
    await db.insert(loginThrottle).values({ key, ...values }).onConflictDoUpdate({ target: loginThrottle.key, set: values });
  }
}

/** A successful sign-in clears the account's counter (the address keeps its own). */
export async function clearAccount(keys: { account: string }): Promise<void> {
  const db = await getDb();
  await db.delete(loginThrottle).where(eq(loginThrottle.key, keys.account));
}
