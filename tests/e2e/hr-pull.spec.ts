import { readFileSync } from 'node:fs';
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
    await page.goto(`/team/reviews?month=${MONTH}`);
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
});
