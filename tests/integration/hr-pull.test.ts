import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { apiTokens, attempts, auditLog, teams, users } from '../../db/schema';
import { checkBearer, issueToken, listTokens, revokeToken } from '../../src/lib/server/api-tokens';
import { csvResponse } from '../../src/lib/server/exports/csv';
import { xlsxResponse } from '../../src/lib/server/exports/xlsx';
import { scoreColumns } from '../../src/lib/server/hr/score-columns';
import { allScores, scorePage } from '../../src/lib/server/hr/scores';
import { storedPerson } from '../helpers/people';
import { queryPlan } from '../helpers/db';
import { refusal } from '../helpers/refusal';

let adminId: number;
let annaId: number;
let leaverId: number;

async function person(username: string, role: 'learner' | 'admin', extra: Partial<typeof users.$inferInsert> = {}) {
  return (await storedPerson(username, role, extra)).id;
}

async function attempt(userId: number, submittedAt: string | null, mode: 'assessment' | 'practice' = 'assessment', score = 90) {
  const db = await getDb();
  const [row] = await db
    .insert(attempts)
    .values({ userId, quizId: 'conduct', contentHash: 'h', mode, seed: 1, questionIds: [], startedAt: new Date('2026-11-01T00:00:00Z'), submittedAt: submittedAt ? new Date(submittedAt) : null, score, passed: score >= 80 })
    .returning({ id: attempts.id });
  return row.id;
}

beforeAll(async () => {
  const db = await getDb();
  const [team] = await db.insert(teams).values({ name: '客服中心' }).returning({ id: teams.id });
  adminId = await person('root', 'admin');
  annaId = await person('anna', 'learner', { employeeNo: 'KF9', teamId: team.id, name: '=HYPERLINK("http://x","点我")' });
  leaverId = await person('leaver', 'learner', { employeeNo: 'KF8', active: false });
});

describe('API tokens', () => {
  it('accept a live token for its scope and record the last use', async () => {
    const { token, id } = await issueToken(adminId, { name: 'HRIS', scopes: ['scores:read'], days: 30 });
    expect(await checkBearer(`Bearer ${token}`, 'scores:read')).toMatchObject({ ok: true, tokenId: id });
    const db = await getDb();
    const row = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    expect(row?.tokenHash).not.toContain(token.slice(3));
  });

  it.each([
    ['no header', null, 401, 'token_missing'],
    ['another scheme', 'Basic abc', 401, 'token_missing'],
    ['an unknown token', 'Bearer sa_nothing', 401, 'token_invalid'],
  ])('refuse %s with %i', async (_what, header, status, code) => {
    expect(await checkBearer(header, 'scores:read')).toEqual({ ok: false, status, code });
  });

  it('refuse a token without the scope with 403, and expired or revoked ones with 401', async () => {
    const reviews = await issueToken(adminId, { name: 'reviews only', scopes: ['reviews:read'], days: 30 });
    expect(await checkBearer(`Bearer ${reviews.token}`, 'scores:read')).toEqual({ ok: false, status: 403, code: 'token_scope' });
    const old = await issueToken(adminId, { name: 'old', scopes: ['scores:read'], days: 1 }, Date.now() - 2 * 86_400_000);
    expect(await checkBearer(`Bearer ${old.token}`, 'scores:read')).toEqual({ ok: false, status: 401, code: 'token_expired' });
    await revokeToken(adminId, reviews.id);
    expect(await checkBearer(`Bearer ${reviews.token}`, 'reviews:read')).toEqual({ ok: false, status: 401, code: 'token_revoked' });
    const states = new Map((await listTokens()).map((t) => [t.name, t.state]));
    expect(states.get('reviews only')).toBe('revoked');
    expect(states.get('old')).toBe('expired');
    expect(states.get('HRIS')).toBe('active');
  });

  it('refuse revoking a token again (409) or an unknown one (404), keeping the first revocation and its one audit row', async () => {
    const token = await issueToken(adminId, { name: 'twice', scopes: ['reviews:read'], days: 30 });
    await revokeToken(adminId, token.id);
    const db = await getDb();
    const before = { token: await db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).get(), audit: await db.$count(auditLog, eq(auditLog.subject, `token:${token.id}`)) };
    expect(await refusal(revokeToken(adminId, token.id))).toMatchObject({ status: 409, code: 'tokens.alreadyRevoked', params: { name: 'twice' } });
    const again = await Promise.allSettled([revokeToken(adminId, token.id), revokeToken(adminId, token.id)]);
    expect(again.every((r) => r.status === 'rejected')).toBe(true);
    expect({ token: await db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).get(), audit: await db.$count(auditLog, eq(auditLog.subject, `token:${token.id}`)) }).toEqual(before);
    expect((await refusal(revokeToken(adminId, 999_999))).status).toBe(404);
  });

  it('refuse a second live token of the same name (409, also when issued at once), not after revoking or expiry', async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => issueToken(adminId, { name: 'payroll', scopes: ['reviews:read'], days: 30 })));
    const issued = results.filter((r) => r.status === 'fulfilled');
    expect(issued).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'tokens.nameTaken' });
    expect((await listTokens()).filter((t) => t.name === 'payroll')).toHaveLength(1);
    await revokeToken(adminId, (issued[0] as PromiseFulfilledResult<{ id: number }>).value.id);
    await issueToken(adminId, { name: 'payroll', scopes: ['reviews:read'], days: 30 });
    // 'old' above is expired: its name is free again.
    await issueToken(adminId, { name: 'old', scopes: ['scores:read'], days: 1 });
  });
});

