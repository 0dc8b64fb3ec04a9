import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { assignments, attempts, auditLog, complaints, inspections, monthlyReviews, teams, users, type Role } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { judgeComplaint, logComplaint } from '../../src/lib/server/complaints';
import { approveReviews, monthlyReviewRows, myReviews, reopenReview, reviewList, reviewOf } from '../../src/lib/server/reviews';
import { REVIEW_POLICY } from '../../src/scoring/policy';
import { monthRange, orgMonth, previousMonth } from '../../src/lib/time-zone';
import { useTempDatabase } from '../helpers/db';
import { storedPerson } from '../helpers/people';
import { refusal } from '../helpers/refusal';

const THIS_MONTH = orgMonth();
const MONTH = previousMonth(THIS_MONTH);
const BEFORE = previousMonth(MONTH);
const day = (n: number, month = MONTH) => `${month}-${String(n).padStart(2, '0')}`;
/** An instant inside a day of the month (noon in the organisation's zone, give or take). */
const at = (n: number, month = MONTH) => new Date(monthRange(month).start + (n - 1) * 86_400_000 + 4 * 3_600_000);

let sup: SessionUser, otherSup: SessionUser, hr: SessionUser, ann: SessionUser, bob: SessionUser, carl: SessionUser, admin: SessionUser;
let team: number, otherTeam: number;

const person = (username: string, role: Role, teamId: number | null, employeeNo: string) => storedPerson(username, role, { teamId, employeeNo });

/** Everything a refused call must leave untouched. */
async function snapshot() {
  const db = await getDb();
  return {
    reviews: await db.select().from(monthlyReviews).orderBy(monthlyReviews.id),
    inspections: await db.select().from(inspections).orderBy(inspections.id),
    complaints: await db.select().from(complaints).orderBy(complaints.id),
    audit: await db.select().from(auditLog).orderBy(auditLog.id),
  };
}

async function assess(userId: number, quizId: string, score: number, when: Date) {
  const db = await getDb();
  await db.insert(attempts).values({ userId, quizId, contentHash: 'h', mode: 'assessment', seed: 1, questionIds: [], startedAt: when, submittedAt: when, score, passed: score >= 80 });
}

beforeAll(async () => {
  const db = await useTempDatabase();
  [{ id: team }, { id: otherTeam }] = await db.insert(teams).values([{ name: '客服中心' }, { name: '热线组' }]).returning({ id: teams.id });
  sup = await person('sup', 'supervisor', team, 'KF001');
  otherSup = await person('sup2', 'supervisor', otherTeam, 'KF002');
  await db.update(teams).set({ supervisorId: sup.id }).where(eq(teams.id, team));
  await db.update(teams).set({ supervisorId: otherSup.id }).where(eq(teams.id, otherTeam));
  ann = await person('ann', 'learner', team, 'KF101');
  bob = await person('bob', 'learner', team, 'KF102');
  carl = await person('carl', 'learner', otherTeam, 'KF201');
  hr = await person('hr', 'hr', null, 'HR001');
  admin = await person('admin', 'admin', null, 'IT001');

  // Ann's month: two modules assessed (best of two tries counts), one assignment on time and one late,
  // 18 ok inspection days, a warning and a commendation, one justified and one pending complaint.
  await assess(ann.id, 'conduct', 70, at(3));
  await assess(ann.id, 'conduct', 90, at(4));
  await assess(ann.id, 'language', 80, at(5));
  await assess(ann.id, 'language', 100, at(2, THIS_MONTH)); // next month: not counted
  await assess(ann.id, 'complaints', 40, at(20, BEFORE)); // month before: not counted
  await db.insert(assignments).values([
    { module: 'conduct', assigneeId: ann.id, assignedById: sup.id, kind: 'mandatory', dueDate: day(10), completedAt: at(4) },
    { module: 'language', assigneeId: ann.id, assignedById: sup.id, kind: 'mandatory', dueDate: day(12), completedAt: at(15) },
    { module: 'complaints', assigneeId: ann.id, assignedById: sup.id, kind: 'mandatory', dueDate: day(14), withdrawnAt: at(5) },
  ]);
  await db.insert(inspections).values([
    ...Array.from({ length: 18 }, (_, i) => ({ employeeId: ann.id, inspectorId: sup.id, date: day(i + 1), item: 'day', outcome: 'ok' as const })),
    { employeeId: ann.id, inspectorId: sup.id, date: day(6), item: '6.3', outcome: 'warning', note: '未用标准用语' },
    { employeeId: ann.id, inspectorId: sup.id, date: day(8), item: '7', outcome: 'commendation', note: '及时更正同事的登记错误' },
  ]);
  await db.insert(complaints).values([
    { employeeId: ann.id, date: day(9), channel: 'desk', summary: '等候过久', status: 'justified', recordedById: sup.id },
    { employeeId: ann.id, date: day(11), channel: 'phone', summary: '未回电', status: 'pending', recordedById: sup.id },
    { employeeId: ann.id, date: day(13), channel: 'online', summary: '误会', status: 'unjustified', recordedById: sup.id },
  ]);
});

