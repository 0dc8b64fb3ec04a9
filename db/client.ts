import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';

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
 * Opens the database. For a local file it creates the folder and sets WAL (readers never wait for
 * the writer), foreign keys (SQLite leaves them off) and a busy timeout (a second process waits
 * instead of failing).
 */
export async function openDatabase(url = databaseUrl()): Promise<Database> {
  const file = localDatabaseFile(url);
  const local = file !== undefined;
  if (local) mkdirSync(path.dirname(file), { recursive: true });
  const client = createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN });
  if (local) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  return oneTransactionAtATime(drizzle(client, { schema }) as Database);
}

/**
 * The embedded driver runs SQLite synchronously, each transaction on its own pooled connection: a
 * second transaction's BEGIN would fail at once with SQLITE_BUSY (or, with a busy timeout, block the
 * event loop so the first can never commit). So this process runs its transactions one after
 * another; each is short. A transaction must not start another one on `db` from inside itself.
 */
function oneTransactionAtATime(db: Database): Database {
  const transaction = db.transaction.bind(db);
  let last: Promise<unknown> = Promise.resolve();
  db.transaction = ((...args: Parameters<Database['transaction']>) => {
    const run = last.then(() => transaction(...args));
    last = run.catch(() => undefined);
    return run;
  }) as Database['transaction'];
  return db;
}

/** Where the committed migrations live; `MIGRATIONS_DIR` overrides it for unusual layouts. */
export function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR || path.resolve(process.cwd(), 'db/migrations');
}

/** Applies every pending migration; safe to run on each start. */
export async function migrateDatabase(db: Database): Promise<void> {
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
