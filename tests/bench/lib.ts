/**
 * What the benches share: building, a fresh database with the demo organisation, serving a build
 * through scripts/serve.mjs (the production entry), bench accounts and sessions made directly in
 * SQL, and one autocannon run reduced to requests/s and latency percentiles.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createClient, type Client } from '@libsql/client';
import { SERVER_NODE_ARGS, withHeapLimit } from '../../scripts/server-process.mjs';
import autocannon from 'autocannon';
import { hashPassword } from '../../src/lib/server/auth/password';

export const DEMO_PASSWORD = 'academy-demo';
export const FLOOR_DIST = 'tests/bench/floor/dist';
const tsx = ['node_modules/tsx/dist/cli.mjs'];

/**
 * Builds the app and the floor before measuring (about 10 s): a build left over from older sources
 * once made a bench measure code that was no longer there. BENCH_BUILD=0 reuses existing builds.
 */
export function ensureBuilt(): void {
  const reuse = process.env.BENCH_BUILD === '0';
  const build = (args: string[]) => {
    const r = spawnSync('npx', ['astro', 'build', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`astro build ${args.join(' ')} failed`);
  };
  if (!reuse || !existsSync('dist/server/entry.mjs')) build([]);
  if (!reuse || !existsSync(`${FLOOR_DIST}/server/entry.mjs`)) build(['--root', 'tests/bench/floor']);
}

export interface BenchDb {
  file: string;
  url: string;
  /** Deletes the file and its WAL. */
  remove(): void;
}

/** A fresh SQLite file with migrations applied and the demo organisation seeded. */
export function freshDatabase(name: string): BenchDb {
  const file = path.join(tmpdir(), `academy-bench-${name}-${Date.now()}.db`);
  const url = `file:${file}`;
  const r = spawnSync(process.execPath, [...tsx, 'db/prepare.ts'], { env: { ...process.env, DATABASE_URL: url, ACADEMY_DEMO: '1', ACADEMY_DEMO_PASSWORD: DEMO_PASSWORD }, stdio: 'ignore' });
  if (r.status !== 0) throw new Error('db/prepare.ts failed');
  return { file, url, remove: () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true })) };
}

export interface Served {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((c) => c.kill('SIGKILL')));

/**
 * Serves a build (`dist` or the floor's) with scripts/serve.mjs on the given port and waits until it
 * answers. One worker and no compression unless `env` says otherwise; BENCH_NODE_ARGS (e.g.
 * `--cpu-prof`) is passed to the server's node.
 */
export async function serve(dist: string, port: number, dbUrl: string, env: Record<string, string> = {}): Promise<Served> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, 'scripts/serve.mjs', dist], {
    env: withHeapLimit({ ...process.env, PORT: String(port), HOST: 'localhost', DATABASE_URL: dbUrl, ACADEMY_SECURE_COOKIES: '0', ACADEMY_WORKERS: '1', ACADEMY_COMPRESS: '0', ...env }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.add(child);
  child.on('exit', (code, signal) => running.has(child) && console.error(`server ${dist} on ${port} ended: ${signal ?? code}`));
  const base = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/`, { redirect: 'manual' })).status < 500) break;
    } catch {}
    if (i > 300 || child.exitCode !== null) throw new Error(`server for ${dist} on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    stop: () =>
      new Promise((resolve) => {
        running.delete(child);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Signs in through the JSON API and returns the `name=value` session cookie. */
export async function signIn(base: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password }) });
  const cookie = res.headers.get('set-cookie');
  if (!res.ok || !cookie) throw new Error(`sign-in failed for ${username}: ${res.status}`);
  return cookie.split(';')[0];
}

