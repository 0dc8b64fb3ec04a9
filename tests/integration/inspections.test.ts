import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, inspections, monthlyReviews, teams, users, type Role } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { inspectionDay, saveInspectionDay, type InspectionDayInput } from '../../src/lib/server/inspections';
import { orgMonth, orgToday, previousMonth } from '../../src/lib/time-zone';
import { useTempDatabase } from '../helpers/db';
import { storedPerson } from '../helpers/people';
import { refusal } from '../helpers/refusal';

const TODAY = orgToday();
const LAST_MONTH_DAY = `${previousMonth(orgMonth())}-15`;
let sup: SessionUser, otherSup: SessionUser, hr: SessionUser, learner: SessionUser, ann: SessionUser, bob: SessionUser, carl: SessionUser;
let team: number, otherTeam: number;

/** A person whose employee number is their username in capitals. */
const person = (username: string, role: Role, teamId: number | null) => storedPerson(username, role, { teamId, employeeNo: username.toUpperCase() });

async function rows() {
  const db = await getDb();
  return { inspections: await db.select().from(inspections).orderBy(inspections.id), audit: await db.select().from(auditLog).orderBy(auditLog.id) };
}

/** The form as the page sends it by default: everyone on it, everyone inspected, nothing else. */
function wholeTeam(date: string, extra: Partial<InspectionDayInput> = {}): InspectionDayInput {
  return { date, teamId: null, employeeIds: [ann.id, bob.id], inspected: [ann.id, bob.id], issues: [], ...extra };
}

beforeAll(async () => {
  const db = await useTempDatabase();
  [{ id: team }, { id: otherTeam }] = await db.insert(teams).values([{ name: 'A 组' }, { name: 'B 组' }]).returning({ id: teams.id });
  sup = await person('sup', 'supervisor', team);
  otherSup = await person('sup2', 'supervisor', otherTeam);
  await db.update(teams).set({ supervisorId: sup.id }).where(eq(teams.id, team));
  await db.update(teams).set({ supervisorId: otherSup.id }).where(eq(teams.id, otherTeam));
  ann = await person('ann', 'learner', team);
  bob = await person('bob', 'learner', team);
  carl = await person('carl', 'learner', otherTeam);
  learner = ann;
  hr = await person('hr', 'hr', null);
});

describe('the day’s checklist', () => {
  it('lists a supervisor’s team learners, nothing recorded yet', async () => {
    const day = await inspectionDay(sup, TODAY);
    expect(day.members.map((m) => [m.name, m.recorded, m.locked])).toEqual([['ann', false, false], ['bob', false, false]]);
    expect(day.spotCheck).toBe(false);
  });

  it('lists a team and its supervisor for HR’s spot check', async () => {
    const day = await inspectionDay(hr, TODAY, otherTeam);
    expect(day.members.map((m) => m.name)).toEqual(['sup2', 'carl']);
    expect(day.spotCheck).toBe(true);
  });

  it('refuses a learner (403), another team (403), a malformed day (400) and a future day (400)', async () => {
    expect((await refusal(inspectionDay(learner, TODAY))).status).toBe(403);
    expect((await refusal(inspectionDay(sup, TODAY, otherTeam))).status).toBe(403);
    expect((await refusal(inspectionDay(sup, '2026-02-30'))).status).toBe(400);
    expect((await refusal(inspectionDay(sup, '2999-01-01'))).status).toBe(400);
  });
});

