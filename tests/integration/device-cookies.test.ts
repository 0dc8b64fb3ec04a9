import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, loginThrottle, sessions, trustedDevices } from '../../db/schema';
import { accountLock, otherSessionCount, signOutOtherDevices, unlockAccount } from '../../src/lib/server/account-security';
import { AUTH } from '../../src/lib/server/auth/config';
import { deviceIds, parseDeviceCookie, withDeviceToken } from '../../src/lib/server/auth/devices';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { createUser } from '../../src/lib/server/users';

const PASSWORD = 'a sentence I remember';

/** Signs in successfully from a fresh browser and returns its device token. */
async function trustedBrowser(username: string, address = '10.50.0.1'): Promise<string> {
  const result = await signIn({ username, password: PASSWORD, address });
  if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
  return result.deviceToken;
}

/** A stranger fails until the account is throttled, from many addresses (no address lock involved). */
async function lockOut(username: string) {
  for (let i = 0; i < AUTH.accountFreeFailures + 2; i++) await signIn({ username, password: 'guessing 123', address: `10.66.${i}.1` });
  expect(await signIn({ username, password: PASSWORD, address: '10.66.99.1' })).toMatchObject({ ok: false, reason: 'throttled' });
}

describe('device cookies (OWASP)', () => {
  it('a browser that signed in before still gets in while strangers keep the account locked', async () => {
    await createUser(null, { username: 'desk1', name: '前台', role: 'learner', password: PASSWORD });
    const device = await trustedBrowser('desk1');
    await lockOut('desk1');
    expect(await signIn({ username: 'desk1', password: PASSWORD, address: '10.50.0.1', deviceTokens: [device] })).toMatchObject({ ok: true, deviceToken: device });
    // Strangers stay locked: the owner's success on a trusted browser does not reset their counter.
    expect(await signIn({ username: 'desk1', password: PASSWORD, address: '10.66.200.1' })).toMatchObject({ reason: 'throttled' });
  });

  it('a trusted browser is not held back by a locked office address either', async () => {
    await createUser(null, { username: 'desk2', name: '前台二', role: 'learner', password: PASSWORD });
    const device = await trustedBrowser('desk2', '10.70.0.1');
    for (let i = 0; i < AUTH.addressFreeFailures + 1; i++) await signIn({ username: `nobody${i}`, password: 'guessing 123', address: '10.70.0.1' });
    expect(await signIn({ username: 'desk2', password: PASSWORD, address: '10.70.0.1' })).toMatchObject({ reason: 'throttled' });
    expect(await signIn({ username: 'desk2', password: PASSWORD, address: '10.70.0.1', deviceTokens: [device] })).toMatchObject({ ok: true });
  });

  it('wrong passwords on a trusted browser count against that browser only, with the same schedule', async () => {
    await createUser(null, { username: 'desk3', name: '前台三', role: 'learner', password: PASSWORD });
    const device = await trustedBrowser('desk3');
    for (let i = 0; i < AUTH.accountFreeFailures; i++) expect(await signIn({ username: 'desk3', password: 'typo typo', address: '10.50.0.3', deviceTokens: [device] })).toMatchObject({ reason: 'invalid' });
    expect(await signIn({ username: 'desk3', password: PASSWORD, address: '10.50.0.3', deviceTokens: [device] })).toMatchObject({ reason: 'throttled' });
    const db = await getDb();
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.key, 'account:desk3')).get()).toBeUndefined();
    // Another browser is not affected by this browser's typos.
    expect(await signIn({ username: 'desk3', password: PASSWORD, address: '10.50.0.4' })).toMatchObject({ ok: true });
  });

  it('a token of another account, a forged secret or a stale device is no trust at all', async () => {
    await createUser(null, { username: 'desk4', name: '前台四', role: 'learner', password: PASSWORD });
    await createUser(null, { username: 'desk5', name: '前台五', role: 'learner', password: PASSWORD });
    const other = await trustedBrowser('desk5');
    const own = await trustedBrowser('desk4');
    await lockOut('desk4');
    const [id] = own.split('.');
    const forged = `${id}.${'a'.repeat(48)}`;
    for (const tokens of [[other], [forged]]) expect(await signIn({ username: 'desk4', password: PASSWORD, address: '10.50.0.5', deviceTokens: tokens })).toMatchObject({ reason: 'throttled' });
    const db = await getDb();
    await db.update(trustedDevices).set({ lastUsedAt: new Date(Date.now() - AUTH.deviceLifetimeMs - 1000) }).where(eq(trustedDevices.id, id));
    expect(await signIn({ username: 'desk4', password: PASSWORD, address: '10.50.0.5', deviceTokens: [own] })).toMatchObject({ reason: 'throttled' });
  });

  it('a shared desk PC carries the tokens of its last few accounts, newest first', () => {
    const fresh = `${'k'.repeat(24)}.${'d'.repeat(48)}`;
    const tokens = Array.from({ length: AUTH.devicesPerBrowser }, (_, i) => `${'abcdefg'[i].repeat(24)}.${'z'.repeat(48)}`);
    const cookie = tokens.join(',');
    expect(parseDeviceCookie(cookie)).toEqual(tokens);
    expect(parseDeviceCookie(`junk,${tokens[0]},<script>`)).toEqual([tokens[0]]);
    const next = withDeviceToken(tokens, fresh);
    expect(next.split(',')).toHaveLength(AUTH.devicesPerBrowser);
    expect(next.split(',')[0]).toBe(fresh);
    expect(next).not.toContain(tokens.at(-1));
    expect(withDeviceToken(tokens, tokens[2]).split(',')).toEqual([tokens[2], tokens[0], tokens[1], tokens[3], tokens[4]]);
    expect(deviceIds(tokens.slice(0, 1))).toEqual(['a'.repeat(24)]);
  });
});

