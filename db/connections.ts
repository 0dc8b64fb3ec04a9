import Database from 'libsql';

/**
 * Every embedded libsql connection of this process: set up on first use, and its prepared statements
 * reused.
 *
 * Setup: the client opens pooled connections on its own (a new one whenever requests overlap), and a
 * PRAGMA sent through it reaches only the connection that ran it. So `synchronous = NORMAL` (WAL's
 * durable-enough setting) held on the first connection only, and every other commit paid a full
 * fsync: under load, submitting an attempt ran at 8% of the floor with a p99 of 1.9 s. Each new
 * connection now runs the PRAGMAs given to `installConnectionSetup` before its first statement.
 *
 * Reuse:  `@libsql/client` prepares every statement again on each `execute`
 * (compiling the SQL and reading its column list twice), which the profile of a signed-in page showed
 * as its largest single cost: 18% of the CPU of `/learn`, more than rendering. Our SQL comes from a
 * small fixed set of queries (drizzle builds the same text for every call; values travel as
 * parameters), so each pooled connection keeps its most recently used statements by SQL text.
 *
 * Safe because the embedded driver is synchronous: a statement is bound, run to the end and read
 * within one call, so two uses never interleave. SQLite re-prepares a statement itself when the schema
 * changes, but the column list is remembered here, so any CREATE, ALTER or DROP (migrations) starts
 * every connection's cache afresh. A statement that returns no rows answers `raw()` with the same error every time,
 * which the client uses only to tell reads from writes, so that error is made once.
 *
 * Installed once, when db/client.ts opens a local database.
 */
const MAX_PER_CONNECTION = 200;
const caches = new WeakMap<object, Map<string, CachedStatement>>();
/** Bumped by every schema change; a statement prepared under an older schema is prepared again. */
let schemaGeneration = 0;
const DDL = /^\s*(create|alter|drop)\b/i;

interface NativeStatement {
  raw(toggle?: boolean): NativeStatement;
  safeIntegers(toggle?: boolean): NativeStatement;
  columns(): unknown[];
}
type CachedStatement = NativeStatement & { generation: number };

/** A libsql connection as far as this module uses it. */
interface NativeConnection {
  open: boolean;
  inTransaction: boolean;
  exec(sql: string): void;
}

/** Every open connection of this process that has prepared a statement, to see which hold a transaction. */
const connections = new Set<NativeConnection>();
/** A statement that takes the write lock (a WITH may; PRAGMAs and SELECTs do not). */
const WRITE = /^\s*(insert|update|delete|replace|with|create|drop|alter|begin\s+(immediate|exclusive))\b/i;

/**
 * Thrown instead of letting a write wait for a lock this process itself holds. SQLite waits for a lock
 * in its busy handler, synchronously: with our own transaction open on another connection, that
 * transaction could not go on (the event loop is stopped) and the write would fail after the whole busy
 * timeout, stalling every request of the process meanwhile. db/client.ts waits for the transaction
 * to settle and tries again.
 */
export class OwnTransactionOpen extends Error {
  constructor() {
    super('A transaction of this process holds the write lock; wait for it to settle before writing elsewhere.');
    this.name = 'OwnTransactionOpen';
  }
}

/** Whether a connection of this process other than `self` is inside a transaction. */
function transactionElsewhere(self: NativeConnection): boolean {
  for (const connection of connections) {
    if (connection === self) continue;
    // `inTransaction` must not be read on a closed connection (it aborts the process).
    if (!connection.open) connections.delete(connection);
    else if (connection.inTransaction) return true;
  }
  return false;
}

const proto = (Database as unknown as { prototype: { prepare(sql: string): NativeStatement } }).prototype;
const prepare = proto.prepare;
let installed = false;
let setup: readonly string[] = [];

/**
 * Makes every libsql connection of this process run `pragmas` before its first statement and reuse
 * its prepared statements. Idempotent; a later call replaces the PRAGMAs for connections opened after it.
 */
export function installConnectionSetup(pragmas: readonly string[]): void {
  setup = pragmas;
  if (installed) return;
  installed = true;
  proto.prepare = function cachedPrepare(this: NativeConnection, sql: string): NativeStatement {
    let cache = caches.get(this);
    if (!cache) {
      caches.set(this, (cache = new Map()));
      connections.add(this);
      // exec runs each to completion: a PRAGMA that answers a row and is only stepped once would stay
      // "in progress" until garbage-collected, holding a read snapshot (and refusing VACUUM INTO).
      for (const pragma of setup) this.exec(pragma);
    }
    if (WRITE.test(sql) && !this.inTransaction && transactionElsewhere(this)) throw new OwnTransactionOpen();
    if (DDL.test(sql)) {
      schemaGeneration++;
      return prepare.call(this, sql);
    }
    const hit = cache.get(sql);
    if (hit && hit.generation === schemaGeneration) {
      // Most recently used last, so the oldest is evicted first.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const statement = memoised(prepare.call(this, sql));
    cache.set(sql, statement);
    if (cache.size > MAX_PER_CONNECTION) cache.delete(cache.keys().next().value!);
    return statement;
  };
}

/**
 * The statement with its column list read once, `raw()`'s refusal (a statement returning no rows) made
 * once, and the `raw`/`safeIntegers` switches crossing into the native driver only when they change:
 * the client sets both on every call, and those two native calls alone were 4% of `/learn`'s CPU.
 */
function memoised(statement: NativeStatement): CachedStatement {
  const columns = statement.columns.bind(statement);
  const raw = statement.raw.bind(statement);
  const safeIntegers = statement.safeIntegers.bind(statement);
  let columnList: unknown[] | undefined;
  let notReader: unknown;
  let rawMode: boolean | undefined;
  let safeMode: boolean | undefined;
  statement.columns = () => (columnList ??= columns());
  statement.raw = (toggle = true) => {
    if (notReader) throw notReader;
    if (toggle === rawMode) return statement;
    try {
      raw(toggle);
      rawMode = toggle;
      return statement;
    } catch (error) {
      notReader = error;
      throw error;
    }
  };
  statement.safeIntegers = (toggle = true) => {
    if (toggle !== safeMode) {
      safeIntegers(toggle);
      safeMode = toggle;
    }
    return statement;
  };
  return Object.assign(statement, { generation: schemaGeneration });
}
