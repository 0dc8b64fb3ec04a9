/**
 * `npm run bench -- surge`: an exam surge. BENCH_TAKERS (3,000) accounts are created for it directly
 * in SQL (one argon2 hash); each taker arrives at a random moment within BENCH_SURGE_SECONDS (60),
 * signs in, starts the assessment of BENCH_QUIZ (conduct: 10 questions), saves an answer to each of
 * its 10 questions and submits. The server runs BENCH_WORKERS processes (default one per core) on a
 * fresh database. Reports errors (target 0), p50/p95/p99 per step (target p95 ≤ 300 ms), and
 * checks that every answer the server acknowledged is in the database with the value sent.
 * BENCH_PRESIGNED=1 gives every taker a session made in SQL beforehand (signed in before the exam
 * opened), so the surge measures the exam itself without the argon2 cost of 3,000 sign-ins.
 * The server has just started when the surge begins (the hard case); BENCH_SURGE_WARMUP=N first runs
 * N extra takers, eight at a time, and counts none of their requests. Each step's p95 is also printed
 * per 10 s of the run, which shows whether a tail belongs to the start. Without BENCH_PRESIGNED it
 * also prints what one argon2id verify costs here and what share of the window's core-seconds the
 * sign-ins' hashing alone takes, so a missed sign-in target can be read against the machine.
 */
import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { answerKey, createLearners, createSessions, DEMO_PASSWORD, ensureBuilt, freshDatabase, openDirect, processTreeCpuSeconds, serve } from './lib';

const takers = Number(process.env.BENCH_TAKERS ?? 3000);
const warmup = Number(process.env.BENCH_SURGE_WARMUP ?? 0);
const window = Number(process.env.BENCH_SURGE_SECONDS ?? 60) * 1000;
const quizId = process.env.BENCH_QUIZ ?? 'conduct';
const workers = process.env.BENCH_WORKERS ?? String(availableParallelism());

ensureBuilt();
const db = freshDatabase('surge');
process.on('exit', () => db.remove());
const direct = await openDirect(db.url);
const ids = await createLearners(direct, 'surge', takers + warmup);
const presigned = process.env.BENCH_PRESIGNED === '1' ? await createSessions(direct, ids) : undefined;
const { answers } = answerKey();
/**
 * What one sign-in's argon2id check costs on this machine today (median of 15, before the server
 * starts): the surge's sign-ins need at least takers × this of the cores, whatever the code around it
 * does, so a missed sign-in target can be read against what the machine had.
 */
async function verifyMs(): Promise<number> {
  const stored = await hashPassword(DEMO_PASSWORD);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await verifyPassword(stored, DEMO_PASSWORD);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[7];
}
const oneVerify = presigned ? 0 : await verifyMs();
const app = await serve('dist', 4464, db.url, { ACADEMY_WORKERS: workers });
const base = app.base;

type Step = 'sign-in' | 'start' | 'save' | 'submit';
const ok: Record<Step, number> = { 'sign-in': 0, start: 0, save: 0, submit: 0 };
const errors = new Map<string, number>();
const acknowledged: { attemptId: number; questionId: string; answer: string }[] = [];
/** Each request's start (ms after the surge began) and duration, per step: shows when in the run a tail happened. */
const timeline: Record<Step, [at: number, ms: number][]> = { 'sign-in': [], start: [], save: [], submit: [] };
let began = 0;

