import { expect, test, type Browser, type Page } from '@playwright/test';
import { orgToday } from '../../src/lib/time-zone';
import { addDays } from '../../src/scoring/assignment-status';
import { signedIn } from './helpers';

/** A due date a month ahead (an assignment is due at most a year ahead). */
const SOON = addDays(orgToday(), 30);

/**
 * The supervisor loop in a real browser against the demo organisation: 客服二组 (supervisor2) with the
 * new hire 林嘉豪 (learner8, KF204), who has no history until this test gives him some.
 */

async function as(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signedIn(page, username);
  return page;
}

test('a supervisor assigns a refresher from a learner’s missed topics; the learner finishes it; the team page shows it on time', async ({ browser }) => {
  const learner = await as(browser, 'learner8');
  const origin = new URL(learner.url()).origin;
  // The learner hands in an assessment blank: every topic drawn becomes a weak topic.
  const started = await learner.request.post('/api/v1/attempts', { data: { quizId: 'complaints', mode: 'assessment' }, headers: { origin } });
  expect(started.status()).toBe(201);
  const { attempt } = await started.json();
  expect((await learner.request.post(`/api/v1/attempts/${attempt.id}/submit`, { headers: { origin } })).status()).toBe(200);

  const boss = await as(browser, 'supervisor2');
  await boss.goto('/team');
  const row = boss.getByTestId('member-KF204');
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: '林嘉豪' }).click();
  await expect(boss).toHaveURL(/\/team\/KF204$/);
  const weak = boss.getByTestId('weak-complaints');
  await expect(weak).toBeVisible();
  await weak.getByLabel('截止日期').fill(orgToday());
  await weak.getByRole('button', { name: '按薄弱知识点布置复训' }).click();
  await expect(boss.getByRole('status')).toContainText('已布置 1 项任务');
  await expect(boss.getByTestId('employee-assignments')).toContainText('复训');

  await learner.goto('/learn');
  await expect(learner.getByTestId('nav-open-count')).toHaveText('1');
  const mine = learner.getByTestId('my-assignments');
  await expect(mine).toContainText('客诉处理');
  await expect(mine).toContainText('知识点');
  await expect(learner.getByTestId('reminders')).toContainText('今天截止');
  await expect(mine.getByTestId('start-refresher')).toHaveText('开始复训');
  await mine.getByTestId('start-refresher').click();
  await expect(learner).toHaveURL(/\/quiz\/attempt\/\d+$/);
  // Back home before finishing: the button now resumes the same attempt.
  const refresherUrl = learner.url();
  await learner.goto('/learn');
  await expect(mine.getByTestId('start-refresher')).toHaveText('继续复训');
  await mine.getByTestId('start-refresher').click();
  await expect(learner).toHaveURL(refresherUrl);
  await expect(learner.getByTestId('quiz-player')).toHaveAttribute('data-hydrated', 'true');
  learner.on('dialog', (d) => d.accept());
  await learner.getByTestId('submit').click();
  await expect(learner.getByTestId('result')).toContainText('巩固练习完成：得分');
  await learner.goto('/learn');
  await expect(learner.getByTestId('my-assignments')).toHaveCount(0);
  await expect(learner.getByTestId('nav-open-count')).toHaveCount(0);

  await boss.goto('/team');
  await expect(boss.getByTestId('member-KF204').getByTestId('on-time')).toHaveText('1 项按时完成');
  await boss.goto('/team/KF204');
  await expect(boss.getByTestId('employee-assignments').getByTestId('assignment-status').first()).toHaveText('按时完成');
  // The supervisor reads the assessment's answers, read-only.
  await boss.getByTestId('employee-attempts').getByRole('link', { name: '查看答卷' }).last().click();
  await expect(boss).toHaveURL(/\/team\/KF204\/attempts\/\d+$/);
  await expect(boss.getByTestId('review-item').first()).toBeVisible();
});

