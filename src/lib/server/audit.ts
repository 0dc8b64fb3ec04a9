import { getDb } from '../../../db/client';
import { auditLog } from '../../../db/schema';

/** Records who did what to whom; kept for account changes, sign-ins and approvals. */
export async function audit(actorId: number | null, action: string, subject?: string, details?: unknown): Promise<void> {
  const db = await getDb();
  await db.insert(auditLog).values({ actorId, action, subject, details: details ?? null, at: new Date() });
}
