/**
 * `npm run bench`: starts the built server on a fresh SQLite file with the demo organisation and
 * measures with autocannon: the signed-in learner home page (50 connections), saving an answer and
 * submitting an attempt (64 connections). Prints requests/s and latency percentiles.
 * Targets (2-core machine): save ≥ 1,000/s with p99 ≤ 50 ms; submit ≥ 300/s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';

const port = 4455;
const base = `http://localhost:${port}`;
const dbFile = path.join(tmpdir(), `academy-bench-${Date.now()}.db`);
const env = { ...process.env, PORT: String(port), HOST: 'localhost', DATABASE_URL: `file:${dbFile}`, ACADEMY_DEMO: '1', ACADEMY_DEMO_PASSWORD: 'academy-demo', ACADEMY_SECURE_COOKIES: '0' };
const duration = Number(process.env.BENCH_SECONDS ?? 10);
/** `BENCH_ONLY=save,submit` runs a subset; `BENCH_NODE_ARGS='--cpu-prof'` passes flags to the server. */
const only = new Set((process.env.BENCH_ONLY ?? 'home,save,submit').split(','));
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

if (!existsSync('dist/server/entry.mjs')) spawnSync('npx', ['astro', 'build'], { stdio: 'inherit' });
spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'db/prepare.ts'], { env, stdio: 'ignore' });
const entry = "process.on('SIGTERM', () => process.exit(0)); await import('./dist/server/entry.mjs');";
const server = spawn(process.execPath, [...nodeArgs, '--input-type=module', '-e', entry], { env, stdio: 'ignore' });
const stop = () => {
  server.kill();
  for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
};
process.on('exit', stop);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'academy-demo' }) });
  const cookie = res.headers.get('set-cookie');
  if (!res.ok || !cookie) throw new Error(`sign-in failed for ${username}`);
  return cookie.split(';')[0];
}

async function api(cookie: string, method: string, url: string, body?: unknown) {
  const res = await fetch(base + url, { method, headers: { cookie, 'content-type': 'application/json', origin: base }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

function run(title: string, opts: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ duration, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  }).then((r) => {
    const errors = r.non2xx + r.errors;
    console.log(`${title.padEnd(34)} ${String(Math.round(r.requests.average)).padStart(6)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${errors}`);
    return r;
  });
}

await waitForServer();
console.log(`cores: ${availableParallelism()}, node ${process.version}, ${duration}s per run`);
const cookies = await Promise.all(['learner1', 'learner2', 'learner3', 'learner4'].map(signIn));
const exported: { id: string; quiz: string; answer: unknown }[] = JSON.parse(
  spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/export-quizzes.ts'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout,
);
const answers = new Map(exported.map((q) => [q.id, q.answer]));

if (only.has('home')) await run('GET /learn (50 conns)', { url: `${base}/learn`, connections: 50, headers: { cookie: cookies[0] } });

// One practice attempt per learner and quiz: saves spread over 28 attempts and their questions.
const quizIds = [...new Set(exported.map((q) => q.quiz))];
const targets: { cookie: string; path: string; body: string }[] = [];
for (const cookie of cookies)
  for (const quizId of quizIds) {
    const { attempt } = await api(cookie, 'POST', '/api/v1/attempts', { quizId, mode: 'practice' });
    for (const q of attempt.questions as { id: string }[])
      targets.push({ cookie, path: `/api/v1/attempts/${attempt.id}/responses/${q.id}`, body: JSON.stringify({ answer: answers.get(q.id) }) });
  }
let next = 0;
if (only.has('save')) await run('PUT response (64 conns)', {
  url: base,
  connections: 64,
  requests: [
    {
      setupRequest: (req) => {
        const t = targets[next++ % targets.length];
        return { ...req, method: 'PUT', path: t.path, body: t.body, headers: { cookie: t.cookie, 'content-type': 'application/json', origin: base } };
      },
    },
  ],
});

if (!only.has('submit')) {
  stop();
  process.exit(0);
}
// Submits need fresh attempts: clone one answered assessment attempt many times in SQL.
const { attempt: template } = await api(cookies[0], 'POST', '/api/v1/attempts', { quizId: 'communication', mode: 'assessment' });
for (const q of template.questions as { id: string }[]) await api(cookies[0], 'PUT', `/api/v1/attempts/${template.id}/responses/${q.id}`, { answer: answers.get(q.id) });
const db = createClient({ url: `file:${dbFile}` });
const copies = Number(process.env.BENCH_SUBMITS ?? 40_000);
await db.execute('PRAGMA busy_timeout = 5000');
await db.execute({
  sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO attempts (user_id, quiz_id, content_hash, mode, seed, question_ids, started_at, deadline)
        SELECT user_id, quiz_id, content_hash, mode, seed, question_ids, started_at, NULL FROM attempts, n WHERE attempts.id = ?`,
  args: [copies, template.id],
});
await db.execute({
  sql: `INSERT INTO responses (attempt_id, question_id, answer, credit, saved_at)
        SELECT a.id, r.question_id, r.answer, r.credit, r.saved_at FROM attempts a JOIN responses r ON r.attempt_id = ? WHERE a.id > ?`,
  args: [template.id, template.id],
});
db.close();
let nextId = template.id + 1;
await run('POST submit (64 conns)', {
  url: base,
  connections: 64,
  requests: [
    {
      setupRequest: (req) => ({ ...req, method: 'POST', path: `/api/v1/attempts/${nextId++}/submit`, headers: { cookie: cookies[0], origin: base } }),
    },
  ],
});
stop();
process.exit(0);