test('another team’s supervisor gets 403 on the pages and the API and nothing is created; HR reads but has no forms', async ({ browser }) => {
  const other = await as(browser, 'supervisor');
  const origin = new URL(other.url()).origin;
  expect((await other.goto('/team/KF201'))!.status()).toBe(403);
  expect((await other.request.get('/api/v1/assignments?employeeNo=KF201')).status()).toBe(403);
  const before = await (await other.request.get('/api/v1/assignments?employeeNo=KF101')).json();
  const mixed = await other.request.post('/api/v1/assignments', { data: { employeeNos: ['KF101', 'KF201'], module: 'conduct', kind: 'mandatory', dueDate: SOON }, headers: { origin } });
  expect(mixed.status()).toBe(403);
  expect((await mixed.json()).error.message).toContain('KF201');
  const after = await (await other.request.get('/api/v1/assignments?employeeNo=KF101')).json();
  expect(after.assignments).toHaveLength(before.assignments.length);
  const attempts = await other.request.get('/api/v1/assignments?employeeNo=KF202');
  expect(attempts.status()).toBe(403);
  expect((await other.goto('/team/KF202/attempts/1'))!.status()).toBe(403);

  const hr = await as(browser, 'hr');
  await hr.goto('/team/KF202');
  await expect(hr.getByTestId('employee-assignments')).toContainText('已逾期');
  await expect(hr.getByTestId('grant-form')).toHaveCount(0);
  await expect(hr.getByTestId('refresher-form')).toHaveCount(0);
  const refused = await hr.request.post('/api/v1/assignments', { data: { employeeNos: ['KF202'], module: 'conduct', kind: 'mandatory', dueDate: SOON }, headers: { origin } });
  expect(refused.status()).toBe(403);
});

test('the API refuses bad input with a clear 4xx', async ({ browser }) => {
  const boss = await as(browser, 'supervisor2');
  const origin = new URL(boss.url()).origin;
  const post = (data: unknown) => boss.request.post('/api/v1/assignments', { data, headers: { origin } });
  const ok = { employeeNos: ['KF203'], module: 'desk-rules', kind: 'mandatory', dueDate: SOON };
  expect((await post({ ...ok, dueDate: '2020-01-01' })).status()).toBe(400);
  const far = await post({ ...ok, dueDate: '9999-12-31' });
  expect(far.status()).toBe(400);
  expect((await far.json()).error).toMatchObject({ code: 'assign.farDate', message: expect.stringContaining('截止日期最晚只能定在一年后') });
  expect((await post({ ...ok, kind: 'optional' })).status()).toBe(400);
  expect((await post({ ...ok, module: 'nope' })).status()).toBe(404);
  expect((await post({ ...ok, employeeNos: ['KF203', 'XX999'] })).status()).toBe(404);
  const created = await post(ok);
  expect(created.status()).toBe(201);
  const [made] = (await created.json()).assignments;
  expect(made).toMatchObject({ employeeNo: 'KF203', module: 'desk-rules', kind: 'mandatory', dueDate: SOON, status: 'open' });
  // The same task again while it is open: refused, and still one of it.
  const repeated = await post({ ...ok, dueDate: addDays(SOON, 1) });
  expect(repeated.status()).toBe(409);
  expect((await repeated.json()).error).toMatchObject({ code: 'assign.alreadyOpen', message: expect.stringContaining('KF203 已有这项任务') });
  const listed = await (await boss.request.get('/api/v1/assignments?employeeNo=KF203')).json();
  expect(listed.assignments.filter((a: { module: string; status: string }) => a.module === 'desk-rules' && a.status === 'open')).toHaveLength(1);
  const del = () => boss.request.delete(`/api/v1/assignments/${made.id}`, { headers: { origin } });
  expect((await del()).status()).toBe(200);
  expect((await del()).status()).toBe(409);
  const learner = await as(browser, 'learner7');
  const mine = await (await learner.request.get('/api/v1/me/assignments')).json();
  expect(mine.assignments.find((a: { id: number }) => a.id === made.id).status).toBe('withdrawn');
});

test('on a phone the team page is one card per person, and filters work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await signedIn(page, 'supervisor2');
  await page.goto('/team?show=overdue');
  await expect(page.getByTestId('team-table').locator('thead')).toHaveCSS('position', 'absolute');
  await expect(page.getByTestId('member-KF202')).toBeVisible();
  await expect(page.getByTestId('member-KF201')).toHaveCount(0);
  const box = await page.getByTestId('member-KF202').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
});

