import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { quizzes } from '../../src/quizzes/catalog';
import { bestPaths, type Question } from '../../src/quizzes/types';
import { followPath } from '../../src/quizzes/types/scenario';
import { PASSWORD, signedIn } from './helpers';

/**
 * Issue 7 end to end: the harvest (practice never shows an assessment item), scenarios served one line
 * at a time in every response, the assessment review policy, English feedback and refusals from the
 * catalogue and manual titles on lessons. Each test signs in as a learner of its own, created in the server's
 * database, so no other spec's attempts or language choice get in the way.
 */

const bank = new Map<string, Question>([...quizzes().values()].flatMap((q) => q.list.map((x) => [x.id, x] as const)));
type Scenario = Extract<Question, { type: 'scenario' }>;

/**
 * The learners of this file, created once before its tests in the server's database. (Written from
 * this process, so done in one short burst: the server's pooled connections fail a write at once
 * while another process holds the lock.)
 */
const learners: Record<'harvest' | 'steps' | 'check' | 'review' | 'english', string> = { harvest: '', steps: '', check: '', review: '', english: '' };
test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { createUser } = await import('../../src/lib/server/users');
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  for (const role of Object.keys(learners) as (keyof typeof learners)[]) {
    learners[role] = `${role}-${run}`;
    await createUser(null, { username: learners[role], name: learners[role], role: 'learner', password: PASSWORD });
  }
});

function client(page: Page) {
  const origin = new URL(page.url()).origin;
  const headers = { origin };
  const api: APIRequestContext = page.request;
  return {
    start: async (quizId: string, mode: 'practice' | 'assessment') => {
      const res = await api.post('/api/v1/attempts', { headers, data: { quizId, mode } });
      expect(res.status()).toBe(201);
      return (await res.json()) as { attempt: { id: number; questions: { id: string }[] }; resumed: boolean };
    },
    get: (id: number) => api.get(`/api/v1/attempts/${id}`),
    put: (id: number, qid: string, answer: unknown) => api.put(`/api/v1/attempts/${id}/responses/${qid}`, { headers, data: { answer } }),
    check: (id: number, qid: string) => api.post(`/api/v1/attempts/${id}/responses/${qid}/check`, { headers }),
    submit: (id: number) => api.post(`/api/v1/attempts/${id}/submit`, { headers }),
  };
}