/** One JSON API call as a signed-in user; throws on a non-2xx answer. */
export async function api(base: string, cookie: string, method: string, url: string, body?: unknown) {
  const res = await fetch(base + url, { method, headers: { cookie, 'content-type': 'application/json', origin: base }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface Measured {
  rps: number;
  /** Latency percentiles (ms) once every connection has had its first answer; see `measure`. */
  p50: number;
  p99: number;
  /** autocannon's own p99 over the whole run, connection start-up included. */
  p99All: number;
  /** ms from the run's start until every connection had its first answer (the run's own whole length if some never did). */
  settledAfter: number;
  errors: number;
  /** Bytes per response (body and headers as autocannon counts them). */
  bytes: number;
}

/**
 * One autocannon run (BENCH_SECONDS, default 5 s) reduced to what the tables print.
 *
 * p50 and p99 count the answers after every connection has had its first one. A Node server that is
 * already busy takes new connections off its accept queue slowly: `ss` showed up to 28 of the 64 bench
 * connections waiting there, taken at about one per 140 ms, so some first requests waited up to 4 s
 * while every request the server did read was answered within 200 ms (logged in the server). A bare
 * `node:http` server spending 3 ms per request shows the same: accept queue up to 57, p99 2.4 s. That
 * is the start of a burst of new connections, not the route; `p99All` keeps it, and `settledAfter`
 * says how long it lasted. In production the TLS proxy keeps a few long-lived connections to the app.
 */
export async function measure(opts: autocannon.Options): Promise<Measured> {
  const duration = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = opts.connections ?? 10;
  const answered = new Set<unknown>();
  const after: number[] = [];
  const start = performance.now();
  let settledAt: number | undefined;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ duration, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    run.on('response', (client: unknown, _status: number, _bytes: number, ms: number) => {
      if (settledAt !== undefined) after.push(ms);
      else if (answered.add(client).size === connections) settledAt = performance.now() - start;
    });
  });
  after.sort((a, b) => a - b);
  const pct = (q: number, whole: number) => (after.length >= 100 ? Math.round(after[Math.floor(q * after.length)]) : whole);
  return {
    rps: r.requests.average,
    p50: pct(0.5, r.latency.p50),
    p99: pct(0.99, r.latency.p99),
    p99All: r.latency.p99,
    settledAfter: Math.round(settledAt ?? duration * 1000),
    errors: r.non2xx + r.errors + r.timeouts,
    bytes: r.throughput.total / Math.max(1, r.requests.total),
  };
}

/** The correct answer of every question, keyed by question id, and every quiz id (from quizzes:export). */
export function answerKey(): { answers: Map<string, unknown>; quizIds: string[] } {
  const out = spawnSync(process.execPath, [...tsx, 'scripts/export-quizzes.ts'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const exported: { id: string; quiz: string; answer: unknown }[] = JSON.parse(out.stdout);
  return { answers: new Map(exported.map((q) => [q.id, q.answer])), quizIds: [...new Set(exported.map((q) => q.quiz))] };
}

/** Opens the bench database directly (WAL, busy timeout) for setup and checks. */
export async function openDirect(url: string): Promise<Client> {
  const db = createClient({ url });
  await db.execute('PRAGMA busy_timeout = 10000');
  return db;
}

/**
 * Creates `n` learner accounts `<prefix>-<i>` in one statement, all with one argon2 hash of the demo
 * password (hashing 3,000 passwords would take minutes and measure nothing). Returns their ids in order.
 */
export async function createLearners(db: Client, prefix: string, n: number): Promise<number[]> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.execute({
    sql: `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
          INSERT INTO users (username, name, role, password_hash, created_at)
          SELECT ? || '-' || i, '考生' || i, 'learner', ?, ? FROM k`,
    args: [n, prefix, hash, Date.now()],
  });
  const rs = await db.execute({ sql: `SELECT id FROM users WHERE username LIKE ? || '-%' ORDER BY id`, args: [prefix] });
  return rs.rows.map((r) => Number(r.id));
}

/**
 * Starts a session for each user directly in SQL, the way createSession stores it (id, SHA-256 of the
 * secret), and returns each user's cookie, so a bench can act as thousands without signing in.
 */
export async function createSessions(db: Client, userIds: number[]): Promise<Map<number, string>> {
  const random = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
  const cookies = new Map<number, string>();
  const now = Date.now();
  const rows: string[] = [];
  const args: (string | number)[] = [];
  const flush = async () => {
    if (rows.length) await db.execute({ sql: `INSERT INTO sessions (id, secret_hash, user_id, created_at, last_used_at) VALUES ${rows.join(',')}`, args });
    rows.length = 0;
    args.length = 0;
  };
  for (const userId of userIds) {
    const id = random();
    const secret = random() + random();
    rows.push('(?, ?, ?, ?, ?)');
    args.push(id, encodeHexLowerCase(sha256(new TextEncoder().encode(secret))), userId, now, now);
    cookies.set(userId, `academy_session=${id}.${secret}`);
    if (rows.length === 500) await flush();
  }
  await flush();
  return cookies;
}

/**
 * CPU seconds (user + system) used so far by a process and its children (a cluster primary and its
 * workers), from /proc: what a surge cost the server, beside what it cost the load generator.
 */
export function processTreeCpuSeconds(pid: number): number {
  const ticks = 100; // USER_HZ on Linux
  const read = (p: number): number => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      const own = Number(fields[11]) + Number(fields[12]);
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
      return own / ticks + children.reduce((sum, c) => sum + read(c), 0);
    } catch {
      return 0;
    }
  };
  return read(pid);
}
