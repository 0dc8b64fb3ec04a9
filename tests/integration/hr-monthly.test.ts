import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { attempts, inspections, teams, users, type Role } from '../../db/schema';
import { monthlyDownload } from '../../src/lib/server/hr/downloads';
import { monthlyReport, reviewJson, reviewPage } from '../../src/lib/server/hr/monthly';
import { approveReviews, reopenReview } from '../../src/lib/server/reviews';
import { monthRange, orgDateTime, orgMonth, orgWallClock, previousMonth } from '../../src/lib/time-zone';
import { storedPerson } from '../helpers/people';
import { refusal } from '../helpers/refusal';

const MONTH = previousMonth(orgMonth());
const noon = (n: number) => new Date(monthRange(MONTH).start + (n - 1) * 86_400_000 + 4 * 3_600_000);
let ids: Record<string, number> = {};
let hotline: number;

async function person(username: string, role: Role, teamId: number, employeeNo: string, extra: Partial<typeof users.$inferInsert> = {}) {
  ids[username] = (await storedPerson(username, role, { teamId, employeeNo, ...extra })).id;
}

async function assess(userId: number, score: number) {
  const db = await getDb();
  await db.insert(attempts).values({ userId, quizId: 'conduct', contentHash: 'h', mode: 'assessment', seed: 1, questionIds: [], startedAt: noon(3), submittedAt: noon(3), score, passed: score >= 80 });
}

beforeAll(async () => {
  const db = await getDb();
  ids = {};
  const [{ id: desk }, { id: line }] = await db.insert(teams).values([{ name: '客服中心' }, { name: '热线组' }]).returning({ id: teams.id });
  hotline = line;
  await person('sup', 'supervisor', desk, 'KF001');
  await person('ann', 'learner', desk, 'KF101', { name: '=cmd|"/c calc"!A1' });
  await person('bob', 'learner', desk, 'KF102');
  await person('cat', 'learner', line, 'KF201');
  await person('gone', 'learner', line, 'KF202', { active: false });
  await person('quiet', 'learner', line, 'KF203', { active: false });
  await assess(ids.ann, 95);
  await assess(ids.bob, 70);
  await assess(ids.cat, 85);
  await assess(ids.gone, 62);
  await db.insert(inspections).values({ employeeId: ids.bob, inspectorId: ids.sup, date: `${MONTH}-05`, item: '3.1', outcome: 'penalty' });
  // Hired in the middle of the month and inspected after: the month covers them, on the page and in the API alike.
  await person('late', 'learner', line, 'KF204', { hireDate: `${MONTH}-10` });
  await db.insert(inspections).values({ employeeId: ids.late, inspectorId: ids.sup, date: `${MONTH}-20`, item: 'day', outcome: 'ok' });
});

describe("HR's monthly report", () => {
  it('lists every employee with data that month, a leaver with data included and one without left out', async () => {
    const { rows, total } = await monthlyReport(MONTH);
    const nos = rows.map((r) => r.employee.employeeNo);
    expect(nos).toEqual(['KF001', 'KF101', 'KF102', 'KF201', 'KF202', 'KF204']);
    expect(total).toBe(6);
    expect(rows.find((r) => r.employee.employeeNo === 'KF202')?.employee.active).toBe(false);
  });

  it('filters by team and grade and counts grades before the grade filter', async () => {
    const hot = await monthlyReport(MONTH, { teamId: hotline });
    expect(hot.rows.map((r) => r.employee.employeeNo)).toEqual(['KF201', 'KF202', 'KF204']);
    const all = await monthlyReport(MONTH);
    const grade = all.rows.find((r) => r.employee.employeeNo === 'KF101')!.result.grade!;
    const filtered = await monthlyReport(MONTH, { grade });
    expect(filtered.rows.map((r) => r.employee.employeeNo)).toContain('KF101');
    expect(filtered.rows.every((r) => r.result.grade === grade)).toBe(true);
    expect(filtered.byGrade).toEqual(all.byGrade);
    expect(Object.values(all.byGrade).reduce((a, b) => a + b, 0)).toBe(all.total);
  });

  it('sorts by total, highest first, missing totals last', async () => {
    const { rows } = await monthlyReport(MONTH, { sort: 'total', desc: true });
    const totals = rows.map((r) => r.result.total ?? -1);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(rows[0].employee.employeeNo).toBe('KF204'); // one clean inspection: conduct 100, the only component with data
  });
});

