import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, users, type AuditAction } from '../../db/schema';
import { translator } from '../../src/i18n';
import { auditDetailLines } from '../../src/lib/server/audit-details';
import { AUDIT_PAGE_SIZE, auditActions, auditPage, cursorText, findActor, parseCursor } from '../../src/lib/server/audit-log';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { moveUsers, renameTeam, setTeamArchived, updateUser } from '../../src/lib/server/org-admin';
import { createTeam, createUser, listTeams, setUserActive } from '../../src/lib/server/users';
import { orgDayStart } from '../../src/lib/time-zone';
import { useTempDatabase } from '../helpers/db';
import { orgSnapshot, person, teamWith, userRow } from '../helpers/people';
import { refusal } from '../helpers/refusal';

let adminId: number;

async function lastAudit(subject: string) {
  const db = await getDb();
  return (await db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(auditLog.id).all()).at(-1);
}

beforeAll(async () => {
  await useTempDatabase();
  adminId = (await person('admin')).id;
});

describe('editing a user', () => {
  it('changes name, 工号, role and team and audits each change with its old and new value', async () => {
    const { teamId: from } = await teamWith(0);
    const { teamId: to } = await teamWith(0);
    const learner = await person('learner', { teamId: from, name: '旧名字' });
    const result = await updateUser(adminId, learner.id, { name: ' 新名字 ', employeeNo: 'ED-1', role: 'hr', teamId: to });
    expect(result.changed).toEqual(['name', 'employeeNo', 'role', 'teamId']);
    expect(await userRow(learner.id)).toMatchObject({ name: '新名字', employeeNo: 'ED-1', role: 'hr', teamId: to });
    expect(await lastAudit(`user:${learner.id}`)).toMatchObject({
      actorId: adminId,
      action: 'user.update',
      details: { changes: { name: ['旧名字', '新名字'], employeeNo: [learner.employeeNo, 'ED-1'], role: ['learner', 'hr'], teamId: [from, to] } },
    });
  });

  it('writes nothing when nothing changed', async () => {
    const learner = await person('learner');
    const before = await orgSnapshot();
    const result = await updateUser(adminId, learner.id, { name: learner.name, employeeNo: learner.employeeNo, role: 'learner', teamId: null });
    expect(result.changed).toEqual([]);
    expect(await orgSnapshot()).toEqual(before);
  });

  it.each([
    ['a 工号 another account has', async () => ({ id: (await person('learner')).id, edit: { employeeNo: (await person('learner')).employeeNo } }), 'admin.users.taken', 409],
    ['that 工号 in other letter case', async () => ({ id: (await person('learner')).id, edit: { employeeNo: (await person('learner')).employeeNo!.toLowerCase() } }), 'admin.users.taken', 409],
    ['an unknown user', async () => ({ id: 999_999, edit: {} }), 'admin.users.notFound', 404],
    ['an unknown team', async () => ({ id: (await person('learner')).id, edit: { teamId: 999_999 } }), 'admin.teams.notFound', 404],
    [
      'an archived team',
      async () => {
        const { teamId } = await teamWith(0);
        await setTeamArchived(adminId, teamId, true);
        return { id: (await person('learner')).id, edit: { teamId } };
      },
      'admin.teams.archived',
      409,
    ],
    ['their own role, for the acting admin', async () => ({ id: adminId, edit: { role: 'learner' as const } }), 'admin.users.ownRole', 400],
    ['the role of a supervisor who still leads a team', async () => ({ id: (await teamWith(0)).supervisor.id, edit: { role: 'learner' as const } }), 'admin.users.stillSupervises', 409],
  ])('refuses %s and changes nothing', async (_name, setUp, code, status) => {
    const { id, edit } = await setUp();
    const current = await getDb().then((db) => db.select().from(users).where(eq(users.id, id)).get());
    const before = await orgSnapshot();
    const base = { name: current?.name ?? 'x', employeeNo: current?.employeeNo ?? null, role: current?.role ?? 'learner', teamId: current?.teamId ?? null };
    expect(await refusal(updateUser(adminId, id, { ...base, ...edit }))).toMatchObject({ code, status });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('keeps a person in their archived team when other fields are edited', async () => {
    const { teamId } = await teamWith(0);
    const leaver = await person('learner', { teamId });
    await setUserActive(adminId, leaver.id, false);
    await setTeamArchived(adminId, teamId, true);
    await updateUser(adminId, leaver.id, { name: '改了名字', employeeNo: leaver.employeeNo, role: 'learner', teamId });
    expect(await userRow(leaver.id)).toMatchObject({ name: '改了名字', teamId });
  });
});

describe('moving people between teams', () => {
  it('moves several people at once, one audit row each, and leaves those already there alone', async () => {
    const a = await teamWith(2);
    const b = await teamWith(1);
    const result = await moveUsers(adminId, [...a.members.map((m) => m.id), b.members[0].id], b.teamId);
    expect(result).toEqual({ moved: 2, teamName: expect.any(String) });
    for (const m of a.members) {
      expect((await userRow(m.id)).teamId).toBe(b.teamId);
      expect(await lastAudit(`user:${m.id}`)).toMatchObject({ action: 'user.move', details: { from: a.teamId, to: b.teamId } });
    }
    expect(await lastAudit(`user:${b.members[0].id}`)).toMatchObject({ action: 'user.create' });
  });

  it('takes people out of every team when no team is chosen', async () => {
    const a = await teamWith(1);
    await moveUsers(adminId, [a.members[0].id], null);
    expect((await userRow(a.members[0].id)).teamId).toBeNull();
  });

  it.each([
    ['one unknown person among known ones', async (ids: number[], _archived: number) => moveUsers(adminId, [...ids, 999_999], null), 'admin.users.notFound'],
    ['an archived target team', async (ids: number[], archived: number) => moveUsers(adminId, ids, archived), 'admin.teams.archived'],
    ['nobody chosen', async () => moveUsers(adminId, [], null), 'admin.move.noneChosen'],
  ])('refuses %s and moves nobody', async (_name, work, code) => {
    const a = await teamWith(2);
    const { teamId: archived } = await teamWith(0);
    await setTeamArchived(adminId, archived, true);
    const before = await orgSnapshot();
    expect(await refusal(work(a.members.map((m) => m.id), archived))).toMatchObject({ code });
    expect(await orgSnapshot()).toEqual(before);
  });
});

describe('renaming, archiving and restoring a team', () => {
  it('renames a team, audited with both names; a name in use is 409', async () => {
    const { teamId } = await teamWith(1);
    const other = await createTeam(adminId, '已有名字', null);
    expect(await renameTeam(adminId, teamId, ' 新的名字 ')).toMatchObject({ to: '新的名字' });
    expect(await lastAudit(`team:${teamId}`)).toMatchObject({ action: 'team.rename', details: { to: '新的名字' } });
    const before = await orgSnapshot();
    expect(await refusal(renameTeam(adminId, teamId, '已有名字'))).toMatchObject({ code: 'admin.teams.taken', status: 409 });
    expect(await orgSnapshot()).toEqual(before);
    expect(other).toBeGreaterThan(0);
  });

  it('refuses to archive a team with active members, archives it once they are gone, and keeps its history', async () => {
    const { teamId, members } = await teamWith(1);
    const before = await orgSnapshot();
    expect(await refusal(setTeamArchived(adminId, teamId, true))).toMatchObject({ code: 'admin.teams.hasMembers', status: 409 });
    expect(await orgSnapshot()).toEqual(before);

    await setUserActive(adminId, members[0].id, false);
    await setTeamArchived(adminId, teamId, true);
    const listed = (await listTeams()).find((t) => t.id === teamId)!;
    expect(listed.archivedAt).toBeInstanceOf(Date);
    expect(listed.members).toBe(1);
    expect((await userRow(members[0].id)).teamId).toBe(teamId);
    expect(await lastAudit(`team:${teamId}`)).toMatchObject({ action: 'team.archive', actorId: adminId });
  });

  it('refuses new members for an archived team, a repeated archive, and restores it', async () => {
    const { teamId } = await teamWith(0);
    await setTeamArchived(adminId, teamId, true);
    const before = await orgSnapshot();
    expect(await refusal(createUser(adminId, { username: 'late.joiner', name: '晚来', role: 'learner', teamId, password: 'long enough 1' }))).toMatchObject({ code: 'admin.teams.archived' });
    expect(await refusal(setTeamArchived(adminId, teamId, true))).toMatchObject({ code: 'admin.teams.alreadyArchived', status: 409 });
    expect(await orgSnapshot()).toEqual(before);
    await setTeamArchived(adminId, teamId, false);
    expect((await listTeams()).find((t) => t.id === teamId)!.archivedAt).toBeNull();
    expect(await refusal(setTeamArchived(adminId, teamId, false))).toMatchObject({ code: 'admin.teams.notArchived', status: 409 });
  });
});

describe('signing in to a deactivated account', () => {
  it('tells only someone with the right password that the account is disabled', async () => {
    const leaver = await createUser(adminId, { username: 'left.company', name: '离职', role: 'learner', password: 'right password 1' });
    await setUserActive(adminId, leaver, false);
    expect(await signIn({ username: 'left.company', password: 'wrong password 1', address: '10.30.0.1' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn({ username: 'left.company', password: 'right password 1', address: '10.30.0.2' })).toEqual({ ok: false, reason: 'disabled' });
    expect(await signIn({ username: 'nobody.here', password: 'right password 1', address: '10.30.0.3' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await lastAudit(`user:${leaver}`)).toMatchObject({ action: 'sign-in.disabled' });
  });
});

describe('reading the audit log', () => {
  it('filters by actor, action and day (organisation time zone), newest first, in pages', async () => {
    const reader = await person('admin', { employeeNo: 'AUD-1' });
    const db = await getDb();
    // 2026-05-01 00:30 in Shanghai is 2026-04-30 16:30 UTC: it belongs to May 1st.
    const may1 = orgDayStart('2026-05-01');
    // Actions no service writes (cast past the AuditAction type), so no other test's rows match them.
    await db.insert(auditLog).values([
      { actorId: reader.id, action: 'test.before' as AuditAction, subject: 'user:1', at: new Date(may1 - 60_000) },
      { actorId: reader.id, action: 'test.day' as AuditAction, subject: 'user:1', at: new Date(may1 + 30 * 60_000) },
      { actorId: null, action: 'test.day' as AuditAction, subject: 'team:1', at: new Date(may1 + 60 * 60_000) },
    ]);
    expect((await findActor('aud-1'))?.id).toBe(reader.id); // a 工号 in any letter case, as everywhere
    expect((await findActor('AUD-1'))?.id).toBe(reader.id);
    expect((await findActor(reader.username.toUpperCase()))?.id).toBe(reader.id);

    const day = await auditPage({ from: '2026-05-01', to: '2026-05-01' });
    expect(day.entries.map((e) => [e.action, e.actorId])).toEqual([
      ['test.day', null],
      ['test.day', reader.id],
    ]);
    const byActor = await auditPage({ actorId: reader.id, action: 'test.before' as AuditAction });
    expect(byActor.entries).toHaveLength(1);
    expect(byActor.entries[0]).toMatchObject({ actorName: reader.name, subject: 'user:1' });
    expect(await auditActions()).toEqual(expect.arrayContaining(['test.before', 'test.day', 'user.create']));
  });

  it('pages with a cursor: every entry once, newest first by time even when written out of order', async () => {
    const db = await getDb();
    const base = Date.UTC(2026, 0, 10);
    // Written newest first (as a seed of past history might), and two entries share one instant.
    const times = Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => base - i * 60_000);
    times[AUDIT_PAGE_SIZE] = times[AUDIT_PAGE_SIZE - 1];
    for (const [i, at] of times.entries()) await db.insert(auditLog).values({ actorId: adminId, action: 'test.page' as AuditAction, subject: `n:${i}`, details: { i }, at: new Date(at) });
    const first = await auditPage({ action: 'test.page' as AuditAction });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.entries[0].details).toEqual({ i: 0 });
    const second = await auditPage({ action: 'test.page' as AuditAction, before: first.nextBefore! });
    expect(second.entries).toHaveLength(5);
    expect(second.nextBefore).toBeNull();
    const seen = [...first.entries, ...second.entries].map((e) => (e.details as { i: number }).i);
    expect(new Set(seen).size).toBe(AUDIT_PAGE_SIZE + 5);
    expect(seen.at(-1)).toBe(AUDIT_PAGE_SIZE + 4);
    const order = [...first.entries, ...second.entries].map((e) => e.at.getTime());
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(parseCursor(cursorText(first.nextBefore!))).toEqual(first.nextBefore);
    expect(parseCursor('12-x')).toBeUndefined();
  });

  it('names user and team subjects', async () => {
    const { teamId, members } = await teamWith(1);
    await renameTeam(adminId, teamId, '日志团队');
    const page = await auditPage({ subject: `team:${teamId}` });
    expect(page.entries[0]).toMatchObject({ action: 'team.rename', subjectName: '日志团队', subjectEmployeeNo: null });
    const userPage = await auditPage({ subject: `user:${members[0].id}` });
    expect(userPage.entries[0]).toMatchObject({ subjectName: members[0].name, subjectEmployeeNo: members[0].employeeNo });
  });

  it('names the people and teams in a page’s details with one query for people and one for teams, however many entries', async () => {
    const db = await getDb();
    const teamsMade = await Promise.all(Array.from({ length: 3 }, () => teamWith(2)));
    const [a, b, c] = teamsMade;
    await moveUsers(adminId, [a.members[0].id], b.teamId);
    await moveUsers(adminId, [b.members[1].id], c.teamId);
    await moveUsers(adminId, [c.members[0].id], null);
    const [bName, cName] = await Promise.all([b, c].map(async (x) => (await listTeams()).find((t) => t.id === x.teamId)!.name));
    // An entry naming a person and a team that no longer exist (ids far past any row): shown by number.
    await db.insert(auditLog).values({ actorId: adminId, action: 'user.move', subject: 'user:999001', details: { from: 999002, to: a.teamId } });

    const select = vi.spyOn(db, 'select');
    const page = await auditPage({ action: 'user.move', actorId: adminId });
    expect(select).toHaveBeenCalledTimes(3); // the entries, their people, their teams
    select.mockRestore();

    const zh = translator('zh-CN');
    const linesOf = (subject: string) => {
      const entry = page.entries.find((e) => e.subject === subject)!;
      return auditDetailLines(entry.action, entry.details, page.lookups, zh, 'zh-CN');
    };
    const aName = (await listTeams()).find((t) => t.id === a.teamId)!.name;
    expect(linesOf(`user:${a.members[0].id}`)).toEqual([{ label: '团队', value: `${aName} → ${bName}` }]);
    expect(linesOf(`user:${b.members[1].id}`)).toEqual([{ label: '团队', value: `${bName} → ${cName}` }]);
    expect(linesOf(`user:${c.members[0].id}`)).toEqual([{ label: '团队', value: `${cName} → 未分配团队` }]);
    expect(linesOf('user:999001')).toEqual([{ label: '团队', value: `#999002 → ${aName}` }]);
    expect(page.entries.find((e) => e.subject === 'user:999001')?.subjectName).toBeNull();
  });

  it('names a team’s supervisor by name and 工号 in the details of its creation', async () => {
    const { teamId, supervisor } = await teamWith(0);
    const page = await auditPage({ subject: `team:${teamId}`, action: 'team.create' });
    const entry = page.entries[0];
    expect(auditDetailLines(entry.action, entry.details, page.lookups, translator('en'), 'en')).toEqual([
      { label: 'Team name', value: entry.subjectName },
      { label: 'Supervisor', value: `${supervisor.name} (${supervisor.employeeNo})` },
    ]);
  });
});
