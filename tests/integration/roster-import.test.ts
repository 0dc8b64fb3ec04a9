import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, teams, users } from '../../db/schema';
import { decodeCsv, readTable, ROSTER_LIMITS } from '../../src/lib/roster/read-table';
import { checkTable, parseDay, roleOf } from '../../src/lib/roster/rows';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { setTeamArchived } from '../../src/lib/server/org-admin';
import { importRoster, oneTimePassword, previewRoster } from '../../src/lib/server/roster-import';
import { changeOwnPassword, createTeam, ServiceError } from '../../src/lib/server/users';
import { useTempDatabase } from '../helpers/db';
import { orgSnapshot, person } from '../helpers/people';
import { refusal } from '../helpers/refusal';

const HEADER = '工号,姓名,用户名,角色,团队,入职日期';
const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
const GB18030_FIXTURE = new Uint8Array(readFileSync(new URL('../fixtures/roster-gb18030.csv', import.meta.url)));

let adminId: number;

/** An XLSX workbook made the way Excel stores it: numbers as numbers, a date cell as a date. */
async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Previews and imports a file, as the page does in its two steps. */
async function importFile(bytes: Uint8Array) {
  const plan = await previewRoster(adminId, bytes);
  expect(plan.fileIssues).toEqual([]);
  expect(plan.ok).toBe(true);
  return { plan, result: await importRoster(adminId, { payload: plan.payload, digest: plan.digest, fileName: 'roster.csv' }) };
}

async function usersByNo(numbers: string[]) {
  const db = await getDb();
  return db.select().from(users).where(inArray(users.employeeNo, numbers)).orderBy(users.employeeNo);
}

beforeAll(async () => {
  await useTempDatabase();
  adminId = (await person('admin')).id;
});

describe('reading a roster file', () => {
  const csv = `${HEADER}\r\nKF101,李晓雯,lixw,客服专员,客服中心,2026-03-01\r\n`;

  it.each([
    ['UTF-8', utf8(csv), 'csv-utf-8'],
    ['UTF-8 with a BOM', withBom(csv), 'csv-utf-8-bom'],
  ])('reads a %s CSV', async (_name, bytes, format) => {
    const table = await readTable(bytes);
    expect(table).toMatchObject({ ok: true, format });
    if (!table.ok) return;
    expect(table.rows[0].cells[0]).toBe('工号');
    expect(table.rows[1]).toEqual({ line: 2, cells: ['KF101', '李晓雯', 'lixw', '客服专员', '客服中心', '2026-03-01'] });
  });

  it('reads a GB18030 CSV as Excel on a Chinese Windows saves it (the bytes are not valid UTF-8)', async () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(GB18030_FIXTURE)).toThrow();
    expect(decodeCsv(GB18030_FIXTURE).format).toBe('csv-gb18030');
    const table = await readTable(GB18030_FIXTURE);
    expect(table).toMatchObject({ ok: true, format: 'csv-gb18030' });
    if (!table.ok) return;
    expect(table.rows[1].cells).toEqual(['KF301', '周晓梅', 'zhouxm', '客服专员', '二号服务台', '2026/3/2']);
  });

  it('reads the first sheet of an XLSX, with numbers, rich text and date cells as a person sees them', async () => {
    const bytes = await xlsx([
      ['工号', '姓名', '用户名', '角色', '团队', '入职日期'],
      [101, { richText: [{ text: '王' }, { text: '小明' }] }, 'wangxm', 'learner', '客服中心', new Date(Date.UTC(2026, 2, 1))],
    ]);
    const table = await readTable(bytes);
    expect(table).toMatchObject({ ok: true, format: 'xlsx' });
    if (!table.ok) return;
    expect(table.rows[1]).toEqual({ line: 2, cells: ['101', '王小明', 'wangxm', 'learner', '客服中心', '2026-03-01'] });
  });

  it('reads a date a formula computes, as Excel saves it (the serial number with a date format), and leaves other formula numbers as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['工号', '姓名', '用户名', '角色', '团队', '入职日期']);
    sheet.addRow([{ formula: '"KF"&(100+2)', result: 'KF102' }, '乙', 'yi', 'learner', '', { formula: 'DATE(2026,11,30)', result: 46356 }]);
    sheet.getCell('F2').numFmt = 'yyyy/m/d';
    sheet.addRow([{ formula: '100+3', result: 103 }, '丙', 'bing', 'learner', '', { formula: 'DATE(2026,1,5)', result: 46027 }]);
    sheet.getCell('F3').numFmt = 'yyyy"年"m"月"d"日"';
    const table = await readTable(new Uint8Array(await workbook.xlsx.writeBuffer()));
    if (!table.ok) throw new Error('not read');
    expect(table.rows.slice(1).map((r) => r.cells)).toEqual([
      ['KF102', '乙', 'yi', 'learner', '', '2026-11-30'],
      ['103', '丙', 'bing', 'learner', '', '2026-01-05'],
    ]);
  });

  it('reads a tab-separated UTF-16 file (Excel "Unicode text")', async () => {
    const text = `${HEADER.replaceAll(',', '\t')}\nKF101\t李晓雯\tlixw\t客服专员\t客服中心\t2026-03-01\n`;
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const table = await readTable(bytes);
    expect(table).toMatchObject({ ok: true, format: 'csv-utf-16' });
    if (table.ok) expect(table.rows[1].cells[1]).toBe('李晓雯');
  });

  it.each([
    ['an empty file', new Uint8Array(), 'admin.import.empty'],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'admin.import.oldExcel'],
    ['a file over the size limit', new Uint8Array(ROSTER_LIMITS.maxFileBytes + 1).fill(0x41), 'admin.import.tooLarge'],
    ['more rows than the limit', utf8(`${HEADER}\n${'KF1,a,abc,learner,,\n'.repeat(ROSTER_LIMITS.maxRows + 1)}`), 'admin.import.tooManyRows'],
  ])('refuses %s', async (_name, bytes, key) => {
    expect(await readTable(bytes)).toEqual({ ok: false, issue: expect.objectContaining({ key }) });
  });
});

