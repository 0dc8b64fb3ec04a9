import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { attemptGrants, auditLog, users } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { employeeRecord } from '../../src/lib/server/employee';
import { grantAttempt } from '../../src/lib/server/grants';
import { signOffGoLive } from '../../src/lib/server/go-live';
import { requiredQuizIds } from '../../src/lib/server/module-catalog';
import { parseTeamFilter, teamOverview } from '../../src/lib/server/team-overview';
import { orgToday } from '../../src/lib/time-zone';
import { takeAssessment } from '../helpers/attempts';
import { person, teamWith } from '../helpers/people';
import { refusal } from '../helpers/refusal';

type Team = Awaited<ReturnType<typeof teamWith>>;
let a: Team;
let b: Team;
let hr: SessionUser;
let admin: SessionUser;

const no = (u: SessionUser) => u.employeeNo!;

beforeAll(async () => {
  a = await teamWith(3);
  b = await teamWith(1);
  hr = await person('hr');
  admin = await person('admin');
});

describe('who sees an employee record', () => {
  it.each([
    ['their supervisor', () => a.supervisor, true],
    ['HR', () => hr, true],
    ['an admin', () => admin, true],
    ['the employee themselves', () => a.members[0], true],
    ['another team’s supervisor', () => b.supervisor, false],
    ['a colleague', () => a.members[1], false],
  ] as const)('%s: %s', async (_who, viewer, allowed) => {
    const work = employeeRecord(viewer(), no(a.members[0]));
    if (allowed) expect((await work).employee.id).toBe(a.members[0].id);
    else expect((await refusal(work)).status).toBe(403);
  });
  it('an unknown employee number is 404', async () => {
    expect((await refusal(employeeRecord(a.supervisor, 'NOBODY'))).status).toBe(404);
  });
  it('only the supervisor and admins may act (manage), never HR', async () => {
    expect((await employeeRecord(a.supervisor, no(a.members[0]))).manage).toBe(true);
    expect((await employeeRecord(admin, no(a.members[0]))).manage).toBe(true);
    expect((await employeeRecord(hr, no(a.members[0]))).manage).toBe(false);
  });
});

describe('weak topics and the team page', () => {
  it('a blank assessment makes every drawn topic weak; the team page lists it and filters by it', async () => {
    const learner = a.members[1];
    await takeAssessment(learner, 'complaints', false);
    const record = await employeeRecord(a.supervisor, no(learner));
    expect(record.weak.length).toBeGreaterThan(0);
    expect(record.weak.every((w) => w.module === 'complaints' && w.mean === 0)).toBe(true);
    expect(record.attempts[0]).toMatchObject({ quizId: 'complaints', mode: 'assessment', passed: false });
    expect(record.attempts[0].minutes).toBeGreaterThanOrEqual(1);
    const weak = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams('show=weak')));
    expect(weak.rows.map((r) => r.id)).toEqual([learner.id]);
  });
  it('a supervisor sees only their own teams; HR sees every team but changes nothing', async () => {
    const mine = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams()));
    expect(mine.rows.map((r) => r.id).sort()).toEqual(a.members.map((m) => m.id).sort());
    const asked = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams(`team=${b.teamId}`)));
    expect(asked.rows).toEqual([]);
    const all = await teamOverview(hr, parseTeamFilter(new URLSearchParams()));
    expect(all.rows.map((r) => r.id)).toEqual(expect.arrayContaining([...a.members, ...b.members].map((m) => m.id)));
  });
  it('deactivated employees appear only on request', async () => {
    const leaver = await person('learner', { teamId: a.teamId });
    const db = await getDb();
    await db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
    const without = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams()));
    const withThem = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams('inactive=1')));
    expect(without.rows.some((r) => r.id === leaver.id)).toBe(false);
    expect(withThem.rows.find((r) => r.id === leaver.id)?.active).toBe(false);
  });
  it('a malformed filter falls back to the defaults', () => {
    expect(parseTeamFilter(new URLSearchParams('show=everything&sort=<x>&team=abc'))).toMatchObject({ show: 'all', sort: 'name', team: undefined });
  });
});

