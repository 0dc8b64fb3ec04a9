import { expect, test } from '@playwright/test';
import { signIn, signedIn } from './helpers';
import { orgMonth, orgToday, previousMonth } from '../../src/lib/time-zone';

test('an admin creates a user, who must choose a new password at first sign-in', async ({ page, browser }) => {
  await signedIn(page, 'admin');
  await page.locator('summary', { hasText: '新建用户' }).click();
  await page.getByRole('textbox', { name: '用户名' }).fill('newhire');
  await page.getByRole('textbox', { name: '姓名' }).fill('周新');
  await page.getByRole('textbox', { name: '工号' }).fill('KF950');
  // The hire date starts as today; monthly reviews count from it.
  await expect(page.getByLabel('入职日期')).toHaveValue(orgToday());
  await page.getByLabel('入职日期').fill(`${orgMonth()}-01`);
  await page.getByLabel('初始密码').fill('first password 1');
  await page.getByRole('button', { name: '新建用户' }).click();
  await expect(page.getByRole('status')).toContainText('newhire');
  await expect(page.getByRole('row', { name: /周新/ })).toBeVisible();
  await page.goto('/team/KF950');
  await expect(page.getByTestId('employee-profile')).toContainText(`入职日期 ${orgMonth()}-01`);
  // Not in the review of a month before they were hired (an account without a date was in every month).
  await page.goto(`/reports/monthly?month=${previousMonth(orgMonth())}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('KF950')).toHaveCount(0);

  const context = await browser.newContext();
  const hire = await context.newPage();
  await signIn(hire, 'newhire', 'first password 1');
  await expect(hire).toHaveURL(/\/account\/password$/);
  await hire.goto('/learn');
  await expect(hire).toHaveURL(/\/account\/password$/);
  const changeTo = async (next: string) => {
    await hire.getByLabel('当前密码').fill('first password 1');
    await hire.getByLabel('新密码', { exact: true }).fill(next);
    await hire.getByLabel('再次输入新密码').fill(next);
    await hire.getByRole('button', { name: '保存新密码' }).click();
  };
  // Keeping the password the administrator passed on is not a change.
  await changeTo('first password 1');
  await expect(hire.getByRole('alert')).toContainText('新密码不能与当前密码相同');
  await hire.goto('/learn');
  await expect(hire).toHaveURL(/\/account\/password$/);
  await changeTo('my own password');
  await expect(hire.getByRole('status')).toContainText('密码已修改');
  await hire.goto('/learn');
  await expect(hire).toHaveURL(/\/learn$/);
  await context.close();
});

test('a new password that is too short is refused and nothing changes', async ({ page }) => {
  await signedIn(page, 'learner4');
  await page.goto('/account/password');
  await page.getByLabel('当前密码').fill('academy-demo');
  await page.getByLabel('新密码', { exact: true }).evaluate((el) => el.removeAttribute('minlength'));
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入新密码').fill('short');
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: '保存新密码' }).click();
  expect((await response).status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('至少需要 8 个字符');
});
