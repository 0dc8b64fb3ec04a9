import { expect, test, type Page } from '@playwright/test';
import { orgMonth, orgToday, previousMonth } from '../../src/lib/time-zone';
import { addDays } from '../../src/scoring/assignment-status';
import { signedIn } from './helpers';

/** The month that has ended and can be approved, and a day in it. */
const MONTH = previousMonth(orgMonth());
const DAY = `${MONTH}-15`;
const urlencoded = (pairs: [string, string | number][]) => new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();

/** Posts a form action the way a browser on this site would, repeated fields included. */
function postAction(page: Page, path: string, action: string, pairs: [string, string | number][]) {
  const origin = new URL(page.url()).origin;
  return page.request.post(`${path}?_action=${action}`, { headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, data: urlencoded(pairs) });
}

test.describe.serial('monthly review', () => {
  let approvedForm: [string, string][] = [];

  test('the supervisor records a day’s inspections for the whole team in one save', async ({ page }) => {
    await signedIn(page, 'supervisor');
    await page.goto(`/team/inspections?date=${DAY}`);
    const people = page.getByTestId('inspection-person');
    await expect(people).toHaveCount(4);
    const zhang = people.filter({ hasText: '张思远' });
    await zhang.getByText('记录警告、处罚或奖励').click();
    await zhang.getByLabel('张思远 的第 1 条记录：条款').selectOption('6.3');
    await zhang.getByLabel('张思远 的第 1 条记录：结果').selectOption('warning');
    await zhang.getByLabel('张思远 的第 1 条记录：备注').fill('接听未报工号');
    await page.getByRole('button', { name: '保存全部 4 人的检查记录' }).click();
    await expect(page.getByRole('status')).toContainText(`已保存 ${DAY} 4 人的检查记录（共 5 条）`);
    await page.goto(`/team/inspections?date=${DAY}`);
    await expect(page.getByTestId('inspection-person').filter({ hasText: '张思远' }).getByLabel('条款', { exact: true })).toHaveValue('6.3');
  });

  test('a refused save shows the day as it was sent, ticks and entries included, and saves nothing', async ({ page }) => {
    await signedIn(page, 'supervisor');
    const day = `${MONTH}-16`;
    await page.goto(`/team/inspections?date=${day}`);
    const chen = () => page.getByTestId('inspection-person').filter({ hasText: '陈佳怡' });
    await chen().getByLabel('当日已检查，其余各项正常').uncheck();
    await chen().getByText('记录警告、处罚或奖励').click();
    await chen().getByLabel('陈佳怡 的第 1 条记录：条款').selectOption('6.3');
    await chen().getByLabel('陈佳怡 的第 1 条记录：结果').selectOption('penalty');
    // A note past 200 characters (a browser that ignores maxlength): the server refuses the whole save.
    const note = chen().getByLabel('陈佳怡 的第 1 条记录：备注');
    await note.evaluate((el) => el.removeAttribute('maxlength'));
    await note.fill('超'.repeat(201));
    await page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(page.getByRole('alert')).toContainText('备注不能超过 200 字');
    await expect(chen().getByLabel('当日已检查，其余各项正常')).not.toBeChecked();
    await expect(chen().getByLabel('条款', { exact: true })).toHaveValue('6.3');
    await expect(chen().getByLabel('结果', { exact: true })).toHaveValue('penalty');
    await expect(chen().getByLabel('备注（可选）', { exact: true })).toHaveValue('超'.repeat(201));
    await page.goto(`/team/inspections?date=${day}`);
    await expect(chen().getByLabel('条款', { exact: true })).toHaveCount(0);
  });

  test('a checklist opened before another tab saved the day is refused, not saved over it', async ({ page, context }) => {
    await signedIn(page, 'supervisor');
    const day = `${MONTH}-17`;
    await page.goto(`/team/inspections?date=${day}`);
    const other = await context.newPage();
    await other.goto(`/team/inspections?date=${day}`);
    const li = other.getByTestId('inspection-person').filter({ hasText: '李晓雯' });
    await li.getByText('记录警告、处罚或奖励').click();
    await li.getByLabel('李晓雯 的第 1 条记录：条款').selectOption('5.3');
    await li.getByLabel('李晓雯 的第 1 条记录：结果').selectOption('penalty');
    await other.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(other.getByRole('status')).toContainText(`已保存 ${day} 4 人的检查记录（共 5 条）`);
    // The first tab, untouched since it opened, saves: refused, and the penalty stays.
    await page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(page.getByRole('alert')).toContainText('这一天的检查记录已在别处保存过');
    await page.getByRole('link', { name: /查看这一天最新的记录/ }).click();
    await expect(page.getByTestId('inspection-person').filter({ hasText: '李晓雯' }).getByLabel('结果', { exact: true })).toHaveValue('penalty');
    await other.close();
    // Clear the day again (nobody ticked, the entry removed): the month the next tests review stays as it was.
    for (const tick of await page.getByLabel('当日已检查，其余各项正常').all()) await tick.uncheck();
    await page.getByTestId('inspection-person').filter({ hasText: '李晓雯' }).getByLabel('条款', { exact: true }).selectOption('');
    await page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(page.getByRole('status')).toContainText(`已保存 ${day} 4 人的检查记录（共 0 条）`);
  });

  test('someone saved as not inspected stays unticked, so saving the day again keeps it', async ({ page }) => {
    await signedIn(page, 'supervisor');
    // This month, which no test reviews: a person not inspected that day changes the month's conduct score.
    const day = orgToday();
    await page.goto(`/team/inspections?date=${day}`);
    const tick = (name: string) => page.getByTestId('inspection-person').filter({ hasText: name }).getByLabel('当日已检查，其余各项正常');
    await tick('陈佳怡').uncheck();
    await page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(page.getByRole('status')).toContainText(`已保存 ${day} 4 人的检查记录（共 3 条）`);
    await expect(tick('陈佳怡')).not.toBeChecked();
    await page.goto(`/team/inspections?date=${day}`);
    await expect(tick('陈佳怡')).not.toBeChecked();
    await expect(tick('张思远')).toBeChecked();
    await page.getByRole('button', { name: /保存全部 \d+ 人的检查记录/ }).click();
    await expect(page.getByRole('status')).toContainText(`已保存 ${day} 4 人的检查记录（共 3 条）`);
  });

  test('the supervisor opens a review, sees every step, and approves the month’s list', async ({ page }) => {
    await signedIn(page, 'supervisor');
    await page.goto(`/team/reviews?month=${MONTH}`);
    const cards = page.getByTestId('review-card');
    await expect(cards).toHaveCount(4);
    // conduct 95 (one warning) weighs 30, complaints 100 weighs 10: (2850 + 1000) / 40 = 96.25 → 96.3
    await expect(cards.filter({ hasText: '张思远' })).toContainText('总分 96.3');
    await page.getByRole('link', { name: '查看详情 李晓雯' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`李晓雯 · ${MONTH}`);
    await expect(page.getByText('本月检查记录：正常 1 条，警告 0 次，处罚 0 次，奖励 0 次。')).toBeVisible();
    await expect(page.getByText('本月没有参加任何模块的考核，此项缺失。')).toBeVisible();
    await expect(page.getByText(/有数据各项的权重之和为 40/)).toBeVisible();
    await expect(page.getByTestId('review-grade')).toHaveText('优秀');
    await page.getByRole('link', { name: '返回考核列表' }).click();
    const form = page.locator('form.approve-all');
    approvedForm = await form.locator('input[type=hidden]').evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value] as [string, string]));
    await page.getByRole('button', { name: '审批本页全部 4 份考核' }).click();
    await expect(page.getByRole('status')).toContainText('已审批 4 份考核');
    await expect(page.getByTestId('review-card').filter({ hasText: '已审批' })).toHaveCount(4);
  });

  test('approving again, editing a frozen month and foreign or bad requests are refused and change nothing', async ({ page }) => {
    await signedIn(page, 'supervisor');
    await page.goto(`/team/reviews?month=${MONTH}`);
    const again = await postAction(page, '/team/reviews', 'review.approve', approvedForm);
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('已经审批并冻结');
    const ids = approvedForm.filter(([k]) => k === 'employeeIds').map(([, v]) => v);
    const version: [string, string] = ['version', '0'.repeat(16)];
    const frozen = await postAction(page, '/team/inspections', 'review.saveInspections', [['date', DAY], version, ...ids.map((id): [string, string] => ['employeeIds', id])]);
    expect(frozen.status()).toBe(409);
    const foreign = await postAction(page, '/team/inspections', 'review.saveInspections', [['date', DAY], version, ['employeeIds', 6], ['inspected', 6]]);
    expect(foreign.status()).toBe(403);
    expect((await page.request.get('/team/reviews?month=2026-13')).status()).toBe(400);
    expect((await page.request.get(`/team/reviews?month=${Number(MONTH.slice(0, 4)) + 2}-01`)).status()).toBe(400);
    await page.goto(`/team/inspections?date=${DAY}`);
    await expect(page.getByTestId('inspection-person').filter({ hasText: '张思远' }).getByLabel('条款', { exact: true })).toHaveValue('6.3');
    await expect(page.getByText('本月考核已审批，记录不可修改')).toHaveCount(4);
  });

  test('a learner sees their approved review on /me/reviews, and no one else’s', async ({ page }) => {
    await signedIn(page, 'learner2');
    await page.goto('/me/reviews');
    const mine = page.getByTestId('my-review').first();
    await expect(mine).toContainText(`${MONTH} 月度考核`);
    await expect(mine).toContainText('6.3 按标准用语接听、言词语气得当');
    await expect(mine.getByTestId('review-grade')).toHaveText('优秀');
    expect((await page.request.get(`/team/reviews?month=${MONTH}`)).status()).toBe(403);
    expect((await page.request.get(`/team/reviews/KF101?month=${MONTH}`)).status()).toBe(403);
  });

  test('HR reopens an approved review with a reason; it becomes a live draft again', async ({ page }) => {
    await signedIn(page, 'hr');
    await page.goto(`/team/reviews/KF101?month=${MONTH}`);
    await expect(page.getByTestId('review-status')).toHaveText('已审批');
    await page.getByLabel('重开原因').fill('补录抽检结果');
    await page.getByRole('button', { name: '重开考核' }).click();
    await expect(page.getByRole('status')).toContainText('考核已重开');
    await expect(page.getByTestId('review-status')).toHaveText('已重开，待重新审批');
    await expect(page.getByText('人力资源已重开此考核（原因：补录抽检结果）')).toBeVisible();
  });

  test('the supervisor logs a complaint and judges it justified', async ({ page }) => {
    await signedIn(page, 'supervisor');
    await page.goto('/team/complaints');
    await page.getByLabel('被投诉员工').selectOption('KF103');
    await page.getByLabel('投诉渠道').selectOption('phone');
    await page.getByLabel('投诉内容摘要').fill('来电等候超过三分钟未接听');
    await page.getByRole('button', { name: '登记（待判定）' }).click();
    await expect(page.getByRole('status')).toContainText('已登记对 KF103 的投诉');
    // The same complaint sent again (a second click, the form resent): refused, still one.
    await page.getByLabel('被投诉员工').selectOption('KF103');
    await page.getByLabel('投诉渠道').selectOption('phone');
    await page.getByLabel('投诉内容摘要').fill('来电等候超过三分钟未接听');
    await page.getByRole('button', { name: '登记（待判定）' }).click();
    await expect(page.getByRole('alert')).toContainText('这条投诉已经登记过');
    await expect(page.getByLabel('投诉内容摘要')).toHaveValue('来电等候超过三分钟未接听');
    await expect(page.getByLabel('被投诉员工')).toHaveValue('KF103');
    await expect(page.getByLabel('投诉渠道')).toHaveValue('phone');
    const item = page.getByTestId('complaint').filter({ hasText: '来电等候超过三分钟未接听' });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('待判定');
    await item.getByRole('button', { name: '判定为有理投诉' }).click();
    await expect(page.getByTestId('complaint').filter({ hasText: '来电等候超过三分钟未接听' })).toContainText('有理投诉');
  });
});

