import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { trustedDevices } from '../../../../db/schema';
import type { DbOrTx } from '../audit';
import { AUTH } from './config';
import { delayAfter } from './throttle';

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that
 * signed in to an account successfully gets a token bound to that account. Signing in from it is
 * throttled by its own failure counter only, so strangers guessing at the account or flooding the
 * office's address cannot lock out the people who work there. A browser carries the tokens of the last
 * few accounts that signed in on it (a shared desk PC), as `<id>.<secret>` separated by commas; only
 * the secret's SHA-256 is stored.
 */

/** One device token row as sign-in needs it. */
export interface TrustedDevice {
  id: string;
  userId: number;
  failures: number;
  lockedUntil: Date | null;
}

const TOKEN = /^([a-z2-7]{24})\.([a-z2-7]{48})$/;

function randomPart(bytes: number): string {
  const raw = new Uint8Array(bytes);
  crypto.getRandomValues(raw);
  return encodeBase32LowerCaseNoPadding(raw);
}

const hashOf = (secret: string) => sha256(new TextEncoder().encode(secret));

/** The well-formed tokens of a device cookie value, newest first, at most `AUTH.devicesPerBrowser`. */
export function parseDeviceCookie(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').filter((token) => TOKEN.test(token)))].slice(0, AUTH.devicesPerBrowser);
}

/** The cookie value after `token` signed in: it goes first, the oldest falls off past the limit. */
export function withDeviceToken(tokens: string[], token: string): string {
  const id = token.split('.')[0];
  return [token, ...tokens.filter((t) => t.split('.')[0] !== id)].slice(0, AUTH.devicesPerBrowser).join(',');
}

/** The row ids named by a browser's tokens (used to keep this browser's trust when forgetting others). */
export const deviceIds = (tokens: string[]) => tokens.map((t) => t.split('.')[0]);

/**
 * The trusted device among this browser's tokens that belongs to `userId`, checking each secret in
 * constant time; null when none does (a token of another account, a forged or forgotten one).
 */
export async function findTrustedDevice(tokens: string[], userId: number, now = Date.now()): Promise<TrustedDevice | null> {
  if (tokens.length === 0) return null;
  const byId = new Map(tokens.map((t) => t.split('.') as [string, string]));
  const db = await getDb();
  const fresh = gt(trustedDevices.lastUsedAt, new Date(now - AUTH.deviceLifetimeMs));
  const rows = await db.select().from(trustedDevices).where(and(inArray(trustedDevices.id, [...byId.keys()]), eq(trustedDevices.userId, userId), fresh));
  for (const row of rows) {
    const stored = new Uint8Array(Buffer.from(row.secretHash, 'hex'));
    if (constantTimeEqual(hashOf(byId.get(row.id)!), stored)) return { id: row.id, userId: row.userId, failures: row.failures, lockedUntil: row.lockedUntil };
  }
  return null;
}

/** Milliseconds this device must still wait before it may try again (0 = now). */
export const deviceWait = (device: TrustedDevice, now = Date.now()) => Math.max(0, (device.lockedUntil?.getTime() ?? 0) - now);

/**
 * Counts a wrong password typed on a trusted device, atomically, with the account's schedule: its
 * own few free failures, then doubling delays. Others' failures never touch this counter.
 */
export async function countDeviceFailure(device: TrustedDevice, now = Date.now()): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .update(trustedDevices)
    .set({ failures: sql`${trustedDevices.failures} + 1` })
    .where(eq(trustedDevices.id, device.id))
    .returning({ failures: trustedDevices.failures });
  if (!row) return;
  const wait = delayAfter(row.failures, AUTH.accountFreeFailures);
  await db.update(trustedDevices).set({ lockedUntil: wait ? new Date(now + wait) : null }).where(and(eq(trustedDevices.id, device.id), eq(trustedDevices.failures, row.failures)));
}

/**
 * After a successful sign-in: a known device has its counter cleared; otherwise a new device token is
 * made for this account. Returns the token to put in the browser's cookie (new or the same).
 */
export async function rememberDevice(userId: number, known: TrustedDevice | null, tokens: string[], now = new Date()): Promise<string> {
  const db = await getDb();
  if (known) {
    await db.update(trustedDevices).set({ failures: 0, lockedUntil: null, lastUsedAt: now }).where(eq(trustedDevices.id, known.id));
    return tokens.find((t) => t.startsWith(`${known.id}.`))!;
  }
  const id = randomPart(15);
  const secret = randomPart(30);
  await db.insert(trustedDevices).values({ id, secretHash: encodeHexLowerCase(hashOf(secret)), userId, failures: 0, lockedUntil: null, createdAt: now, lastUsedAt: now });
  return `${id}.${secret}`;
}

/** Forgets every device of a user except `keepIds` ("sign out other devices"). Returns how many were forgotten. */
export async function forgetOtherDevices(tx: DbOrTx, userId: number, keepIds: string[]): Promise<number> {
  const others = keepIds.length ? and(eq(trustedDevices.userId, userId), notInArray(trustedDevices.id, keepIds)) : eq(trustedDevices.userId, userId);
  const result = await tx.delete(trustedDevices).where(others);
  return result.rowsAffected;
}

/** Clears every lock on a user's devices (an admin's unlock). */
export async function unlockDevices(tx: DbOrTx, userId: number): Promise<void> {
  await tx.update(trustedDevices).set({ failures: 0, lockedUntil: null }).where(eq(trustedDevices.userId, userId));
}

/** Deletes up to `limit` devices unused for longer than their lifetime; bounded work, called on sign-in like the session sweep. */
export async function sweepStaleDevices(now = Date.now(), limit = 100): Promise<number> {
  const db = await getDb();
  const stale = db.select({ id: trustedDevices.id }).from(trustedDevices).where(lt(trustedDevices.lastUsedAt, new Date(now - AUTH.deviceLifetimeMs))).limit(limit);
  const result = await db.delete(trustedDevices).where(inArray(trustedDevices.id, stale));
  return result.rowsAffected;
}
