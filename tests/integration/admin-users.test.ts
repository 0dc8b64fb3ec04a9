import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, users } from '../../db/schema';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { createTeam, createUser, listTeams, resetPassword, setTeamSupervisor, setUserActive } from '../../src/lib/server/users';
import { useTempDatabase } from '../helpers/db';
import { orgSnapshot, userRow } from '../helpers/people';
import { refusal } from '../helpers/refusal';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct horse battery';
let adminId: number;

function learner(username: string, extra: Partial<Parameters<typeof createUser>[1]> = {}) {
  return createUser(adminId, { username, name: username, role: 'learner', password: PASSWORD, ...extra });
}

/** Runs `npm run user:create` the way an operator would, with the password piped on stdin. */
function userCreate(args: string[], stdin: string) {
  const run = spawnSync(process.execPath, ['node_modules/.bin/tsx', 'scripts/user-create.ts', ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
    env: process.env,
    timeout: 30_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  await useTempDatabase();
  adminId = await createUser(null, { username: 'root.admin', name: '系统管理员', role: 'admin', password: PASSWORD });
});

describe('creating a user', () => {
  it('stores the username in lower case, hashes the password and asks for a change at first sign-in when told to', async () => {
    const id = await createUser(adminId, { username: '  Zhang.San ', name: '张三', employeeNo: 'E1001', role: 'learner', password: PASSWORD, mustChangePassword: true });
    const row = await userRow(id);
    expect(row).toMatchObject({ username: 'zhang.san', name: '张三', employeeNo: 'E1001', role: 'learner', active: true, mustChangePassword: true });
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
  });

  it('refuses a username that is already taken, whatever its case, and changes nothing', async () => {
    await learner('li.si');
    const before = await orgSnapshot();
    const error = await refusal(learner('LI.SI', { employeeNo: 'E2002' }));
    expect(error.key).toBe('admin.users.taken');
    expect(error.status).toBe(409);
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses an employee number that is already taken, whatever its case, and changes nothing', async () => {
    await learner('wang.wu', { employeeNo: 'E3003' });
    const before = await orgSnapshot();
    const error = await refusal(learner('zhao.liu', { employeeNo: 'E3003' }));
    expect(error.key).toBe('admin.users.taken');
    expect((await refusal(learner('zhao.liu', { employeeNo: 'e3003' }))).key).toBe('admin.users.taken');
    expect(await orgSnapshot()).toEqual(before);
  });

  it('records who created the account in the audit log', async () => {
    const id = await learner('audit.me');
    const db = await getDb();
    const entry = await db.select().from(auditLog).where(eq(auditLog.subject, `user:${id}`)).get();
    expect(entry).toMatchObject({ actorId: adminId, action: 'user.create' });
  });
});

describe('deactivating and re-activating a user', () => {
  it('ends every session of the deactivated user at once', async () => {
    const id = await learner('leaving.soon');
    const phone = await createSession(id);
    const desk = await createSession(id);
    expect(await validateSessionToken(phone.token)).not.toBeNull();
    await setUserActive(adminId, id, false);
    expect((await userRow(id)).active).toBe(false);
    expect(await validateSessionToken(phone.token)).toBeNull();
    expect(await validateSessionToken(desk.token)).toBeNull();
  });

  it('lets a re-activated user hold a session again', async () => {
    const id = await learner('coming.back');
    await setUserActive(adminId, id, false);
    await setUserActive(adminId, id, true);
    const { token } = await createSession(id);
    expect((await validateSessionToken(token))?.user.id).toBe(id);
  });

  it('refuses to let an admin deactivate their own account and changes nothing', async () => {
    const before = await orgSnapshot();
    const error = await refusal(setUserActive(adminId, adminId, false));
    expect(error.key).toBe('admin.users.self');
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses an unknown user with not found', async () => {
    const error = await refusal(setUserActive(adminId, 999_999, false));
    expect(error).toMatchObject({ key: 'admin.users.notFound', status: 404 });
  });
});

describe('resetting a password', () => {
  it('sets the new password, requires a change at next sign-in and ends every session', async () => {
    const id = await learner('forgot.it');
    const { token } = await createSession(id);
    await resetPassword(adminId, id, 'temporary pass 42');
    const row = await userRow(id);
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(row.passwordHash, 'temporary pass 42')).toBe(true);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(false);
    expect(await validateSessionToken(token)).toBeNull();
  });

  it('refuses an unknown user and changes nothing', async () => {
    const before = await orgSnapshot();
    expect((await refusal(resetPassword(adminId, 999_999, 'temporary pass 42'))).key).toBe('admin.users.notFound');
    expect(await orgSnapshot()).toEqual(before);
  });
});

