import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, openDatabase } from '../../db/client';
import { isSingleWrite } from '../../db/native-connection';
import { auditLog, users, type AuditAction } from '../../db/schema';
import { person } from '../helpers/people';

/**
 * Reads of the local file, and single writes outside a transaction, run on a connection of our own,
 * not through @libsql/client (why: db/native-connection.ts). They must answer exactly what the client
 * answered: drizzle's typed rows, rows a script reads by name or index, counts and rowids, the
 * latest committed data, nothing a transaction has not committed, and the same constraint errors.
 */
describe('reads on the native connection', () => {
  it('are what answers a SELECT (rows are the driver’s arrays, not the client’s objects)', async () => {
    const db = await getDb();
    const { rows } = await db.$client.execute('SELECT 1 AS one');
    expect(Array.isArray(rows[0])).toBe(true);
    // A transaction still goes through the client, whose rows are not arrays.
    const inside = await db.transaction(async (tx) => tx.run(sql`SELECT 1 AS one`));
    expect(Array.isArray(inside.rows[0])).toBe(false);
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

describe('single writes on the native connection', () => {
  it.each([
    ['INSERT INTO t VALUES (1)', true],
    ['  update t SET a = 1', true],
    ['DELETE FROM t', true],
    ['REPLACE INTO t VALUES (1)', true],
    ['PRAGMA foreign_keys = ON', false],
    ['CREATE TABLE t (a)', false],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', false],
    ['BEGIN IMMEDIATE', false],
    ["VACUUM INTO '/tmp/x.db'", false],
    ['SELECT 1', false],
  ])('%s runs there: %s (PRAGMAs, DDL, VACUUM and transaction control stay with the client)', (text, native) => {
    expect(isSingleWrite(text)).toBe(native);
    expect(isSingleWrite({ sql: text, args: [] })).toBe(native);
  });

  it('answer as the client did: RETURNING rows by name and index; otherwise the count and the new rowid', async () => {
    const db = await getDb();
    const returned = await db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('native.write', ?) RETURNING id, action`, args: [Date.now()] });
    expect(Array.isArray(returned.rows[0])).toBe(true);
    expect(returned.columns).toEqual(['id', 'action']);
    expect(returned.rows[0].action).toBe('native.write');
    expect(returned.rows[0][0]).toBe(returned.rows[0].id);
    expect(returned.rowsAffected).toBe(0);
    const inserted = await db.$client.execute({ sql: `INSERT INTO audit_log (action, at) VALUES ('native.write', ?)`, args: [Date.now()] });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.rows).toEqual([]);
    expect(inserted.lastInsertRowid).toBe(BigInt(Number(returned.rows[0].id) + 1));
    const updated = await db.$client.execute({ sql: `UPDATE audit_log SET details = ? WHERE action = 'native.write'`, args: ['{}'] });
    expect(updated.rowsAffected).toBe(2);
    const none = await db.$client.execute({ sql: `DELETE FROM audit_log WHERE action = ?`, args: ['native.nothing'] });
    expect(none.rowsAffected).toBe(0);
    // drizzle's own writes read the same answers.
    const [row] = await db.insert(auditLog).values({ action: 'native.drizzle' as AuditAction, at: new Date() }).returning();
    expect(row).toMatchObject({ action: 'native.drizzle' });
    expect(row.at).toBeInstanceOf(Date);
  });

  it('commit as every connection of ours does: WAL’s NORMAL sync (no fsync per commit), a 5 s wait for a lock, foreign keys on', async () => {
    const db = await getDb();
    // Table-valued PRAGMAs are SELECTs, so the native connection answers them.
    const { rows } = await db.$client.execute('SELECT s.synchronous, t.timeout, f.foreign_keys FROM pragma_synchronous s, pragma_busy_timeout t, pragma_foreign_keys f');
    expect(Array.isArray(rows[0])).toBe(true);
    expect({ ...rows[0] }).toMatchObject({ synchronous: 1, timeout: 5000, foreign_keys: 1 });
  });

  it('keep the database’s rules: foreign keys and unique names fail with the messages our services read', async () => {
    const db = await getDb();
    await expect(db.$client.execute({ sql: `INSERT INTO sessions (id, secret_hash, user_id, created_at, last_used_at) VALUES ('native-orphan', 'x', -1, 0, 0)`, args: [] })).rejects.toThrow(/FOREIGN KEY constraint failed/);
    const learner = await person('learner');
    const clash = db.insert(users).values({ username: learner.username, name: 'x', role: 'learner', passwordHash: 'x' });
    const error = await clash.then(() => null, (e: unknown) => e);
    const messages: string[] = [];
    for (let e = error; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join(' | ')).toMatch(/UNIQUE constraint failed/);
    expect(await db.$count(users, eq(users.username, learner.username))).toBe(1);
  });
});

