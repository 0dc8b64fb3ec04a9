/**
 * Two configurations of the app side by side on one database, alternating per round like the floor
 * table (BENCH_ROUNDS, default 3):
 * - `npm run bench -- workers`: ACADEMY_WORKERS=1 against ACADEMY_WORKERS=BENCH_WORKERS (default 2);
 * - `npm run bench -- compress`: ACADEMY_COMPRESS=0 against on-the-fly brotli, the client sending
 *   `Accept-Encoding: br, gzip` to both; prints req/s, p99 and bytes per response.
 */
import { ensureBuilt, freshDatabase, measure, serve, signIn, type Measured } from './lib';

const mode = process.argv[2] === 'compress' ? 'compress' : 'workers';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const n = process.env.BENCH_WORKERS ?? '2';
const lessonPath = process.env.BENCH_LESSON ?? '/learn/communication/01-service-character';

ensureBuilt();
const db = freshDatabase(mode);
process.on('exit', () => db.remove());
const [labelA, labelB] = mode === 'workers' ? ['1 worker', `${n} workers`] : ['uncompressed', 'brotli'];
const a = await serve('dist', 4465, db.url, mode === 'workers' ? { ACADEMY_WORKERS: '1' } : { ACADEMY_COMPRESS: '0' });
const b = await serve('dist', 4466, db.url, mode === 'workers' ? { ACADEMY_WORKERS: n } : { ACADEMY_COMPRESS: '1' });
const cookie = await signIn(a.base, 'learner1');
const encoding = mode === 'compress' ? { 'accept-encoding': 'br, gzip' } : {};

const targets = [
  { name: 'GET /login', path: '/login', headers: { ...encoding } },
  { name: 'GET /learn (signed in)', path: '/learn', headers: { cookie, ...encoding } },
  { name: 'GET lesson (signed in)', path: lessonPath, headers: { cookie, ...encoding } },
];
const results = targets.map(() => ({ a: [] as Measured[], b: [] as Measured[] }));
console.log(`${mode}: ${labelA} against ${labelB}, 50 connections, ${process.env.BENCH_SECONDS ?? 5} s per run, ${rounds} rounds alternating`);
for (let round = 0; round < rounds; round++)
  for (const [i, t] of targets.entries()) {
    const runA = async () => results[i].a.push(await measure({ url: a.base + t.path, headers: t.headers, connections: 50 }));
    const runB = async () => results[i].b.push(await measure({ url: b.base + t.path, headers: t.headers, connections: 50 }));
    if (round % 2 === 0) await runA().then(runB);
    else await runB().then(runA);
  }

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`\n${'target'.padEnd(26)}${pad(labelA + '/s', 16)}${pad('p99', 6)}${pad('bytes', 7)}${pad(labelB + '/s', 16)}${pad('p99', 6)}${pad('bytes', 7)}${pad('ratio', 7)}${pad('errors', 7)}`);
for (const [i, t] of targets.entries()) {
  const { a: ra, b: rb } = results[i];
  const ratio = median(rb.map((x, k) => x.rps / ra[k].rps));
  const errors = [...ra, ...rb].reduce((s, x) => s + x.errors, 0);
  console.log(
    `${t.name.padEnd(26)}${pad(Math.round(median(ra.map((x) => x.rps))), 16)}${pad(median(ra.map((x) => x.p99)), 6)}${pad(Math.round(median(ra.map((x) => x.bytes))), 7)}${pad(Math.round(median(rb.map((x) => x.rps))), 16)}${pad(median(rb.map((x) => x.p99)), 6)}${pad(Math.round(median(rb.map((x) => x.bytes))), 7)}${pad(ratio.toFixed(2), 7)}${pad(errors, 7)}`,
  );
}
console.log(`ratio: ${labelB} req/s over ${labelA} req/s (median of rounds); bytes: per response, headers included`);
await Promise.all([a.stop(), b.stop()]);
process.exit(0);
