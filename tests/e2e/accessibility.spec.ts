import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator } from '@playwright/test';
import { orgMonth, orgToday, previousMonth } from '../../src/lib/time-zone';
import { addDays } from '../../src/scoring/assignment-status';
import { expectReadableAndAccessible, PASSWORD, signedIn } from './helpers';

/**
 * Every role's pages on a phone (390 × 844), in Chinese and in English: no sideways scrolling, and
 * nothing serious or critical for axe; and a practice quiz taken with the keyboard alone. The admin
 * pages have their own such test (admin-roster.spec.ts). Read-only visits to the demo accounts with
 * history (learner5, supervisor2 of 客服二组), so the pages show real rows; quizzes and the language
 * switch use this file's own accounts, so no other test sees their attempts or their locale.
 */
const phone = { viewport: { width: 390, height: 844 } };

/** A phone-sized browser signed in as `username`. */
async function phonePage(browser: Browser, username: string) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signedIn(page, username);
  return page;
}

/** This file's own accounts: a new hire who takes quizzes, an English-speaking learner and two HR officers, and a browser without JavaScript. */
const own = { quizTaker: '', englishLearner: '', englishHr: '', englishReader: '', noScript: '' };
test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { createUser } = await import('../../src/lib/server/users');
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  for (const [key, role] of [['quizTaker', 'learner'], ['englishLearner', 'learner'], ['englishHr', 'hr'], ['englishReader', 'hr'], ['noScript', 'learner']] as const) {
    own[key] = `a11y-${key.toLowerCase()}-${run}`;
    await createUser(null, { username: own[key], name: own[key], role, password: PASSWORD });
  }
});

test('the sign-in page reads on a phone and passes axe', async ({ browser }) => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto('/login');
  await expectReadableAndAccessible(page, '/login');
  await context.close();
});

test('a learner’s pages and the quiz player read on a phone and pass axe', async ({ browser }) => {
  test.setTimeout(150_000); // about a dozen axe runs
  const page = await phonePage(browser, 'learner5');
  for (const path of ['/learn', '/learn/conduct', '/learn/search?q=%E9%A6%96%E9%97%AE', '/quiz/conduct', '/me', '/me/reviews', '/account/password']) {
    await page.goto(path);
    await expectReadableAndAccessible(page, path);
  }
  await page.context().close();

  // A new hire's home shows the go-live progress bar (learner5 is live already).
  const taker = await phonePage(browser, own.quizTaker);
  await taker.goto('/learn');
  await expectReadableAndAccessible(taker, '/learn for a new hire');
  await taker.goto('/quiz/conduct');
  await taker.getByTestId('start-practice').click();
  await expect(taker.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  await expectReadableAndAccessible(taker, 'the quiz player');
  taker.on('dialog', (d) => d.accept());
  await taker.getByTestId('submit').click();
  await expect(taker.getByTestId('result')).toBeVisible();
  await expectReadableAndAccessible(taker, 'a practice result');
  await taker.context().close();
});

test('a supervisor’s pages read on a phone and pass axe', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await phonePage(browser, 'supervisor2');
  for (const path of ['/team', '/team/KF201', '/team/inspections', '/team/reviews', '/team/reviews/KF201', '/team/complaints']) {
    await page.goto(path);
    await expectReadableAndAccessible(page, path);
  }
  // Headings go one level at a time under the review's h1 (axe rates a skipped level only moderate).
  await page.goto('/team/reviews/KF201');
  expect((await new AxeBuilder({ page }).withRules(['heading-order']).analyze()).violations).toEqual([]);
  await page.goto('/team/KF201');
  await page.locator('a[href*="/attempts/"]').first().click();
  await expect(page).toHaveURL(/\/team\/KF201\/attempts\/\d+$/);
  await expectReadableAndAccessible(page, 'an employee’s attempt');
  await page.context().close();
});

test('HR’s report pages read on a phone and pass axe', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await phonePage(browser, 'hr');
  for (const path of ['/reports', `/reports/monthly?month=${previousMonth(orgMonth())}`, '/reports/items']) {
    await page.goto(path);
    await expectReadableAndAccessible(page, path);
  }
  // The item analysis names question types in words (it showed the codes: single, multiple, …).
  const items = await page.content();
  expect(items).toMatch(/ · (单选题|多选题|排序题|配对题|情景题)</);
  expect(items).not.toMatch(/ · (single|multiple|ordering|matching|scenario)</);
  await page.context().close();
});

test('in English, with its longer labels, a learner’s and HR’s pages still fit a phone and pass axe', async ({ browser }) => {
  test.setTimeout(150_000);
  for (const [username, paths] of [
    [own.englishLearner, ['/learn', '/learn/conduct', '/quiz/conduct', '/me']],
    [own.englishHr, ['/reports', `/reports/monthly?month=${previousMonth(orgMonth())}`, '/reports/items']],
  ] as const) {
    const page = await phonePage(browser, username);
    await page.locator('form[action="/account/locale"] button').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    for (const path of paths) {
      await page.goto(path);
      await expectReadableAndAccessible(page, `${path} in English`);
    }
    if (username === own.englishLearner) {
      await page.goto('/quiz/conduct');
      await page.getByTestId('start-practice').click();
      await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
      await expectReadableAndAccessible(page, 'the quiz player in English');
    }
    await page.context().close();
  }
});

