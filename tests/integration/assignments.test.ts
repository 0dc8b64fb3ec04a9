import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { assignments, auditLog } from '../../db/schema';
import { assignmentsFor, assignmentsOf, createAssignments, withdrawAssignment } from '../../src/lib/server/assignments';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { takeAssessment } from '../helpers/attempts';
import { person, teamWith } from '../helpers/people';
import { refusal } from '../helpers/refusal';
import { orgToday } from '../../src/lib/time-zone';
import { addDays } from '../../src/scoring/assignment-status';

/** A due date a month from the real today, for tests on the real clock. */
const SOON = addDays(orgToday(), 30);

type Team = Awaited<ReturnType<typeof teamWith>>;
let a: Team;
let b: Team;
let hr: SessionUser;
let admin: SessionUser;

async function count() {
  const db = await getDb();
  return db.$count(assignments);
}

/** Sets the clock to a wall time in Shanghai (UTC+8), e.g. '2026-03-10T23:59'. */
function shanghai(local: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${local}:00+08:00`));
}

const no = (u: SessionUser) => u.employeeNo!;

beforeAll(async () => {
  a = await teamWith(3);
  b = await teamWith(1);
  hr = await person('hr');
  admin = await person('admin');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('assigning', () => {
  it('assigns one module to several employees of the team, audited, status open', async () => {
    shanghai('2026-03-01T09:00');
    const { created } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[0]), no(a.members[1])], module: 'conduct', kind: 'onboarding', dueDate: '2026-03-10' });
    expect(created.map((c) => [c.employeeNo, c.module, c.kind, c.dueDate, c.status])).toEqual([
      [no(a.members[0]), 'conduct', 'onboarding', '2026-03-10', 'open'],
      [no(a.members[1]), 'conduct', 'onboarding', '2026-03-10', 'open'],
    ]);
    const db = await getDb();
    const logged = await db.select().from(auditLog).where(eq(auditLog.action, 'assignment.create'));
    expect(logged.map((l) => (l.details as { assignmentId: number }).assignmentId)).toEqual(expect.arrayContaining(created.map((c) => c.id)));
  });

  it('accepts a due date a year ahead, the latest allowed', async () => {
    shanghai('2026-03-10T10:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[2])], module: 'desk-rules', kind: 'mandatory', dueDate: '2027-03-11' });
    expect(made.dueDate).toBe('2027-03-11');
  });

  it('accepts today as the due date', async () => {
    shanghai('2026-03-10T23:59');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[2])], module: 'language', kind: 'mandatory', dueDate: '2026-03-10' });
    expect(made.status).toBe('open');
  });

  it.each([
    { case: 'a due date in the past', input: { dueDate: '2026-03-09' }, status: 400, code: 'assign.pastDate' },
    { case: 'a due date past a year ahead', input: { dueDate: '2027-03-12' }, status: 400, code: 'assign.farDate' },
    { case: 'a typo year', input: { dueDate: '9999-12-31' }, status: 400, code: 'assign.farDate' },
    { case: 'a date that does not exist', input: { dueDate: '2026-02-30' }, status: 400, code: 'assign.badDate' },
    { case: 'an unknown module', input: { module: 'no-such-module' }, status: 404, code: 'assign.unknownModule' },
    { case: 'an unknown employee among known ones', input: { employeeNos: ['E-NOBODY'] }, status: 404, code: 'assign.unknownEmployee' },
    { case: 'a kind outside the list', input: { kind: 'optional' }, status: 400, code: 'assign.badKind' },
    { case: 'topics on a non-refresher', input: { topics: ['仪容仪表'] }, status: 400, code: 'assign.topicsOnlyRefresher' },
    { case: 'a topic the module does not have', input: { kind: 'refresher', topics: ['不存在的知识点'] }, status: 400, code: 'assign.unknownTopic' },
  ])('refuses $case and creates nothing', async ({ input, status, code }) => {
    shanghai('2026-03-10T10:00');
    const before = await count();
    const base = { employeeNos: [no(a.members[0])], module: 'conduct', kind: 'mandatory', dueDate: '2026-03-20' };
    const merged = { ...base, ...input, employeeNos: [...base.employeeNos, ...(input.employeeNos ?? [])] } as Parameters<typeof createAssignments>[1];
    const error = await refusal(createAssignments(a.supervisor, merged));
    expect([error.status, error.code]).toEqual([status, code]);
    expect(await count()).toBe(before);
  });

  it('refuses the whole request with 403 when one employee is in another team', async () => {
    shanghai('2026-03-10T10:00');
    const before = await count();
    const error = await refusal(createAssignments(a.supervisor, { employeeNos: [no(a.members[0]), no(b.members[0])], module: 'conduct', kind: 'mandatory', dueDate: '2026-03-20' }));
    expect(error.status).toBe(403);
    expect(error.params.employeeNo).toBe(no(b.members[0]));
    expect(await count()).toBe(before);
  });

  it('refuses a supervisor assigning to themselves with a message that says so (403), creating nothing', async () => {
    shanghai('2026-03-10T10:00');
    const before = await count();
    const error = await refusal(createAssignments(a.supervisor, { employeeNos: [no(a.members[0]), no(a.supervisor)], module: 'conduct', kind: 'mandatory', dueDate: '2026-03-20' }));
    expect([error.status, error.key, error.params.employeeNo]).toEqual([403, 'assign.self', no(a.supervisor)]);
    expect(await count()).toBe(before);
  });

  it('lets HR read but not assign, and admins assign to anyone', async () => {
    shanghai('2026-03-10T10:00');
    expect((await refusal(createAssignments(hr, { employeeNos: [no(a.members[0])], module: 'conduct', kind: 'mandatory', dueDate: '2026-03-20' }))).status).toBe(403);
    expect((await assignmentsOf(hr, no(a.members[0]))).length).toBeGreaterThan(0);
    const { created: made } = await createAssignments(admin, { employeeNos: [no(b.members[0])], module: 'desk-rules', kind: 'mandatory', dueDate: '2026-03-20' });
    expect(made).toHaveLength(1);
  });

  it('lets a learner read only their own assignments', async () => {
    expect((await assignmentsOf(a.members[0], no(a.members[0]))).length).toBeGreaterThan(0);
    expect((await refusal(assignmentsOf(a.members[0], no(a.members[1])))).status).toBe(403);
    expect((await refusal(assignmentsOf(b.supervisor, no(a.members[1])))).status).toBe(403);
  });
});

describe('withdrawing', () => {
  it('keeps the record, marks it withdrawn and audits it; a second withdrawal is 409', async () => {
    shanghai('2026-03-10T10:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[1])], module: 'complaints', kind: 'mandatory', dueDate: '2026-03-20' });
    const gone = await withdrawAssignment(a.supervisor, made.id);
    expect(gone.status).toBe('withdrawn');
    expect((await assignmentsFor(a.members[1].id)).find((x) => x.id === made.id)?.status).toBe('withdrawn');
    expect((await refusal(withdrawAssignment(a.supervisor, made.id))).status).toBe(409);
    const db = await getDb();
    expect(await db.$count(auditLog, eq(auditLog.action, 'assignment.withdraw'))).toBe(1);
  });

  it('refuses another team’s supervisor (403) and an unknown id (404)', async () => {
    shanghai('2026-03-10T10:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[1])], module: 'complaints', kind: 'mandatory', dueDate: '2026-03-20' });
    expect((await refusal(withdrawAssignment(b.supervisor, made.id))).status).toBe(403);
    expect((await refusal(withdrawAssignment(hr, made.id))).status).toBe(403);
    expect((await refusal(withdrawAssignment(a.supervisor, 999_999))).status).toBe(404);
  });
});

describe('completion at the day boundary (Asia/Shanghai)', () => {
  it('is open at 23:59 on the due day and overdue at 00:01 the next day', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    shanghai('2026-04-01T09:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(learner)], module: 'conduct', kind: 'mandatory', dueDate: '2026-04-10' });
    shanghai('2026-04-10T23:59');
    expect((await assignmentsFor(learner.id)).find((x) => x.id === made.id)).toMatchObject({ status: 'open', reminder: 'due_soon' });
    shanghai('2026-04-11T00:01');
    expect((await assignmentsFor(learner.id)).find((x) => x.id === made.id)).toMatchObject({ status: 'overdue', reminder: 'overdue' });
  });

  it('passing the assessment at 23:59 on the due day completes it on time, with the attempt recorded', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    shanghai('2026-04-01T09:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(learner)], module: 'conduct', kind: 'onboarding', dueDate: '2026-04-10' });
    shanghai('2026-04-10T23:59');
    const attempt = await takeAssessment(learner, 'conduct', true);
    expect(attempt.passed).toBe(true);
    const after = (await assignmentsFor(learner.id)).find((x) => x.id === made.id)!;
    expect(after).toMatchObject({ status: 'completed', completingAttemptId: attempt.id });
    expect(after.completedAt).toBe(new Date('2026-04-10T23:59:00+08:00').toISOString());
  });

  it('passing it at 00:01 the next day completes it late', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    shanghai('2026-04-01T09:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(learner)], module: 'conduct', kind: 'mandatory', dueDate: '2026-04-10' });
    shanghai('2026-04-11T00:01');
    await takeAssessment(learner, 'conduct', true);
    expect((await assignmentsFor(learner.id)).find((x) => x.id === made.id)?.status).toBe('completed_late');
  });

  it('a failed assessment completes nothing, and a pass before the assignment does not count', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    shanghai('2026-04-01T09:00');
    await takeAssessment(learner, 'desk-rules', true);
    shanghai('2026-04-02T09:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(learner)], module: 'desk-rules', kind: 'mandatory', dueDate: '2026-04-10' });
    await takeAssessment(learner, 'desk-rules', false);
    expect((await assignmentsFor(learner.id)).find((x) => x.id === made.id)?.status).toBe('open');
  });

  it('a withdrawn assignment is not completed by a later pass', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    shanghai('2026-04-01T09:00');
    const { created: [made] } = await createAssignments(a.supervisor, { employeeNos: [no(learner)], module: 'conduct', kind: 'mandatory', dueDate: '2026-04-10' });
    await withdrawAssignment(a.supervisor, made.id);
    await takeAssessment(learner, 'conduct', true);
    const after = (await assignmentsFor(learner.id)).find((x) => x.id === made.id)!;
    expect(after).toMatchObject({ status: 'withdrawn', completedAt: null });
  });
});

describe('assigning to a whole team', () => {
  it('adds every active learner of a team the supervisor leads, once each', async () => {
    shanghai('2026-05-01T09:00');
    const { created: made } = await createAssignments(a.supervisor, { employeeNos: [no(a.members[0])], teamId: a.teamId, module: 'reception-phone', kind: 'mandatory', dueDate: '2026-05-20' });
    const nos = made.map((m) => m.employeeNo);
    expect(new Set(nos).size).toBe(nos.length);
    expect(nos).toEqual(expect.arrayContaining(a.members.map(no)));
  });
  it('refuses a team the supervisor does not lead (403) and an unknown team (404), creating nothing', async () => {
    shanghai('2026-05-01T09:00');
    const before = await count();
    expect((await refusal(createAssignments(a.supervisor, { employeeNos: [], teamId: b.teamId, module: 'conduct', kind: 'mandatory', dueDate: '2026-05-20' }))).status).toBe(403);
    expect((await refusal(createAssignments(a.supervisor, { employeeNos: [], teamId: 999_999, module: 'conduct', kind: 'mandatory', dueDate: '2026-05-20' }))).status).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('the same task twice', () => {
  let c: Team;
  beforeAll(async () => {
    c = await teamWith(3);
  });
  const task = (employeeNos: string[], extra: Partial<Parameters<typeof createAssignments>[1]> = {}) => ({ employeeNos, module: 'complaints', kind: 'mandatory' as const, dueDate: '2026-06-20', ...extra });
  const openOf = async (u: SessionUser) => (await assignmentsFor(u.id)).filter((x) => x.module === 'complaints' && (x.status === 'open' || x.status === 'overdue'));

  it('refuses a repeat for someone who still has it open (409), changing nothing', async () => {
    shanghai('2026-06-01T09:00');
    await createAssignments(c.supervisor, task([no(c.members[0])]));
    const before = await count();
    const error = await refusal(createAssignments(c.supervisor, task([no(c.members[0])], { dueDate: '2026-06-25' })));
    expect(error).toMatchObject({ status: 409, code: 'assign.alreadyOpen', params: { employeeNo: no(c.members[0]) } });
    expect(await count()).toBe(before);
    const all = await refusal(createAssignments(c.supervisor, task([no(c.members[0]), no(c.members[0])])));
    expect(all.status).toBe(409);
  });

  it('gives the others theirs and lists who was skipped', async () => {
    shanghai('2026-06-01T09:00');
    const { created, skipped } = await createAssignments(c.supervisor, task([no(c.members[0]), no(c.members[1])]));
    expect([created.map((x) => x.employeeNo), skipped]).toEqual([[no(c.members[1])], [no(c.members[0])]]);
    const whole = await refusal(createAssignments(c.supervisor, task([], { teamId: undefined, employeeNos: [no(c.members[0]), no(c.members[1])] })));
    expect(whole).toMatchObject({ status: 409, key: 'assign.alreadyOpenAll', code: 'assign.alreadyOpen', params: { n: 2 } });
  });

  it('allows another kind, other refresher topics, and the same task again once the open one is withdrawn or completed', async () => {
    shanghai('2026-06-01T09:00');
    const learner = c.members[2];
    const [first] = (await createAssignments(c.supervisor, task([no(learner)]))).created;
    expect((await createAssignments(c.supervisor, task([no(learner)], { kind: 'onboarding' }))).created).toHaveLength(1);
    expect((await createAssignments(c.supervisor, task([no(learner)], { kind: 'refresher', topics: ['投诉处理六步骤'] }))).created).toHaveLength(1);
    expect((await createAssignments(c.supervisor, task([no(learner)], { kind: 'refresher', topics: ['接待投诉顾客'] }))).created).toHaveLength(1);
    expect((await refusal(createAssignments(c.supervisor, task([no(learner)], { kind: 'refresher', topics: ['接待投诉顾客'] })))).status).toBe(409);
    await withdrawAssignment(c.supervisor, first.id);
    const [second] = (await createAssignments(c.supervisor, task([no(learner)], { dueDate: '2026-06-30' }))).created;
    expect(second.dueDate).toBe('2026-06-30');
    vi.useRealTimers();
    await takeAssessment(learner, 'complaints', true);
    expect((await openOf(learner)).map((x) => x.kind)).toEqual(expect.not.arrayContaining(['mandatory']));
    expect((await createAssignments(c.supervisor, task([no(learner)], { dueDate: SOON }))).created).toHaveLength(1);
  });

  it('is created once when the same request races itself', async () => {
    const racer = await teamWith(1);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createAssignments(racer.supervisor, task([no(racer.members[0])], { dueDate: SOON }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'assign.alreadyOpen' });
    expect(await openOf(racer.members[0])).toHaveLength(1);
  });
});
