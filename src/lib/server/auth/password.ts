import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

/** OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane. `algorithm: 2` is Argon2id. */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many argon2 computations one server process runs at once: its share of the cores
 * (cores ÷ ACADEMY_WORKERS, at least one). Argon2 runs on libuv's thread pool, four threads per
 * process; in an exam surge with two workers on two cores, eight hashing threads starved the event
 * loops, and starting, saving and submitting waited behind sign-ins (p95 48–58 s). With one slot per
 * worker the same surge saved every answer at p95 82 ms while sign-ins queued here instead
 * (issue 10 note). Sign-in cannot go faster than the cores allow either way.
 */
export function argon2Concurrency(cores = availableParallelism(), workers = Number(process.env.ACADEMY_WORKERS) || cores): number {
  return Math.max(1, Math.floor(cores / workers));
}
const argon2Slots = pLimit(argon2Concurrency());

/** Hashes a password with argon2id; the result carries its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2Slots(() => hash(password, OPTIONS));
}

/** True when the password matches the stored hash; false for a malformed hash rather than throwing. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await argon2Slots(() => verify(stored, password));
  } catch {
    return false;
  }
}

/**
 * Lighter argon2id parameters for machine-generated one-time passwords only (roster import): their
 * strength is their randomness (16 characters from 31, about 79 bits), so no feasible number of
 * guesses finds one however cheap each guess is, and a 5,000-person import must not spend minutes
 * hashing (OWASP's parameters cost about 70 ms a hash here). The hash carries its own parameters, so
 * `verifyPassword` checks it unchanged, and the owner replaces it at first sign-in with a full one.
 */
const RANDOM_SECRET_OPTIONS = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

/** Hashes a randomly generated one-time password (never one a person chose) with `RANDOM_SECRET_OPTIONS`. */
export function hashRandomSecret(secret: string): Promise<string> {
  return argon2Slots(() => hash(secret, RANDOM_SECRET_OPTIONS));
}

/**
 * Why a new password is refused, as a catalogue key, or null. Only what a guesser tries first: the
 * username itself (any case) or nothing but white space; length is checked by the forms (NIST 800-63B).
 */
export function weakPassword(password: string, username: string): 'password.sameAsUsername' | 'password.blank' | null {
  if (password.trim() === '') return 'password.blank';
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'password.sameAsUsername';
  return null;
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown username cannot be told from a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummy, password);
}