describe('the reviews API pages', () => {
  it('walk every employee once in id order, whatever the page size', async () => {
    const seen: string[] = [];
    let after = 0;
    for (let i = 0; i < 10; i++) {
      const page = await reviewPage(MONTH, after, 2);
      seen.push(...page.rows.map((r) => r.employee.employeeNo!));
      if (page.lastId === null) break;
      after = page.lastId;
    }
    expect(seen).toEqual((await monthlyReport(MONTH)).rows.map((r) => r.employee.employeeNo));
    expect(seen).toEqual(['KF001', 'KF101', 'KF102', 'KF201', 'KF202', 'KF204']);
  });

  it("give each review in the issue's shape", async () => {
    const { rows } = await reviewPage(MONTH, 0, 10);
    const json = reviewJson(rows.find((r) => r.employee.employeeNo === 'KF102')!);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['employeeNo', 'name', 'team', 'components', 'total', 'grade', 'flags', 'status']));
    expect(json.components.assessment.score).toBe(70);
    expect(json.components.conduct.score).toBeLessThan(100);
    expect(json.status).toBe('draft');
  });
});

describe('monthly downloads', () => {
  it('give the same rows as CSV and XLSX, 工号 first, with formula-like names neutralised in CSV', async () => {
    const csv = await monthlyDownload(MONTH, {}, 'csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await csv.arrayBuffer()));
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['工号', '姓名', '团队']);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['KF001', 'KF101', 'KF102', 'KF201', 'KF202', 'KF204']);
    expect(lines[2]).toContain(`"'=cmd|""/c calc""!A1"`);

    const xlsx = await monthlyDownload(MONTH, {}, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(7);
    // CSV neutralises the formula-like name; XLSX keeps its exact text in a string cell, which is never run.
    expect(sheet.getRow(3).getCell(2).value).toBe(`=cmd|"/c calc"!A1`);
    expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(lines[0].split(','));
  });
});

describe('an unknown team filter', () => {
  it('is refused (400 unknown_team) by the report, its downloads and the API, never widened to every team', async () => {
    for (const work of [monthlyReport(MONTH, { teamId: 999_999 }), monthlyDownload(MONTH, { teamId: 999_999 }, 'csv'), reviewPage(MONTH, 0, 10, 999_999)]) {
      const error = await refusal(work);
      expect(error).toMatchObject({ status: 400, code: 'unknown_team', params: { field: 'team', team: 999_999 } });
      expect(error.messageIn('zh-CN')).toBe('没有编号为 999999 的团队。');
    }
  });

  it('pages the API over one team’s rows when it exists', async () => {
    const { rows } = await reviewPage(MONTH, 0, 10, hotline);
    expect(rows.map((r) => r.employee.employeeNo)).toEqual(['KF201', 'KF202', 'KF204']);
  });
});

/** The monthly XLSX as rows of header → cell. */
async function monthlySheet() {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await (await monthlyDownload(MONTH, {}, 'xlsx')).arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows = new Map<string, Map<string, ExcelJS.Cell>>();
  sheet.eachRow((row, n) => {
    if (n > 1) rows.set(String(row.getCell(1).value), new Map(header.map((h, i) => [h, row.getCell(i + 1)])));
  });
  return rows;
}

