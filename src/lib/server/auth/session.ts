import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, getTableColumns, inArray, lt, or, sql } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { prepared } from '../../../../db/prepared';
import { sessions, users, type User } from '../../../../db/schema';
import { AUTH } from './config';

/** The signed-in user as pages see it: never the password hash. */
export type SessionUser = Omit<User, 'passwordHash'>;
export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
}

/** 120 random bits as 24 base32 characters (Lucia guide). */
function randomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Starts a session for the user; the token (`<id>.<secret>`) goes in the cookie, only the secret's hash is stored. */
export async function createSession(userId: number): Promise<{ token: string; session: SessionInfo }> {
  const db = await getDb();
  const id = randomString();
  const secret = randomString() + randomString();
  const now = new Date();
  await db.insert(sessions).values({ id, secretHash: encodeHexLowerCase(hashSecret(secret)), userId, createdAt: now, lastUsedAt: now });
  return { token: `${id}.${secret}`, session: { id, createdAt: now, lastUsedAt: now } };
}

const { passwordHash: _hash, ...userColumns } = getTableColumns(users);

/**
 * The lookup every request makes, built once per database (no query building per request). `limit 1`
 * lets the native connection answer it with one call (db/native-connection.ts).
 */
const lookup = prepared((db) =>
  db
    .select({ secretHash: sessions.secretHash, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, user: userColumns })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare(),
);

/**
 * Resolves a cookie token to its session and active user, or null when it is malformed, unknown,
 * tampered with, idle too long, too old, or its user is deactivated. Expired sessions are deleted.
 */
export async function validateSessionToken(token: string): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]) || !/^[a-z2-7]{48}$/.test(parts[1])) return null;
  const [id, secret] = parts;
  const row = await (await lookup()).get({ id });
  if (!row) return null;
  const stored = new Uint8Array(Buffer.from(row.secretHash, 'hex'));
  if (!constantTimeEqual(hashSecret(secret), stored)) return null;
  const now = Date.now();
  const { createdAt, lastUsedAt, user } = row;
  const expired = now - lastUsedAt.getTime() > AUTH.idleTimeoutMs || now - createdAt.getTime() > AUTH.absoluteLifetimeMs;
  if (expired || !user.active) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let used = lastUsedAt;
  if (now - lastUsedAt.getTime() > AUTH.touchIntervalMs) {
    used = new Date(now);
    const db = await getDb();
    await db.update(sessions).set({ lastUsedAt: used }).where(eq(sessions.id, id));
  }
  return { session: { id, createdAt, lastUsedAt: used }, user };
}

/** Ends one session (sign-out). */
export async function invalidateSession(id: string): Promise<void> {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.id, id));
}

/**
 * Deletes up to `limit` sessions that have ended (idle too long or too old), so the table does not
 * grow with every sign-in. Called on sign-in: bounded work per call, no timer to run.
 */
export async function sweepExpiredSessions(now = Date.now(), limit = 100): Promise<number> {
  const db = await getDb();
  const ended = or(lt(sessions.lastUsedAt, new Date(now - AUTH.idleTimeoutMs)), lt(sessions.createdAt, new Date(now - AUTH.absoluteLifetimeMs)));
  const batch = db.select({ id: sessions.id }).from(sessions).where(ended).limit(limit);
  const result = await db.delete(sessions).where(inArray(sessions.id, batch));
  return result.rowsAffected;
}