describe('raw assessment scores', () => {
  let lastOfNov30: number;
  let firstOfDec1: number;
  let lastOfDec1: number;
  beforeAll(async () => {
    // Asia/Shanghai is UTC+8: 2026-12-01 runs from 2026-11-30T16:00Z to 2026-12-01T16:00Z.
    lastOfNov30 = await attempt(annaId, '2026-11-30T15:59:59.999Z');
    firstOfDec1 = await attempt(annaId, '2026-11-30T16:00:00.000Z');
    await attempt(annaId, '2026-12-01T03:00:00.000Z', 'practice');
    await attempt(annaId, null);
    lastOfDec1 = await attempt(leaverId, '2026-12-01T15:59:59.000Z', 'assessment', 55);
    await attempt(leaverId, '2026-12-01T16:00:00.000Z');
  });

  it('cover whole organisation-local days, leavers included, submitted assessments only', async () => {
    const rows = await scorePage({ from: '2026-12-01', to: '2026-12-01' }, 0, 100);
    expect(rows.map((r) => r.attemptId)).toEqual([firstOfDec1, lastOfDec1]);
    expect(rows[1]).toMatchObject({ employeeNo: 'KF8', active: false, passed: false, score: 55 });
    const both = await scorePage({ from: '2026-11-30', to: '2026-12-01' }, 0, 100);
    expect(both.map((r) => r.attemptId)).toEqual([lastOfNov30, firstOfDec1, lastOfDec1]);
  });

  it('page after a cursor without losing or repeating a row', async () => {
    const range = { from: '2026-11-01', to: '2026-12-31' };
    const first = await scorePage(range, 0, 2);
    const second = await scorePage(range, first[1].attemptId, 2);
    const all: number[] = [];
    for await (const r of allScores(range, 2)) all.push(r.attemptId);
    expect([...first, ...second].map((r) => r.attemptId)).toEqual(all.slice(0, 4));
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(4);
  });

  it('download as CSV with a BOM, Chinese headers with 工号 first, and formula-like names neutralised', async () => {
    const columns = scoreColumns(new Map([['conduct', '仪容仪表与行为举止']]));
    const res = csvResponse('成绩.csv', columns, allScores({ from: '2026-11-30', to: '2026-12-01' }));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''%E6%88%90%E7%BB%A9.csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0].startsWith('工号,姓名,团队')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(lines[1]).toContain('仪容仪表与行为举止');
  });

  it('download the same rows as XLSX that Excel can open: names as their exact text in string cells, never formulas', async () => {
    const columns = scoreColumns(new Map());
    const res = xlsxResponse('成绩.xlsx', '考核成绩', columns, allScores({ from: '2026-11-30', to: '2026-12-01' }));
    const bytes = Buffer.from(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('考核成绩')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('工号');
    expect(sheet.rowCount).toBe(4);
    const name = sheet.getRow(2).getCell(2);
    expect(name.value).toBe('=HYPERLINK("http://x","点我")');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(4).getCell(6).value).toBe(55);
    // The sheet's XML: the name is a string cell's value, with no formula element anywhere.
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toContain('<f>');
    expect(xml).toContain('<c r="B2" t="str"><v>=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)</v></c>');
  });

  it('write start and submit times as XLSX date cells in local wall-clock time, and as the same text in CSV', async () => {
    const columns = scoreColumns(new Map());
    const range = { from: '2026-11-30', to: '2026-12-01' };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsxResponse('x.xlsx', '考核成绩', columns, allScores(range)).arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核成绩')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const started = sheet.getRow(2).getCell(header.indexOf('开始时间') + 1);
    const submitted = sheet.getRow(2).getCell(header.indexOf('提交时间') + 1);
    // Started 2026-11-01T00:00Z and submitted 2026-11-30T15:59:59.999Z: 08:00 and the last instant of
    // 11-30 in Asia/Shanghai (the cell keeps the instant to the millisecond; the format shows minutes).
    expect(started.type).toBe(ExcelJS.ValueType.Date);
    expect(started.value).toEqual(new Date(Date.UTC(2026, 10, 1, 8, 0)));
    expect(started.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(submitted.value).toEqual(new Date(Date.UTC(2026, 10, 30, 23, 59, 59, 999)));
    expect(submitted.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getRow(1).getCell(header.indexOf('开始时间') + 1).value).toBe('开始时间');

    const csv = new TextDecoder().decode(await csvResponse('x.csv', columns, allScores(range)).arrayBuffer());
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const cols = lines[0].split(',');
    const first = lines[1].split(',').slice(-cols.length);
    expect(first[cols.indexOf('开始时间')]).toBe('2026-11-01 08:00');
    expect(first[cols.indexOf('提交时间')]).toBe('2026-11-30 23:59');
  });

  it('refuse a team filter for a team that does not exist, and keep to the team’s members for one that does', async () => {
    const range = { from: '2026-11-30', to: '2026-12-01' };
    const error = await refusal(scorePage({ ...range, team: 999_999 }, 0, 10));
    expect(error).toMatchObject({ status: 400, code: 'unknown_team', params: { field: 'team', team: 999_999 } });
    const db = await getDb();
    const [{ teamId }] = await db.select({ teamId: users.teamId }).from(users).where(eq(users.id, annaId));
    const rows = await scorePage({ ...range, team: teamId! }, 0, 10);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.employeeNo === 'KF9')).toBe(true);
  });
});