test('the employee page shows the month’s inspections and reviews; /me shows the learner’s own approved ones', async ({ page }) => {
  await signedIn(page, 'supervisor');
  await page.goto('/team/KF102');
  const slot = page.getByTestId('conduct-slot');
  await expect(slot).toContainText(`${MONTH} 月度考核`);
  await expect(slot.getByRole('link', { name: `${MONTH} 月度考核` })).toHaveAttribute('href', `/team/reviews/KF102?month=${MONTH}`);
  await page.getByRole('button', { name: '退出登录' }).click();
  await signedIn(page, 'learner2');
  await page.goto('/me');
  await expect(page.getByTestId('conduct-slot')).toContainText(`${MONTH} 月度考核`);
  await expect(page.getByTestId('conduct-slot')).toContainText('优秀');
});

test('nothing is recorded for a day before someone was hired: off the checklist, and a complaint for it is refused', async ({ page }) => {
  // 客服二组's 林嘉豪 (KF204) joined on the day the demo was seeded (today, or yesterday if the run
  // crossed midnight in Shanghai); 黄诗琪 ten days before.
  const before = addDays(orgToday(), -2);
  await signedIn(page, 'supervisor2');
  await page.goto(`/team/inspections?date=${before}`);
  await expect(page.getByTestId('inspection-person').filter({ hasText: '黄诗琪' })).toHaveCount(1);
  await expect(page.getByTestId('inspection-person').filter({ hasText: '林嘉豪' })).toHaveCount(0);
  await page.goto(`/team/inspections?date=${orgToday()}`);
  await expect(page.getByTestId('inspection-person').filter({ hasText: '林嘉豪' })).toHaveCount(1);
  await page.goto('/team/complaints');
  await page.getByLabel('被投诉员工').selectOption('KF204');
  await page.getByLabel('投诉日期').fill(before);
  await page.getByLabel('投诉内容摘要').fill('入职前一天的投诉');
  await page.getByRole('button', { name: '登记（待判定）' }).click();
  await expect(page.getByRole('alert')).toContainText(/林嘉豪 的入职日期是 \d{4}-\d{2}-\d{2}，不能登记入职之前的投诉。/);
  await expect(page.getByLabel('投诉日期')).toHaveValue(before);
  await expect(page.getByLabel('投诉内容摘要')).toHaveValue('入职前一天的投诉');
  await expect(page.getByTestId('complaint').filter({ hasText: '入职前一天的投诉' })).toHaveCount(0);
});