describe('saving a whole team’s day', () => {
  it('records everyone as inspected with one save, and the notable entries with their notes', async () => {
    await saveInspectionDay(sup, wholeTeam(LAST_MONTH_DAY, { issues: [{ employeeId: bob.id, item: '6.3', outcome: 'warning', note: '接听未报工号' }] }));
    const day = await inspectionDay(sup, LAST_MONTH_DAY);
    expect(day.members.map((m) => [m.name, m.dayOk, m.issues])).toEqual([
      ['ann', true, []],
      ['bob', true, [{ item: '6.3', outcome: 'warning', note: '接听未报工号' }]],
    ]);
    const db = await getDb();
    expect(await db.$count(auditLog, eq(auditLog.action, 'inspections.save'))).toBe(1);
  });

  it('replaces the day with what was sent when edited: a withdrawn warning goes, a new penalty comes', async () => {
    await saveInspectionDay(sup, wholeTeam(LAST_MONTH_DAY, { inspected: [bob.id], issues: [{ employeeId: ann.id, item: '5.3', outcome: 'penalty', note: null }] }));
    const day = await inspectionDay(sup, LAST_MONTH_DAY);
    expect(day.members.map((m) => [m.name, m.dayOk, m.issues.map((i) => i.outcome)])).toEqual([['ann', false, ['penalty']], ['bob', true, []]]);
  });

  it('refuses a form drawn before the day changed elsewhere (409), keeping what was saved meanwhile', async () => {
    const day = `${previousMonth(previousMonth(orgMonth()))}-16`;
    const tabA = await inspectionDay(sup, day);
    const tabB = await inspectionDay(sup, day);
    expect(tabB.version).toBe(tabA.version);
    await saveInspectionDay(sup, wholeTeam(day, { version: tabB.version, issues: [{ employeeId: ann.id, item: '5.3', outcome: 'penalty', note: 'tab B' }] }));
    const before = await rows();
    const stale = await refusal(saveInspectionDay(sup, wholeTeam(day, { version: tabA.version })));
    expect([stale.status, stale.key]).toEqual([409, 'review.inspect.changed']);
    expect(await rows()).toEqual(before);
    // Drawn again, the form carries the new version and saves.
    const fresh = await inspectionDay(sup, day);
    expect(fresh.version).not.toBe(tabA.version);
    await saveInspectionDay(sup, wholeTeam(day, { version: fresh.version, inspected: [] }));
    expect((await inspectionDay(sup, day)).members.map((m) => m.recorded)).toEqual([false, false]);
  });

  it('keeps HR’s spot checks apart from the supervisor’s entries, on supervisors too', async () => {
    await saveInspectionDay(hr, { date: LAST_MONTH_DAY, teamId: team, employeeIds: [sup.id, ann.id], inspected: [sup.id], issues: [{ employeeId: ann.id, item: '7', outcome: 'commendation', note: '及时纠正登记错误' }] });
    const db = await getDb();
    const spot = await db.select().from(inspections).where(eq(inspections.spotCheck, true));
    expect(spot.map((r) => [r.employeeId, r.item, r.outcome])).toEqual([[sup.id, 'day', 'ok'], [ann.id, '7', 'commendation']]);
    expect((await inspectionDay(sup, LAST_MONTH_DAY)).members[0].issues.map((i) => i.item)).toEqual(['5.3']);
  });

  it.each<[string, () => Promise<unknown>, number]>([
    ['another team’s learner', () => saveInspectionDay(sup, wholeTeam(TODAY, { employeeIds: [ann.id, carl.id], inspected: [ann.id, carl.id] })), 403],
    ['a supervisor inspecting a supervisor', () => saveInspectionDay(sup, wholeTeam(TODAY, { employeeIds: [otherSup.id], inspected: [otherSup.id] })), 403],
    ['a learner', () => saveInspectionDay(learner, wholeTeam(TODAY, { employeeIds: [bob.id], inspected: [bob.id] })), 403],
    ['a future day', () => saveInspectionDay(sup, wholeTeam('2999-01-01')), 400],
    ['a malformed day', () => saveInspectionDay(sup, wholeTeam('2026-1-5')), 400],
    ['an item not on the list', () => saveInspectionDay(sup, wholeTeam(TODAY, { issues: [{ employeeId: ann.id, item: '9.9', outcome: 'warning', note: null }] })), 400],
    ['an outcome the item cannot have', () => saveInspectionDay(sup, wholeTeam(TODAY, { issues: [{ employeeId: ann.id, item: '7', outcome: 'penalty', note: null }] })), 400],
    ['the same item twice', () => saveInspectionDay(sup, wholeTeam(TODAY, { issues: [{ employeeId: ann.id, item: '3.1', outcome: 'warning', note: null }, { employeeId: ann.id, item: '3.1', outcome: 'penalty', note: null }] })), 400],
    ['an entry for someone not on the form', () => saveInspectionDay(sup, wholeTeam(TODAY, { issues: [{ employeeId: carl.id, item: '3.1', outcome: 'warning', note: null }] })), 400],
  ])('refuses %s with %d and changes nothing', async (_name, work, status) => {
    const before = await rows();
    expect((await refusal(work())).status).toBe(status);
    expect(await rows()).toEqual(before);
  });

  it('refuses a day whose month’s review is approved (409) and shows it read-only', async () => {
    const db = await getDb();
    await db.insert(monthlyReviews).values({ employeeId: ann.id, month: LAST_MONTH_DAY.slice(0, 7), components: {}, flags: [], status: 'approved', approvedById: sup.id, approvedAt: new Date() });
    const before = await rows();
    expect((await refusal(saveInspectionDay(sup, wholeTeam(LAST_MONTH_DAY)))).status).toBe(409);
    expect(await rows()).toEqual(before);
    expect((await inspectionDay(sup, LAST_MONTH_DAY)).members.map((m) => m.locked)).toEqual([true, false]);
    const annRows = await db.select().from(inspections).where(and(eq(inspections.employeeId, ann.id), eq(inspections.spotCheck, false)));
    expect(annRows.map((r) => r.item)).toEqual(['5.3']);
  });
});

describe('hire dates', () => {
  it('leaves someone off the checklist of a day before they were hired, and refuses saving it for them (409), changing nothing', async () => {
    const db = await getDb();
    const dan = await person('dan', 'learner', team);
    await db.update(users).set({ hireDate: TODAY }).where(eq(users.id, dan.id));
    expect((await inspectionDay(sup, LAST_MONTH_DAY)).members.map((m) => m.name)).not.toContain('dan');
    expect((await inspectionDay(sup, TODAY)).members.map((m) => m.name)).toContain('dan');
    const before = await rows();
    const error = await refusal(saveInspectionDay(sup, { date: LAST_MONTH_DAY, teamId: null, employeeIds: [bob.id, dan.id], inspected: [bob.id, dan.id], issues: [] }));
    expect(error).toMatchObject({ status: 409, code: 'review.inspect.beforeHire', params: { name: 'dan', hireDate: TODAY } });
    expect(await rows()).toEqual(before);
    await saveInspectionDay(sup, { date: TODAY, teamId: null, employeeIds: [dan.id], inspected: [dan.id], issues: [] });
  });
});
