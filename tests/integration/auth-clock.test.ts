import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { sessions, users } from '../../db/schema';
import { AUTH } from '../../src/lib/server/auth/config';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { countFailure, remainingWait } from '../../src/lib/server/auth/throttle';
import { person } from '../helpers/people';

/**
 * Sign-in's clocks at their edges, on the real database: the throttle through its `now` argument, and
 * sessions with the system clock set (validateSessionToken reads Date.now()). Expected waits are
 * written out in milliseconds, not recomputed from the settings, so a changed schedule shows here.
 */
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let keyNo = 0;
const freshKey = () => `account:clock-${++keyNo}`;

describe('the throttle schedule over time', () => {
  it.each([
    // [failures so far, wait after the last one (ms)] for an account: three free, then doubling
    [1, 0],
    [2, 0],
    [3, 1_000],
    [4, 2_000],
    [5, 4_000],
    [6, 8_000],
  ])('after %i quick failures of an account the wait is %i ms, and it runs out exactly then', async (failures, wait) => {
    const key = freshKey();
    let counted = 0;
    for (let i = 0; i < failures; i++) counted = await countFailure(key, AUTH.accountFreeFailures, T0 + i * SECOND);
    const last = T0 + (failures - 1) * SECOND;
    expect(counted).toBe(failures);
    expect(await remainingWait({ account: key }, last)).toBe(wait);
    expect(await remainingWait({ account: key }, last + wait / 2)).toBe(wait / 2);
    expect(await remainingWait({ account: key }, last + wait)).toBe(0);
    expect(await remainingWait({ account: key }, last + wait + SECOND)).toBe(0);
  });

  it('caps the wait at 15 minutes however many failures follow', async () => {
    const key = freshKey();
    for (let i = 0; i < 30; i++) await countFailure(key, AUTH.accountFreeFailures, T0 + i * SECOND);
    expect(await remainingWait({ account: key }, T0 + 29 * SECOND)).toBe(15 * MINUTE);
  });

  it.each([
    ['a minute after the last failure', MINUTE, 4],
    ['exactly the window after the last failure', HOUR, 4],
    ['a millisecond past the window', HOUR + 1, 1],
    ['a day later', 24 * HOUR, 1],
  ])('a failure %s counts as failure number %i', async (_when, gap, expected) => {
    const key = freshKey();
    for (let i = 0; i < 3; i++) await countFailure(key, AUTH.accountFreeFailures, T0 + i * SECOND);
    expect(await countFailure(key, AUTH.accountFreeFailures, T0 + 2 * SECOND + gap)).toBe(expected);
  });

  it('measures the window from the latest failure, so steady guessing never resets the count', async () => {
    const key = freshKey();
    let counted = 0;
    for (let i = 0; i < 5; i++) counted = await countFailure(key, AUTH.accountFreeFailures, T0 + i * 50 * MINUTE);
    expect(counted).toBe(5);
  });

  it('makes the caller wait for the longer of the account and the address', async () => {
    const account = freshKey();
    const address = `address:clock-${keyNo}`;
    for (let i = 0; i < 4; i++) await countFailure(account, AUTH.accountFreeFailures, T0);
    for (let i = 0; i < 22; i++) await countFailure(address, AUTH.addressFreeFailures, T0);
    expect(await remainingWait({ account }, T0)).toBe(2_000);
    expect(await remainingWait({ account, address }, T0)).toBe(4_000);
    expect(await remainingWait({ account: freshKey(), address }, T0 + 3_000)).toBe(1_000);
    expect(await remainingWait({ account: freshKey(), address: 'address:never-failed' }, T0)).toBe(0);
  });
});

describe('a session over time', () => {
  let userId: number;
  beforeAll(async () => {
    userId = (await person('learner')).id;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A new session created at T0, and a way to read its stored row. */
  async function sessionAtT0(owner = userId) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { token, session } = await createSession(owner);
    const db = await getDb();
    return { token, row: () => db.select().from(sessions).where(eq(sessions.id, session.id)).get() };
  }

  it.each([
    ['a moment later', SECOND, true, T0],
    ['exactly the touch interval later', MINUTE, true, T0],
    ['just past the touch interval', MINUTE + 1, true, T0 + MINUTE + 1],
    ['exactly the idle timeout later', 12 * HOUR, true, T0 + 12 * HOUR],
    ['just past the idle timeout', 12 * HOUR + 1, false, null],
  ])('used once %s: valid %s, last use stored as %s', async (_when, after, valid, storedLastUse) => {
    const { token, row } = await sessionAtT0();
    vi.setSystemTime(T0 + after);
    const result = await validateSessionToken(token);
    expect(result !== null).toBe(valid);
    expect((await row())?.lastUsedAt.getTime() ?? null).toBe(storedLastUse);
  });

  it('ends at the absolute lifetime even when used every few hours, and is deleted', async () => {
    const { token, row } = await sessionAtT0();
    for (let at = T0 + 11 * HOUR; at < T0 + 7 * 24 * HOUR; at += 11 * HOUR) {
      vi.setSystemTime(at);
      expect(await validateSessionToken(token), new Date(at).toISOString()).not.toBeNull();
    }
    vi.setSystemTime(T0 + 7 * 24 * HOUR);
    expect(await validateSessionToken(token)).not.toBeNull();
    vi.setSystemTime(T0 + 7 * 24 * HOUR + 1);
    expect(await validateSessionToken(token)).toBeNull();
    expect(await row()).toBeUndefined();
  });

  it('ends at once when its user is deactivated, and is deleted', async () => {
    const leaver = await person('learner');
    const { token, row } = await sessionAtT0(leaver.id);
    expect(await validateSessionToken(token)).not.toBeNull();
    const db = await getDb();
    await db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
    expect(await validateSessionToken(token)).toBeNull();
    expect(await row()).toBeUndefined();
  });
});
