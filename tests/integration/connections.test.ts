import { createClient } from '@libsql/client';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installConnectionSetup } from '../../db/connections';

const PRAGMAS = ['PRAGMA synchronous = NORMAL', 'PRAGMA busy_timeout = 5000'];
const dir = mkdtempSync(path.join(tmpdir(), 'academy-stmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every pooled connection', () => {
  it('starts with the PRAGMAs, however many the client opens', async () => {
    installConnectionSetup(PRAGMAS);
    const client = createClient({ url: `file:${path.join(dir, 'p.db')}` });
    await client.execute('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)');
    // Overlapping calls make the pool open more connections; a transaction holds one of its own.
    const tx = await client.transaction('write');
    const seen = await Promise.all(Array.from({ length: 8 }, () => client.execute('PRAGMA synchronous')));
    const inTx = await tx.execute('PRAGMA synchronous');
    const timeouts = await Promise.all(Array.from({ length: 8 }, () => client.execute('PRAGMA busy_timeout')));
    await tx.commit();
    // 1 = NORMAL (SQLite's default is 2, FULL: an fsync on every commit).
    expect([...seen, inTx].map((r) => Number(r.rows[0].synchronous))).toEqual(Array(9).fill(1));
    expect(timeouts.map((r) => Number(r.rows[0].timeout))).toEqual(Array(8).fill(5000));
    client.close();
  });
});

describe('the prepared-statement cache under @libsql/client', () => {
  it('hands a connection back its statement for the same SQL text, until evicted or the schema changes', () => {
    installConnectionSetup(PRAGMAS);
    const db = new Database(path.join(dir, 'a.db'));
    const other = new Database(path.join(dir, 'a.db'));
    db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT)');
    const select = 'SELECT name FROM t WHERE id = ?';
    const first = db.prepare(select);
    expect(db.prepare(select)).toBe(first);
    expect(other.prepare(select)).not.toBe(first);
    for (let i = 0; i < 200; i++) db.prepare(`SELECT ${i} AS n`);
    expect(db.prepare(select)).not.toBe(first);
    const again = db.prepare(select);
    db.prepare('ALTER TABLE t ADD COLUMN note TEXT');
    expect(db.prepare(select)).not.toBe(again);
    db.close();
    other.close();
  });

  it('keeps the raw and safe-integer switches as last set, though it skips repeating them', () => {
    installConnectionSetup(PRAGMAS);
    const db = new Database(path.join(dir, 'r.db'));
    db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT)');
    db.exec("INSERT OR REPLACE INTO t VALUES (1, 'a')");
    const select = 'SELECT id, name FROM t';
    const rows = (raw: boolean, safe: boolean) => db.prepare(select).safeIntegers(safe).raw(raw).all();
    expect(rows(true, true)).toEqual([[1n, 'a']]);
    expect(rows(true, true)).toEqual([[1n, 'a']]);
    expect(rows(false, true)).toEqual([{ id: 1n, name: 'a' }]);
    expect(rows(false, false)).toEqual([{ id: 1, name: 'a' }]);
    expect(rows(true, false)).toEqual([[1, 'a']]);
    expect(rows(true, true)).toEqual([[1n, 'a']]);
    // A statement that returns no rows refuses raw() every time, as the client expects.
    const insert = "INSERT OR REPLACE INTO t VALUES (2, 'b')";
    expect(() => db.prepare(insert).raw(true)).toThrow();
    expect(() => db.prepare(insert).raw(true)).toThrow();
    db.close();
  });

  it('answers every call with its own parameters', async () => {
    installConnectionSetup(PRAGMAS);
    const client = createClient({ url: `file:${path.join(dir, 'c.db')}` });
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    for (let i = 1; i <= 50; i++) await client.execute({ sql: 'INSERT INTO t (id, name) VALUES (?, ?)', args: [i, `n${i}`] });
    const names: string[] = [];
    for (let i = 1; i <= 50; i++) names.push(String((await client.execute({ sql: 'SELECT name FROM t WHERE id = ?', args: [i] })).rows[0].name));
    expect(names).toEqual(Array.from({ length: 50 }, (_, i) => `n${i + 1}`));
    expect(Number((await client.execute('SELECT count(*) AS n FROM t')).rows[0].n)).toBe(50);
    client.close();
  });

  it('writes still report rows changed, and a schema change shows new columns', async () => {
    installConnectionSetup(PRAGMAS);
    const client = createClient({ url: `file:${path.join(dir, 'b.db')}` });
    await client.execute('CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT)');
    await client.execute({ sql: 'INSERT INTO u (id, a) VALUES (?, ?)', args: [1, 'x'] });
    const update = { sql: 'UPDATE u SET a = ? WHERE id = ?', args: ['y', 1] };
    expect((await client.execute(update)).rowsAffected).toBe(1);
    expect((await client.execute(update)).rowsAffected).toBe(1);
    expect((await client.execute({ sql: 'UPDATE u SET a = ? WHERE id = ?', args: ['z', 99] })).rowsAffected).toBe(0);
    expect((await client.execute('SELECT * FROM u')).columns).toEqual(['id', 'a']);
    await client.execute('ALTER TABLE u ADD COLUMN b TEXT');
    expect((await client.execute('SELECT * FROM u')).columns).toEqual(['id', 'a', 'b']);
    // No cached statement is left half-run (it would hold a read snapshot): VACUUM INTO refuses while one is.
    await client.execute({ sql: 'INSERT INTO u (id, a) VALUES (?, ?) RETURNING id', args: [2, 'w'] });
    await client.execute('SELECT id FROM u LIMIT 1');
    await client.execute('PRAGMA busy_timeout');
    await client.execute({ sql: 'VACUUM INTO ?', args: [path.join(dir, 'b-copy.db')] });
    client.close();
  });
});