describe('checking the rows', () => {
  const table = (lines: string[]) => lines.map((line, i) => ({ line: i + 1, cells: line.split(',') }));

  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026/3/1', '2026-03-01'],
    ['2026.3.1', '2026-03-01'],
    ['2026年3月1日', '2026-03-01'],
    ['2026-02-30', null],
    ['01/03/2026', null],
    ['明天', null],
  ])('reads the date %s as %s', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each([
    ['客服专员', 'learner'],
    ['客服主管', 'supervisor'],
    ['人力资源', 'hr'],
    ['系统管理员', 'admin'],
    ['Supervisor', 'supervisor'],
    ['经理', null],
  ])('reads the role %s as %s', (text, role) => {
    expect(roleOf(text)).toBe(role);
  });

  it('accepts English headers in any order and ignores extra columns', () => {
    const checked = checkTable(table(['Name,Employee No,Username,Role,Team,Hire date,备注', '李晓雯,KF101,LiXW,客服专员,客服中心,2026/3/1,新人']));
    expect(checked.headerIssues).toEqual([]);
    expect(checked.rows[0].row).toEqual({ line: 2, employeeNo: 'KF101', name: '李晓雯', username: 'lixw', role: 'learner', team: '客服中心', hireDate: '2026-03-01' });
  });

  it('names the missing columns of the header', () => {
    const checked = checkTable(table(['工号,姓名,角色', 'KF1,甲,learner']));
    expect(checked.headerIssues).toEqual([{ key: 'admin.import.missingColumns', params: { columns: ['用户名', '团队', '入职日期'] } }]);
    expect(checked.rows).toEqual([]);
  });

  it('lists each problem on its row: missing fields, a bad date, an unknown role, a bad username', () => {
    const checked = checkTable(table([HEADER, ',李晓雯,lixw,客服专员,客服中心,2026-02-30', 'KF102,张思远,zs,店长,,']));
    expect(checked.rows[0].issues.map((i) => i.key)).toEqual(['admin.import.missingField', 'admin.import.badDate']);
    expect(checked.rows[1].issues.map((i) => i.key)).toEqual(['admin.import.badUsername', 'admin.import.badRole']);
    expect(checked.rows.every((r) => r.row === null)).toBe(true);
  });

  it('marks a 工号 or 用户名 used twice in the file on every line that has it', () => {
    const checked = checkTable(table([HEADER, 'KF101,甲,jiajia,learner,,', 'KF102,乙,yiyi,learner,,', 'KF101,丙,bingbing,learner,,', 'KF103,丁,YIYI,learner,,']));
    const [first, second, third, fourth] = checked.rows;
    expect(first.issues).toEqual([{ key: 'admin.import.duplicateInFile', params: { column: '工号', value: 'KF101', lines: ['4'] } }]);
    expect(third.issues).toEqual([{ key: 'admin.import.duplicateInFile', params: { column: '工号', value: 'KF101', lines: ['2'] } }]);
    expect(second.issues[0]).toMatchObject({ params: { column: '用户名', lines: ['5'] } });
    expect(fourth.issues[0]).toMatchObject({ params: { column: '用户名', lines: ['3'] } });
  });
});

