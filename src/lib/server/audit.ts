import { getDb, type Database } from '../../../db/client';
import { auditLog, type AuditAction } from '../../../db/schema';

/** The database or an open transaction: a change and its audit row commit together or not at all. */
export type DbOrTx = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Records who did what to whom; kept for account changes, sign-ins and approvals. Inside a
 * transaction pass `db` (the transaction), or the row would wait on the transaction's own write lock.
 */
export async function audit(actorId: number | null, action: AuditAction, subject?: string, details?: unknown, db?: DbOrTx): Promise<void> {
  const target = db ?? (await getDb());
  await target.insert(auditLog).values({ actorId, action, subject, details: details ?? null, at: new Date() });
}
