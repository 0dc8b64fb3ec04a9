import { expect, test, type Page } from '@playwright/test';
import { quizzes } from '../../src/quizzes/catalog';
import { correctAnswer, type Question } from '../../src/quizzes/types';
import { ownLearner, PASSWORD, signedIn } from './helpers';

const bank = new Map<string, Question>([...quizzes().values()].flatMap((q) => q.list.map((x) => [x.id, x] as const)));

async function hydrated(page: Page) {
  await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
}

async function saved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

/** Answers the question on screen: correctly when `right`, else with the first choices offered. */
async function answerCurrent(page: Page, right: boolean, { waitSaved = true } = {}) {
  const box = page.getByTestId('question');
  const id = (await box.getAttribute('data-question-id'))!;
  const q = bank.get(id)!;
  const answer = correctAnswer(q);
  switch (q.type) {
    case 'single': {
      const text = right ? q.options.find((o) => o.id === answer)!.text : q.options[0].text;
      await box.getByRole('radio', { name: text, exact: true }).check();
      break;
    }
    case 'multiple':
      for (const o of q.options.filter((o) => (right ? (answer as string[]).includes(o.id) : o === q.options[0])))
        await box.getByRole('checkbox', { name: o.text, exact: true }).check();
      break;
    case 'ordering':
      await box.getByRole('button', { name: '确认此顺序' }).click();
      break;
    case 'matching': {
      const selects = box.getByRole('combobox');
      for (let i = 0; i < (await selects.count()); i++) {
        const left = q.left[i];
        const text = q.right.find((r) => r.id === (answer as Record<string, string>)[left.id])!.text;
        if (right) await selects.nth(i).selectOption({ label: text });
        else await selects.nth(i).selectOption({ index: 1 });
      }
      break;
    }
    case 'scenario': {
      const path = answer as string[];
      for (let step = 0; step < 10; step++) {
        await expect(box.getByTestId('customer-line').or(box.getByTestId('talk-ended'))).toBeVisible();
        const choices = box.getByTestId('scenario-choice');
        if ((await choices.count()) === 0) break;
        const pick = right ? box.locator(`[data-testid="scenario-choice"][data-choice-id="${path[step]}"]`) : choices.first();
        await pick.check();
        await box.getByTestId('scenario-send').click();
        await saved(page);
      }
      await expect(box.getByTestId('talk-ended')).toBeVisible();
      break;
    }
  }
  if (waitSaved) await saved(page);
  return q;
}

test('a practice quiz gives feedback only when an answer is checked, locks it, and resumes after a reload', async ({ page }) => {
  await signedIn(page, 'learner1');
  await page.goto('/quiz/complaints');
  await page.getByTestId('start-practice').click();
  await expect(page).toHaveURL(/\/quiz\/attempt\/\d+$/);
  await hydrated(page);
  const total = Number((await page.getByTestId('progress').textContent())!.match(/\/(\d+)/)![1]);
  let reloaded = false;
  let scenarioDone = false;
  for (let i = 0; i < total; i++) {
    const q = await answerCurrent(page, i % 2 === 0);
    await expect(page.getByTestId('feedback-panel')).toHaveCount(0);
    await page.getByTestId('check').click();
    await expect(page.getByTestId('feedback-panel')).toContainText(/回答正确|部分正确|回答错误/);
    await expect(page.getByTestId('feedback-panel')).toContainText('解析');
    await expect(page.getByTestId('question').locator('fieldset')).toHaveAttribute('disabled', '');
    if (q.type === 'scenario') scenarioDone = true;
    if (scenarioDone && !reloaded) {
      const progress = await page.getByTestId('progress').textContent();
      await page.reload();
      await hydrated(page);
      await expect(page.getByTestId('progress')).toHaveText(progress!);
      reloaded = true;
      await page.getByRole('button', { name: new RegExp(`^第 ${i + 1} 题`) }).click();
      await expect(page.getByTestId('question')).toHaveAttribute('data-question-id', q.id);
      await expect(page.getByTestId('question').getByTestId('scenario-choice')).toHaveCount(0);
      await expect(page.getByTestId('feedback-panel')).toBeVisible();
    }
    if (i < total - 1) await page.getByTestId('next').click();
  }
  expect(reloaded).toBe(true);
  await expect(page.getByTestId('progress')).toHaveText(`已答 ${total}/${total}`);
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('result')).toBeVisible();
  await expect(page.getByTestId('result')).not.toContainText('未通过');
});