describe('teams and their supervisors', () => {
  let supervisorId: number;
  beforeAll(async () => {
    supervisorId = await createUser(adminId, { username: 'chen.zhuguan', name: '陈主管', role: 'supervisor', password: PASSWORD });
  });

  it('creates a team led by a supervisor and counts its members', async () => {
    const teamId = await createTeam(adminId, ' 一组 ', supervisorId);
    await learner('member.one', { teamId });
    await learner('member.two', { teamId });
    const team = (await listTeams()).find((t) => t.id === teamId);
    expect(team).toMatchObject({ name: '一组', supervisorId, supervisorName: '陈主管', members: 2 });
  });

  it('refuses a team name that is already taken and changes nothing', async () => {
    await createTeam(adminId, '二组', null);
    const before = await orgSnapshot();
    const error = await refusal(createTeam(adminId, '二组', null));
    expect(error).toMatchObject({ key: 'admin.teams.taken', status: 409 });
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses to let someone without the supervisor role lead a new team, and creates nothing', async () => {
    const notSupervisor = await learner('just.learner');
    const before = await orgSnapshot();
    expect((await refusal(createTeam(adminId, '三组', notSupervisor))).key).toBe('admin.teams.notSupervisor');
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses to make someone without the supervisor role lead an existing team, and keeps the old supervisor', async () => {
    const teamId = await createTeam(adminId, '四组', supervisorId);
    const hr = await createUser(adminId, { username: 'hr.person', name: '人事', role: 'hr', password: PASSWORD });
    const before = await orgSnapshot();
    expect((await refusal(setTeamSupervisor(adminId, teamId, hr))).key).toBe('admin.teams.notSupervisor');
    expect(await orgSnapshot()).toEqual(before);
  });

  it('changes and clears a team supervisor', async () => {
    const teamId = await createTeam(adminId, '五组', null);
    expect(await setTeamSupervisor(adminId, teamId, supervisorId)).toBe('五组');
    expect((await listTeams()).find((t) => t.id === teamId)?.supervisorId).toBe(supervisorId);
    await setTeamSupervisor(adminId, teamId, null);
    expect((await listTeams()).find((t) => t.id === teamId)?.supervisorId).toBeNull();
  });
});

describe('npm run user:create', () => {
  it('creates an account from the password piped on stdin, without a forced password change', async () => {
    const run = userCreate(['--username', 'First.Admin', '--role', 'admin', '--name', '王经理', '--employee-no', 'A0001'], 'a long admin password\n');
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('first.admin');
    const db = await getDb();
    const row = (await db.select().from(users).where(eq(users.username, 'first.admin')).get())!;
    expect(row).toMatchObject({ name: '王经理', employeeNo: 'A0001', role: 'admin', active: true, mustChangePassword: false });
    expect(await verifyPassword(row.passwordHash, 'a long admin password')).toBe(true);
  });

  it('refuses a password shorter than 8 characters and creates nothing', async () => {
    const before = await orgSnapshot();
    const run = userCreate(['--username', 'weak.pw', '--role', 'admin'], 'short\n');
    expect(run.status).toBe(1);
    expect(run.err).toContain('8');
    expect(await orgSnapshot()).toEqual(before);
  });

  it('refuses a username that is taken and says so', async () => {
    const run = userCreate(['--username', 'root.admin', '--role', 'admin'], `${PASSWORD}\n`);
    expect(run.status).toBe(1);
    expect(run.err).toContain('用户名或工号已被使用');
  });

  it('refuses an unknown role before asking for a password', async () => {
    const run = userCreate(['--username', 'odd.role', '--role', 'boss'], '');
    expect(run.status).toBe(2);
    expect(run.err).toContain('--role');
  });
});
