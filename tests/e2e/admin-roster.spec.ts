import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { confirmImport, expectReadableAndAccessible, ownLearner, ROSTER_HEADER, signIn, signedIn, upload } from './helpers';

const GB18030_ROSTER = fileURLToPath(new URL('../fixtures/roster-gb18030.csv', import.meta.url));

test('an admin imports a GB18030 CSV roster; a new hire signs in with the one-time password and must change it', async ({ page, browser }) => {
  await signedIn(page, 'admin');
  expect(await upload(page, GB18030_ROSTER)).toBe(200);
  await expect(page.getByText('CSV（GB18030/GBK 编码')).toBeVisible();
  await expect(page.getByText('将新建以下团队：二号服务台')).toBeVisible();
  for (const name of ['周晓梅', '吴振华', '郑雅琴']) await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('新建');

  const passwords = await confirmImport(page);
  expect(Object.keys(passwords)).toEqual(['zhouxm', 'wuzh', 'zhengyq']);
  const download = page.getByRole('link', { name: '下载一次性密码（CSV）' });
  expect(await download.getAttribute('href')).toMatch(/^data:text\/csv;charset=utf-8,/);
  expect(decodeURIComponent((await download.getAttribute('href'))!)).toContain(passwords.zhouxm);

  await page.goto('/admin/users');
  for (const name of ['周晓梅', '吴振华', '郑雅琴']) await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('二号服务台');

  const context = await browser.newContext();
  const hire = await context.newPage();
  await signIn(hire, 'zhouxm', passwords.zhouxm);
  await expect(hire).toHaveURL(/\/account\/password$/);
  await context.close();

  // The same file again changes nothing, and says so.
  expect(await upload(page, GB18030_ROSTER)).toBe(200);
  await expect(page.getByText('共 3 行：新建 0，更新 0，不变 3，有问题 0')).toBeVisible();

  await page.goto('/admin/audit?action=roster.import');
  const entry = page.getByRole('listitem').filter({ hasText: 'roster-gb18030.csv' });
  await expect(entry).toContainText('新建账号：3');
  await expect(entry).toContainText('新建团队：二号服务台');
});

