import { expect, test, type Browser } from '@playwright/test';
import { PASSWORD, ownLearner, signIn, signedIn } from './helpers';

/**
 * OWASP device cookies, the admin's unlock, ACADEMY_TRUSTED_PROXY and "sign out other devices", in a
 * real browser. The server runs with ACADEMY_TRUSTED_PROXY=127.0.0.1,::1 (playwright.config.ts), so
 * the stranger here speaks through "our proxy" with an X-Forwarded-For address of its own: its
 * failures never throttle the address every other test signs in from.
 */

/** A browser elsewhere on the internet, as our proxy reports it. */
async function stranger(browser: Browser, address: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': address } });
  return { context, page: await context.newPage() };
}

test('strangers’ failures lock an account for them, not for a browser its owner signed in with; an admin lifts the lock', async ({ page, browser }) => {
  // Eight patient failures wait 2 + 4 + 8 + 16 s between them; the lock they leave lasts 32 s.
  test.setTimeout(120_000);
  await ownLearner(browser, page, 'deskowner');
  await page.context().clearCookies({ name: 'academy_session' });

  // Everything the checks below need is opened first, so they all run while the lock lasts, however slow the machine.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signedIn(admin, 'admin');
  await admin.goto('/admin/users');
  await admin.getByRole('link', { name: '测试deskowner' }).first().click();
  await expect(admin.getByTestId('lock')).toContainText('没有被锁定');
  // Another office address is not the guesser's: the lock is the account's, for unknown browsers.
  const colleague = await stranger(browser, '198.51.100.24');

  // Counted failures, waiting out each delay as a patient guesser would.
  const guesser = await stranger(browser, '198.51.100.23');
  for (let failures = 0; failures < 8; ) {
    const res = await guesser.context.request.post('/api/v1/session', { data: { username: 'deskowner', password: `guess number ${failures}` } });
    if (res.status() === 401) failures++;
    else {
      expect(res.status()).toBe(429);
      await guesser.page.waitForTimeout(Number(res.headers()['retry-after']) * 1000);
    }
  }
  await signIn(guesser.page, 'deskowner', PASSWORD);
  await expect(guesser.page.getByRole('alert')).toContainText('登录失败次数过多');
  await signIn(colleague.page, 'deskowner', PASSWORD);
  await expect(colleague.page.getByRole('alert')).toContainText('登录失败次数过多');

  await signIn(page, 'deskowner', PASSWORD);
  await expect(page).toHaveURL(/\/learn$/);

  await admin.reload();
  const lock = admin.getByTestId('lock');
  await expect(lock).toContainText('分钟');
  await lock.getByRole('button', { name: '解除锁定' }).click();
  await expect(admin.getByRole('status')).toContainText('已解除 deskowner 的登录锁定');
  await expect(admin.getByTestId('lock')).toContainText('没有被锁定');

  await signIn(colleague.page, 'deskowner', PASSWORD);
  await expect(colleague.page).toHaveURL(/\/learn$/);
  for (const c of [guesser.context, colleague.context, adminContext]) await c.close();
});

test('“sign out other devices” ends the other sessions and keeps this one', async ({ page, browser }) => {
  await ownLearner(browser, page, 'roamer');
  const other = await stranger(browser, '198.51.100.40');
  await signedIn(other.page, 'roamer');
  await page.goto('/account/password');
  await expect(page.getByTestId('other-sessions')).toHaveText('您的账号目前还在另外 1 处登录。');
  await page.getByRole('button', { name: '退出其他设备的登录' }).click();
  await expect(page.getByRole('status')).toContainText('已退出其他 1 处登录');
  await expect(page.getByTestId('other-sessions')).toHaveText('您的账号目前只在这台设备上登录。');
  await other.page.goto('/learn');
  await expect(other.page).toHaveURL(/\/login/);
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/learn$/);
  await other.context.close();
});
