/**
 * HR's pull at scale: `npm run bench -- hr` (or `tsx tests/bench/hr.ts`) on a database made by
 * `npm run db:seed-large` (BENCH_LARGE_DB, default data/large.db; copied first, since approving writes).
 * Serves the built app, signs in as HR and a supervisor, and times, each BENCH_REPEAT (3) times in turn:
 * the monthly review page for every employee, its CSV and XLSX, one page of the reviews API and of the
 * scores API (by token), the item analysis of one module, and approving one team's month. Samples the
 * server's resident memory every 50 ms throughout. Prints median and worst time against each target.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_NODE_ARGS, withHeapLimit } from '../../scripts/server-process.mjs';

const port = Number(process.env.BENCH_PORT ?? 4456);
const base = `http://localhost:${port}`;
const source = process.env.BENCH_LARGE_DB ?? 'data/large.db';
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
if (!existsSync(source)) {
  console.error(`no large database at ${source}: run  DATABASE_URL=file:${source} npm run db:seed-large -- --employees 10000 --months 12`);
  process.exit(2);
}
const dbFile = path.join(tmpdir(), `academy-bench-hr-${Date.now()}.db`);
copyFileSync(source, dbFile);
const env = { ...process.env, PORT: String(port), HOST: 'localhost', DATABASE_URL: `file:${dbFile}`, ACADEMY_DEMO: '0', ACADEMY_SECURE_COOKIES: '0', ACADEMY_WORKERS: '1' };

if (!existsSync('dist/server/entry.mjs')) spawnSync('npx', ['astro', 'build'], { stdio: 'inherit' });
// The production entry with one worker, so the process measured is the one that answers.
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, 'scripts/serve.mjs'], { env: withHeapLimit(env), stdio: 'ignore' });
const stop = () => {
  server.kill();
  for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
};
process.on('exit', stop);

let peakRss = 0;
const sampler = setInterval(() => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
    peakRss = Math.max(peakRss, kb * 1024);
  } catch {}
}, 50);

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password: process.env.BENCH_PASSWORD ?? 'academy-demo' }) });
  const cookie = res.headers.get('set-cookie');
  if (!res.ok || !cookie) throw new Error(`sign-in failed for ${username}: ${res.status}`);
  return cookie.split(';')[0];
}

/** The server's CPU time so far in ms (user + system, from /proc): unlike wall time it barely moves with other load. */
function serverCpuMs(): number {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Times one request to its last byte; refuses a non-2xx answer so a failure never passes as fast. */
async function timed(init: { url: string; method?: string; headers?: Record<string, string>; body?: string | URLSearchParams }): Promise<{ ms: number; cpu: number; bytes: number }> {
  const cpu0 = serverCpuMs();
  const t0 = performance.now();
  const res = await fetch(base + init.url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'manual' });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${init.url}: ${res.status}`);
  return { ms: performance.now() - t0, cpu: serverCpuMs() - cpu0, bytes };
}

async function measure(what: string, target: number, request: () => Promise<{ ms: number; cpu: number; bytes: number }>) {
  const runs: { ms: number; cpu: number }[] = [];
  let bytes = 0;
  for (let i = 0; i < repeat; i++) {
    const r = await request();
    runs.push(r);
    bytes = r.bytes;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wall = median(runs.map((r) => r.ms));
  const worst = Math.max(...runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpu));
  const verdict = worst <= target ? 'met' : wall <= target ? 'median met, worst missed' : cpu <= target ? 'MISSED on wall time (server CPU within target)' : 'MISSED';
  console.log(`${what.padEnd(44)} median ${wall.toFixed(0).padStart(6)} ms   worst ${worst.toFixed(0).padStart(6)} ms   server CPU ${cpu.toFixed(0).padStart(6)} ms   target ${String(target).padStart(5)} ms   ${(bytes / 1024).toFixed(0).padStart(6)} KiB   peak RSS ${(peakRss / 1048576).toFixed(0)} MB   ${verdict}`);
}

await waitForServer();
const db = (await import('@libsql/client')).createClient({ url: `file:${dbFile}` });
const month = (await db.execute(`SELECT max(substr(due_date, 1, 7)) AS m FROM assignments WHERE due_date < date('now', 'start of month')`)).rows[0].m as string;
const employees = Number((await db.execute(`SELECT count(*) AS n FROM users WHERE role IN ('learner', 'supervisor')`)).rows[0].n);
const attempts = Number((await db.execute(`SELECT count(*) AS n FROM attempts`)).rows[0].n);
const team = (await db.execute(`SELECT t.id, u.username FROM teams t JOIN users u ON u.id = t.supervisor_id ORDER BY t.id LIMIT 1`)).rows[0];
const approveMonths = (await db.execute(`SELECT DISTINCT substr(due_date, 1, 7) AS m FROM assignments WHERE due_date < date('now', 'start of month') ORDER BY m DESC LIMIT ${repeat}`)).rows.map((r) => String(r.m));
const tokenLine = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/token-create.ts', '--name', `bench ${new Date().toISOString()}`, '--scope', 'reviews:read,scores:read', '--days', '1', '--owner', 'hr'], { env, encoding: 'utf8' });
const token = tokenLine.stdout.trim().split('\n').pop()!;
const hr = await signIn('hr');
const supervisor = await signIn(String(team.username));
const from = `${month}-01`;
const to = `${month}-28`;
console.log(`database: ${employees} employees, ${attempts} attempts; month ${month}; node ${process.version}; ${repeat} runs each; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);

await measure(`GET /reports/monthly?month=${month}`, 2000, () => timed({ url: `/reports/monthly?month=${month}`, headers: { cookie: hr } }));
await measure(`GET /reports/monthly.csv`, 3000, () => timed({ url: `/reports/monthly.csv?month=${month}`, headers: { cookie: hr } }));
await measure(`GET /reports/monthly.xlsx`, 8000, () => timed({ url: `/reports/monthly.xlsx?month=${month}`, headers: { cookie: hr } }));
await measure(`GET /api/v1/reviews (one page, token)`, 300, () => timed({ url: `/api/v1/reviews?month=${month}`, headers: { authorization: `Bearer ${token}` } }));
await measure(`GET /api/v1/scores (one page, token)`, 300, () => timed({ url: `/api/v1/scores?from=${from}&to=${to}`, headers: { authorization: `Bearer ${token}` } }));
await measure(`GET /reports/scores.csv (one month)`, 3000, () => timed({ url: `/reports/scores.csv?from=${from}&to=${to}`, headers: { cookie: hr } }));
await measure(`GET /reports/items?module=complaints`, 1000, () => timed({ url: `/reports/items?module=complaints`, headers: { cookie: hr } }));
// Approving a team: the supervisor's "approve all" form as the list page renders it (ids and fingerprints), one month per run.
await measure(`POST approve a team's month`, 2000, async () => {
  const month = approveMonths.shift()!;
  const page = await (await fetch(`${base}/team/reviews?month=${month}`, { headers: { cookie: supervisor } })).text();
  const form = new URLSearchParams({ month });
  for (const [, name, value] of page.matchAll(/name="(employeeIds|fingerprints)" value="([^"]+)"/g)) form.append(name, value);
  return timed({ url: '/_actions/review.approve', method: 'POST', headers: { cookie: supervisor, origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
});
db.close();
clearInterval(sampler);
console.log(`server peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB (target ≤ 300 MB): ${peakRss <= 300 * 1024 * 1024 ? 'met' : 'MISSED'}`);
stop();
process.exit(0);