/** One timed request; a non-2xx answer or a network error counts as an error of that step. */
async function step(name: Step, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response | undefined> {
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, { method, headers: { origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    timeline[name].push([t0 - began, performance.now() - t0]);
    if (!res.ok) {
      const key = `${name} ${res.status} ${(await res.text()).slice(0, 80)}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      return undefined;
    }
    ok[name]++;
    return res;
  } catch (err) {
    const key = `${name} ${(err as Error).message}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
    return undefined;
  }
}

async function taker(i: number): Promise<void> {
  let cookie = presigned?.get(ids[i]);
  if (!cookie) {
    const signed = await step('sign-in', 'POST', '/api/v1/session', {}, { username: `surge-${i + 1}`, password: DEMO_PASSWORD });
    cookie = signed?.headers.get('set-cookie')?.split(';')[0];
    await signed?.arrayBuffer();
  }
  if (!cookie) return;
  const started = await step('start', 'POST', '/api/v1/attempts', { cookie }, { quizId, mode: 'assessment' });
  if (!started) return;
  const { attempt } = (await started.json()) as { attempt: { id: number; questions: { id: string }[] } };
  for (const q of attempt.questions.slice(0, 10)) {
    const answer = answers.get(q.id);
    const saved = await step('save', 'PUT', `/api/v1/attempts/${attempt.id}/responses/${q.id}`, { cookie }, { answer });
    if (saved) {
      await saved.arrayBuffer();
      acknowledged.push({ attemptId: attempt.id, questionId: q.id, answer: JSON.stringify(answer) });
    }
  }
  const submitted = await step('submit', 'POST', `/api/v1/attempts/${attempt.id}/submit`, { cookie });
  await submitted?.arrayBuffer();
}

console.log(`surge: ${takers} takers (${ids.length} accounts${presigned ? ', signed in beforehand' : ''}) arriving within ${window / 1000} s, quiz ${quizId}, ${workers} worker(s), ${availableParallelism()} cores`);
// Eight at a time, so that each worker gets its share of the warm-up connections.
for (let i = takers; i < takers + warmup; i += 8) await Promise.all(Array.from({ length: Math.min(8, takers + warmup - i) }, (_, k) => taker(i + k)));
for (const k of Object.keys(timeline) as Step[]) {
  timeline[k].length = 0;
  ok[k] = 0;
}
errors.clear();
acknowledged.length = 0;
began = performance.now();
const cpuBefore = { server: processTreeCpuSeconds(app.child.pid!), client: process.cpuUsage() };
await Promise.all(
  Array.from({ length: takers }, (_, i) => new Promise<void>((resolve) => setTimeout(() => taker(i).then(resolve, resolve), Math.random() * window))),
);
const elapsed = (performance.now() - began) / 1000;
const serverCpu = processTreeCpuSeconds(app.child.pid!) - cpuBefore.server;
const clientUsage = process.cpuUsage(cpuBefore.client);
const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN);
console.log(`\n${'step'.padEnd(8)}${'requests'.padStart(9)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}  (ms; target p95 ≤ 300)`);
let slow = false;
for (const [name, requests] of Object.entries(timeline)) {
  const xs = requests.map(([, ms]) => ms);
  if (xs.length === 0) continue;
  const p95 = pct(xs, 95);
  slow ||= p95 > 300;
  console.log(`${name.padEnd(8)}${String(xs.length).padStart(9)}${pct(xs, 50).toFixed(0).padStart(7)}${p95.toFixed(0).padStart(7)}${pct(xs, 99).toFixed(0).padStart(7)}${Math.max(...xs).toFixed(0).padStart(7)}  ${p95 > 300 ? 'MISSED' : 'ok'}`);
}
const slices = Math.ceil(window / 10_000);
for (const [name, xs] of Object.entries(timeline)) {
  if (xs.length === 0) continue;
  const byTen = Array.from({ length: slices }, (_, k) => pct(xs.filter(([at]) => Math.floor(at / 10_000) === k).map(([, d]) => d), 95));
  console.log(`  ${name} p95 by 10 s of the run: ${byTen.map((v) => (Number.isNaN(v) ? '–' : v.toFixed(0))).join(' / ')}`);
}
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(`\nfinished in ${elapsed.toFixed(1)} s; errors: ${errorCount}${errorCount ? ' (target 0)' : ''}`);
// What the run cost: the machine has availableParallelism() × elapsed core-seconds, shared with the load generator.
console.log(`CPU: server ${serverCpu.toFixed(1)} s, load generator ${clientCpu.toFixed(1)} s, of ${(availableParallelism() * elapsed).toFixed(1)} core-seconds in the run`);
if (!presigned) {
  const hashing = (takers * oneVerify) / 1000;
  console.log(`argon2id: one verify ${oneVerify.toFixed(1)} ms on this machine; ${takers} sign-ins need ${hashing.toFixed(1)} core-s of hashing alone, ${((100 * hashing) / (availableParallelism() * window / 1000)).toFixed(0)}% of the ${availableParallelism() * window / 1000} core-s in the ${window / 1000} s window`);
}
for (const [k, v] of errors) console.log(`  ${v} × ${k}`);

// Every acknowledged answer must be in the database, with the value sent.
await app.stop();
const stored = new Map<string, string>();
const rs = await direct.execute(`SELECT r.attempt_id, r.question_id, r.answer FROM responses r JOIN attempts a ON a.id = r.attempt_id JOIN users u ON u.id = a.user_id WHERE u.username LIKE 'surge-%'`);
for (const r of rs.rows) stored.set(`${r.attempt_id}/${r.question_id}`, String(r.answer));
const missing = acknowledged.filter((a) => stored.get(`${a.attemptId}/${a.questionId}`) !== a.answer);
// The surge's takers only (the warm-up's accounts come after them).
const submitted = Number((await direct.execute({ sql: `SELECT count(*) AS n FROM attempts a WHERE a.user_id IN (SELECT value FROM json_each(?)) AND a.submitted_at IS NOT NULL`, args: [JSON.stringify(ids.slice(0, takers))] })).rows[0].n);
console.log(`acknowledged answers: ${acknowledged.length}; in the database with the value sent: ${acknowledged.length - missing.length}; missing or different: ${missing.length}`);
console.log(`submitted attempts in the database: ${submitted}; submits acknowledged: ${ok.submit} (a submit whose answer was lost on the way may still have been recorded)`);
direct.close();
console.log(errorCount === 0 && missing.length === 0 && !slow ? 'surge: all targets met' : 'surge: TARGETS MISSED');
process.exit(0);
