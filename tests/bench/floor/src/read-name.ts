import { createClient, type Client } from '@libsql/client';

let client: Client | undefined;

/** One read per request on the bench database (DATABASE_URL), with the client opened once like the app's. */
export async function readName(): Promise<string> {
  client ??= createClient({ url: process.env.DATABASE_URL ?? 'file:floor.db' });
  const rs = await client.execute({ sql: 'SELECT name FROM users WHERE id = ?', args: [1] });
  return String(rs.rows[0]?.name ?? '');
}
