import { ActionError } from 'astro:actions';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { users } from '../../db/schema';
import { errorMessages, refuse } from '../../src/actions/errors';
import { translator } from '../../src/i18n';
import { createSession } from '../../src/lib/server/auth/session';
import { AttemptError, ServiceError } from '../../src/lib/server/errors';
import { createUser } from '../../src/lib/server/users';
import { runMiddleware } from '../helpers/middleware';

/**
 * One service error, mapped once to JSON (by the middleware) and once to a form action's error
 * (`refuse`): the person reads it in their language, programs read the stable code and parameters.
 */

const throttled = () => new ServiceError({ key: 'login.throttled', status: 429, code: 'throttled', params: { seconds: 8 } });
let english: string;
let chinese: string;

beforeAll(async () => {
  const en = await createUser(null, { username: 'errors-en', name: 'En', role: 'learner', password: 'a long enough password' });
  const db = await getDb();
  await db.update(users).set({ locale: 'en' }).where(eq(users.id, en));
  english = (await createSession(en)).token;
  const zh = await createUser(null, { username: 'errors-zh', name: '中', role: 'learner', password: 'a long enough password' });
  chinese = (await createSession(zh)).token;
});

describe('a refusal from an API route', () => {
  it('is JSON in the English user’s language with the code, the parameters and Retry-After', async () => {
    const { response } = await runMiddleware('/api/v1/attempts', { token: english, method: 'POST', route: () => Promise.reject(throttled()) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('8');
    expect(await response.json()).toEqual({ error: { code: 'throttled', message: 'Too many failed sign-ins. Try again in 8 seconds.', params: { seconds: 8 } } });
  });

  it('is JSON in Chinese for a Chinese user, with the same code', async () => {
    const { response } = await runMiddleware('/api/v1/attempts', { token: chinese, method: 'POST', route: () => Promise.reject(throttled()) });
    const body = await response.json();
    expect(body.error.code).toBe('throttled');
    expect(body.error.message).toContain('8 秒');
  });

  it('keeps AttemptError (the attempt service’s old constructor) answering in the user’s language', async () => {
    const legacy = () => Promise.reject(new AttemptError(409, 'already_submitted', '本次答题已经提交过了，不能重复提交。'));
    const { response } = await runMiddleware('/api/v1/attempts/1/submit', { token: english, method: 'POST', route: legacy });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'already_submitted', message: expect.stringMatching(/submitted/) } });
  });

  it('leaves any other error alone (a bug is a 500, not a disguised 4xx)', async () => {
    await expect(runMiddleware('/api/v1/attempts', { token: english, method: 'POST', route: () => Promise.reject(new TypeError('bug')) })).rejects.toThrow('bug');
  });
});

describe('a refusal from a page', () => {
  it('is an HTML page with the status and the message in the user’s language', async () => {
    const missing = () => Promise.reject(new ServiceError({ key: 'error.unknown_quiz', status: 404, code: 'unknown_quiz' }));
    const { response } = await runMiddleware('/quiz/nope', { token: english, route: missing });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('There is no such quiz.');
  });
});

describe('a refusal from a form action', () => {
  function caught(error: unknown): ActionError {
    let thrown: unknown;
    try {
      refuse(error);
    } catch (e) {
      thrown = e;
    }
    return thrown as ActionError;
  }

  it('becomes an ActionError with the status’s code and the message filled in with its parameters', () => {
    const error = caught(throttled());
    expect(error).toBeInstanceOf(ActionError);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(errorMessages(error, translator('en'))).toEqual(['Too many failed sign-ins. Try again in 8 seconds.']);
    expect(errorMessages(error, translator('zh-CN'))[0]).toContain('8 秒');
  });

  it('shows a generic message for anything that is not a catalogue key', () => {
    const foreign = new ActionError({ code: 'BAD_REQUEST', message: 'Invalid input: expected string' });
    expect(errorMessages(foreign, translator('en'), {}, 'login.badInput')).toEqual([translator('en')('login.badInput')]);
  });

  it('rethrows anything that is not a ServiceError', () => {
    expect(() => refuse(new RangeError('bug'))).toThrow(RangeError);
  });
});