test('an assessment is graded on the server and reviewed with explanations and lesson links', async ({ page }) => {
  await signedIn(page, 'learner2');
  await page.goto('/quiz/communication');
  await page.getByTestId('start-assessment').click();
  await hydrated(page);
  const total = Number((await page.getByTestId('progress').textContent())!.match(/\/(\d+)/)![1]);
  for (let i = 0; i < total; i++) {
    const q = await answerCurrent(page, true);
    expect(q.id).toMatch(/^communication-/);
    expect(q.pool).toBe('assessment');
    await expect(page.getByTestId('feedback')).toHaveCount(0);
    await expect(page.getByTestId('check')).toHaveCount(0);
    if (i < total - 1) await page.getByTestId('next').click();
  }
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('result')).toBeVisible();
  await expect(page.getByTestId('result')).toContainText('通过');
  await expect(page.getByTestId('result')).not.toContainText('未通过');
  const items = page.getByTestId('review-item');
  await expect(items).toHaveCount(total);
  await expect(items.first()).toContainText('第 1 题');
  await expect(page.getByTestId('right-answer')).toHaveCount(total);
  await expect(page.getByTestId('back-to-module')).toBeVisible();
  const link = page.getByRole('link', { name: '回到课程复习 →' }).first();
  const href = (await link.getAttribute('href'))!;
  await link.click();
  const anchor = decodeURIComponent(href.split('#')[1]);
  await expect(page.locator(`[id="${anchor}"]`)).toHaveCount(1);
});

test.describe('the attempt API refuses bad requests and changes nothing', () => {
  test('unknown quiz, wrong shape, unknown option, foreign attempt, late and repeated submits', async ({ browser }) => {
    const own = await browser.newContext();
    const ownPage = await own.newPage();
    await signedIn(ownPage, 'learner3');
    const api = ownPage.request;
    const origin = new URL(ownPage.url()).origin;
    const headers = { origin };
    expect((await api.post('/api/v1/attempts', { headers, data: { quizId: 'nope', mode: 'practice' } })).status()).toBe(404);
    expect((await api.post('/api/v1/attempts', { headers, data: { quizId: 'conduct', mode: 'exam' } })).status()).toBe(400);
    const started = await api.post('/api/v1/attempts', { headers, data: { quizId: 'conduct', mode: 'assessment' } });
    expect(started.status()).toBe(201);
    const { attempt } = await started.json();
    expect(JSON.stringify(attempt)).not.toMatch(/"answer"|"points"|"explanation"/);
    const q = attempt.questions[0];
    const put = (qid: string, answer: unknown) => api.put(`/api/v1/attempts/${attempt.id}/responses/${qid}`, { headers, data: { answer } });
    expect((await put('conduct-999', 'a')).status()).toBe(404);
    const wrongShape = await put(q.id, { nonsense: true });
    expect(wrongShape.status()).toBe(400);
    expect((await wrongShape.json()).error.message).toMatch(/答案/);
    expect((await put(q.id, q.type === 'single' ? 'zz' : ['zz'])).status()).toBe(400);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signedIn(otherPage, 'learner4');
    const foreign = await otherPage.request.get(`/api/v1/attempts/${attempt.id}`);
    expect(foreign.status()).toBe(403);
    expect((await otherPage.request.post(`/api/v1/attempts/${attempt.id}/submit`, { headers })).status()).toBe(403);

    const before = await (await api.get(`/api/v1/attempts/${attempt.id}`)).json();
    expect(before.responses).toEqual({});
    const submit = await api.post(`/api/v1/attempts/${attempt.id}/submit`, { headers });
    expect(submit.status()).toBe(200);
    const again = await api.post(`/api/v1/attempts/${attempt.id}/submit`, { headers });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.message).toContain('已经提交');
    expect((await put(q.id, correctAnswer(bank.get(q.id)!))).status()).toBe(409);
    const after = await (await api.get(`/api/v1/attempts/${attempt.id}`)).json();
    expect(after.score).toBe(0);
    expect(after.responses).toEqual({});
    await own.close();
    await other.close();
  });

  test('anonymous calls get 401 and cross-site writes 403', async ({ request }) => {
    expect((await request.post('/api/v1/attempts', { data: { quizId: 'conduct', mode: 'practice' } })).status()).toBe(401);
    expect((await request.post('/api/v1/attempts', { headers: { origin: 'https://evil.example' }, data: { quizId: 'conduct', mode: 'practice' } })).status()).toBe(403);
  });
});