describe('extra attempts', () => {
  /** A learner of team a who has used all three conduct assessment attempts. */
  async function usedUp() {
    const learner = await person('learner', { teamId: a.teamId });
    for (let i = 0; i < 3; i++) await takeAssessment(learner, 'conduct', false);
    return learner;
  }
  const grantsTo = async (u: SessionUser) => (await getDb()).select().from(attemptGrants).where(eq(attemptGrants.employeeId, u.id));

  it('the supervisor grants one with a reason, audited', async () => {
    const learner = await usedUp();
    await grantAttempt(a.supervisor, no(learner), 'conduct', '系统故障中断了第三次考核');
    expect(await grantsTo(learner)).toMatchObject([{ quizId: 'conduct', grantedById: a.supervisor.id, reason: '系统故障中断了第三次考核' }]);
    expect(await (await getDb()).$count(auditLog, eq(auditLog.action, 'attempt.grant'))).toBe(1);
  });
  it('is refused (409) while an attempt is left, so a repeat or a race grants one', async () => {
    const fresh = await person('learner', { teamId: a.teamId });
    expect(await refusal(grantAttempt(a.supervisor, no(fresh), 'conduct', '提前多给一次'))).toMatchObject({ status: 409, code: 'grant.attemptsLeft' });
    const learner = await usedUp();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => grantAttempt(a.supervisor, no(learner), 'conduct', '考核时网络中断')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'grant.attemptsLeft' });
    expect(await grantsTo(learner)).toHaveLength(1);
    expect(await grantsTo(fresh)).toHaveLength(0);
    // Once the granted attempt is used, another may be granted.
    await takeAssessment(learner, 'conduct', false);
    await grantAttempt(a.supervisor, no(learner), 'conduct', '再给一次机会');
    expect(await grantsTo(learner)).toHaveLength(2);
  });
  it.each([
    ['HR', () => hr, no as (u: SessionUser) => string, 403],
    ['another team’s supervisor', () => b.supervisor, no, 403],
    ['the learner for themselves', () => a.members[2], no, 403],
  ] as const)('is refused to %s', async (_who, actor, _no, status) => {
    expect((await refusal(grantAttempt(actor(), no(a.members[2]), 'conduct', '想再考一次'))).status).toBe(status);
  });
  it('refuses an unknown module (404), a module without a limit and an empty reason (400), creating nothing', async () => {
    const db = await getDb();
    const before = await db.$count(attemptGrants);
    expect((await refusal(grantAttempt(a.supervisor, no(a.members[2]), 'nope', '理由充分'))).status).toBe(404);
    expect((await refusal(grantAttempt(a.supervisor, no(a.members[2]), 'communication', '理由充分'))).code).toBe('grant.noLimit');
    expect((await refusal(grantAttempt(a.supervisor, no(a.members[2]), 'conduct', ' '))).code).toBe('grant.badReason');
    expect(await db.$count(attemptGrants)).toBe(before);
  });
});

describe('go-live sign-off', () => {
  it('needs a written reason while the readiness rule does not hold', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    expect((await refusal(signOffGoLive(a.supervisor, no(learner)))).code).toBe('golive.reasonRequired');
    const done = await signOffGoLive(a.supervisor, no(learner), '门店开业急需，已现场考核合格');
    expect(done).toMatchObject({ override: true, date: orgToday() });
    const db = await getDb();
    const log = await db.select().from(auditLog).where(eq(auditLog.subject, `user:${learner.id}`));
    expect(log.map((l) => l.action)).toContain('golive.override');
    expect((await refusal(signOffGoLive(a.supervisor, no(learner), '再来一次'))).status).toBe(409);
    expect((await employeeRecord(hr, no(learner))).signOff).toMatchObject({ by: a.supervisor.name, override: true, passed: 0, reason: '门店开业急需，已现场考核合格' });
  });
  it('signs off without a reason once every required module is passed', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    for (const quizId of requiredQuizIds()) await takeAssessment(learner, quizId, true);
    const done = await signOffGoLive(a.supervisor, no(learner));
    expect(done.override).toBe(false);
    expect((await employeeRecord(hr, no(learner))).employee.goLiveDate).toBe(orgToday());
    expect((await employeeRecord(hr, no(learner))).signOff).toMatchObject({ by: a.supervisor.name, override: false, reason: null });
  });
  it('is refused to HR and to another team’s supervisor', async () => {
    const learner = await person('learner', { teamId: a.teamId });
    expect((await refusal(signOffGoLive(hr, no(learner), '理由理由'))).status).toBe(403);
    expect((await refusal(signOffGoLive(b.supervisor, no(learner), '理由理由'))).status).toBe(403);
  });
});
