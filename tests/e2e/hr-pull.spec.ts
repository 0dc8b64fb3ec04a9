import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { orgMonth, previousMonth } from '../../src/lib/time-zone';
import { signedIn } from './helpers';

/**
 * Issue 9's loop end to end on the demo's second team (客服二组, so it never races the first team's
 * review spec): its supervisor records a day's inspections and approves the ended month; an admin issues
 * a token; HR filters the month by team, downloads CSV and XLSX, and the token reads the same rows.
 */
const MONTH = previousMonth(orgMonth());
const DAY = `${MONTH}-20`;
const TEAM = '客服二组';

interface Row {
  employeeNo: string;
  total: string;
  grade: string;
  status: string;
}
const STATUS: Record<string, string> = { approved: '已审批', draft: '草稿', reopened: '已重开' };

/** One GET written on a raw socket, bytes as given (no client percent-encodes it): status and body. */
function rawGet(baseURL: string, target: string) {
  const { hostname, port } = new URL(baseURL);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`, 'utf8')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
  });
}

async function download(page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync((await file.path())!);
}

test.describe.serial('HR pull', () => {
  let token = '';

  test("the team's supervisor records a day's inspections and approves the month", async ({ page }) => {
    await signedIn(page, 'supervisor2');
    await page.goto(`/team/inspections?date=${DAY}`);
    const save = page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ });
    await save.click();
    await expect(page.getByRole('status')).toContainText(`已保存 ${DAY}`);
    // A complaint still pending in the month (the seed's own may fall in it too): both approve forms say approving freezes it unjudged.
    await page.goto('/team/complaints');
    // 吴雨桐 was hired 40 days before the seeding day, so by the month's last day whatever the date.
    const lastDay = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)), 0)).toISOString().slice(0, 10);
    await page.getByLabel('被投诉员工').selectOption('KF201');
    await page.getByLabel('投诉日期').fill(lastDay);
    await page.getByLabel('投诉渠道').selectOption('desk');
    await page.getByLabel('投诉内容摘要').fill('顾客反映咨询时被打断');
    await page.getByRole('button', { name: '登记（待判定）' }).click();
    await expect(page.getByRole('status')).toContainText('已登记对 KF201 的投诉');
    await page.goto(`/team/reviews/KF201?month=${MONTH}`);
    await expect(page.getByTestId('pending-warning')).toContainText(/本月还有 [12] 次投诉待判定/);
    await page.goto(`/team/reviews?month=${MONTH}`);
    await expect(page.getByTestId('pending-warning')).toContainText('吴雨桐');
    const approveAll = page.getByRole('button', { name: /审批本页全部 \d+ 份考核/ });
    await approveAll.click();
    await expect(page.getByRole('status')).toContainText('已审批');
    await expect(page.getByTestId('review-card').filter({ hasNotText: '已审批' })).toHaveCount(0);
  });

  test('an admin issues a read token, shown once', async ({ page }) => {
    await signedIn(page, 'admin');
    await page.goto('/admin/tokens');
    await page.getByLabel('名称（用途）').fill('HR 系统');
    await page.getByLabel('读取月度考评（reviews:read）').check();
    await page.getByLabel('读取考核成绩（scores:read）').check();
    await page.getByRole('button', { name: '签发令牌' }).click();
    token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^sa_[a-z2-7]{40}$/);
    await page.goto('/admin/tokens');
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    await expect(page.getByTestId('token-row').filter({ hasText: 'HR 系统' })).toContainText('从未使用');
    // The same name again while that token is live (a second click): refused, no second token.
    await page.getByLabel('名称（用途）').fill('HR 系统');
    await page.getByLabel('读取月度考评（reviews:read）').check();
    await page.getByRole('button', { name: '签发令牌' }).click();
    await expect(page.getByRole('alert')).toContainText('已有名为“HR 系统”的有效令牌');
    await expect(page.getByLabel('名称（用途）')).toHaveValue('HR 系统');
    await expect(page.getByLabel('读取月度考评（reviews:read）')).toBeChecked();
    await expect(page.getByLabel('读取考核成绩（scores:read）')).not.toBeChecked();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    await expect(page.getByTestId('token-row').filter({ hasText: 'HR 系统' })).toHaveCount(1);
  });

  test('HR filters the month by team, downloads CSV and XLSX, and the token reads the same rows', async ({ page }) => {
    await signedIn(page, 'hr');
    await page.goto(`/reports/monthly?month=${MONTH}`);
    await page.locator('select[name=team]').selectOption({ label: TEAM });
    await page.getByRole('button', { name: '筛选' }).click();
    const rows = page.getByTestId('monthly-row');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-employee')));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((no) => no?.startsWith('KF2') || no === 'KF002')).toBe(true);

    const csv = await download(page, /^CSV$/);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['工号', '姓名', '团队']);
    const col = (name: string) => header.indexOf(name);
    const fromCsv: Row[] = lines.slice(1).map((line) => {
      const cells = line.split(',');
      return { employeeNo: cells[col('工号')], total: cells[col('总分')], grade: cells[col('等级')], status: cells[col('状态')] };
    });
    expect(fromCsv.map((r) => r.employeeNo)).toEqual(shown);
    // The supervisor approved the team's specialists; the supervisor's own review waits for HR.
    expect(fromCsv.filter((r) => r.employeeNo.startsWith('KF2')).every((r) => r.status === '已审批')).toBe(true);

    const xlsx = await download(page, /Excel/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const fromXlsx: Row[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) {
        expect((row.values as unknown[]).slice(1)).toEqual(header);
        return;
      }
      const cell = (name: string) => row.getCell(col(name) + 1).value;
      fromXlsx.push({ employeeNo: String(cell('工号')), total: cell('总分') === null ? '' : String(cell('总分')), grade: String(cell('等级')), status: String(cell('状态')) });
    });
    expect(fromXlsx).toEqual(fromCsv);

    const api = await page.request.get(`/api/v1/reviews?month=${MONTH}`, { headers: { authorization: `Bearer ${token}`, cookie: '' } });
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { month: string; reviews: { employeeNo: string; team: string; total: number | null; status: string }[]; nextCursor: string | null };
    expect(body.month).toBe(MONTH);
    const team = body.reviews.filter((r) => r.team === TEAM);
    expect(team.map((r) => r.employeeNo).sort()).toEqual(fromCsv.map((r) => r.employeeNo).sort());
    for (const r of team) {
      const row = fromCsv.find((c) => c.employeeNo === r.employeeNo)!;
      expect(String(r.total ?? '')).toBe(row.total);
      expect(STATUS[r.status]).toBe(row.status);
    }
  });

  test('the API refuses a missing, unknown or wrong-scope token and bad months, in the caller’s language', async ({ page }) => {
    const anon = { cookie: '' };
    const missing = await page.request.get(`/api/v1/reviews?month=${MONTH}`, { headers: anon });
    expect(missing.status()).toBe(401);
    expect((await missing.json()).error.code).toBe('token_missing');
    const unknown = await page.request.get(`/api/v1/reviews?month=${MONTH}`, { headers: { ...anon, authorization: 'Bearer sa_nope' } });
    expect(unknown.status()).toBe(401);
    const future = await page.request.get(`/api/v1/reviews?month=${Number(MONTH.slice(0, 4)) + 1}-01`, { headers: { ...anon, authorization: `Bearer ${token}` } });
    expect(future.status()).toBe(400);
    expect((await future.json()).error.message).toContain('尚未开始');
    const backwards = await page.request.get(`/api/v1/scores?from=${MONTH}-20&to=${MONTH}-01`, { headers: { ...anon, authorization: `Bearer ${token}` } });
    expect(backwards.status()).toBe(400);
    const scores = await page.request.get(`/api/v1/scores?from=${MONTH}-01&to=${MONTH}-28`, { headers: { ...anon, authorization: `Bearer ${token}` } });
    expect(scores.status()).toBe(200);
    expect(Array.isArray((await scores.json()).scores)).toBe(true);

    await signedIn(page, 'supervisor');
    expect((await page.request.get(`/reports/monthly?month=${MONTH}`)).status()).toBe(403);
    expect((await page.request.get(`/reports/monthly.csv?month=${MONTH}`)).status()).toBe(403);
    expect((await page.request.get(`/api/v1/reviews?month=${MONTH}`)).status()).toBe(403);
  });

  test('an unknown or malformed filter is a 400 that says why, on the pages and the API, never every team', async ({ page, baseURL }) => {
    await signedIn(page, 'hr');
    for (const [query, message] of [
      ['team=x', '团队须用团队编号指定'],
      ['team=999999', '没有编号为 999999 的团队'],
      ['grade=bogus', '“grade”的值无效，可选值：excellent, good, pass, improve, none'],
      ['sort=salary', '“sort”的值无效'],
    ]) {
      const res = await page.goto(`/reports/monthly?month=${MONTH}&${query}`);
      expect(res!.status(), query).toBe(400);
      await expect(page.getByRole('alert')).toContainText(message);
      await expect(page.getByTestId('monthly-row')).toHaveCount(0);
      await expect(page.getByLabel('月份')).toHaveValue(MONTH);
    }
    expect((await page.goto('/reports?team=999999'))!.status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('没有编号为 999999 的团队');
    expect((await page.request.get(`/reports/monthly.csv?month=${MONTH}&team=x`)).status()).toBe(400);

    const bearer = { cookie: '', authorization: `Bearer ${token}` };
    const refused = async (path: string) => {
      const res = await page.request.get(path, { headers: bearer });
      expect(res.status(), path).toBe(400);
      return (await res.json()).error as { code: string; message: string; params: Record<string, unknown> };
    };
    expect(await refused(`/api/v1/reviews?month=${MONTH}&team=999999`)).toMatchObject({ code: 'unknown_team', message: '没有编号为 999999 的团队。', params: { field: 'team' } });
    expect(await refused(`/api/v1/reviews?month=${MONTH}&team=${encodeURIComponent(TEAM)}`)).toMatchObject({ code: 'invalid_query', params: { field: 'team' } });
    expect((await refused(`/api/v1/reviews?month=${MONTH}&team=${encodeURIComponent(TEAM)}`)).message).toContain('不能用团队名称');
    expect(await refused(`/api/v1/reviews?month=${MONTH}&limit=0`)).toMatchObject({ code: 'invalid_query', message: '每页条数须为 1 到 1000 之间的整数。' });
    expect(await refused(`/api/v1/scores?from=${MONTH}-01&to=${MONTH}-20&team=999999`)).toMatchObject({ code: 'unknown_team' });
    // The downloads take the token (docs/hr-pull.md); a token client reads refusals as JSON, not a page.
    const pulled = await page.request.get(`/reports/monthly.csv?month=${MONTH}`, { headers: bearer, maxRedirects: 0 });
    expect([pulled.status(), pulled.headers()['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    const anonymous = await page.request.get(`/reports/monthly.csv?month=${MONTH}`, { headers: { cookie: '' }, maxRedirects: 0 });
    expect([anonymous.status(), anonymous.headers()['location']]).toEqual([303, `/login?next=${encodeURIComponent(`/reports/monthly.csv?month=${MONTH}`)}`]);
    expect(await refused(`/reports/monthly.csv?month=${MONTH}&team=999999`)).toMatchObject({ code: 'unknown_team' });
    expect(await refused(`/reports/scores.xlsx?from=${MONTH}-20&to=${MONTH}-01`)).toMatchObject({ code: 'invalid_query' });
    const noToken = await page.request.get(`/reports/monthly.csv?month=${MONTH}`, { headers: { cookie: '', authorization: 'Bearer sa_nope' } });
    expect([noToken.status(), (await noToken.json()).error.code]).toEqual([401, 'token_invalid']);
    // The team's name sent unencoded (as curl sends it): refused before the app, but with a body that says why.
    const raw = await rawGet(baseURL!, `/api/v1/reviews?month=${MONTH}&team=${TEAM}`);
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body).error).toMatchObject({ code: 'bad_url' });
  });

  test('the reviews API fills every page but the last, whatever the page size', async ({ page }) => {
    await signedIn(page, 'hr');
    await page.goto(`/reports/monthly?month=${MONTH}`);
    const teamId = await page.locator('select[name=team] option', { hasText: TEAM }).getAttribute('value');
    const bearer = { cookie: '', authorization: `Bearer ${token}` };
    const walk = async (query: string) => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await page.request.get(`/api/v1/reviews?month=${MONTH}&${query}${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer });
        expect(res.status()).toBe(200);
        const body = (await res.json()) as { reviews: { employeeNo: string }[]; nextCursor: string | null };
        pages.push(body.reviews.map((r) => r.employeeNo));
        cursor = body.nextCursor;
      } while (cursor !== null && pages.length < 500);
      return pages;
    };
    const whole = (await walk(`team=${teamId}&limit=1000`)).flat();
    expect(whole.length).toBeGreaterThan(2);
    for (const limit of [1, 2]) {
      const pages = await walk(`team=${teamId}&limit=${limit}`);
      expect(pages.flat()).toEqual(whole);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      expect(pages).toHaveLength(Math.ceil(whole.length / limit));
    }
    // Unfiltered, HR and admin accounts and people hired later sit between the reviewed: still no short page.
    // Other specs create accounts meanwhile (some without a 工号); new ids come last, so the one-page walk
    // is a prefix of the paged one.
    const everyone = (await walk('limit=1000')).flat();
    const all = await walk('limit=3');
    expect(all.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(all[all.length - 1].length).toBeGreaterThan(0);
    expect(all.flat().slice(0, everyone.length)).toEqual(everyone);
  });

  test('a reopened review carries no approval in the download or the API, only when and why it was reopened', async ({ page }) => {
    await signedIn(page, 'hr');
    await page.goto(`/team/reviews/KF201?month=${MONTH}`);
    await expect(page.getByTestId('review-status')).toHaveText('已审批');
    await page.getByLabel('重开原因').fill('补录投诉记录');
    await page.getByRole('button', { name: '重开考核' }).click();
    await expect(page.getByRole('status')).toContainText('考核已重开');

    const csv = (await (await page.request.get(`/reports/monthly.csv?month=${MONTH}`)).body()).subarray(3).toString('utf8').trim().split('\r\n');
    const header = csv[0].split(',');
    const row = Object.fromEntries(csv.find((l) => l.startsWith('KF201,'))!.split(',').map((cell, i) => [header[i], cell]));
    expect(row).toMatchObject({ 状态: '已重开', 审批人: '', 审批时间: '', 审批意见: '', 重开原因: '补录投诉记录' });
    expect(row['重开时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const other = Object.fromEntries(csv.find((l) => l.startsWith('KF202,'))!.split(',').map((cell, i) => [header[i], cell]));
    expect(other).toMatchObject({ 状态: '已审批', 审批人: '周建国', 重开时间: '', 重开原因: '' });

    const api = await page.request.get(`/api/v1/reviews?month=${MONTH}`, { headers: { cookie: '', authorization: `Bearer ${token}` } });
    const reviews = (await api.json()).reviews as { employeeNo: string; status: string; approvedBy: string | null; approvedAt: string | null; reopenReason: string | null; reopenedAt: string | null }[];
    expect(reviews.find((r) => r.employeeNo === 'KF201')).toMatchObject({ status: 'reopened', approvedBy: null, approvedAt: null, reopenReason: '补录投诉记录' });
    expect(reviews.find((r) => r.employeeNo === 'KF201')!.reopenedAt).not.toBeNull();
    expect(reviews.find((r) => r.employeeNo === 'KF202')).toMatchObject({ status: 'approved', approvedBy: '周建国', reopenedAt: null });
  });
});

test('the scores form shows a refused range again as typed, with the reason, and downloads a valid one', async ({ page }) => {
  await signedIn(page, 'hr');
  await page.goto('/reports');
  const from = page.getByLabel('开始日期');
  const to = page.getByLabel('结束日期');
  await from.fill('2024-01-01');
  await to.fill(`${MONTH}-20`);
  const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/reports'), page.getByRole('button', { name: '下载 CSV' }).click()]);
  expect(response.status()).toBe(400);
  await expect(page.getByRole('alert')).toHaveText('一次最多查询一年（366 天）的数据，请缩小日期范围。');
  await expect(from).toHaveValue('2024-01-01');
  await expect(to).toHaveValue(`${MONTH}-20`);

  await from.fill(`${MONTH}-01`);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel（XLSX）' }).click()]);
  expect(file.suggestedFilename()).toBe(`考核成绩_${MONTH}-01_${MONTH}-20.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1, 3)).toEqual(['工号', '姓名']);
});