describe('computing a month for many employees', () => {
  it('computes a live draft from the month’s inputs only', async () => {
    const [row] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id] });
    expect(row.status).toBe('draft');
    expect(row.inputs.assessments.sort((a, b) => a.quizId.localeCompare(b.quizId))).toEqual([{ quizId: 'conduct', best: 90 }, { quizId: 'language', best: 80 }]);
    expect(row.inputs.assignments.map((a) => a.completedOn !== null)).toEqual([true, true]);
    expect(row.inputs.inspections.ok).toBe(18);
    expect(row.inputs.complaints.map((c) => c.status)).toEqual(['justified', 'pending']);
    const scores = Object.fromEntries(row.result.components.map((c) => [c.key, c.score]));
    // assessment (90+80)/2 = 85; completion 1 of 2 = 50; conduct 100 − 5 + 5 = 100; complaints 100 − 20 = 80
    expect(scores).toEqual({ assessment: 85, completion: 50, conduct: 100, complaints: 80 });
    // 85×.4 + 50×.2 + 100×.3 + 80×.1 = 34 + 10 + 30 + 8 = 82
    expect(row.result).toMatchObject({ total: 82, grade: 'good', flags: [], policyVersion: REVIEW_POLICY.version });
  });

  it('covers a team, people with nothing recorded included, sorted by 工号', async () => {
    const rows = await monthlyReviewRows(MONTH, { teamIds: [team] });
    expect(rows.map((r) => r.employee.employeeNo)).toEqual(['KF001', 'KF101', 'KF102']);
    expect(rows.find((r) => r.employee.id === bob.id)!.result.total).toBeNull();
  });

  it('leaves out inactive employees who have nothing that month, keeps leavers who do', async () => {
    const db = await getDb();
    const gone = await person('gone', 'learner', team, 'KF199');
    const left = await person('left', 'learner', team, 'KF198');
    await db.update(users).set({ active: false }).where(sql`${users.id} in (${gone.id}, ${left.id})`);
    await assess(left.id, 'conduct', 88, at(7));
    const nos = (await monthlyReviewRows(MONTH, { teamIds: [team] })).map((r) => r.employee.employeeNo);
    expect(nos).toContain('KF198');
    expect(nos).not.toContain('KF199');
  });
});

describe('who sees which reviews', () => {
  it('gives a supervisor their team’s learners and HR the supervisors', async () => {
    const mine = await reviewList(sup, MONTH);
    expect(mine.rows.map((r) => r.employee.employeeNo)).toEqual(['KF101', 'KF102', 'KF198']);
    const hrs = await reviewList(hr, MONTH);
    expect(hrs.rows.map((r) => r.employee.employeeNo)).toEqual(['KF001', 'KF002']);
  });

  it('refuses a supervisor another team (403) and a learner any list (403)', async () => {
    expect((await refusal(reviewList(sup, MONTH, otherTeam))).status).toBe(403);
    expect((await refusal(reviewOf(sup, 'KF201', MONTH))).status).toBe(403);
    expect((await refusal(reviewList(ann, MONTH))).status).toBe(403);
    expect((await refusal(reviewOf(ann, 'KF101', MONTH))).status).toBe(403);
  });

  it.each([['2026-13'], ['26-01'], ['next']])('refuses the malformed month %s with 400', async (month) => {
    expect((await refusal(reviewList(sup, month))).status).toBe(400);
  });

  it('refuses a future month with 400', async () => {
    const future = `${Number(THIS_MONTH.slice(0, 4)) + 1}-01`;
    expect((await refusal(reviewList(sup, future))).code).toBe('hr.futureMonth');
    expect((await refusal(approveReviews(sup, future, [{ employeeId: ann.id }]))).status).toBe(400);
  });
});

