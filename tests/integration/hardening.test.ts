import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { loginThrottle, sessions, users } from '../../db/schema';
import { AUTH } from '../../src/lib/server/auth/config';
import { createSession, sweepExpiredSessions, validateSessionToken } from '../../src/lib/server/auth/session';
import { countFailure, delayAfter } from '../../src/lib/server/auth/throttle';
import { sameOriginPath } from '../../src/lib/server/http';
import { changeOwnPassword, createTeam, createUser, resetPassword } from '../../src/lib/server/users';
import { runMiddleware } from '../helpers/middleware';
import { refusal } from '../helpers/refusal';

const PASSWORD = 'a sentence I remember';

describe('redirect targets', () => {
  it.each(['/', '/learn', '/quiz/desk-rules?mode=practice', '/team/KF101#scores', '/learn/search?q=%E9%A6%96'])('accepts the same-origin path %s', (path) => {
    expect(sameOriginPath(path)).toBe(path);
  });

  it.each([
    ['a backslash host', '/\\evil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['an encoded tab before a second slash', '/%09/evil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['a raw tab', '/\t/evil.example'],
    ['a control character', '/learn\u0000'],
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme without slashes', 'javascript:alert(1)'],
    ['a relative path', 'learn'],
    ['malformed percent-encoding', '/%E0%A4%A'],
    ['nothing', ''],
  ])('refuses %s', (_what, path) => {
    expect(sameOriginPath(path)).toBeNull();
  });
});

describe('the throttle schedule', () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, 1_000],
    [4, 2_000],
    [5, 4_000],
    [12, 512_000],
    [13, 900_000],
    [40, 900_000],
  ])('after %i failures of an account the wait is %i ms', (failures, wait) => {
    expect(delayAfter(failures, AUTH.accountFreeFailures)).toBe(wait);
  });

  it.each([
    [19, 0],
    [20, 1_000],
    [21, 2_000],
  ])('after %i failures from one address the wait is %i ms', (failures, wait) => {
    expect(delayAfter(failures, AUTH.addressFreeFailures)).toBe(wait);
  });

  it('counts every one of many simultaneous failures (one atomic upsert each)', async () => {
    await Promise.all(Array.from({ length: 25 }, () => countFailure('account:race', AUTH.accountFreeFailures)));
    const db = await getDb();
    const row = await db.select().from(loginThrottle).where(eq(loginThrottle.key, 'account:race')).get();
    expect(row?.failures).toBe(25);
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it('starts a stale counter again from one', async () => {
    const db = await getDb();
    const old = Date.now() - AUTH.failureWindowMs - 1_000;
    await db.insert(loginThrottle).values({ key: 'account:stale', failures: 9, lockedUntil: null, updatedAt: new Date(old) });
    expect(await countFailure('account:stale', AUTH.accountFreeFailures)).toBe(1);
  });
});

describe('sessions end and are swept', () => {
  let userId: number;
  beforeAll(async () => {
    userId = await createUser(null, { username: 'sweeper', name: '扫', role: 'learner', password: PASSWORD });
  });

  it.each([
    ['used a moment ago', 1_000, 0, true],
    ['unused for just under the idle timeout', AUTH.idleTimeoutMs - 60_000, 0, true],
    ['unused for longer than the idle timeout', AUTH.idleTimeoutMs + 1_000, 0, false],
    ['busy but older than the absolute lifetime', 1_000, AUTH.absoluteLifetimeMs + 1_000, false],
  ])('a session %s is valid: %s', async (_what, idleMs, ageMs, valid) => {
    const db = await getDb();
    const { token, session } = await createSession(userId);
    const now = Date.now();
    await db.update(sessions).set({ lastUsedAt: new Date(now - idleMs), createdAt: new Date(now - Math.max(ageMs, idleMs)) }).where(eq(sessions.id, session.id));
    expect((await validateSessionToken(token)) !== null).toBe(valid);
  });

  it('writes last use at most once a minute, so reads do not become writes', async () => {
    const db = await getDb();
    const { token, session } = await createSession(userId);
    const recent = new Date(Date.now() - AUTH.touchIntervalMs / 2);
    await db.update(sessions).set({ lastUsedAt: recent }).where(eq(sessions.id, session.id));
    await validateSessionToken(token);
    expect((await db.select().from(sessions).where(eq(sessions.id, session.id)).get())?.lastUsedAt).toEqual(recent);
    const stale = new Date(Date.now() - AUTH.touchIntervalMs * 2);
    await db.update(sessions).set({ lastUsedAt: stale }).where(eq(sessions.id, session.id));
    await validateSessionToken(token);
    expect((await db.select().from(sessions).where(eq(sessions.id, session.id)).get())!.lastUsedAt.getTime()).toBeGreaterThan(stale.getTime());
  });

  it('sweeps ended sessions in bounded batches and keeps live ones', async () => {
    const db = await getDb();
    const live = await createSession(userId);
    const ended: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { session } = await createSession(userId);
      await db.update(sessions).set({ lastUsedAt: new Date(Date.now() - AUTH.idleTimeoutMs - 5_000) }).where(eq(sessions.id, session.id));
      ended.push(session.id);
    }
    expect(await sweepExpiredSessions(Date.now(), 3)).toBe(3);
    expect(await sweepExpiredSessions(Date.now(), 3)).toBeGreaterThanOrEqual(2);
    const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    expect(left.map((r) => r.id)).toContain(live.session.id);
    for (const id of ended) expect(left.map((r) => r.id)).not.toContain(id);
  });
});

