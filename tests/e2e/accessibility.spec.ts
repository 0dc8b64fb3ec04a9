import { expect, test, type Browser } from '@playwright/test';
import { orgMonth, previousMonth } from '../../src/lib/time-zone';
import { expectReadableAndAccessible, PASSWORD, signedIn } from './helpers';

/**
 * Every role's pages on a phone (390 × 844): no sideways scrolling, and nothing serious or critical
 * for axe. The admin pages have their own such test (admin-roster.spec.ts). Read-only visits to the
 * demo accounts with history (learner5, supervisor2 of 客服二组), so the pages show real rows; the
 * quiz player runs for a learner of this file's own, so no other test sees its attempt.
 */
const phone = { viewport: { width: 390, height: 844 } };

async function phonePage(browser: Browser, username: string) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signedIn(page, username);
  return page;
}

let quizTaker = '';
test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { createUser } = await import('../../src/lib/server/users');
  quizTaker = `a11y-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  await createUser(null, { username: quizTaker, name: quizTaker, role: 'learner', password: PASSWORD });
});

test('a learner’s pages and the quiz player read on a phone and pass axe', async ({ browser }) => {
  test.setTimeout(150_000); // about a dozen axe runs
  const page = await phonePage(browser, 'learner5');
  for (const path of ['/learn', '/learn/conduct', '/learn/search?q=%E9%A6%96%E9%97%AE', '/quiz/conduct', '/me', '/me/reviews', '/account/password']) {
    await page.goto(path);
    await expectReadableAndAccessible(page, path);
  }
  await page.context().close();

  const taker = await phonePage(browser, quizTaker);
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
  await page.context().close();
});
