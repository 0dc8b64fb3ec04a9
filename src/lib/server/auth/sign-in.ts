import { eq } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { users } from '../../../../db/schema';
import { audit } from '../audit';
import { countDeviceFailure, deviceWait, findTrustedDevice, rememberDevice, sweepStaleDevices } from './devices';
import { verifyNothing, verifyPassword } from './password';
import { createSession, sweepExpiredSessions } from './session';
import { clearAccount, recordFailure, remainingWait, throttleKeys } from './throttle';

export type SignInResult =
  /** `deviceToken` is this browser's device token for the account (new or the same), for the device cookie. */
  | { ok: true; token: string; deviceToken: string; userId: number; role: string; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' }
  /** The right password for a deactivated account: only someone who knows the password learns it is disabled. */
  | { ok: false; reason: 'disabled' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export interface SignInInput {
  username: string;
  password: string;
  /** The client's address (see client-address.ts): strangers are throttled per address too. */
  address: string;
  /** The device tokens this browser carries (device cookie), if any. */
  deviceTokens?: string[];
}

/**
 * Checks a username and password. A browser that signed in to this account before (a trusted device)
 * is throttled only by its own failures, so others' guessing cannot lock it out; any other caller is
 * throttled per account and per address, and refused before any check while throttled. Unknown users
 * and wrong passwords get the same answer in the same time (a deactivated account's password is
 * checked too); the right password of a deactivated account is told so, and counts neither as a
 * failure nor as a success; otherwise success starts a new session and trusts this browser.
 */
export async function signIn(input: SignInInput): Promise<SignInResult> {
  const keys = throttleKeys(input.username, input.address);
  const db = await getDb();
  const user = await db.select().from(users).where(eq(users.username, input.username.trim().toLowerCase())).get();
  const device = user ? await findTrustedDevice(input.deviceTokens ?? [], user.id) : null;
  const wait = device ? deviceWait(device) : await remainingWait(keys);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyNothing(input.password), false);
  if (!valid || !user) {
    if (device) await countDeviceFailure(device);
    else await recordFailure(keys);
    return { ok: false, reason: 'invalid' };
  }
  if (!user.active) {
    await audit(user.id, 'sign-in.disabled', `user:${user.id}`);
    return { ok: false, reason: 'disabled' };
  }
  // Strangers' counter is theirs: only a success from an unknown browser (which passed it) resets it.
  if (!device) await clearAccount(keys);
  const deviceToken = await rememberDevice(user.id, device, input.deviceTokens ?? []);
  const { token } = await createSession(user.id);
  await audit(user.id, 'sign-in', `user:${user.id}`, device ? { device: 'trusted' } : undefined);
  await sweepExpiredSessions();
  await sweepStaleDevices();
  return { ok: true, token, deviceToken, userId: user.id, role: user.role, mustChangePassword: user.mustChangePassword };
}
