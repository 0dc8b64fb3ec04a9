import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { sessions, teams, users, type Role } from '../../../db/schema';
import { audit } from './audit';
import { AUTH } from './auth/config';
import { hashPassword, verifyPassword, weakPassword } from './auth/password';
import { clearAccount, countFailure, passwordChangeKey, remainingWait } from './auth/throttle';
import { isUniqueViolation, ServiceError } from './errors';
import { sameEmployeeNo } from './employee-lookup';

/** Re-exported for services written when ServiceError lived here; new code imports it from './errors'. */
export { ServiceError };

/**
 * Changes one's own password after checking the current one. Wrong current passwords are throttled
 * like failed sign-ins (per user). The new hash, ending every session and the audit row commit
 * together (the caller then starts a fresh session for this browser).
 */
export async function changeOwnPassword(userId: number, current: string, next: string) {
  const key = passwordChangeKey(userId);
  const wait = await remainingWait({ account: key });
  if (wait > 0) throw new ServiceError({ key: 'password.throttled', status: 429, code: 'throttled', params: { seconds: Math.ceil(wait / 1000) } });
  const db = await getDb();
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    await countFailure(key, AUTH.accountFreeFailures);
    throw new ServiceError({ key: 'password.wrongCurrent', status: 400, code: 'wrong_password' });
  }
  refuseWeakPassword(next, user.username);
  // A first sign-in must replace the password an administrator chose and passed on, not confirm it.
  if (next === current) throw new ServiceError({ key: 'password.sameAsCurrent', status: 400, code: 'weak_password' });
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(userId, 'password.change', `user:${userId}`, undefined, tx);
  });
  await clearAccount({ account: key });
}

/** Refuses a password a guesser tries first: the username itself, or nothing but spaces. */
function refuseWeakPassword(password: string, username: string): void {
  const problem = weakPassword(password, username);
  if (problem) throw new ServiceError({ key: problem, status: 400, code: 'weak_password' });
}

/** Saves the interface language a user chose. */
export async function setLocale(userId: number, locale: 'zh-CN' | 'en') {
  const db = await getDb();
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

export interface NewUser {
  username: string;
  name: string;
  employeeNo?: string | null;
  role: Role;
  teamId?: number | null;
  password: string;
  hireDate?: string | null;
  mustChangePassword?: boolean;
}

/** Creates an account; usernames are stored lower-case. Refuses a taken username or employee number (any case). */
export async function createUser(actorId: number | null, input: NewUser) {
  const db = await getDb();
  const username = input.username.trim().toLowerCase();
  const clash = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  const noClash = input.employeeNo ? await db.select({ id: users.id }).from(users).where(sameEmployeeNo(input.employeeNo)).get() : undefined;
  if (clash || noClash) throw new ServiceError('admin.users.taken', 409);
  refuseWeakPassword(input.password, username);
  if (input.teamId) {
    const team = await db.select({ archivedAt: teams.archivedAt }).from(teams).where(eq(teams.id, input.teamId)).get();
    if (!team) throw new ServiceError('admin.teams.notFound', 404);
    if (team.archivedAt) throw new ServiceError('admin.teams.archived', 409);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          username,
          name: input.name.trim(),
          employeeNo: input.employeeNo || null,
          role: input.role,
          teamId: input.teamId ?? null,
          hireDate: input.hireDate ?? null,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? false,
        })
        .returning({ id: users.id });
      await audit(actorId, 'user.create', `user:${row.id}`, { username, role: input.role }, tx);
      return row.id;
    });
  } catch (error) {
    // Another request created the same username or 工号 between the check above and this insert.
    if (isUniqueViolation(error)) throw new ServiceError('admin.users.taken', 409);
    throw error;
  }
}

/** Activates or deactivates an account; deactivation ends its sessions at once. */
export async function setUserActive(actorId: number, userId: number, active: boolean) {
  if (actorId === userId && !active) throw new ServiceError('admin.users.self');
  const db = await getDb();
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new ServiceError('admin.users.notFound', 404);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ active }).where(eq(users.id, userId));
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(actorId, active ? 'user.activate' : 'user.deactivate', `user:${userId}`, undefined, tx);
  });
  return user.username;
}

/** Sets a new password chosen by an admin; the user must change it at next sign-in, and is signed out now. */
export async function resetPassword(actorId: number, userId: number, password: string) {
  const db = await getDb();
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new ServiceError('admin.users.notFound', 404);
  refuseWeakPassword(password, user.username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(actorId, 'user.reset-password', `user:${userId}`, undefined, tx);
  });
  return user.username;
}


/** Every team with its supervisor, head count and archive date (pickers offer only `archivedAt === null`). */
export async function listTeams() {
  const db = await getDb();
  const supervisor = alias(users, 'supervisor');
  return db
    .select({
      id: teams.id,
      name: teams.name,
      supervisorId: teams.supervisorId,
      supervisorName: supervisor.name,
      archivedAt: teams.archivedAt,
      members: sql<number>`(select count(*) from ${users} where ${users.teamId} = ${teams.id})`,
    })
    .from(teams)
    .leftJoin(supervisor, eq(teams.supervisorId, supervisor.id))
    .orderBy(asc(teams.name));
}

/** Creates a team, optionally with its supervisor (who must have the supervisor role). */
export async function createTeam(actorId: number | null, name: string, supervisorId: number | null) {
  const db = await getDb();
  if (await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name.trim())).get()) throw new ServiceError('admin.teams.taken', 409);
  if (supervisorId !== null) await assertSupervisor(supervisorId);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(teams).values({ name: name.trim(), supervisorId }).returning({ id: teams.id });
      await audit(actorId, 'team.create', `team:${row.id}`, { name, supervisorId }, tx);
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('admin.teams.taken', 409);
    throw error;
  }
}

/** Sets or clears a team's supervisor. */
export async function setTeamSupervisor(actorId: number, teamId: number, supervisorId: number | null) {
  const db = await getDb();
  const team = await db.select().from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new ServiceError('admin.teams.notFound', 404);
  if (supervisorId !== null) await assertSupervisor(supervisorId);
  await db.update(teams).set({ supervisorId }).where(eq(teams.id, teamId));
  await audit(actorId, 'team.set-supervisor', `team:${teamId}`, { supervisorId });
  return team.name;
}

async function assertSupervisor(userId: number) {
  const db = await getDb();
  const user = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!user || user.role !== 'supervisor') throw new ServiceError('admin.teams.notSupervisor');
}
