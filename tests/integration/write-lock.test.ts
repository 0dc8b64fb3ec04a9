import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { auditLog, type AuditAction } from '../../db/schema';

// Read when this file's database is opened (on the first getDb below).
process.env.ACADEMY_TRANSACTION_LIMIT_MS = '500';

/**
 * The embedded driver runs SQLite synchronously: a write that meets a lock waits in SQLite's busy
 * handler with the whole event loop stopped. If this process's own transaction holds the lock, that
 * transaction cannot go on until the wait gives up (5 s), and then the write fails: in a browser-test
 * run a sign-off, a practice start and every later request stalled that way. Writes outside a
 * transaction wait for this process's transactions first; the race aims at the moments in between.
 * And no transaction may keep the lock for ever.
 */
describe('writing while this process’s own transaction is open', () => {
  const count = async () => Number((await (await getDb()).$client.execute('SELECT count(*) AS n FROM audit_log')).rows[0].n);

  it('never waits on its own process’s lock, whichever starts first', async () => {
    const db = await getDb();
    const before = await count();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      // Issued in the same tick: the write passes its check for open transactions while the
      // transaction is still being queued, then runs after the transaction has taken the lock.
      const write = db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('race.write', ?)`, args: [Date.now()] });
      const transaction = db.transaction(async (tx) => {
        await tx.insert(auditLog).values({ action: 'race.tx' as AuditAction, at: new Date() });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.insert(auditLog).values({ action: 'race.tx' as AuditAction, at: new Date() });
      });
      const started = Date.now();
      await Promise.all([write, transaction]);
      // Far below the 5 s busy timeout: nothing sat in SQLite's busy handler behind our own lock.
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(await count()).toBe(before + rounds * 3);
    const kinds = await db.select({ action: auditLog.action, n: sql<number>`count(*)` }).from(auditLog).groupBy(auditLog.action);
    expect(Object.fromEntries(kinds.map((k) => [k.action, k.n]))).toMatchObject({ 'race.write': rounds, 'race.tx': rounds * 2 });
  }, 60_000);

  it('cannot hold the lock for ever: a transaction that never finishes is rolled back, and writing goes on', async () => {
    const db = await getDb();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const stuck = db.transaction(async (tx) => {
        await tx.insert(auditLog).values({ action: 'stuck.tx' as AuditAction, at: new Date() });
        await new Promise(() => undefined);
      });
      await expect(stuck).rejects.toThrow('rolled back');
      expect(spy).toHaveBeenCalledWith('A transaction was still open after 500 ms and was rolled back.');
    } finally {
      spy.mockRestore();
    }
    await db.insert(auditLog).values({ action: 'after.stuck' as AuditAction, at: new Date() });
    await db.transaction(async (tx) => tx.insert(auditLog).values({ action: 'after.stuck' as AuditAction, at: new Date() }));
    const rows = await db.select({ action: auditLog.action }).from(auditLog).where(inArray(auditLog.action, ['stuck.tx' as AuditAction, 'after.stuck' as AuditAction]));
    expect(rows.map((r) => r.action)).toEqual(['after.stuck', 'after.stuck']);
  });
});
