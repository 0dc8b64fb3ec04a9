import { ActionError } from 'astro:actions';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getDb } from '../../db/client';
import { users } from '../../db/schema';
import { errorMessages, refuse } from '../../src/actions/errors';
import { translator } from '../../src/i18n';
import { checkResponse, getAttempt, saveResponse, startAttempt, submitAttempt } from '../../src/lib/server/attempts';
import { createSession, type SessionUser } from '../../src/lib/server/auth/session';
import { ServiceError } from '../../src/lib/server/errors';
import { readJson } from '../../src/lib/server/http';
import { createUser } from '../../src/lib/server/users';
import { getQuiz } from '../../src/quizzes/catalog';
import { runMiddleware } from '../helpers/middleware';
import { teamWith } from '../helpers/people';

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

  it('leaves any other error alone (a bug is a 500, not a disguised 4xx)', async () => {
    await expect(runMiddleware('/api/v1/attempts', { token: english, method: 'POST', route: () => Promise.reject(new TypeError('bug')) })).rejects.toThrow('bug');
  });

  it('logs the database’s own error that a failed query wraps, and still fails', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    try {
      await expect(runMiddleware('/api/v1/attempts', { token: english, method: 'POST', route: () => Promise.reject(new Error('Failed query: insert …', { cause: busy })) })).rejects.toThrow('Failed query');
    } finally {
      spy.mockRestore();
    }
    expect(logged).toEqual(['cause: SQLITE_BUSY: database is locked']);
  });
});