/** The monthly CSV as rows of header → text (no cell of these rows holds a comma). */
async function monthlyCsv() {
  const text = new TextDecoder().decode(await (await monthlyDownload(MONTH, {}, 'csv')).arrayBuffer()).replace(/^\uFEFF/, '');
  const [head, ...lines] = text.trim().split('\r\n');
  const header = head.split(',');
  return new Map(lines.map((l) => l.split(',')).map((cells) => [cells[0], new Map(header.map((h, i) => [h, cells[i]]))]));
}

describe('an approved, then reopened review', () => {
  let approvedAt: Date;
  let reopenedAt: Date;
  beforeAll(async () => {
    const hr = await storedPerson('hr-reviewer', 'hr', { name: '赵敏', employeeNo: 'HR001' });
    await approveReviews(hr, MONTH, [{ employeeId: ids.cat }, { employeeId: ids.gone }], '表现稳定');
    await reopenReview(hr, ids.cat, MONTH, '补录投诉');
    const rows = (await monthlyReport(MONTH)).rows;
    approvedAt = rows.find((r) => r.employee.employeeNo === 'KF202')!.approvedAt!;
    reopenedAt = rows.find((r) => r.employee.employeeNo === 'KF201')!.reopenedAt!;
  });

  it('carries no approver, approval time or comment in the report, only when and why it was reopened', async () => {
    const { rows } = await monthlyReport(MONTH);
    const reopened = rows.find((r) => r.employee.employeeNo === 'KF201')!;
    expect(reopened).toMatchObject({ status: 'reopened', approvedBy: null, approvedAt: null, comment: null, reopenReason: '补录投诉' });
    expect(reopened.reopenedAt).toBeInstanceOf(Date);
    const approved = rows.find((r) => r.employee.employeeNo === 'KF202')!;
    expect(approved).toMatchObject({ status: 'approved', approvedBy: '赵敏', comment: '表现稳定', reopenedAt: null, reopenReason: null });
  });

  it('gives null approval fields in the API, with the reopening', async () => {
    const { rows } = await reviewPage(MONTH, 0, 10);
    const reopened = reviewJson(rows.find((r) => r.employee.employeeNo === 'KF201')!);
    expect(reopened).toMatchObject({ status: 'reopened', approvedBy: null, approvedAt: null, reopenReason: '补录投诉', reopenedAt: reopenedAt.toISOString() });
    const approved = reviewJson(rows.find((r) => r.employee.employeeNo === 'KF202')!);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: '赵敏', approvedAt: approvedAt.toISOString(), reopenedAt: null, reopenReason: null });
  });

  it('leaves the approval columns blank in CSV and XLSX, and fills the reopening columns', async () => {
    const csv = await monthlyCsv();
    expect(Object.fromEntries(csv.get('KF201')!)).toMatchObject({ 状态: '已重开', 审批人: '', 审批时间: '', 审批意见: '', 重开时间: orgDateTime(reopenedAt), 重开原因: '补录投诉' });
    expect(Object.fromEntries(csv.get('KF202')!)).toMatchObject({ 状态: '已审批', 审批人: '赵敏', 审批时间: orgDateTime(approvedAt), 审批意见: '表现稳定', 重开时间: '', 重开原因: '' });

    const sheet = await monthlySheet();
    const reopened = sheet.get('KF201')!;
    expect(reopened.get('状态')!.value).toBe('已重开');
    for (const h of ['审批人', '审批时间', '审批意见']) expect([null, ''], h).toContain(reopened.get(h)!.value);
    expect(reopened.get('重开原因')!.value).toBe('补录投诉');
    expect(reopened.get('重开时间')!.value).toEqual(orgWallClock(reopenedAt));
    const approved = sheet.get('KF202')!;
    expect(approved.get('审批人')!.value).toBe('赵敏');
    // 审批时间 is a date cell: the local wall-clock time, shown like the CSV's text.
    expect(approved.get('审批时间')!.type).toBe(ExcelJS.ValueType.Date);
    expect(approved.get('审批时间')!.value).toEqual(orgWallClock(approvedAt));
    expect(approved.get('审批时间')!.numFmt).toBe('yyyy-mm-dd hh:mm');
  });
});
