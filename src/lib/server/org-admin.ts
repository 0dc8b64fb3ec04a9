import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { teams, users, type Role } from '../../../db/schema';
import type { MessageKey } from '../../i18n';
import { audit, type DbOrTx } from './audit';
import { isUniqueViolation, ServiceError } from './errors';
import { sameEmployeeNo } from './employee-lookup';

/**
 * An administrator's changes to people and teams after they exist: edit a user, move people between
 * teams, rename, archive and restore a team. Each runs in one write transaction (BEGIN IMMEDIATE), so
 * its checks and its write see the same data, and its audit rows commit with it.
 */

/** Runs `work` in a write transaction; a UNIQUE clash (someone took the name meanwhile) becomes `conflictKey` 409. */
async function writeTransaction<T>(conflictKey: MessageKey, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  const db = await getDb();
  try {
    return await db.transaction((tx) => work(tx));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError(conflictKey, 409);
    throw error;
  }
}

/** A team that may take new members: it exists and is not archived (unless the person is already in it). */
async function openTeam(tx: DbOrTx, teamId: number, currentTeamId: number | null = null) {
  const team = await tx.select().from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new ServiceError('admin.teams.notFound', 404);
  if (team.archivedAt && team.id !== currentTeamId) throw new ServiceError('admin.teams.archived', 409, { name: team.name });
  return team;
}

/** Names of the teams a user supervises (a supervisor who still leads a team cannot lose the role). */
export async function teamsSupervisedBy(tx: DbOrTx, userIds: number[]): Promise<Map<number, string[]>> {
  const led = new Map<number, string[]>();
  if (userIds.length === 0) return led;
  const rows = await tx.select({ supervisorId: teams.supervisorId, name: teams.name }).from(teams).where(inArray(teams.supervisorId, userIds));
  for (const row of rows) led.set(row.supervisorId!, [...(led.get(row.supervisorId!) ?? []), row.name]);
  return led;
}

/** The fields an admin edits on /admin/users/<id>. */
export interface UserEdit {
  name: string;
  employeeNo: string | null;
  role: Role;
  teamId: number | null;
}

/** One user's editable fields, for the edit form; undefined when there is no such user. */
export async function userForEdit(userId: number) {
  const db = await getDb();
  return db
    .select({ id: users.id, username: users.username, name: users.name, employeeNo: users.employeeNo, role: users.role, teamId: users.teamId, active: users.active })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/**
 * Changes a user's name, 工号, role and team. Refused: an unknown user (404), a 工号 another account
 * has (409), an archived or unknown team (409/404), an admin changing their own role (they could lock
 * every admin out), and taking the supervisor role from someone who still leads a team (409: name
 * another supervisor first). Audited with each changed field's old and new value; no change, no write.
 */
export async function updateUser(actorId: number, userId: number, edit: UserEdit): Promise<{ username: string; changed: string[] }> {
  return writeTransaction('admin.users.taken', async (tx) => {
    const user = await tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) throw new ServiceError('admin.users.notFound', 404);
    const next = { name: edit.name.trim(), employeeNo: edit.employeeNo?.trim() || null, role: edit.role, teamId: edit.teamId };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of ['name', 'employeeNo', 'role', 'teamId'] as const) if (user[key] !== next[key]) changes[key] = [user[key], next[key]];
    if (Object.keys(changes).length === 0) return { username: user.username, changed: [] };

    if (changes.role && userId === actorId) throw new ServiceError('admin.users.ownRole', 400);
    if (changes.role && user.role === 'supervisor') {
      const led = (await teamsSupervisedBy(tx, [userId])).get(userId);
      if (led) throw new ServiceError('admin.users.stillSupervises', 409, { teams: led });
    }
    if (changes.employeeNo && next.employeeNo) {
      const clash = await tx.select({ id: users.id }).from(users).where(and(sameEmployeeNo(next.employeeNo), ne(users.id, userId))).get();
      if (clash) throw new ServiceError('admin.users.taken', 409);
    }
    if (changes.teamId && next.teamId !== null) await openTeam(tx, next.teamId, user.teamId);

    await tx.update(users).set(next).where(eq(users.id, userId));
    await audit(actorId, 'user.update', `user:${userId}`, { changes }, tx);
    return { username: user.username, changed: Object.keys(changes) };
  });
}

/**
 * Moves people into a team (or out of every team with `teamId` null), all or none: an unknown person
 * or an archived target refuses the whole request. People already in the team are left as they are.
 * One audit row per person moved, with where they came from.
 */
export async function moveUsers(actorId: number, userIds: number[], teamId: number | null): Promise<{ moved: number; teamName: string | null }> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) throw new ServiceError('admin.move.noneChosen', 400);
  return writeTransaction('admin.users.taken', async (tx) => {
    const team = teamId === null ? null : await openTeam(tx, teamId);
    const found = await tx.select({ id: users.id, teamId: users.teamId }).from(users).where(inArray(users.id, ids));
    if (found.length !== ids.length) throw new ServiceError('admin.users.notFound', 404);
    const moving = found.filter((u) => u.teamId !== teamId);
    if (moving.length > 0)
      await tx.update(users).set({ teamId }).where(inArray(users.id, moving.map((u) => u.id)));
    for (const user of moving) await audit(actorId, 'user.move', `user:${user.id}`, { from: user.teamId, to: teamId }, tx);
    return { moved: moving.length, teamName: team?.name ?? null };
  });
}

/** Renames a team; its members, supervisor and history stay. A name another team has is 409. */
export async function renameTeam(actorId: number, teamId: number, name: string): Promise<{ from: string; to: string }> {
  const to = name.trim();
  return writeTransaction('admin.teams.taken', async (tx) => {
    const team = await tx.select().from(teams).where(eq(teams.id, teamId)).get();
    if (!team) throw new ServiceError('admin.teams.notFound', 404);
    if (team.name === to) return { from: team.name, to };
    const clash = await tx.select({ id: teams.id }).from(teams).where(eq(teams.name, to)).get();
    if (clash) throw new ServiceError('admin.teams.taken', 409);
    await tx.update(teams).set({ name: to }).where(eq(teams.id, teamId));
    await audit(actorId, 'team.rename', `team:${teamId}`, { from: team.name, to }, tx);
    return { from: team.name, to };
  });
}

/**
 * Archives a team (it keeps its history, takes no new members and leaves the pickers) or restores it.
 * A team with active members cannot be archived: move them first, so nobody is left in a team no one
 * can pick. Archiving an archived team, or restoring an open one, is a repeated request: 409.
 */
export async function setTeamArchived(actorId: number, teamId: number, archived: boolean): Promise<{ name: string }> {
  return writeTransaction('admin.teams.taken', async (tx) => {
    const team = await tx.select().from(teams).where(eq(teams.id, teamId)).get();
    if (!team) throw new ServiceError('admin.teams.notFound', 404);
    if (archived && team.archivedAt) throw new ServiceError('admin.teams.alreadyArchived', 409, { name: team.name });
    if (!archived && !team.archivedAt) throw new ServiceError('admin.teams.notArchived', 409, { name: team.name });
    if (archived) {
      const [{ n }] = await tx.select({ n: count() }).from(users).where(and(eq(users.teamId, teamId), eq(users.active, true)));
      if (n > 0) throw new ServiceError('admin.teams.hasMembers', 409, { name: team.name, n });
    }
    await tx.update(teams).set({ archivedAt: archived ? new Date() : null }).where(eq(teams.id, teamId));
    await audit(actorId, archived ? 'team.archive' : 'team.restore', `team:${teamId}`, { name: team.name }, tx);
    return { name: team.name };
  });
}