test('in English, counts, punctuation and module names read as English on 客服二组’s records', async ({ page }) => {
  await signedIn(page, own.englishReader);
  await page.locator('form[action="/account/locale"] button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The demo's 郑浩然 (KF202) has one justified complaint 11 days ago and 客诉处理 assessments 12 and 9
  // days ago; 吴雨桐 (KF201) one commendation 15 days ago (db/seed-demo-conduct.ts, seed-demo-history.ts).
  const monthOf = (daysAgo: number) => addDays(orgToday(), -daysAgo).slice(0, 7);
  await page.goto(`/team/reviews/KF202?month=${monthOf(11)}`);
  const steps = page.locator('.review-steps');
  await expect(steps).toContainText('1 justified complaint this month,');
  await expect(steps).toContainText('Complaint handling: best assessment score this month');
  await expect(steps).not.toContainText('客诉处理');
  await page.goto(`/team/reviews/KF201?month=${monthOf(15)}`);
  await expect(page.locator('.review-steps')).toContainText(/ 1 commendation\./);
  await page.goto('/team/KF202');
  await expect(page.getByText('周建国 granted one more attempt at “Complaint handling”: 完成复训后再考一次')).toBeVisible();
  await page.goto('/reports');
  await expect(page.locator('thead')).toContainText('Complaint handling');
  await expect(page.locator('thead')).not.toContainText('客诉处理');
});

test('practice quizzes can be taken with the keyboard alone, every kind of question', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signedIn(page, own.quizTaker);
  page.on('dialog', (d) => d.accept());
  const box = page.getByTestId('question');
  const focused = (within: Locator) => within.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
  /** Presses Tab until the focus is on (or inside) `target`; fails if forty presses never get there. */
  const tabTo = async (target: Locator) => {
    for (let i = 0; i < 40 && !(await focused(target)); i++) await page.keyboard.press('Tab');
    expect(await focused(target), 'reached with Tab').toBe(true);
  };
  const saved = () => expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  /** Answers the question on screen with keys only: Tab, Space, Enter and the arrows. */
  const answerWithKeys = async (type: string) => {
    if (type === 'single' || type === 'multiple') {
      await tabTo(box.locator('input').first());
      await page.keyboard.press('Space');
      await expect(box.locator('input').first()).toBeChecked();
    } else if (type === 'ordering') {
      const down = box.getByRole('button', { name: /^下移：/ }).first();
      const item = (await down.getAttribute('aria-label'))!.slice('下移：'.length);
      await tabTo(down);
      await page.keyboard.press('Enter');
      // The keyboard stays on the item that moved.
      await expect(page.locator(':focus')).toHaveAttribute('aria-label', new RegExp(`^(上移|下移)：${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      await saved();
      await tabTo(box.getByRole('button', { name: '确认此顺序' }));
      await page.keyboard.press('Enter');
    } else if (type === 'matching') {
      const selects = box.getByRole('combobox');
      for (let k = 0; k < (await selects.count()); k++) {
        await tabTo(selects.nth(k));
        await page.keyboard.press('ArrowDown');
        await expect(selects.nth(k)).not.toHaveValue('');
      }
    } else {
      while ((await box.getByTestId('talk-ended').count()) === 0) {
        await tabTo(box.getByTestId('scenario-choice').first());
        await page.keyboard.press('Space');
        await tabTo(box.getByTestId('scenario-send'));
        await page.keyboard.press('Enter');
        await saved();
      }
    }
    await saved();
  };

  // Each practice draw is random: take quizzes until every kind of question has come up.
  const kinds = ['single', 'multiple', 'ordering', 'matching', 'scenario'];
  const seen = new Set<string>();
  const quizIds = ['conduct', 'complaints', 'reception-phone', 'language', 'communication', 'customer-types', 'desk-rules'];
  for (let q = 0; q < quizIds.length * 2 && seen.size < kinds.length; q++) {
    await page.goto(`/quiz/${quizIds[q % quizIds.length]}`);
    await page.getByTestId('start-practice').click();
    await expect(page.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
    const total = Number((await page.getByTestId('progress').textContent())!.match(/\/(\d+)/)![1]);
    for (let i = 0; i < total; i++) {
      const type = (await box.getAttribute('data-question-type'))!;
      seen.add(type);
      await answerWithKeys(type);
      await tabTo(page.getByTestId('check'));
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('feedback-panel')).toBeVisible();
      // The button is gone with the result: the keyboard lands on the feedback, not back at the page's top.
      await expect(page.getByTestId('feedback')).toBeFocused();
      if (i < total - 1) {
        const before = (await box.getAttribute('data-question-id'))!;
        await tabTo(page.getByTestId('next'));
        await page.keyboard.press('Enter');
        await expect(box).not.toHaveAttribute('data-question-id', before);
      }
    }
    await expect(page.getByTestId('progress')).toHaveText(`已答 ${total}/${total}`);
    await tabTo(page.getByTestId('submit'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('result')).toBeVisible();
  }
  expect([...seen].sort()).toEqual([...kinds].sort());
  await context.close();
});

test('without JavaScript the quiz page says what to do instead of leaving a dead player', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signedIn(page, own.noScript);
  await page.goto('/quiz/conduct');
  await page.getByTestId('start-practice').click();
  await expect(page).toHaveURL(/\/quiz\/attempt\/\d+$/);
  await expect(page.getByTestId('needs-javascript')).toContainText('需要浏览器启用 JavaScript');
  const attempt = page.url();
  await context.close();

  const withScript = await browser.newContext();
  const player = await withScript.newPage();
  await signedIn(player, own.noScript);
  await player.goto(attempt);
  await expect(player.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  await expect(player.getByTestId('needs-javascript')).toBeHidden();
  await withScript.close();
});

test('the first Tab reaches the skip link, and following it puts the keyboard in the page’s content, past the menu', async ({ page }) => {
  await signedIn(page, 'learner5');
  await page.goto('/learn');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到正文' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
});