describe('passwords', () => {
  it('refuse the username itself and a password of spaces, for a change, a reset and a new account', async () => {
    const id = await createUser(null, { username: 'wang.li', name: '王力', role: 'learner', password: PASSWORD });
    expect((await refusal(changeOwnPassword(id, PASSWORD, 'Wang.Li'))).key).toBe('password.sameAsUsername');
    expect((await refusal(changeOwnPassword(id, PASSWORD, '          '))).key).toBe('password.blank');
    expect((await refusal(resetPassword(id, id, 'wang.li'))).key).toBe('password.sameAsUsername');
    expect((await refusal(createUser(null, { username: 'zhou.yu', name: '周瑜', role: 'learner', password: 'zhou.yu' }))).key).toBe('password.sameAsUsername');
  });

  it('refuse keeping the current password, so a first sign-in replaces the one an administrator passed on', async () => {
    const id = await createUser(null, { username: 'newbie', name: '新人', role: 'learner', password: PASSWORD, mustChangePassword: true });
    const db = await getDb();
    const before = await db.select().from(users).where(eq(users.id, id)).get();
    expect(await refusal(changeOwnPassword(id, PASSWORD, PASSWORD))).toMatchObject({ status: 400, key: 'password.sameAsCurrent' });
    expect(await db.select().from(users).where(eq(users.id, id)).get()).toEqual(before);
    await changeOwnPassword(id, PASSWORD, 'a sentence of my own');
    expect((await db.select().from(users).where(eq(users.id, id)).get())?.mustChangePassword).toBe(false);
  });

  it('throttle wrong current passwords like sign-ins, even when the right one follows', async () => {
    const id = await createUser(null, { username: 'guessed', name: '猜', role: 'learner', password: PASSWORD });
    for (let i = 0; i < AUTH.accountFreeFailures; i++) expect((await refusal(changeOwnPassword(id, `wrong ${i}`, 'a new long password'))).status).toBe(400);
    const throttled = await refusal(changeOwnPassword(id, PASSWORD, 'a new long password'));
    expect([throttled.status, throttled.code, throttled.key, throttled.params.seconds]).toEqual([429, 'throttled', 'password.throttled', 1]);
  });

  it('change the hash, end every session and write the audit row together', async () => {
    const id = await createUser(null, { username: 'changer', name: '改', role: 'learner', password: PASSWORD });
    const { token } = await createSession(id);
    await changeOwnPassword(id, PASSWORD, 'another good sentence');
    expect(await validateSessionToken(token)).toBeNull();
    const db = await getDb();
    expect((await db.select().from(users).where(eq(users.id, id)).get())?.mustChangePassword).toBe(false);
  });
});

describe('creating the same account or team twice at once', () => {
  it('creates one user and answers the others 409, never 500', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createUser(null, { username: 'twin', name: '双', role: 'learner', password: PASSWORD })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, key: 'admin.users.taken' });
  });

  it('creates one account for a 工号 sent in different letter cases at once (the NOCASE index), the others 409', async () => {
    const numbers = ['KF880', 'kf880', 'Kf880', 'kF880'];
    const results = await Promise.allSettled(numbers.map((employeeNo, i) => createUser(null, { username: `case${i}`, name: '工号', employeeNo, role: 'learner', password: PASSWORD })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, key: 'admin.users.taken' });
    const db = await getDb();
    expect(await db.$count(users, sql`lower(${users.employeeNo}) = 'kf880'`)).toBe(1);
  });

  it('creates one team and answers the others 409, never 500', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createTeam(null, '同名组', null)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, key: 'admin.teams.taken' });
  });
});

