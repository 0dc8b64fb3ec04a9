import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { attempts, inspections, teams, users, type Role } from '../../db/schema';
import { monthlyDownload } from '../../src/lib/server/hr/downloads';
import { monthlyReport, reviewJson, reviewPage } from '../../src/lib/server/hr/monthly';
import { monthRange, orgMonth, previousMonth } from '../../src/lib/time-zone';
import { storedPerson } from '../helpers/people';

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
  it('give the same rows as CSV and XLSX, 工号 first, with formula-like names neutralised', async () => {
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
    expect(sheet.getRow(3).getCell(2).value).toBe(`'=cmd|"/c calc"!A1`);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(lines[0].split(','));
  });
});