describe('approving', () => {
  it('refuses the current month, which has not ended (409), and changes nothing', async () => {
    const before = await snapshot();
    expect((await refusal(approveReviews(sup, THIS_MONTH, [{ employeeId: ann.id }]))).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses another team’s learner (403) and a supervisor’s own review (403), whole, changing nothing', async () => {
    const before = await snapshot();
    expect((await refusal(approveReviews(sup, MONTH, [{ employeeId: bob.id }, { employeeId: carl.id }]))).status).toBe(403);
    expect((await refusal(approveReviews(sup, MONTH, [{ employeeId: sup.id }]))).status).toBe(403);
    expect((await refusal(approveReviews(admin, MONTH, [{ employeeId: sup.id }]))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a review that changed since it was viewed (409)', async () => {
    const before = await snapshot();
    expect((await refusal(approveReviews(sup, MONTH, [{ employeeId: ann.id, fingerprint: '0000000000000000' }]))).code).toBe('review.changed');
    expect(await snapshot()).toEqual(before);
  });

  it('freezes the review as a snapshot with its inputs and policy version, audited', async () => {
    const [viewed] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id] });
    expect(await approveReviews(sup, MONTH, [{ employeeId: ann.id, fingerprint: viewed.fingerprint }], '本月表现良好')).toBe(1);
    const db = await getDb();
    const row = (await db.select().from(monthlyReviews).where(eq(monthlyReviews.employeeId, ann.id)).get())!;
    expect(row).toMatchObject({ status: 'approved', total: 82, grade: 'good', comment: '本月表现良好', approvedById: sup.id, policyVersion: REVIEW_POLICY.version });
    expect(row.inputSnapshot).toEqual(viewed.inputs);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'review.approve'));
    expect(audit.at(-1)).toMatchObject({ actorId: sup.id, subject: `review:${row.id}` });
  });

  it('refuses approving it again (409), changing nothing', async () => {
    const before = await snapshot();
    expect((await refusal(approveReviews(sup, MONTH, [{ employeeId: ann.id }]))).status).toBe(409);
    expect((await refusal(approveReviews(sup, MONTH, [{ employeeId: bob.id }, { employeeId: ann.id }]))).code).toBe('review.alreadyApproved');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the approved review whatever later changes to attempts, inspections and policy', async () => {
    const [frozen] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id] });
    const db = await getDb();
    await assess(ann.id, 'desk-rules', 30, at(20));
    await db.insert(inspections).values({ employeeId: ann.id, inspectorId: hr.id, date: day(21), item: '5.3', outcome: 'penalty', spotCheck: true });
    const harsh = { ...REVIEW_POLICY, version: 'harsh', weights: { assessment: 100, completion: 0, conduct: 0, complaints: 0 } };
    const [after] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id], policy: harsh });
    expect(after.status).toBe('approved');
    expect(after.result).toEqual(frozen.result);
    expect(after.inputs).toEqual(frozen.inputs);
    const [draft] = await monthlyReviewRows(MONTH, { employeeIds: [bob.id], policy: harsh });
    expect(draft.result.policyVersion).toBe('harsh');
  });

  it('is refused by the database itself: a direct UPDATE or DELETE of an approved review fails', async () => {
    const db = await getDb();
    const before = await snapshot();
    await expect(db.$client.execute({ sql: `UPDATE monthly_reviews SET total = 99 WHERE employee_id = ?`, args: [ann.id] })).rejects.toThrow(/frozen/);
    await expect(db.$client.execute({ sql: `UPDATE monthly_reviews SET comment = 'x' WHERE employee_id = ?`, args: [ann.id] })).rejects.toThrow(/frozen/);
    await expect(db.$client.execute({ sql: `UPDATE monthly_reviews SET status = 'reopened', total = 99 WHERE employee_id = ?`, args: [ann.id] })).rejects.toThrow(/frozen/);
    await expect(db.$client.execute({ sql: `DELETE FROM monthly_reviews WHERE employee_id = ?`, args: [ann.id] })).rejects.toThrow(/frozen/);
    expect(await snapshot()).toEqual(before);
  });

  it('shows the learner their approved review, and no drafts', async () => {
    expect((await myReviews(ann.id)).map((r) => [r.month, r.result.total])).toEqual([[MONTH, 82]]);
    expect(await myReviews(bob.id)).toEqual([]);
  });

  it('lets HR approve a supervisor’s review', async () => {
    expect(await approveReviews(hr, MONTH, [{ employeeId: sup.id }])).toBe(1);
  });
});

