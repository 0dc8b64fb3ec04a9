import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { loginThrottle, sessions } from '../../db/schema';
import { AUTH } from '../../src/lib/server/auth/config';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { delayAfter } from '../../src/lib/server/auth/throttle';
import { ServiceError } from '../../src/lib/server/errors';
import { changeOwnPassword, createUser } from '../../src/lib/server/users';

let userId: number;
const PASSWORD = 'a sentence I remember';

beforeAll(async () => {
  userId = await createUser(null, { username: 'Mei', name: '美', role: 'learner', password: PASSWORD });
});

describe('sessions', () => {
  it('issue an id.secret token and store only a hash of the secret', async () => {
    const { token } = await createSession(userId);
    const [id, secret] = token.split('.');
    expect(secret.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits of base32
    const db = await getDb();
    const row = await db.select().from(sessions).where(eq(sessions.id, id)).get();
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.secretHash).not.toContain(secret);
    expect((await validateSessionToken(token))?.user.id).toBe(userId);
  });
  it('reject a tampered, malformed or unknown token', async () => {
    const { token } = await createSession(userId);
    const tampered = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    for (const bad of [tampered, 'nonsense', '', `${token}.extra`, `aaaaaaaaaaaaaaaaaaaaaaaa.${'b'.repeat(48)}`])
      expect(await validateSessionToken(bad)).toBeNull();
  });
  it('end after the idle timeout and after the absolute lifetime', async () => {
    const db = await getDb();
    const idle = await createSession(userId);
    await db.update(sessions).set({ lastUsedAt: new Date(Date.now() - AUTH.idleTimeoutMs - 1000) }).where(eq(sessions.id, idle.session.id));
    expect(await validateSessionToken(idle.token)).toBeNull();
    const old = await createSession(userId);
    await db.update(sessions).set({ createdAt: new Date(Date.now() - AUTH.absoluteLifetimeMs - 1000) }).where(eq(sessions.id, old.session.id));
    expect(await validateSessionToken(old.token)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, old.session.id)).get()).toBeUndefined();
  });
  it('never expose the password hash to pages', async () => {
    const { token } = await createSession(userId);
    expect(await validateSessionToken(token)).not.toHaveProperty('user.passwordHash');
  });
});

describe('signing in', () => {
  it('starts a new session each time and accepts the username in any case', async () => {
    const a = await signIn({ username: 'mei', password: PASSWORD, address: '10.0.0.1' });
    const b = await signIn({ username: ' MEI ', password: PASSWORD, address: '10.0.0.1' });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.token).not.toBe(b.token);
  });
  it('answers an unknown user exactly like a wrong password', async () => {
    expect(await signIn({ username: 'ghost', password: 'whatever1', address: '10.0.0.2' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn({ username: 'mei', password: 'whatever1', address: '10.0.0.2' })).toEqual({ ok: false, reason: 'invalid' });
  });
  it('throttles an account with growing delays that survive in the database', async () => {
    await createUser(null, { username: 'target', name: 't', role: 'learner', password: PASSWORD });
    for (let i = 0; i < AUTH.accountFreeFailures; i++) await signIn({ username: 'target', password: 'wrong-one', address: `10.1.0.${i}` });
    const refused = await signIn({ username: 'target', password: PASSWORD, address: '10.1.1.1' });
    expect(refused).toMatchObject({ ok: false, reason: 'throttled' });
    const db = await getDb();
    const row = await db.select().from(loginThrottle).where(eq(loginThrottle.key, 'account:target')).get();
    expect(row?.failures).toBe(AUTH.accountFreeFailures);
    expect(delayAfter(AUTH.accountFreeFailures + 1, AUTH.accountFreeFailures)).toBeGreaterThan(delayAfter(AUTH.accountFreeFailures, AUTH.accountFreeFailures));
    expect(delayAfter(100, AUTH.accountFreeFailures)).toBe(AUTH.maxDelayMs);
  });
  it('throttles an address that tries many accounts', async () => {
    for (let i = 0; i < AUTH.addressFreeFailures; i++) await signIn({ username: `spray${i}`, password: 'wrong-one', address: '10.9.9.9' });
    expect(await signIn({ username: 'mei', password: PASSWORD, address: '10.9.9.9' })).toMatchObject({ reason: 'throttled' });
    expect(await signIn({ username: 'mei', password: PASSWORD, address: '10.9.9.10' })).toMatchObject({ ok: true });
  });
});

describe('changing one’s password', () => {
  it('requires the current password and ends every session', async () => {
    const id = await createUser(null, { username: 'changer', name: 'c', role: 'learner', password: PASSWORD });
    const { token } = await createSession(id);
    await expect(changeOwnPassword(id, 'wrong current', 'new password 1')).rejects.toBeInstanceOf(ServiceError);
    expect(await validateSessionToken(token)).not.toBeNull();
    await changeOwnPassword(id, PASSWORD, 'new password 1');
    expect(await validateSessionToken(token)).toBeNull();
    expect(await signIn({ username: 'changer', password: 'new password 1', address: '10.2.0.1' })).toMatchObject({ ok: true });
  });
});
