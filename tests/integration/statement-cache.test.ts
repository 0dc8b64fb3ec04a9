import { createClient } from '@libsql/client';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installStatementCache } from '../../db/statement-cache';

const dir = mkdtempSync(path.join(tmpdir(), 'academy-stmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the prepared-statement cache under @libsql/client', () => {
  it('hands a connection back its statement for the same SQL text, until evicted or the schema changes', () => {
    installStatementCache();
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

  it('answers every call with its own parameters', async () => {
    installStatementCache();
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
    installStatementCache();
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
    client.close();
  });
});
