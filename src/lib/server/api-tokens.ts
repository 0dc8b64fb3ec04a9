import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { apiTokens, users, TOKEN_SCOPES } from '../../../db/schema';
import { audit } from './audit';
import { ServiceError } from './errors';

/** What a token may read; each HR endpoint names the one it needs. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Tokens start with this, so a leaked one is recognisable in logs and secret scanners. */
const PREFIX = 'sa_';
/** Longest a token may live; HR integrations rotate at least yearly. */
export const MAX_TOKEN_DAYS = 366;
/** `last_used_at` is written at most this often per token, so a busy integration costs no write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * Issues a bearer token: 200 random bits, shown once; only its SHA-256 is stored, so a copy of the
 * database cannot be used to call the API. A name is one integration: while a live token (neither
 * revoked nor expired) has it, another is refused (409), so a double click cannot leave a second live
 * token whose secret nobody saw. Check and insert are one statement; the audit row is in the same transaction.
 */
export async function issueToken(actorId: number, input: { name: string; scopes: TokenScope[]; days: number }, now = Date.now()) {
  const bytes = new Uint8Array(25);
  crypto.getRandomValues(bytes);
  const token = PREFIX + encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(now + input.days * 86_400_000);
  const scope = [...new Set(input.scopes)].sort().join(',');
  const db = await getDb();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.all<{ id: number }>(sql`
      INSERT INTO api_tokens (name, token_hash, scope, owner_id, expires_at, created_at)
      SELECT ${input.name}, ${hashOf(token)}, ${scope}, ${actorId}, ${expiresAt.getTime()}, ${now}
      WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE name = ${input.name} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now}))
      RETURNING id`);
    if (!row) throw new ServiceError('tokens.nameTaken', 409, { name: input.name });
    await audit(actorId, 'token.issue', `token:${row.id}`, { name: input.name, scope, expiresAt: expiresAt.toISOString() }, tx);
    return row.id;
  });
  return { id, token, scope, expiresAt };
}

/** Every token, newest first, with its owner, last use and state (never the hash). */
export async function listTokens(now = Date.now()) {
  const db = await getDb();
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      owner: users.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(apiTokens.ownerId, users.id))
    .orderBy(desc(apiTokens.id));
  return rows.map((r) => ({ ...r, state: tokenState(r, now) }));
}

/** Whether a token still works: revoked and expired tokens are kept for the record but refused. */
function tokenState(t: { revokedAt: Date | null; expiresAt: Date | null }, now: number): 'active' | 'revoked' | 'expired' {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

/**
 * Revokes a token at once. Revoking it again (a double click, a form sent again) is refused with 409
 * and changes nothing, so the record keeps the first time and one audit row; an unknown token is 404.
 */
export async function revokeToken(actorId: number, id: number): Promise<{ name: string }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name });
    if (!row) {
      const known = await tx.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.id, id)).get();
      throw known ? new ServiceError('tokens.alreadyRevoked', 409, { name: known.name }) : new ServiceError('tokens.notFound', 404);
    }
    await audit(actorId, 'token.revoke', `token:${id}`, { name: row.name }, tx);
    return { name: row.name };
  });
}

/** The outcome of checking an `Authorization: Bearer` header against a scope. */
export type BearerCheck =
  | { ok: true; tokenId: number; ownerId: number }
  | { ok: false; status: 401 | 403; code: 'token_missing' | 'token_invalid' | 'token_expired' | 'token_revoked' | 'token_scope' };

/**
 * Checks a bearer token for one scope: missing, unknown, expired or revoked → 401; valid but without
 * the scope → 403. Records the last use (at most once a minute per token).
 */
export async function checkBearer(header: string | null, scope: TokenScope, now = Date.now()): Promise<BearerCheck> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return { ok: false, status: 401, code: 'token_missing' };
  const db = await getDb();
  const row = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashOf(match[1]))).get();
  if (!row) return { ok: false, status: 401, code: 'token_invalid' };
  const state = tokenState(row, now);
  if (state === 'revoked') return { ok: false, status: 401, code: 'token_revoked' };
  if (state === 'expired') return { ok: false, status: 401, code: 'token_expired' };
  if (!row.scope.split(',').includes(scope)) return { ok: false, status: 403, code: 'token_scope' };
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
    await db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id));
  return { ok: true, tokenId: row.id, ownerId: row.ownerId };
}