test('a failed save is shown, retried and then saved, without losing the answer', async ({ page }) => {
  await signedIn(page, 'learner4');
  await page.goto('/quiz/reception-phone');
  await page.getByTestId('start-practice').click();
  await hydrated(page);
  let failures = 0;
  await page.route('**/api/v1/attempts/*/responses/*', async (route) => {
    if (failures < 2) {
      failures++;
      await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂时不可用' } }) });
    } else await route.continue();
  });
  const id = (await page.getByTestId('question').getAttribute('data-question-id'))!;
  const status = page.getByTestId('save-status');
  // Record every state the status line shows: with a matching question each select saves, and a newer
  // answer replaces a retry at once, so "retrying" may show for less than a poll interval.
  await status.evaluate((el) => {
    const seen: string[] = ((window as unknown as { saveStates: string[] }).saveStates = []);
    new MutationObserver(() => seen.push(`${el.getAttribute('data-status')}|${el.textContent}`)).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await answerCurrent(page, true);
  await expect(status).toHaveAttribute('data-status', 'saved');
  const states = await page.evaluate(() => (window as unknown as { saveStates: string[] }).saveStates);
  expect(states.some((s) => s.startsWith('retrying|') && s.includes('保存失败，正在重试'))).toBe(true);
  expect(failures).toBe(2);
  await page.unroute('**/api/v1/attempts/*/responses/*');
  await page.reload();
  await hydrated(page);
  await page.getByRole('button', { name: /^第 1 题/ }).click();
  await expect(page.getByTestId('question')).toHaveAttribute('data-question-id', id);
  await expect(page.getByTestId('progress')).toHaveText(/^已答 1\//);
  await page.getByTestId('check').click();
  await expect(page.getByTestId('feedback-panel')).toContainText(/回答正确|部分正确|回答错误/);
});

test('signed out mid-quiz: the player says so, keeps the answer and saves it after signing in again in a new tab', async ({ browser, page, context }) => {
  // A learner of its own: a shared demo account may resume a practice attempt another test left answered.
  await ownLearner(browser, page, 'signedout1');
  await page.goto('/quiz/reception-phone');
  await page.getByTestId('start-practice').click();
  await hydrated(page);
  // A scenario saves each reply before the next: take a question answered in one go.
  while (bank.get((await page.getByTestId('question').getAttribute('data-question-id'))!)!.type === 'scenario') await page.getByRole('button', { name: '下一题' }).click();
  await context.clearCookies();
  await answerCurrent(page, true, { waitSaved: false });
  const status = page.getByTestId('save-status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  const banner = page.getByTestId('signed-out');
  await expect(banner).toContainText('登录已失效');
  await expect(banner).toContainText('答案会自动保存');
  const popup = context.waitForEvent('page');
  await banner.getByRole('link', { name: '在新标签页重新登录' }).click();
  const login = await popup;
  await login.getByLabel('用户名').fill('signedout1');
  await login.getByLabel('密码').fill(PASSWORD);
  await login.getByRole('button', { name: '登录' }).click();
  await expect(login).not.toHaveURL(/\/login/);
  // Headless Chromium keeps every tab visible and focused, so coming back fires nothing: send the
  // focus event a desktop browser fires when the learner returns to the quiz's tab.
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(status).toHaveAttribute('data-status', 'saved');
  await expect(banner).toBeHidden();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('progress')).toHaveText(/^已答 1\//);
});