describe('reopening', () => {
  it('is HR’s alone (403) and needs a reason (400); neither changes anything', async () => {
    const before = await snapshot();
    expect((await refusal(reopenReview(sup, ann.id, MONTH, '数据有误'))).status).toBe(403);
    expect((await refusal(reopenReview(hr, ann.id, MONTH, '   '))).status).toBe(400);
    expect((await refusal(reopenReview(hr, ann.id, MONTH, ' x '))).code).toBe('review.reasonRequired');
    expect((await refusal(reopenReview(hr, bob.id, MONTH, '数据有误'))).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('makes it a live draft again, audited, hidden from the learner, and approvable again', async () => {
    await reopenReview(hr, ann.id, MONTH, '补录抽检结果');
    const db = await getDb();
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'review.reopen'))).at(-1)).toMatchObject({ actorId: hr.id });
    const [row] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id] });
    expect(row.status).toBe('reopened');
    expect(row.reopenReason).toBe('补录抽检结果');
    expect(row.inputs.assessments.map((a) => a.quizId)).toContain('desk-rules');
    expect(row.result.total).not.toBe(82);
    expect(await myReviews(ann.id)).toEqual([]);
    await approveReviews(sup, MONTH, [{ employeeId: ann.id, fingerprint: row.fingerprint }], '已复核');
    const [again] = await monthlyReviewRows(MONTH, { employeeIds: [ann.id] });
    expect(again).toMatchObject({ status: 'approved', comment: '已复核' });
    expect(again.result).toEqual(row.result);
  });
});

