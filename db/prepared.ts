import { getDb, type Database } from './client';

/**
 * A query built once per database, instead of on every call. Drizzle assembles the SQL text of a
 * query each time it runs (10% of a signed-in page's CPU in the profile); a prepared query with
 * `sql.placeholder(...)` values is assembled once and run with the values of each call. For the
 * queries every page or every answer save makes; the rest stay plain drizzle.
 *
 * Usage: `const byUser = prepared((db) => db.select()…where(eq(t.userId, sql.placeholder('userId'))).prepare());`
 * then `(await byUser()).all({ userId })`.
 */
export function prepared<Query>(build: (db: Database) => Query): () => Promise<Query> {
  const built = new WeakMap<Database, Query>();
  return async () => {
    const db = await getDb();
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}