describe('an admin unlocks an account', () => {
  it('clears the account and its browsers’ locks, audited; the office address stays throttled', async () => {
    const db = await getDb();
    const id = await createUser(null, { username: 'locked1', name: '锁', role: 'learner', password: PASSWORD });
    const adminId = await createUser(null, { username: 'unlocker', name: '管', role: 'admin', password: PASSWORD });
    const device = await trustedBrowser('locked1');
    await lockOut('locked1');
    for (let i = 0; i < AUTH.accountFreeFailures; i++) await signIn({ username: 'locked1', password: 'typo typo', address: '10.50.0.9', deviceTokens: [device] });
    expect(await accountLock('locked1')).toMatchObject({ lockedDevices: 1 });
    expect((await accountLock('locked1')).accountSeconds).toBeGreaterThan(0);
    expect(await unlockAccount(adminId, id)).toBe('locked1');
    expect(await accountLock('locked1')).toEqual({ accountSeconds: 0, lockedDevices: 0 });
    expect(await signIn({ username: 'locked1', password: PASSWORD, address: '10.80.0.1' })).toMatchObject({ ok: true });
    const audited = await db.select().from(auditLog).where(eq(auditLog.action, 'user.unlock'));
    expect(audited.map((a) => [a.actorId, a.subject])).toContainEqual([adminId, `user:${id}`]);
    await expect(unlockAccount(adminId, 999_999)).rejects.toMatchObject({ status: 404 });
  });
});

describe('signing out other devices', () => {
  it('ends every other session and forgets every other browser, keeping this one', async () => {
    const db = await getDb();
    const id = await createUser(null, { username: 'roamer', name: '漫', role: 'learner', password: PASSWORD });
    const here = await signIn({ username: 'roamer', password: PASSWORD, address: '10.90.0.1' });
    const there = await signIn({ username: 'roamer', password: PASSWORD, address: '10.90.0.2' });
    const elsewhere = await signIn({ username: 'roamer', password: PASSWORD, address: '10.90.0.3' });
    if (!here.ok || !there.ok || !elsewhere.ok) throw new Error('sign-in failed');
    const hereSession = here.token.split('.')[0];
    expect(await otherSessionCount(id, hereSession)).toBe(2);
    expect(await signOutOtherDevices(id, hereSession, deviceIds([here.deviceToken]))).toEqual({ sessions: 2, devices: 2 });
    expect(await validateSessionToken(here.token)).not.toBeNull();
    expect(await validateSessionToken(there.token)).toBeNull();
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
    expect(await otherSessionCount(id, hereSession)).toBe(0);
    const devices = await db.select({ id: trustedDevices.id }).from(trustedDevices).where(eq(trustedDevices.userId, id));
    expect(devices.map((d) => d.id)).toEqual(deviceIds([here.deviceToken]));
    expect(await db.$count(sessions, eq(sessions.userId, id))).toBe(1);
    expect(await db.$count(auditLog, eq(auditLog.action, 'sessions.sign-out-others'))).toBeGreaterThan(0);
  });
});
