/**
 * Integration tests get a fresh temporary database from tests/helpers/temp-database.ts (a Vitest
 * setup file). This returns the database it points at, migrated.
 */
import { SQL, sql } from 'drizzle-orm';
import { getDb } from '../../db/client';

export function useTempDatabase() {
  return getDb();
}

/**
 * SQLite's plan for a query, one line per step: for tests that pin which index a hot query uses.
 * Takes a drizzle `sql` fragment, a drizzle query builder, or a statement as the client was sent it.
 */
export async function queryPlan(query: SQL | { toSQL(): { sql: string; params: unknown[] } } | { sql: string; args: unknown }): Promise<string[]> {
  const db = await getDb();
  if (query instanceof SQL) return (await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail);
  if ('toSQL' in query) {
    const { sql: text, params } = query.toSQL();
    return queryPlan({ sql: text, args: params });
  }
  const plan = await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${query.sql}`, args: query.args as never });
  return plan.rows.map((r) => String(r.detail));
}
