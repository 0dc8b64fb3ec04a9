import Database from 'libsql';
import type { InStatement, InValue, ResultSet, Row } from '@libsql/client';

/** A plain SELECT or EXPLAIN: it never writes, so it needs no lock and can run on any connection. */
export function isRead(stmt: unknown): boolean {
  const text = typeof stmt === 'string' ? stmt : ((stmt as { sql?: string } | null)?.sql ?? '');
  return /^\s*(select|explain)\b/i.test(text);
}

interface ReadStatement {
  raw(toggle?: boolean): ReadStatement;
  safeIntegers(toggle?: boolean): ReadStatement;
  columns(): { name: string; type: string | null }[];
  all(args: unknown[]): unknown[][];
  get(args: unknown[]): unknown[] | undefined;
}
interface ReadConnection {
  prepare(sql: string): ReadStatement;
  close(): void;
}

/**
 * Reads of a local database file, answered from one connection of our own instead of through
 * `@libsql/client`. Why: the client turns every row into an object built with one
 * `Object.defineProperty` per column and every integer into a BigInt and back, and it takes a pooled
 * connection asynchronously; for the session lookup that was 12 of 18.5 µs (6.5 µs is SQLite), and a
 * signed-in page runs 3–5 such reads. Rows here are the driver's own arrays with each column's name
 * added as a property (the first of duplicate names wins, as in the client), so drizzle (which reads
 * by index) and code that reads `row.name` both work; integers arrive as numbers (our ids, counts and
 * millisecond times are far below 2^53).
 *
 * Same answers as the client: WAL gives each statement the latest committed data on any connection,
 * and the client's pooled connections were already separate from the one a transaction holds.
 * Statements are prepared once per SQL text by db/connections.ts. The reader answers `undefined` for
 * a statement with named arguments (drizzle sends positional ones), which the client then runs.
 */
export function nativeReader(file: string, timeoutMs: number): NativeReader {
  let connection: ReadConnection | undefined;
  let closed = false;
  const read = (stmt: InStatement): ResultSet | undefined => {
    if (closed) return undefined;
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] as InValue[] } : stmt;
    if (!Array.isArray(args)) return undefined;
    connection ??= new Database(file, { timeout: timeoutMs }) as unknown as ReadConnection;
    const statement = connection.prepare(sql).raw(true).safeIntegers(false);
    const { columns, columnTypes, named, limit } = shapeOf(statement, sql);
    const values = args.map(toSql);
    const rows = limit === 'one' || (limit === 'bound' && values.at(-1) === 1) ? oneRow(statement.get(values)) : statement.all(values);
    for (const row of rows) for (const [name, index] of named) (row as unknown as Record<string, unknown>)[name] = row[index];
    return {
      columns,
      columnTypes,
      rows: rows as unknown as Row[],
      rowsAffected: 0,
      lastInsertRowid: undefined,
      toJSON: () => ({ columns, rows, rowsAffected: 0, lastInsertRowid: null }),
    };
  };
  const close = () => {
    closed = true;
    connection?.close();
  };
  return { read, close };
}

/** Reads for one database file; after `close` it answers nothing (the closed client then refuses). */
export interface NativeReader {
  read(stmt: InStatement): ResultSet | undefined;
  close(): void;
}

interface Shape {
  columns: string[];
  columnTypes: string[];
  /** Each column name with the index of its first occurrence. */
  named: [string, number][];
  /** How the statement ends: `limit 1`, `limit ?` (drizzle's `.limit(1)` binds the 1) or neither. */
  limit: 'one' | 'bound' | undefined;
}
const shapes = new WeakMap<ReadStatement, Shape>();

/** A statement's columns, worked out once (db/connections.ts keeps the statement while its SQL is in use). */
function shapeOf(statement: ReadStatement, sql: string): Shape {
  let shape = shapes.get(statement);
  if (!shape) {
    const info = statement.columns();
    const columns = info.map((c) => c.name);
    const first = new Map<string, number>();
    columns.forEach((name, index) => first.has(name) || first.set(name, index));
    const limit = /\blimit\s+1\s*;?\s*$/i.test(sql) ? 'one' : /\blimit\s+\?\s*;?\s*$/i.test(sql) ? 'bound' : undefined;
    shapes.set(statement, (shape = { columns, columnTypes: info.map((c) => c.type ?? ''), named: [...first], limit }));
  }
  return shape;
}

/**
 * A statement that can answer at most one row is run with the driver's `get`: one native call where
 * `all` makes two and sets up a row iterator (a primary-key read took 7.5–10.6 µs against 13.3–19.4 µs
 * in two runs on 2026-12-02). Hot single-row reads (the session lookup, counts) end in `.limit(1)`.
 */
function oneRow(row: unknown[] | undefined): unknown[][] {
  return row === undefined ? [] : [row];
}

/** The client's conversions of arguments (drizzle has already turned dates and booleans into numbers). */
function toSql(value: InValue): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}