test('the team page assigns to ticked employees; sign-off with a written reason shows on the team page and the learner’s home', async ({ browser }) => {
  const boss = await as(browser, 'supervisor2');
  await boss.goto('/team');
  await boss.getByTestId('member-KF203').getByRole('checkbox').check();
  await boss.getByTestId('member-KF204').getByRole('checkbox').check();
  const form = boss.getByTestId('assign-form');
  await form.getByLabel('课程模块').selectOption('communication');
  await form.getByLabel('任务类型').selectOption('mandatory');
  await form.getByLabel('截止日期').fill(SOON);
  await form.getByRole('button', { name: '布置任务' }).click();
  await expect(boss.getByRole('status')).toContainText('已布置 2 项任务');
  // Sent again (a second click, or the form resent on reload): nobody gets it twice.
  await boss.getByTestId('member-KF203').getByRole('checkbox').check();
  await boss.getByTestId('member-KF204').getByRole('checkbox').check();
  await form.getByLabel('课程模块').selectOption('communication');
  await form.getByLabel('任务类型').selectOption('mandatory');
  await form.getByLabel('截止日期').fill(SOON);
  await form.getByRole('button', { name: '布置任务' }).click();
  await expect(boss.getByRole('alert')).toContainText('所选的 2 名员工都已有这项任务');
  // The refused form comes back as it was sent: nothing to pick or type again.
  await expect(boss.getByTestId('member-KF203').getByRole('checkbox')).toBeChecked();
  await expect(boss.getByTestId('member-KF204').getByRole('checkbox')).toBeChecked();
  await expect(boss.getByTestId('member-KF201').getByRole('checkbox')).not.toBeChecked();
  await expect(form.getByLabel('课程模块')).toHaveValue('communication');
  await expect(form.getByLabel('任务类型')).toHaveValue('mandatory');
  await expect(form.getByLabel('截止日期')).toHaveValue(SOON);
  // With someone new ticked as well: theirs is made, the others are named as skipped.
  await boss.getByTestId('member-KF201').getByRole('checkbox').check();
  await form.getByRole('button', { name: '布置任务' }).click();
  await expect(boss.getByRole('status')).toContainText('已布置 1 项任务。 2 名员工已有这项任务且尚未完成，没有重复布置：KF203和KF204。');

  // An extra attempt while attempts are left is refused, and the reason typed is kept.
  await boss.goto('/team/KF204');
  const grant = boss.getByTestId('grant-form');
  // The supervisor is told what an extra attempt can and cannot measure.
  await expect(grant.getByRole('button', { name: '增加一次考核机会' })).toHaveAccessibleDescription(/加考优先抽取该员工没做过的考核题/);
  await grant.locator('select[name=quizId]').selectOption('desk-rules');
  await grant.locator('input[name=reason]').fill('上次考核时系统故障');
  await grant.getByRole('button').click();
  await expect(boss.getByRole('alert')).toContainText('还有未用的机会');
  await expect(boss.getByTestId('grant-form').locator('input[name=reason]')).toHaveValue('上次考核时系统故障');
  await expect(boss.getByTestId('grant-form').locator('select[name=quizId]')).toHaveValue('desk-rules');

  await boss.goto('/team/KF203');
  const signOff = boss.getByTestId('signoff-form');
  await signOff.getByLabel('签字理由').fill('门店提前开业，现场考核已合格');
  await signOff.getByRole('button', { name: '未满足条件，仍然签字上岗' }).click();
  await expect(boss.getByRole('status')).toContainText('已签字确认 黄诗琪 上岗');
  await expect(boss.getByTestId('golive-signoff')).toContainText('周建国 于');
  await expect(boss.getByTestId('golive-signoff')).toContainText(/签字时未满足条件（通过 \d+\/\d+ 个必修模块），理由：门店提前开业，现场考核已合格/);
  await boss.goto('/team');
  await expect(boss.getByTestId('member-KF203')).toContainText('上岗');

  const learner = await as(browser, 'learner7');
  await learner.goto('/learn');
  await expect(learner.getByTestId('go-live')).toContainText('正式上岗');
  await expect(learner.getByTestId('my-assignments').getByText('服务心态与沟通技巧')).toHaveCount(1);
});

test('a learner reads their own results at /me: transcript with dates, assignments and today’s review', async ({ browser }) => {
  const live = await as(browser, 'learner5');
  await live.goto('/me');
  await expect(live.getByTestId('transcript').getByRole('listitem')).toHaveCount(6);
  await expect(live.getByTestId('transcript')).toContainText('通过');
  const struggling = await as(browser, 'learner6');
  await struggling.goto('/learn');
  await expect(struggling.getByTestId('reminders')).toContainText('逾期');
  await expect(struggling.getByTestId('review-count')).not.toHaveText('0');
  await struggling.getByTestId('todays-review').getByRole('button').first().click();
  await expect(struggling).toHaveURL(/\/quiz\/attempt\/\d+$/);
  await expect(struggling.getByTestId('quiz-player')).toHaveAttribute('data-mode', 'review');
});
