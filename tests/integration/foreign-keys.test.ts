import { describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { lessonProgress } from '../../db/schema';

/**
 * Foreign keys hold on every pooled connection, not only the first one the PRAGMA reached: a
 * transaction runs on a connection of its own, and libsql's SQLite enforces them by default.
 */
describe('foreign keys', () => {
  it('refuse a row naming a user that does not exist, on the shared and on a transaction’s connection', async () => {
    const db = await getDb();
    const orphan = { userId: 987_654, module: 'conduct', lesson: 'x', studiedAt: new Date() };
    const reason = (e: unknown) => `${e} ${(e as Error).cause}`;
    expect(reason(await db.insert(lessonProgress).values(orphan).catch((e) => e))).toMatch(/FOREIGN KEY/);
    expect(reason(await db.transaction(async (tx) => tx.insert(lessonProgress).values(orphan)).catch((e) => e))).toMatch(/FOREIGN KEY/);
    expect(await db.$count(lessonProgress)).toBe(0);
  });
});
