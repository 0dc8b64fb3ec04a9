import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { ownLearner, signedIn } from './helpers';
import { orgMonth, previousMonth } from '../../src/lib/time-zone';

test('pages and API answers carry the security headers; signed-in ones are not stored', async ({ page }) => {
  await signedIn(page, 'learner4');
  const pageRes = await page.request.get('/learn');
  const headers = pageRes.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/script-src [^;]*'self'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['strict-transport-security']).toBeUndefined();
  const api = await page.request.get('/api/v1/me/assignments');
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['cache-control']).toBe('no-store');
});

test('the quiz island runs under the CSP without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await signedIn(page, 'learner4');
  await page.goto('/quiz/desk-rules');
  await page.getByTestId('start-practice').click();
  await expect(page.locator('astro-island:not([ssr])').first()).toBeAttached();
  await expect(page.getByRole('button', { name: '下一题' })).toBeEnabled();
  expect(violations).toEqual([]);
});

test('a lesson is styled from cached stylesheet files the CSP allows, with no <style> in the page', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await signedIn(page, 'learner4');
  const res = await page.goto('/learn/communication/01-service-character');
  expect(await res!.text()).not.toContain('<style');
  const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(sheets.length).toBeGreaterThan(0);
  for (const href of sheets) {
    const css = await page.request.get(href);
    expect(css.status()).toBe(200);
    expect(css.headers()['cache-control']).toContain('immutable');
  }
  // The skip link is off-screen until focused: global.css applied.
  expect(await page.locator('a.skip').evaluate((a) => getComputedStyle(a).position)).toBe('absolute');
  expect(violations).toEqual([]);
});

test('lesson parts are styled without scoped-style stamps on every element', async ({ page }) => {
  await signedIn(page, 'learner4');
  for (const path of ['/learn', '/learn/customer-types/01-decision-pace']) {
    const res = await page.goto(path);
    // A scoped <style> marks every element of its component with data-astro-cid-… (a fifth of /learn's bytes).
    expect(await res!.text(), path).not.toContain('data-astro-cid-');
  }
  const style = (selector: string, property: string) => page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  expect(await style('.phrase-pair .bad', 'text-decoration-line')).toBe('line-through');
  expect(await style('.ctype-n', 'border-top-left-radius')).toBe('50%');
  expect(await style('.keyfact', 'display')).toBe('flex');
  expect(await style('.example', 'border-top-style')).toBe('dashed');
  expect(await style('.source-note', 'border-top-width')).toBe('1px');
  expect(await style('.lesson-pager', 'display')).toBe('flex');
  await page.goto('/learn/desk-rules/05-discipline-replies');
  expect(await style('.rule', 'border-left-width')).toBe('4px');
  await page.goto('/learn/desk-rules/03-inspection');
  expect(await style('.procedure', 'background-color')).not.toBe('rgba(0, 0, 0, 0)');
});

for (const next of ['/%5Cevil.example', '//evil.example', '/%09/evil.example', 'https://evil.example/']) {
  test(`signing in with next=${next} stays on this site`, async ({ page }) => {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('用户名').fill('learner4');
    await page.getByLabel('密码').fill('academy-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/localhost:\d+\/learn$/);
  });
}

test('odd posts get a clear 4xx, never a 500', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const post = (path: string, data: unknown, type: string) => page.request.post(path, { headers: { origin, 'content-type': type }, data: data as string });
  expect((await post('/account/locale', '{"locale":"en"}', 'application/json')).status()).toBe(415);
  expect((await post('/account/locale', '--x\r\nbroken', 'multipart/form-data; boundary=x')).status()).toBe(415);
  expect((await post('/account/locale', 'locale=en&next=' + 'a'.repeat(10 * 1024 * 1024), 'application/x-www-form-urlencoded')).status()).toBe(413);
  expect((await post('/account/locale', 'locale=fr', 'application/x-www-form-urlencoded')).status()).toBe(400);
  await signedIn(page, 'admin');
  expect((await post('/_actions/admin', 'x=1', 'application/x-www-form-urlencoded')).status()).toBe(404);
  expect((await post('/_actions/learning', 'x=1', 'application/x-www-form-urlencoded')).status()).toBe(404);
  expect((await post('/login?_action=admin', 'x=1', 'application/x-www-form-urlencoded')).status()).toBe(404);
});