describe('an account that must change its password', () => {
  let token: string;
  beforeAll(async () => {
    const id = await createUser(null, { username: 'must.change', name: '须改', role: 'learner', password: PASSWORD, mustChangePassword: true });
    token = (await createSession(id)).token;
  });

  it.each([
    ['starting an attempt through the API', '/api/v1/attempts', 'POST', 403],
    ['reading an attempt through the API', '/api/v1/attempts/1', 'GET', 403],
    ['starting a quiz through the form action', '/quiz/desk-rules?_action=learning.startQuiz', 'POST', 403],
    ['an RPC action', '/_actions/learning.markStudied', 'POST', 403],
  ])('is refused %s', async (_what, path, method, status) => {
    const { reached, response } = await runMiddleware(path, { token, method });
    expect(reached).toBe(false);
    expect(response.status).toBe(status);
  });

  it('is sent to the password page from any other page', async () => {
    const { reached, response } = await runMiddleware('/learn', { token });
    expect([reached, response.headers.get('location')]).toEqual([false, '/account/password']);
  });

  it.each([
    ['the password page', '/account/password', 'GET'],
    ['the password change action', '/account/password?_action=changePassword', 'POST'],
    ['signing out', '/logout', 'POST'],
    ['switching language', '/account/locale', 'POST'],
  ])('may still use %s', async (_what, path, method) => {
    expect((await runMiddleware(path, { token, method })).reached).toBe(true);
  });
});

describe("an action's body", () => {
  let token: string;
  let english: string;
  beforeAll(async () => {
    token = (await createSession(await createUser(null, { username: 'action.body', name: '表单', role: 'learner', password: PASSWORD }))).token;
    const en = await createUser(null, { username: 'action.body.en', name: 'Form', role: 'learner', password: PASSWORD });
    await (await getDb()).update(users).set({ locale: 'en' }).where(eq(users.id, en));
    english = (await createSession(en)).token;
  });
  const oneMiB = 1024 * 1024;
  /** A body sent in pieces with no length, as a chunked upload arrives. */
  const chunked = (bytes: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < bytes; sent += 64 * 1024) controller.enqueue(new TextEncoder().encode('a'.repeat(Math.min(64 * 1024, bytes - sent))));
        controller.close();
      },
    });

  it.each([
    ['an RPC action', '/_actions/learning.markStudied'],
    ['a form action on a page', '/learn?_action=learning.markStudied'],
  ])('must be a form (%s): JSON, broken or not, is 415 and never reaches Astro', async (_what, path) => {
    for (const [type, body] of [['application/json', '{'], ['application/json', '{"module":"conduct"}'], ['text/plain', 'module=conduct'], ['', '']]) {
      const { reached, response } = await runMiddleware(path, { token, method: 'POST', headers: { 'content-type': type }, body });
      expect([reached, response.status], `${type} ${body}`).toEqual([false, 415]);
    }
    for (const type of ['application/x-www-form-urlencoded; charset=UTF-8', 'multipart/form-data; boundary=x']) {
      expect((await runMiddleware(path, { token, method: 'POST', headers: { 'content-type': type }, body: '' })).reached, type).toBe(true);
    }
  });

  it('says so in the JSON error model, in the user’s language', async () => {
    const refused = async (t: string) => (await (await runMiddleware('/_actions/learning.markStudied', { token: t, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).response.json()).error;
    expect(await refused(token)).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('表单') });
    expect(await refused(english)).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('form') });
  });

  it('is cut off past 1 MiB even when sent without a length (413), and read whole up to it', async () => {
    const over = await runMiddleware('/_actions/learning.markStudied', { token, method: 'POST', body: chunked(oneMiB + 1) });
    expect([over.reached, over.response.status]).toEqual([false, 413]);
    const declared = await runMiddleware('/_actions/learning.markStudied', { token, method: 'POST', headers: { 'content-length': String(oneMiB + 1) }, body: 'module=conduct' });
    expect([declared.reached, declared.response.status]).toEqual([false, 413]);
    // The check reads a copy: the action still gets every byte.
    const at = await runMiddleware('/_actions/learning.markStudied', { token, method: 'POST', body: chunked(oneMiB), route: async (request) => new Response(String((await request.text()).length)) });
    expect([at.reached, await at.response.text()]).toEqual([true, String(oneMiB)]);
  });

  it('is not read for someone the action refuses', async () => {
    const { reached, response } = await runMiddleware('/_actions/admin.createTeam', { token, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect([reached, response.status]).toEqual([false, 403]);
  });
});
