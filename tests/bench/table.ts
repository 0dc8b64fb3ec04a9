/**
 * The app against its floor, in one run: for each target the floor and the app are measured one
 * after the other at the same concurrency (the order flips every round, BENCH_ROUNDS, default 3),
 * and the table prints the median of the per-round ratios with the app's p50 and p99 and the p99
 * against the floor's. Targets (issue 10): lesson page ≥ 0.80, /learn ≥ 0.70, answer save ≥ 0.60,
 * no p99 above 3× the floor's. Submitting uses fresh attempts, one per bench learner (the
 * one-open-attempt index forbids cloning one learner's attempt).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { answerKey, api, createLearners, createSessions, ensureBuilt, FLOOR_DIST, freshDatabase, measure, openDirect, serve, signIn, type Measured } from './lib';
import type autocannon from 'autocannon';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const lessonPath = process.env.BENCH_LESSON ?? '/learn/communication/01-service-character';

ensureBuilt();
const db = freshDatabase('table');
process.on('exit', () => db.remove());
// Before any connection exists: spawnSync blocks this process, and a keep-alive socket the server closes
// meanwhile would be reused for the next request ("other side closed").
const { answers, quizIds } = answerKey();
const app = await serve('dist', 4460, db.url);
const base = app.base;

const learners = await Promise.all(['learner1', 'learner2', 'learner3', 'learner4'].map((u) => signIn(base, u)));
// The floor also serves the lesson page's exact bytes (floor/src/pages/body.astro), for the size's share of the gap.
const lessonHtml = await (await fetch(base + lessonPath, { headers: { cookie: learners[1] } })).text();
const bodyFile = `${db.file}.lesson.html`;
writeFileSync(bodyFile, lessonHtml);
process.on('exit', () => rmSync(bodyFile, { force: true }));
const floor = await serve(FLOOR_DIST, 4461, db.url, { FLOOR_BODY_FILE: bodyFile });

// Saves spread over one practice attempt per learner and quiz and their questions.
const saves: { cookie: string; path: string; body: string }[] = [];
for (const cookie of learners)
  for (const quizId of quizIds) {
    const { attempt } = await api(base, cookie, 'POST', '/api/v1/attempts', { quizId, mode: 'practice' });
    for (const q of attempt.questions as { id: string }[]) saves.push({ cookie, path: `/api/v1/attempts/${attempt.id}/responses/${q.id}`, body: JSON.stringify({ answer: answers.get(q.id) }) });
  }

// Submits: one answered assessment attempt, cloned in SQL to as many bench learners (each with a session).
const submitCount = Number(process.env.BENCH_SUBMITS ?? 60_000);
const { attempt: template } = await api(base, learners[0], 'POST', '/api/v1/attempts', { quizId: 'communication', mode: 'assessment' });
for (const q of template.questions as { id: string }[]) await api(base, learners[0], 'PUT', `/api/v1/attempts/${template.id}/responses/${q.id}`, { answer: answers.get(q.id) });
const direct = await openDirect(db.url);
const ids = await createLearners(direct, 'bench-submit', submitCount);
const sessions = await createSessions(direct, ids);
await direct.execute({
  sql: `INSERT INTO attempts (user_id, quiz_id, content_hash, mode, seed, question_ids, started_at, deadline)
        SELECT u.id, t.quiz_id, t.content_hash, t.mode, t.seed, t.question_ids, t.started_at, NULL
        FROM users u, attempts t WHERE t.id = ? AND u.username LIKE 'bench-submit-%' ORDER BY u.id`,
  args: [template.id],
});
await direct.execute({
  sql: `INSERT INTO responses (attempt_id, question_id, answer, credit, saved_at)
        SELECT a.id, r.question_id, r.answer, r.credit, r.saved_at FROM attempts a JOIN users u ON u.id = a.user_id AND u.username LIKE 'bench-submit-%'
        JOIN responses r ON r.attempt_id = ?`,
  args: [template.id],
});
const submits = (await direct.execute(`SELECT a.id, a.user_id FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.username LIKE 'bench-submit-%' ORDER BY a.id`)).rows.map((r) => ({
  path: `/api/v1/attempts/${r.id}/submit`,
  cookie: sessions.get(Number(r.user_id))!,
}));
direct.close();
console.error(`  ${saves.length} answers to save, ${submits.length} fresh attempts to submit`);

interface Target {
  name: string;
  connections: number;
  goal?: number;
  opts: () => autocannon.Options;
}
let nextSave = 0;
let nextSubmit = 0;
const get = (path: string, cookie?: string) => () => ({ url: base + path, headers: cookie ? { cookie } : {} });
const targets: Target[] = [
  { name: 'GET /login', connections: 50, opts: get('/login') },
  { name: 'GET /learn (signed in)', connections: 50, goal: 0.7, opts: get('/learn', learners[0]) },
  { name: 'GET lesson (signed in)', connections: 50, goal: 0.8, opts: get(lessonPath, learners[1]) },
  // Not the app: the floor sending the lesson page's bytes, i.e. what the page's size alone costs.
  { name: "floor, lesson's bytes", connections: 50, opts: () => ({ url: `${floor.base}/body` }) },
  {
    name: 'PUT answer',
    connections: 64,
    goal: 0.6,
    opts: () => ({
      url: base,
      requests: [{ setupRequest: (req) => { const t = saves[nextSave++ % saves.length]; return { ...req, method: 'PUT', path: t.path, body: t.body, headers: { cookie: t.cookie, 'content-type': 'application/json', origin: base } }; } }],
    }),
  },
  {
    name: 'POST submit',
    connections: 64,
    opts: () => ({
      url: base,
      requests: [{ setupRequest: (req) => { const t = submits[Math.min(nextSubmit++, submits.length - 1)]; return { ...req, method: 'POST', path: t.path, headers: { cookie: t.cookie, origin: base } }; } }],
    }),
  },
];

// BENCH_ONLY=lesson (any part of a target's name, case-insensitive) measures just the matching targets.
const only = process.env.BENCH_ONLY?.toLowerCase();
if (only) targets.splice(0, targets.length, ...targets.filter((t) => t.name.toLowerCase().includes(only)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map<string, { floor: Measured[]; app: Measured[] }>(targets.map((t) => [t.name, { floor: [], app: [] }]));
const floorOpts = () => ({ url: `${floor.base}/` });
console.log(`cores: ${availableParallelism()}, node ${process.version}, ${process.env.BENCH_SECONDS ?? 5} s per run, ${rounds} rounds, floor and app alternating`);
// Warm-up, not recorded: the server imports each page's module on its first request and V8 compiles hot code.
for (const t of targets) await Promise.all([measure({ ...floorOpts(), connections: 8, duration: 2 }), measure({ ...t.opts(), connections: 8, duration: 2 })]);
for (let round = 0; round < rounds; round++) {
  for (const t of targets) {
    const r = results.get(t.name)!;
    const runFloor = async () => r.floor.push(await measure({ ...floorOpts(), connections: t.connections }));
    const runApp = async () => r.app.push(await measure({ ...t.opts(), connections: t.connections }));
    if (round % 2 === 0) {
      await runFloor();
      await runApp();
    } else {
      await runApp();
      await runFloor();
    }
    const [f, a] = [r.floor.at(-1)!, r.app.at(-1)!];
    console.error(`  round ${round + 1} ${t.name.padEnd(24)} floor ${Math.round(f.rps)}/s p99 ${f.p99} (all ${f.p99All}, settled ${f.settledAfter} ms)  app ${Math.round(a.rps)}/s p99 ${a.p99} (all ${a.p99All}, settled ${a.settledAfter} ms)  errors ${a.errors}`);
  }
}

const rows = targets.map((t) => {
  const r = results.get(t.name)!;
  const ratio = median(r.app.map((a, i) => a.rps / r.floor[i].rps));
  const floorP99 = median(r.floor.map((f) => f.p99));
  const p99 = median(r.app.map((a) => a.p99));
  const p99All = median(r.app.map((a) => a.p99All));
  const errors = r.app.reduce((s, a) => s + a.errors, 0);
  const ok = (t.goal === undefined || ratio >= t.goal) && p99 <= 3 * floorP99 && errors === 0;
  return { t, floorRps: median(r.floor.map((f) => f.rps)), rps: median(r.app.map((a) => a.rps)), ratio, p50: median(r.app.map((a) => a.p50)), p99, p99All, floorP99, errors, ok };
});
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\n${'target'.padEnd(26)}${pad('conns', 6)}${pad('floor/s', 9)}${pad('app/s', 8)}${pad('ratio', 7)}${pad('goal', 6)}${pad('p50', 6)}${pad('p99', 6)}${pad('floor p99', 10)}${pad('p99×', 6)}${pad('p99 all', 8)}${pad('errors', 7)}`);
for (const r of rows)
  console.log(
    `${r.t.name.padEnd(26)}${pad(r.t.connections, 6)}${pad(Math.round(r.floorRps), 9)}${pad(Math.round(r.rps), 8)}${pad(r.ratio.toFixed(2), 7)}${pad(r.t.goal?.toFixed(2) ?? '—', 6)}${pad(r.p50, 6)}${pad(r.p99, 6)}${pad(r.floorP99, 10)}${pad((r.p99 / r.floorP99).toFixed(1), 6)}${pad(r.p99All, 8)}${pad(r.errors, 7)}  ${r.ok ? 'ok' : 'MISSED'}`,
  );
console.log(`ratio: app req/s over floor req/s at the same concurrency (median of rounds); p50/p99 in ms once every connection had its first answer (see measure() in lib.ts); p99×: app p99 over floor p99 (goal ≤ 3); p99 all: autocannon's p99 over the whole run, connection start-up included`);
await Promise.all([app.stop(), floor.stop()]);
process.exit(0);