describe('importing a roster', () => {
  it('creates the accounts of a GB18030 CSV with one-time passwords they must change, and the missing team', async () => {
    const { plan, result } = await importFile(GB18030_FIXTURE);
    expect(plan.format).toBe('csv-gb18030');
    expect(plan.counts).toEqual({ create: 3, update: 0, unchanged: 0, invalid: 0 });
    expect(plan.newTeams).toEqual(['二号服务台']);
    expect(result.teamsCreated).toEqual(['二号服务台']);
    expect(result.created.map((a) => a.username)).toEqual(['zhouxm', 'wuzh', 'zhengyq']);

    const rows = await usersByNo(['KF301', 'KF302', 'KF303']);
    expect(rows.map((u) => [u.name, u.role, u.hireDate, u.mustChangePassword, u.active])).toEqual([
      ['周晓梅', 'learner', '2026-03-02', true, true],
      ['吴振华', 'learner', '2026-03-02', true, true],
      ['郑雅琴', 'supervisor', '2026-02-16', true, true],
    ]);
    const db = await getDb();
    const team = await db.select().from(teams).where(eq(teams.name, '二号服务台')).get();
    expect(rows.every((u) => u.teamId === team!.id)).toBe(true);

    const zhou = result.created[0];
    expect(rows[0].passwordHash).not.toContain(zhou.password);
    expect(await verifyPassword(rows[0].passwordHash, zhou.password)).toBe(true);
    const signedIn = await signIn({ username: 'zhouxm', password: zhou.password, address: '10.20.0.1' });
    expect(signedIn).toMatchObject({ ok: true, mustChangePassword: true });
  });

  it('reads UTF-8, UTF-8 with BOM and XLSX files into the same accounts', async () => {
    await importFile(utf8(`${HEADER}\nKF401,甲一,jia1,客服专员,客服中心,2026-01-05\n`));
    await importFile(withBom(`${HEADER}\nKF402,乙二,yi2,learner,客服中心,\n`));
    await importFile(await xlsx([['工号', '姓名', '用户名', '角色', '团队', '入职日期'], ['KF403', '丙三', 'bing3', '人力资源', null, new Date(Date.UTC(2026, 0, 5))]]));
    const rows = await usersByNo(['KF401', 'KF402', 'KF403']);
    expect(rows.map((u) => [u.employeeNo, u.name, u.role, u.hireDate])).toEqual([
      ['KF401', '甲一', 'learner', '2026-01-05'],
      ['KF402', '乙二', 'learner', null],
      ['KF403', '丙三', 'hr', '2026-01-05'],
    ]);
    expect(rows[2].teamId).toBeNull();
  });

  it('imports nothing when one row is bad, and lists that row', async () => {
    const before = await orgSnapshot();
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF501,好一,hao1,客服专员,三号台,2026-01-05\nKF502,坏二,huai2,客服专员,三号台,2026-13-01\n`));
    expect(plan.ok).toBe(false);
    expect(plan.counts).toMatchObject({ create: 1, invalid: 1 });
    expect(plan.rows[1]).toMatchObject({ line: 3, action: null, issues: [{ key: 'admin.import.badDate', params: { value: '2026-13-01' } }] });
    const error = await refusal(importRoster(adminId, { payload: plan.payload, digest: plan.digest }));
    expect(error).toMatchObject({ code: 'admin.import.notImportable', status: 400 });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses a file with a duplicate 工号 and imports nothing', async () => {
    const before = await orgSnapshot();
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF601,一,yi601,learner,,\nKF601,二,er601,learner,,\n`));
    expect(plan.ok).toBe(false);
    expect(plan.rows.map((r) => r.issues[0]?.key)).toEqual(['admin.import.duplicateInFile', 'admin.import.duplicateInFile']);
    await refusal(importRoster(adminId, { payload: plan.payload, digest: plan.digest }));
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses a file with one 工号 in two letter cases, and imports nothing', async () => {
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF611,一,yi611,learner,,\nkf611,二,er611,learner,,\n`));
    expect(plan.rows.map((r) => r.issues[0]?.key)).toEqual(['admin.import.duplicateInFile', 'admin.import.duplicateInFile']);
  });

  it('matches a 工号 whatever its letter case: kf711 updates KF711 (kept as stored), no second account', async () => {
    await importFile(utf8(`${HEADER}\nKF711,原名,orig711,客服专员,客服中心,2026-01-05\n`));
    const [first] = await usersByNo(['KF711']);
    const { plan } = await importFile(utf8(`${HEADER}\nkf711,新名,orig711,客服专员,客服中心,2026-01-05\n`));
    expect(plan.rows.map((r) => [r.action, r.changes])).toEqual([['update', ['name']]]);
    const db = await getDb();
    expect(await db.select({ id: users.id, employeeNo: users.employeeNo, name: users.name }).from(users).where(sql`lower(${users.employeeNo}) = 'kf711'`)).toEqual([{ id: first.id, employeeNo: 'KF711', name: '新名' }]);
  });

  it('updates by 工号 on a second import, leaves unchanged people alone and keeps their password', async () => {
    await importFile(utf8(`${HEADER}\nKF701,原名,orig701,客服专员,客服中心,2026-01-05\nKF702,不变,same702,客服专员,客服中心,2026-01-05\n`));
    const [first] = await usersByNo(['KF701']);
    const { plan, result } = await importFile(utf8(`${HEADER}\nKF701,新名,new701,客服主管,四号台,2026-01-06\nKF702,不变,same702,客服专员,客服中心,2026-01-05\n`));
    expect(plan.rows.map((r) => [r.action, r.changes])).toEqual([
      ['update', ['name', 'username', 'role', 'team', 'hireDate']],
      ['unchanged', []],
    ]);
    expect(plan.rows[0].previous).toEqual({ name: '原名', username: 'orig701', role: 'learner', team: '客服中心', hireDate: '2026-01-05' });
    expect(result).toMatchObject({ created: [], updated: 1, unchanged: 1, teamsCreated: ['四号台'] });
    const [after] = await usersByNo(['KF701']);
    expect(after).toMatchObject({ id: first.id, name: '新名', username: 'new701', role: 'supervisor', hireDate: '2026-01-06', passwordHash: first.passwordHash });
    const db = await getDb();
    const entry = await db.select().from(auditLog).where(eq(auditLog.subject, `user:${first.id}`)).orderBy(auditLog.id).all();
    expect(entry.at(-1)).toMatchObject({ actorId: adminId, action: 'user.update', details: { changes: { name: ['原名', '新名'], team: ['客服中心', '四号台'] }, via: 'import' } });
    const summary = await db.select().from(auditLog).where(eq(auditLog.action, 'roster.import')).orderBy(auditLog.id).all();
    expect(summary.at(-1)).toMatchObject({ actorId: adminId, details: { created: 0, updated: 1, unchanged: 1, teamsCreated: ['四号台'] } });
  });

  it('refuses a 用户名 that another 工号 already uses', async () => {
    await person('learner', { employeeNo: 'KF801' }).then(async (p) => {
      const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF802,新人,${p.username},learner,,\n`));
      expect(plan.rows[0].issues).toEqual([{ key: 'admin.import.usernameTaken', params: { username: p.username, employeeNo: 'KF801' } }]);
      expect(plan.ok).toBe(false);
    });
  });

  it('refuses an archived team, and changing the importing admin\'s own role', async () => {
    const teamId = await createTeam(adminId, '旧团队', null);
    await setTeamArchived(adminId, teamId, true);
    const db = await getDb();
    const me = (await db.select().from(users).where(eq(users.id, adminId)).get())!;
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF901,某人,mou901,learner,旧团队,\n${me.employeeNo},${me.name},${me.username},客服专员,,\n`));
    expect(plan.rows[0].issues).toEqual([{ key: 'admin.import.teamArchived', params: { team: '旧团队' } }]);
    expect(plan.rows[1].issues).toEqual([{ key: 'admin.import.ownRole' }]);
  });

  it('refuses to confirm when the data changed after the preview (409) and imports nothing', async () => {
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF1001,先看,xiankan,learner,,\n`));
    expect(plan.ok).toBe(true);
    await person('learner', { employeeNo: 'KF1001' });
    const before = await orgSnapshot();
    const error = await refusal(importRoster(adminId, { payload: plan.payload, digest: plan.digest }));
    expect(error).toMatchObject({ code: 'admin.import.changed', status: 409 });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses a payload that is not what was previewed (edited hidden field)', async () => {
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF1101,原样,yuanyang,learner,,\n`));
    const tampered = plan.payload.replace('learner', 'admin');
    const before = await orgSnapshot();
    expect(await refusal(importRoster(adminId, { payload: tampered, digest: plan.digest }))).toMatchObject({ status: 409 });
    expect(await refusal(importRoster(adminId, { payload: 'not json', digest: plan.digest }))).toMatchObject({ code: 'admin.import.badPayload', status: 400 });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('says so when a confirmation is sent again after the import (a double click, a re-sent form)', async () => {
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF1401,重复,chongfu,learner,,\n`));
    await importRoster(adminId, { payload: plan.payload, digest: plan.digest });
    const before = await orgSnapshot();
    expect(await refusal(importRoster(adminId, { payload: plan.payload, digest: plan.digest }))).toMatchObject({ code: 'admin.import.alreadyImported', status: 409 });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('imports once when the same preview is confirmed twice at the same time', async () => {
    const plan = await previewRoster(adminId, utf8(`${HEADER}\nKF1201,并发一,bingfa1,learner,并发团队,\nKF1202,并发二,bingfa2,learner,并发团队,\n`));
    const outcomes = await Promise.allSettled([
      importRoster(adminId, { payload: plan.payload, digest: plan.digest }),
      importRoster(adminId, { payload: plan.payload, digest: plan.digest }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ServiceError);
    expect(refused.reason.status).toBe(409);
    expect(await usersByNo(['KF1201', 'KF1202'])).toHaveLength(2);
    const db = await getDb();
    expect(await db.select().from(teams).where(eq(teams.name, '并发团队'))).toHaveLength(1);
  });
});

describe('one-time passwords', () => {
  it('are 16 unambiguous characters in four groups, different every time', () => {
    const seen = new Set(Array.from({ length: 200 }, () => oneTimePassword()));
    expect(seen.size).toBe(200);
    for (const password of seen) expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
  });

  it('are stored as argon2id hashes that the ordinary check accepts, replaced by a full-strength hash when changed', async () => {
    const { result } = await importFile(utf8(`${HEADER}\nKF1301,换密码,huanmima,learner,,\n`));
    const [row] = await usersByNo(['KF1301']);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, result.created[0].password)).toBe(true);
    expect(await verifyPassword(row.passwordHash, 'a-wrong-guess')).toBe(false);
    await changeOwnPassword(row.id, result.created[0].password, 'my own new password');
    const [changed] = await usersByNo(['KF1301']);
    expect(changed.passwordHash).toMatch(/m=19456,t=2,p=1/);
    expect(changed.mustChangePassword).toBe(false);
  });
});
