import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

export const PASSWORD = 'academy-demo';

/** Opens the sign-in form and fills it without sending, for a test that must send it at a chosen moment. */
export async function fillSignIn(page: Page, username: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, username: string, password = PASSWORD) {
  await fillSignIn(page, username, password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in and waits to leave the sign-in page. */
export async function signedIn(page: Page, username: string) {
  await signIn(page, username);
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Creates a learner of its own (or a user of the role `role` names) through the admin form and signs
 * them in on `page`, past the first password change. For tests that change per-user state every other
 * test would see (the interface language lives on the user row), so parallel workers sharing a demo
 * account cannot collide.
 */
export async function ownLearner(browser: Browser, page: Page, username: string, role = '客服专员') {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signedIn(admin, 'admin');
  const create = admin.locator('details', { has: admin.locator('summary', { hasText: '新建用户' }) });
  await create.locator('summary').click();
  await create.getByRole('textbox', { name: '用户名' }).fill(username);
  await create.getByRole('textbox', { name: '姓名' }).fill(`测试${username}`);
  await create.getByLabel('角色').selectOption({ label: role });
  await create.getByLabel('初始密码').fill('first password 1');
  await create.getByRole('button', { name: '新建用户' }).click();
  await expect(admin.getByRole('status')).toContainText(username);
  await adminContext.close();
  await signIn(page, username, 'first password 1');
  await page.getByLabel('当前密码').fill('first password 1');
  await page.getByLabel('新密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('再次输入新密码').fill(PASSWORD);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('status')).toContainText('密码已修改');
  await page.goto('/learn');
}

/**
 * Checks the page as it stands for what the product promises every page: it reads on a phone without
 * sideways scrolling (in a phone-sized context) and axe finds nothing serious or critical.
 */
export async function expectReadableAndAccessible(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what} scrolls sideways`).toBeLessThanOrEqual(0);
  // Also the label-in-name rule (WCAG 2.5.3), which axe leaves off by default as experimental.
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${what} ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

/** The header line of a roster CSV, in the column names HR's spreadsheets use. */
export const ROSTER_HEADER = '工号,姓名,用户名,角色,团队,入职日期';

/** Uploads a roster on /admin/import and returns the preview's response status. */
export async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto('/admin/import');
  await page.getByLabel('花名册文件').setInputFiles(file);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/admin/import'));
  await page.getByRole('button', { name: '检查并预览' }).click();
  return (await response).status();
}

/** Confirms a clean preview and returns each new account's one-time password by username. */
export async function confirmImport(page: Page): Promise<Record<string, string>> {
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('status')).toContainText('导入完成');
  const passwords: Record<string, string> = {};
  for (const row of await page.getByRole('row').filter({ has: page.locator('code.secret') }).all()) {
    const cells = row.locator('code');
    passwords[(await cells.first().innerText()).trim()] = (await cells.last().innerText()).trim();
  }
  return passwords;
}