/** Posts `body` in 64 KiB pieces with no length (chunked), as a script might; resolves with the status and body. */
function chunkedPost(url: URL, headers: Record<string, string>, body: Buffer) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { origin: url.origin, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

test('chunked JSON over 1 MiB is refused with 413', async ({ baseURL }) => {
  const { status } = await chunkedPost(new URL('/api/v1/session', baseURL), { 'content-type': 'application/json' }, Buffer.alloc(20 * 64 * 1024, 'a'));
  expect(status).toBe(413);
});

test('a form action refuses a body that is not a form, or is over 1 MiB without a length, with a clear 4xx, and changes nothing', async ({ browser, page, baseURL }) => {
  await ownLearner(browser, page, 'form.body');
  const lesson = '/learn/conduct/01-appearance';
  const origin = new URL(baseURL!).origin;
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const form = Buffer.from(`module=conduct&lesson=01-appearance&pad=${'a'.repeat(1024 * 1024)}`);
  for (const path of ['/_actions/learning.markStudied', `${lesson}?_action=learning.markStudied`]) {
    // Astro's own parsing answered 500 to both.
    const json = await page.request.post(path, { headers: { origin, 'content-type': 'application/json' }, data: '{' });
    expect(json.status(), path).toBe(415);
    expect(await json.text(), path).toContain('此操作只接受表单提交');
    const big = await chunkedPost(new URL(path, baseURL), { cookie, 'content-type': 'application/x-www-form-urlencoded' }, form);
    expect(big.status, path).toBe(413);
    expect(big.text, path).toContain('请求内容过大');
  }
  await page.goto(lesson);
  await expect(page.getByTestId('studied')).toHaveCount(0);
  await page.getByRole('button', { name: '标记为已学' }).click();
  await expect(page.getByTestId('studied')).toBeVisible();
});

/**
 * A raw connection, so no client library re-encodes or completes anything: sends `first`, then `drip`
 * once a second if given; resolves with what came back and how long until the server closed.
 */
function rawExchange(baseURL: string, first: string, drip = '') {
  const { hostname, port } = new URL(baseURL);
  const started = Date.now();
  return new Promise<{ text: string; seconds: number }>((resolve, reject) => {
    let text = '';
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(first));
    const timer = setInterval(() => drip && !socket.destroyed && socket.write(drip), 1_000);
    socket.on('data', (chunk) => (text += chunk));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, seconds: (Date.now() - started) / 1000 });
    });
    socket.on('error', reject);
  });
}

test('a path that does not decode is a 400, and the built scripts are still served, precompressed', async ({ baseURL, request }) => {
  const { text: head } = await rawExchange(baseURL!, `GET /learn/%E0%A4%A HTTP/1.1\r\nHost: academy.test\r\nConnection: close\r\n\r\n`);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  expect(status).toBe(400);
  const login = await (await request.get('/login')).text();
  const asset = /\/_astro\/[^"]+\.css/.exec(login)?.[0];
  expect(asset).toBeTruthy();
  const res = await request.get(asset!, { headers: { 'accept-encoding': 'br' } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-encoding']).toBe('br');
  expect(res.headers()['cache-control']).toContain('immutable');
});

/** One raw GET on a fresh connection (no client library decoding anything): status, headers and the body's bytes as sent. */
function rawGet(baseURL: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('pages, API answers and CSV downloads are compressed for a client that accepts it, and decode to the same bytes', async ({ baseURL, page }) => {
  await signedIn(page, 'hr');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const;
  const month = previousMonth(orgMonth());
  for (const path of ['/reports', `/api/v1/reviews?month=${month}`, `/reports/monthly.csv?month=${month}`]) {
    const plain = await rawGet(baseURL!, path, { cookie });
    expect(plain.status, path).toBe(200);
    expect(plain.headers['content-encoding'], path).toBeUndefined();
    expect(plain.headers.vary, path).toContain('Accept-Encoding');
    for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip']] as const) {
      const packed = await rawGet(baseURL!, path, { cookie, 'accept-encoding': accept });
      expect(packed.headers['content-encoding'], `${path} with ${accept}`).toBe(encoding);
      expect(decode[encoding](packed.body).toString('utf8'), `${path} with ${accept}`).toBe(plain.body.toString('utf8'));
    }
  }
  // A page is worth compressing: the signed-in report page shrinks to well under half.
  const report = await rawGet(baseURL!, '/reports', { cookie, 'accept-encoding': 'br' });
  expect(report.body.length).toBeLessThan(brotliDecompressSync(report.body).length / 2);
});

test('a client trickling its headers or its body is cut off with 408', async ({ baseURL }) => {
  test.setTimeout(60_000); // the limits are 10 s for headers and 30 s for the whole request
  const [headers, body] = await Promise.all([
    rawExchange(baseURL!, 'GET /login HTTP/1.1\r\nHost: academy.test\r\n'),
    rawExchange(baseURL!, 'POST /api/v1/session HTTP/1.1\r\nHost: academy.test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{', ' '),
  ]);
  expect(headers.text).toMatch(/^HTTP\/1\.1 408/);
  expect(headers.seconds).toBeGreaterThanOrEqual(10);
  expect(headers.seconds).toBeLessThan(16);
  expect(body.text).toMatch(/^HTTP\/1\.1 408/);
  expect(body.seconds).toBeGreaterThanOrEqual(30);
  expect(body.seconds).toBeLessThan(40);
});
