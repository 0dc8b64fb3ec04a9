import { expect, test } from '@playwright/test';
import { PASSWORD, fillSignIn, ownLearner, signIn, signedIn } from './helpers';

test.describe('signing in', () => {
  for (const [username, home, heading] of [
    ['learner1', '/learn', '我的课程'],
    ['supervisor', '/team', '我的团队'],
    ['hr', '/reports', '人力资源报表'],
    ['admin', '/admin/users', '用户管理'],
  ]) {
    test(`${username} lands on their home page`, async ({ page }) => {
      await signIn(page, username);
      await expect(page).toHaveURL(new RegExp(`${home}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    });
  }

  test('a wrong password shows one message for any failure', async ({ page }) => {
    await signIn(page, 'learner2', 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。');
    // The username stays for the next try; the password never comes back.
    await expect(page.getByLabel('用户名')).toHaveValue('learner2');
    await expect(page.getByLabel('密码')).toHaveValue('');
    await signIn(page, 'nobody-here', 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。');
  });

  test('repeated failures are throttled with growing delays, even with the right password', async ({ page, request, baseURL }) => {
    // A dedicated account, so the lock-out cannot disturb tests running in parallel.
    expect((await request.post('/api/v1/session', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(200);
    const created = await request.post('/admin/users?_action=admin.createUser', {
      headers: { origin: baseURL! },
      form: { username: 'throttled', name: '测试', role: 'learner', password: 'the right password' },
    });
    expect(created.status()).toBe(200);
    // The form is filled before the failures, so sending it runs inside the last delay (8 s) on a slow machine too.
    await fillSignIn(page, 'throttled', 'the right password');
    const waits: number[] = [];
    for (let failures = 0; failures < 6; ) {
      const res = await request.post('/api/v1/session', { data: { username: 'throttled', password: 'wrong-password' } });
      if (res.status() === 401) failures++;
      else {
        expect(res.status()).toBe(429);
        const wait = Number(res.headers()['retry-after']);
        waits.push(wait);
        await page.waitForTimeout(wait * 1000);
      }
    }
    expect(waits.length).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('登录失败次数过多');
    await expect(page).toHaveURL(/\/login/);
  });

  test('a learner opening an admin page is refused with 403', async ({ page }) => {
    await signedIn(page, 'learner4');
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('无权访问');
  });

  test('an anonymous visitor is sent to sign in and returned afterwards', async ({ page }) => {
    await page.goto('/learn/search?q=三声');
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill('learner1');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/learn\/search\?q=/);
  });

  test('sign-out ends the session for good', async ({ page, browser }) => {
    await signedIn(page, 'learner1');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'academy_session')!;
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByRole('status')).toHaveText('您已退出登录。');
    const other = await browser.newContext();
    await other.addCookies([cookie]);
    const stale = await other.newPage();
    await stale.goto('/learn');
    await expect(stale).toHaveURL(/\/login/);
    await other.close();
  });

  test('a tampered session cookie signs out cleanly', async ({ page, context }) => {
    await signedIn(page, 'learner2');
    const cookie = (await context.cookies()).find((c) => c.name === 'academy_session')!;
    await context.addCookies([{ ...cookie, value: cookie.value.slice(0, -2) + 'aa' }]);
    const response = await page.goto('/learn');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login/);
  });

  test('the interface switches to English and remembers it', async ({ page, browser }) => {
    await ownLearner(browser, page, 'polyglot');
    await page.getByRole('button', { name: /^切换语言：\s*English$/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My modules');
    await page.goto('/learn');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: /^Switch language:\s*中文$/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的课程');
  });
});

test.describe('the session API and bad input', () => {
  test('POST /api/v1/session signs in with JSON and DELETE signs out', async ({ request, baseURL }) => {
    const ok = await request.post('/api/v1/session', { data: { username: 'hr', password: PASSWORD } });
    expect(ok.status()).toBe(200);
    expect(ok.headers()['set-cookie']).toMatch(/academy_session=.*HttpOnly/i);
    const headers = { origin: baseURL! };
    const out = await request.delete('/api/v1/session', { headers });
    expect(out.status()).toBe(204);
    expect((await request.delete('/api/v1/session', { headers })).status()).toBe(401);
  });

  test('wrong credentials get 401 with a message', async ({ request }) => {
    const res = await request.post('/api/v1/session', { data: { username: 'hr', password: 'nope-nope' } });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.message).toBe('用户名或密码不正确。');
  });

  test('malformed, oversized, mistyped and cross-site bodies get a 4xx', async ({ request, baseURL }) => {
    const malformed = await request.post('/api/v1/session', { headers: { 'content-type': 'application/json' }, data: '{"username":' });
    expect(malformed.status()).toBe(400);
    const missing = await request.post('/api/v1/session', { data: { username: 'hr' } });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).error.message).toContain('password');
    const huge = await request.post('/api/v1/session', { data: { username: 'hr', password: 'x'.repeat(70_000) } });
    expect(huge.status()).toBe(413);
    const form = await request.post('/api/v1/session', { headers: { origin: baseURL! }, form: { username: 'hr', password: PASSWORD } });
    expect(form.status()).toBe(415);
    const foreign = await request.post('/api/v1/session', { headers: { origin: 'https://evil.example' }, data: { username: 'hr', password: PASSWORD } });
    expect(foreign.status()).toBe(403);
    expect(foreign.headers()['set-cookie']).toBeUndefined();
  });

  test('malformed and oversized form posts get a clear 4xx page, never a 500', async ({ request, baseURL }) => {
    const headers = { origin: baseURL! };
    const missing = await request.post('/login?_action=signIn', { headers, form: { username: 'hr' } });
    expect(missing.status()).toBe(400);
    expect(await missing.text()).toContain('请填写用户名和密码。');
    const huge = await request.post('/login?_action=signIn', { headers, form: { username: 'x'.repeat(2_000_000), password: 'x' } });
    expect(huge.status()).toBeGreaterThanOrEqual(400);
    expect(huge.status()).toBeLessThan(500);
    const unknownLocale = await request.post('/account/locale', { headers, form: { locale: 'fr' } });
    expect(unknownLocale.status()).toBe(400);
  });

  test('a learner posting an admin action is refused and nothing is created', async ({ request, baseURL }) => {
    const headers = { origin: baseURL! };
    expect((await request.post('/api/v1/session', { data: { username: 'learner2', password: PASSWORD } })).status()).toBe(200);
    const res = await request.post('/admin/users?_action=admin.createUser', { headers, form: { username: 'sneaky', name: 'x', role: 'admin', password: 'long enough pw' } });
    expect(res.status()).toBe(403);
    expect((await request.post('/api/v1/session', { data: { username: 'sneaky', password: 'long enough pw' } })).status()).toBe(401);
  });

  test('a cross-site form post is refused', async ({ request }) => {
    const res = await request.post('/login?_action=signIn', {
      headers: { origin: 'https://evil.example' },
      form: { username: 'hr', password: PASSWORD },
    });
    expect(res.status()).toBe(403);
  });
});