/** Undoes the HTML escaping of attribute values, so island props can be searched as text. */
const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A distinctive run of a node's line (no quotes or breaks, which JSON or HTML would escape). */
const probe = (text: string) => text.split(/["'\\\n“”‘’]/).sort((a, b) => b.length - a.length)[0].slice(0, 12);

/**
 * What the other questions of the same attempt show anyway (prompts and options; a scenario's prompt):
 * a customer line quoted in another question's prompt (customer-types-048 quotes 028's) proves no leak.
 */
function shownByOthers(drawn: readonly Question[], except: string): string {
  return drawn
    .filter((q) => q.id !== except)
    .flatMap((q) => {
      if (q.type === 'scenario') return [q.prompt];
      if (q.type === 'single' || q.type === 'multiple') return [q.prompt, ...q.options.map((o) => o.text)];
      if (q.type === 'ordering') return [q.prompt, ...q.items.map((o) => o.text)];
      return [q.prompt, ...q.left.map((o) => o.text), ...q.right.map((o) => o.text)];
    })
    .join('\n');
}

/** Asserts that `body` holds no line of the scenario beyond those the path reached, and no scenario internals. */
function expectOnlyReached(body: string, q: Scenario, path: string[], others = '') {
  const { visited, current } = followPath(q, path);
  const reached = new Set([...visited, ...(current ? [current] : [])].map((n) => n.id));
  const visible = [q.prompt, ...q.nodes.filter((n) => reached.has(n.id)).flatMap((n) => [n.customer, ...n.choices.map((c) => c.text)]), others].join('\n');
  for (const node of q.nodes) {
    if (reached.has(node.id)) continue;
    const run = probe(node.customer);
    if (run.length < 6 || visible.includes(run)) continue;
    expect(body, `${q.id}: unreached line ${node.id}`).not.toContain(run);
  }
  expect(body).not.toMatch(/"next"\s*:|"points"\s*:|"nodes"\s*:/);
}

test('the harvest: with an assessment open, ten practice attempts of the same module share no question with it', async ({ page }) => {
  await signedIn(page, learners.harvest);
  const api = client(page);
  const assessment = (await api.start('customer-types', 'assessment')).attempt;
  const assessed = new Set(assessment.questions.map((q) => q.id));
  expect(assessed.size).toBeGreaterThan(0);
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const { attempt, resumed } = await api.start('customer-types', 'practice');
    expect(resumed).toBe(false);
    for (const q of attempt.questions) {
      seen.add(q.id);
      expect(bank.get(q.id)!.pool).toBe('practice');
    }
    expect((await api.submit(attempt.id)).status()).toBe(200);
    const review = JSON.stringify(await (await api.get(attempt.id)).json());
    for (const id of assessed) expect(review).not.toContain(id);
  }
  expect([...seen].filter((id) => assessed.has(id))).toEqual([]);
  expect(seen.size).toBeGreaterThan(assessment.questions.length);
  await api.submit(assessment.id);
});

test('no attempt JSON, page HTML or island props hold a scenario line not reached, nor where a reply leads', async ({ page }) => {
  await signedIn(page, learners.steps);
  const api = client(page);
  for (const mode of ['practice', 'assessment'] as const) {
    const { attempt } = await api.start('customer-types', mode);
    const drawn = attempt.questions.map((q) => bank.get(q.id)!);
    const scenarios = drawn.filter((q): q is Scenario => q.type === 'scenario');
    expect(scenarios.length, mode).toBeGreaterThan(0);
    const paths = new Map<string, string[]>(scenarios.map((q) => [q.id, []]));
    const look = async () => {
      const json = JSON.stringify(await (await api.get(attempt.id)).json());
      const html = unescape(await (await page.request.get(`/quiz/attempt/${attempt.id}`)).text());
      for (const q of scenarios) {
        expectOnlyReached(json, q, paths.get(q.id)!, shownByOthers(drawn, q.id));
        expectOnlyReached(html, q, paths.get(q.id)!, shownByOthers(drawn, q.id));
        // The search can find what is there: the line now waiting is in both.
        const waiting = followPath(q, paths.get(q.id)!).current;
        if (waiting) for (const body of [json, html]) expect(body).toContain(probe(waiting.customer));
      }
    };
    await look();
    // One reply at a time: each answer names only the next line (or the end), never points or feedback.
    const first = scenarios[0];
    const best = bestPaths(first).path;
    for (let i = 1; i <= Math.min(2, best.length); i++) {
      const res = await api.put(attempt.id, first.id, best.slice(0, i));
      expect(res.status()).toBe(200);
      const body = await res.json();
      expect(JSON.stringify(body)).not.toMatch(/"credit"|"feedback"|"explanation"/);
      paths.set(first.id, best.slice(0, i));
      expectOnlyReached(JSON.stringify(body), first, best.slice(0, i));
    }
    await look();
    // A reply not offered at the line the talk stands at is refused and changes nothing.
    const path = paths.get(first.id)!;
    const standing = followPath(first, path).current;
    const stray = first.nodes.find((n) => n.id !== standing?.id)!.choices[0].id;
    const before = await (await api.get(attempt.id)).json();
    const refused = await api.put(attempt.id, first.id, [...path, stray]);
    expect(refused.status()).toBe(400);
    const after = await (await api.get(attempt.id)).json();
    expect(after.responses).toEqual(before.responses);
    await api.submit(attempt.id);
  }
});

test('practice checks: 400 in an assessment, 409 when checked again, and a checked answer cannot change', async ({ page }) => {
  await signedIn(page, learners.check);
  const api = client(page);
  const assessment = (await api.start('desk-rules', 'assessment')).attempt;
  const aq = bank.get(assessment.questions[0].id)!;
  const answerOf = (q: Question) => (q.type === 'scenario' ? bestPaths(q).path : q.answer);
  expect((await api.put(assessment.id, aq.id, answerOf(aq))).status()).toBe(200);
  const inAssessment = await api.check(assessment.id, aq.id);
  expect(inAssessment.status()).toBe(400);
  expect((await inAssessment.json()).error.message).toContain('考核');
  await api.submit(assessment.id);

  const practice = (await api.start('desk-rules', 'practice')).attempt;
  const q = bank.get(practice.questions.find((x) => bank.get(x.id)!.type !== 'scenario')!.id)!;
  expect((await api.put(practice.id, q.id, answerOf(q))).status()).toBe(200);
  const first = await api.check(practice.id, q.id);
  expect(first.status()).toBe(200);
  const body = await first.json();
  expect(body).toMatchObject({ checked: true, feedback: { credit: 1, explanation: q.explanation, lesson: q.lesson } });
  const before = await (await api.get(practice.id)).json();
  expect(before.responses[q.id]).toEqual(body);
  expect((await api.check(practice.id, q.id)).status()).toBe(409);
  expect((await api.put(practice.id, q.id, answerOf(q))).status()).toBe(409);
  expect((await api.get(practice.id)).json()).resolves.toMatchObject({ responses: before.responses });
  await api.submit(practice.id);
});

test('a failed assessment review shows right or wrong, explanations and lessons, not the right answers; numbered, missed-only filter, retake', async ({ page }) => {
  await signedIn(page, learners.review);
  await page.goto('/quiz/language');
  await page.getByTestId('start-assessment').click();
  await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  // The first question answered right, the rest left: a failed attempt with one hit.
  const attemptId = Number(page.url().split('/').pop());
  const firstId = (await page.getByTestId('question').getAttribute('data-question-id'))!;
  const first = bank.get(firstId)!;
  const put = await client(page).put(attemptId, firstId, first.type === 'scenario' ? bestPaths(first).path : first.answer);
  expect(put.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('result')).toContainText('未通过');
  await expect(page.getByTestId('right-hidden')).toBeVisible();
  await expect(page.getByTestId('right-answer')).toHaveCount(0);
  const items = page.getByTestId('review-item');
  const total = await items.count();
  expect(total).toBe(quizzes().get('language')!.config.draw);
  for (let i = 0; i < total; i++) {
    await expect(items.nth(i)).toContainText(`第 ${i + 1} 题`);
    await expect(items.nth(i)).toContainText(i === 0 ? '正确' : '错误');
    await expect(items.nth(i)).toContainText('讲解');
    await expect(items.nth(i).getByRole('link', { name: '回到课程复习 →' })).toBeVisible();
  }
  await page.getByText(/只看答错的/).click();
  await expect(items.filter({ visible: true })).toHaveCount(total - 1);
  await expect(items.first()).toBeHidden();
  await expect(page.getByTestId('back-to-module')).toHaveAttribute('href', '/learn/language');
  await page.getByTestId('retake').click();
  await expect(page).toHaveURL(/\/quiz\/attempt\/\d+$/);
  await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-mode', 'assessment');
});

test('in English, generated feedback comes from the catalogue and Chinese content is marked zh-CN; lessons cite manual titles', async ({ page }) => {
  await signedIn(page, learners.english);
  await page.goto('/learn/conduct');
  await page.locator('form[action="/account/locale"] button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/quiz/conduct');
  await page.getByTestId('start-practice').click();
  await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  // Find a choice question and answer it wrongly, so the feedback names the right answer.
  for (let i = 0; i < 20; i++) {
    const type = await page.getByTestId('question').getAttribute('data-question-type');
    if (type === 'single') break;
    await page.getByTestId('next').click();
  }
  const box = page.getByTestId('question');
  const q = bank.get((await box.getAttribute('data-question-id'))!)!;
  if (q.type !== 'single') throw new Error('the practice draw of conduct has no single-choice question');
  const wrong = q.options.find((o) => o.id !== q.answer)!;
  await box.getByRole('radio', { name: wrong.text, exact: true }).check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByTestId('check').click();
  const panel = page.getByTestId('feedback-panel');
  await expect(panel).toContainText('Incorrect');
  await expect(panel).toContainText('Right answer:');
  await expect(panel).not.toContainText('正确答案');
  await expect(panel).toContainText(`Explanation: ${q.explanation}`);
  await expect(panel.locator('[lang="zh-CN"]').first()).toBeVisible();
  await expect(box.locator('legend[lang="zh-CN"]')).toHaveText(q.prompt);

  // The API answers this learner's refusals in English, with the same stable codes a Chinese user gets.
  const attemptId = Number(/\/quiz\/attempt\/(\d+)$/.exec(page.url())![1]);
  const again = await client(page).check(attemptId, q.id);
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toMatchObject({ code: 'already_checked', message: 'This question has already been checked.' });
  const unknown = await page.request.post('/api/v1/attempts', { headers: { origin: new URL(page.url()).origin }, data: { quizId: 'no-such-quiz', mode: 'practice' } });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error).toEqual({ code: 'unknown_quiz', message: 'There is no quiz with the id “no-such-quiz”.', params: { quizId: 'no-such-quiz' } });

  // The quiz page: capitalised headings, and the attempt dated as every other page dates (was "12/2/26, 7:00 PM").
  await page.goto('/quiz/conduct');
  await expect(page.getByRole('heading', { level: 2, name: 'Practice', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Assessment', exact: true })).toBeVisible();
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'My attempts' }) });
  await expect(history.locator('li').first()).toContainText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M · Practice/);

  await page.goto('/learn/conduct');
  await page.getByTestId('lessons').getByRole('link').first().click();
  await expect(page.locator('a[rel="next"]')).toContainText(/^Next: \S/);
  const sources = page.getByTestId('sources');
  await expect(sources).toBeVisible();
  await expect(sources).not.toContainText('.txt');
  await expect(sources.locator('cite').first()).toHaveAttribute('lang', 'zh-CN');
});
