import Database from 'libsql';
import type { InStatement, InValue, ResultSet, Row } from '@libsql/client';

/** A plain SELECT or EXPLAIN: it never writes, so it needs no lock and can run on any connection. */
export function isRead(stmt: unknown): boolean {
  return /^\s*(select|explain)\b/i.test(sqlOf(stmt));
}

/** One INSERT, UPDATE, DELETE or REPLACE; PRAGMAs, DDL, VACUUM and transaction control stay with the client. */
export function isSingleWrite(stmt: unknown): boolean {
  return /^\s*(insert|update|delete|replace)\b/i.test(sqlOf(stmt));
}

function sqlOf(stmt: unknown): string {
  return typeof stmt === 'string' ? stmt : ((stmt as { sql?: string } | null)?.sql ?? '');
}

interface NativeStatement {
  /** Whether the statement returns rows (a SELECT, or a write with RETURNING). */
  readonly reader: boolean;
  raw(toggle?: boolean): NativeStatement;
  safeIntegers(toggle?: boolean): NativeStatement;
  columns(): { name: string; type: string | null }[];
  all(args: unknown[]): unknown[][];
  get(args: unknown[]): unknown[] | undefined;
  run(args: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface Connection {
  prepare(sql: string): NativeStatement;
  close(): void;
}

/**
 * Reads of a local database file, and writes of one statement outside a transaction, answered on one
 * connection of our own instead of through `@libsql/client`.
 *
 * Why reads: the client turns every row into an object built with one `Object.defineProperty` per
 * column and every integer into a BigInt and back, and it takes a pooled connection asynchronously;
 * for the session lookup that was 12 of 18.5 µs (6.5 µs is SQLite), and a signed-in page runs 3–5
 * such reads. Rows here are the driver's own arrays with each column's name added as a property (the
 * first of duplicate names wins, as in the client), so drizzle (which reads by index) and code that
 * reads `row.name` both work; integers arrive as numbers (our ids, counts and millisecond times are
 * far below 2^53).
 *
 * Why writes too: after a commit on another connection SQLite empties this connection's page cache,
 * so with writes on the client's connection every read after a write fetched its pages again (three
 * point reads took 49–69 µs instead of 29 µs, 14 `pread`s per answer save). A connection's own commits
 * leave its cache alone. With single writes here, an answer save went from 0.45 to 0.56 of the floor
 * (`npm run bench`, PUT answer, median of six rounds each, 2026-12-02). Transactions, batches, PRAGMAs
 * and DDL still go through the client; db/client.ts makes a write wait for this process's
 * transactions first, and db/connections.ts gives this connection the same PRAGMAs (foreign keys,
 * busy timeout) and refuses a write here while our own transaction holds the lock elsewhere.
 *
 * Same answers as the client: WAL gives each statement the latest committed data on any connection,
 * and a write is committed when its call returns. Statements are prepared once per SQL text by
 * db/connections.ts. A statement with named arguments (drizzle sends positional ones) is answered
 * `undefined`, and the client then runs it.
 */
export function nativeConnection(file: string, timeoutMs: number): NativeConnection {
  let connection: Connection | undefined;
  let closed = false;
  /** The prepared statement and its bound values, or undefined when the client should run it. */
  const bind = (stmt: InStatement): { sql: string; statement: NativeStatement; values: unknown[] } | undefined => {
    if (closed) return undefined;
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] as InValue[] } : stmt;
    if (!Array.isArray(args)) return undefined;
    connection ??= new Database(file, { timeout: timeoutMs }) as unknown as Connection;
    return { sql, statement: connection.prepare(sql), values: args.map(toSql) };
  };
  const read = (stmt: InStatement): ResultSet | undefined => {
    const bound = bind(stmt);
    if (!bound) return undefined;
    const { sql, statement, values } = bound;
    const shape = shapeOf(statement.raw(true).safeIntegers(false), sql);
    const rows = shape.limit === 'one' || (shape.limit === 'bound' && values.at(-1) === 1) ? oneRow(statement.get(values)) : statement.all(values);
    return resultOf(shape, rows, 0, undefined);
  };
  const write = (stmt: InStatement): ResultSet | undefined => {
    const bound = bind(stmt);
    if (!bound) return undefined;
    const { sql, statement, values } = bound;
    // As the client answers: a write with RETURNING gives its rows (and no count), any other its count and rowid.
    if (statement.reader) {
      const shape = shapeOf(statement.raw(true).safeIntegers(false), sql);
      return resultOf(shape, statement.all(values), 0, undefined);
    }
    const info = statement.run(values);
    return resultOf(NO_COLUMNS, [], info.changes, BigInt(info.lastInsertRowid));
  };
  const close = () => {
    closed = true;
    connection?.close();
  };
  return { read, write, close };
}

/** The client's ResultSet for rows the driver returned as arrays: each column's name added to each row. */
function resultOf({ columns, columnTypes, named }: Shape, rows: unknown[][], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  for (const row of rows) for (const [name, index] of named) (row as unknown as Record<string, unknown>)[name] = row[index];
  return {
    columns,
    columnTypes,
    rows: rows as unknown as Row[],
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows, rowsAffected, lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid) }),
  };
}

/** Reads and single writes for one database file; after `close` it answers nothing (the closed client then refuses). */
export interface NativeConnection {
  read(stmt: InStatement): ResultSet | undefined;
  write(stmt: InStatement): ResultSet | undefined;
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
const shapes = new WeakMap<NativeStatement, Shape>();
const NO_COLUMNS: Shape = { columns: [], columnTypes: [], named: [], limit: undefined };

/** A statement's columns, worked out once (db/connections.ts keeps the statement while its SQL is in use). */
function shapeOf(statement: NativeStatement, sql: string): Shape {
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
