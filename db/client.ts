import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type InStatement, type ResultSet } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';
import { installConnectionSetup, OwnTransactionOpen } from './connections';
import { isRead, isSingleWrite, nativeConnection, type NativeConnection } from './native-connection';

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** The database URL: `DATABASE_URL`, else the embedded file under ./data. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || 'file:./data/academy.db';
}

/** The file a `file:` URL names, relative to the working folder; undefined for a server URL. */
export function localDatabaseFile(url: string): string | undefined {
  return url.startsWith('file:') ? fileURLToPath(new URL(url, `file://${process.cwd()}/`)) : undefined;
}

/**
 * Opens the database. For a local file it creates the folder, sets WAL (readers never wait for the
 * writer), and has every pooled connection start with `CONNECTION_PRAGMAS` (db/connections.ts):
 * NORMAL sync, a busy timeout (a second process waits instead of failing) and foreign keys. For a
 * server URL, foreign keys are asked for once.
 */
export async function openDatabase(url = databaseUrl()): Promise<Database> {
  const file = localDatabaseFile(url);
  const local = file !== undefined;
  if (local) {
    mkdirSync(path.dirname(file), { recursive: true });
    installConnectionSetup(CONNECTION_PRAGMAS);
  }
  const client = createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN, timeout: local ? BUSY_TIMEOUT_MS : undefined });
  if (local) await client.execute('PRAGMA journal_mode = WAL');
  else await client.execute('PRAGMA foreign_keys = ON');
  // An in-memory database exists on one connection only, so it stays with the client.
  const native = local && !/:memory:|mode=memory/.test(url) ? nativeConnection(file, BUSY_TIMEOUT_MS) : undefined;
  if (native) {
    const close = client.close.bind(client);
    client.close = () => (native.close(), close());
  }
  return oneTransactionAtATime(drizzle(client, { schema }) as Database, client, native);
}

/**
 * The embedded driver runs SQLite synchronously, each transaction on its own pooled connection: a
 * second transaction's BEGIN would fail at once with SQLITE_BUSY (or, with a busy timeout, block the
 * event loop so the first can never commit). So this process runs its transactions one after
 * another; each is short. A transaction must not start another one on `db` from inside itself.
 *
 * A transaction still unfinished after `ACADEMY_TRANSACTION_LIMIT_MS` (30 s; ours take milliseconds,
 * a 10,000-row roster import under a second) is rolled back and fails: while open it holds the write
 * lock of every process, so one that hung would stop all writing until a restart.
 */
function oneTransactionAtATime(db: Database, client: Client, native?: NativeConnection): Database {
  const transaction = db.transaction.bind(db);
  const limitMs = Number(process.env.ACADEMY_TRANSACTION_LIMIT_MS) || 30_000;
  let last: Promise<unknown> = Promise.resolve();
  db.transaction = ((work: Parameters<Database['transaction']>[0], config?: Parameters<Database['transaction']>[1]) => {
    const run = last.then(() => transaction((tx) => withinLimit(work(tx), limitMs), config));
    last = run.catch(() => undefined);
    return run;
  }) as Database['transaction'];
  writesWaitFor(client, () => last, native);
  return db;
}

/** `work`, or a rejection once `ms` have passed without it settling (the transaction then rolls back). */
function withinLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`A transaction was still open after ${ms} ms and was rolled back.`);
      console.error(error.message);
      reject(error);
    }, ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** How long a write waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5000;
/** What every pooled connection to a local file runs first (a PRAGMA sent through the client reaches one connection only). */
const CONNECTION_PRAGMAS = ['PRAGMA synchronous = NORMAL', `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`, 'PRAGMA foreign_keys = ON'];
/** Longest a write outside a transaction waits for the open ones; past it, it runs (and may meet the lock) rather than hang. */
const WRITE_WAIT_CAP_MS = 3000;

/**
 * A write outside a transaction (an insert, update or delete on a connection other than the one a
 * transaction holds) would fail at once with SQLITE_BUSY while this process's transaction holds the
 * write lock across an await. So such writes first wait for the transactions in progress to settle
 * (capped, so a write issued from inside a transaction on `db` instead of `tx` cannot deadlock). Reads
 * never wait: WAL lets them run alongside. For a local file, reads and single-statement writes run on
 * `native`'s own connection (db/native-connection.ts says why); the rest goes through the client.
 */
function writesWaitFor(client: Client, transactions: () => Promise<unknown>, native?: NativeConnection): void {
  const settled = () => {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise((resolve) => (timer = setTimeout(resolve, WRITE_WAIT_CAP_MS)));
    return Promise.race([transactions(), cap]).finally(() => clearTimeout(timer));
  };
  const execute = client.execute.bind(client) as (...args: unknown[]) => Promise<ResultSet>;
  const batch = client.batch.bind(client);
  client.execute = (async (...args: unknown[]) => {
    const stmt = args.length === 1 ? (args[0] as InStatement) : undefined;
    if (isRead(args[0])) return (stmt && native?.read(stmt)) || execute(...args);
    if (stmt && native && isSingleWrite(stmt)) return afterOwnTransactions(async () => native.write(stmt) ?? execute(...args));
    return afterOwnTransactions(() => execute(...args));
  }) as Client['execute'];
  client.batch = ((...args: Parameters<Client['batch']>) => afterOwnTransactions(() => batch(...args))) as Client['batch'];

  /**
   * Runs a write once this process's transactions have settled. A transaction can still begin in the
   * moment between that wait and the write reaching SQLite (the pool hands out a connection
   * asynchronously); db/connections.ts then refuses the write rather than let it wait synchronously
   * on our own lock, and it waits again. Past `OWN_TRANSACTION_TRIES` it fails (a write on `db` from
   * inside a transaction, instead of on `tx`).
   */
  async function afterOwnTransactions<T>(write: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      await settled();
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof OwnTransactionOpen) || tries >= OWN_TRANSACTION_TRIES) throw error;
      }
    }
  }
}

/** How often a write waits for this process's transactions before giving up (each wait is capped at WRITE_WAIT_CAP_MS). */
const OWN_TRANSACTION_TRIES = 3;

/** Where the committed migrations live; `MIGRATIONS_DIR` overrides it for unusual layouts. */
function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR || path.resolve(process.cwd(), 'db/migrations');
}

/** Applies every pending migration; safe to run on each start. */
async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: migrationsFolder() });
}

let shared: Promise<Database> | undefined;

/** The process-wide database, opened and migrated once on first use. */
export function getDb(): Promise<Database> {
  shared ??= openDatabase().then(async (db) => {
    await migrateDatabase(db);
    return db;
  });
  return shared;
}
