import { expect, test } from '@playwright/test';
import { expectReadableAndAccessible, signedIn } from './helpers';

test('a learner reads a lesson, marks it studied and sees the module progress change', async ({ page }) => {
  await signedIn(page, 'learner2');
  await page.goto('/learn');
  const card = page.getByTestId('module-conduct');
  const before = await card.getByTestId('module-progress').textContent();
  await card.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/learn\/conduct$/);
  await page.getByTestId('lessons').getByRole('link').first().click();
  await expect(page.getByRole('navigation', { name: '本课目录' })).toBeVisible();
  await page.getByRole('button', { name: '标记为已学' }).click();
  await expect(page.getByTestId('studied')).toBeVisible();
  await page.getByRole('button', { name: '标记为已学' }).count().then((n) => expect(n).toBe(0));
  await page.goto('/learn');
  const after = await page.getByTestId('module-conduct').getByTestId('module-progress').textContent();
  expect(after).not.toBe(before);
  expect(after).toMatch(/已学 1\//);
});

test('marking a lesson studied twice changes nothing', async ({ page }) => {
  await signedIn(page, 'learner3');
  await page.goto('/learn/language');
  await page.getByTestId('lessons').getByRole('link').first().click();
  await page.getByRole('button', { name: '标记为已学' }).click();
  const res = await page.request.post(page.url() + '?_action=learning.markStudied', {
    headers: { origin: new URL(page.url()).origin },
    form: { module: 'language', lesson: page.url().split('/').pop()! },
  });
  expect(res.status()).toBeLessThan(400);
  await page.goto('/learn/language');
  await expect(page.getByTestId('module-progress')).toHaveText(/已学 1\//);
});

test('search finds a lesson by a phrase in it', async ({ page }) => {
  await signedIn(page, 'learner1');
  await page.goto('/learn/search');
  await page.getByRole('searchbox').fill('首问');
  await page.getByRole('button', { name: '搜索' }).click();
  const results = page.getByTestId('search-results').getByRole('listitem');
  await expect(results.first()).toBeVisible();
  await expect(results.first().locator('mark')).toHaveText('首问');
  await results.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/learn\/[a-z-]+\/\d\d-/);
});

test('a lesson page ships no JavaScript and passes an accessibility check', async ({ page }) => {
  await signedIn(page, 'learner1');
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/learn/language');
  await page.getByTestId('lessons').getByRole('link').first().click();
  await expect(page.locator('article h1')).toBeVisible();
  expect(scripts).toEqual([]);
  expect(await page.locator('script').count()).toBe(0);
  await expectReadableAndAccessible(page, 'a lesson page');
});

test('an unknown lesson is a 404 page', async ({ page }) => {
  await signedIn(page, 'learner1');
  const res = await page.goto('/learn/conduct/99-nothing');
  expect(res?.status()).toBe(404);
});
