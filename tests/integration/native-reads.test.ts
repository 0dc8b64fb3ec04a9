import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, openDatabase } from '../../db/client';
import { users } from '../../db/schema';
import { person } from '../helpers/people';

/**
 * Reads of the local file run on a connection of our own, not through @libsql/client (why:
 * db/native-reads.ts). They must answer exactly what the client answered: drizzle's typed rows, rows
 * a script reads by name or index, the latest committed data, and nothing a transaction has not committed.
 */
describe('reads on the native connection', () => {
  it('are what answers a SELECT (rows are the driver’s arrays, not the client’s objects)', async () => {
    const db = await getDb();
    const { rows } = await db.$client.execute('SELECT 1 AS one');
    expect(Array.isArray(rows[0])).toBe(true);
    // A write still goes through the client, whose rows are not arrays.
    const written = await db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('native.check', ?) RETURNING id`, args: [Date.now()] });
    expect(Array.isArray(written.rows[0])).toBe(false);
  });

  it('give drizzle the same typed values as before: numbers, text, null, booleans, dates, JSON', async () => {
    const db = await getDb();
    const learner = await person('learner');
    const [row] = await db.select().from(users).where(eq(users.id, learner.id));
    expect(row).toMatchObject({ id: learner.id, username: learner.username, role: 'learner', active: true, goLiveDate: null });
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(Number.isFinite(row.createdAt.getTime())).toBe(true);
    const count = await db.$count(users);
    expect(typeof count).toBe('number');
  });

  it('answer by column name and by index, the first of two equal names winning as in the client', async () => {
    const db = await getDb();
    const { columns, rows } = await db.$client.execute({ sql: 'SELECT ? AS a, ? AS b, ? AS a', args: [1, 'two', null] });
    expect(columns).toEqual(['a', 'b', 'a']);
    expect([rows[0][0], rows[0][1], rows[0][2]]).toEqual([1, 'two', null]);
    expect(rows[0].a).toBe(1);
    expect(rows[0].b).toBe('two');
    expect(rows[0].length).toBe(3);
  });

  it('see a write the moment it is acknowledged, and never a transaction’s uncommitted rows', async () => {
    const db = await getDb();
    const count = async () => Number((await db.$client.execute(`SELECT count(*) AS n FROM audit_log WHERE action = 'native.visibility'`)).rows[0].n);
    for (let i = 1; i <= 5; i++) {
      await db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('native.visibility', ?)`, args: [Date.now()] });
      expect(await count()).toBe(i);
    }
    let inside = -1;
    await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO audit_log (action, at) VALUES ('native.visibility', 0)`);
      inside = await count();
    });
    expect(inside).toBe(5);
    expect(await count()).toBe(6);
  });

  it('answer a statement ending in a limit of one with that row or none, and any other limit in full', async () => {
    const db = await getDb();
    const [a, b] = [await person('learner'), await person('learner')];
    const ids = [a.id, b.id];
    const both = `SELECT id FROM users WHERE id IN (?, ?) ORDER BY id`;
    const read = async (sql: string, args: number[]) => (await db.$client.execute({ sql, args })).rows.map((r) => r.id);
    expect(await read(`${both} LIMIT 1`, ids)).toEqual([a.id]);
    expect(await read(`${both} limit ?`, [...ids, 1])).toEqual([a.id]);
    // The bound limit decides: 2 rows for 2, nothing for 0, every row for -1.
    expect(await read(`${both} LIMIT ?`, [...ids, 2])).toEqual(ids);
    expect(await read(`${both} LIMIT ?`, [...ids, 0])).toEqual([]);
    expect(await read(`${both} LIMIT ?`, [...ids, -1])).toEqual(ids);
    expect(await read(`SELECT id FROM users WHERE id = ? LIMIT 1`, [-5])).toEqual([]);
    // A limit inside a subquery does not limit the statement.
    expect(await read(`SELECT id FROM users WHERE id IN (?, ?) AND id >= (SELECT min(id) FROM users LIMIT 1) ORDER BY id`, ids)).toEqual(ids);
    // Read that way, the statement holds no snapshot: the next read sees the next write.
    const count = async () => Number((await db.$client.execute(`SELECT count(*) AS n FROM audit_log WHERE action = 'native.limit' LIMIT 1`)).rows[0].n);
    for (let i = 1; i <= 3; i++) {
      await db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('native.limit', ?)`, args: [Date.now()] });
      expect(await count()).toBe(i);
    }
    // Drizzle's .limit(1) binds the 1; typed values as ever.
    const [row] = await db.select({ id: users.id, active: users.active, createdAt: users.createdAt }).from(users).where(eq(users.id, b.id)).limit(1);
    expect(row).toMatchObject({ id: b.id, active: true });
    expect(row.createdAt).toBeInstanceOf(Date);
  });

  it('leave an in-memory database (one connection only) to the client', async () => {
    const memory = await openDatabase('file::memory:');
    const { rows } = await memory.$client.execute('SELECT 7 AS seven');
    expect(Array.isArray(rows[0])).toBe(false);
    expect(rows[0].seven).toBe(7);
    memory.$client.close();
  });

  it('end with the client: a closed database refuses reads as before', async () => {
    await getDb();
    const second = await openDatabase(process.env.DATABASE_URL);
    expect((await second.$client.execute('SELECT 1 AS one')).rows[0].one).toBe(1);
    second.$client.close();
    await expect(second.$client.execute('SELECT 1 AS one')).rejects.toThrow(/closed/i);
  });
});