describe('a JSON body the schema rejects', () => {
  const schema = z.object({ kind: z.enum(['a', 'b'], { message: 'assign.badKind' }), n: z.number() });
  const body = (data: unknown) => new Request('http://academy.test/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  const refusalOf = (data: unknown) => readJson(body(data), schema).then(() => null, (error: ServiceError) => error);

  it('is invalid_input with the schema’s catalogue key as the sentence, naming the field', async () => {
    const error = (await refusalOf({ kind: 'c', n: 1 }))!;
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', key: 'assign.badKind', params: { field: 'kind' } });
    expect(error.messageIn('en')).toBe('The kind must be onboarding, refresher or mandatory.');
  });

  it('is the generic invalid_input sentence when the schema’s message is not a key', async () => {
    expect(await refusalOf({ kind: 'a', n: 'x' })).toMatchObject({ status: 400, code: 'invalid_input', key: 'error.invalid_input', params: { field: 'n' } });
  });
});

describe('a refusal from a page', () => {
  it('is an HTML page with the status and the message in the user’s language', async () => {
    const missing = () => Promise.reject(new ServiceError({ key: 'quiz.refusal.unknownQuiz', status: 404, code: 'unknown_quiz', params: { quizId: 'nope' } }));
    const { response } = await runMiddleware('/quiz/nope', { token: english, route: missing });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('There is no quiz with the id “nope”.');
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

  it('carries a list parameter through the form error and runs it together in the reader’s punctuation', () => {
    const error = caught(new ServiceError('admin.import.missingColumns', 400, { columns: ['用户名', '团队'] }));
    expect(errorMessages(error, translator('zh-CN'))).toEqual(['表头缺少以下列：用户名、团队。']);
    expect(errorMessages(error, translator('en'))).toEqual(['The header lacks these columns: 用户名, 团队.']);
    const one = caught(new ServiceError('admin.import.missingColumns', 400, { columns: ['团队'] }));
    expect(errorMessages(one, translator('en'))).toEqual(['The header lacks these columns: 团队.']);
  });

  it('shows a generic message for anything that is not a catalogue key', () => {
    const foreign = new ActionError({ code: 'BAD_REQUEST', message: 'Invalid input: expected string' });
    expect(errorMessages(foreign, translator('en'), {}, 'login.badInput')).toEqual([translator('en')('login.badInput')]);
  });

  it('rethrows anything that is not a ServiceError', () => {
    expect(() => refuse(new RangeError('bug'))).toThrow(RangeError);
  });
});

describe('the attempt service’s refusals through the API', () => {
  // Two learners of one team (so a supervisor can grant another attempt): one reads English, one Chinese.
  let en: { user: SessionUser; token: string };
  let zh: { user: SessionUser; token: string };
  let supervisorName: string;

  beforeAll(async () => {
    const team = await teamWith(2);
    supervisorName = team.supervisor.name;
    const db = await getDb();
    await db.update(users).set({ locale: 'en' }).where(eq(users.id, team.members[0].id));
    en = { user: team.members[0], token: (await createSession(team.members[0].id)).token };
    zh = { user: team.members[1], token: (await createSession(team.members[1].id)).token };
  });

  /** The JSON refusal each learner gets for the same request, through the real middleware. */
  async function bothAnswers(path: string, work: (user: SessionUser) => Promise<unknown>) {
    const answer = async (who: { user: SessionUser; token: string }) => {
      const route = async () => Response.json(await work(who.user));
      const { response } = await runMiddleware(path, { token: who.token, method: 'POST', route });
      return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; params: Record<string, unknown> } } };
    };
    return { en: await answer(en), zh: await answer(zh) };
  }

  function expectRefusal(answers: Awaited<ReturnType<typeof bothAnswers>>, status: number, code: string, english: string, chinese: string) {
    expect(answers.en.status).toBe(status);
    expect(answers.zh.status).toBe(status);
    expect(answers.en.body.error.code).toBe(code);
    expect(answers.zh.body.error.code).toBe(code);
    expect(answers.en.body.error.message).toBe(english);
    expect(answers.zh.body.error.message).toBe(chinese);
  }

  it('an unknown quiz: 404 unknown_quiz, naming the id', async () => {
    const answers = await bothAnswers('/api/v1/attempts', (user) => startAttempt(user, 'no-such-quiz', 'practice'));
    expectRefusal(answers, 404, 'unknown_quiz', 'There is no quiz with the id “no-such-quiz”.', '没有编号为“no-such-quiz”的测验。');
    expect(answers.en.body.error.params).toEqual({ quizId: 'no-such-quiz' });
  });

  it('someone else’s attempt: 403 not_yours', async () => {
    const { attempt } = await startAttempt(await teamWith(1).then((t) => t.members[0]), 'conduct', 'practice');
    const answers = await bothAnswers(`/api/v1/attempts/${attempt.id}`, (user) => getAttempt(user, attempt.id));
    expectRefusal(answers, 403, 'not_yours', 'This attempt is not yours: you cannot view or change it.', '这不是您的答题记录，无法查看或修改。');
  });

  it('a second submit: 409 already_submitted', async () => {
    const answers = await bothAnswers('/api/v1/attempts/submit', async (user) => {
      const { attempt } = await startAttempt(user, 'conduct', 'practice');
      await submitAttempt(user, attempt.id);
      return submitAttempt(user, attempt.id);
    });
    expectRefusal(answers, 409, 'already_submitted', 'This attempt has already been submitted; it cannot be submitted twice.', '本次答题已经提交过了，不能重复提交。');
  });

  it('an answer that does not fit the question: 400 invalid_answer, naming the option', async () => {
    const answers = await bothAnswers('/api/v1/attempts/responses', async (user) => {
      const { attempt } = await startAttempt(user, 'language', 'practice');
      const single = attempt.questions.find((q) => q.type === 'single')!;
      return saveResponse(user, attempt.id, single.id, 'zz');
    });
    expectRefusal(answers, 400, 'invalid_answer', 'Option “zz” is not part of this question.', '选项“zz”不属于这道题。');
    expect(answers.zh.body.error.params).toEqual({ option: 'zz' });
  });

  it('checking an answer during an assessment: 400 check_not_allowed', async () => {
    const answers = await bothAnswers('/api/v1/attempts/check', async (user) => {
      const { attempt } = await startAttempt(user, 'complaints', 'assessment');
      return checkResponse(user, attempt.id, attempt.questions[0].id);
    });
    expectRefusal(
      answers,
      400,
      'check_not_allowed',
      'Answers cannot be checked during an assessment; the explanations come after you submit.',
      '考核中不能检查答案，提交后可查看讲解。',
    );
  });

  it('assessments used up: 409 no_attempts_left, saying who can grant another (also as params.supervisor)', async () => {
    const limit = getQuiz('desk-rules')!.config.assessmentAttempts!;
    for (const who of [en, zh]) {
      for (let i = 0; i < limit; i++) await submitAttempt(who.user, (await startAttempt(who.user, 'desk-rules', 'assessment')).attempt.id);
    }
    const answers = await bothAnswers('/api/v1/attempts', (user) => startAttempt(user, 'desk-rules', 'assessment'));
    expectRefusal(
      answers,
      409,
      'no_attempts_left',
      `You have used all your assessment attempts for this quiz. To try again, ask your supervisor ${supervisorName} to grant another attempt.`,
      `本测验的考核次数已用完。如需再考一次，请联系您的主管${supervisorName}增加考核次数。`,
    );
    expect(answers.en.body.error.params).toEqual({ supervisor: supervisorName });
  });
});
