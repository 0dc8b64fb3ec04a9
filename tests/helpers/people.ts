/**
 * Builds people and teams for integration tests through the real services, and returns them as the
 * session user the services expect (without the password hash).
 */
import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { auditLog, teams, users, type Role, type User } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { createTeam, createUser } from '../../src/lib/server/users';

let counter = 0;

/** A new account with a unique username and employee number (`E0001`, …) unless given. */
export async function person(role: Role, extra: { teamId?: number | null; employeeNo?: string; name?: string } = {}): Promise<SessionUser> {
  counter += 1;
  const n = String(counter).padStart(4, '0');
  const id = await createUser(null, {
    username: `${role}-${n}-${process.pid}`,
    name: extra.name ?? `${role} ${n}`,
    employeeNo: extra.employeeNo ?? `E${n}`,
    role,
    teamId: extra.teamId ?? null,
    password: 'correct horse battery',
  });
  return sessionUserOf(id);
}

/**
 * A user row written straight to the database, with a placeholder password hash (no argon2, so
 * fast): for tests that need many people and never sign them in.
 */
export async function storedPerson(username: string, role: Role, fields: Partial<typeof users.$inferInsert> = {}): Promise<SessionUser> {
  const db = await getDb();
  const [row] = await db.insert(users).values({ username, name: username, role, passwordHash: 'x', ...fields }).returning();
  const { passwordHash: _omit, ...user } = row;
  return user;
}

/** The current row of a user as a session user. */
export async function sessionUserOf(id: number): Promise<SessionUser> {
  const db = await getDb();
  const { passwordHash: _omit, ...user } = (await db.select().from(users).where(eq(users.id, id)).get())!;
  return user;
}

/** A team led by a new supervisor, with `size` new learners. */
export async function teamWith(size: number) {
  const supervisor = await person('supervisor');
  counter += 1;
  const teamId = await createTeam(null, `team-${counter}-${process.pid}`, supervisor.id);
  const members: SessionUser[] = [];
  for (let i = 0; i < size; i++) members.push(await person('learner', { teamId }));
  return { teamId, supervisor, members };
}

/** Every user, team and audit row, to show that a refused call on people or teams changed nothing. */
export async function orgSnapshot() {
  const db = await getDb();
  return {
    users: await db.select().from(users).orderBy(users.id),
    teams: await db.select().from(teams).orderBy(teams.id),
    audit: await db.select().from(auditLog).orderBy(auditLog.id),
  };
}

/** One user's stored row, password hash included (for tests of what a service wrote). */
export async function userRow(id: number): Promise<User> {
  const db = await getDb();
  return (await db.select().from(users).where(eq(users.id, id)).get())!;
}