test('a roster with one bad row imports nothing and names the row', async ({ page }) => {
  await signedIn(page, 'admin');
  const csv = `${ROSTER_HEADER}\nKF351,好人,haoren351,客服专员,客服中心,2026-03-01\nKF352,坏行,huaihang352,店长,客服中心,2026-02-30\n`;
  expect(await upload(page, { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toBe(400);
  const problems = page.locator('#problems');
  await expect(problems).toContainText('整个文件都没有导入');
  await expect(problems).toContainText('第 3 行');
  await expect(problems).toContainText('角色“店长”无法识别');
  await expect(problems).toContainText('入职日期“2026-02-30”无效');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByRole('row', { name: /好人/ })).toHaveCount(0);
});

test('an admin edits, moves and deactivates someone; the right password then hears the account is disabled', async ({ page, browser }) => {
  await signedIn(page, 'admin');
  const csv = `${ROSTER_HEADER}\nKF361,编辑前,bianji361,客服专员,客服中心,2026-03-01\n`;
  expect(await upload(page, { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toBe(200);
  const password = (await confirmImport(page)).bianji361;

  await page.goto('/admin/users');
  await page.getByRole('link', { name: '编辑前', exact: true }).click();
  await page.getByLabel('姓名').fill('编辑后');
  await page.getByLabel('工号').fill('KF361A');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toContainText('已保存 bianji361');
  // A refused save (another person's 工号) keeps what was typed, not the stored values.
  await page.getByLabel('姓名').fill('编辑中');
  await page.getByLabel('工号').fill('KF101');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue('编辑中');
  await expect(page.getByLabel('工号')).toHaveValue('KF101');
  await page.getByLabel('姓名').fill('编辑后');
  await page.getByLabel('工号').fill('KF361A');

  // Without the confirmation ticked (a browser that ignores `required`), the server refuses.
  const box = page.getByRole('checkbox', { name: /确认停用 编辑后/ });
  await box.evaluate((el) => el.removeAttribute('required'));
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: '确认停用' }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('请勾选确认框');

  await page.getByRole('checkbox', { name: /确认停用 编辑后/ }).check();
  await page.getByRole('button', { name: '确认停用' }).click();
  await expect(page.getByRole('status')).toContainText('已停用 bianji361');

  const context = await browser.newContext();
  const leaver = await context.newPage();
  await signIn(leaver, 'bianji361', 'not the password');
  await expect(leaver.getByRole('alert')).toHaveText('用户名或密码不正确。');
  await signIn(leaver, 'bianji361', password);
  await expect(leaver.getByRole('alert')).toContainText('该账号已停用');
  await context.close();

  await page.goto('/admin/audit?actor=admin&action=user.update');
  await expect(page.getByRole('listitem').filter({ hasText: '编辑后' }).first()).toContainText('修改用户信息');
});

test('the audit log reads who changed what in words: the field, old → new, people and teams by name, in Chinese and English', async ({ page, browser }) => {
  await signedIn(page, 'admin');
  // Teams of its own, so no other test's team gains a supervisor.
  const csv = `${ROSTER_HEADER}\nKF391,审计甲,shenji391,客服专员,审计一组,2026-03-01\nKF392,审计乙,shenji392,客服专员,审计二组,2026-03-01\n`;
  expect(await upload(page, { name: 'audit.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toBe(200);
  await confirmImport(page);
  await page.goto('/admin/users?q=KF391');
  await page.getByRole('link', { name: '审计甲', exact: true }).click();
  const id = /\/admin\/users\/(\d+)/.exec(page.url())![1];
  await page.getByLabel('角色').selectOption({ label: '客服主管' });
  await page.getByLabel(/^团队/).selectOption({ label: '审计二组' });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toContainText('已保存 shenji391');
  await page.goto('/admin/teams');
  await page.getByLabel('团队名称').fill('审计组');
  await page.getByLabel(/^主管/).selectOption({ label: '审计甲 (KF391)' });
  await page.getByRole('button', { name: '新建团队' }).click();
  await expect(page.getByRole('status')).toContainText('审计组');

  await page.goto(`/admin/audit?subject=user:${id}&action=user.update`);
  const edit = page.getByRole('listitem').filter({ hasText: '修改用户信息' });
  await expect(edit).toContainText('角色：客服专员 → 客服主管');
  await expect(edit).toContainText('团队：审计一组 → 审计二组');
  await page.goto('/admin/audit?action=team.create');
  // The entry (with its action's label), not the detail line: each line is a list item inside the entry.
  const created = page.getByRole('listitem').filter({ hasText: '新建团队' }).filter({ hasText: '团队名称：审计组' });
  await expect(created).toContainText('主管：审计甲（KF391）');
  await expect(created).not.toContainText('supervisorId');

  // An administrator who reads English (a user of its own: the language lives on the user row).
  const context = await browser.newContext();
  const reader = await context.newPage();
  await ownLearner(browser, reader, 'auditreader', '系统管理员');
  await reader.getByRole('button', { name: /^切换语言：\s*English$/ }).click();
  await reader.goto(`/admin/audit?subject=user:${id}&action=user.update`);
  const read = reader.getByRole('listitem').filter({ hasText: 'User edited' });
  await expect(read).toContainText('Role: Service specialist → Supervisor');
  await expect(read).toContainText('Team: 审计一组 → 审计二组');
  await reader.goto('/admin/audit?action=team.create');
  await expect(reader.getByRole('listitem').filter({ hasText: 'Team created' }).filter({ hasText: 'Team name: 审计组' })).toContainText('Supervisor: 审计甲 (KF391)');
  await context.close();
});

test('an admin moves two people to a new team at once and archives the emptied team', async ({ page }) => {
  await signedIn(page, 'admin');
  const csv = `${ROSTER_HEADER}\nKF371,甲调,jiadiao371,客服专员,临时组,\nKF372,乙调,yidiao372,客服专员,临时组,\n`;
  expect(await upload(page, { name: 'move.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toBe(200);
  await confirmImport(page);

  await page.goto('/admin/teams');
  await page.getByLabel('团队名称').fill('调入组');
  await page.getByRole('button', { name: '新建团队' }).click();
  await expect(page.getByRole('status')).toContainText('已创建团队 调入组');
  // A refused rename (the name is taken) opens that team's rename again with the name as typed.
  const row = page.getByRole('row', { name: /临时组/ });
  await row.locator('summary', { hasText: '改名' }).click();
  await row.getByRole('textbox').fill('调入组');
  await row.getByRole('button', { name: '改名' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('row', { name: /临时组/ }).getByRole('textbox')).toHaveValue('调入组');
  await expect(page.getByRole('row', { name: /临时组/ }).locator('details')).toHaveAttribute('open', '');

  await page.goto('/admin/users');
  await page.getByRole('checkbox', { name: '选择 甲调' }).check();
  await page.getByRole('checkbox', { name: '选择 乙调' }).check();
  await page.getByLabel('移到').selectOption({ label: '调入组' });
  await page.getByRole('button', { name: '移动所选人员' }).click();
  await expect(page.getByRole('status')).toContainText('已将 2 人移到“调入组”');
  await expect(page.getByRole('row', { name: /甲调/ })).toContainText('调入组');

  await page.goto('/admin/teams');
  await page.getByRole('row', { name: /临时组/ }).getByRole('button', { name: /归档/ }).click();
  await expect(page.getByRole('status')).toContainText('已归档“临时组”');
  await expect(page.getByRole('heading', { name: /已归档的团队/ })).toBeVisible();
  await page.goto('/admin/users');
  await expect(page.locator('#move-form select option', { hasText: '临时组' })).toHaveCount(0);
});

test('HR and supervisors get 403 on every admin page and action, and nothing changes', async ({ browser, baseURL }) => {
  for (const role of ['hr', 'supervisor']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signedIn(page, role);
    for (const path of ['/admin/import', '/admin/audit', '/admin/users/1']) {
      const response = await page.goto(path);
      expect(response?.status(), `${role} ${path}`).toBe(403);
    }
    const upload = await page.request.post('/admin/import', {
      headers: { origin: baseURL! },
      multipart: { step: 'preview', file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(`${ROSTER_HEADER}\nKF391,越权,yuequan391,系统管理员,,\n`) } },
    });
    expect(upload.status()).toBe(403);
    const edit = await page.request.post('/_actions/admin.updateUser', {
      headers: { origin: baseURL! },
      form: { userId: '2', name: '被改了', role: 'admin' },
    });
    expect(edit.status()).toBe(403);
    const move = await page.request.post('/_actions/admin.moveUsers', { headers: { origin: baseURL! }, form: { userIds: '2' } });
    expect(move.status()).toBe(403);
    await context.close();
  }
  const admin = await browser.newPage();
  await signedIn(admin, 'admin');
  await admin.goto('/admin/users');
  await expect(admin.getByRole('row', { name: /被改了/ })).toHaveCount(0);
  await expect(admin.getByRole('row', { name: /越权/ })).toHaveCount(0);
  await expect(admin.getByRole('row', { name: /李晓雯/ })).toContainText('客服中心');
  await admin.close();
});

test('the admin pages read on a phone (cards, no sideways scrolling) and pass axe', async ({ browser }) => {
  test.setTimeout(150_000); // five axe runs: about 40 s alone, well over a minute beside the rest of the suite
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signedIn(page, 'admin');
  const csv = `${ROSTER_HEADER}\nKF381,手机预览,shouji381,客服专员,客服中心,2026-03-01\nKF382,有问题,x,主任,客服中心,明天\n`;
  expect(await upload(page, { name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toBe(400);
  await expectReadableAndAccessible(page, 'import preview');
  for (const path of ['/admin/users', '/admin/teams', '/admin/audit', '/admin/users/2']) {
    await page.goto(path);
    await expectReadableAndAccessible(page, path);
  }
  await context.close();
});
