import { expect, test, type Page } from '@playwright/test';
import { confirmImport, ROSTER_HEADER, signedIn, upload } from './helpers';

/** The rows of the people table as shown. */
const rows = (page: Page) => page.locator('table.cards tbody tr');

test('searching narrows the list, paging keeps the filters, and an action lands back on the same page', async ({ page }) => {
  await signedIn(page, 'admin');
  // 55 people of one intake (工号 ZF001–ZF055): more than one page of 50.
  const lines = Array.from({ length: 55 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return `ZF0${n},翻页${n},fanye${n},客服专员,翻页组,2026-03-01`;
  });
  expect(await upload(page, { name: 'paging.csv', mimeType: 'text/csv', buffer: Buffer.from(`${ROSTER_HEADER}\n${lines.join('\n')}\n`) })).toBe(200);
  await confirmImport(page);

  await page.goto('/admin/users');
  const search = page.getByRole('searchbox', { name: '查找人员' });
  await search.fill('翻页');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=%E7%BF%BB%E9%A1%B5/);
  await expect(page.getByTestId('list-count')).toHaveText('共 55 人，第 1–50 人');
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText('翻页01');

  // With a team too; the next page keeps both.
  await page.getByRole('search').getByLabel('团队').selectOption({ label: '翻页组' });
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.getByRole('link', { name: '下一页' }).click();
  await expect(page).toHaveURL(/[?&]team=\d+/);
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId('list-count')).toHaveText('共 55 人，第 51–55 人');
  await expect(rows(page)).toHaveCount(5);
  await expect(search).toHaveValue('翻页');
  await expect(page.getByRole('search').getByLabel('团队').locator('option:checked')).toHaveText('翻页组');

  // Deactivating someone on page 2 comes back to page 2 of the same search.
  const row = page.getByRole('row', { name: /翻页55/ });
  await row.locator('summary', { hasText: '停用' }).click();
  await row.getByRole('checkbox', { name: /确认停用 翻页55/ }).check();
  await row.getByRole('button', { name: /确认停用/ }).click();
  await expect(page.getByRole('status')).toContainText('已停用 fanye55');
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId('list-count')).toHaveText('共 55 人，第 51–55 人');
  await expect(page.getByRole('row', { name: /翻页55/ })).toContainText('已停用');

  await page.getByRole('link', { name: '上一页' }).click();
  await expect(page.getByTestId('list-count')).toHaveText('共 55 人，第 1–50 人');

  // 工号 in lower case and a username in capitals find the one person; the status filter narrows too.
  for (const [text, name] of [['zf017', '翻页17'], ['FANYE42', '翻页42']]) {
    await page.goto(`/admin/users?q=${text}`);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText(name);
  }
  await page.goto('/admin/users?q=fanye&status=inactive');
  await expect(page.getByTestId('list-count')).toHaveText('共 1 人，第 1–1 人');
});

test('a bad filter answers 400 with what is wrong and the form as typed, not an empty list', async ({ page }) => {
  await signedIn(page, 'admin');
  for (const [query, message] of [
    ['team=999&q=李', '没有编号为 999 的团队。'],
    ['team=abc&q=李', '团队须用团队编号指定'],
    ['page=0&q=李', '页码须为从 1 开始的整数'],
    [`q=${'李'.repeat(65)}`, '查找内容不能超过 64 个字'],
  ]) {
    const response = await page.goto(`/admin/users?${query}`);
    expect(response?.status(), query).toBe(400);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('searchbox', { name: '查找人员' })).toHaveValue(new URLSearchParams(query).get('q')!);
    await expect(page.locator('table.cards')).toHaveCount(0);
  }
  await page.getByRole('link', { name: '清除条件' }).click();
  await expect(page.getByRole('row', { name: /李晓雯/ })).toBeVisible();
});