describe('item analysis', () => {
  it('counts graded responses of submitted assessments only, per question of the module', async () => {
    const { itemAnalysis } = await import('../../src/lib/server/hr/items');
    const { getQuiz } = await import('../../src/quizzes/catalog');
    const [q1, q2] = getQuiz('desk-rules')!.list.filter((q) => q.pool === 'assessment');
    const db = await getDb();
    const attemptFor = async (score: number, mode: 'assessment' | 'practice', submitted: boolean) => {
      const [row] = await db
        .insert(attempts)
        .values({ userId: annaId, quizId: 'desk-rules', contentHash: 'h', mode, seed: 1, questionIds: [q1.id, q2.id], startedAt: new Date(), submittedAt: submitted ? new Date() : null, score })
        .returning({ id: attempts.id });
      return row.id;
    };
    const { responses } = await import('../../db/schema');
    const answer = async (attemptId: number, questionId: string, credit: number) =>
      db.insert(responses).values({ attemptId, questionId, answer: '"x"', credit, savedAt: new Date() });
    for (const [c1, c2] of [[1, 1], [1, 0], [0, 0], [1, 1]] as const) {
      const id = await attemptFor(((c1 + c2) / 2) * 100, 'assessment', true);
      await answer(id, q1.id, c1);
      await answer(id, q2.id, c2);
    }
    await answer(await attemptFor(0, 'practice', true), q1.id, 0);
    await answer(await attemptFor(0, 'assessment', false), q1.id, 0);
    const result = (await itemAnalysis('desk-rules'))!;
    expect(result.attempts).toBe(4);
    const first = result.items.find((i) => i.questionId === q1.id)!;
    expect(first).toMatchObject({ responses: 4, facility: 0.75 });
    // Against the rest of each attempt (its 2 drawn questions’ marks minus this one): r = 0.125 / √(0.1875 × 0.25), to 3 places.
    expect(first.discrimination).toBe(0.577);
    expect(first.flags).toContain('few-responses');
    expect(await itemAnalysis('no-such-module')).toBeNull();
  });

  it('has SQLite keep each attempt’s question count, which nobody can set', async () => {
    const db = await getDb();
    const [row] = await db
      .insert(attempts)
      .values({ userId: annaId, quizId: 'desk-rules', contentHash: 'h', mode: 'practice', seed: 1, questionIds: ['a', 'b', 'c'], startedAt: new Date() })
      .returning();
    expect(row.questionCount).toBe(3);
    await expect(db.run(sql`UPDATE attempts SET question_count = 9 WHERE id = ${row.id}`)).rejects.toThrow();
    await db.update(attempts).set({ questionIds: ['a'] }).where(eq(attempts.id, row.id));
    expect((await db.select({ n: attempts.questionCount }).from(attempts).where(eq(attempts.id, row.id)))[0].n).toBe(1);
  });

  it('reads responses from the covering index alone and each attempt by its id', async () => {
    const { itemSumsQuery } = await import('../../src/lib/server/hr/items');
    const { getQuiz } = await import('../../src/quizzes/catalog');
    expect(await queryPlan(itemSumsQuery(getQuiz('desk-rules')!))).toEqual([
      'SEARCH r USING COVERING INDEX responses_question_attempt_credit_idx (question_id=?)',
      'SEARCH a USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
  });
});
