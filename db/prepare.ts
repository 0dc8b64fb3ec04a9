/**
 * Run by `npm start` before the server: applies migrations and, unless ACADEMY_DEMO=0, seeds the
 * demo organisation into an empty database and prints its sign-ins.
 */
import { databaseUrl, getDb } from './client';
import { DEFAULT_DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from './seed-demo';

const db = await getDb();
console.log(`数据库 / database: ${databaseUrl()} (migrations applied)`);
if (process.env.ACADEMY_DEMO !== '0') {
  const password = process.env.ACADEMY_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const seeded = await seedDemo(db, password);
  console.log(seeded ? '已创建演示组织 / demo organisation seeded:' : '演示账号 / demo sign-ins:');
  for (const p of DEMO_PEOPLE) console.log(`  ${p.username.padEnd(11)} ${p.title}  ${p.name} (${p.employeeNo})`);
  console.log(`  password: ${process.env.ACADEMY_DEMO_PASSWORD ? '(ACADEMY_DEMO_PASSWORD)' : DEFAULT_DEMO_PASSWORD}`);
}
db.$client.close();