describe('complaints', () => {
  it('raises the 3.10 flag at five justified complaints in a month', async () => {
    const month = MONTH;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await logComplaint(sup, { employeeNo: 'KF102', date: day(10 + i, month), channel: 'desk', summary: `投诉 ${i + 1}` }));
    for (const id of ids.slice(0, 4)) await judgeComplaint(sup, id, 'justified');
    expect((await monthlyReviewRows(month, { employeeIds: [bob.id] }))[0].result.flags).toEqual([]);
    await judgeComplaint(sup, ids[4], 'justified');
    const [row] = await monthlyReviewRows(month, { employeeIds: [bob.id] });
    expect(row.result.flags).toEqual(['complaints-3.10']);
    expect(row.result.components.find((c) => c.key === 'complaints')!.score).toBe(0);
  });

  it('refuses another team’s employee (403), a future day (400) and an approved month (409), changing nothing', async () => {
    const before = await snapshot();
    expect((await refusal(logComplaint(sup, { employeeNo: 'KF201', date: day(3), channel: 'phone', summary: '态度差' }))).status).toBe(403);
    expect((await refusal(logComplaint(sup, { employeeNo: 'KF102', date: '2999-01-01', channel: 'phone', summary: '态度差' }))).status).toBe(400);
    expect((await refusal(logComplaint(sup, { employeeNo: 'KF101', date: day(3), channel: 'phone', summary: '态度差' }))).status).toBe(409);
    const annsPending = before.complaints.find((c) => c.employeeId === ann.id && c.status === 'pending')!;
    expect((await refusal(judgeComplaint(sup, annsPending.id, 'justified'))).status).toBe(409);
    expect((await refusal(judgeComplaint(otherSup, annsPending.id, 'justified'))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('logs the same complaint once (409 for a repeat, also when requests race); another day, channel or summary is another complaint', async () => {
    const same = { employeeNo: 'KF102', date: day(20, MONTH), channel: 'phone' as const, summary: '  电话中语气生硬  ' };
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => logComplaint(sup, same)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'review.complaint.duplicate' });
    const before = await snapshot();
    expect((await refusal(logComplaint(sup, { ...same, summary: '电话中语气生硬' }))).status).toBe(409);
    expect(await snapshot()).toEqual(before);
    await logComplaint(sup, { ...same, date: day(21, MONTH) });
    await logComplaint(sup, { ...same, channel: 'desk' });
    await logComplaint(sup, { ...same, summary: '电话中语气生硬，并挂断电话' });
    expect((await snapshot()).complaints.length).toBe(before.complaints.length + 3);
  });
});

describe('hire dates', () => {
  it('leaves out someone hired after the month unless something counting was recorded for them in it', async () => {
    const db = await getDb();
    const late = await person('late', 'learner', team, 'KF150');
    const early = await person('early', 'learner', team, 'KF151');
    await db.update(users).set({ hireDate: `${THIS_MONTH}-01` }).where(sql`${users.id} in (${late.id}, ${early.id})`);
    await assess(early.id, 'conduct', 85, at(20)); // studied ahead of the start date: their own attempt counts
    const nos = (await monthlyReviewRows(MONTH, { teamIds: [team] })).map((r) => r.employee.employeeNo);
    expect(nos).toContain('KF151');
    expect(nos).not.toContain('KF150');
  });

  it('counts no inspection or complaint dated before the hire date (a hire date corrected after they were recorded)', async () => {
    const db = await getDb();
    const mid = await person('mid', 'learner', team, 'KF152');
    const corrected = await person('corrected', 'learner', team, 'KF153');
    await db.insert(inspections).values([
      ...[5, 15].map((n) => ({ employeeId: mid.id, inspectorId: sup.id, date: day(n), item: 'day', outcome: 'ok' as const })),
      { employeeId: mid.id, inspectorId: sup.id, date: day(6), item: '6.3', outcome: 'warning' as const },
      { employeeId: mid.id, inspectorId: sup.id, date: day(16), item: '7', outcome: 'commendation' as const },
      { employeeId: corrected.id, inspectorId: sup.id, date: day(7), item: 'day', outcome: 'ok' as const },
    ]);
    await db.insert(complaints).values([
      { employeeId: mid.id, date: day(4), channel: 'desk', summary: '入职前', status: 'justified', recordedById: sup.id },
      { employeeId: mid.id, date: day(17), channel: 'desk', summary: '入职后', status: 'pending', recordedById: sup.id },
      { employeeId: corrected.id, date: day(8), channel: 'desk', summary: '入职前', status: 'justified', recordedById: sup.id },
    ]);
    await db.update(users).set({ hireDate: day(10) }).where(eq(users.id, mid.id));
    await db.update(users).set({ hireDate: `${THIS_MONTH}-01` }).where(eq(users.id, corrected.id));
    const rows = await monthlyReviewRows(MONTH, { teamIds: [team] });
    const midRow = rows.find((r) => r.employee.id === mid.id)!;
    expect(midRow.inputs.inspections.ok).toBe(1);
    expect(midRow.inputs.inspections.notable.map((n) => n.outcome)).toEqual(['commendation']);
    expect(midRow.inputs.complaints.map((c) => c.summary)).toEqual(['入职后']);
    expect(rows.some((r) => r.employee.id === corrected.id)).toBe(false);
  });

  it('refuses a complaint dated before the employee’s hire date (409), changing nothing', async () => {
    const db = await getDb();
    const newcomer = await person('newcomer', 'learner', team, 'KF154');
    await db.update(users).set({ hireDate: day(10) }).where(eq(users.id, newcomer.id));
    const before = await snapshot();
    const error = await refusal(logComplaint(sup, { employeeNo: 'KF154', date: day(9), channel: 'desk', summary: '态度差' }));
    expect(error).toMatchObject({ status: 409, code: 'review.complaint.beforeHire', params: { name: 'newcomer', hireDate: day(10) } });
    expect(await snapshot()).toEqual(before);
    await logComplaint(sup, { employeeNo: 'KF154', date: day(10), channel: 'desk', summary: '态度差' });
  });
});
