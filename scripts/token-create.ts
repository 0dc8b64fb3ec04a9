/**
 * `npm run token:create -- --name NAME --scope reviews:read[,scores:read] --days N [--owner USERNAME]`
 *
 * Issues an API token for an HR integration from the command line (for provisioning scripts). The
 * token is printed once, alone on the last line, so `| tail -n 1` captures it; only its hash is
 * stored. The owner defaults to the first active administrator.
 */
import { parseArgs } from 'node:util';
import { and, asc, eq } from 'drizzle-orm';
import { Refusal, runCli } from './lib/cli';
import { getDb } from '../db/client';
import { TOKEN_SCOPES, users } from '../db/schema';
import { issueToken, MAX_TOKEN_DAYS, type TokenScope } from '../src/lib/server/api-tokens';

const USAGE = `npm run token:create -- --name NAME --scope ${TOKEN_SCOPES.join('[,')}] --days N [--owner USERNAME]`;

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, scope: { type: 'string' }, days: { type: 'string' }, owner: { type: 'string' } },
    strict: true,
  });
  const name = values.name?.trim() ?? '';
  if (name.length < 1 || name.length > 64) throw new Refusal(`--name 须为 1–64 个字符 / --name needs 1–64 characters\n${USAGE}`, 2);
  const scopes = (values.scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0)
    throw new Refusal(`--scope 须为 ${TOKEN_SCOPES.join(', ')} 中的一项或多项 / --scope must list some of ${TOKEN_SCOPES.join(', ')}\n${USAGE}`, 2);
  const days = Number(values.days ?? '');
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
    throw new Refusal(`--days 须为 1–${MAX_TOKEN_DAYS} 的整数 / --days must be a whole number from 1 to ${MAX_TOKEN_DAYS}\n${USAGE}`, 2);
  return { name, scopes: scopes as TokenScope[], days, owner: values.owner?.trim().toLowerCase() };
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const db = await getDb();
  try {
    const owner = await db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(and(eq(users.active, true), options.owner ? eq(users.username, options.owner) : eq(users.role, 'admin')))
      .orderBy(asc(users.id))
      .get();
    if (!owner) throw new Refusal(options.owner ? `找不到在职用户 ${options.owner} / no active user ${options.owner}` : '没有在职的管理员，请先运行 npm run user:create / no active administrator: run npm run user:create first');
    const issued = await issueToken(owner.id, options);
    console.log(`已签发令牌 #${issued.id}「${options.name}」，权限 ${issued.scope}，有效期至 ${issued.expiresAt.toISOString()}，签发人 ${owner.username}`);
    console.log('令牌只显示这一次 / the token is shown only once:');
    console.log(issued.token);
  } finally {
    db.$client.close();
  }
}

runCli(main, USAGE);
